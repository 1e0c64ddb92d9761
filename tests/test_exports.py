import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import frictionless
import jsonschema
import pandas as pd
import pytest

import liaocheng_data as ld
from liaocheng_data.__main__ import main
from liaocheng_data.exports import COLUMNS, export, json_schema, to_dataframe


def test_csv_round_trips_exact_values(tmp_path: Path) -> None:
    """CSV has one row per figure, the documented columns, and exact values as text."""
    path = export("csv", tmp_path / "f.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == len(ld.figures())
    assert tuple(rows[0]) == COLUMNS
    for row, figure in zip(rows, ld.figures()):
        assert row["id"] == figure.id
        assert Decimal(row["value"]) == figure.value
        assert Decimal(row["base_value"]) == figure.base_value
        assert row["period_start"] == (
            "" if figure.period.start is None else str(figure.period.start)
        )
        assert row["quote"] == figure.provenance.quote


def test_csv_bom_for_excel(tmp_path: Path) -> None:
    """--bom starts the CSV with a UTF-8 byte-order mark; without it there is none."""
    with_bom = export("csv", tmp_path / "a.csv", bom=True).read_bytes()
    without = export("csv", tmp_path / "b.csv").read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbf") and not without.startswith(b"\xef\xbb\xbf")
    assert with_bom[3:] == without
    with pytest.raises(ValueError, match="bom"):
        export("json", tmp_path / "c.json", bom=True)


def test_json_and_jsonl_validate_against_the_schema(tmp_path: Path) -> None:
    """Every exported JSON and JSON Lines record validates against `schema` (jsonschema),
    and validates back into the same Figure.
    """
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    records = json.loads(export("json", tmp_path / "f.json").read_text(encoding="utf-8"))
    lines = export("jsonl", tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == len(lines) == len(ld.figures())
    for record, line in zip(records, lines):
        validator.validate(record)
        assert json.loads(line) == record
        assert ld.Figure.model_validate_json(line) == ld.get(record["id"])


def test_schema_refuses_a_float_value() -> None:
    """The schema is not vacuous: a record with a float value fails it."""
    record = ld.get("gdp-2025q1").model_dump(mode="json")
    record["value"] = 752.1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, json_schema())


def test_datapackage_passes_frictionless(tmp_path: Path) -> None:
    """The Data Package validates with the real frictionless tool; its version is the data
    release and it carries sources, licences and contributors.
    """
    descriptor = export("datapackage", tmp_path / "pkg")
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["type", "message"])
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    assert meta["version"] == ld.DATA_VERSION
    assert meta["sources"] and meta["licenses"] and meta["contributors"]
    assert any(lic["name"] == "CC-BY-4.0" for lic in meta["licenses"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "pkg" / "figures.csv").read_text("utf-8"))))
    assert len(rows) == len(ld.figures())


def test_datapackage_schema_catches_bad_rows(tmp_path: Path) -> None:
    """Frictionless reports a row whose qualifier is outside the vocabulary."""
    descriptor = export("datapackage", tmp_path / "pkg")
    csv_path = tmp_path / "pkg" / "figures.csv"
    text = csv_path.read_text(encoding="utf-8").replace(",more_than,", ",roughly,", 1)
    csv_path.write_text(text, encoding="utf-8")
    assert not frictionless.validate(str(descriptor)).valid


def test_dataframe_one_row_per_figure_exact() -> None:
    """to_dataframe: one row per figure, Decimal values kept exactly, dates as dates."""
    frame = to_dataframe()
    assert len(frame) == len(ld.figures())
    gdp = frame.set_index("id").loc["gdp-2025q1"]
    assert gdp["base_value"] == Decimal("75210000000") and isinstance(gdp["base_value"], Decimal)
    assert str(frame["period_end"].dtype).startswith("datetime64")
    assert gdp["period_start"] == pd.Timestamp("2025-01-01")
    assert frame.set_index("id").loc["key-industrial-chains", "period_start"] is pd.NaT
    assert str(frame["scale"].dtype) == "int64"


def test_cli_export_and_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI writes every format, and `schema` prints the schema."""
    for fmt in ("csv", "json", "jsonl", "datapackage"):
        assert main(["export", "--format", fmt, "--output", str(tmp_path / fmt)]) == 0
    assert (tmp_path / "datapackage" / "datapackage.json").is_file()
    capsys.readouterr()
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


def test_search_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    """search() finds figures by Chinese or English words; CLI list --search agrees."""
    assert [f.id for f in ld.search("民间投资", release="1.0.0")] == [
        "private-investment-growth-2025q1", "private-investment-growth-rank-2025q1",
    ]  # fmt: skip
    exports = {f.id for f in ld.search("exports", release="1.0.0")}
    assert {"zhongtong-bus-exports-2024", "rongda-jinyi-roast-duck-exports-cumulative"} <= exports
    assert {f.id for f in ld.search("XINFA", release="1.0.0")} == {
        f.id for f in ld.figures(entity="xinfa-group", release="1.0.0")
    }
    assert ld.search("no such words anywhere") == ()
    assert main(["list", "--search", "民间投资", "--format", "json", "--release", "1.0.0"]) == 0
    ids = [r["id"] for r in json.loads(capsys.readouterr().out)]
    assert ids == [f.id for f in ld.search("民间投资", release="1.0.0")]


def test_notebook_html() -> None:
    """Figures, releases and result collections render as HTML tables with value, unit,
    qualifier, period, place, quote and source.
    """
    figure = ld.get("qingshui-annual-forging-output", release="1.0.0")
    html = figure._repr_html_()
    for needle in (
        "&gt; 50万吨",
        "500000 t/a",
        "more_than",
        "清水镇",
        "超过50万吨",
        "dzrb-2025-06-04",
    ):
        assert needle in html, needle
    result = ld.figures(topic="trade", release="1.0.0")
    table = result._repr_html_()  # type: ignore[attr-defined]
    assert table.count("<tr>") == len(result) + 1
    assert "<table>" in ld.release()._repr_html_()


def test_html_escapes_text() -> None:
    """Text from the data is escaped, never injected as markup."""
    from liaocheng_data.models import figures_html

    evil = ld.get("gdp-2025q1").model_copy(update={"label_en": "<script>x</script>"})
    assert "&lt;script&gt;" in figures_html([evil]) and "<script>" not in figures_html([evil])


def test_closed_pipe_export_to_stdout_is_quiet() -> None:
    """`schema | head` ends without a traceback."""
    proc = subprocess.run(
        f"{sys.executable} -m liaocheng_data schema | head -c 5",
        shell=True, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "Traceback" not in proc.stderr
