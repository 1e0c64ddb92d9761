"""Verifying the installed package, and the figures against a reader's own copy of a source.

:func:`verify` checks every file the installed distribution's ``RECORD`` lists against the
hash pip recorded (code, data and metadata), every shipped data file against the package
manifest (``data/index.json``), that no release directory holds a file its manifest does not
list, and that every shipped release loads. Its report has one of three states: ``ok``,
``problems``, or ``partial`` when something could not be checked (an editable install, whose
``RECORD`` does not list the package's files); only ``ok`` is ok.

Examples:
    >>> report = verify()
    >>> report.state in ("ok", "partial"), report.problems
    (True, ())
"""

import base64
import csv
import hashlib
import importlib.metadata
import os
import stat
from os import PathLike
from pathlib import Path
from typing import Callable, List, NamedTuple, Optional, Tuple, Union

from ._loader import shipped_files, shipped_versions
from ._resources import Traversable, data_root, sha256
from .api import ReleaseRef
from .api import release as _release
from .errors import IntegrityError, LiaochengDataError, ValidationError
from .models import Release, Source
from .sourcetext import NORMALIZERS, fold, normalize

__all__ = ["DISTRIBUTION", "MAX_COPY_BYTES", "SourceChoiceError", "VerifyReport", "verify"]

#: The distribution whose ``RECORD`` :func:`verify` checks.
DISTRIBUTION = "liaocheng-data"

#: The largest copy of a source :func:`verify` reads (an article is some kilobytes).
MAX_COPY_BYTES = 16 * 1024 * 1024


class SourceChoiceError(LiaochengDataError, ValueError):
    """``verify(source=...)`` cannot tell which source of the release the copy is of."""


class VerifyReport(NamedTuple):
    """The outcome of :func:`verify`: ``state`` is ``ok``, ``problems`` (one readable line
    each in ``problems``) or ``partial`` (``unchecked`` says what could not be checked);
    ``ok`` is true only in state ``ok``.
    """

    ok: bool
    problems: Tuple[str, ...]
    files_checked: int
    quotes_checked: int
    state: str = "ok"
    unchecked: Tuple[str, ...] = ()


def _node(path: str) -> Traversable:
    node = data_root()
    for part in path.split("/"):
        node = node.joinpath(part)
    return node


def _tree(root: Traversable, prefix: str, out: List[str]) -> None:
    for child in root.iterdir():
        if child.is_dir():
            _tree(child, f"{prefix}{child.name}/", out)
        else:
            out.append(prefix + child.name)


def _check_data(problems: List[str]) -> int:
    """The shipped data against the manifest: hashes, unlisted files, and a load of each."""
    try:
        versions = shipped_versions()
    except LiaochengDataError as exc:  # the manifest itself is damaged
        problems.append(str(exc))
        return 0
    checked = 0
    for version in versions:
        before = len(problems)
        path, hashes = shipped_files(version)
        for name, expected in sorted(hashes.items()):
            node = _node(f"{path}/{name}")
            where = f"liaocheng_data/data/{path}/{name}"
            checked += 1
            if not node.is_file():
                problems.append(f"{where}: missing from the installed package")
            elif sha256(node.read_bytes()) != expected:
                problems.append(f"{where}: sha256 differs from the package manifest")
        root = _node(path)
        held: List[str] = []
        if root.is_dir():
            _tree(root, "", held)
        for name in sorted(set(held) - set(hashes)):
            problems.append(f"liaocheng_data/data/{path}/{name}: in the release directory but "
                            "not listed in the package manifest")  # fmt: skip
        if len(problems) == before:  # the files are intact: now validate their content
            try:
                _release(version)
            except LiaochengDataError as exc:
                problems.append(f"data release {version}: {exc}")
    return checked


def _record_digest(algorithm: str, data: bytes) -> str:
    digest = hashlib.new(algorithm, data).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _check_record(problems: List[str], unchecked: List[str]) -> int:
    """Every file of the distribution against its RECORD (what the installer wrote)."""
    package = Path(__file__).resolve().parent
    try:
        dist = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        unchecked.append(f"the package's code and data at {package}: no installed "
                         f"{DISTRIBUTION} distribution lists them (a source tree?)")  # fmt: skip
        return 0
    record_text = dist.read_text("RECORD")
    if record_text is None:
        unchecked.append(f"the package's code and data at {package}: the {DISTRIBUTION} "
                         "distribution has no RECORD")  # fmt: skip
        return 0
    # RECORD read as written: importlib.metadata's files() leaves out missing files (3.12+)
    rows = [row for row in csv.reader(record_text.splitlines()) if row and row[0]]
    located = {row[0]: Path(str(dist.locate_file(row[0]))) for row in rows}
    covered = {path.resolve() for path in located.values()}
    if (package / "__init__.py") not in covered:
        unchecked.append(f"the package's code and data at {package}: not listed in the "
                         f"{DISTRIBUTION} distribution's RECORD (an editable install?); the "
                         "data was checked against the package manifest only")  # fmt: skip
    checked = 0
    for row in rows:
        name, digest = row[0], (row[1] if len(row) > 1 else "")
        if not digest:  # RECORD itself, and files an installer does not hash
            continue
        algorithm, _, expected = digest.partition("=")
        path = located[name]
        checked += 1
        where = f"{path} (listed in the {DISTRIBUTION} RECORD)"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            problems.append(f"{where}: missing")
            continue
        except OSError as exc:
            problems.append(f"{where}: cannot be read ({exc.strerror or exc})")
            continue
        try:
            actual = _record_digest(algorithm, data)
        except ValueError:
            problems.append(f"{where}: unknown hash algorithm {algorithm!r}")
            continue
        if actual != expected:
            problems.append(f"{where}: {algorithm} differs from the RECORD")
    if (package / "__init__.py") in covered:  # files added to the installed package
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path not in covered:
                problems.append(f"{path}: in the installed package but not listed in the "
                                f"{DISTRIBUTION} RECORD")  # fmt: skip
    return checked


def _normalizer(source: Source) -> Callable[[str], str]:
    """The normalizer the source records (``Source.normalizer``; None: the repost's)."""
    return normalize if source.normalizer is None else NORMALIZERS[source.normalizer]


def _choose_source(rel: Release, source_id: Optional[str], path: str) -> Source:
    ours = {s.id: s for s in rel.sources}
    choices = ", ".join(ours)
    if source_id is not None:
        if source_id not in ours:
            raise SourceChoiceError(f"data release {rel.version} has no source {source_id!r}; "
                                    f"its sources: {choices}")  # fmt: skip
        return ours[source_id]
    if len(ours) != 1:
        raise SourceChoiceError(
            f"data release {rel.version} has {len(ours)} sources ({choices}); say which one "
            f"{path} is a copy of with source_id=ID (command line: --source-id ID)"
        )
    return next(iter(ours.values()))


def _read_copy(path: str) -> bytes:
    """The bytes of a reader's copy: a regular file of at most :data:`MAX_COPY_BYTES`.

    It is opened without blocking and checked before it is read, so a FIFO, a device such as
    ``/dev/zero``, a directory or a huge (even sparse) file is refused at once.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a directory" if stat.S_ISDIR(mode) else "a pipe, socket or device"
        raise OSError(f"not a regular file but {kind}")
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(MAX_COPY_BYTES + 1)
    if len(data) > MAX_COPY_BYTES:
        raise OSError(f"larger than the limit of {MAX_COPY_BYTES} bytes for a copy of a source")
    return data


def _check_copy(path: str, rel: Release, source: Source, problems: List[str]) -> int:
    try:
        raw = _read_copy(path).decode("utf-8")
        text = _normalizer(source)(raw)
    except (OSError, UnicodeDecodeError, LiaochengDataError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        problems.append(f"{path}: cannot be read as the text of source {source.id}: {reason}")
        return 0
    folded = fold(text)
    checked = 0
    items = [("figure", f.id, f.provenance) for f in rel.figures]
    items += [("event", e.id, e.provenance) for e in rel.events]
    for kind, item_id, prov in items:
        if prov.source_id != source.id:
            continue
        checked += 1
        if text[prov.start : prov.end] == prov.quote:
            continue  # same layout as ours: the quote stands at its offsets
        if fold(prov.quote) not in folded:
            problems.append(
                f"{kind} {item_id}: the quote “{prov.quote}” (literal {prov.literal}) is not "
                f"in {path}"
            )
    return checked


def verify(
    *,
    source: "Union[str, PathLike[str], None]" = None,
    source_id: Optional[str] = None,
    release: ReleaseRef = None,
) -> VerifyReport:
    """Check the installed package: every file against the distribution's ``RECORD``, the
    data against the package manifest (no file changed, missing or unlisted), and a load of
    every shipped release; with ``source``, also check every quote of ``release`` (default:
    the newest) that cites ``source_id`` against that copy of the source.

    ``source_id`` may be left out when the release has one source; with several, a
    :class:`SourceChoiceError` names them. The copy is normalized as the source records
    (``Source.normalizer``; the repost's normalizer when none is recorded), and a copy whose
    punctuation width or layout differs from ours is compared after folding punctuation and
    white space.
    """
    problems: List[str] = []
    unchecked: List[str] = []
    files = _check_record(problems, unchecked)
    files += _check_data(problems)
    quotes = 0
    if source is not None:
        try:
            rel: Optional[Release] = _release(release)
        except (IntegrityError, ValidationError) as exc:  # damage: reported, not raised
            problems.append(f"{source}: not checked: {exc}")
            rel = None
        if rel is not None:
            chosen = _choose_source(rel, source_id, str(source))
            quotes = _check_copy(str(source), rel, chosen, problems)
    if files == 0 and not problems:
        unchecked.append("no installed file could be checked")
    state = "problems" if problems else ("partial" if unchecked else "ok")
    return VerifyReport(state == "ok", tuple(problems), files, quotes, state, tuple(unchecked))
