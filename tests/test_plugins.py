"""Releases contributed by other packages through the liaocheng_data.releases entry points."""

import warnings
from pathlib import Path

import pytest

import liaocheng_data as ld
from liaocheng_data import _loader

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "releases"


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installed distribution (dist-info on sys.path) registering three entry points."""
    (tmp_path / "fake_liaocheng_extra.py").write_text(
        "from pathlib import Path\n"
        f"FIXTURES = Path({str(FIXTURES)!r})\n"
        "def release_90_1_0():\n"
        "    return FIXTURES / '90.1.0'\n"
        "def broken():\n"
        "    raise RuntimeError('no data here')\n",
        encoding="utf-8",
    )
    info = tmp_path / "fake_liaocheng_extra-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-liaocheng-extra\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[liaocheng_data.releases]\n"
        "90.1.0 = fake_liaocheng_extra:release_90_1_0\n"
        "1.0.0 = fake_liaocheng_extra:release_90_1_0\n"
        "latest = fake_liaocheng_extra:release_90_1_0\n"
        "93.0.0 = fake_liaocheng_extra:broken\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(_loader, "_plugins", None)
    monkeypatch.setattr(_loader, "_cache", dict(_loader._cache))
    return tmp_path


def test_entry_point_release_is_listed_and_loads(plugin: Path) -> None:
    """A contributed release is listed, loads through its entry point and is validated."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        versions = ld.releases()
    assert versions == (*_loader.shipped_versions(), "90.1.0", "93.0.0")
    rel = ld.release("90.1.0")
    assert rel.version == "90.1.0"
    assert "liaocheng-bearing-agglomeration-area" in rel.figures_by_id
    assert ld.release() is ld.release(ld.DATA_VERSION)  # the default stays the newest shipped
    assert _loader.shipped_versions()[-1] == ld.DATA_VERSION


def test_entry_point_cannot_replace_a_shipped_release(plugin: Path) -> None:
    """An entry point claiming a shipped version, or with a bad name, is ignored with a
    warning; the shipped release is untouched.
    """
    with pytest.warns(RuntimeWarning) as record:
        ld.releases()
    messages = [str(w.message) for w in record]
    assert any("1.0.0 ships with liaocheng-data" in m for m in messages)
    assert any("latest" in m and "not a MAJOR.MINOR.PATCH" in m for m in messages)
    assert ld.get("gdp-2025q1", release="1.0.0").release == "1.0.0"
    assert "liaocheng-bearing-agglomeration-area" not in ld.release("1.0.0").figures_by_id


def test_broken_entry_point_is_a_clear_error(plugin: Path) -> None:
    """An entry point whose code fails gives a LiaochengDataError naming it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(ld.ValidationError, match=r"entry point 93\.0\.0") as info:
            ld.release("93.0.0")
    assert "no data here" in str(info.value)


def test_discovery_is_lazy() -> None:
    """Importing the package and reading shipped releases does not scan entry points."""
    import subprocess
    import sys

    code = (
        "import liaocheng_data as ld, liaocheng_data._loader as l; "
        "ld.get('gdp-2025q1'); assert l._plugins is None; print('lazy')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "lazy"
