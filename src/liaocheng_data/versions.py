"""Comparing data releases: ``diff``, a figure's ``history``, and checking declared changes.

Examples:
    >>> d = diff("1.0.0", "1.0.0")
    >>> d.added, d.removed, d.changed, d.renamed
    ((), (), (), ())
"""

import re
from os import PathLike
from types import MappingProxyType
from typing import (
    Any,
    Dict,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Set,
    Tuple,
    Union,
    cast,
)

from pydantic import BaseModel

from ._loader import loadable_releases, version_key
from .api import load_release, release
from .errors import FigureNotFoundError
from .models import METADATA_CHANGE_FIELDS, Exclusion, Figure, Release, is_version

__all__ = [
    "METADATA_FIELDS",
    "TABLES",
    "UNDECLARED_TABLES",
    "FieldChange",
    "FigureChange",
    "HistoryEntry",
    "RecordChange",
    "ReleaseDiff",
    "ReleaseLike",
    "as_release",
    "check_changes",
    "diff",
    "field_changes",
    "history",
    "implied_record_changes",
    "lineage",
    "record_changes",
    "required_bump",
]

#: A release: a version (shipped or contributed), a release directory, or a loaded Release.
ReleaseLike = Union[str, "PathLike[str]", Release]


class FieldChange(NamedTuple):
    """One field of a figure that differs: its dotted name, old and new value (JSON form)."""

    field: str
    old: Any
    new: Any


class FigureChange(NamedTuple):
    """A figure present in both releases (under ``id`` in the new one) whose fields differ."""

    id: str
    old: Figure
    new: Figure
    fields: Tuple[FieldChange, ...]


#: The tables of a release that :func:`diff` compares beside the figures: (the name one
#: record is called by, the :class:`~liaocheng_data.models.Release` attribute, its key field).
#: A table a release's data format does not have compares as empty.
TABLES: Tuple[Tuple[str, str, str], ...] = (
    ("event", "events", "id"),
    ("source", "sources", "id"),
    ("place", "places", "id"),
    ("organisation", "organisations", "id"),
    ("unit", "units", "code"),
    ("measure", "measures", "id"),
    ("topic", "topics", "id"),
    ("exclusion", "exclusions", ""),
)

#: Release-level fields compared as the one ``metadata`` record (the rest are the version's
#: own bookkeeping: version, date, previous_version, changes, aliases, retractions).
METADATA_FIELDS = ("format_version", "title", "description", "translation_statement", "licenses")


class RecordChange(NamedTuple):
    """A record of a table other than the figures (``table`` is ``event``, ``source``,
    ``place``, ``organisation``, ``unit``, ``measure``, ``topic``, ``exclusion`` or
    ``metadata``) that was ``added``, ``removed`` or ``changed``: its key, the record in each
    release (None where it is absent) and, when changed, the fields that differ.
    """

    table: str
    key: str
    status: str
    old: Optional[BaseModel]
    new: Optional[BaseModel]
    fields: Tuple[FieldChange, ...]


def _release_fields(record: RecordChange) -> List[str]:
    """The release-level fields a ``metadata`` record change touches, in order, once each
    (``licenses`` for ``licenses[0].title``)."""
    return list(dict.fromkeys(re.split(r"[.\[]", f.field)[0] for f in record.fields))


class ReleaseDiff(NamedTuple):
    """What changed between two releases, with the reasons the new release records.

    ``added``, ``removed``, ``renamed`` and ``changed`` are about figures; ``records`` holds
    the changes of every other table (events, sources, places, organisations, units,
    measures, topics, exclusions, and the release's own metadata), in that order.
    """

    old_version: str
    new_version: str
    added: Tuple[Figure, ...]
    removed: Tuple[Figure, ...]
    renamed: Tuple[Tuple[str, str], ...]
    changed: Tuple[FigureChange, ...]
    reasons: Mapping[str, str]
    records: Tuple[RecordChange, ...] = ()
    #: The reasons the new release declares for records of the other tables (data format 4),
    #: by (table, key); a ``metadata`` reason is keyed by the field it names (``title``...).
    record_reasons: Mapping[Tuple[str, str], str] = MappingProxyType({})
    #: Whether the new release declares the changes of tables other than the figures (data
    #: format 4); before that, ``records`` changes have no declared reason.
    declares_records: bool = False

    @property
    def empty(self) -> bool:
        """Whether the two releases hold the same figures and the same records."""
        return not (self.added or self.removed or self.renamed or self.changed or self.records)

    def reason_of(self, record: RecordChange) -> str:
        """The reason the new release gives for a record's change ("" if it declares none):
        an exclusion's own reason; for a ``metadata`` change, the reason of each field it
        touches, named.

        Examples:
            >>> d = diff("1.0.0", "1.1.0")
            >>> d.reason_of(d.of("event", "added")[0])
            ''
        """
        if record.table == "exclusion":  # each exclusion carries its own reason
            return f"excluded: {record.new.reason}" if isinstance(record.new, Exclusion) else ""
        if record.table != "metadata":
            return self.record_reasons.get((record.table, record.key), "")
        names = _release_fields(record)
        found = [(n, self.record_reasons.get(("metadata", n), "")) for n in names]
        return "; ".join(f"{n}: {r}" for n, r in found if r)

    def of(self, table: str, status: Optional[str] = None) -> Tuple[RecordChange, ...]:
        """The record changes of one table (``event``, ``place``...), optionally of one status.

        Examples:
            >>> diff("1.0.0", "1.0.0").of("event", "added")
            ()
        """
        return tuple(
            r for r in self.records if r.table == table and (status is None or r.status == status)
        )


class HistoryEntry(NamedTuple):
    """A figure in one release: ``status`` is ``added``, ``unchanged``, ``changed``,
    ``renamed``, ``retracted`` or ``absent``.
    """

    version: str
    status: str
    figure: Optional[Figure]
    fields: Tuple[FieldChange, ...]
    reason: str


def as_release(ref: ReleaseLike) -> Release:
    """A Release from a version, a directory or a Release."""
    if isinstance(ref, Release):
        return ref
    if isinstance(ref, str) and is_version(ref):
        return release(ref)
    return load_release(ref)


def _all_objects(items: List[Any]) -> bool:
    return bool(items) and all(isinstance(item, dict) for item in items)


def _flatten(value: Any, prefix: str, out: Dict[str, Any]) -> None:
    """Dotted names for nested objects, and ``name[i]`` for the items of a list of objects (a
    source's authors, the licences), so that a diff names the one field that changed."""
    if isinstance(value, dict):
        for key, item in cast(Dict[str, Any], value).items():
            _flatten(item, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list) and _all_objects(value):  # pyright: ignore[reportUnknownArgumentType]
        items: List[Any] = value  # pyright: ignore[reportUnknownVariableType]
        for i, item in enumerate(items):
            _flatten(item, f"{prefix}[{i}]", out)
    else:
        out[prefix] = value


def _fields(record: BaseModel) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    _flatten(record.model_dump(mode="json", exclude={"release", "id"}), "", out)
    return out


def _record_changes(old: BaseModel, new: BaseModel) -> Tuple[FieldChange, ...]:
    a, b = _fields(old), _fields(new)
    return tuple(
        FieldChange(name, a.get(name), b.get(name))
        for name in sorted(set(a) | set(b))
        if a.get(name) != b.get(name)
    )


def _key(record: BaseModel, field: str) -> str:
    if field:
        return str(getattr(record, field))
    dumped = record.model_dump(mode="json")  # no key field: the record's identifying values
    return " | ".join(str(dumped.get(name)) for name in ("source_id", "numeral", "quote"))


def _table(rel: Release, attribute: str, field: str) -> Dict[str, BaseModel]:
    records: Sequence[BaseModel] = getattr(rel, attribute, ())
    return {_key(r, field): r for r in records}


def _metadata(rel: Release) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    _flatten(rel.model_dump(mode="json", include=set(METADATA_FIELDS)), "", out)
    return out


def record_changes(a: Release, b: Release) -> Tuple[RecordChange, ...]:
    """The changes of every table but the figures between releases ``a`` and ``b`` (see
    :class:`RecordChange`): records in the old order, then the added ones in the new order.
    """
    out: List[RecordChange] = []
    for name, attribute, field in TABLES:
        before, after = _table(a, attribute, field), _table(b, attribute, field)
        for key, old in before.items():
            new = after.get(key)
            if new is None:
                out.append(RecordChange(name, key, "removed", old, None, ()))
            else:
                fields = _record_changes(old, new)
                if fields:
                    out.append(RecordChange(name, key, "changed", old, new, fields))
        out += [
            RecordChange(name, key, "added", None, new, ())
            for key, new in after.items()
            if key not in before
        ]
    old_meta, new_meta = _metadata(a), _metadata(b)
    fields = tuple(
        FieldChange(name, old_meta.get(name), new_meta.get(name))
        for name in sorted(set(old_meta) | set(new_meta))
        if old_meta.get(name) != new_meta.get(name)
    )
    if fields:  # old and new are then the two releases
        out.append(RecordChange("metadata", "release.json", "changed", a, b, fields))
    return tuple(out)


def field_changes(old: Figure, new: Figure) -> Tuple[FieldChange, ...]:
    """Fields (dotted, JSON form) whose values differ between two figures; the id and the
    release are not compared.
    """
    return _record_changes(old, new)


def diff(old: ReleaseLike, new: ReleaseLike) -> ReleaseDiff:
    """The differences between two releases: added, removed, renamed and changed figures,
    and (in ``records``) the added, removed and changed records of every other table.

    A renamed figure (its old id an alias in the new release) appears in ``renamed`` rather
    than as removed and added, and in ``changed`` too if more than its id changed. Unchanged
    figures and records never appear.
    """
    a, b = as_release(old), as_release(new)
    before, after = a.figures_by_id, b.figures_by_id
    renamed = tuple(
        (alias.old_id, alias.new_id)
        for alias in b.aliases
        if alias.old_id in before and alias.new_id in after and alias.new_id not in before
    )
    renamed_old = {o for o, _ in renamed}
    renamed_new = {n for _, n in renamed}
    added = tuple(f for f in b.figures if f.id not in before and f.id not in renamed_new)
    removed = tuple(f for f in a.figures if f.id not in after and f.id not in renamed_old)
    pairs = [(before[i], after[i]) for i in after if i in before]
    pairs += [(before[o], after[n]) for o, n in renamed]
    changed: List[FigureChange] = []
    for x, y in pairs:
        fields = field_changes(x, y)
        if fields:
            changed.append(FigureChange(y.id, x, y, fields))
    reasons = {c.id: f"{c.kind}: {c.reason}" for c in b.changes if c.table == "figure"}
    for r in b.retractions:
        reasons.setdefault(r.id, f"retracted in {r.since}: {r.reason}")
    record_reasons: Dict[Tuple[str, str], str] = {
        (c.table, c.id): f"{c.kind}: {c.reason}" for c in b.changes if c.table != "figure"
    }
    return ReleaseDiff(
        a.version, b.version, added, removed, renamed, tuple(changed), reasons,
        record_changes(a, b), MappingProxyType(record_reasons), b.format_version >= 4,
    )  # fmt: skip


#: Tables whose differences a release never declares: each exclusion carries its own reason.
UNDECLARED_TABLES = frozenset({"exclusion"})


def implied_record_changes(d: ReleaseDiff) -> List[Tuple[str, str, str]]:
    """The (table, kind, key) of each change of a record other than a figure that a release in
    data format 4 declares: ``added``, ``retracted`` (removed) or ``corrected`` (changed; a
    declared ``redefined`` answers it too), and for the release's metadata one ``corrected``
    per field of :data:`~liaocheng_data.models.METADATA_CHANGE_FIELDS` that changed (its
    ``format_version``, like its version and date, is bookkeeping). Exclusions carry their
    own reasons and are never declared.

    Examples:
        >>> implied_record_changes(diff("1.0.0", "1.1.0"))[2]
        ('event', 'added', 'provincial-characteristic-industry-clusters-2024')
    """
    kinds = {"added": "added", "removed": "retracted", "changed": "corrected"}
    out: List[Tuple[str, str, str]] = []
    for r in d.records:
        if r.table in UNDECLARED_TABLES:
            continue
        if r.table == "metadata":
            names = _release_fields(r)
            out += [("metadata", "corrected", n) for n in names if n in METADATA_CHANGE_FIELDS]
        else:
            out.append((r.table, kinds[r.status], r.key))
    return out


def required_bump(d: ReleaseDiff, new: Release) -> str:
    """The SemVer level the differences call for: ``major`` (a removed or renamed id, a
    removed record of another table, such as an event, a unit or a topic that code may name,
    or a changed meaning), ``minor`` (added figures or records), ``patch`` (corrected values,
    any other difference) or ``none``.
    """
    redefined = any(c.kind == "redefined" for c in new.changes)
    records = [r for r in d.records if r.table not in UNDECLARED_TABLES]
    if d.removed or d.renamed or redefined or any(r.status == "removed" for r in records):
        return "major"
    if d.added or any(r.status == "added" for r in records):
        return "minor"
    return "patch" if d.changed or d.records else "none"


def _bump(old: str, new: str) -> str:
    o, n = version_key(old), version_key(new)
    if n[0] > o[0]:
        return "major"
    if n[:2] > o[:2]:
        return "minor"
    return "patch" if n > o else "none"


def check_changes(previous: ReleaseLike, current: ReleaseLike) -> Tuple[List[str], List[str]]:
    """Compare the changes ``current`` declares with its real differences from ``previous``.

    Returns (problems, warnings): a problem is a difference not declared, or declared but not
    there; a warning is a version bump smaller than SemVer asks for.
    """
    a, b = as_release(previous), as_release(current)
    d = diff(a, b)
    where = f"data release {b.version}: release.json"
    problems: List[str] = []
    declared: Dict[str, Set[str]] = {}
    for c in b.changes:
        if c.table == "figure":
            declared.setdefault(c.kind, set()).add(c.id)
    if b.previous_version != a.version:
        problems.append(f"{where}: previous_version: is {b.previous_version!r}, compared with "
                        f"{a.version}")  # fmt: skip

    def expect(kind: str, found: Sequence[str], allowed: Sequence[str] = ()) -> None:
        wanted = set(found)
        have = declared.get(kind, set())
        for i in sorted(wanted - have - set(allowed)):
            problems.append(f"{where}: changes: figure {i!r} is {kind} but not declared so")
        for i in sorted(have - wanted):
            problems.append(f"{where}: changes: figure {i!r} is declared {kind} but is not")

    expect("added", [f.id for f in d.added])
    expect("retracted", [f.id for f in d.removed])
    expect("renamed", [n for _, n in d.renamed])
    changed = [c.id for c in d.changed if c.id not in {n for _, n in d.renamed}]
    corrected = declared.get("corrected", set()) | declared.get("redefined", set())
    for i in sorted(set(changed) - corrected):
        problems.append(f"{where}: changes: figure {i!r} changed but is not declared corrected "
                        "or redefined")  # fmt: skip
    for i in sorted(corrected - set(changed)):
        problems.append(f"{where}: changes: figure {i!r} is declared corrected or redefined "
                        "but did not change")  # fmt: skip
    if b.format_version >= 4:
        problems += _record_declaration_problems(d, b, where)
    warnings: List[str] = []
    need, got = required_bump(d, b), _bump(a.version, b.version)
    order = ["none", "patch", "minor", "major"]
    if order.index(got) < order.index(need):
        warnings.append(
            f"{where}: version: {a.version} -> {b.version} is a {got} bump, but the changes call "
            f"for a {need} release (docs/releases.md)"
        )
    return problems, warnings


def _record_declaration_problems(d: ReleaseDiff, b: Release, where: str) -> List[str]:
    """Each record change of a format 4 release declared, and each declared one real."""
    wanted = set(implied_record_changes(d))
    have = {
        (c.table, "corrected" if c.kind == "redefined" else c.kind, c.id)
        for c in b.changes
        if c.table != "figure"
    }
    problems = [
        f"{where}: changes: {table} {key!r} is {kind} but not declared so"
        for table, kind, key in sorted(wanted - have)
    ]
    problems += [
        f"{where}: changes: {table} {key!r} is declared {kind} but is not"
        for table, kind, key in sorted(have - wanted)
    ]
    return problems


def lineage(figure_id: str, chain: Sequence[Release]) -> Set[str]:
    """Every id the figure has had or will have in ``chain``: its renames followed both ways
    (an alias links an old id and a new one).
    """
    links: Dict[str, Set[str]] = {}
    for rel in chain:
        for alias in rel.aliases:
            links.setdefault(alias.old_id, set()).add(alias.new_id)
            links.setdefault(alias.new_id, set()).add(alias.old_id)
    found = {figure_id}
    pending = [figure_id]
    while pending:
        for other in links.get(pending.pop(), ()):
            if other not in found:
                found.add(other)
                pending.append(other)
    return found


def history(
    figure_id: str, *, releases: Optional[Sequence[ReleaseLike]] = None
) -> Tuple[HistoryEntry, ...]:
    """A figure across releases (default: every available one that loads, oldest first),
    following renames both ways: an old id or a new one gives the same, whole lineage.

    A contributed release that does not load is skipped with a warning (see
    :func:`~liaocheng_data.releases`), so it never breaks the history of a figure.
    """
    chain = list(loadable_releases()) if releases is None else [as_release(r) for r in releases]
    ids = lineage(figure_id, chain)
    entries: List[HistoryEntry] = []
    previous: Optional[Figure] = None
    for rel in chain:
        by_id = rel.figures_by_id
        figure = next((by_id[i] for i in sorted(ids) if i in by_id), None)
        if figure is None:
            retraction = next((r for r in rel.retractions if r.id in ids), None)
            if retraction is not None:
                entries.append(HistoryEntry(rel.version, "retracted", None, (), retraction.reason))
            else:
                entries.append(HistoryEntry(rel.version, "absent", None, (), ""))
            previous = None
            continue
        fields = () if previous is None else field_changes(previous, figure)
        if previous is None:
            status = "added"
        elif previous.id != figure.id:
            status = "renamed"
        else:
            status = "changed" if fields else "unchanged"
        reasons = {c.id: c.reason for c in rel.changes if c.table == "figure"}
        entries.append(
            HistoryEntry(rel.version, status, figure, fields, reasons.get(figure.id, ""))
        )
        previous = figure
    if all(e.status == "absent" for e in entries):
        raise FigureNotFoundError(figure_id, ", ".join(r.version for r in chain))
    return tuple(entries)
