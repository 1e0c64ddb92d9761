"""Bounds on what a hostile format-3 release can cost or forge: completeness reports, version
digits, date precision, control characters, duplicates, useless exclusions, table sizes."""

import hashlib
import json
import shutil
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

import liaocheng_data as ld
from liaocheng_data import _loader
from liaocheng_data.__main__ import main
from liaocheng_data.errors import MAX_LINE, MAX_PROBLEMS

V = "1.1.0"
SHIPPED = Path(ld.__file__).resolve().parent / "data" / "releases" / V
SOURCE = "dzrb-2025-06-04"


@pytest.fixture
def rel(tmp_path: Path) -> Path:
    """A writable copy of release 1.1.0 (format 3)."""
    dest = tmp_path / "release"
    shutil.copytree(SHIPPED, dest)
    return dest


def _edit(folder: Path, name: str, change: Callable[[Any], None]) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _append_to_source(folder: Path, extra: str) -> None:
    text = folder / "sources" / f"{SOURCE}.txt"
    data = text.read_bytes() + extra.encode("utf-8")
    text.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    _edit(folder, "release.json", lambda m: m["sources"][0].update(sha256=digest))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> "tuple[int, str, str]":
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _refused(folder: Path, pattern: str) -> None:
    with pytest.raises(ld.ValidationError, match=pattern):
        ld.load_release(folder)


# 1. completeness is bounded


def test_validate_reports_uncaptured_numerals_bounded(
    rel: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Validate on a source with 200,000 uncaptured numerals prints the first 100 and a count."""
    _append_to_source(rel, "1," * 200_000)
    started = time.perf_counter()
    code, _, err = _run(capsys, "validate", str(rel))
    elapsed = time.perf_counter() - started
    lines = err.splitlines()
    assert code == 1
    assert len(lines) == MAX_PROBLEMS + 1
    assert "(200000 in total)" in lines[-1]
    assert elapsed < 10


def test_exclusions_write_refuses_more_than_the_bound(
    rel: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`release exclusions --write` refuses to propose thousands of exclusions, saying how many."""
    _append_to_source(rel, "1," * 5000)
    before = (rel / "release.json").read_bytes()
    code, _, err = _run(capsys, "release", "exclusions", str(rel), "--write")
    assert code != 0
    assert len(err.splitlines()) == 1 and "5000 numerals are uncaptured" in err
    assert (rel / "release.json").read_bytes() == before


# 2. a long numeral is quoted in part


def test_a_long_numeral_is_quoted_in_part(rel: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 30,000-character numeral is reported in one short line; proposing it is one clean error."""
    _append_to_source(rel, "一" * 30_000)
    code, _, err = _run(capsys, "validate", str(rel))
    assert code == 1
    (line,) = [x for x in err.splitlines() if "30000 characters" in x]
    assert len(line) <= MAX_LINE + len("liaocheng-data: error: ")
    code, _, err = _run(capsys, "release", "exclusions", str(rel), "--write")
    assert code != 0 and "Traceback" not in err and len(err.splitlines()) == 1
    assert "longer than an exclusion's numeral may be" in err


# 3. versions


@pytest.mark.parametrize("field", ["version", "previous_version"])
def test_a_version_with_thousands_of_digits_is_a_validation_error(rel: Path, field: str) -> None:
    """A version part of 5000 digits is a ValidationError naming the field, not a ValueError."""
    _edit(rel, "release.json", lambda m: m.update({field: "1." + "9" * 5000 + ".0"}))
    _refused(rel, rf"release.json: {field}: .*at most 9")


def test_nine_digit_version_parts_still_load(rel: Path) -> None:
    """A version part of nine digits is accepted."""
    _edit(rel, "release.json", lambda m: m.update(version="1.999999999.0"))
    assert ld.load_release(rel).version == "1.999999999.0"


# 4. reprint date precision


@pytest.mark.parametrize(("day", "precision"), [("2025-06-15", "month"), ("2025-06-01", "year")])
def test_a_reprint_date_fits_its_precision(rel: Path, day: str, precision: str) -> None:
    """A reprint's date known to the month or year is the first day of that month or year."""
    reprint = {"date": day, "date_precision": precision}
    _edit(rel, "release.json", lambda m: m["sources"][0]["reprint"].update(reprint))
    _refused(rel, rf"sources.0.reprint: date: a date known to the {precision}")


# 5. control characters


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [("units", "code", "t\u0000\n"), ("units", "zh", "吨\x1b[2J"), ("units", "en", "t\n"),
     ("measures", "definition", "x\ny"), ("topics", "definition", "x\x85")],
)  # fmt: skip
def test_control_characters_are_refused_in_table_text(
    rel: Path, table: str, field: str, value: str
) -> None:
    """A control character in a unit's, measure's or topic's text is refused, naming the field."""
    _edit(rel, "release.json", lambda m: m[table][0].update({field: value}))
    _refused(rel, rf"{table}.0.{field}")


def test_control_characters_are_refused_in_figure_labels(rel: Path) -> None:
    """A newline or escape in a figure's label_en is refused, naming the figure and field."""
    _edit(rel, "figures.json", lambda f: f[0].update(label_en="GDP\n\x1b[31mforged"))
    _refused(rel, r"figure 'gdp-2025q1'.*label_en")


def test_zero_width_and_bidi_stay_allowed_in_labels(rel: Path) -> None:
    """Zero-width and bidi characters stay knowingly allowed (docs/data-model.md)."""
    _edit(rel, "figures.json", lambda f: f[0].update(label_en="GDP\u200b\u202e"))
    assert ld.load_release(rel).get("gdp-2025q1").label_en == "GDP\u200b\u202e"


def test_diff_escapes_what_it_prints(rel: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`diff` escapes control characters in the reasons and keys it prints: no forged line."""
    _edit(rel, "release.json",
          lambda m: m["changes"][0].update(reason="fixed\nadded    forged\x1b[2J"))  # fmt: skip
    code, out, _ = _run(capsys, "diff", "1.0.0", str(rel))
    assert code == 0
    assert "\x1b" not in out
    assert not any(line.startswith("added    forged") for line in out.splitlines())
    assert "fixed\\nadded    forged\\x1b[2J" in out


# 6. duplicates


def test_a_repeated_exclusion_is_refused(rel: Path) -> None:
    """An exclusion listed twice is refused, naming it."""
    _edit(rel, "release.json", lambda m: m["exclusions"].append(m["exclusions"][0]))
    _refused(rel, r"release.json: exclusion .* listed twice")


def test_a_repeated_retraction_is_refused(rel: Path) -> None:
    """Two retractions of one id are refused."""
    gone = {"id": "gone-figure", "since": V, "reason": "withdrawn"}
    _edit(rel, "release.json", lambda m: m.update(retractions=[gone, gone]))
    _refused(rel, r"retraction 'gone-figure': id: listed twice")


def test_a_repeated_change_is_refused(rel: Path) -> None:
    """A changes entry given twice is refused."""
    _edit(rel, "release.json", lambda m: m["changes"].append(m["changes"][0]))
    _refused(rel, r"change corrected 'gdp-2025q1': listed twice")


def test_a_repeated_topic_is_refused(rel: Path) -> None:
    """A figure's topics naming one topic twice are refused, naming the figure."""

    def twice(figures: List[Dict[str, Any]]) -> None:
        figures[0]["topics"] = [figures[0]["topics"][0]] * 2

    _edit(rel, "figures.json", twice)
    _refused(rel, r"figure 'gdp-2025q1': topics: .* listed twice")


def test_a_repeated_event_topic_is_refused(rel: Path) -> None:
    """An event's topics naming one topic twice are refused."""

    def twice(events: List[Dict[str, Any]]) -> None:
        events[0]["topics"] = [events[0]["topics"][0]] * 2

    _edit(rel, "events.json", twice)
    _refused(rel, r"topics: .* listed twice")


def test_a_repeated_corroboration_is_refused(rel: Path) -> None:
    """A corroborated_by item given twice is refused, naming the figure."""
    _edit(rel, "figures.json", lambda f: f[0].update(corroborated_by=["a report", "a report"]))
    _refused(rel, r"figure 'gdp-2025q1': corroborated_by: 'a report' listed twice")


def test_an_event_id_equal_to_a_figure_id_is_refused(rel: Path) -> None:
    """An event may not share its id with a figure (history and diff key by id)."""
    _edit(rel, "events.json", lambda e: e[0].update(id="gdp-2025q1"))
    _refused(rel, r"event 'gdp-2025q1': id: also the id of a figure")


# 7. exclusions that can never match


@pytest.mark.parametrize(
    ("numeral", "quote", "problem"),
    [("运河", "运河", "is not a numeral"),
     ("5", "752.1亿元", "only part of a larger numeral"),
     ("752.1", "752.1亿元", "already a figure's or event's literal")],
)  # fmt: skip
def test_an_exclusion_that_can_never_match_is_refused(
    rel: Path, numeral: str, quote: str, problem: str
) -> None:
    """An exclusion's numeral is a whole numeral that no figure or event already captures."""
    new = {"source_id": SOURCE, "numeral": numeral, "quote": quote, "reason": "a test"}
    _edit(rel, "release.json", lambda m: m["exclusions"].append(new))
    _refused(rel, problem)


# 8. table sizes


@pytest.mark.parametrize("table", ["places", "organisations", "exclusions", "changes"])
def test_release_json_tables_are_bounded(rel: Path, table: str) -> None:
    """A release.json table of more than 1024 items is refused without validating its items."""
    _edit(rel, "release.json", lambda m: m.update({table: [{}] * (_loader.MAX_ITEMS + 1)}))
    with pytest.raises(ld.ValidationError) as caught:
        ld.load_release(rel)
    assert caught.value.total == 1
    assert f"{table}: has {_loader.MAX_ITEMS + 1} items; at most {_loader.MAX_ITEMS}" in str(
        caught.value
    )


def test_the_shipped_releases_still_load() -> None:
    """Releases 1.0.0 and 1.1.0 (locked bytes) pass every new rule."""
    assert len(ld.release("1.1.0").exclusions) == 35
    assert ld.release("1.0.0").figures
