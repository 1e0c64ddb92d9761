"""Shared fixtures: the repository's archived source, and editable copies of release 1.0.0."""

import importlib.metadata
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

import liaocheng_data
from liaocheng_data import _loader, _resources

REPO = Path(__file__).resolve().parent.parent
SOURCE_DIR = REPO / "sources" / "dzrb-2025-06-04"


@pytest.fixture(scope="session")
def normalized_text() -> str:
    """The repository's archived normalized text (not the copy inside the package)."""
    return (SOURCE_DIR / "normalized.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def raw_text() -> str:
    return (SOURCE_DIR / "raw.txt").read_text(encoding="utf-8")


@pytest.fixture
def release_copy(tmp_path: Path) -> Path:
    """A writable copy of the installed release 1.0.0 directory."""
    src = _resources.data_root().joinpath("releases").joinpath("1.0.0")
    dest = tmp_path / "release"
    with _as_path(src) as path:
        shutil.copytree(path, dest)
    return dest


def _as_path(traversable: Any) -> Any:
    import sys

    if sys.version_info >= (3, 11):
        from importlib.resources import as_file
    else:
        from importlib_resources import as_file
    return as_file(traversable)


Edit = Callable[[Path, str, Callable[[Any], Any]], None]


def edit_json(folder: Path, name: str, change: Callable[[Any], Any]) -> None:
    """Rewrite ``folder/name`` with ``change(parsed)`` (which may mutate and return None)."""
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    result = change(data)
    path.write_text(
        json.dumps(data if result is None else result, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )


def _upgraded(tmp_path_factory: pytest.TempPathFactory, data_format: int) -> Path:
    dest = tmp_path_factory.mktemp(f"v{data_format}") / "release"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "upgrade_release.py"),
         str(REPO / "src" / "liaocheng_data" / "data" / "releases" / "1.0.0"), str(dest),
         "--format", str(data_format)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return dest


@pytest.fixture(scope="session")
def release_v2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 1.0.0 written in data format 2 by scripts/upgrade_release.py (read-only: copy
    it before changing it)."""
    return _upgraded(tmp_path_factory, 2)


@pytest.fixture(scope="session")
def release_v3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 1.0.0 written in data format 3 (its legacy vocabulary embedded) by
    scripts/upgrade_release.py (read-only: copy it before changing it)."""
    return _upgraded(tmp_path_factory, 3)


@pytest.fixture(scope="session")
def release_v4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 1.0.0 written in data format 4 (format 3 whose changes may name any table) by
    scripts/upgrade_release.py (read-only: copy it before changing it)."""
    return _upgraded(tmp_path_factory, 4)


@pytest.fixture
def release_v3_copy(release_v3: Path, tmp_path: Path) -> Path:
    """A writable copy of release 1.0.0 in data format 3."""
    dest = tmp_path / "release-v3"
    shutil.copytree(release_v3, dest)
    return dest


@pytest.fixture
def release_v2_copy(release_v2: Path, tmp_path: Path) -> Path:
    """A writable copy of release 1.0.0 in data format 2."""
    dest = tmp_path / "release-v2"
    shutil.copytree(release_v2, dest)
    return dest


@pytest.fixture
def edit() -> Edit:
    return edit_json


@pytest.fixture(scope="session")
def shipped() -> "liaocheng_data.Release":
    return liaocheng_data.release("1.0.0")


@pytest.fixture(autouse=True)
def no_installed_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    """The package's own tests see only the releases they name: releases that other installed
    distributions contribute through entry points are hidden (tests/test_plugins.py installs
    its own), so installing one never changes these tests' results.
    """
    monkeypatch.setattr(_loader, "_entry_points", lambda group: ())
    monkeypatch.setattr(_loader, "_plugins", None)
    monkeypatch.setattr(_loader, "_broken", {})
    monkeypatch.setattr(_loader, "_warned", set())


def _editable() -> bool:
    """Whether the package under test is an editable install (pip's direct_url.json)."""
    text = importlib.metadata.distribution("liaocheng-data").read_text("direct_url.json")
    return bool(json.loads(text or "{}").get("dir_info", {}).get("editable", False))


#: What verify() can say of this installation: an installed wheel is checked whole; an
#: editable install's RECORD does not list the package's files, so its check is partial.
EXPECTED_VERIFY_STATE = "partial" if _editable() else "ok"
#: The exit status of ``liaocheng-data verify`` on an intact installation of this kind.
EXPECTED_VERIFY_EXIT = {"ok": 0, "partial": 3}[EXPECTED_VERIFY_STATE]


@pytest.fixture(scope="session")
def verify_state() -> str:
    """The state verify() reports on this intact installation (see EXPECTED_VERIFY_STATE)."""
    return EXPECTED_VERIFY_STATE


@pytest.fixture(scope="session")
def verify_exit() -> int:
    """The exit status of ``liaocheng-data verify`` on this intact installation."""
    return EXPECTED_VERIFY_EXIT
