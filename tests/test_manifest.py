"""The package manifest: DATA_VERSION and the default release come from it, read lazily."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import liaocheng_data as ld
from liaocheng_data import _loader, _manifest, _resources

REPO = Path(__file__).resolve().parent.parent


def _newest_in_manifest() -> str:
    raw = json.loads(_resources.data_root().joinpath("index.json").read_bytes())
    return max(raw["releases"], key=lambda v: tuple(int(p) for p in v.split(".")))


def test_data_version_is_the_manifests_newest_release() -> None:
    """DATA_VERSION and the default release are the newest release the manifest lists."""
    assert _newest_in_manifest() == ld.DATA_VERSION
    assert ld.release().version == _newest_in_manifest()


def _package_copy(tmp_path: Path) -> Path:
    package = Path(ld.__file__).parent
    dest = tmp_path / "site" / "liaocheng_data"
    shutil.copytree(package, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.mark.parametrize("damage", [b"{not json", b'{"releases": 3}', None])
def test_damaged_manifest_breaks_neither_import_nor_version(tmp_path: Path, damage: bytes) -> None:
    """With the manifest damaged or missing, import and --version work; DATA_VERSION raises
    IntegrityError naming the manifest."""
    copy = _package_copy(tmp_path)
    index = copy / "data" / "index.json"
    if damage is None:
        index.unlink()
    else:
        index.write_bytes(damage)
    env = {"PYTHONPATH": str(copy.parent), "PYTHONDONTWRITEBYTECODE": "1"}
    code = (
        "import liaocheng_data as ld\n"
        "print(ld.__version__)\n"
        "try:\n    ld.DATA_VERSION\nexcept ld.IntegrityError as exc:\n    print('refused', exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == ld.__version__
    assert "refused liaocheng_data/data/index.json" in out.stdout
    cli = subprocess.run([sys.executable, "-m", "liaocheng_data", "--version"],
                         capture_output=True, text=True, env=env)  # fmt: skip
    assert cli.returncode == 0 and ld.__version__ in cli.stdout, cli.stderr


def test_repair_hint_in_a_development_checkout(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:  # fmt: skip
    """Data that disagrees with the manifest in a checkout says how to rebuild the manifest;
    in an installed package, to reinstall."""
    data = tmp_path / "src" / "liaocheng_data" / "data"
    data.mkdir(parents=True)
    monkeypatch.setattr(_manifest, "data_root", lambda: data)
    assert "reinstall liaocheng-data" in _manifest.repair_hint()
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "update_manifest.py").write_text("", encoding="utf-8")
    assert "python scripts/update_manifest.py" in _manifest.repair_hint()
    assert "reinstall" not in _manifest.repair_hint()


def test_changed_file_names_the_repair(monkeypatch: pytest.MonkeyPatch, release_copy: Path) -> None:
    """A shipped file that differs from the manifest raises IntegrityError with the repair hint."""
    monkeypatch.setattr(_manifest, "repair_hint", lambda: "HINT")
    monkeypatch.setattr(_loader, "repair_hint", lambda: "HINT")
    (release_copy / "events.json").write_bytes(b"[]\n")
    _, hashes = _loader.shipped_files("1.0.0")
    with pytest.raises(ld.IntegrityError, match=r"events\.json: sha256 differs .*; HINT"):
        _loader.load_directory(release_copy, label="x", hashes=hashes)


def _script_tree(tmp_path: Path) -> Path:
    """A scratch repository: the manifest script, the package data and the lock."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "update_manifest.py", root / "scripts")
    data = Path("src", "liaocheng_data", "data")
    shutil.copytree(REPO / data, root / data)
    shutil.copy(REPO / "RELEASES.lock", root / "RELEASES.lock")
    return root


def _run(root: Path, *args: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run([sys.executable, str(root / "scripts" / "update_manifest.py"), *args],
                          capture_output=True, text=True)  # fmt: skip


def test_manifest_script_reruns_on_unpublished_releases(tmp_path: Path) -> None:
    """The manifest script rewrites an unpublished release as often as it changes; a locked
    release is immutable and the message says so."""
    root = _script_tree(tmp_path)
    releases = root / "src" / "liaocheng_data" / "data" / "releases"
    draft = releases / "next"
    shutil.copytree(releases / "1.0.0", draft)
    meta = json.loads((draft / "release.json").read_text(encoding="utf-8"))
    meta["version"] = "90.0.0"
    (draft / "release.json").write_text(json.dumps(meta), encoding="utf-8")
    for edit in (b"[]\n", b"[ ]\n", b"[]\n"):
        (draft / "events.json").write_bytes(edit)
        out = _run(root)
        assert out.returncode == 0, out.stderr
        index = json.loads((root / "src/liaocheng_data/data/index.json").read_text("utf-8"))
        assert index["releases"]["90.0.0"]["files"]["events.json"] == _resources.sha256(edit)
        assert _run(root, "--check").returncode == 0
    (releases / "1.0.0" / "events.json").write_bytes(b"[]\n")
    out = _run(root)
    assert out.returncode == 1
    assert "1.0.0 is in RELEASES.lock (published, immutable) but has changed" in out.stderr
    assert _run(root, "--check").returncode == 1
