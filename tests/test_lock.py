"""Published releases never change: RELEASES.lock against the installed bytes."""

import json
from pathlib import Path
from typing import Dict

import pytest

from liaocheng_data import _loader, _resources

LOCK = Path(__file__).resolve().parent.parent / "RELEASES.lock"


def _locked() -> Dict[str, str]:
    out = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            version, digest = line.split()
            assert version not in out, f"{version} locked twice"
            out[version] = digest
    return out


def _installed_digest(version: str) -> str:
    path, _ = _loader.shipped_files(version)
    root = _resources.data_root()
    for part in path.split("/"):
        root = root.joinpath(part)
    return _resources.content_digest(_resources.tree_hashes(root))


#: Lock entries that are vocabulary files (``vocabularies/NAME.json``), not release versions.
VOCABULARY = "vocabularies/"


@pytest.mark.parametrize("version", sorted(v for v in _locked() if not v.startswith(VOCABULARY)))
def test_locked_release_is_shipped_byte_for_byte(version: str) -> None:
    """Every published release ships, and its bytes (hashed from the installed files, not the
    manifest) are those recorded when it was published.
    """
    assert version in _loader.shipped_versions()
    assert _installed_digest(version) == _locked()[version]


@pytest.mark.parametrize("path", sorted(v for v in _locked() if v.startswith(VOCABULARY)))
def test_locked_vocabulary_is_shipped_byte_for_byte(path: str) -> None:
    """Every locked vocabulary file (the legacy vocabulary of formats 1 and 2) ships with the
    bytes recorded in the lock, and the manifest lists it."""
    node = _resources.data_root()
    for part in path.split("/"):
        node = node.joinpath(part)
    assert _resources.sha256(node.read_bytes()) == _locked()[path]
    manifest = json.loads(_resources.data_root().joinpath("index.json").read_bytes())
    assert manifest["vocabularies"][path] == _locked()[path]


def test_the_legacy_vocabularies_are_locked() -> None:
    """The vocabulary that releases in data formats 1 and 2 take is published: locked."""
    from liaocheng_data._manifest import LEGACY_VOCABULARIES

    assert set(LEGACY_VOCABULARIES.values()) <= set(_locked())


def test_every_shipped_release_but_the_newest_is_locked() -> None:
    """Only the newest shipped release may be unpublished (not yet in the lock)."""
    versions = _loader.shipped_versions()
    assert set(versions[:-1]) <= set(_locked())


def test_one_changed_byte_changes_the_digest(tmp_path: Path) -> None:
    """The digest the lock test compares sees a single changed byte in any file."""
    path, _ = _loader.shipped_files("1.0.0")
    root = _resources.data_root()
    for part in path.split("/"):
        root = root.joinpath(part)
    hashes = _resources.tree_hashes(root)
    for name in hashes:
        changed = dict(hashes)
        node = root
        for part in name.split("/"):
            node = node.joinpath(part)
        data = bytearray(node.read_bytes())
        data[len(data) // 2] ^= 1
        changed[name] = _resources.sha256(bytes(data))
        assert _resources.content_digest(changed) != _resources.content_digest(hashes), name
