from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Dict, Optional

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import AfterValidator, Field, Strict, StringConstraints, TypeAdapter

import liaocheng_data as ld
from liaocheng_data import models as m
from liaocheng_data.models import load_context

_REL = ld.release("1.0.0")
CONTEXT = load_context(
    "1.0.0", {p.id: p for p in _REL.places}, {e.id: e for e in _REL.organisations}
)


def validate_record(data: Dict[str, Any]) -> ld.Figure:
    """Validate a record as figures.json holds it (place by id, no release)."""
    return ld.Figure.model_validate(data, context=CONTEXT)


def _record(**changes: Any) -> Dict[str, Any]:
    figure = ld.get("gdp-2025q1", release="1.0.0")
    data = figure.model_dump(exclude={"place", "entity", "release"})
    data.update(place="371500", entity=None)
    data.update(changes)
    return data


def test_figure_is_frozen() -> None:
    """A figure cannot be changed in place."""
    figure = ld.get("gdp-2025q1", release="1.0.0")
    with pytest.raises(pydantic.ValidationError):
        figure.value = Decimal(1)  # type: ignore[misc]


def test_figure_round_trips_through_json() -> None:
    """Every shipped figure dumps to JSON and validates back to an equal object."""
    for figure in ld.figures(release="1.0.0"):
        again = ld.Figure.model_validate_json(figure.model_dump_json())
        assert again == figure
        assert again.base_value == figure.base_value


def test_value_is_a_string_in_json() -> None:
    """Dumped values are strings, so no float appears in exported JSON."""
    dumped = ld.get("gdp-2025q1", release="1.0.0").model_dump(mode="json")
    assert dumped["value"] == "752.1"
    assert "base_value" not in dumped  # derived, not stored


@pytest.mark.parametrize("bad", ["7.5e2", "-1", "01", " 1", "1.", "NaN", "Infinity", ""])
def test_malformed_decimal_strings(bad: str) -> None:
    """Only plain non-negative decimals are accepted as values."""
    with pytest.raises(pydantic.ValidationError, match="value"):
        validate_record(_record(value=bad))


def test_python_floats_and_ints_are_refused() -> None:
    """A float or int value is refused in Python too; a Decimal is accepted."""
    for bad in (752.1, 752, True):
        with pytest.raises(pydantic.ValidationError, match="JSON numbers are refused"):
            validate_record(_record(value=bad))
    assert validate_record(_record(value=Decimal("752.1"))).value == Decimal("752.1")


def test_dates_are_strict() -> None:
    """Impossible dates and timestamps are refused."""
    with pytest.raises(pydantic.ValidationError):
        ld.Period.model_validate_json('{"start": "2025-02-30", "end": "2025-03-31", "label": "x"}')
    with pytest.raises(pydantic.ValidationError):
        ld.Period.model_validate_json('{"start": 1735689600, "end": "2025-03-31", "label": "x"}')


def test_rank_needs_scope_and_only_rank_has_one() -> None:
    """A rank without rank_scope, or a level with one, is refused."""
    rank = ld.get("gdp-growth-rank-2025q1", release="1.0.0").model_dump(
        exclude={"place", "entity", "release"}
    )
    rank.update(place="371500", rank_scope=None)
    with pytest.raises(pydantic.ValidationError, match="rank_scope"):
        validate_record(rank)
    with pytest.raises(pydantic.ValidationError, match="rank_scope"):
        validate_record(_record(rank_scope="somewhere"))


def test_place_rules() -> None:
    """A coded place has its code as id; an uncoded one needs a parent; codes are GB/T or CN."""
    ld.Place(id="371500", code="371500", name_zh="聊城市", name_en="Liaocheng", level="prefecture")
    with pytest.raises(pydantic.ValidationError):
        ld.Place(id="liaocheng", code="371500", name_zh="聊城市", name_en="L", level="prefecture")
    with pytest.raises(pydantic.ValidationError):
        ld.Place(id="town", name_zh="镇", name_en="Town", level="town")
    with pytest.raises(pydantic.ValidationError):
        ld.Place(id="37150", code="37150", name_zh="x", name_en="x", level="prefecture")


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.booleans(),
)
def test_period_round_trip_and_order(a: date, b: date, open_start: bool) -> None:
    """A valid period round-trips through JSON; one that ends before it starts is refused."""
    start, end = (None, b) if open_start else (a, b)
    if start is not None and start > end:
        with pytest.raises(pydantic.ValidationError, match="is after end"):
            ld.Period(start=start, end=end, label="x")
        return
    period = ld.Period(start=start, end=end, label="x")
    assert ld.Period.model_validate_json(period.model_dump_json()) == period


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False))
def test_figure_round_trip_any_value(value: Decimal) -> None:
    """A figure with any plain value round-trips through JSON, base value included."""
    text = format(value, "f")
    record = validate_record(
        _record(
            value=text,
            scale=0,
            unit_code="CNY",
            unit_zh="元",
            source_id="s",
            quote=f"值{text}元",
            quote_start=0,
            quote_end=len(text) + 2,
            literal=f"{text}元",
        )
    )
    again = ld.Figure.model_validate_json(record.model_dump_json())
    assert again == record and again.base_value == value


def test_unit_english_names() -> None:
    """Units carry an English name from the closed vocabulary."""
    assert ld.get("new-energy-installed-capacity", release="1.0.0").unit.en == "kilowatts"


def test_ids_resolve_only_within_a_release() -> None:
    """A place id needs the release's tables; an unknown id, or a stored release, is refused."""
    data = _record()
    with pytest.raises(pydantic.ValidationError, match="ids resolve only when a whole release"):
        ld.Figure.model_validate(data)
    with pytest.raises(pydantic.ValidationError, match="unknown place '999999'"):
        validate_record({**data, "place": "999999"})
    with pytest.raises(pydantic.ValidationError, match="release: not stored per record"):
        validate_record({**data, "release": "9.9.9"})
    figure = validate_record(data)
    assert figure.place is _REL.get("gdp-2025q1").place  # shared, not copied
    assert figure.release == "1.0.0"


def _without_metadata(schema: Any) -> Any:
    """A core schema without its ``metadata`` entries (hints for JSON Schema, empty here)."""
    if isinstance(schema, dict):
        items: Dict[str, Any] = schema
        return {k: _without_metadata(v) for k, v in items.items() if k != "metadata"}
    if isinstance(schema, list):
        return [_without_metadata(v) for v in schema]  # pyright: ignore[reportUnknownVariableType]
    return schema


def test_field_types_are_the_schemas_of_their_constraints() -> None:
    """Each constrained field type, handed to pydantic as a finished core schema (cheaper to
    build at import), is exactly what pydantic builds from the constraints it stands for."""
    plain = f"^[^{m.CONTROL_CHARACTERS}]*$"
    declared: Dict[str, Any] = {
        "Slug": Annotated[str, StringConstraints(pattern=m.SLUG_PATTERN, max_length=m.MAX_ID)],
        "ReleasePath": Annotated[str, AfterValidator(m._check_release_path)],
        "Version": Annotated[str, AfterValidator(m._check_semver)],
        "PlaceCode": Annotated[Optional[str], AfterValidator(m._check_place_code)],
        "Sha256": Annotated[str, AfterValidator(m._check_sha256)],
        "Text": Annotated[str, Field(min_length=1, max_length=m.MAX_TEXT)],
        "PlainText": Annotated[
            str, StringConstraints(min_length=1, max_length=m.MAX_TEXT, pattern=plain)
        ],
        "Note": Annotated[str, Field(max_length=m.MAX_NOTE)],
        "LongText": Annotated[str, Field(min_length=1, max_length=m.MAX_NOTE)],
        "Quote": Annotated[str, Field(min_length=1, max_length=m.MAX_QUOTE)],
        "Url": Annotated[Optional[str], Field(max_length=m.MAX_URL), AfterValidator(m._check_url)],
        "Short": Annotated[str, Field(max_length=m.MAX_ID)],
        "Id": Annotated[str, Field(min_length=1, max_length=m.MAX_ID)],
        "Key": Annotated[str, StringConstraints(min_length=1, max_length=m.MAX_ID, pattern=plain)],
        "Scale": Annotated[int, Strict(), Field(ge=0, le=12)],
        "Offset": Annotated[int, Strict(), Field(ge=0)],
        "End": Annotated[int, Strict(), Field(ge=1)],
        "TermId": Annotated[str, StringConstraints(pattern=m.TERM_PATTERN)],
        "LicensePath": Annotated[
            Optional[Annotated[str, Field(min_length=1, max_length=m.MAX_TEXT)]],
            AfterValidator(m._check_license_path),
        ],
    }
    for name, constrained in declared.items():
        ours = TypeAdapter(getattr(m, name)).core_schema
        assert _without_metadata(ours) == _without_metadata(TypeAdapter(constrained).core_schema), (
            name
        )
