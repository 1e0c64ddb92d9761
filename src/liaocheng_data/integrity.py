"""Verifying the installed data, and the figures against a reader's own copy of the article.

Examples:
    >>> report = verify()
    >>> report.ok, report.problems
    (True, ())
"""

import os
import stat
from os import PathLike
from typing import List, NamedTuple, Tuple, Union

from ._loader import shipped_files, shipped_versions
from ._resources import data_root, sha256
from .api import ReleaseRef
from .api import release as _release
from .errors import LiaochengDataError
from .models import Release
from .sourcetext import fold, normalize

__all__ = ["VerifyReport", "verify"]


class VerifyReport(NamedTuple):
    """The outcome of :func:`verify`: ``ok`` and one readable line per problem."""

    ok: bool
    problems: Tuple[str, ...]
    files_checked: int
    quotes_checked: int


def _check_files(problems: List[str]) -> int:
    checked = 0
    for version in shipped_versions():
        before = len(problems)
        path, hashes = shipped_files(version)
        for name, expected in sorted(hashes.items()):
            node = data_root()
            for part in f"{path}/{name}".split("/"):
                node = node.joinpath(part)
            where = f"liaocheng_data/data/{path}/{name}"
            checked += 1
            if not node.is_file():
                problems.append(f"{where}: missing from the installed package")
            elif sha256(node.read_bytes()) != expected:
                problems.append(f"{where}: sha256 differs from the package manifest")
        if len(problems) == before:  # the files are intact: now validate their content
            try:
                _release(version)
            except LiaochengDataError as exc:
                problems.append(f"data release {version}: {exc}")
    return checked


#: The largest copy of the article that ``verify(source=...)`` reads (the article is a few
#: kilobytes; a copy saved as a web page, a few megabytes).
MAX_COPY_BYTES = 16 * 1024 * 1024


def _read_copy(path: str) -> bytes:
    """A reader's copy of the article: a regular file (never a FIFO or a device, which would
    block or never end) of at most :data:`MAX_COPY_BYTES`."""
    info = os.stat(path)  # checked before opening: opening a FIFO blocks
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"not a regular file ({stat.filemode(info.st_mode)})")
    with open(path, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced meanwhile
            raise OSError("not a regular file")
        data = handle.read(MAX_COPY_BYTES + 1)
    if len(data) > MAX_COPY_BYTES:
        raise OSError(f"larger than the limit of {MAX_COPY_BYTES} bytes for a copy")
    return data


def _check_copy(path: str, rel: Release, problems: List[str]) -> int:
    try:
        raw = _read_copy(path).decode("utf-8")
        text = normalize(raw)
    except (OSError, UnicodeDecodeError, LiaochengDataError) as exc:
        problems.append(f"{path}: cannot be read as the article: {exc}")
        return 0
    ours = {s.id: s for s in rel.sources}
    if len(ours) != 1:
        problems.append(f"data release {rel.version} has {len(ours)} sources; name one")
        return 0
    folded = fold(text)
    checked = 0
    items = [("figure", f.id, f.provenance) for f in rel.figures]
    items += [("event", e.id, e.provenance) for e in rel.events]
    for kind, item_id, prov in items:
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
    *, source: "Union[str, PathLike[str], None]" = None, release: ReleaseRef = None
) -> VerifyReport:
    """Check the installed data files against the package manifest and load every shipped
    release; with ``source``, also check every quote of ``release`` (default: the newest)
    against that copy of the article.

    ``source`` may be the repost as received or a clean text; it is normalized first, and a
    copy whose punctuation width or layout differs from ours is compared after folding
    punctuation and white space.
    """
    problems: List[str] = []
    files = _check_files(problems)
    quotes = 0
    if source is not None:
        rel = _release(release)
        quotes = _check_copy(str(source), rel, problems)
    return VerifyReport(not problems, tuple(problems), files, quotes)
