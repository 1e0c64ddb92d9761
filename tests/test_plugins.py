"""Releases contributed by other packages through the liaocheng_data.releases entry points."""

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Dict

import pytest

import liaocheng_data as ld
from liaocheng_data import _loader
from liaocheng_data.__main__ import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "releases"
TESTS = Path(__file__).resolve().parent


def install_fake_distribution(
    site: Path, module: str, entry_points: Dict[str, str], name: str = "fake_liaocheng_extra"
) -> Path:
    """Write a distribution into ``site`` (a folder for sys.path): the module ``name`` with
    the source ``module``, and a dist-info registering ``entry_points`` (version -> object
    reference) in the liaocheng_data.releases group. Returns the dist-info folder.
    """
    info = site / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-liaocheng-extra\nVersion: 0.1\n", encoding="utf-8"
    )
    lines = [f"{name} = {target}" for name, target in entry_points.items()]
    (info / "entry_points.txt").write_text(
        "[liaocheng_data.releases]\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    (site / f"{name}.py").write_text(module, encoding="utf-8")
    return info


def use_fake_distribution(monkeypatch: pytest.MonkeyPatch, site: Path, info: Path) -> None:
    """Make the loader see exactly the fake distribution's entry points (the suite hides
    every installed one, see conftest.py), as importlib.metadata would find them.
    """
    dist = importlib.metadata.PathDistribution(info)
    found = tuple(ep for ep in dist.entry_points if ep.group == _loader.ENTRY_POINT_GROUP)
    monkeypatch.setattr(_loader, "_entry_points", lambda group: found)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(_loader, "_cache", dict(_loader._cache))


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installed distribution (dist-info on sys.path) registering four entry points."""
    info = install_fake_distribution(
        tmp_path,
        "from pathlib import Path\n"
        f"FIXTURES = Path({str(FIXTURES)!r})\n"
        "def release_90_1_0():\n"
        "    return FIXTURES / '90.1.0'\n"
        "def broken():\n"
        "    raise RuntimeError('no data here')\n",
        {
            "90.1.0": "fake_liaocheng_extra:release_90_1_0",
            "1.0.0": "fake_liaocheng_extra:release_90_1_0",
            "latest": "fake_liaocheng_extra:release_90_1_0",
            "93.0.0": "fake_liaocheng_extra:broken",
        },
    )
    use_fake_distribution(monkeypatch, tmp_path, info)
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


@pytest.fixture
def broken_plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, release_copy: Path) -> Path:
    """A distribution with two broken releases: 97.0.0 fails to import, 98.0.0 gives a
    directory whose figures.json is not JSON; and a good one, 90.1.0.
    """
    bad = tmp_path / "bad-98.0.0"
    shutil.copytree(release_copy, bad)
    meta = json.loads((bad / "release.json").read_text(encoding="utf-8"))
    meta["version"] = "98.0.0"
    (bad / "release.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    (bad / "figures.json").write_text("[{", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    info = install_fake_distribution(
        site,
        "from pathlib import Path\n"
        f"def good():\n    return Path({str(FIXTURES / '90.1.0')!r})\n"
        f"def bad_data():\n    return Path({str(bad)!r})\n",
        {
            "90.1.0": "fake_liaocheng_broken:good",
            "97.0.0": "fake_liaocheng_extra_missing_module:release",
            "98.0.0": "fake_liaocheng_broken:bad_data",
        },
        name="fake_liaocheng_broken",
    )
    use_fake_distribution(monkeypatch, site, info)
    return site


def test_broken_releases_never_break_other_accessors(broken_plugins: Path) -> None:
    """With a release that fails to import and one whose data is invalid installed, history,
    the default release and the good contributed release work, with one warning for each
    broken release.
    """
    shipped = _loader.shipped_versions()
    with pytest.warns(RuntimeWarning) as record:
        entries = ld.history("gdp-2025q1")
    assert [e.version for e in entries] == [*shipped, "90.1.0"]
    assert entries[0].status == "added" and entries[-1].figure is not None
    messages = sorted(str(w.message) for w in record)
    assert len(messages) == 2
    assert "data release 97.0.0" in messages[0]
    assert "fake_liaocheng_extra_missing_module" in messages[0]
    assert "data release 98.0.0" in messages[1] and "figures.json: invalid JSON" in messages[1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the warning comes once, not at every call
        assert [e.version for e in ld.history("gdp-2025q1")] == [*shipped, "90.1.0"]
        assert ld.release() is ld.release(ld.DATA_VERSION)
        assert ld.get("gdp-2025q1", release="1.0.0").release == "1.0.0"
        assert ld.releases() == (*shipped, "90.1.0")  # known broken: no longer listed


def test_asking_for_a_broken_release_raises_each_time(broken_plugins: Path) -> None:
    """A broken contributed release asked for by version raises a ValidationError naming its
    entry point, every time it is asked for.
    """
    for _ in range(2):
        with pytest.raises(ld.ValidationError, match=r"entry point 97\.0\.0 = "):
            ld.release("97.0.0")
        with pytest.raises(ld.ValidationError, match=r"entry point 98\.0\.0 = .*invalid JSON"):
            ld.release("98.0.0")


def test_cli_releases_marks_broken_ones(
    broken_plugins: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`liaocheng-data releases` lists every release, marking the broken ones with why."""
    assert main(["releases", "--origin"]) == 0
    lines = capsys.readouterr().out.splitlines()
    shipped = [f"{v}  (shipped)" for v in _loader.shipped_versions()]
    assert lines[: len(shipped) + 1] == [*shipped, "90.1.0  (entry point)"]
    broken = lines[len(shipped) + 1 :]
    assert len(broken) == 2
    assert broken[0].startswith("97.0.0  (entry point, broken: entry point 97.0.0 = ")
    assert "could not be loaded" in broken[0]
    assert broken[1].startswith("98.0.0  (entry point, broken: entry point 98.0.0 = ")
    assert "figures.json: invalid JSON" in broken[1]


def test_entry_points_are_looked_up_only_when_needed(
    plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a shipped release looks up no entry point; releases() or asking for a
    release that is not shipped does, once.
    """
    calls = []
    real = _loader._entry_points
    monkeypatch.setattr(_loader, "_entry_points", lambda group: calls.append(group) or real(group))
    ld.get("gdp-2025q1", release="1.0.0")
    ld.release()
    assert calls == []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert ld.release("90.1.0").version == "90.1.0"
        assert "90.1.0" in ld.releases()
    assert calls == [_loader.ENTRY_POINT_GROUP]


def test_installed_entry_points_are_found_by_importlib_metadata(tmp_path: Path) -> None:
    """Outside the test suite's isolation, a distribution on sys.path contributes its
    release through importlib.metadata, and a broken one is marked by the CLI.
    """
    install_fake_distribution(
        tmp_path,
        f"from pathlib import Path\ndef good():\n    return Path({str(FIXTURES / '90.1.0')!r})\n",
        {"90.1.0": "fake_liaocheng_extra:good", "97.0.0": "fake_liaocheng_extra_nothing:x"},
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    code = "import liaocheng_data as ld; print(ld.releases()); print(ld.release('90.1.0').version)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    shipped = _loader.shipped_versions()
    assert out.stdout.splitlines() == [str((*shipped, "90.1.0", "97.0.0")), "90.1.0"]
    cli = subprocess.run(
        [sys.executable, "-m", "liaocheng_data", "releases"], env=env, capture_output=True,
        text=True,
    )  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    lines = cli.stdout.splitlines()
    assert lines[: len(shipped) + 1] == [*shipped, "90.1.0"] and len(lines) == len(shipped) + 2
    assert lines[-1].startswith("97.0.0  (broken: entry point 97.0.0")


def test_own_tests_pass_with_a_broken_release_installed(tmp_path: Path) -> None:
    """The package's tests of releases, the API and the CLI give the same results with a
    distribution installed whose releases fail to import and fail validation.
    """
    if os.environ.get("LIAOCHENG_DATA_NESTED_TEST_RUN"):
        return  # this test running inside its own run: the outer run checks it
    bad = tmp_path / "bad"
    shutil.copytree(FIXTURES / "90.1.0", bad)
    (bad / "figures.json").write_text("[{", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    install_fake_distribution(
        site,
        f"from pathlib import Path\ndef bad():\n    return Path({str(bad)!r})\n",
        {"90.1.0": "fake_liaocheng_extra:bad", "99.0.0": "fake_liaocheng_extra_nothing:x"},
    )
    env = {**os.environ, "PYTHONPATH": str(site), "LIAOCHENG_DATA_NESTED_TEST_RUN": "1"}
    seen = subprocess.run(
        [sys.executable, "-c", "import liaocheng_data as ld; print(ld.releases())"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    expected = str((*_loader.shipped_versions(), "90.1.0", "99.0.0"))
    assert seen.stdout.strip() == expected  # the plugin is installed
    files = [
        "test_api.py",
        "test_cli.py",
        "test_adding_a_release.py",
        "test_isolation.py",
        "test_plugins.py",
        "test_cite.py",
    ]  # the tests that list or walk the releases
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
         *(str(TESTS / name) for name in files)],
        env=env, capture_output=True, text=True, cwd=str(TESTS.parent),
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
