"""The package manifest ``data/index.json``: shipped releases and vocabularies, and their hashes.

It is read on first use, never at import, so that a damaged or missing manifest breaks only
what needs it (``import liaocheng_data`` and ``liaocheng-data --version`` never do). The
newest release it lists is :data:`liaocheng_data.DATA_VERSION` and the default release:
shipping a data release changes the manifest, not a Python file.

Formats 1 and 2 of the release files carry no vocabulary tables: they take the units,
measures and topics the package had when they were written, from a file listed here (and
locked in ``RELEASES.lock`` like a release), so that their meaning never changes.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple, cast

from ._manifest_format import entries_of, manifest_fault, parse_manifest
from ._resources import Traversable, data_root, sha256
from .errors import IntegrityError

__all__ = [
    "INDEX_FILE",
    "LEGACY_VOCABULARIES",
    "checkout_root",
    "legacy_vocabulary",
    "newest_release",
    "release_entries",
    "repair_hint",
    "version_key",
]

INDEX_FILE = "index.json"

#: The vocabulary file (under ``data/``) of each data format whose releases carry no tables.
LEGACY_VOCABULARIES: Mapping[int, str] = {
    1: "vocabularies/legacy.json",
    2: "vocabularies/legacy.json",
}

_lock = threading.RLock()
if hasattr(os, "register_at_fork"):  # POSIX: a child forked mid-read gets a free lock
    os.register_at_fork(after_in_child=getattr(_lock, "_at_fork_reinit"))  # noqa: B009
_index: Optional[Dict[str, Any]] = None
_vocabularies: Dict[str, Dict[str, Any]] = {}


def version_key(version: str) -> Tuple[int, int, int]:
    """Sort key of a MAJOR.MINOR.PATCH version.

    Examples:
        >>> sorted(["1.10.0", "1.2.0"], key=version_key)
        ['1.2.0', '1.10.0']
    """
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


def checkout_root() -> Optional[Path]:
    """The repository root when the package runs from a development checkout (an editable
    install, with ``scripts/update_manifest.py`` beside ``src/``), else None."""
    root = data_root()
    if not isinstance(root, Path):
        return None
    top = root.resolve().parents[2]
    return top if (top / "scripts" / "update_manifest.py").is_file() else None


def repair_hint() -> str:
    """How to repair data that disagrees with the manifest, for this installation."""
    if checkout_root() is not None:
        return (
            "in this development checkout, rebuild the manifest after editing data: "
            "python scripts/update_manifest.py"
        )
    return "the installed data was changed or damaged (reinstall liaocheng-data)"


def _damaged(problem: str) -> IntegrityError:
    return manifest_fault(problem, repair_hint())


def _read_index() -> Dict[str, Any]:
    """The manifest, every part of it checked (:func:`parse_manifest`): any fault of it is an
    IntegrityError naming it; nothing is cached until it reads correctly."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                try:
                    data = data_root().joinpath(INDEX_FILE).read_bytes()
                except (FileNotFoundError, KeyError):  # KeyError: a zip without the member
                    raise _damaged("missing") from None
                except OSError as exc:
                    raise _damaged(f"cannot be read ({exc.strerror or exc})") from None
                _index = parse_manifest(data, repair_hint())
    return _index


def release_entries() -> Dict[str, Tuple[str, Dict[str, str]]]:
    """Each shipped version -> (its directory under ``data/``, ``{file: sha256}``)."""
    return entries_of(_read_index())


#: The manifest :func:`newest_release` last read, and its answer: every ``get()`` without a
#: release asks, so the answer is kept for as long as the manifest read is the same object.
_newest: Tuple[Optional[Dict[str, Any]], str] = (None, "")


def newest_release() -> str:
    """The newest release the manifest lists: ``DATA_VERSION`` and the default release."""
    global _newest
    index = _read_index()
    seen, newest = _newest
    if seen is index:
        return newest
    versions = sorted(entries_of(index), key=version_key)
    if not versions:
        raise _damaged("lists no release")
    _newest = (index, versions[-1])
    return versions[-1]


def _node(path: str) -> Traversable:
    node = data_root()
    for part in path.split("/"):
        node = node.joinpath(part)
    return node


def legacy_vocabulary(data_format: int) -> Dict[str, Any]:
    """The vocabulary tables (``units``, ``measures``, ``topics``) that releases written in
    ``data_format`` (1 or 2) take from the package, as parsed JSON, checked against the manifest.
    """
    path = LEGACY_VOCABULARIES[data_format]
    found = _vocabularies.get(path)
    if found is not None:
        return found
    with _lock:
        hashes: Any = _read_index().get("vocabularies")
        expected = cast(Dict[str, Any], hashes).get(path) if isinstance(hashes, dict) else None
        where = f"liaocheng_data/data/{path}"
        if expected is None:
            raise IntegrityError(f"{where}: not listed in the package manifest; {repair_hint()}")
        try:
            data = _node(path).read_bytes()
        except OSError as exc:
            raise IntegrityError(f"{where}: cannot be read ({exc}); {repair_hint()}") from None
        if sha256(data) != expected:
            raise IntegrityError(
                f"{where}: sha256 differs from the package manifest; {repair_hint()}"
            )
        parsed = cast(Dict[str, Any], json.loads(data))
        _vocabularies[path] = parsed
        return parsed
