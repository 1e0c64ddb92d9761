"""Shared fixtures: the repository's archived source, and editable copies of release 1.0.0."""

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

import liaocheng_data
from liaocheng_data import _resources

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


@pytest.fixture(scope="session")
def release_v2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 1.0.0 written in data format 2 by scripts/upgrade_release.py (read-only: copy
    it before changing it)."""
    dest = tmp_path_factory.mktemp("v2") / "release"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "upgrade_release.py"),
         str(REPO / "src" / "liaocheng_data" / "data" / "releases" / "1.0.0"), str(dest),
         "--format", "2"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return dest


@pytest.fixture(scope="session")
def release_v3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 1.0.0 written in data format 3 (its legacy vocabulary embedded) by
    scripts/upgrade_release.py (read-only: copy it before changing it)."""
    dest = tmp_path_factory.mktemp("v3") / "release"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "upgrade_release.py"),
         str(REPO / "src" / "liaocheng_data" / "data" / "releases" / "1.0.0"), str(dest)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return dest


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
