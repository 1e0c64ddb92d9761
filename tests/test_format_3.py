"""Data format 3: a release declares its units, measures, topics and exclusions as data."""

import json
import shutil
from pathlib import Path
from typing import Any, Dict, List

import pydantic
import pytest

import liaocheng_data as ld
from liaocheng_data import _loader
from liaocheng_data.exports import json_schema
from liaocheng_data.upgrade import upgrade_release_dict

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "releases"
SOURCE = "dzrb-2025-06-04"
CLUSTERS = "2024年,茌平区绿色功能铝、冠县高端棉纺织、东阿县新型建材入选省级特色产业集群"


@pytest.fixture
def v3(tmp_path: Path) -> Path:
    """A writable copy of fixture release 91.0.0 (format 3, with changes and aliases)."""
    dest = tmp_path / "release"
    shutil.copytree(FIXTURES / "91.0.0", dest)
    return dest


def _edit(folder: Path, name: str, change: Any) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _figure(records: List[Dict[str, Any]], figure_id: str) -> Dict[str, Any]:
    return next(r for r in records if r["id"] == figure_id)


def test_the_fixture_is_format_3_with_the_legacy_vocabulary() -> None:
    """The fixtures are format 3 and carry, as data, the vocabulary 1.0.0 takes from the
    package; their figures are those of 1.0.0 with the same units."""
    meta = json.loads((FIXTURES / "91.0.0" / "release.json").read_text(encoding="utf-8"))
    assert meta["format_version"] == 3
    old = ld.release("1.0.0")
    new = ld.load_release(FIXTURES / "91.0.0")
    assert new.units == old.units and new.measures == old.measures and new.topics == old.topics
    assert [u["code"] for u in meta["units"]] == [u.code for u in old.units]
    assert new.get("gdp-level-2025q1").unit == old.get("gdp-2025q1").unit


def test_a_new_unit_is_a_data_change(v3: Path) -> None:
    """A unit, measure and topic added to the tables are used by a figure with no code change;
    the figure's unit view takes kind and English name from the release."""

    def add_terms(meta: Dict[str, Any]) -> None:
        meta["units"].append({"code": "{bus}", "kind": "count", "zh": "辆", "en": "buses"})
        meta["measures"].append({"id": "shipment", "zh": "发运", "en": "shipment",
                                 "definition": "A number of things sent off."})  # fmt: skip
        meta["topics"].append({"id": "export", "zh": "出口", "en": "exports",
                               "definition": "Goods sold abroad."})  # fmt: skip

    def use_them(records: List[Dict[str, Any]]) -> None:
        figure = _figure(records, "zhongtong-bus-exports-2024")
        figure.update(unit_code="{bus}", measure="shipment", topics=["export"])

    _edit(v3, "release.json", add_terms)
    _edit(v3, "figures.json", use_them)
    rel = ld.load_release(v3)
    figure = rel.get("zhongtong-bus-exports-2024")
    assert (figure.unit.code, figure.unit.kind, figure.unit.en) == ("{bus}", "count", "buses")
    assert figure.unit_code == "{bus}" and figure.unit.zh == figure.unit_zh
    assert ld.figures(release=rel, measure="shipment", topic="export") == (figure,)
    assert [u.code for u in ld.units(release=rel)][-1] == "{bus}"
    schema = json_schema(release=rel)
    assert "{bus}" in schema["properties"]["unit_code"]["enum"]
    assert "shipment" in schema["properties"]["measure"]["enum"]


def test_an_unknown_unit_is_one_error_not_a_cascade(v3: Path) -> None:
    """A figure whose unit is not in the table gives one error naming file, figure and field;
    the release's changes and aliases are not reported against the figures that are right."""
    _edit(v3, "figures.json", lambda r: _figure(r, "gdp-level-2025q1").update(unit_code="{bus}"))
    with pytest.raises(ld.ValidationError) as info:
        ld.load_release(v3)
    (problem,) = info.value.problems
    assert problem.endswith(
        "figures.json: figure 'gdp-level-2025q1': unit_code: unknown unit '{bus}' "
        "(not in the release's units table)"
    )


def test_an_unknown_topic_in_an_event_is_refused(v3: Path) -> None:
    """An event's topics must be in the release's topics table."""
    _edit(v3, "events.json", lambda events: events[0].update(topics=["sport"]))
    with pytest.raises(ld.ValidationError, match=r"events\.json: event .*topics: unknown topic"):
        ld.load_release(v3)


def test_an_unknown_unit_kind_asks_for_an_upgrade(v3: Path) -> None:
    """A unit kind this package does not know is a FormatVersionError saying to upgrade."""
    _edit(v3, "release.json", lambda m: m["units"].append(
        {"code": "J", "kind": "energy", "zh": "焦耳", "en": "joules"}))  # fmt: skip
    with pytest.raises(ld.FormatVersionError, match=r"unit kind 'energy'.*upgrade liaocheng-data"):
        ld.load_release(v3)


@pytest.mark.parametrize(
    ("code", "kind"), [("yuan", "money"), ("pct", "percent")]
)  # fmt: skip
def test_a_unit_code_must_suit_its_kind(v3: Path, code: str, kind: str) -> None:
    """Money has an ISO 4217 code and percent the code %: other codes are refused."""
    _edit(v3, "release.json", lambda m: m["units"].append(
        {"code": code, "kind": kind, "zh": "x", "en": "x"}))  # fmt: skip
    with pytest.raises(ld.ValidationError, match=rf"units\.\d+: .*{kind}"):
        ld.load_release(v3)


def test_a_duplicate_unit_code_is_refused(v3: Path) -> None:
    """A unit code listed twice is refused, naming it."""
    _edit(v3, "release.json", lambda m: m["units"].append(dict(m["units"][0])))
    with pytest.raises(ld.ValidationError, match=r"unit 'CNY': code: duplicate code"):
        ld.load_release(v3)


def test_exclusions_are_checked_against_the_source(v3: Path) -> None:
    """An exclusion's numeral must be in its quote, and the quote in the source text."""
    good = {"source_id": SOURCE, "numeral": "2024", "quote": CLUSTERS, "reason": "a year"}
    _edit(v3, "release.json", lambda m: m.update(exclusions=[good]))
    rel = ld.load_release(v3)
    assert rel.exclusions[0].numeral == "2024" and rel.exclusions[0].quote == CLUSTERS
    _edit(v3, "release.json", lambda m: m.update(exclusions=[{**good, "numeral": "2023"}]))
    with pytest.raises(ld.ValidationError, match=r"numeral: '2023' is not in the quote"):
        ld.load_release(v3)
    _edit(v3, "release.json", lambda m: m.update(exclusions=[{**good, "quote": "2024年,月球"}]))
    with pytest.raises(ld.ValidationError, match=r"exclusion '2024': quote: .* does not occur"):
        ld.load_release(v3)


@pytest.mark.parametrize(
    ("precision", "day", "literal", "ok"),
    [("year", "2024-01-01", "2024年", True), ("year", "2024-03-01", "2024年", False),
     ("month", "2024-03-01", "3月", True), ("month", "2024-03-02", "3月", False),
     ("day", "2024-03-02", "2024年", False)],
)  # fmt: skip
def test_an_events_date_precision(v3: Path, precision: str, day: str, literal: str,
                                  ok: bool) -> None:  # fmt: skip
    """An event known to the month or year is dated the first day of it and prints as such."""
    quote = CLUSTERS if literal.endswith("年") else "3月26日,中通客车出口智利895台纯电动客车"

    def dated(events: List[Dict[str, Any]]) -> None:
        start = (v3 / "sources" / f"{SOURCE}.txt").read_text(encoding="utf-8").index(quote)
        events[0].update(date=day, date_precision=precision)
        events[0]["provenance"].update(quote=quote, start=start, end=start + len(quote),
                                       literal=literal)  # fmt: skip

    _edit(v3, "events.json", dated)
    if ok:
        assert ld.load_release(v3).events[0].date_precision == precision
    else:
        with pytest.raises(ld.ValidationError, match=r"event 'national-bearing"):
            ld.load_release(v3)


def test_reprint_and_source_record_their_precision_and_normalizer(v3: Path) -> None:
    """A reprint's date precision and a source's normalizer are recorded and read back."""

    def record(meta: Dict[str, Any]) -> None:
        meta["sources"][0]["normalizer"] = "repost"
        meta["sources"][0]["reprint"].update(date_precision="month", date="2025-06-01")

    _edit(v3, "release.json", record)
    source = ld.load_release(v3).sources[0]
    assert source.normalizer == "repost"
    assert source.reprint is not None and source.reprint.date_precision == "month"
    _edit(v3, "release.json", lambda m: m["sources"][0].update(normalizer="ocr"))
    with pytest.raises(ld.ValidationError, match="normalizer"):
        ld.load_release(v3)


def test_release_1_0_0_defaults() -> None:
    """Release 1.0.0 (format 1) reads with the legacy vocabulary, no exclusions, day precision."""
    rel = ld.release("1.0.0")
    assert len(rel.units) == 21 and rel.exclusions == ()
    assert {e.date_precision for e in rel.events} == {"day"}
    assert rel.sources[0].normalizer is None
    assert ld.units(release="1.0.0") == rel.units
    assert [m.id for m in ld.measures(release="1.0.0")] == [m.id for m in rel.measures]
    assert ld.topics(release="1.0.0") == rel.topics


def test_conversion_embeds_the_legacy_vocabulary_and_keeps_the_data() -> None:
    """upgrade_release_dict writes a format 1 release in format 3 with the legacy tables; the
    inputs are untouched; a format 3 release cannot go back to format 2."""
    folder = _loader.data_root().joinpath("releases").joinpath("1.0.0")
    meta = json.loads(folder.joinpath("release.json").read_bytes())
    figures = json.loads(folder.joinpath("figures.json").read_bytes())
    events = json.loads(folder.joinpath("events.json").read_bytes())
    before = json.dumps([meta, figures, events])
    new_meta, new_figures, new_events = upgrade_release_dict(meta, figures, events, data_format=3)
    assert json.dumps([meta, figures, events]) == before
    assert new_meta["format_version"] == 3 and new_events == events
    assert list(new_meta).index("units") == list(new_meta).index("organisations") + 1
    rel = ld.release("1.0.0")
    assert new_meta["units"] == [u.model_dump(mode="json") for u in rel.units]
    assert new_meta["exclusions"] == []
    assert set(new_figures[0]) == set(ld.Figure.model_fields) - {"release"}
    with pytest.raises(ValueError, match="cannot be written in format 2"):
        upgrade_release_dict(new_meta, new_figures, new_events, data_format=2)


def test_a_dump_validates_back_with_its_releases_vocabulary(monkeypatch: pytest.MonkeyPatch,
                                                           v3: Path) -> None:  # fmt: skip
    """A figure of an installed release whose unit is not in the legacy vocabulary validates
    back from its JSON dump without a context, taking the vocabulary of the release it names."""
    _edit(v3, "release.json", lambda m: m["units"].append(
        {"code": "{bus}", "kind": "count", "zh": "辆", "en": "buses"}))  # fmt: skip
    _edit(v3, "figures.json", lambda r: _figure(r, "zhongtong-bus-exports-2024").update(
        unit_code="{bus}"))  # fmt: skip
    rel = ld.load_release(v3)
    monkeypatch.setattr(_loader, "_cache", {**_loader._cache, rel.version: rel})
    monkeypatch.setattr(_loader, "_vocabularies", {})
    figure = rel.get("zhongtong-bus-exports-2024")
    again = ld.Figure.model_validate_json(figure.model_dump_json())
    assert again == figure and again.unit.en == "buses"
    stranger = figure.model_dump(mode="json", exclude={"release"})
    with pytest.raises(pydantic.ValidationError, match=r"unknown unit '\{bus\}'"):
        ld.Figure.model_validate({**stranger, "release": "89.0.0"})


def test_format_3_takes_the_fast_chunked_path(
    release_v3: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean format 3 figures.json is validated in chunks from its bytes, never parsed again
    by Python's parser nor validated whole (format 2's fast path)."""
    monkeypatch.setattr(_loader, "CHUNK_BYTES", 3000)
    whole: List[str] = []
    parsed: List[str] = []
    original_whole, original_parse = _loader._figures_v2, _loader._parse

    def spy_whole(where: str, data: bytes, context: Dict[str, Any]) -> None:
        whole.append(where)
        original_whole(where, data, context)

    def spy_parse(where: str, data: str, kind: Any) -> Any:
        parsed.append(where)
        return original_parse(where, data, kind)

    monkeypatch.setattr(_loader, "_figures_v2", spy_whole)
    monkeypatch.setattr(_loader, "_parse", spy_parse)
    rel = ld.load_release(release_v3)
    assert rel.figures == ld.release("1.0.0").figures
    assert whole == [] and not [w for w in parsed if w.endswith("figures.json")]
