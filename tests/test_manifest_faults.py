"""Every fault of the package manifest (data/index.json) is an IntegrityError naming it."""

import json
from pathlib import Path
from typing import Any, Callable, Dict, Optional

import pytest

import liaocheng_data as ld
from liaocheng_data import _loader, _manifest, _resources, integrity

SHIPPED_DATA = Path(str(_resources.data_root()))
MANIFEST = (SHIPPED_DATA / "index.json").read_bytes()


class FakeData:
    """The package's data folder as the loader sees it (``data_root()``), with a manifest
    held in memory (``manifest``; None: deleted) and the installed releases and vocabularies.
    """

    def __init__(self) -> None:
        self.manifest: Optional[bytes] = MANIFEST

    def joinpath(self, name: str) -> Any:
        """The manifest, or the installed folder or file of that name."""
        return _ManifestFile(self) if name == "index.json" else SHIPPED_DATA / name


class _ManifestFile:
    def __init__(self, data: FakeData) -> None:
        self.data = data

    def read_bytes(self) -> bytes:
        if self.data.manifest is None:
            raise FileNotFoundError("index.json")
        return self.data.manifest


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch) -> FakeData:
    """The package data with a manifest the test writes (in memory: a bit flip costs no file
    write); the loader's state is reset before and restored after.
    """
    fake = FakeData()
    for module in (_loader, _manifest, integrity):
        monkeypatch.setattr(module, "data_root", lambda: fake)
    monkeypatch.setattr(_manifest, "_index", None)  # each restored after the test
    monkeypatch.setattr(_manifest, "_vocabularies", {})
    monkeypatch.setattr(_loader, "_index", None)
    monkeypatch.setattr(_loader, "_shipped_sorted", None)
    monkeypatch.setattr(_loader, "_cache", {})
    return fake


def reset() -> None:
    _manifest._index = None
    _manifest._vocabularies.clear()
    _loader._index = None
    _loader._shipped_sorted = None
    _loader._cache.clear()


def outcome(action: Callable[[], Any]) -> str:
    reset()
    try:
        action()
    except ld.IntegrityError as exc:
        return "integrity" if str(exc).startswith("liaocheng_data/data/") else str(exc)
    return "loaded"


def test_every_bit_flip_is_an_integrity_error_or_changes_nothing(data_dir: FakeData) -> None:
    """Flipping any one bit of the manifest makes loading the releases it lists raise
    IntegrityError, or load the very same releases; never another exception.
    """
    originals = {v: ld.release(v) for v in _loader.shipped_versions()}
    entries = dict(_loader._shipped_index())
    loaded: Dict[str, ld.Release] = {}

    def load_all() -> None:  # the releases whose entry the flip changed first: they fail
        loaded.clear()
        listed = _loader._shipped_index()
        changed = [v for v in listed if listed[v] != entries.get(v)]
        for version in changed + [v for v in listed if v not in changed]:
            loaded[version] = ld.release(version)

    counts = {"integrity": 0, "loaded": 0}
    for bit in range(len(MANIFEST) * 8):
        flipped = bytearray(MANIFEST)
        flipped[bit // 8] ^= 1 << (bit % 8)
        data_dir.manifest = bytes(flipped)
        result = outcome(load_all)
        assert result in ("integrity", "loaded"), (bit, result)
        if result == "loaded":
            assert loaded.keys() == originals.keys(), bit
            for version, rel in loaded.items():
                same = originals[version]
                assert (rel.figures, rel.events) == (same.figures, same.events), (bit, version)
        counts[result] += 1
        if bit % 499 == 0:  # a sample through verify(), which hashes every file
            reset()
            report = integrity.verify()
            assert report.ok == (result == "loaded" and report.state == "ok"), (bit, report)
    assert counts["integrity"] > len(MANIFEST) * 8 * 0.9, counts


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "invalid JSON"),
        (b"\xff{}", "not valid UTF-8 at byte 0"),
        (b"[]", "not a JSON object but list"),
        (b'{"releases": {}}', "index_version: missing"),
        (b'{"index_version": 2, "releases": {}}', "index_version: 2 is not the index version"),
        (b'{"index_version": true, "releases": {}}', "index_version: True is not"),
        (b'{"index_version": 1}', "releases: missing"),
        (b'{"index_version": 1, "releases": []}', "releases: not an object but []"),
        (b'{"index_version": 1, "releases": {}}', "releases: lists no data release"),
        (b'{"index_version": 1, "index_version": 1}', "a key given twice"),
        (b'{"index_version": NaN}', "NaN is not JSON"),
        (b'{"index_version": 1, "releases": {"1.0.0": {"path": "releases/1.0.0"}}}',
         "releases: '1.0.0': files: missing"),
        (b'{"index_version": 1, "releases": {"1.0.0": {"path": "../x", "files": {"a": "b"}}}}',
         "path: '../x' is not a relative path"),
        (b'{"index_version": 1, "releases": {"1.0.\\u0661": {"path": "x", "files": {}}}}',
         "not a MAJOR.MINOR.PATCH version"),
        (b'{"index_version": 1, "releases": {"1.0.0": {"path": "x", "files": {"a": "b"}}}}',
         "files: a: 'b' is not a sha256"),
        (b'{"index_version": 1, "releases": {"1.0.0": {"path": "x", "files": {"a": 1}, "y": 2}}}',
         "'y': unknown key"),
    ],
)  # fmt: skip
def test_manifest_faults_are_named(data_dir: FakeData, content: bytes, message: str) -> None:
    """Each kind of damage raises IntegrityError naming the manifest and what is wrong, at
    load and in verify(), which is never ok.
    """
    data_dir.manifest = content
    with pytest.raises(ld.IntegrityError, match=r"index\.json") as info:
        ld.release()
    assert message in str(info.value)
    reset()
    report = integrity.verify()
    assert not report.ok and any(message in p for p in report.problems), report


def test_deleted_manifest(data_dir: FakeData) -> None:
    """A missing manifest is an IntegrityError at load, and verify() reports it."""
    data_dir.manifest = None
    with pytest.raises(ld.IntegrityError, match=r"index\.json \(the package manifest\): missing"):
        ld.get("gdp-2025q1")
    reset()
    assert not integrity.verify().ok


def test_manifest_naming_a_wrong_directory(data_dir: FakeData) -> None:
    """A manifest whose release path or version does not match the release is an
    IntegrityError naming the release, not a ValidationError.
    """
    raw = json.loads(MANIFEST)
    raw["releases"]["1.0.1"] = raw["releases"].pop("1.0.0")
    data_dir.manifest = json.dumps(raw).encode("utf-8")
    with pytest.raises(ld.IntegrityError, match=r"declares '1\.0\.0' but the package index"):
        ld.release("1.0.1")


def test_verify_with_a_copy_reports_a_damaged_manifest(data_dir: FakeData) -> None:
    """verify(source=...) on a damaged install reports the damage instead of raising."""
    data_dir.manifest = b"{}"
    copy = Path(__file__).resolve().parent.parent / "sources" / "dzrb-2025-06-04" / "raw.txt"
    report = integrity.verify(source=copy)
    assert report.state == "problems" and report.quotes_checked == 0
    assert all("index_version: missing" in p for p in report.problems), report.problems
    assert len(report.problems) == 2  # the manifest, and the copy that could not be checked
