"""Reading the package's data as bytes, through importlib.resources (never ``__file__``)."""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from typing import Dict, Mapping

if sys.version_info >= (3, 11):
    from importlib.resources import files
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - exercised on 3.9 and 3.10 in CI
    from importlib_resources import files
    from importlib_resources.abc import Traversable

__all__ = ["Traversable", "content_digest", "data_root", "sha256", "tree_hashes"]


@cache
def data_root() -> Traversable:
    """The package's ``data`` folder as a Traversable (a zip member or a directory); found
    once per process (the package cannot move while it is imported)."""
    return files("liaocheng_data").joinpath("data")


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``.

    Examples:
        >>> sha256(b"")
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    return hashlib.sha256(data).hexdigest()


def tree_hashes(root: Traversable) -> Dict[str, str]:
    """Map each file under ``root`` (a ``/``-separated relative path) to its sha256."""
    out: Dict[str, str] = {}
    pending = [(root, "")]
    while pending:
        node, prefix = pending.pop()
        for child in node.iterdir():
            if child.is_dir():
                pending.append((child, f"{prefix}{child.name}/"))
            else:
                out[prefix + child.name] = sha256(child.read_bytes())
    return out


def content_digest(hashes: Mapping[str, str]) -> str:
    """One sha256 for a whole release: over its sorted file names and their hashes.

    Examples:
        >>> content_digest({"b": "2", "a": "1"}) == content_digest({"a": "1", "b": "2"})
        True
    """
    text = "".join(f"{name}\0{hashes[name]}\n" for name in sorted(hashes))
    return sha256(text.encode("utf-8"))
