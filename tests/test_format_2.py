"""Data format 2: flat figure records, validated in one pass by pydantic's JSON parser.

What the fast path may not change: the data (an upgraded release loads to equal objects),
the refusals (a repeated key is always found; the rules the loader checks over the whole
list refuse exactly what a figure's own validator refuses), and the messages.
"""

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import liaocheng_data as ld
from liaocheng_data import _loader
from liaocheng_data.models import figure_problems, load_context, number_problem, period_problem

_REL = ld.release("1.0.0")
CONTEXT = load_context(
    "1.0.0", {p.id: p for p in _REL.places}, {e.id: e for e in _REL.organisations}
)
FIXTURE_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _records(folder: Path) -> List[Dict[str, Any]]:
    records: List[Dict[str, Any]] = json.loads((folder / "figures.json").read_bytes())
    return records


def _write_text(folder: Path, text: str) -> None:
    (folder / "figures.json").write_text(text, encoding="utf-8")


def _outcome(folder: Path) -> Any:
    try:
        return ld.load_release(folder)
    except ld.LiaochengDataError as exc:
        return exc


def test_upgrade_keeps_the_data(release_v2: Path) -> None:
    """The upgraded release is format 2, gives every field of every figure (none left to a
    default) flat, and loads to figures and events equal to the shipped format 1 ones."""
    meta = json.loads((release_v2 / "release.json").read_bytes())
    assert meta["format_version"] == 2
    fields = set(ld.Figure.model_fields) - {"release"}
    for record in _records(release_v2):
        assert set(record) == fields
    loaded = ld.load_release(release_v2)
    assert loaded.figures == _REL.figures
    assert loaded.events == _REL.events
    assert loaded.get("gdp-2025q1").provenance == _REL.get("gdp-2025q1").provenance


def test_clean_release_is_parsed_once(release_v2: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean format 2 figures.json is not parsed a second time by Python's parser."""
    parsed: List[str] = []
    original = _loader._parse

    def spy(where: str, data: str, kind: Optional[str]) -> Any:
        parsed.append(where)
        return original(where, data, kind)

    monkeypatch.setattr(_loader, "_parse", spy)
    ld.load_release(release_v2)
    assert parsed and not [where for where in parsed if where.endswith("figures.json")]


def _object_text(pairs: List[Any], colon: str) -> str:
    return (
        "{"
        + ", ".join(f"{json.dumps(k)}{colon}{json.dumps(v, ensure_ascii=False)}" for k, v in pairs)
        + "}"
    )


@FIXTURE_SETTINGS
@given(
    index=st.integers(min_value=0, max_value=len(_REL.figures) - 1),
    key_choice=st.integers(min_value=0, max_value=100),
    position=st.integers(min_value=0, max_value=100),
    same_value=st.booleans(),
    colon=st.sampled_from([": ", ":", " : ", "\n:"]),
    escape_note=st.booleans(),
)
def test_a_repeated_key_is_always_found(
    release_v2: Path,
    tmp_path_factory: pytest.TempPathFactory,
    index: int,
    key_choice: int,
    position: int,
    same_value: bool,
    colon: str,
    escape_note: bool,
) -> None:
    """Whichever key of whichever figure is given twice, with its own value or another,
    wherever in the object, with whitespace before colons or backslash escapes in the text,
    the release is refused naming the figure and the key."""
    records = _records(release_v2)
    pairs = list(records[index].items())
    key, value = pairs[key_choice % len(pairs)]
    if escape_note:  # a backslash escape anywhere takes the counting shortcut off the table
        records[0]["note"] = 'A "quoted" word.'
        if index == 0:
            pairs = list(records[0].items())
    other = value if same_value else (None if value is not None else "x")
    pairs.insert(position % (len(pairs) + 1), (key, other))
    objects = [
        _object_text(pairs, colon) if i == index else _object_text(list(r.items()), colon)
        for i, r in enumerate(records)
    ]
    folder = tmp_path_factory.mktemp("dup") / "release"
    shutil.copytree(release_v2, folder)
    _write_text(folder, "[" + ",\n".join(objects) + "]")
    outcome = _outcome(folder)
    assert isinstance(outcome, ld.ValidationError)
    # a figure is named by its id, or by its position when "id" itself is given twice
    names = {repr(records[index]["id"])} | ({f"#{index}"} if key == "id" else set())
    text = "\n".join(outcome.problems)
    assert any(f"figure {name}: {key}: duplicate key" in text for name in names)


def test_whitespace_and_escapes_still_load(release_v2_copy: Path) -> None:
    """Legal JSON that the counting shortcut cannot vouch for (spaces before colons, escaped
    characters) loads to the same figures by the slower path."""
    records = _records(release_v2_copy)
    records[0]["note"] = 'Said to be "the largest" (our note).\\n'
    text = "[" + ",\n".join(_object_text(list(r.items()), " :") for r in records) + "]"
    _write_text(release_v2_copy, text)
    loaded = ld.load_release(release_v2_copy)
    assert loaded.figures[0].note == records[0]["note"]
    assert loaded.figures[1:] == _REL.figures[1:]


def test_records_may_leave_defaults_out(release_v2_copy: Path) -> None:
    """A record may omit fields that have defaults; it loads to the same figure."""
    records = _records(release_v2_copy)
    for record in records:
        for name in ("corroborated_by", "note", "entity", "rank_scope", "qualifier"):
            if record[name] == ld.Figure.model_fields[name].get_default() or record[name] == []:
                del record[name]
    (release_v2_copy / "figures.json").write_text(json.dumps(records, ensure_ascii=False))
    assert ld.load_release(release_v2_copy).figures == _REL.figures


@pytest.mark.parametrize("first", [True, False])
def test_a_value_equal_in_number_but_printed_otherwise_is_refused(
    release_v2_copy: Path, first: bool
) -> None:
    """Decimal("6.7") == Decimal("6.70"), but "6.70" prints "6.70%": a figure that differs
    from a valid one only in that way is refused, whichever comes first."""
    records = _records(release_v2_copy)
    at = next(i for i, r in enumerate(records) if r["id"] == "gdp-growth-2025q1")
    twin = {**records[at], "id": "gdp-growth-2025q1-twin", "value": "6.70"}
    records.insert(at if first else at + 1, twin)
    (release_v2_copy / "figures.json").write_text(json.dumps(records, ensure_ascii=False))
    outcome = _outcome(release_v2_copy)
    assert isinstance(outcome, ld.ValidationError)
    assert outcome.problems == (
        f"{release_v2_copy / 'figures.json'}: figure 'gdp-growth-2025q1-twin': literal: value "
        "6.70, scale 0 and unit '%' read '6.70%', not '6.7%'",
    )


RULE_CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "value": st.sampled_from(["752.1", "752.10", "6.7", "0", "3", "1.5", "2"]),
        "scale": st.sampled_from([0, 4, 5, 8, 12]),
        "unit_code": st.sampled_from(["CNY", "%", "{rank}", "1"]),
        "unit_zh": st.sampled_from(["", "元", "家", "%"]),
        "measure": st.sampled_from(["level", "rank", "count", "yoy_growth"]),
        "qualifier": st.sampled_from(["exact", "more_than", "approximately"]),
        "rank_scope": st.sampled_from([None, "全省"]),
        "literal": st.sampled_from(["752.1亿元", "第3", "6.7%", "首位", "两"]),
        "period_start": st.sampled_from([None, "2025-01-01", "2025-12-31"]),
    },
)


@FIXTURE_SETTINGS
@given(index=st.integers(min_value=0, max_value=len(_REL.figures) - 1), changes=RULE_CHANGES)
def test_the_loader_refuses_what_a_figure_refuses(
    release_v2: Path, tmp_path_factory: pytest.TempPathFactory, index: int, changes: Any
) -> None:
    """The loader checks the number, period and quote rules over the whole list; a figure
    validated on its own checks them itself. Both refuse the same changed figure, with the
    same problems."""
    records = _records(release_v2)
    record = {**records[index], **changes}
    alone: List[str] = []
    try:
        ld.Figure.model_validate(record, context=CONTEXT)
    except pydantic.ValidationError as exc:
        for err in exc.errors():
            message = str(err["msg"]).replace("Value error, ", "", 1)
            field = ".".join(str(part) for part in err["loc"])
            alone.append(f"{field}: {message}" if field else message)
    folder = tmp_path_factory.mktemp("rules") / "release"
    shutil.copytree(release_v2, folder)
    records[index] = record
    (folder / "figures.json").write_text(json.dumps(records, ensure_ascii=False))
    outcome = _outcome(folder)
    if not alone:
        assert isinstance(outcome, ld.Release)
        assert figure_problems(outcome.figures[index]) == []
        return
    assert isinstance(outcome, ld.ValidationError)
    head = f"{folder / 'figures.json'}: figure {record['id']!r}: "
    found = [p.replace(head, "", 1) for p in outcome.problems]
    assert "; ".join(found) == "; ".join(alone)


def test_chunked_validation_gives_the_same_release(
    release_v2_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validating a few records at a time gives the same figures, and the same message for a
    problem in a later chunk, as validating the whole file."""
    whole = ld.load_release(release_v2_copy)
    monkeypatch.setattr(_loader, "CHUNK_BYTES", 3000)
    assert ld.load_release(release_v2_copy).figures == whole.figures
    records = _records(release_v2_copy)
    records[30]["scale"] = 13
    _write_text(release_v2_copy, json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    chunked = _outcome(release_v2_copy)
    monkeypatch.setattr(_loader, "CHUNK_BYTES", 10**9)
    assert isinstance(chunked, ld.ValidationError)
    assert chunked.problems == _outcome(release_v2_copy).problems
    assert f"figure {records[30]['id']!r}: scale:" in chunked.problems[0]


def test_a_record_boundary_inside_a_record_is_not_a_chunk_boundary(
    release_v2_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text that looks like a boundary between records but sits inside one (here, in an
    invalid nested array) makes the loader validate the whole file, which names the figure."""
    monkeypatch.setattr(_loader, "CHUNK_BYTES", 1)
    records = _records(release_v2_copy)
    records[2]["corroborated_by"] = [{"a": 1}, {"b": 2}]
    text = json.dumps(records, ensure_ascii=False, indent=2)
    text = text.replace('"a": 1\n      },\n      {', '"a": 1\n  },\n  {')
    assert text.count("\n  },\n  {") == len(records)
    _write_text(release_v2_copy, text)
    outcome = _outcome(release_v2_copy)
    assert isinstance(outcome, ld.ValidationError)
    assert f"figure {records[2]['id']!r}: corroborated_by.0:" in "\n".join(outcome.problems)


@pytest.mark.parametrize(
    "dump",
    [
        pytest.param({"indent": 4}, id="indent-4"),
        pytest.param({"separators": (",", ":")}, id="compact"),
        pytest.param({"indent": "\t"}, id="tabs"),
        pytest.param({"indent": 0}, id="newlines-only"),
    ],
)
def test_any_json_layout_is_validated_in_chunks(
    release_v2_copy: Path, monkeypatch: pytest.MonkeyPatch, dump: Dict[str, Any]
) -> None:
    """A figures file in another JSON layout loads a few records at a time, to the same figures
    (the whole-file fallback is never needed for a valid file)."""
    records = _records(release_v2_copy)
    _write_text(release_v2_copy, json.dumps(records, ensure_ascii=False, **dump))
    monkeypatch.setattr(_loader, "CHUNK_BYTES", 2000)
    chunks: List[int] = []
    chunk_validator = _loader._BulkChecks.chunk_validator

    def counting(bulk: Any) -> Callable[[bytes], None]:
        validate = chunk_validator(bulk)

        def chunk(data: bytes) -> None:
            chunks.append(len(data))
            validate(data)

        return chunk

    def no_fallback(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("validated the whole file")

    monkeypatch.setattr(_loader._BulkChecks, "chunk_validator", counting)
    monkeypatch.setattr(_loader, "_figures_v2", no_fallback)
    assert ld.load_release(release_v2_copy).figures == _REL.figures
    assert len(chunks) >= len(records) * 500 // 2000  # about one chunk per 2000 bytes


def test_a_boundary_inside_a_string_never_splits_a_record(
    release_v2_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In compact JSON, a note holding the text between two records (``},{``) loads as that
    text, whichever chunk size puts a cut there."""
    records = _records(release_v2_copy)
    records[3]["note"] = 'a "},{" inside, and },{"id": "x"} too'
    _write_text(release_v2_copy, json.dumps(records, ensure_ascii=False, separators=(",", ":")))
    whole = ld.load_release(release_v2_copy)
    assert whole.figures[3].note == records[3]["note"]
    for size in (1, 500, 1500, 2500):
        monkeypatch.setattr(_loader, "CHUNK_BYTES", size)
        assert ld.load_release(release_v2_copy).figures == whole.figures


def test_loaded_figures_keep_their_own_fields_set_semantics(release_v2: Path) -> None:
    """Figures loaded from complete records share one fields-set (to save memory); it says
    what was given, and copying one figure with an update changes no other."""
    loaded = ld.load_release(release_v2)
    first, second = loaded.figures[0], loaded.figures[1]
    assert first.model_fields_set == set(ld.Figure.model_fields) - {"release"}
    changed = first.model_copy(update={"note": "changed"})
    assert changed.note == "changed" and first.note != "changed"
    assert second.model_fields_set == set(ld.Figure.model_fields) - {"release"}
    assert loaded.figures == _REL.figures


def test_the_loading_schema_fits_this_pydantic() -> None:
    """On the installed pydantic, figures files are validated with the loader's own schema
    (Figure's schema with the ids looked up in pydantic's core), not the per-figure hook."""
    assert _loader._figure_model_schema() is not None
    meta = ld.release("1.0.0")
    places = {p.id: p for p in meta.places}
    units = {u.code: u for u in meta.units}
    assert _loader._loading_validator(lambda f: f, places, units, "1.0.0") is not None


def _place_inline(record: Dict[str, Any]) -> None:
    record["place"] = _REL.get(record["id"]).place.model_dump(mode="json")


def _entity_inline(record: Dict[str, Any]) -> None:
    record["entity"] = _REL.organisations[0].model_dump(mode="json")


#: Changes to one record, each refused or accepted by the loading schema as by the hook.
_RECORD_EDITS: Dict[str, Callable[[Dict[str, Any]], None]] = {
    "sound": lambda r: None,
    "release-given": lambda r: r.update(release="1.0.0"),
    "release-given-invalid": lambda r: r.update(release="one"),
    "unknown-place": lambda r: r.update(place="999999"),
    "place-empty": lambda r: r.update(place=""),
    "place-number": lambda r: r.update(place=371500),
    "place-inline": _place_inline,
    "unknown-entity": lambda r: r.update(entity="acme"),
    "entity-number": lambda r: r.update(entity=7),
    "entity-inline": _entity_inline,
    "entity-null": lambda r: r.update(entity=None),
    "entity-left-out": lambda r: r.pop("entity"),
    "unknown-unit": lambda r: r.update(unit_code="{bus}"),
    "unit-empty": lambda r: r.update(unit_code=""),
    "unit-of-another-kind": lambda r: r.update(unit_code="%"),
    "note-left-out": lambda r: r.pop("note"),
    "quote-moved": lambda r: r.update(
        quote_start=r["quote_start"] + 1, quote_end=r["quote_end"] + 1
    ),
    "quote-short": lambda r: r.update(quote_end=r["quote_end"] - 1),
    "literal-elsewhere": lambda r: r.update(literal="9" + r["literal"]),
    "value-as-number": lambda r: r.update(value=752.1),
    "unknown-source": lambda r: r.update(source_id="elsewhere"),
    "duplicate-id": lambda r: r.update(id="gdp-2025q1"),
}


@pytest.mark.parametrize("change", sorted(_RECORD_EDITS))
def test_the_loading_schema_and_the_hook_agree(
    release_v2_copy: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Validating with the loader's own schema and validating with the figure's hook (the way
    taken when pydantic's schema of Figure is not the expected one) load the same figures,
    field for field, or refuse with the same problems."""
    records = _records(release_v2_copy)
    for at in (5, 23):  # one figure without an organisation, one with
        _RECORD_EDITS[change](records[at])
    _write_text(release_v2_copy, json.dumps(records, ensure_ascii=False, indent=2))
    loading = _outcome(release_v2_copy)
    monkeypatch.setattr(_loader, "_figure_model_schema", lambda: None)
    hooked = _outcome(release_v2_copy)
    assert type(loading) is type(hooked)
    if isinstance(hooked, ld.LiaochengDataError):
        assert isinstance(loading, ld.LiaochengDataError)
        assert str(loading) == str(hooked)
        return
    assert loading.figures == hooked.figures
    for mine, theirs in zip(loading.figures, hooked.figures):
        assert list(vars(mine).items()) == list(vars(theirs).items())
        assert mine.model_fields_set == theirs.model_fields_set
        assert type(mine.unit_code) is type(theirs.unit_code)
    assert dict(loading.figures_by_id) == dict(hooked.figures_by_id)


#: The unit kinds of release 1.0.0 (the legacy vocabulary), by code.
_KINDS = {u.code: u.kind for u in _REL.units}


def _full_rules(combo: Any) -> List[str]:
    unit_code, unit_zh, value = combo[1:4]
    found = [
        number_problem(_KINDS[unit_code], unit_zh, Decimal(value), *combo[4:8]),
        period_problem(combo[8], combo[9]),
    ]
    return [p for p in found if p is not None]


DATES = st.sampled_from([None, date(2025, 1, 1), date(2025, 3, 31), date(2026, 1, 1)])


@settings(max_examples=400, deadline=None)
@given(
    value=st.from_regex(r"(0|[1-9][0-9]{0,6})(\.[0-9]{1,4})?", fullmatch=True),
    scale=st.sampled_from([0, 4, 5, 6, 8, 11, 12]),
    unit_zh=st.sampled_from(["", "元", "%", "千瓦", "家"]),
    unit_code=st.sampled_from(["CNY", "%", "{rank}", "kW", "{enterprise}"]),
    measure=st.sampled_from(["level", "yoy_growth", "rank", "count", "share"]),
    rank_scope=st.sampled_from([None, "全省"]),
    literal_kind=st.sampled_from(["plain", "other", "words"]),
    start=DATES,
    end=DATES.filter(lambda d: d is not None),
)
def test_the_plain_literal_shortcut_agrees_with_the_rules(
    value: str, scale: int, unit_zh: str, unit_code: str, measure: str,
    rank_scope: Optional[str], literal_kind: str, start: Optional[date], end: date,
) -> None:  # fmt: skip
    """Where the loader's shortcut for plainly printed amounts passes a profile, the full
    number and period rules pass it too."""
    from liaocheng_data.numerals import MAGNITUDES

    literal = {
        "plain": value + MAGNITUDES.get(scale, "") + unit_zh,
        "other": value + "0" + unit_zh,
        "words": "两" + unit_zh,
    }[literal_kind]
    combo = (measure, unit_code, unit_zh, value, scale, "exact", rank_scope, literal, start, end)
    if _loader._plainly_printed(combo, _KINDS[unit_code]):
        assert _full_rules(combo) == []
    assert (_loader._combination_problems(combo, _KINDS) == []) == (_full_rules(combo) == [])


def test_most_shipped_figures_take_the_shortcut() -> None:
    """The shortcut covers most of release 1.0.0's figures (so it is worth having), and the
    full rules pass every one it covers."""
    profiles = [_loader._profile_of(f) for f in _REL.figures]
    plain = [p for p in profiles if _loader._plainly_printed(p, _KINDS[p[1]])]
    assert len(plain) > len(profiles) // 2
    assert all(_full_rules(p) == [] for p in plain)


def test_an_inline_organisation_does_not_hide_a_broken_rule(release_v2_copy: Path) -> None:
    """A record may give its organisation as an object rather than an id; a rule it breaks is
    still reported, naming it."""
    records = _records(release_v2_copy)
    at = next(i for i, r in enumerate(records) if r["entity"] is not None)
    organisation = next(o for o in _REL.organisations if o.id == records[at]["entity"])
    records[at]["entity"] = organisation.model_dump(mode="json")
    records[at]["value"] = records[at]["value"] + "1"
    (release_v2_copy / "figures.json").write_text(json.dumps(records, ensure_ascii=False))
    outcome = _outcome(release_v2_copy)
    assert isinstance(outcome, ld.ValidationError)
    assert f"figure {records[at]['id']!r}: literal:" in "\n".join(outcome.problems)


def test_a_stored_release_is_refused_even_in_an_incomplete_record(release_v2_copy: Path) -> None:
    """A record that gives ``release`` is refused, also when it leaves another field out (so
    that it has as many keys as a complete record)."""
    records = _records(release_v2_copy)
    records[4]["release"] = "1.0.0"
    del records[4]["note"]
    (release_v2_copy / "figures.json").write_text(json.dumps(records, ensure_ascii=False))
    outcome = _outcome(release_v2_copy)
    assert isinstance(outcome, ld.ValidationError)
    assert f"figure {records[4]['id']!r}: release: not stored per record" in "\n".join(
        outcome.problems
    )
