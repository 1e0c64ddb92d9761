"""Comparing data releases: ``diff``, a figure's ``history``, and checking declared changes.

Examples:
    >>> d = diff("1.0.0", "1.0.0")
    >>> d.added, d.removed, d.changed, d.renamed
    ((), (), (), ())
"""

from os import PathLike
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

from ._loader import available_versions, version_key
from .api import load_release, release
from .errors import FigureNotFoundError
from .models import Figure, Release, is_version

__all__ = [
    "FieldChange",
    "FigureChange",
    "HistoryEntry",
    "ReleaseDiff",
    "ReleaseLike",
    "as_release",
    "check_changes",
    "diff",
    "field_changes",
    "history",
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


class ReleaseDiff(NamedTuple):
    """What changed between two releases, with the reasons the new release records."""

    old_version: str
    new_version: str
    added: Tuple[Figure, ...]
    removed: Tuple[Figure, ...]
    renamed: Tuple[Tuple[str, str], ...]
    changed: Tuple[FigureChange, ...]
    reasons: Mapping[str, str]

    @property
    def empty(self) -> bool:
        """Whether the two releases hold the same figures."""
        return not (self.added or self.removed or self.renamed or self.changed)


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


def _flatten(value: Any, prefix: str, out: Dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in cast(Dict[str, Any], value).items():
            _flatten(item, f"{prefix}.{key}" if prefix else key, out)
    else:
        out[prefix] = value


def _fields(figure: Figure) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    _flatten(figure.model_dump(mode="json", exclude={"release", "id"}), "", out)
    return out


def field_changes(old: Figure, new: Figure) -> Tuple[FieldChange, ...]:
    """Fields (dotted, JSON form) whose values differ between two figures; the id and the
    release are not compared.
    """
    a, b = _fields(old), _fields(new)
    return tuple(
        FieldChange(name, a.get(name), b.get(name))
        for name in sorted(set(a) | set(b))
        if a.get(name) != b.get(name)
    )


def diff(old: ReleaseLike, new: ReleaseLike) -> ReleaseDiff:
    """The differences between two releases: added, removed, renamed and changed figures.

    A renamed figure (its old id an alias in the new release) appears in ``renamed`` rather
    than as removed and added, and in ``changed`` too if more than its id changed. Unchanged
    figures never appear.
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
    reasons = {c.id: f"{c.kind}: {c.reason}" for c in b.changes}
    for r in b.retractions:
        reasons.setdefault(r.id, f"retracted in {r.since}: {r.reason}")
    return ReleaseDiff(a.version, b.version, added, removed, renamed, tuple(changed), reasons)


def required_bump(d: ReleaseDiff, new: Release) -> str:
    """The SemVer level the differences call for: ``major`` (a removed or renamed id, or a
    changed meaning), ``minor`` (added figures), ``patch`` (corrected values) or ``none``.
    """
    redefined = any(c.kind == "redefined" for c in new.changes)
    if d.removed or d.renamed or redefined:
        return "major"
    if d.added:
        return "minor"
    return "patch" if d.changed else "none"


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
    warnings: List[str] = []
    need, got = required_bump(d, b), _bump(a.version, b.version)
    order = ["none", "patch", "minor", "major"]
    if order.index(got) < order.index(need):
        warnings.append(
            f"{where}: version: {a.version} -> {b.version} is a {got} bump, but the changes call "
            f"for a {need} release (docs/releases.md)"
        )
    return problems, warnings


def history(
    figure_id: str, *, releases: Optional[Sequence[ReleaseLike]] = None
) -> Tuple[HistoryEntry, ...]:
    """A figure across releases (default: every available one, oldest first), following
    renames, with what changed in each.
    """
    chain = [as_release(r) for r in (available_versions() if releases is None else releases)]
    entries: List[HistoryEntry] = []
    current = figure_id
    previous: Optional[Figure] = None
    for rel in chain:
        by_id = rel.figures_by_id
        reasons = {c.id: c.reason for c in rel.changes}
        figure = by_id.get(current)
        status = ""
        if figure is None:
            alias = next((a for a in rel.aliases if a.old_id == current), None)
            if alias is not None and alias.new_id in by_id:
                current, figure, status = alias.new_id, by_id[alias.new_id], "renamed"
        if figure is None:
            retraction = next((r for r in rel.retractions if r.id == current), None)
            if retraction is not None:
                entries.append(HistoryEntry(rel.version, "retracted", None, (), retraction.reason))
            else:
                entries.append(HistoryEntry(rel.version, "absent", None, (), ""))
            previous = None
            continue
        fields = () if previous is None else field_changes(previous, figure)
        if not status:
            status = "added" if previous is None else ("changed" if fields else "unchanged")
        entries.append(HistoryEntry(rel.version, status, figure, fields, reasons.get(current, "")))
        previous = figure
    if all(e.status == "absent" for e in entries):
        raise FigureNotFoundError(figure_id, ", ".join(r.version for r in chain))
    return tuple(entries)
