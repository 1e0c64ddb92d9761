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
    assert rows[0]["unit_code"] == "CNY" and "unit" not in rows[0]  # the model's field name
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
    fields = {f["name"]: f for f in meta["resources"][0]["schema"]["fields"]}
    assert list(fields) == list(COLUMNS) and "CNY" in fields["unit_code"]["constraints"]["enum"]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "pkg" / "figures.csv").read_text("utf-8"))))
    assert len(rows) == len(ld.figures())


def test_datapackage_schema_catches_bad_rows(tmp_path: Path) -> None:
    """Frictionless reports a row whose qualifier is outside the vocabulary."""
    descriptor = export("datapackage", tmp_path / "pkg")
    csv_path = tmp_path / "pkg" / "figures.csv"
    text = csv_path.read_text(encoding="utf-8").replace(",more_than,", ",roughly,", 1)
    csv_path.write_text(text, encoding="utf-8")
    assert not frictionless.validate(str(descriptor)).valid


def test_dataframe_indexed_by_id_exact_and_chartable() -> None:
    """to_dataframe: one row per figure indexed by id, exact Decimal values, a float column in
    base units, the model's column names, topics as lists and dates as dates.
    """
    frame = to_dataframe(release="1.0.0")
    figures = ld.figures(release="1.0.0")
    assert frame.index.name == "id" and list(frame.index) == [f.id for f in figures]
    assert list(frame.columns) == [
        *COLUMNS[1:11], "base_value_float", *COLUMNS[11:],
    ]  # fmt: skip
    assert "unit" not in frame.columns
    gdp = frame.loc["gdp-2025q1"]
    assert gdp["value"] == Decimal("752.1") and isinstance(gdp["value"], Decimal)
    assert gdp["base_value"] == Decimal("75210000000") and isinstance(gdp["base_value"], Decimal)
    assert gdp["base_value_float"] == 75_210_000_000.0 and gdp["unit_code"] == "CNY"
    assert str(frame["base_value_float"].dtype) == "float64"
    assert list(frame.select_dtypes("number").columns) == [
        "scale", "base_value_float", "quote_start", "quote_end",
    ]  # fmt: skip
    for figure in figures:
        row = frame.loc[figure.id]
        assert row["base_value_float"] == float(figure.base_value)
        assert row["topics"] == list(figure.topics)
    assert str(frame["period_end"].dtype).startswith("datetime64")
    assert gdp["period_start"] == pd.Timestamp("2025-01-01")
    assert frame.loc["key-industrial-chains", "period_start"] is pd.NaT
    assert str(frame["scale"].dtype) == "int64"


def test_dataframe_attrs_carry_units_descriptions_and_release() -> None:
    """df.attrs names the data release, the citation, and each column's unit and description."""
    frame = to_dataframe(release="1.0.0")
    assert frame.attrs["release"] == "1.0.0" and frame.attrs["releases"] == ["1.0.0"]
    assert frame.attrs["citation"] == ld.cite(style="text", release="1.0.0")
    assert "CC-BY-4.0" in frame.attrs["licenses"]
    columns = frame.attrs["columns"]
    assert set(columns) == set(frame.columns)
    assert all(meta["description"] for meta in columns.values())
    assert columns["base_value_float"]["unit"] == "unit_code of the row"
    assert columns["quote_start"]["unit"] == "code points"
    assert columns["label_en"]["unit"] is None
    units = ld.units(release="1.0.0")
    used = {f.unit_code for f in ld.figures(release="1.0.0")}
    assert frame.attrs["units"] == {
        u.code: {"kind": u.kind, "zh": u.zh, "en": u.en} for u in units if u.code in used
    }
    assert frame.attrs["units"]["CNY"]["en"] == "yuan (CNY)"
    trade = ld.to_dataframe(ld.figures(topic="trade", measure="yoy_growth", release="1.0.0"))
    assert set(trade.attrs["units"]) == {"%"}


def test_dataframe_of_a_selection() -> None:
    """to_dataframe takes a selection of figures (even an empty one) from the root."""
    trade = ld.figures(topic="trade", release="1.0.0")
    frame = ld.to_dataframe(trade)
    assert list(frame.index) == [f.id for f in trade]
    assert frame.attrs["release"] == "1.0.0"
    empty = ld.to_dataframe(ld.figures(topic="trade", search="no such words", release="1.0.0"))
    assert len(empty) == 0 and list(empty.columns) == list(frame.columns)
    assert list(ld.to_dataframe([ld.get("gdp-2025q1", release="1.0.0")]).index) == ["gdp-2025q1"]


def test_dataframe_refuses_confused_arguments() -> None:
    """A release passed as the figures, both figures and release, or a non-figure item is an
    ExportError (a LiaochengDataError and a ValueError) that says what to pass instead.
    """
    with pytest.raises(ld.ExportError, match=r"release='1\.0\.0'"):
        to_dataframe("1.0.0")  # type: ignore[arg-type]
    with pytest.raises(ld.ExportError, match="not both"):
        to_dataframe(ld.figures(release="1.0.0"), release="1.0.0")
    with pytest.raises(ld.ExportError, match="item 1 is a str"):
        to_dataframe([ld.get("gdp-2025q1", release="1.0.0"), "gdp-2025q1"])  # type: ignore[list-item]
    assert issubclass(ld.ExportError, ld.LiaochengDataError)
    assert issubclass(ld.ExportError, ValueError)


def test_dataframe_chart_draws_base_values_of_one_unit() -> None:
    """The documented chart: base_value_float of the yuan figures plots (the Decimal column
    alone would not), with one bar per figure.
    """
    import matplotlib

    matplotlib.use("Agg")
    frame = to_dataframe(release="1.0.0")
    yuan = frame[(frame["unit_code"] == "CNY") & (frame["measure"] == "level")]
    axes = yuan.plot.barh(y="base_value_float", legend=False)
    assert len(axes.patches) == len(yuan) > 3
    with pytest.raises(TypeError, match="no numeric data"):
        yuan.plot.barh(y="value")
    import matplotlib.pyplot as plt

    plt.close("all")


def test_missing_extras_name_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas or pyarrow, the export says which extra to install (an
    ExtraNotInstalledError, also an ImportError).
    """
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ld.ExtraNotInstalledError, match=r"liaocheng-data\[pandas\]"):
        to_dataframe(release="1.0.0")
    with pytest.raises(ImportError, match=r"liaocheng-data\[parquet\]"):
        ld.to_arrow(release="1.0.0")


def test_parquet_reads_back_exactly_in_duckdb(tmp_path: Path) -> None:
    """DuckDB reads the Parquet export with exact DECIMAL values, DATE dates and list topics,
    equal to the figures'.
    """
    import duckdb

    path = export("parquet", tmp_path / "figures.parquet", release="1.0.0")
    con = duckdb.connect()
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert list(types) == list(COLUMNS)
    assert types["value"] == types["base_value"] == "DECIMAL(38,6)"
    assert types["period_start"] == types["period_end"] == "DATE"
    assert types["topics"] == "VARCHAR[]" and types["scale"] == "INTEGER"
    rows = con.execute(
        f"SELECT id, value, base_value, unit_code, period_start, period_end, topics FROM '{path}'"
    ).fetchall()
    figures = ld.figures(release="1.0.0")
    assert [r[0] for r in rows] == [f.id for f in figures]
    for (_, value, base, unit, start, end, topics), figure in zip(rows, figures):
        assert isinstance(value, Decimal) and value == figure.value
        assert base == figure.base_value and unit == figure.unit_code
        assert (start, end) == (figure.period_start, figure.period_end)
        assert topics == list(figure.topics)
    total = con.execute(f"SELECT sum(base_value) FROM '{path}' WHERE unit_code = 'CNY'").fetchone()
    assert total is not None
    assert total[0] == sum(f.base_value for f in figures if f.unit_code == "CNY")


def test_parquet_reads_back_exactly_in_polars(tmp_path: Path) -> None:
    """Polars reads the Parquet export as Decimal and Date columns equal to the figures'."""
    import polars as pl

    path = ld.write_parquet(tmp_path / "trade.parquet", ld.figures(topic="trade", release="1.0.0"))
    frame = pl.read_parquet(path)
    assert frame.columns == list(COLUMNS)
    assert frame.schema["value"] == pl.Decimal(38, 6)
    assert frame.schema["period_end"] == pl.Date
    assert frame.schema["topics"] == pl.List(pl.String)
    figures = ld.figures(topic="trade", release="1.0.0")
    assert frame["id"].to_list() == [f.id for f in figures]
    assert frame["value"].to_list() == [f.value for f in figures]
    assert frame["base_value"].to_list() == [f.base_value for f in figures]
    assert frame["period_start"].to_list() == [f.period_start for f in figures]


def test_arrow_schema_carries_units_descriptions_and_release() -> None:
    """The Arrow schema marks which columns may be empty and carries descriptions, units,
    the release and the citation as metadata; more decimal places widen the decimal scale.
    """
    import pyarrow as pa

    table = ld.to_arrow(release="1.0.0")
    schema = table.schema
    assert schema.names == list(COLUMNS) and table.num_rows == len(ld.figures(release="1.0.0"))
    assert schema.field("value").type == pa.decimal128(38, 6)
    assert schema.field("period_start").type == pa.date32()
    assert schema.field("period_start").nullable and not schema.field("period_end").nullable
    assert schema.field("base_value").metadata[b"unit"] == b"unit_code of the row"
    assert schema.metadata[b"liaocheng_data.release"] == b"1.0.0"
    assert schema.metadata[b"liaocheng_data.citation"].decode() == ld.cite(
        style="text", release="1.0.0"
    )
    fine = ld.get("gdp-2025q1", release="1.0.0").model_copy(update={"value": Decimal("1.2345678")})
    assert ld.to_arrow([fine]).schema.field("value").type == pa.decimal128(38, 7)
    assert ld.to_arrow([fine]).column("value").to_pylist() == [Decimal("1.2345678")]


def test_cli_export_and_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI writes every format, and `schema` prints the schema."""
    for fmt in ("csv", "json", "jsonl", "datapackage", "parquet"):
        assert main(["export", "--format", fmt, "--output", str(tmp_path / fmt)]) == 0
    assert (tmp_path / "datapackage" / "datapackage.json").is_file()
    assert (tmp_path / "parquet").read_bytes()[:4] == b"PAR1"
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


def test_slices_and_events_keep_their_html_tables() -> None:
    """A slice of a selection is still a selection with a table; events render as a table of
    date, id, place, label, quote and source; an index still gives one figure.
    """
    selection = ld.figures(release="1.0.0")
    first_two = selection[:2]
    assert first_two == tuple(selection)[:2] and isinstance(selection[0], ld.Figure)
    assert first_two._repr_html_().count("<tr>") == 3  # type: ignore[attr-defined]
    assert selection[::-1][:1] == (selection[-1],)
    events = ld.events(release="1.0.0")
    table = events._repr_html_()  # type: ignore[attr-defined]
    assert table.count("<tr>") == len(events) + 1
    for needle in ("2025-04-26", "national-bearing-industry-conference-2025", "临清市"):
        assert needle in table
    assert events[:1]._repr_html_().count("<tr>") == 2  # type: ignore[attr-defined]


def test_dir_of_a_model_hides_pydantic_v1_names() -> None:
    """dir(figure) lists the fields, properties and pydantic v2 methods, not the deprecated v1
    ones (dict, json, parse_obj, copy, ...).
    """
    figure = ld.get("gdp-2025q1", release="1.0.0")
    for obj in (figure, ld.release("1.0.0"), ld.events(release="1.0.0")[0]):
        names = set(dir(obj))
        assert {"model_dump", "model_copy"} <= names
        assert not {"dict", "json", "parse_obj", "parse_raw", "copy", "construct", "schema",
                    "from_orm", "update_forward_refs", "__fields__"} & names  # fmt: skip
    assert {"base_value", "unit_code", "provenance"} <= set(dir(figure))


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
