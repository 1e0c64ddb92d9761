import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import liaocheng_data as ld
from liaocheng_data.__main__ import display_width, main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> "tuple[int, str, str]":
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_list_table_is_aligned_by_display_width(capsys: pytest.CaptureFixture[str]) -> None:
    """Every row's PERIOD column starts at the same display column, Chinese or not."""
    status, out, _ = run(capsys, "list")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(ld.figures()) + 1
    header = lines[0]
    col = display_width(header[: header.index("PERIOD")])
    for line in lines[1:]:
        # the PERIOD cell is the text after the VALUE cell's padding
        prefix_width = 0
        for i, ch in enumerate(line):
            if prefix_width == col:
                assert line[i - 2 : i] == "  " and line[i] != " "
                break
            prefix_width += display_width(ch)


def test_list_csv_has_a_row_per_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """CSV output parses to one row per figure with exact values as text."""
    status, out, _ = run(capsys, "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and len(rows) == len(ld.figures())
    gdp = next(r for r in rows if r["id"] == "gdp-2025q1")
    assert (gdp["value"], gdp["base_value"], gdp["place_code"]) == (
        "752.1",
        "75210000000",
        "371500",
    )


def test_list_filters_match_python(capsys: pytest.CaptureFixture[str]) -> None:
    """CLI filters give the same figures as the Python filters."""
    status, out, _ = run(
        capsys,
        "list",
        "--format",
        "json",
        "--place",
        "临清市",
        "--topic",
        "digital",
        "--release",
        "1.0.0",
    )
    assert status == 0
    ids = [r["id"] for r in json.loads(out)]
    assert ids == [f.id for f in ld.figures(place="临清市", topic="digital", release="1.0.0")]
    assert ids


def test_show_prints_quote_source_and_note(capsys: pytest.CaptureFixture[str]) -> None:
    """Show prints the quote, the source and the note of a figure."""
    status, out, _ = run(capsys, "show", "sanhe-new-looms")
    assert status == 0
    figure = ld.get("sanhe-new-looms")
    assert figure.provenance.quote in out
    assert "大众日报" in out and "胡磊" in out
    assert figure.note in out
    assert "imprecise" in out


def test_show_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    """Show --format json validates back into the same Figure."""
    status, out, _ = run(capsys, "show", "gdp-2025q1", "--format", "json")
    assert status == 0
    assert ld.Figure.model_validate_json(out) == ld.get("gdp-2025q1")


def test_events_and_releases(capsys: pytest.CaptureFixture[str]) -> None:
    """Events lists both events; releases lists the shipped versions."""
    status, out, _ = run(capsys, "events", "--release", "1.0.0")
    assert status == 0 and "2025-04-26" in out and "2025-03-26" in out
    status, out, _ = run(capsys, "releases")
    assert status == 0 and out.split() == list(ld.releases())


@pytest.mark.parametrize(
    ("argv", "needle"),
    [(["show", "gdp"], "no figure 'gdp'"), (["list", "--place", "Atlantis"], "place"),
     (["list", "--release", "9.9.9"], "no data release '9.9.9'"),
     (["list", "--measure", "levle", "--release", "1.0.0"], "measures: level, yoy_growth"),
     (["list", "--topic", "sport", "--release", "1.0.0"], "not a topic of data release 1.0.0")],
)  # fmt: skip
def test_expected_errors_are_one_line(capsys: pytest.CaptureFixture[str], argv: "list[str]",
                                      needle: str) -> None:  # fmt: skip
    """An expected error is one line on stderr and exit status 1, no traceback."""
    status, out, err = run(capsys, *argv)
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and needle in err and "Traceback" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad option is a usage error: status 2."""
    status, _, err = run(capsys, "list", "--levle")
    assert status == 2 and "unrecognized arguments" in err
    status, _, _ = run(capsys)
    assert status == 2


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """--help exits 0 and shows examples."""
    status, out, _ = run(capsys, "list", "--help")
    assert status == 0 and "examples:" in out


def test_closed_pipe_is_quiet() -> None:
    """Piping into a reader that closes early prints no traceback."""
    proc = subprocess.run(
        f"{sys.executable} -m liaocheng_data list --format json | head -c 10",
        shell=True, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert proc.stdout == '[\n  {\n    "'[:10]
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_console_script_runs() -> None:
    """The installed console script and python -m give the same output."""
    a = subprocess.run([sys.executable, "-m", "liaocheng_data", "releases"],
                       capture_output=True, text=True, check=True)  # fmt: skip
    script = Path(sys.executable).with_name("liaocheng-data")
    b = subprocess.run([str(script), "releases"], capture_output=True, text=True, check=True)
    assert a.stdout == b.stdout and a.stdout.split()[0] == "1.0.0"


def test_release_option_only_where_it_means_something(capsys: pytest.CaptureFixture[str]) -> None:
    """Commands that read a release take --release; those that do not refuse it (usage, 2)."""
    assert main(["list", "--release", "1.0.0", "--format", "json"]) == 0
    assert main(["cite", "--release", "1.0.0"]) == 0
    capsys.readouterr()
    for command in (["releases"], ["validate", "x"], ["diff", "1.0.0", "1.0.0"]):
        assert main([*command, "--release", "1.0.0"]) == 2, command


@pytest.mark.parametrize("table", ["units", "measures", "topics"])
def test_vocab_lists_the_releases_tables(capsys: pytest.CaptureFixture[str], table: str) -> None:
    """`vocab TABLE` lists a release's units, measures or topics, as a table or as JSON."""
    rel = ld.release("1.0.0")
    status, out, _ = run(capsys, "vocab", table, "--release", "1.0.0", "--format", "json")
    entries = getattr(rel, table)
    assert status == 0 and json.loads(out) == [e.model_dump() for e in entries]
    status, out, _ = run(capsys, "vocab", table, "--release", "1.0.0")
    lines = out.splitlines()
    assert status == 0 and len(lines) == 1 + len(entries)
    key = "code" if table == "units" else "id"
    assert [line.split()[0] for line in lines[1:]] == [getattr(e, key) for e in entries]
