"""The layout of the package manifest ``data/index.json``, and its checks.

The manifest lists each shipped release's directory and the sha256 of every file in it (and,
from data format 3, the package's vocabulary files). Every fault of it is an
:class:`~liaocheng_data.errors.IntegrityError` that names the fault: the loader trusts the
hashes it lists, so nothing of a damaged manifest may be used.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Tuple, cast

from .errors import IntegrityError

__all__ = [
    "INDEX_VERSION",
    "MANIFEST",
    "REPAIR",
    "entries_of",
    "manifest_fault",
    "parse_manifest",
]

#: The layout of ``data/index.json`` (its ``index_version``) this package reads.
INDEX_VERSION = 1
MANIFEST = "liaocheng_data/data/index.json"
#: A release-relative path in the manifest: ASCII names joined by ``/``; none starts with a
#: dot, so ``.`` and ``..`` never occur.
_SAFE_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ASCII_VERSION = re.compile(r"(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)")

#: How to repair a damaged manifest, unless the caller knows better.
REPAIR = (
    "the installed package is damaged (reinstall liaocheng-data; in a development checkout, "
    "run scripts/update_manifest.py)"
)


def manifest_fault(problem: str, hint: str = REPAIR) -> IntegrityError:
    """The error for a fault of the manifest: it names the file, the fault and the repair."""
    return IntegrityError(f"{MANIFEST} (the package manifest): {problem}; {hint}")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_manifest(data: bytes, hint: str = REPAIR) -> Dict[str, Any]:
    """The manifest ``data/index.json`` parsed from its bytes, every part of it checked: any
    fault (bad UTF-8 or JSON, an unknown ``index_version``, a missing key, a wrong type, an
    unsafe path, a malformed hash, no releases) raises
    :class:`~liaocheng_data.errors.IntegrityError` naming it (``hint`` says how to repair).

    Examples:
        >>> parse_manifest(b'{"index_version": 1, "releases": {}}')
        Traceback (most recent call last):
          ...
        liaocheng_data.errors.IntegrityError: liaocheng_data/data/index.json (the package manifest): releases: lists no data release; ...
    """  # noqa: E501
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise manifest_fault(f"not valid UTF-8 at byte {exc.start}", hint) from None

    def pairs_hook(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            raise ValueError("a key given twice in one object")
        return obj

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        raw: Any = json.loads(text, object_pairs_hook=pairs_hook, parse_constant=constant)
    except RecursionError:
        raise manifest_fault("invalid JSON: nested too deeply", hint) from None
    except ValueError as exc:
        raise manifest_fault(f"invalid JSON: {exc}", hint) from None

    def fault(problem: str) -> IntegrityError:
        return manifest_fault(problem, hint)

    if not isinstance(raw, dict):
        raise fault(f"not a JSON object but {type(raw).__name__}")
    top = cast(Dict[str, Any], raw)
    if "index_version" not in top:
        raise fault("index_version: missing")
    index_version = top["index_version"]
    if type(index_version) is not int or index_version != INDEX_VERSION:
        raise fault(f"index_version: {_shown(index_version)} is not the index version "
                     f"this liaocheng-data reads ({INDEX_VERSION})")  # fmt: skip
    releases = top.get("releases")
    if not isinstance(releases, dict):
        raise fault("releases: " + ("missing" if releases is None else
                                     f"not an object but {_shown(releases)}"))  # fmt: skip
    if not releases:
        raise fault("releases: lists no data release")
    for version, entry in cast(Dict[str, Any], releases).items():
        head = f"releases: {_shown(version)}"
        if not _ASCII_VERSION.fullmatch(version):
            raise fault(f"{head}: not a MAJOR.MINOR.PATCH version")
        if not isinstance(entry, dict):
            raise fault(f"{head}: not an object but {_shown(entry)}")
        fields = cast(Dict[str, Any], entry)
        for key in sorted({"path", "files"} - set(fields)):
            raise fault(f"{head}: {key}: missing")
        for key in sorted(set(fields) - {"path", "files"}):
            raise fault(f"{head}: {_shown(key)}: unknown key")
        path, files = fields["path"], fields["files"]
        if not isinstance(path, str) or not _SAFE_PATH.fullmatch(path):
            raise fault(f"{head}: path: {_shown(path)} is not a relative path")
        if not isinstance(files, dict) or not files:
            raise fault(f"{head}: files: {_shown(files)} is not a list of files")
        for name, digest in cast(Dict[str, Any], files).items():
            if not _SAFE_PATH.fullmatch(name):
                raise fault(f"{head}: files: {_shown(name)} is not a relative path")
            if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
                raise fault(f"{head}: files: {name}: {_shown(digest)} is not a sha256")
    vocabularies = top.get("vocabularies", {})  # format 3's vocabulary files, when listed
    if not isinstance(vocabularies, dict) or not all(
        isinstance(v, str) and _SAFE_PATH.fullmatch(k) and _SHA256.fullmatch(v)
        for k, v in cast(Dict[str, Any], vocabularies).items()
    ):
        raise fault(f"vocabularies: {_shown(vocabularies)} is not a list of files")
    return top


def entries_of(manifest: Dict[str, Any]) -> Dict[str, Tuple[str, Dict[str, str]]]:
    """Each shipped version of a checked manifest -> (its directory under ``data/``,
    ``{file: sha256}``)."""
    releases = cast(Dict[str, Dict[str, Any]], manifest["releases"])
    return {v: (str(e["path"]), dict(e["files"])) for v, e in releases.items()}
