"""Loading and validating releases: bytes in, frozen models out, every rule checked.

A release is a directory holding ``release.json`` (metadata, sources, places and
organisations), ``figures.json``, ``events.json`` and the normalized texts of its sources.
The shipped ones are listed in ``data/index.json`` with the sha256 of every file (the
manifest). A release is built completely or not at all: every problem found is collected
into one :class:`~liaocheng_data.errors.ValidationError`, and nothing is cached until the
whole release is valid.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib.metadata
import json
import os
import re
import stat
import threading
import warnings
from decimal import Decimal
from functools import cache
from itertools import compress, repeat
from operator import is_not, itemgetter, mul
from pathlib import Path
from types import MappingProxyType
from typing import (
    AbstractSet,
    Annotated,
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
    TypeVar,
    Union,
    cast,
)

import pydantic
from pydantic import BaseModel, Field, TypeAdapter
from pydantic_core import SchemaValidator, core_schema

from ._manifest import newest_release, release_entries, repair_hint, version_key
from ._resources import Traversable, data_root, sha256
from .errors import (
    MAX_PROBLEMS,
    FormatVersionError,
    IntegrityError,
    LiaochengDataError,
    ReleaseNotFoundError,
    ValidationError,
)
from .models import (
    DATA_FORMAT_VERSION,
    DEFERRED_RULES,
    METADATA_CHANGE_FIELDS,
    SLUG_PATTERN,
    Alias,
    Event,
    Figure,
    Place,
    Release,
    ReleaseMetadata,
    Retraction,
    Source,
    Vocabulary,
    duplicate_problems,
    is_version,
    legacy_tables,
    load_context,
    number_problem,
    period_problem,
    quote_problem,
    set_vocabulary_lookup,
)
from .numerals import MAGNITUDES, UNIT_KINDS, format_decimal, useless_exclusions

__all__ = [
    "ENTRY_POINT_GROUP",
    "MAX_FILE_BYTES",
    "available_versions",
    "broken_releases",
    "cached_release",
    "check_plugins",
    "load_directory",
    "loadable_releases",
    "newest_shipped",
    "release_root",
    "shipped_files",
    "shipped_versions",
    "version_key",
]

#: The largest release file the loader reads (256 MiB: room for a million figures).
MAX_FILE_BYTES = 256 * 1024 * 1024

RELEASE_FILE = "release.json"
FIGURES_FILE = "figures.json"
EVENTS_FILE = "events.json"

_META = TypeAdapter(ReleaseMetadata)
#: Figures, stopping at the first broken one: what a broken chunk costs stays bounded.
_FIGURES_FAIL_FAST = TypeAdapter(Annotated[List[Figure], Field(fail_fast=True)])
_EVENTS = TypeAdapter(List[Event])


@cache
def _figures() -> TypeAdapter[List[Figure]]:
    """Figures, every error of each reported: for format 1 and for the careful reading of a
    broken file. Built on first use, since reading a sound release in a later format does not
    need it (building it would cost the first ``get()`` a fraction of a millisecond)."""
    return TypeAdapter(List[Figure])


_M = TypeVar("_M", bound=BaseModel)

#: Past this many problems (docs: "past 10,000") the loader stops validating: the report
#: says "at least".
MAX_COUNTED = 10_000


class _Report(List[str]):
    """A list of problem lines that keeps the first :data:`~liaocheng_data.errors.MAX_PROBLEMS`
    and counts the rest, so a file of a million faults costs no more memory than a few."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def append(self, line: str) -> None:
        self.total += 1
        if len(self) < MAX_PROBLEMS:
            super().append(line)

    def extend(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.append(line)

    def take(self, exc: ValidationError) -> None:
        """Add an error's problems (its detail lines, and the count of the rest)."""
        shown = exc.problems[: min(exc.total, MAX_PROBLEMS)]
        self.extend(shown)
        self.total += exc.total - len(shown)

    @property
    def full(self) -> bool:
        """Whether no more detail is kept."""
        return self.total >= MAX_PROBLEMS

    @property
    def stopped(self) -> bool:
        """Whether enough problems were counted to stop looking for more."""
        return self.total > MAX_COUNTED

    def error(self) -> ValidationError:
        """The report as one error (it holds at least one problem)."""
        return ValidationError(self, total=self.total, complete=not self.stopped)


class _Reader:
    """Reads a release's files, checking size, encoding and (for shipped ones) hashes."""

    def __init__(self, root: Traversable, label: str, hashes: Optional[Mapping[str, str]]):
        self.root = root
        self.label = label
        self.hashes = hashes
        #: The root directory on disk with its links resolved, found at the first read.
        self.real_root: Optional[Path] = None

    def where(self, name: str) -> str:
        return f"{self.label}/{name}"

    def read_bytes(self, name: str) -> bytes:
        """The file's bytes, checked: size, manifest hash, no byte-order mark."""
        node = self.root
        for part in name.split("/"):
            node = node.joinpath(part)
        if isinstance(node, Path) and isinstance(self.root, Path):  # on disk
            if self.real_root is None:  # else _read_disk_file says why it cannot be resolved
                with contextlib.suppress(OSError, RuntimeError):
                    self.real_root = self.root.resolve(strict=True)
            data = _read_disk_file(self.root, node, self.where(name), self.real_root)
        elif not node.is_file():
            raise ValidationError([f"{self.where(name)}: file missing"])
        else:
            with node.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ValidationError(
                [f"{self.where(name)}: larger than the limit of {MAX_FILE_BYTES} bytes"]
            )
        if self.hashes is not None:
            expected = self.hashes.get(name)
            if expected is None:
                raise IntegrityError(
                    f"{self.where(name)}: not listed in the package manifest; " + repair_hint()
                )
            if sha256(data) != expected:
                raise IntegrityError(
                    f"{self.where(name)}: sha256 differs from the package manifest; "
                    + repair_hint()
                )
        if data.startswith(b"\xef\xbb\xbf"):
            raise ValidationError([f"{self.where(name)}: starts with a byte-order mark; "
                                   "save it as UTF-8 without BOM"])  # fmt: skip
        return data

    def read(self, name: str) -> Tuple[bytes, str]:
        """The file's bytes (checked as by :meth:`read_bytes`) and its text (UTF-8)."""
        data = self.read_bytes(name)
        return data, _decode(self.where(name), data)


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):  # fmt: skip
        if test(mode):
            return kind
    return "not a regular file"


def _read_disk_file(root: Path, path: Path, where: str, real_root: Optional[Path] = None) -> bytes:
    """A release file's bytes from disk, refusing with what it is instead: anything but a
    regular file inside the release directory (a symbolic link may point elsewhere inside
    it, as tarfile's data filter allows, PEP 706), or a file over the size limit.
    ``real_root`` is ``root`` resolved, when the caller already knows it."""
    try:
        real = path.resolve(strict=True)
        inside = real.is_relative_to(root.resolve(strict=True) if real_root is None else real_root)
    except FileNotFoundError:
        kind = "a symbolic link to nothing" if os.path.islink(path) else "file missing"
        raise ValidationError([f"{where}: {kind}"]) from None
    except RuntimeError:  # Python < 3.13: a loop of symbolic links
        raise ValidationError([f"{where}: a loop of symbolic links"]) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ValidationError([f"{where}: a loop of symbolic links"]) from None
        raise ValidationError([f"{where}: cannot be read: {exc.strerror}"]) from None
    if not inside:
        raise ValidationError(
            [f"{where}: a symbolic link to {real}, outside the release directory"]
        )
    try:
        info = real.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ValidationError([f"{where}: {_file_kind(info.st_mode)}, not a file"])
        if info.st_size > MAX_FILE_BYTES:
            raise ValidationError([f"{where}: larger than the limit of {MAX_FILE_BYTES} bytes"])
        with open(real, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ValidationError([f"{where}: cannot be read: {exc.strerror}"]) from None


def _decode(where: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError([f"{where}: not valid UTF-8 at byte {exc.start}"]) from None


def _entry_id(raw: Any, index: Any) -> str:
    item: Any = None
    if isinstance(index, int) and isinstance(raw, list) and 0 <= index < len(cast(Any, raw)):
        item = cast(Any, raw)[index]
    item_id: Any = cast(Any, item).get("id") if isinstance(item, dict) else None
    return repr(item_id) if isinstance(item_id, str) else f"#{index}"


def _shown(value: Any) -> str:
    """``repr(value)``, cut to a few dozen characters: a message never quotes a megabyte."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:50]}…({len(text)} characters)"


_PATTERN_MESSAGES = {SLUG_PATTERN: "must be a kebab-case slug (a-z, 0-9, single hyphens)"}


def _problems(
    exc: pydantic.ValidationError,
    where: str,
    raw: Any,
    kind: Optional[str],
    offset: int = 0,
    names: Optional[Mapping[str, str]] = None,
    skip: AbstractSet[int] = frozenset(),
) -> List[str]:
    """Turn a pydantic error into one line per problem: file, entry id, field, message.

    ``raw`` is what was validated (a chunk of the file's list starting at ``offset``);
    ``names`` renames fields (a format 1 file's nested names for the flat ones); errors of
    the entries in ``skip`` (already reported) are left out.
    """
    out: List[str] = []
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        if skip and loc and loc[0] in skip:
            continue
        message = str(err["msg"])
        for prefix in ("Value error, ", "Assertion failed, "):
            if message.startswith(prefix):
                message = message[len(prefix) :]
        if err["type"] == "string_pattern_mismatch":
            pattern = str((err.get("ctx") or {}).get("pattern", ""))
            message = _PATTERN_MESSAGES.get(pattern, message) + f", not {_shown(err['input'])}"
        elif err["type"] == "decimal_text":
            message += f", not {_shown(err['input'])}"
        head = where
        if kind is not None and loc and isinstance(loc[0], int):
            head += f": {kind} {_entry_label(raw, loc[0], offset)}"
            loc = loc[1:]
        if names and loc:
            loc[0] = names.get(str(loc[0]), loc[0])
        if names and not loc:  # a figure rule's own "field: problem"
            field_name, sep, rest = message.partition(": ")
            if sep and field_name in names:
                message = f"{names[field_name]}: {rest}"
        field = ".".join(str(part) for part in loc)
        out.append(f"{head}: {field}: {message}" if field else f"{head}: {message}")
    return out


#: The deepest nesting a release file may have (its records need four levels); deeper is
#: refused with one message on every Python, whatever its recursion limits.
MAX_DEPTH = 64
#: A JSON escape of a UTF-16 surrogate: the only way a lone one can enter (UTF-8 has none).


@cache
def _surrogate_escape() -> re.Pattern[str]:
    """A JSON escape of a surrogate code point (compiled on first use: few texts hold one)."""
    return re.compile(r"\\u[dD][89abcdefABCDEF]")


_TOO_DEEP = f"invalid JSON: nested too deeply (more than {MAX_DEPTH} levels)"


class _Marked(Dict[str, Any]):
    """A parsed object in which the JSON text gave some keys more than once (``twice``): a
    type of its own, so no input can forge the mark."""

    twice: List[str]


def _is_lone_surrogate_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _walk_problems(value: Any, duplicates: bool, surrogates: bool) -> List[str]:
    """Where, in one parsed record, keys are repeated or strings hold a lone surrogate, as
    ``field: problem``; iterative, so no depth of nesting can exhaust the stack."""
    out: List[str] = []
    stack: List[Tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return [_TOO_DEEP]
        if isinstance(node, dict):
            obj = cast(Dict[str, Any], node)
            if duplicates and isinstance(obj, _Marked):
                prefix = f"{path}." if path else ""
                out += [f"{prefix}{k}: duplicate key in one JSON object" for k in obj.twice]
            for key, item in reversed(obj.items()):
                where = f"{path}.{key}" if path else key
                if surrogates and _is_lone_surrogate_text(key):
                    out.append(f"{where.encode('utf-8', 'backslashreplace').decode()}: a key "
                               "holds a lone surrogate, which is not a character")  # fmt: skip
                stack.append((item, where, depth + 1))
        elif isinstance(node, list):
            items: List[Any] = cast(Any, node)
            stack += [(item, path, depth + 1) for item in reversed(items)]
        elif surrogates and isinstance(node, str) and _is_lone_surrogate_text(node):
            shown = path.encode("utf-8", "backslashreplace").decode()
            out.append(f"{shown}: holds a lone surrogate (a \\ud800-\\udfff escape), which is "
                       "not a character")  # fmt: skip
    return out


def _parse(where: str, data: str, kind: Optional[str]) -> Any:
    """Parse JSON once, refusing what JSON parsers accept silently: a key given twice in one
    object (the last would win), a lone surrogate (not text; it cannot be written out again)
    and nesting too deep to handle.
    """
    marked: List[bool] = []

    def pairs_hook(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: Set[str] = set()
            twice: Set[str] = set()
            for key, _ in pairs:
                (twice if key in seen else seen).add(key)
            marked_obj = _Marked(obj)
            marked_obj.twice = sorted(twice)
            marked.append(True)
            return marked_obj
        return obj

    try:
        parsed = json.loads(data, object_pairs_hook=pairs_hook)
    except RecursionError:
        raise ValidationError([f"{where}: {_TOO_DEEP}"]) from None
    except ValueError as exc:
        raise ValidationError([f"{where}: invalid JSON: {exc}"]) from None
    surrogates = "\\u" in data and _surrogate_escape().search(data) is not None
    if not marked and not surrogates:
        return parsed
    problems: List[str] = []
    result: Any = parsed
    entries: Any = cast(Any, parsed) if isinstance(parsed, list) else [parsed]
    for index, entry in enumerate(entries):
        found = _walk_problems(entry, bool(marked), surrogates)
        head = where if kind is None else f"{where}: {kind} {_entry_id(result, index)}"
        problems += [f"{head}: {problem}" for problem in found]
    if problems:
        raise ValidationError(problems)
    return result


def read_release_json(root: Path, name: str, kind: Optional[str] = None) -> Any:
    """The file ``name`` of the release directory ``root`` parsed as the loader parses it (a
    regular file inside the release, within the size limit, UTF-8 without a byte-order mark,
    no key given twice, no lone surrogate), and refused if nested more than
    :data:`MAX_DEPTH` levels anywhere: for code that works on the files as written (the
    maintainer's commands) and must not be made to hang, exhaust memory or recurse without
    bound. ``kind`` names the records of a file that is a list of them (``"figure"``).

    Raises :class:`~liaocheng_data.errors.ValidationError` naming the file.
    """
    reader = _Reader(root, str(root), None)
    where = reader.where(name)
    parsed = _parse(where, reader.read(name)[1], kind)
    if _walk_problems(parsed, False, False):  # iterative: reports depth, never recurses
        raise ValidationError([f"{where}: {_TOO_DEEP}"])
    return parsed


def read_release_bytes(root: Traversable, name: str) -> bytes:
    """The bytes of the file ``name`` (``/``-separated) of the release directory ``root``,
    checked as the loader checks them (see :func:`read_release_json`)."""
    return _Reader(root, str(root), None).read_bytes(name)


def _validate(
    adapter: TypeAdapter[Any],
    where: str,
    parsed: Any,
    kind: Optional[str],
    context: Optional[Dict[str, Any]] = None,
) -> Any:
    try:
        return adapter.validate_python(parsed, context=context)
    except pydantic.ValidationError as exc:
        raise ValidationError(_problems(exc, where, parsed, kind)) from None


#: Records validated at a time; each chunk's parsed dicts are released once it is validated,
#: so the dicts and the objects built from them are never all in memory at once.
CHUNK = 1024
#: Records validated at a time once something is known to be wrong: pydantic gathers every
#: error of a call before returning, so a call must never hold many broken records.
CAREFUL_CHUNK = 256
#: A record with more keys, or a list in it with more items, is refused without asking
#: pydantic (which would make one error per key or item).
MAX_KEYS = 64
MAX_ITEMS = 1024


def _oversized(record: Any) -> Optional[str]:
    """Why a record is too big to hand to pydantic, or None."""
    if not isinstance(record, dict):
        return None
    fields = cast(Dict[str, Any], record)
    if len(fields) > MAX_KEYS:
        return f"has {len(fields)} fields; a record has at most {MAX_KEYS}"
    for key, value in fields.items():
        if isinstance(value, (list, dict)) and len(cast(Any, value)) > MAX_ITEMS:
            return f"{key}: has {len(cast(Any, value))} items; at most {MAX_ITEMS}"
    return None


def _validate_records(
    adapter: TypeAdapter[Any],
    where: str,
    parsed: Any,
    kind: str,
    context: Dict[str, Any],
    *,
    names: Optional[Mapping[str, str]] = None,
    as_json: bool = False,
    report: Optional[_Report] = None,
) -> List[Any]:
    """Validate a file's list of records a chunk at a time, gathering at most a bounded
    report (raised at the end unless ``report`` is given); ``as_json`` validates each chunk
    as JSON text (format 2's rules for files), ``names`` renames fields in messages."""
    own = report is None
    found = _Report() if report is None else report
    if not isinstance(parsed, list):
        try:
            return list(adapter.validate_python(parsed, context=context))
        except pydantic.ValidationError as exc:
            found.extend(_problems(exc, where, parsed, kind, names=names))
            raise found.error() from None
    records: List[Any] = cast(Any, parsed)
    out: List[Any] = []
    size = CAREFUL_CHUNK if as_json else CHUNK
    start = 0
    while start < len(records) and not found.stopped:
        chunk = records[start : start + size]
        big = [i for i, record in enumerate(chunk) if _oversized(record) is not None]
        for i in big:
            found.append(f"{where}: {kind} {_entry_label(chunk, i, start)}: "
                         f"{_oversized(chunk[i])}")  # fmt: skip
            chunk[i] = None
        try:
            try:
                if as_json:
                    text = json.dumps(chunk, ensure_ascii=True, allow_nan=True)
                    out.extend(adapter.validate_json(text, context=context))
                else:
                    out.extend(adapter.validate_python(chunk, context=context))
            except pydantic.ValidationError as exc:
                if not as_json or not any(e["type"] == "json_invalid" for e in exc.errors()):
                    raise
                # JSON that pydantic's parser refuses but Python's accepts (NaN, Infinity, a
                # lone surrogate): validating the parsed objects names the figure and field
                out.extend(adapter.validate_python(chunk, context=context))
            except ValueError:
                if not as_json:
                    raise
                # pydantic < 2.10 raises a bare ValueError for a JSON date in the year 0000;
                # from Python objects the package parses dates itself, naming the field
                out.extend(adapter.validate_python(chunk, context=context))
        except pydantic.ValidationError as exc:
            errors = _problems(exc, where, chunk, kind, start, names, skip=frozenset(big))
            if found.full:
                found.total += len(errors)
            else:
                found.extend(errors)
            size = CAREFUL_CHUNK
        records[start : start + len(chunk)] = [None] * len(chunk)
        start += len(chunk)
    if own and found.total:
        raise found.error()
    return out


def _entry_label(raw: Any, index: int, offset: int) -> str:
    entry = _entry_id(raw, index)
    return f"#{index + offset}" if entry.startswith("#") else entry


#: A format 1 file's nested field names, by the flat names of format 2 (the model's).
V1_FIELD_NAMES: Mapping[str, str] = {
    "unit_code": "unit.code", "unit_zh": "unit.zh",
    "period_start": "period.start", "period_end": "period.end", "period_label": "period.label",
    "source_id": "provenance.source_id", "quote": "provenance.quote",
    "quote_start": "provenance.start", "quote_end": "provenance.end",
    "literal": "provenance.literal",
}  # fmt: skip
_V1_GROUPS: Dict[str, Dict[str, str]] = {}
for _flat, _nested in V1_FIELD_NAMES.items():
    _group, _sub = _nested.split(".")
    _V1_GROUPS.setdefault(_group, {})[_sub] = _flat


def flatten_v1(record: Any) -> Any:
    """A format 1 figure record (``unit``, ``period`` and ``provenance`` nested) in format 2's
    flat layout; anything else is returned unchanged, for validation to report.

    Examples:
        >>> flatten_v1({"id": "x", "period": {"end": "2025-03-31", "label": "一季度"}})
        {'id': 'x', 'period_end': '2025-03-31', 'period_label': '一季度'}
    """
    if not isinstance(record, dict):
        return record
    out: Dict[str, Any] = {}
    for key, value in cast(Dict[str, Any], record).items():
        group = _V1_GROUPS.get(key)
        if group is not None and isinstance(value, dict):
            for sub, item in cast(Dict[str, Any], value).items():
                out[group.get(sub, f"{key}.{sub}")] = item  # an unknown one stays unknown
        else:
            out[key] = value
    return out


def _figures_v1(where: str, text: str, context: Dict[str, Any]) -> None:
    """Format 1 (release 1.0.0): parse, flatten, validate; messages use the nested names."""
    parsed = _parse(where, text, "figure")
    if type(parsed) is list:  # (not isinstance: its element type would be unknown)
        records: List[Any] = cast(Any, parsed)
        flat_names = [
            f"{where}: figure {_entry_id(records, i)}: {key}: a data format 2 name; a format 1 "
            f"record nests it as {V1_FIELD_NAMES[key]} (or declare format_version 2)"
            for i, record in enumerate(records)
            if isinstance(record, dict)
            for key in cast(Dict[str, Any], record)
            if key in V1_FIELD_NAMES
        ]
        if flat_names:
            raise ValidationError(flat_names)
        parsed = [flatten_v1(record) for record in records]
    _validate_records(_figures(), where, parsed, "figure", context, names=V1_FIELD_NAMES)


def _figures_v2(where: str, data: bytes, context: Dict[str, Any]) -> None:
    """Format 2, once the quick path failed: parse with Python's parser (whose messages are
    exact, and which finds repeated keys), then validate a bounded chunk at a time as JSON."""
    parsed = _parse(where, _decode(where, data), "figure")
    _validate_records(_figures(), where, parsed, "figure", context, as_json=True)


#: Bytes of a format 2 file validated at a time, about a thousand records (see
#: :func:`_figures_v2_in_chunks`).
CHUNK_BYTES = 1 << 20
#: Longer than any figure record can be, given the per-field limits (see ``models``).
MAX_RECORD_BYTES = 1 << 20
#: Between two records of the file's top-level array, in any layout (``indent=2``, ``indent=4``,
#: compact): the end of one, a comma, the start of the next.
_RECORD_BOUNDARY = re.compile(rb"\}[ \t\r\n]*,[ \t\r\n]*\{")
_WHITESPACE = b" \t\r\n"


def _figures_v2_in_chunks(data: bytes, bulk: _BulkChecks) -> bool:
    """Validate a format 2 ``figures.json`` about :data:`CHUNK_BYTES` at a time, handing the
    figures to ``bulk``; False when it cannot be done that way (the caller validates the file
    carefully instead).

    Parsing a chunk at a time keeps pydantic's parse tree small and its memory reused. Each
    chunk is validated to its first broken record only (``fail_fast``), so a broken file costs
    no more here than one record's errors; the careful way then reports them. The text is
    cut after a ``}`` that a comma and a ``{`` follow (:data:`_RECORD_BOUNDARY`), whatever
    the whitespace. Such a cut is either between two records of the top-level array
    or somewhere no chunk can be valid: inside a string (the chunk before it ends in an
    unterminated string) or inside a nested value (its brackets do not balance). So when
    every chunk is a valid JSON array of figures, every cut was a real boundary and the file's
    array is exactly their concatenation; otherwise this returns False.
    """
    first, last = 0, len(data)
    while first < last and data[first] in _WHITESPACE:
        first += 1
    while last > first and data[last - 1] in _WHITESPACE:
        last -= 1
    if last - first < 2 or data[first] != ord("[") or data[last - 1] != ord("]"):
        return False
    view = memoryview(data)
    start, end = first + 1, last - 1
    validate = bulk.chunk_validator()
    search = _RECORD_BOUNDARY.search
    try:
        while start < end:
            cut = search(data, min(start + CHUNK_BYTES, end), end)
            stop = end if cut is None else cut.start() + 1  # through the "}"
            if stop - start > CHUNK_BYTES + MAX_RECORD_BYTES:  # no figure is that long
                return False
            validate(b"".join((b"[", view[start:stop], b"]")))
            start = end if cut is None else cut.end() - 1  # at the next "{"
    except ValueError:  # pydantic's ValidationError, or a bare ValueError (a JSON date in the
        return False  # year 0000, on pydantic < 2.10): the careful way names it
    return True


def _load_figures(
    reader: _Reader,
    format_version: int,
    context: Dict[str, Any],
    sources: Mapping[str, Source],
    texts: Mapping[str, str],
    report: _Report,
) -> Tuple[List[Figure], Dict[str, Figure], bool]:
    """The figures of ``figures.json``, the figures by id, and whether every record became a
    figure; the problems found in them go to ``report``.

    Validation gathers what the rules over the whole list need (:class:`_BulkChecks`); they
    are checked even when some figures failed validation, so every problem is reported. A
    key given twice in one object is caught by counting (:meth:`_BulkChecks.keys_are_unique`),
    or else by parsing again with Python's parser.
    """
    where = reader.where(FIGURES_FILE)
    names = V1_FIELD_NAMES if format_version == 1 else None
    bulk = _BulkChecks(context, texts)
    try:
        if format_version == 1:
            _figures_v1(where, reader.read(FIGURES_FILE)[1], bulk.context)
        else:
            data = reader.read_bytes(FIGURES_FILE)
            if not _figures_v2_in_chunks(data, bulk):
                bulk = _BulkChecks(context, texts)  # start again on the whole file, which
                _figures_v2(where, data, bulk.context)  # names any problem by its position
            if not bulk.keys_are_unique(data, len(bulk.figures)):
                _parse(where, _decode(where, data), "figure")  # raises if a key is repeated
    except ValidationError as exc:
        report.take(exc)
        if not bulk.figures:
            return [], {}, False
        # some figures failed: report the rules the others break too
        bulk.problems(where, sources, texts, names, report)
        return bulk.figures, bulk.by_id, False
    bulk.problems(where, sources, texts, names, report)
    return bulk.figures, bulk.by_id, True


#: The number and period rules are a pure function of these fields (see
#: :func:`_combination_problems`); ``value`` enters as its exact text, since
#: ``Decimal("5") == Decimal("5.0")`` but the two print differently.
_RULE_FIELDS = (
    "measure", "unit_code", "unit_zh", "value", "scale", "qualifier", "rank_scope", "literal",
    "period_start", "period_end",
)  # fmt: skip
#: A figure's profile: the rule fields, then what its count of JSON strings depends on.
_PROFILE = itemgetter(*_RULE_FIELDS, "entity", "topics", "corroborated_by")
#: What the hook reads of each figure besides its profile, in one call.
_HOOK = itemgetter(
    "id", "place", "entity", "quote", "quote_start", "quote_end", "literal", "source_id"
)
#: Figure fields that are always a JSON string in a release's files.
_STRING_FIELDS = ("id", "label_zh", "label_en", "indicator", "measure", "value", "unit_code",
                  "unit_zh", "qualifier", "period_end", "period_label", "place", "source_id",
                  "quote", "literal", "note")  # fmt: skip


def _combination_problems(combo: Tuple[Any, ...], kinds: Mapping[str, str]) -> List[str]:
    """The number and period rules for one profile (value as text); ``kinds`` maps the
    release's unit codes to their kinds (a profile with an unknown unit is reported apart).

    Most figures are a plain amount printed with Arabic digits (``752.1亿元``, ``6.7%``):
    for those, the literal is the value's text, its magnitude word and its unit, which
    :func:`_plainly_printed` checks without building a Decimal. Anything else takes the full
    rules; a test holds the two to the same verdicts.
    """
    kind = kinds.get(combo[1])
    if kind is None or _plainly_printed(combo, kind):
        return []
    unit_zh, value = combo[2:4]
    number = number_problem(kind, unit_zh, Decimal(value), *combo[4:8])
    period = period_problem(combo[8], combo[9])
    return [p for p in (number, period) if p is not None]


def _plainly_printed(combo: Tuple[Any, ...], kind: str) -> bool:
    """True when a profile (whose unit is of ``kind``) passes the number and period rules as
    an amount (not a rank; a count only when its value is a whole number's text) whose literal
    is exactly its value's text, magnitude word and unit.

    That is what :func:`~liaocheng_data.numerals.check_literal` compares for a literal with
    Arabic digits, since ``format_decimal(Decimal(text)) == text`` for the plain decimal texts
    the files hold; the other rules reduce to no rank scope and ordered dates.
    """
    _, _, unit_zh, value, scale, _, rank_scope, literal, start, end = combo[:10]
    return (
        rank_scope is None
        and kind != "rank"
        and (kind != "count" or "." not in value)  # a whole count
        and (scale == 0 or scale in MAGNITUDES)
        and (start is None or start <= end)
        and literal == value + MAGNITUDES.get(scale, "") + unit_zh
    )


def _profile_of(figure: Figure) -> Tuple[Any, ...]:
    """A validated figure's profile, as the hook recorded it (value as text, entity by id)."""
    entity = figure.entity
    fields = {**vars(figure), "value": format_decimal(figure.value)}
    fields["entity"] = None if entity is None else entity.id
    profile: Tuple[Any, ...] = _PROFILE(fields)
    return profile


def _string_values(counts: Mapping[Tuple[Any, ...], List[int]]) -> int:
    """How many JSON strings figures with these profiles (and counts) give as values, not
    keys, when their records give all their fields and place and organisation by id: the
    fields that are always strings, the non-null optional ones, the items of the tuples."""
    profiles = list(counts)
    weights: List[int] = [count[0] for count in counts.values()]
    total = len(_STRING_FIELDS) * sum(weights)
    for column in (11, 12):  # topics, corroborated_by
        total += sum(map(mul, weights, map(len, map(itemgetter(column), profiles))))
    for column in (6, 8, 10):  # rank_scope, period_start, entity
        total += sum(compress(weights, map(is_not, map(itemgetter(column), profiles),
                                           repeat(None))))  # fmt: skip
    return total


_INLINE = "{}: must be the id of an entry of release.json's {} table, not an inline {}"
#: What the quote check reads of a figure's fields.
_QUOTE = itemgetter("quote", "quote_start", "quote_end", "literal", "source_id")


def _fields_set_setter() -> Callable[[Any, Any], None]:
    """Sets a model's fields set: through the slot where pydantic keeps it, which costs half
    of ``object.__setattr__`` (that looks the name up first)."""
    setter: Any = getattr(BaseModel.__dict__.get("__pydantic_fields_set__"), "__set__", None)
    if setter is None:  # pragma: no cover - every pydantic 2 has the slot
        return lambda model, fields: object.__setattr__(model, "__pydantic_fields_set__", fields)
    return cast(Callable[[Any, Any], None], setter)


_SET_FIELDS_SET = _fields_set_setter()


class _Table(Dict[str, Any]):
    """A release's table as the loading schema looks ids up in it: an unknown id fails
    validation (a ValueError), which sends the loader the careful way."""

    def __missing__(self, key: str) -> Any:
        raise ValueError(f"unknown id {key!r}")


def _stored_release(value: Any) -> Any:
    raise ValueError("release: not stored per record; release.json gives it")


def _key(node: Any, key: str) -> Any:
    """``node[key]`` when ``node`` is a dict (a core schema) that has it, else None."""
    return cast(Dict[str, Any], node).get(key) if isinstance(node, dict) else None


@cache
def _figure_model_schema() -> Optional[Tuple[Dict[str, Any], Any]]:
    """Pydantic's core schema of :class:`Figure` without its model validator, and the
    definitions it refers to; None when it is not shaped as this module expects."""
    schema: Any = Figure.__pydantic_core_schema__
    definitions: Any = None
    if _key(schema, "type") == "definitions":
        definitions, schema = _key(schema, "definitions"), _key(schema, "schema")
    model: Any = _key(schema, "schema")
    fields: Any = _key(_key(model, "schema"), "fields")
    if (
        _key(schema, "type") != "function-after"
        or getattr(_key(_key(schema, "function"), "function"), "__name__", "")
        != "_resolve_and_check"
        or _key(model, "type") != "model"
        or _key(model, "cls") is not Figure
        or _key(_key(model, "schema"), "type") != "model-fields"
        or not isinstance(fields, dict)
        or set(cast(Dict[str, Any], fields)) != set(Figure.model_fields)
    ):
        return None
    place: Any = _key(_key(fields, "place"), "schema")
    choices: Any = _key(place, "choices")
    if _key(place, "type") != "union" or not choices or _key(choices[0], "type") != "str":
        return None
    if _key(_key(_key(fields, "unit_code"), "schema"), "type") != "str":
        return None
    return cast(Dict[str, Any], model), definitions


def _loading_validator(
    take: Callable[[Figure], Figure],
    places: Mapping[str, Any],
    units: Mapping[str, Any],
    release: str,
) -> Optional[SchemaValidator]:
    """A validator of a JSON array of one release's figure records: :class:`Figure`'s own
    schema, but the place and unit ids looked up in the release's tables, ``release`` filled
    in (and refused when a record gives it), and each figure handed to ``take`` instead of the
    model validator (None: pydantic's schema is not the one expected).

    It accepts exactly what validating with the hook accepts (the rest fails, and the careful
    way reports it as the hook does). Building it costs a few dozen microseconds.
    """
    parts = _figure_model_schema()
    if parts is None:
        return None
    model, definitions = parts
    fields: Dict[str, Any] = dict(model["schema"]["fields"])
    place, unit = fields["place"], fields["unit_code"]
    by_id = core_schema.no_info_after_validator_function
    place_id = by_id(_Table(places).__getitem__, place["schema"]["choices"][0])
    unit_code = by_id(_Table(units).__getitem__, unit["schema"])
    refused = core_schema.no_info_plain_validator_function(_stored_release)
    fields["place"] = {**place, "schema": place_id}
    fields["unit_code"] = {**unit, "schema": unit_code}
    fields["release"] = {
        **fields["release"],
        "schema": core_schema.with_default_schema(refused, default=release),
    }
    figure: Any = {**model, "schema": {**model["schema"], "fields": fields}}
    schema: Any = core_schema.list_schema(
        core_schema.no_info_after_validator_function(take, figure), fail_fast=True
    )
    if definitions is not None:
        schema = core_schema.definitions_schema(schema, definitions)
    return SchemaValidator(schema)


class _BulkChecks:
    """What the loader checks over all of a release's figures at once, gathered by
    :attr:`hook` as validation builds each figure (while it is in the CPU's cache); a format 2
    (or later) file read in chunks (:meth:`chunk_validator`) does the same work with the
    loading schema, which resolves place and unit in pydantic's core.

    Per figure, the hook does only what cannot be shared: it resolves the place and
    organisation ids, sets ``release``, checks the quote against its offsets, literal and
    source text, and counts the figure's *profile* (:data:`_PROFILE`): the fields that the
    number and period rules read, and those its count of JSON strings depends on. The rules
    are pure functions, so :meth:`problems` checks each distinct profile once, and
    :meth:`keys_are_unique` counts strings per distinct profile (the value's exact text is
    part of a profile: ``Decimal("5")`` equals ``Decimal("5.0")`` but prints differently).

    It also keeps memory down, which matters as much as time at this scale: a figure whose
    record gives every field shares one ``model_fields_set`` with the others (pydantic makes
    one per object), and equal value texts share one ``Decimal``; what is dropped is reused
    for the next figure instead of taking fresh memory.
    """

    def __init__(self, context: Mapping[str, Any], texts: Mapping[str, str]) -> None:
        """``context`` is the release's validation context (:func:`load_context`)."""
        release: str = context["release"]
        places: Mapping[str, Any] = context["places"]
        organisations: Mapping[str, Any] = context["organisations"]
        self.vocabulary: Vocabulary = context["vocabulary"]
        self.figures: List[Figure] = []  # in file order, as validated
        #: Each distinct profile: how many have it (in a list, updated in place: a profile is
        #: hashed once per figure, not twice).
        self.counts: Dict[Tuple[Any, ...], List[int]] = {}
        self.by_id: Dict[str, Figure] = {}  # the last figure of each id
        self.incomplete: List[Figure] = []  # figures whose record left a field to its default
        self.suspects: List[Figure] = []  # figures whose quote failed the quick check
        complete = len(Figure.model_fields) - 1  # every field but ``release``
        all_fields = set(Figure.model_fields) - {"release"}
        set_fields_set = _SET_FIELDS_SET
        figures_append, counts = self.figures.append, self.counts
        decimals: Dict[str, Decimal] = {}
        incomplete_append, suspects_append = self.incomplete.append, self.suspects.append
        by_id = self.by_id
        place_of, organisation_of, text_of = places.get, organisations.get, texts.get
        unit_of = self.vocabulary.units.get

        def hook(figure: Figure, fields: Dict[str, Any]) -> None:
            fields_set = figure.__pydantic_fields_set__
            if "release" in fields_set:
                raise ValueError("release: not stored per record; release.json gives it")
            if len(fields_set) == complete:  # every field given: share one set (the memory
                set_fields_set(figure, all_fields)  # is reused)
            else:
                incomplete_append(figure)
            fields["release"] = release
            figures_append(figure)
            value = fields["value"]
            if value.__class__ is str:  # from JSON: the exact text, pattern-checked
                profile = _PROFILE(fields)  # (before the ids are resolved)
                number = decimals.get(value)
                if number is None:  # equal texts share one Decimal
                    number = decimals[value] = Decimal(value)
                fields["value"] = number
            else:  # from Python (format 1): a Decimal, profiled by its exact text
                fields["value"] = format_decimal(value)
                profile = _PROFILE(fields)
                fields["value"] = value
            seen = counts.get(profile)
            if seen is None:
                counts[profile] = [1]
            else:
                seen[0] += 1
            figure_id, place, entity, quote, start, end, literal, source_id = _HOOK(fields)
            by_id[figure_id] = figure
            if place.__class__ is str:
                found = place_of(place)
                if found is None:
                    raise ValueError(f"place: unknown place {place!r}")
                fields["place"] = found
            else:  # an object written inline would bypass the places table
                raise ValueError(_INLINE.format("place", "places", type(place).__name__))
            if entity.__class__ is str:
                found = organisation_of(entity)
                if found is None:
                    raise ValueError(f"entity: unknown organisation {entity!r}")
                fields["entity"] = found
            elif entity is not None:
                raise ValueError(_INLINE.format("entity", "organisations", type(entity).__name__))
            code = unit_of(fields["unit_code"])  # the code that carries its definition
            if code is None:
                raise ValueError(f"unit_code: unknown unit {fields['unit_code']!r} (not in the "
                                 "release's units table)")  # fmt: skip
            fields["unit_code"] = code
            if (
                end - start != len(quote)
                or literal not in quote
                or not text_of(source_id, "").startswith(quote, start)
            ):
                suspects_append(figure)

        self.hook = hook
        #: The validation context that hands each figure to :attr:`hook`.
        self.context: Dict[str, Any] = {**context, DEFERRED_RULES: hook}

        def take(figure: Figure) -> Figure:
            # The hook's work on a figure that the loading schema validated (see
            # :meth:`chunk_validator`), which resolved its place and unit and set ``release``;
            # ``figures`` and ``by_id`` are filled a chunk at a time.
            fields: Dict[str, Any] = vars(figure)
            if len(figure.__pydantic_fields_set__) == complete:  # share one set (see hook)
                set_fields_set(figure, all_fields)
            else:
                incomplete_append(figure)
            profile = _PROFILE(fields)  # the value's text, the organisation's id
            value = fields["value"]
            number = decimals.get(value)
            if number is None:  # equal texts share one Decimal
                number = decimals[value] = Decimal(value)
            fields["value"] = number
            seen = counts.get(profile)
            if seen is None:
                counts[profile] = [1]
            else:
                seen[0] += 1
            entity = fields["entity"]
            if entity is not None:
                if entity.__class__ is not str:  # the careful way names the problem
                    raise ValueError("entity: not an id")
                found = organisation_of(entity)
                if found is None:
                    raise ValueError(f"entity: unknown organisation {entity!r}")
                fields["entity"] = found
            by_id[fields["id"]] = figure
            quote, start, end, literal, source_id = _QUOTE(fields)
            if (
                end - start != len(quote)
                or literal not in quote
                or not text_of(source_id, "").startswith(quote, start)
            ):
                suspects_append(figure)
            return figure

        self._take = take
        self._release, self._places, self._units = release, places, self.vocabulary.units
        self._plain_context: Dict[str, Any] = dict(context)

    def chunk_validator(self) -> Callable[[bytes], None]:
        """A function that validates a chunk of a format 2 (or later) ``figures.json`` (a JSON
        array of records) up to its first broken record and adds its figures here; any problem
        raises a ValueError, and the careful way then names it.

        It validates with the loading schema (:func:`_loading_validator`), which does in
        pydantic's core what the hook does per figure in Python where it can (places and units
        looked up, ``release`` filled in) and hands each figure to a function without the
        model validator's per-figure :class:`~pydantic.ValidationInfo`. Where pydantic's schema
        of :class:`Figure` is not the one expected, it validates with the hook.
        """
        validator = _loading_validator(self._take, self._places, self._units, self._release)
        if validator is None:
            context, validate = self.context, _FIGURES_FAIL_FAST.validate_json

            def with_hook(data: bytes) -> None:
                validate(data, context=context)

            return with_hook
        plain_context, validate_json = self._plain_context, validator.validate_json
        figures_extend = self.figures.extend

        def loading(data: bytes) -> None:
            # Strict: a little less work in pydantic's core. From JSON it accepts what the lax
            # mode accepts for these fields (strings, arrays, objects; the numbers and dates
            # are strict already); whatever it might refuse goes the careful, lax way.
            figures_extend(validate_json(data, strict=True, context=plain_context))

        return loading

    def keys_are_unique(self, data: bytes, figures: int) -> bool:
        """True when the JSON text of the validated figures gives no key twice in one object;
        False when this count cannot rule it out (the caller then parses again to know).

        With no backslash in the text, every ``"`` delimits a string, so the text holds
        ``count('"') / 2`` strings: the keys of all objects and the string values. When every
        record gives all its fields, each figure's string values are known from its profile
        (:func:`_string_values`), and so are its distinct keys (all fields but ``release``,
        since validation accepted only known fields). The value of a repeated key is a string
        or not, so the keys are at most the strings minus the known values, and at least the
        distinct keys. When the two bounds meet, no key is repeated.
        """
        if self.incomplete or b"\\" in data:
            return False
        keys = figures * (len(Figure.model_fields) - 1)
        values = _string_values(self.counts)
        return data.count(b'"') == 2 * (keys + values)

    def problems(
        self,
        where: str,
        sources: Mapping[str, Source],
        texts: Mapping[str, str],
        names: Optional[Mapping[str, str]],
        out: _Report,
    ) -> None:
        """Every rule the figures break, into ``out``: ids given twice, the number and period
        rules, and the quotes; one line each, naming the figure. The figures are visited one
        by one only when something is wrong, to name them."""
        figures = self.figures

        def line(figure_id: str, problem: str) -> str:
            field, sep, rest = problem.partition(": ")
            if sep and names and field in names:
                problem = f"{names[field]}: {rest}"
            return f"{where}: figure {figure_id!r}: {problem}"

        if len(self.by_id) != len(figures):
            _index_by_id(figures, "figure", where, out)
        vocabulary = self.vocabulary
        kinds = vocabulary.kinds
        measures, topics = vocabulary.measures, vocabulary.topics
        if any(
            p[0] not in measures or not topics.keys() >= set(p[11]) or len(set(p[11])) < len(p[11])
            for p in self.counts
        ):  # a measure or topic not in the tables, or a topic twice: name the figures
            for figure in figures:
                problems = vocabulary.term_problems(figure.measure, figure.topics)
                out.extend(line(figure.id, problem) for problem in problems)
        if any(len(set(p[12])) < len(p[12]) for p in self.counts):  # an item given twice
            for figure in figures:
                repeated = duplicate_problems("corroborated_by", figure.corroborated_by)
                out.extend(line(figure.id, problem) for problem in repeated)
        if any(_combination_problems(p, kinds) for p in self.counts):  # name the figures
            verdicts: Dict[Tuple[Any, ...], List[str]] = {}
            for figure in figures:
                profile = _profile_of(figure)[:10]  # the rule fields
                found = verdicts.get(profile)
                if found is None:
                    found = verdicts[profile] = _combination_problems(profile, kinds)
                out.extend(line(figure.id, problem) for problem in found)
        for figure in self.suspects:
            quote, start, end = figure.quote, figure.quote_start, figure.quote_end
            wrong = quote_problem(quote, start, end, figure.literal) or _quote_problem(
                figure.source_id, quote, start, end, sources, texts, out
            )
            if wrong is not None:
                out.append(line(figure.id, wrong))


_UPGRADE = "upgrade liaocheng-data (pip install --upgrade liaocheng-data)"
#: The tables a release in data format 3 declares and older formats take from the package.
VOCABULARY_TABLES = ("units", "measures", "topics")


def _check_format(where: str, head: Any) -> Any:
    """Refuse a release written in a newer data format, or with a unit kind this package does
    not know, before validating anything else; give a format 1 or 2 release the vocabulary
    tables of its format (returned: the metadata to validate)."""
    if not isinstance(head, dict):
        return head
    meta = cast(Dict[str, Any], head)
    declared = meta.get("format_version")
    if type(declared) is not int:  # (bool is not a version) validation reports it
        return meta
    if declared > DATA_FORMAT_VERSION:
        raise FormatVersionError(
            [
                f"{where}: format_version: the release uses data format {declared}, but "
                f"this liaocheng-data reads formats up to {DATA_FORMAT_VERSION}; {_UPGRADE}"
            ]
        )
    if declared < 3:
        if declared < 1:
            return meta  # validation reports the format
        given = [name for name in (*VOCABULARY_TABLES, "exclusions") if name in meta]
        if given:
            raise ValidationError(
                [
                    f"{where}: {name}: a release in data format {declared} takes its "
                    "vocabulary from the package; only format 3 declares its own tables"
                    for name in given
                ]
            )
        units, measures, topics = legacy_tables(declared)
        meta = {**meta, "units": units, "measures": measures, "topics": topics}
    if declared < 4:
        _refuse_change_tables(where, meta, declared)
    if declared < 3:
        return meta
    table: Any = meta.get("units")
    kinds: Set[str] = set()
    for entry in cast(Iterable[Any], table) if isinstance(table, list) else ():
        kind: Any = cast(Dict[str, Any], entry).get("kind") if isinstance(entry, dict) else None
        if isinstance(kind, str):
            kinds.add(kind)
    unknown = sorted(kinds - set(UNIT_KINDS))
    if unknown:
        raise FormatVersionError(
            [
                f"{where}: units: unit kind {kind!r} is not one this liaocheng-data knows "
                f"({', '.join(UNIT_KINDS)}); {_UPGRADE}"
                for kind in unknown
            ]
        )
    return meta


def _refuse_change_tables(where: str, meta: Dict[str, Any], declared: int) -> None:
    """A release before data format 4 declares changes of figures only: a ``table`` in its
    changes would load here but not in the liaocheng-data its format promises to suit."""
    changes: Any = meta.get("changes")
    entries: List[Any] = list(cast(Iterable[Any], changes)) if isinstance(changes, list) else []
    problems = [
        f"{where}: changes[{i}].table: a release in data format {declared} declares changes "
        "of figures only; declaring the changes of other tables is data format 4"
        for i, change in enumerate(entries)
        if isinstance(change, dict) and "table" in cast(Dict[str, Any], change)
    ]
    if problems:
        raise ValidationError(problems)


def _index_by_id(items: Sequence[_M], what: str, where: str, problems: List[str]) -> Dict[str, _M]:
    out: Dict[str, _M] = {}
    for item in items:
        key = str(getattr(item, "id"))  # noqa: B009 - every indexed model has an id
        if key in out:
            problems.append(f"{where}: {what} {key!r}: id: duplicate id")
        out[key] = item
    return out


def load_directory(
    root: Traversable,
    *,
    label: str,
    expected_version: Optional[str] = None,
    hashes: Optional[Mapping[str, str]] = None,
) -> Release:
    """Load and validate the release in ``root``; ``label`` names it in messages.

    The cyclic garbage collector is paused while the objects are built (they hold no cycles),
    which keeps the cost linear in the number of figures.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load_directory(root, label, expected_version, hashes)
    finally:
        if paused:
            gc.enable()


def _load_directory(
    root: Traversable,
    label: str,
    expected_version: Optional[str],
    hashes: Optional[Mapping[str, str]],
) -> Release:
    reader = _Reader(root, label, hashes)
    where_meta = reader.where(RELEASE_FILE)
    meta_raw = _check_format(where_meta, _parse(where_meta, reader.read(RELEASE_FILE)[1], None))
    oversized = _oversized(meta_raw)
    if oversized is not None:
        raise ValidationError([f"{where_meta}: {oversized}"])
    meta: ReleaseMetadata = _validate(_META, where_meta, meta_raw, None)
    problems = _Report()
    if expected_version is not None and meta.version != expected_version:
        problems.append(
            f"{where_meta}: version: declares {meta.version!r} but the package index lists "
            f"this directory as {expected_version!r}"
        )
    places = _index_by_id(meta.places, "place", where_meta, problems)
    organisations = _index_by_id(meta.organisations, "organisation", where_meta, problems)
    sources = _index_by_id(meta.sources, "source", where_meta, problems)
    _index_by_id(meta.measures, "measure", where_meta, problems)
    _index_by_id(meta.topics, "topic", where_meta, problems)
    codes: Set[str] = set()
    for unit in meta.units:
        if unit.code in codes:
            problems.append(f"{where_meta}: unit {unit.code!r}: code: duplicate code")
        codes.add(unit.code)
    vocabulary = Vocabulary(meta.units, meta.measures, meta.topics)
    context = {**load_context(meta.version, places, organisations, vocabulary), "owns_input": True}
    texts: Dict[str, str] = {}
    for source in meta.sources:
        try:
            data, text = reader.read(source.text)
        except ValidationError as exc:
            problems.take(exc)
            continue
        if sha256(data) != source.sha256:
            problems.append(
                f"{where_meta}: source {source.id!r}: sha256: the text {source.text} has "
                f"sha256 {sha256(data)}, not the recorded {source.sha256}"
            )
        texts[source.id] = text
    seen_exclusions: Set[Tuple[str, str, str]] = set()
    for exclusion in meta.exclusions:
        key = (exclusion.source_id, exclusion.numeral, exclusion.quote)
        if key in seen_exclusions:
            problems.append(f"{where_meta}: exclusion {exclusion.numeral!r}: quote: "
                            f"{exclusion.quote!r} listed twice")  # fmt: skip
        seen_exclusions.add(key)
        if exclusion.source_id not in sources:
            problems.append(f"{where_meta}: exclusion {exclusion.numeral!r}: source_id: unknown "
                            f"source {exclusion.source_id!r}")  # fmt: skip
        elif exclusion.source_id in texts and exclusion.quote not in texts[exclusion.source_id]:
            problems.append(f"{where_meta}: exclusion {exclusion.numeral!r}: quote: "
                            f"{exclusion.quote!r} does not occur in the text of source "
                            f"{exclusion.source_id!r}")  # fmt: skip
    figures: List[Figure] = []
    by_id: Dict[str, Figure] = {}
    figures_complete = True  # False: some figures failed, so ids cannot be checked against them
    events: List[Event] = []
    events_complete = False  # True once every event validated
    try:
        figures, by_id, figures_complete = _load_figures(
            reader, meta.format_version, context, sources, texts, problems
        )
    except ValidationError as exc:
        problems.take(exc)
        figures_complete = False
    try:
        where = reader.where(EVENTS_FILE)
        parsed = _parse(where, reader.read(EVENTS_FILE)[1], "event")
        events = _validate_records(_EVENTS, where, parsed, "event", context)
        events_complete = True
    except ValidationError as exc:
        problems.take(exc)
    place_codes = {p.code for p in meta.places if p.code is not None}
    for place in meta.places:
        if place.parent_code is not None and place.parent_code not in place_codes:
            problems.append(
                f"{where_meta}: place {place.id!r}: parent_code: {place.parent_code!r} "
                "is not the code of a place in this release"
            )
    problems.extend(_cycle_problems(meta.places, where_meta))
    for org in meta.organisations:
        if org.place is not None and org.place not in places:
            problems.append(f"{where_meta}: organisation {org.id!r}: place: unknown place "
                            f"{org.place!r}")  # fmt: skip
    if not figures and not problems.total:
        problems.append(
            f"{reader.where(FIGURES_FILE)}: holds no figure; a release has at least one"
        )
    where_events = reader.where(EVENTS_FILE)
    _index_by_id(events, "event", where_events, problems)
    for event in events:
        if event.id in by_id:
            problems.append(f"{where_events}: event {event.id!r}: id: also the id of a figure "
                            "(history and diff key records by id)")  # fmt: skip
    for event in events:
        prov = event.provenance
        problem = _quote_problem(
            prov.source_id, prov.quote, prov.start, prov.end, sources, texts, problems
        )
        if problem:
            problems.append(f"{where_events}: event {event.id!r}: provenance.{problem}")
    if meta.exclusions and figures_complete:
        problems.extend(_exclusion_problems(meta, figures, events, texts, where_meta))
    problems.extend(
        _history_problems(
            meta,
            by_id.keys() if figures_complete else None,
            where_meta,
            {e.id for e in events} if events_complete else None,
        )
    )
    if problems.total:
        raise problems.error()
    release = Release.model_construct(**meta.__dict__, figures=tuple(figures), events=tuple(events))
    vars(release)["figures_by_id"] = MappingProxyType(by_id)  # built while loading (ids unique)
    return release


#: How far around its offsets a misplaced quote is looked for, in characters.
QUOTE_WINDOW = 4096
#: For how many misplaced quotes the whole source text is searched (each search reads it all).
WHOLE_TEXT_SEARCHES = 10


def _cycle_problems(places: Sequence[Place], where: str) -> List[str]:
    """A line for each cycle in the place hierarchy (a place that is its own ancestor), which
    would make every walk up the hierarchy loop forever."""
    parent_of = {p.code: p.parent_code for p in places if p.code is not None}
    id_of = {p.code: p.id for p in places if p.code is not None}
    out: List[str] = []
    done: Set[str] = set()
    for code in parent_of:
        path: List[str] = []
        on_path: Set[str] = set()
        node: Optional[str] = code
        while node is not None and node in parent_of and node not in done:
            if node in on_path:
                cycle = path[path.index(node) :]
                out.append(
                    f"{where}: place {id_of[node]!r}: parent_code: the place hierarchy has a "
                    "cycle: " + " -> ".join([*cycle, node])
                )
                break
            path.append(node)
            on_path.add(node)
            node = parent_of[node]
        done.update(path)
    return out


def _quote_problem(
    source_id: str,
    quote: str,
    start: int,
    end: int,
    sources: Mapping[str, Source],
    texts: Mapping[str, str],
    report: _Report,
) -> Optional[str]:
    """Why the quote is not at its offsets in its source's text, or None.

    The report of a misplaced quote says where it does occur: near its offsets (looked for
    within :data:`QUOTE_WINDOW` characters), else, for the first few of the report, anywhere
    in the text; a text is never searched whole more than :data:`WHOLE_TEXT_SEARCHES` times.
    """
    if source_id not in sources:
        return f"source_id: unknown source {source_id!r}"
    text = texts.get(source_id)
    if text is None or text[start:end] == quote:
        return None  # a missing or unreadable text is reported on its own
    head = f"quote: not found at offsets {start}..{end} of source {source_id!r}"
    if report.full:
        return head  # counted, not shown: no search
    low = max(0, min(start, len(text)) - QUOTE_WINDOW)
    found = text.find(quote, low, min(len(text), end + QUOTE_WINDOW))
    if found < 0 and report.total < WHOLE_TEXT_SEARCHES:
        found = text.find(quote)
        if found < 0:
            return f"{head}; it does not occur in the source text at all"
    if found < 0:
        return f"{head}; it does not occur within {QUOTE_WINDOW} characters of them"
    return f"{head}; it occurs at {found}..{found + len(quote)}"


def _exclusion_problems(
    meta: ReleaseMetadata,
    figures: Sequence[Figure],
    events: Sequence[Event],
    texts: Mapping[str, str],
    where: str,
) -> List[str]:
    """A line for each exclusion that can never exclude anything: its numeral is only part
    of a larger numeral, or already a figure's or event's literal (see
    :func:`~liaocheng_data.completeness.exclusion_problem`)."""
    out: List[str] = []
    for source_id, text in texts.items():
        mine = [e for e in meta.exclusions if e.source_id == source_id]
        if not mine:
            continue
        covered: List[Tuple[int, int]] = []
        placed = [(f.source_id, f.quote, f.quote_start, f.literal) for f in figures]
        placed += [(e.provenance.source_id, e.provenance.quote, e.provenance.start,
                    e.provenance.literal) for e in events]  # fmt: skip
        for item_source, quote, begin, literal in placed:
            if item_source != source_id:
                continue
            i = quote.find(literal)
            while i >= 0:
                covered.append((begin + i, begin + i + len(literal)))
                i = quote.find(literal, i + 1)
        pairs = [(e.numeral, e.quote) for e in mine]
        for position, problem in useless_exclusions(text, pairs, covered):
            out.append(f"{where}: exclusion {mine[position].numeral!r}: {problem}")
    return out


def _record_keys(
    meta: ReleaseMetadata, event_ids: Optional[AbstractSet[str]]
) -> Dict[str, AbstractSet[str]]:
    """The keys of each table other than the figures, as a change names them (the events'
    left out when they failed validation)."""
    keys: Dict[str, AbstractSet[str]] = {
        "source": {r.id for r in meta.sources},
        "place": {r.id for r in meta.places},
        "organisation": {r.id for r in meta.organisations},
        "unit": {r.code for r in meta.units},
        "measure": {r.id for r in meta.measures},
        "topic": {r.id for r in meta.topics},
        "metadata": frozenset(METADATA_CHANGE_FIELDS),
    }
    if event_ids is not None:
        keys["event"] = event_ids
    return keys


def _history_problems(
    meta: ReleaseMetadata,
    figure_ids: Optional[AbstractSet[str]],
    where: str,
    event_ids: Optional[AbstractSet[str]] = None,
) -> List[str]:
    """Check that changes, aliases and retractions agree with each other, the figures and
    the other tables (``figure_ids`` or ``event_ids`` None: some records failed validation, so
    which ids the release has is not known, and the checks against them are skipped rather
    than report every one)."""
    out: List[str] = []
    checked = figure_ids is not None
    known: AbstractSet[str] = figure_ids or frozenset()
    this = version_key(meta.version)
    if meta.previous_version is not None and version_key(meta.previous_version) >= this:
        out.append(f"{where}: previous_version: {meta.previous_version} is not older than "
                   f"{meta.version}")  # fmt: skip
    alias_of: Dict[str, Alias] = {}
    for a in meta.aliases:
        head = f"{where}: alias {a.old_id!r}"
        if a.old_id in alias_of:
            out.append(f"{head}: old_id: listed twice")
        alias_of[a.old_id] = a
        if checked and a.new_id not in known:
            out.append(f"{head}: new_id: {a.new_id!r} is not a figure of this release")
        if a.old_id in known:
            out.append(f"{head}: old_id: still the id of a figure of this release")
        if version_key(a.since) > this:
            out.append(f"{head}: since: {a.since} is after this release")
    retracted: Dict[str, Retraction] = {}
    for r in meta.retractions:
        head = f"{where}: retraction {r.id!r}"
        if r.id in retracted:
            out.append(f"{head}: id: listed twice")
        retracted[r.id] = r
        if r.id in known:
            out.append(f"{head}: id: still the id of a figure of this release")
        if r.id in alias_of:
            out.append(f"{head}: id: also an alias")
        if version_key(r.since) > this:
            out.append(f"{head}: since: {r.since} is after this release")
    changed: Set[Tuple[str, str, str, Optional[str]]] = set()
    keys = _record_keys(meta, event_ids)
    for c in meta.changes:
        head = f"{where}: change {c.kind} {c.id!r}"
        if c.table != "figure":
            head = f"{where}: change {c.kind} {c.table} {c.id!r}"
        if (c.table, c.kind, c.id, c.old_id) in changed:
            out.append(f"{head}: listed twice")
        changed.add((c.table, c.kind, c.id, c.old_id))
        if c.table != "figure":
            present = keys.get(c.table)
            if present is None:  # the table failed validation (events): not known
                continue
            if c.kind == "retracted" and c.id in present:
                out.append(f"{head}: id: still in the {c.table} table of this release")
            elif c.kind != "retracted" and c.id not in present:
                out.append(f"{head}: id: not in the {c.table} table of this release")
            continue
        if c.kind == "retracted":
            withdrawn = retracted.get(c.id)
            if withdrawn is None or withdrawn.since != meta.version:
                out.append(f"{head}: id: needs a retraction with since {meta.version}")
            continue
        if checked and c.id not in known:
            out.append(f"{head}: id: not a figure of this release")
        if c.kind == "renamed":
            alias = alias_of.get(c.old_id or "")
            if alias is None or alias.new_id != c.id or alias.since != meta.version:
                out.append(f"{head}: old_id: needs an alias {c.old_id!r} -> {c.id!r} with "
                           f"since {meta.version}")  # fmt: skip
    return out


# --- the shipped releases, and releases contributed through entry points -------------

#: Entry-point group through which other packages contribute data releases. The entry point's
#: name is the release version; its value loads to a release directory (a path, a
#: Traversable, or a callable returning one). It can never replace a shipped version.
ENTRY_POINT_GROUP = "liaocheng_data.releases"

_lock = threading.RLock()
if hasattr(os, "register_at_fork"):  # POSIX
    # After os.fork() the child has one thread: a lock another thread of the parent held (in
    # the middle of a first load) would never be released, so the child resets it, as the
    # threading module resets its own locks. The hook is the lock's own method, not a
    # function of this module: a Python function registered here would keep this module's
    # globals (and through them every model and validator) alive past the interpreter's
    # first garbage collection at exit, which then frees them one by one (about 5 ms more
    # at every exit).
    os.register_at_fork(after_in_child=getattr(_lock, "_at_fork_reinit"))  # noqa: B009
_cache: Dict[str, Release] = {}
_index: Optional[Dict[str, Tuple[str, Dict[str, str]]]] = None
_plugins: Optional[Dict[str, importlib.metadata.EntryPoint]] = None
_shipped_sorted: Optional[Tuple[str, ...]] = None
#: Entry-point releases that failed to load: version -> the error, raised again when asked for.
_broken: Dict[str, ValidationError] = {}
#: Broken entry-point releases already warned about (a warning once per process).
_warned: Set[str] = set()


def _shipped_index() -> Dict[str, Tuple[str, Dict[str, str]]]:
    """Map each shipped version to (directory under data/, {file: sha256}); read once.

    A damaged manifest raises :class:`~liaocheng_data.errors.IntegrityError` at every call
    (nothing is cached until it reads correctly).
    """
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = release_entries()
    return _index


def _entry_points(group: str) -> Tuple[importlib.metadata.EntryPoint, ...]:
    """The installed entry points of ``group`` (the one place entry points are looked up)."""
    found: Any = importlib.metadata.entry_points()
    if hasattr(found, "select"):  # Python 3.10+
        return tuple(found.select(group=group))
    return tuple(found.get(group, ()))  # Python 3.9: a dict of lists


def _plugin_index() -> Dict[str, importlib.metadata.EntryPoint]:
    """Map each entry-point version to its entry point; discovered once, shipped versions win.

    Called only when a release is asked for that is not shipped, or when the available
    releases are listed: reading a shipped release never scans the installed distributions.
    """
    global _plugins
    if _plugins is None:
        with _lock:
            if _plugins is None:
                shipped = _shipped_index()
                found: Dict[str, importlib.metadata.EntryPoint] = {}
                for ep in _entry_points(ENTRY_POINT_GROUP):
                    where = f"entry point {ep.name} = {ep.value} in group {ENTRY_POINT_GROUP}"
                    if ep.name in shipped:
                        reason = f"data release {ep.name} ships with liaocheng-data"
                    elif not is_version(ep.name):
                        reason = "its name is not a MAJOR.MINOR.PATCH version"
                    elif ep.name in found:
                        reason = f"another entry point already provides {ep.name}"
                    else:
                        found[ep.name] = ep
                        continue
                    warnings.warn(f"ignoring {where}: {reason}", RuntimeWarning, stacklevel=2)
                _plugins = found
    return _plugins


def shipped_files(version: str) -> Tuple[str, Dict[str, str]]:
    """The directory (under ``data/``) and the manifest ``{file: sha256}`` of a shipped release."""
    path, hashes = _shipped_index()[version]
    return path, dict(hashes)


def shipped_versions() -> Tuple[str, ...]:
    """The versions of the releases shipped with the package, oldest first."""
    global _shipped_sorted
    if _shipped_sorted is None:
        _shipped_sorted = tuple(sorted(_shipped_index(), key=version_key))
    return _shipped_sorted


def newest_shipped() -> str:
    """The newest shipped version (the default release and ``DATA_VERSION``), from the
    package manifest."""
    return newest_release()


def available_versions() -> Tuple[str, ...]:
    """Shipped and entry-point versions, oldest first (reads no release); an entry-point
    release already found broken is left out.
    """
    plugins = [v for v in _plugin_index() if v not in _broken]
    return tuple(sorted({*_shipped_index(), *plugins}, key=version_key))


def _plugin_root(ep: importlib.metadata.EntryPoint) -> Traversable:
    where = f"entry point {ep.name} = {ep.value}"
    try:
        target = ep.load()
        if callable(target):
            target = target()
    except Exception as exc:  # a third party's code: report, never crash
        raise ValidationError([f"{where}: could not be loaded: {exc!r}"]) from None
    if isinstance(target, (str, os.PathLike)):
        return cast(Traversable, Path(cast(str, target)))
    if hasattr(target, "joinpath") and hasattr(target, "read_bytes"):
        return cast(Traversable, target)
    raise ValidationError([f"{where}: gives {type(target).__name__}, not a release directory"])


def cached_release(version: str) -> Release:
    """The shipped (or entry-point) release ``version``: loaded, validated and cached on first
    use. Thread-safe: concurrent first calls load once and all get the same object.
    """
    try:
        return _cache[version]
    except KeyError:
        pass
    index = _shipped_index()
    with _lock:
        if version in _cache:
            return _cache[version]
        if version in index:
            path, hashes = index[version]
            root = data_root()
            for part in path.split("/"):
                root = root.joinpath(part)
            label = f"liaocheng_data/data/{path}"
            try:
                loaded = load_directory(root, label=label, expected_version=version, hashes=hashes)
            except ValidationError as exc:  # the files match the manifest, or it is damaged
                raise IntegrityError(
                    f"{label}: the shipped data release {version} does not load; the installed "
                    f"package or its manifest is damaged ({repair_hint()}): {exc}"
                ) from None
        elif version in _plugin_index():
            loaded = _load_plugin(version, _plugin_index()[version])
        else:
            raise ReleaseNotFoundError(
                f"no data release {version!r}; available: " + ", ".join(available_versions())
            )
        _cache[version] = loaded
        return loaded


_vocabularies: Dict[str, Vocabulary] = {}


def _release_vocabulary(version: str) -> Optional[Vocabulary]:
    """The vocabulary of the available (shipped or entry-point) release ``version``, loading
    it if need be; None when there is no such release or it cannot be loaded."""
    found = _vocabularies.get(version)
    if found is None:
        try:
            rel = cached_release(version)
        except LiaochengDataError:
            return None
        found = _vocabularies[version] = Vocabulary(rel.units, rel.measures, rel.topics)
    return found


set_vocabulary_lookup(_release_vocabulary)


def _load_plugin(version: str, ep: importlib.metadata.EntryPoint) -> Release:
    """Load an entry-point release; a failure is remembered and raised again on every ask."""
    known = _broken.get(version)
    if known is not None:
        raise type(known)(known.problems)
    label = f"entry point {ep.name} = {ep.value}"
    try:
        return load_directory(_plugin_root(ep), label=label, expected_version=version)
    except ValidationError as exc:
        _broken[version] = exc
        raise
    except Exception as exc:  # a third party's Traversable: report, never crash
        error = ValidationError([f"{label}: could not be read: {exc!r}"])
        _broken[version] = error
        raise error from None


def broken_releases() -> Dict[str, str]:
    """Entry-point releases found broken so far: version -> why (the error's message)."""
    return {version: str(exc) for version, exc in sorted(_broken.items())}


def check_plugins() -> Dict[str, str]:
    """Load every entry-point release not loaded yet; return :func:`broken_releases`."""
    for version in _plugin_index():
        with contextlib.suppress(ValidationError):  # recorded in _broken
            cached_release(version)
    return broken_releases()


def loadable_releases() -> Tuple[Release, ...]:
    """Every available release that loads, oldest first. A broken entry-point release is
    skipped with one :class:`RuntimeWarning` per process, so that it never breaks an accessor
    over all releases; a shipped release that fails to load raises (it is damage).
    """
    out: List[Release] = []
    for version in available_versions():
        try:
            out.append(cached_release(version))
        except ValidationError as exc:
            if version not in _broken:
                raise
            if version not in _warned:
                _warned.add(version)
                warnings.warn(
                    f"skipping data release {version}, contributed through an entry point, "
                    f"which does not load: {exc}",
                    RuntimeWarning,
                    stacklevel=3,
                )
    return tuple(out)


def load_path(path: Union[str, Path]) -> Release:
    """Load a release directory from disk (not cached: it may be being edited)."""
    root = Path(path)
    if not root.is_dir():
        raise ValidationError([f"{root}: not a directory"])
    return load_directory(root, label=str(root))


def release_root(version: str) -> Traversable:
    """The directory of the available release ``version`` (shipped or from an entry point),
    for reading its files as they are (``liaocheng-data release init`` copies them).
    """
    index = _shipped_index()
    if version in index:
        root = data_root()
        for part in index[version][0].split("/"):
            root = root.joinpath(part)
        return root
    if version in _plugin_index():
        return _plugin_root(_plugin_index()[version])
    raise ReleaseNotFoundError(
        f"no data release {version!r}; available: " + ", ".join(available_versions())
    )
