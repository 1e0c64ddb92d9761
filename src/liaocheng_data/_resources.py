"""Reading the package's data as bytes, through importlib.resources (never ``__file__``)."""

import hashlib
import sys

if sys.version_info >= (3, 11):
    from importlib.resources import files
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - exercised on 3.9 and 3.10 in CI
    from importlib_resources import files
    from importlib_resources.abc import Traversable

__all__ = ["Traversable", "data_root", "sha256"]


def data_root() -> Traversable:
    """The package's ``data`` folder as a Traversable (a zip member or a directory)."""
    return files("liaocheng_data").joinpath("data")


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``.

    >>> sha256(b"")
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    return hashlib.sha256(data).hexdigest()
