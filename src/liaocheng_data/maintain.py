"""The maintainer's commands: start a data release directory and fill in what a person would
otherwise type twice.

These are the functions behind ``liaocheng-data release init|add-source|locate|changes|
exclusions|rename`` (see ``docs/cli.md``). They work on the release's JSON files as written,
before (and without needing) validation, edit them in the canonical layout (UTF-8, two-space
indents, one trailing newline), and return one line per thing they changed; a file whose
content would not change is not rewritten, so each is safe to rerun. What only a person can
know (a reason, a bibliographic fact) is written as a placeholder starting with :data:`TODO`,
which :func:`todo_problems` (and so ``liaocheng-data validate``) refuses.

- :func:`init_release`: a new release directory from an available release or a directory,
  in the newest data format, with ``version``, ``previous_version`` and ``date`` set and no
  ``changes`` (aliases and retractions carry over).
- :func:`add_source`: a source's normalized text in ``sources/ID.txt`` and its record (sha256,
  normalizer) in ``release.json``.
- :func:`locate_quotes`: the offsets of every figure's and event's quote.
- :func:`record_changes`: the ``changes`` entries and retractions the difference with the
  previous release implies (never a rename: :func:`rename_figure` writes those).
- :func:`rename_figure`: a new id for a figure, with its alias and its ``renamed`` change.
- :func:`record_exclusions`: an exclusion for each numeral of the sources that no figure or
  event captures (data format 3), each reason a placeholder.

Errors are :class:`ReleaseEditError` (one line) or, when a command finds several problems,
:class:`~liaocheng_data.errors.ValidationError` (one problem each).
"""

import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple, Union, cast

import pydantic

from ._loader import (
    MAX_FILE_BYTES,
    _shown,  # pyright: ignore[reportPrivateUsage]
    available_versions,
    read_release_bytes,
    read_release_json,
    release_root,
    version_key,
)
from ._resources import Traversable, sha256
from .api import load_release, release
from .completeness import (
    MAX_PROPOSALS,
    ProposalError,
    covered_spans,
    excluded_spans,
    propose_exclusions,
    uncaptured_problems,
    uncaptured_report,
)
from .errors import LiaochengDataError, NormalizationError, ValidationError, clean_line
from .models import (
    DATA_FORMAT_VERSION,
    MAX_ID,
    Event,
    Figure,
    Release,
    Slug,
    Source,
    is_version,
)
from .sourcetext import NORMALIZERS
from .upgrade import upgrade_release_dict
from .versions import as_release, diff, implied_record_changes

__all__ = [
    "TODO",
    "ReleaseEditError",
    "add_source",
    "init_release",
    "is_directory_ref",
    "locate_quotes",
    "record_changes",
    "record_exclusions",
    "rename_figure",
    "todo_problems",
    "uncaptured_count",
    "uncaptured_numerals",
    "upgrade_records",
]

#: How every placeholder starts: a value only a person can supply. ``validate`` refuses it.
TODO = "TODO:"

_REASON = "TODO: why (one sentence a reader of `liaocheng-data diff` understands)"
_EXCLUSION_REASON = (
    "TODO: why this is not a figure (a name, an idiom, a date...), or add the figure"
)
_FILES = ("release.json", "figures.json", "events.json")
_SLUG_ADAPTER: "pydantic.TypeAdapter[str]" = pydantic.TypeAdapter(Slug)

PathLike = Union[str, "os.PathLike[str]"]


class ReleaseEditError(LiaochengDataError, ValueError):
    """A maintainer's command cannot do what was asked (the message says why, in one line)."""


# --- reading and writing a release's JSON as written ----------------------------------


def _one_line(exc: ValidationError) -> LiaochengDataError:
    """A refusal with one problem as a :class:`ReleaseEditError` (one line); else ``exc``."""
    return ReleaseEditError(exc.problems[0]) if exc.total == 1 else exc


def _read_json(path: Path, kind: Optional[str] = None) -> Any:
    """A release file (``path`` is the release directory / its name) read and parsed exactly
    as the loader does: a regular file inside the release (no symbolic link out of it, no
    FIFO or device), within the size limit, strict JSON nested at most
    :data:`~liaocheng_data._loader.MAX_DEPTH` levels."""
    try:
        return read_release_json(path.parent, path.name, kind)
    except ValidationError as exc:
        raise _one_line(exc) from None


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _check_target(root: Path, path: Path) -> None:
    """Refuse to write ``path`` unless it is (or will be) a regular file of its own inside
    the release ``root``: never through a symbolic link, nor into a linked directory that
    leads out of the release."""
    if path.is_symlink():
        raise ReleaseEditError(
            f"{path}: a symbolic link; the maintainer's commands write only regular files "
            "of the release, never through a link"
        )
    try:
        inside = path.parent.resolve().is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise ReleaseEditError(f"{path}: its directory is not inside the release {root}")
    if path.exists() and not path.is_file():
        raise ReleaseEditError(f"{path}: not a regular file")


def _write_json(path: Path, data: Any, root: Optional[Path] = None) -> bool:
    """Write ``data`` in the canonical layout; False (and nothing written) if unchanged.
    The target is checked first (see :func:`_check_target`; ``root`` defaults to the file's
    directory), and a file already there is compared through the loader's guarded reader."""
    root = path.parent if root is None else root
    _check_target(root, path)
    text = _dumps(data)
    if path.exists():
        relative = path.relative_to(root).as_posix()
        try:
            if read_release_bytes(root, relative) == text.encode("utf-8"):
                return False
        except ValidationError as exc:
            raise _one_line(exc) from None
    path.write_text(text, encoding="utf-8")
    return True


def _check_slug(value: str, what: str) -> None:
    """Refuse ``value`` as an id unless the model would take it (a kebab-case slug of at
    most :data:`~liaocheng_data.models.MAX_ID` characters)."""
    try:
        _SLUG_ADAPTER.validate_python(value)
    except pydantic.ValidationError:
        raise ReleaseEditError(
            f"{what}: {_shown(value)} is not a kebab-case slug (a-z, 0-9, single hyphens) "
            f"of at most {MAX_ID} characters"
        ) from None


def _records(data: Any, path: Path) -> List[Dict[str, Any]]:
    if not isinstance(data, list):
        raise ReleaseEditError(f"{path}: not a JSON array of records")
    if not all(isinstance(r, dict) for r in cast(List[object], data)):
        raise ReleaseEditError(f"{path}: not a JSON array of records")
    return cast(List[Dict[str, Any]], data)


def _meta(path: Path) -> Dict[str, Any]:
    data = _read_json(path)
    if not isinstance(data, dict):
        raise ReleaseEditError(f"{path}: not a JSON object")
    return cast(Dict[str, Any], data)


def _table(meta: Dict[str, Any], name: str, path: Path) -> List[Dict[str, Any]]:
    """``meta[name]`` as a list of records (created empty when absent)."""
    table = meta.setdefault(name, [])
    return _records(table, path)


def _is_todo(value: Any) -> bool:
    return isinstance(value, str) and TODO in value


# --- init ------------------------------------------------------------------------------


def upgrade_records(
    meta: Dict[str, Any], figures: List[Any], events: List[Any]
) -> Tuple[Dict[str, Any], List[Any], List[Any]]:
    """The files of a release rewritten in the newest data format
    (:data:`~liaocheng_data.models.DATA_FORMAT_VERSION`), data unchanged: see
    :func:`liaocheng_data.upgrade.upgrade_release_dict`.
    """
    try:
        return upgrade_release_dict(meta, figures, events)
    except ValueError as exc:
        raise ReleaseEditError(f"release.json: {exc}") from None


def is_directory_ref(ref: str) -> bool:
    """Whether a release reference is a directory rather than a version: it holds a path
    separator, which a version never does (``release init --from``, ``--release``)."""
    return "/" in ref or os.sep in ref or (os.altsep is not None and os.altsep in ref)


def _read_bytes(root: Traversable, relative: str) -> bytes:
    """A file of a release (on disk or shipped) read through the loader's guards."""
    try:
        return read_release_bytes(root, relative)
    except ValidationError as exc:
        raise _one_line(exc) from None


def _read_any(root: Traversable, name: str) -> Any:
    """A JSON file of a release on disk (see :func:`_read_json`) or shipped (verified)."""
    if isinstance(root, Path):
        return _read_json(Path(os.fspath(root)) / name)
    return json.loads(_read_bytes(root, name))


def _same_data(a: Release, b: Release) -> bool:
    def dump(rel: Release) -> Tuple[List[Any], List[Any]]:
        return (
            [f.model_dump(mode="json", exclude={"release"}) for f in rel.figures],
            [e.model_dump(mode="json", exclude={"release"}) for e in rel.events],
        )

    return dump(a) == dump(b)


def init_release(
    directory: PathLike, base: str, version: str, *, on: Optional[date] = None
) -> List[str]:
    """Start release ``version`` in ``directory`` (new or empty) from ``base``: an available
    release's version, or a release directory when ``base`` contains a path separator.

    The copy is in the newest data format, with ``version``, ``previous_version`` (``base``'s
    version, read from its ``release.json``) and ``date`` (``on``, default today) set and
    ``changes`` empty; aliases, retractions and every other table carry over. It must load to
    the same figures and events as ``base``, or nothing is left behind.
    """
    dest = Path(directory)
    if not is_version(version):
        raise ReleaseEditError(f"--version: {version!r} is not a MAJOR.MINOR.PATCH version")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ReleaseEditError(f"{dest}: not an empty directory; init never overwrites")
    if is_directory_ref(base):
        old = load_release(base)
        root = cast(Traversable, Path(base))
    else:
        if base not in available_versions():
            raise ReleaseEditError(
                f"--from: no data release {base!r}; available: {', '.join(available_versions())}"
                " (a directory needs a path separator, e.g. ./1.1.0)"
            )
        old, root = release(base), release_root(base)
    if version_key(version) <= version_key(old.version):
        raise ReleaseEditError(f"--version: {version} is not newer than {old.version}")
    meta, figures, events = (_read_any(root, name) for name in _FILES)
    meta, figures, events = upgrade_records(meta, figures, events)
    day = (on or date.today()).isoformat()
    meta.update(version=version, date=day, previous_version=old.version, changes=[])
    meta.setdefault("aliases", [])
    meta.setdefault("retractions", [])
    created = not dest.exists()
    dest.mkdir(parents=True, exist_ok=True)
    try:
        for name, data in zip(_FILES, (meta, figures, events)):
            _write_json(dest / name, data)
        for source in old.sources:
            target = dest / source.text
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_read_bytes(root, source.text))
        new = load_release(dest)
        if not _same_data(old, new):
            raise ReleaseEditError(f"{dest}: the copy does not load to the data of {base}")
    except BaseException:
        for child in list(dest.iterdir()):
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        if created:
            dest.rmdir()
        raise
    return [
        f"{dest}: data release {version} (data format {DATA_FORMAT_VERSION}) from "
        f"{old.version}: {len(new.figures)} figures, {len(new.events)} events, "
        f"{len(new.sources)} sources",
        f"{dest / 'release.json'}: version {version}, previous_version {old.version}, "
        f"date {day}, changes []",
    ]


# --- add-source ------------------------------------------------------------------------


def _source_template(source_id: str) -> Dict[str, Any]:
    """A new source record with every required field a placeholder, in the model's order."""
    return {
        "id": source_id,
        "title_zh": "TODO: the title as printed",
        "title_en": "TODO: the title in English",
        "title_en_is_translation": True,
        "publisher_zh": "TODO: the publisher's name as printed",
        "publisher_en": "TODO: the publisher's name in English",
        "publisher_place": "TODO: where the publisher is (city, province)",
        "date": "TODO: the publication date, YYYY-MM-DD",
        "placement": "TODO: where it appeared (page, section; or 'web')",
        "authors": [],
        "language": "TODO: a BCP 47 language tag such as zh-Hans",
        "copy_held": "TODO: which copy the project holds and how it was obtained",
        "copy_held_url": None,
        "original_url": None,
        "rights": "TODO: who holds the rights to the text",
        "text": f"sources/{source_id}.txt",
        "sha256": "",
    }


def _author(name_zh: str) -> Dict[str, Any]:
    return {
        "name_zh": name_zh,
        "name_en": "TODO: the name in English (pinyin, family name first)",
        "family_en": "TODO: the family name in English",
        "given_en": "TODO: the given name in English",
        "role": "TODO: e.g. reporter",
    }


def add_source(
    directory: PathLike,
    copy: PathLike,
    *,
    source_id: str,
    title: str,
    title_en: Optional[str] = None,
    authors: Sequence[str] = (),
    publisher: Optional[str] = None,
    published: Optional[date] = None,
    url: Optional[str] = None,
    normalizer: str = "plain",
) -> List[str]:
    """Put the normalized text of ``copy`` (a reader's copy of a source, UTF-8) in the release
    as ``sources/ID.txt`` and record the source in ``release.json`` with its sha256 and the
    normalizer used (``plain`` or ``repost``, see :data:`liaocheng_data.sourcetext.NORMALIZERS`).

    Given facts are written (``url`` is the address of the copy held); a required fact not
    given is a :data:`TODO` placeholder. Rerunning for the same id updates the text, its hash
    and the facts given, and keeps the rest. The copy itself is not put in the release.
    """
    root = Path(directory)
    meta_path = root / "release.json"
    meta = _meta(meta_path)
    _check_slug(source_id, "--id")
    if normalizer not in NORMALIZERS:
        raise ReleaseEditError(f"--normalizer: {normalizer!r} is not one of {sorted(NORMALIZERS)}")
    if Path(copy).exists() and not Path(copy).is_file():  # a FIFO would hang, a device fill memory
        raise ReleaseEditError(f"{copy}: not a regular file")
    try:
        with open(copy, "rb") as handle:  # never more than a release file may hold
            content = handle.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise ReleaseEditError(
                f"{copy}: larger than the {MAX_FILE_BYTES} bytes a release file may hold"
            )
        raw = content.decode("utf-8")
    except OSError as exc:
        raise ReleaseEditError(f"{copy}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ReleaseEditError(f"{copy}: not UTF-8 text") from None
    try:
        text = NORMALIZERS[normalizer](raw)
    except NormalizationError as exc:
        raise ReleaseEditError(f"{copy}: the {normalizer} normalizer refuses it: {exc}") from None
    data = text.encode("utf-8")
    changed: List[str] = []
    sources = _table(meta, "sources", meta_path)
    record = next((s for s in sources if s.get("id") == source_id), None)
    is_new = record is None
    if record is None:
        record = _source_template(source_id)
        sources.append(record)
        changed.append(f"{meta_path}: source {source_id!r} added")
    given: Dict[str, Any] = {"title_zh": title, "text": f"sources/{source_id}.txt",
                             "sha256": sha256(data)}  # fmt: skip
    if "normalizer" in Source.model_fields:  # data format 3 records how the text was made
        given["normalizer"] = normalizer
    if title_en is not None:
        given["title_en"] = title_en
    if publisher is not None:
        given["publisher_zh"] = publisher
    if published is not None:
        given["date"] = published.isoformat()
    if url is not None:
        given["copy_held_url"] = url
    if authors:
        old = {a.get("name_zh"): a for a in _records(record.get("authors", []), meta_path)}
        given["authors"] = [old.get(name, _author(name)) for name in authors]
    for key, value in given.items():
        if record.get(key) != value:
            if not is_new:
                changed.append(f"{meta_path}: source {source_id!r}: {key}: {value!r}")
            record[key] = value
    target = root / record["text"]
    _check_target(root, target)
    _check_target(root, meta_path)
    if not target.exists() or _read_bytes(root, record["text"]) != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(f"{target}: {len(text)} characters, sha256 {sha256(data)} ({normalizer})")
    _write_json(meta_path, meta)
    todo = [path for path, _ in _todo_paths(record, "")]  # the authors' fields included
    if todo:
        changed.append(f"{meta_path}: source {source_id!r}: fill in {', '.join(todo)}")
    return changed or [f"{meta_path}: source {source_id!r} is up to date"]


# --- locate ----------------------------------------------------------------------------


def _inside_release(path: str) -> bool:
    """Whether ``path`` (from release.json, not yet validated) stays inside the release."""
    parts = path.split("/")
    return not (path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts))


def _source_texts(root: Path, meta: Dict[str, Any]) -> Dict[str, str]:
    """Each source's normalized text, read as UTF-8; a text path that leaves the release, or
    a missing or undecodable file, is skipped (its quotes are reported as having no text)."""
    texts: Dict[str, str] = {}
    for source in _records(meta.get("sources", []), root / "release.json"):
        path = source.get("text")
        if not isinstance(path, str) or not _inside_release(path):
            continue
        try:
            texts[str(source.get("id"))] = read_release_bytes(root, path).decode("utf-8")
        except (ValidationError, UnicodeDecodeError):
            continue
    return texts


#: The most positions of an ambiguous quote a message lists (then "and more").
MAX_POSITIONS = 10


def _hits(text: str, quote: str, limit: int = MAX_POSITIONS + 1) -> List[int]:
    """The first ``limit`` offsets at which ``quote`` occurs in ``text``."""
    hits: List[int] = []
    i = text.find(quote) if quote else -1
    while i != -1 and len(hits) < limit:
        hits.append(i)
        i = text.find(quote, i + 1)
    return hits


def _locate_one(
    entry: Dict[str, Any], texts: Mapping[str, str], where: str, problems: List[str]
) -> Optional[str]:
    """Set the entry's offsets; return a line saying what changed, or None."""
    if isinstance(entry.get("provenance"), dict):  # events, and figures in data format 1
        holder = cast(Dict[str, Any], entry["provenance"])
        start_key, end_key, prefix = "start", "end", "provenance."
    else:  # figures in data formats 2 and 3: flat fields
        holder, start_key, end_key, prefix = entry, "quote_start", "quote_end", ""
    source_id, quote = holder.get("source_id"), holder.get("quote")
    if not isinstance(quote, str) or not quote:
        problems.append(f"{where}: {prefix}quote: missing")
        return None
    text = texts.get(str(source_id))
    if text is None:
        problems.append(f"{where}: {prefix}source_id: no text for source {source_id!r}")
        return None
    hits = _hits(text, quote)
    old = holder.get(start_key)
    if not hits:
        problems.append(f"{where}: {prefix}quote: {_shown(quote)} is not in source "
                        f"{source_id!r}")  # fmt: skip
        return None
    if type(old) is int and old >= 0 and text.startswith(quote, old):
        start = old
    elif len(hits) == 1:
        start = hits[0]
    else:
        shown = ", ".join(map(str, hits[:MAX_POSITIONS]))
        if len(hits) > MAX_POSITIONS:
            times, shown = f"more than {MAX_POSITIONS} times", f"{shown} and more"
        else:
            times = f"{len(hits)} times"
        problems.append(
            f"{where}: {prefix}quote: {_shown(quote)} occurs {times} in source "
            f"{source_id!r}, at {shown}: lengthen the quote or set "
            f"{prefix}{start_key} to one of them"
        )
        return None
    if (holder.get(start_key), holder.get(end_key)) == (start, start + len(quote)):
        return None
    before = "none" if start_key not in holder else f"{holder[start_key]}..{holder.get(end_key)}"
    if start_key in holder:
        holder[start_key], holder[end_key] = start, start + len(quote)
    else:  # written after the quote, where the other records have them
        items = list(holder.items())
        at = [k for k, _ in items].index("quote") + 1
        items[at:at] = [(start_key, start), (end_key, start + len(quote))]
        holder.clear()
        holder.update(items)
    return f"{where}: {prefix}{start_key}: {before} -> {start}..{start + len(quote)}"


def locate_quotes(directory: PathLike, *, write: bool = True) -> List[str]:
    """Fill in the offsets of every figure's and event's quote in its source's normalized
    text (code points, end exclusive), on the files as written.

    Offsets at which the quote stands are kept; stale or absent ones are set to the quote's
    one occurrence. A quote missing from its source, or occurring more than once with no
    offsets pointing at one occurrence, raises :class:`ValidationError` listing the positions
    to choose from; then nothing is written. Returns one line per offset changed (written
    only if ``write``).
    """
    root = Path(directory)
    meta = _meta(root / "release.json")
    texts = _source_texts(root, meta)
    problems: List[str] = []
    changed: List[str] = []
    updated: List[Tuple[Path, List[Dict[str, Any]]]] = []
    for name, kind in (("figures.json", "figure"), ("events.json", "event")):
        path = root / name
        entries = _records(_read_json(path, kind), path)
        _check_target(root, path)
        lines = [
            _locate_one(e, texts, f"{path}: {kind} {e.get('id')!r}", problems) for e in entries
        ]
        changed += [line for line in lines if line is not None]
        updated.append((path, entries))
    if problems:
        raise ValidationError(problems)
    if write:
        for path, entries in updated:
            _write_json(path, entries)
    return changed


# --- changes ---------------------------------------------------------------------------


def _substitute_todo_dates(value: Any, day: str) -> Any:
    """``value`` with each ``date`` placeholder replaced by ``day`` (placeholders are strings,
    which a date field refuses; comparing figures does not need the date)."""
    if isinstance(value, dict):
        items = cast(Dict[str, Any], value).items()
        return {
            k: (day if k == "date" and _is_todo(v) else _substitute_todo_dates(v, day))
            for k, v in items
        }
    if isinstance(value, list):
        return [_substitute_todo_dates(v, day) for v in cast(List[object], value)]
    return value


def _load_for_diff(root: Path) -> Release:
    """The release in ``root`` loaded for comparing, whatever its changes say and with its
    placeholders standing: a copy without this release's changes and retractions (about to
    be computed) and with placeholder dates filled in.
    """
    meta = _meta(root / "release.json")
    version = meta.get("version")
    day = meta.get("date") if not _is_todo(meta.get("date")) else "1970-01-01"
    meta = cast(Dict[str, Any], _substitute_todo_dates(meta, str(day)))
    meta["changes"] = []
    meta["retractions"] = [
        r for r in _table(meta, "retractions", root) if r.get("since") != version
    ]
    with tempfile.TemporaryDirectory(prefix="liaocheng-data-") as tmp:
        copy = Path(tmp) / "release"
        copy.mkdir()
        # Only the files the loader reads, each read through its guards (never a copy of
        # whatever the directory holds: a link to a device, a FIFO).
        names = ["figures.json", "events.json"]
        for source in _records(meta.get("sources", []), root / "release.json"):
            text = source.get("text")
            if isinstance(text, str) and _inside_release(text) and text not in names:
                names.append(text)
        for name in names:
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_read_bytes(root, name))
        _write_json(copy / "release.json", meta)
        try:
            return load_release(copy)
        except ValidationError as exc:  # name the maintainer's directory, not the copy
            problems = [p.replace(str(copy), str(root)) for p in exc.problems]
            raise ValidationError(problems) from None


def _previous(meta: Mapping[str, Any], previous: Optional[PathLike], where: Path) -> Release:
    ref = previous if previous is not None else meta.get("previous_version")
    if ref is None:
        raise ReleaseEditError(f"{where}: previous_version: not set (or pass --previous REF)")
    ref = ref if isinstance(ref, str) else os.fspath(ref)
    if is_version(ref) and ref not in available_versions():
        raise ReleaseEditError(
            f"{where}: previous_version: {ref} is not available here; pass --previous DIR"
        )
    return as_release(ref)


def _key(change: Mapping[str, Any]) -> Tuple[str, str, str, str]:
    kind = str(change.get("kind"))
    kind = "corrected" if kind == "redefined" else kind  # both say "this record changed"
    table = str(change.get("table", "figure"))
    return table, kind, str(change.get("id")), str(change.get("old_id") or "")


def _named(change: Mapping[str, Any]) -> str:
    """A change as its lines name it: ``added 'gdp-2026q1'``, ``corrected event 'expo'``."""
    table = change.get("table", "figure")
    return (
        f"{change.get('kind')} "
        + ("" if table == "figure" else f"{table} ")
        + repr(change.get("id"))
    )


def _sync_reason(a: Dict[str, Any], b: Dict[str, Any]) -> bool:
    """Copy a written reason over the other's placeholder; True if one was copied."""
    ra, rb = a.get("reason"), b.get("reason")
    if _is_todo(ra) and isinstance(rb, str) and not _is_todo(rb):
        a["reason"] = rb
        return True
    if _is_todo(rb) and isinstance(ra, str) and not _is_todo(ra):
        b["reason"] = ra
        return True
    return False


def record_changes(
    directory: PathLike, *, write: bool = False, previous: Optional[PathLike] = None
) -> List[str]:
    """The ``changes`` entries and retractions the differences from the previous release
    (``previous``, default ``previous_version``) imply, each new reason a :data:`TODO`.

    A figure that changed is ``corrected`` (an entry declared ``redefined`` stays so), a new
    one ``added``, a missing one ``retracted`` (with its retraction); renames come only from
    aliases (:func:`rename_figure`), never guessed. In data format 4 the records of the other
    tables (events, sources, places, organisations, units, measures, topics, the release's
    title, description, translation statement and licences) get their entries too, with their
    ``table`` (see :func:`~liaocheng_data.versions.implied_record_changes`); before format 4
    they are only listed. Entries already written keep their
    reasons; entries no difference supports any more are dropped. A retraction's or alias's
    placeholder reason takes its change's written reason, and the other way round. Returns
    what changes (written only if ``write``).
    """
    root = Path(directory)
    meta_path = root / "release.json"
    meta = _meta(meta_path)
    version = str(meta.get("version"))
    d = diff(_previous(meta, previous, meta_path), _load_for_diff(root))
    renamed_new = {n for _, n in d.renamed}
    wanted: List[Dict[str, Any]] = [
        {"kind": "renamed", "id": n, "old_id": o, "reason": _REASON} for o, n in d.renamed
    ]
    wanted += [
        {"kind": "corrected", "id": c.id, "reason": _REASON}
        for c in d.changed
        if c.id not in renamed_new
    ]
    wanted += [{"kind": "added", "id": f.id, "reason": _REASON} for f in d.added]
    wanted += [{"kind": "retracted", "id": f.id, "reason": _REASON} for f in d.removed]
    data_format = meta.get("format_version")
    declares_records = isinstance(data_format, int) and data_format >= 4
    if declares_records:
        wanted += [
            {"kind": kind, "table": table, "id": key, "reason": _REASON}
            for table, kind, key in implied_record_changes(d)
        ]
    wanted_keys = {_key(w) for w in wanted}
    lines: List[str] = []
    old_changes = _table(meta, "changes", meta_path)
    kept: List[Dict[str, Any]] = []
    for c in old_changes:
        if _key(c) in wanted_keys:
            kept.append(c)
        else:
            lines.append(f"{meta_path}: changes: drop {_named(c)} (no such difference)")
    have = {_key(c) for c in kept}
    for w in wanted:
        if _key(w) not in have:
            kept.append(w)
            old = f" (was {w['old_id']!r})" if w["kind"] == "renamed" else ""
            lines.append(f"{meta_path}: changes: {_named(w)}{old}")
    meta["changes"] = kept
    removed = {f.id for f in d.removed}
    retractions = _table(meta, "retractions", meta_path)
    kept_retractions: List[Dict[str, Any]] = []
    for r in retractions:
        if r.get("since") == version and r.get("id") not in removed:
            lines.append(f"{meta_path}: retractions: drop {r.get('id')!r} (it is a figure)")
        else:
            kept_retractions.append(r)
    listed = {r.get("id") for r in kept_retractions}
    for f in d.removed:
        if f.id not in listed:
            kept_retractions.append({"id": f.id, "since": version, "reason": _REASON})
            lines.append(f"{meta_path}: retractions: {f.id!r} since {version}")
    meta["retractions"] = kept_retractions
    aliases = _table(meta, "aliases", meta_path)
    for c in kept:
        if c.get("kind") == "retracted":
            pairs = [r for r in kept_retractions if r.get("id") == c.get("id")
                     and r.get("since") == version]  # fmt: skip
        elif c.get("kind") == "renamed":
            pairs = [a for a in aliases if a.get("old_id") == c.get("old_id")
                     and a.get("new_id") == c.get("id") and a.get("since") == version]  # fmt: skip
        else:
            continue
        for other in pairs:
            if _sync_reason(c, other):
                lines.append(f"{meta_path}: reason of {c['kind']} {c['id']!r} copied")
    if write:
        _write_json(meta_path, meta)
    if not declares_records:  # before data format 4, changes name figures only
        for rec in d.records:
            lines.append(f"{meta_path}: note: {rec.table} {rec.key!r} {rec.status} (diff shows it; "
                         "a release in data format 4 declares it)")  # fmt: skip
    todo = [_named(c) for c in kept if _is_todo(c.get("reason"))]
    if todo:
        lines.append(f"{meta_path}: changes: write the reason of {', '.join(todo)}")
    return lines


# --- rename ----------------------------------------------------------------------------


def rename_figure(
    directory: PathLike,
    old: str,
    new: str,
    *,
    reason: Optional[str] = None,
    previous: Optional[PathLike] = None,
) -> List[str]:
    """Give figure ``old`` the id ``new``: its record, the changes that name it, its alias
    (``old`` -> ``new`` since this release; older aliases of ``old`` now point at ``new``) and
    its ``renamed`` change, whose reason is ``reason`` or a :data:`TODO`.

    A figure first added in this release just changes id (no alias: no release had the old
    id); renaming a figure renamed earlier in this release renames it again from its
    published id. Rerunning after the rename changes nothing.
    """
    root = Path(directory)
    meta_path, figures_path = root / "release.json", root / "figures.json"
    meta = _meta(meta_path)
    figures = _records(_read_json(figures_path, "figure"), figures_path)
    version = str(meta.get("version"))
    _check_slug(new, "NEW")
    _check_target(root, meta_path)
    _check_target(root, figures_path)
    ids = [f.get("id") for f in figures]
    aliases = _table(meta, "aliases", meta_path)
    changes = _table(meta, "changes", meta_path)
    if old not in ids:
        if new in ids and any(a.get("new_id") == new for a in aliases):
            return [f"{figures_path}: {old!r} is already renamed {new!r}"]
        raise ReleaseEditError(f"{figures_path}: no figure {old!r}")
    if new in ids:
        raise ReleaseEditError(f"{figures_path}: {new!r} is already a figure's id")
    published: Set[str] = set(_previous(meta, previous, meta_path).figures_by_id)
    lines: List[str] = []
    record = figures[ids.index(old)]
    record["id"] = new
    lines.append(f"{figures_path}: figure {old!r}: id: {new!r}")
    why = reason or _REASON
    earlier = next((c for c in changes if c.get("kind") == "renamed" and c.get("id") == old), None)
    origin = old if earlier is None else str(earlier.get("old_id"))
    for c in changes:  # corrected, redefined or added entries follow the figure
        if c.get("id") == old and c is not earlier:
            c["id"] = new
            lines.append(f"{meta_path}: changes: {c.get('kind')} {old!r} -> {new!r}")
    for a in aliases:
        if a.get("new_id") == old:
            a["new_id"] = new
            lines.append(f"{meta_path}: aliases: {a.get('old_id')!r} -> {new!r}")
    if earlier is not None:
        changes.remove(earlier)
    aliases[:] = [a for a in aliases if not (a.get("old_id") == origin and a.get("new_id") == new
                                             and a.get("since") == version)]  # fmt: skip
    if origin in published and origin != new:
        prior = "" if earlier is None else cast(str, earlier.get("reason"))
        why = reason or (prior if prior and not _is_todo(prior) else _REASON)
        aliases.append({"old_id": origin, "new_id": new, "since": version, "reason": why})
        changes.append({"kind": "renamed", "id": new, "old_id": origin, "reason": why})
        lines.append(f"{meta_path}: aliases: {origin!r} -> {new!r} since {version}")
        lines.append(f"{meta_path}: changes: renamed {new!r} (was {origin!r})")
    _write_json(meta_path, meta)
    _write_json(figures_path, figures)
    if _is_todo(why) and origin in published and origin != new:
        lines.append(f"{meta_path}: write the reason of the rename (or pass --reason)")
    return lines


# --- checks that validate runs on the files as written ---------------------------------


def _todo_paths(value: Any, path: str) -> List[Tuple[str, str]]:
    if isinstance(value, dict):
        found: List[Tuple[str, str]] = []
        for k, v in cast(Dict[str, Any], value).items():
            found += _todo_paths(v, f"{path}.{k}" if path else k)
        return found
    if isinstance(value, list):
        found = []
        for i, v in enumerate(cast(List[object], value)):
            found += _todo_paths(v, f"{path}[{i}]")
        return found
    return [(path, value)] if _is_todo(value) else []


_SINGULAR = {"sources": "source", "places": "place", "organisations": "organisation",
             "changes": "change", "aliases": "alias", "retractions": "retraction",
             "exclusions": "exclusion", "licenses": "license", "units": "unit",
             "measures": "measure", "topics": "topic"}  # fmt: skip


def _record_name(record: Any, table: str) -> str:
    """How a message names a record of ``table``: ``figure 'gdp-2025q1'``, ``change added
    'x'``, ``exclusion '2024'``..."""
    table = _SINGULAR.get(table, table)
    if isinstance(record, dict):
        r = cast(Dict[str, Any], record)
        kind = f"{r['kind']} " if isinstance(r.get("kind"), str) else ""
        for key in ("id", "old_id", "numeral", "name", "code"):
            if isinstance(r.get(key), str):
                return f"{table} {kind}{r[key]!r}"
    return table


def todo_problems(directory: PathLike) -> List[str]:
    """One problem per :data:`TODO` placeholder left in ``release.json``, ``figures.json`` or
    ``events.json``, naming the file, the record and the field. Unreadable files are left
    to validation to report.
    """
    root = Path(directory)
    problems: List[str] = []
    for name in _FILES:
        path = root / name
        try:  # through the loader's guards: no device, FIFO, link out or deep nesting
            data = read_release_json(root, name)
        except LiaochengDataError:
            continue
        if isinstance(data, list):  # figures.json, events.json
            tables: List[Tuple[str, Any]] = [(name[: -len("s.json")], data)]
        elif isinstance(data, dict):
            tables = list(cast(Dict[str, Any], data).items())
        else:
            continue
        for table, value in tables:
            if not isinstance(value, list):
                for field, text in _todo_paths(value, table):
                    problems.append(clean_line(f"{path}: {field}: placeholder left: {text!r}"))
                continue
            for record in cast(List[object], value):
                for field, text in _todo_paths(record, ""):
                    who = _record_name(record, table)
                    problems.append(
                        clean_line(f"{path}: {who}: {field}: placeholder left: {text!r}")
                    )
    return problems


def uncaptured_numerals(directory: PathLike, rel: Release) -> List[str]:
    """For a release in data format 3 or newer (``rel``, loaded from ``directory``), one
    problem per numeral of its sources that no figure or event literal covers and no
    exclusion excludes (see :mod:`liaocheng_data.completeness`); formats 1 and 2 declare no
    exclusions, so the check does not apply to them.
    """
    if rel.format_version < 3:
        return []
    root = Path(directory)
    texts = {s.id: _read_bytes(root, s.text).decode("utf-8") for s in rel.sources}
    return uncaptured_problems(rel, texts, rel.exclusions, where=str(root / "release.json"))


def uncaptured_count(directory: PathLike, rel: Release) -> Tuple[List[str], int]:
    """:func:`uncaptured_numerals`' first problems (without its count line) and how many
    numerals are uncaptured in all (see :func:`liaocheng_data.completeness.uncaptured_report`)."""
    if rel.format_version < 3:
        return [], 0
    root = Path(directory)
    texts = {s.id: _read_bytes(root, s.text).decode("utf-8") for s in rel.sources}
    return uncaptured_report(rel, texts, rel.exclusions, where=str(root / "release.json"))


def record_exclusions(directory: PathLike, *, write: bool = False) -> List[str]:
    """An ``exclusions`` entry for each numeral of the release's sources that no figure's or
    event's literal covers and no exclusion excludes yet: the numeral within its clause (see
    :func:`liaocheng_data.completeness.propose_exclusions`), the reason a :data:`TODO`. A
    numeral that is a claim should become a figure instead; delete its entry then. Data
    format 3 only. Returns the entries (written only if ``write``).
    """
    root = Path(directory)
    meta_path = root / "release.json"
    meta = _meta(meta_path)
    data_format = meta.get("format_version")
    if type(data_format) is not int or data_format < 3:
        raise ReleaseEditError(
            f"{meta_path}: format_version: exclusions are a table of data format 3, not "
            f"{data_format!r}; start the release with `liaocheng-data release init`"
        )
    rel = _load_for_diff(root)
    existing = rel.exclusions
    items: List[Union[Figure, Event]] = [*rel.figures, *rel.events]
    table = _table(meta, "exclusions", meta_path)
    lines: List[str] = []
    for source in rel.sources:
        text = _read_bytes(root, source.text).decode("utf-8")
        mine = [e for e in existing if e.source_id == source.id]
        try:
            proposed = propose_exclusions(
                text,
                source.id,
                covered=covered_spans(items, source.id),
                excluded=excluded_spans(text, mine),
                reason=_EXCLUSION_REASON,
                limit=max(0, MAX_PROPOSALS - len(table)),
            )
        except ProposalError as exc:
            raise ReleaseEditError(f"{meta_path}: exclusions: {exc}") from None
        for ex in proposed:
            table.append(ex.model_dump(mode="json"))
            lines.append(f"{meta_path}: exclusions: {ex.numeral!r} in {ex.quote!r} "
                         f"(source {ex.source_id!r})")  # fmt: skip
    if write:
        _write_json(meta_path, meta)
    return lines
