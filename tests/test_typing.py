"""The public API's types, checked statically (mypy --strict, pyright strict) and run."""

from datetime import date
from decimal import Decimal
from typing import Optional, Tuple

from typing_extensions import assert_type

import liaocheng_data as ld
from liaocheng_data.numerals import UnitKind


def test_public_api_types() -> None:
    """Accessors and model fields have the types the docs promise."""
    figure = ld.get("gdp-2025q1")
    assert_type(figure, ld.Figure)
    assert_type(figure.value, Decimal)
    assert_type(figure.base_value, Decimal)
    assert_type(figure.scale, int)
    assert_type(figure.period.start, Optional[date])
    assert_type(figure.period.end, date)
    assert_type(figure.place.code, Optional[str])
    assert_type(figure.entity, Optional[ld.Entity])
    assert_type(ld.figures(), Tuple[ld.Figure, ...])
    assert_type(ld.events(), Tuple[ld.Event, ...])
    assert_type(ld.releases(), Tuple[str, ...])
    assert_type(ld.release(), ld.Release)
    assert_type(ld.release().get("gdp-2025q1"), ld.Figure)
    assert_type(ld.sources(), Tuple[ld.Source, ...])
    assert_type(ld.cite("gdp-2025q1", style="apa"), str)
    assert_type(ld.verify().ok, bool)
    assert_type(ld.diff("1.0.0", "1.0.0"), ld.ReleaseDiff)
    assert_type(ld.history("gdp-2025q1"), Tuple[ld.HistoryEntry, ...])
    assert_type(ld.DATA_VERSION, str)
    assert_type(figure.unit_code, str)
    assert_type(figure.measure, str)
    assert_type(figure.topics, Tuple[str, ...])
    assert_type(figure.unit.kind, UnitKind)
    assert_type(ld.units(), Tuple[ld.UnitDefinition, ...])
    assert_type(ld.measures(), Tuple[ld.Measure, ...])
    assert_type(ld.topics(), Tuple[ld.Topic, ...])
    assert isinstance(figure.value, Decimal)
