"""The maintainer's path of docs/adding-a-release.md, followed step by step.

The steps below build release 90.1.0 (a correction, an addition, a retraction) from 1.0.0, and
91.0.0 (a rename) from 90.1.0: copy, edit the JSON, run scripts/locate_quotes.py and
`liaocheng-data release exclusions`, validate, diff. The results must equal the committed
fixtures in tests/fixtures/releases/, which the other tests use. They are written in data
format 3, the newest when they were made (format 4 only adds the table of a declared change).
"""

import io
import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any, Dict, List

import pytest

import liaocheng_data as ld
from liaocheng_data.__main__ import main
from liaocheng_data.versions import check_changes, diff, history

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "releases"
SHIPPED_1_0_0 = REPO / "src" / "liaocheng_data" / "data" / "releases" / "1.0.0"


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _locate(folder: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "locate_quotes.py"), str(folder)], check=True
    )


def _upgrade(previous: Path, dest: Path) -> None:
    script = str(REPO / "scripts" / "upgrade_release.py")
    command = [sys.executable, script, str(previous), str(dest), "--format", "3"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def make_90_1_0(previous: Path, dest: Path) -> None:
    """Guide steps 1-4 for 90.1.0: one corrected, one added and one retracted figure."""
    _upgrade(previous, dest)
    meta = _read(dest / "release.json")
    meta.update(version="90.1.0", date="2026-12-01", previous_version="1.0.0")
    meta["changes"] = [
        {"kind": "corrected", "id": "inspur-liaocheng-base-time-to-production",
         "reason": "the period ends when production started: 2025-04-20 (Liaocheng Daily)"},
        {"kind": "added", "id": "liaocheng-bearing-agglomeration-area",
         "reason": "之一: Liaocheng is itself one of the five areas"},
        {"kind": "retracted", "id": "bearing-cluster-scale-target",
         "reason": "a target is not a reported quantity (fixture)"},
    ]  # fmt: skip
    meta["retractions"] = [
        {"id": "bearing-cluster-scale-target", "since": "90.1.0",
         "reason": "a target is not a reported quantity (fixture)"},
    ]  # fmt: skip
    _write(dest / "release.json", meta)
    figures: List[Dict[str, Any]] = _read(dest / "figures.json")
    figures = [f for f in figures if f["id"] != "bearing-cluster-scale-target"]
    for f in figures:
        if f["id"] == "inspur-liaocheng-base-time-to-production":
            f["period_end"] = "2025-04-20"
            f["note"] = "Ends on the start of production, 2025-04-20 (Liaocheng Daily reprint)."
    at = next(i for i, f in enumerate(figures) if f["id"] == "bearing-agglomeration-areas-national")
    new = json.loads(json.dumps(figures[at]))
    new.update(id="liaocheng-bearing-agglomeration-area", label_zh="聊城轴承产业集聚区",
               label_en="Liaocheng's bearing-industry agglomeration area", value="1",
               place="371500", note="之一 (one of them).")  # fmt: skip
    new["indicator"] = "liaocheng-bearing-agglomeration-areas"
    new.update(literal="一", quote_start=0, quote_end=0)
    figures.insert(at + 1, new)
    _write(dest / "figures.json", figures)
    _locate(dest)
    _exclude(dest)


def _exclude(folder: Path) -> None:
    """Every numeral that is no figure listed as excluded (data format 3), with a reason."""
    assert main(["release", "exclusions", str(folder), "--write"], out=io.StringIO()) == 0
    meta = _read(folder / "release.json")
    for exclusion in meta["exclusions"]:
        exclusion["reason"] = "not a figure: a name, an idiom, a date or a period label (fixture)"
    _write(folder / "release.json", meta)


def make_91_0_0(previous: Path, dest: Path) -> None:
    """Guide steps 1-4 for 91.0.0: gdp-2025q1 renamed gdp-level-2025q1."""
    _upgrade(previous, dest)
    meta = _read(dest / "release.json")
    reason = "ids name the measure: level, growth, rank"
    meta.update(version="91.0.0", date="2026-12-02", previous_version="90.1.0")
    meta["changes"] = [
        {"kind": "renamed", "id": "gdp-level-2025q1", "old_id": "gdp-2025q1", "reason": reason}
    ]
    meta["aliases"] = [
        {"old_id": "gdp-2025q1", "new_id": "gdp-level-2025q1", "since": "91.0.0", "reason": reason}
    ]
    _write(dest / "release.json", meta)
    figures = _read(dest / "figures.json")
    for f in figures:
        if f["id"] == "gdp-2025q1":
            f["id"] = "gdp-level-2025q1"
    _write(dest / "figures.json", figures)
    _locate(dest)


def test_guide_reproduces_the_fixtures(tmp_path: Path) -> None:
    """Following the guide from the shipped 1.0.0 gives the committed fixture releases."""
    make_90_1_0(SHIPPED_1_0_0, tmp_path / "90.1.0")
    make_91_0_0(tmp_path / "90.1.0", tmp_path / "91.0.0")
    for version in ("90.1.0", "91.0.0"):
        for name in ("release.json", "figures.json", "events.json"):
            assert _read(tmp_path / version / name) == _read(FIXTURES / version / name)


@pytest.fixture(scope="module")
def r9010() -> ld.Release:
    return ld.load_release(FIXTURES / "90.1.0")


@pytest.fixture(scope="module")
def r9100() -> ld.Release:
    return ld.load_release(FIXTURES / "91.0.0")


def test_90_1_0_diff_reports_exactly_the_three_changes(r9010: ld.Release) -> None:
    """diff(1.0.0, 90.1.0): one changed (field by field), one removed, one added, with reasons."""
    d = diff("1.0.0", FIXTURES / "90.1.0")
    assert (d.old_version, d.new_version) == ("1.0.0", "90.1.0")
    assert [f.id for f in d.added] == ["liaocheng-bearing-agglomeration-area"]
    assert [f.id for f in d.removed] == ["bearing-cluster-scale-target"]
    assert d.renamed == ()
    (change,) = d.changed
    assert change.id == "inspur-liaocheng-base-time-to-production"
    assert [(f.field, f.old, f.new) for f in change.fields if f.field == "period_end"] == [
        ("period_end", "2025-06-04", "2025-04-20")
    ]
    assert {f.field for f in change.fields} == {"period_end", "note"}
    assert "2025-04-20" in d.reasons[change.id]  # the reason the release records
    assert d.reasons["bearing-cluster-scale-target"].startswith("retracted")


def test_validate_accepts_90_1_0(capsys: pytest.CaptureFixture[str]) -> None:
    """Validate exits 0 for 90.1.0 (a major step from 1.0.0: no SemVer warning)."""
    assert main(["validate", str(FIXTURES / "90.1.0")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("ok:") and "90.1.0" in out
    assert "call for a major release" not in err


def test_validate_warns_of_a_retraction_in_a_minor_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same changes numbered as a minor release of 1.0.0 validate with a warning that a
    retraction calls for a major version (in a scratch copy; 1.90.0 is never shipped)."""
    folder = tmp_path / "minor"
    shutil.copytree(FIXTURES / "90.1.0", folder)
    meta = _read(folder / "release.json")
    meta["version"] = "1.90.0"
    for retraction in meta["retractions"]:
        retraction["since"] = "1.90.0"
    _write(folder / "release.json", meta)
    assert main(["validate", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("ok:") and "1.90.0" in out
    assert "call for a major release" in err


def test_declared_changes_must_match(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A difference the release does not declare makes validate fail, naming the figure."""
    folder = tmp_path / "90.1.0"
    shutil.copytree(FIXTURES / "90.1.0", folder)
    meta = _read(folder / "release.json")
    meta["changes"] = [c for c in meta["changes"] if c["kind"] != "added"]
    _write(folder / "release.json", meta)
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "figure 'liaocheng-bearing-agglomeration-area' is added but not declared so" in err


def test_rename_resolves_old_id_with_deprecation_warning(r9100: ld.Release) -> None:
    """In 91.0.0 the old id still resolves, warning with the new id."""
    with pytest.warns(DeprecationWarning, match="'gdp-level-2025q1'"):
        figure = r9100.get("gdp-2025q1")
    assert figure.id == "gdp-level-2025q1"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert ld.get("gdp-2025q1", release=r9100) is figure


def test_retracted_figure_says_when_and_why(r9100: ld.Release) -> None:
    """get() on a retracted id in a later release says it was retracted, when and why."""
    with pytest.raises(
        ld.FigureRetractedError, match=r"retracted in data release 90\.1\.0"
    ) as info:
        r9100.get("bearing-cluster-scale-target")
    assert info.value.since == "90.1.0"
    assert "target" in info.value.reason
    assert isinstance(info.value, KeyError)


def test_diff_reports_rename(r9010: ld.Release, r9100: ld.Release) -> None:
    """A rename is reported as renamed, not as removed and added."""
    d = diff(r9010, r9100)
    assert d.renamed == (("gdp-2025q1", "gdp-level-2025q1"),)
    assert d.added == () and d.removed == () and d.changed == ()
    problems, warns = check_changes(r9010, r9100)
    assert problems == [] and warns == []


def test_history_follows_renames_and_retractions(r9010: ld.Release, r9100: ld.Release) -> None:
    """history() shows a figure across releases: added, unchanged, renamed, or retracted."""
    chain = ["1.0.0", r9010, r9100]
    gdp = history("gdp-2025q1", releases=chain)
    assert [(e.version, e.status) for e in gdp] == [
        ("1.0.0", "added"), ("90.1.0", "unchanged"), ("91.0.0", "renamed")
    ]  # fmt: skip
    assert gdp[-1].figure is not None and gdp[-1].figure.id == "gdp-level-2025q1"
    target = history("bearing-cluster-scale-target", releases=chain)
    assert [e.status for e in target] == ["added", "retracted", "retracted"]
    assert "target" in target[1].reason
    inspur = history("inspur-liaocheng-base-time-to-production", releases=chain)
    assert inspur[1].status == "changed"
    assert ("period_end", "2025-06-04", "2025-04-20") in [tuple(f) for f in inspur[1].fields]
    with pytest.raises(ld.FigureNotFoundError):
        history("no-such-figure", releases=chain)


def test_unchanged_figures_never_appear(r9010: ld.Release) -> None:
    """A release compared with itself, or with a copy, has no differences."""
    assert diff(r9010, FIXTURES / "90.1.0").empty
    assert diff("1.0.0", "1.0.0").empty


def test_cli_diff(capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI diff lists the three changes; --format json gives the same ids."""
    assert main(["diff", "1.0.0", str(FIXTURES / "90.1.0")]) == 0
    out = capsys.readouterr().out
    assert "added    liaocheng-bearing-agglomeration-area" in out
    assert "removed  bearing-cluster-scale-target" in out
    assert "period_end: '2025-06-04' -> '2025-04-20'" in out
    assert main(["diff", "1.0.0", str(FIXTURES / "90.1.0"), "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["added"] == ["liaocheng-bearing-agglomeration-area"]
    assert record["removed"] == ["bearing-cluster-scale-target"]
