from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaocheng_data.numerals import (
    MAGNITUDES,
    UNIT_KINDS,
    base_value,
    check_literal,
    parse_numeral,
    render_zh,
    to_numeral,
    unit_problem,
)


def test_unit_kinds_are_the_closed_set() -> None:
    """Code knows exactly six unit kinds; units themselves are data."""
    assert UNIT_KINDS == ("money", "percent", "count", "rank", "duration", "quantity")


@pytest.mark.parametrize(
    ("code", "kind", "ok"),
    [("CNY", "money", True), ("yuan", "money", False), ("%", "percent", True),
     ("pct", "percent", False), ("{bus}", "count", True), ("t", "mass", False)],
)  # fmt: skip
def test_unit_problem_keys_on_kinds(code: str, kind: str, ok: bool) -> None:
    """Money needs an ISO 4217 code, percent the code %, and the kind must be known."""
    assert (unit_problem(code, kind) is None) is ok


@pytest.mark.parametrize(
    ("value", "scale", "unit_zh", "expected"),
    [
        ("752.1", 8, "元", "752.1亿元"),
        ("536.6", 4, "千瓦", "536.6万千瓦"),
        ("63.51", 0, "%", "63.51%"),
        ("2.4", 8, "平方米", "2.4亿平方米"),
        ("5", 0, "个月", "5个月"),
    ],
)
def test_render_zh(value: str, scale: int, unit_zh: str, expected: str) -> None:
    """A value, scale and unit print as the article prints them."""
    assert render_zh(Decimal(value), scale, unit_zh) == expected


def test_render_refuses_scale_without_word() -> None:
    """A scale with no Chinese magnitude word cannot be rendered."""
    with pytest.raises(ValueError, match="scale 5"):
        render_zh(Decimal(1), 5, "元")


@pytest.mark.parametrize(
    ("value", "scale", "expected"),
    [("752.1", 8, "75210000000"), ("2.4", 8, "240000000"), ("0.5", 0, "0.5"),
     ("1", 11, "100000000000"), ("7.43", 8, "743000000"), ("0.001", 4, "10")],
)  # fmt: skip
def test_base_value_is_plain_and_exact(value: str, scale: int, expected: str) -> None:
    """Value × 10**scale has no exponent in its text."""
    assert str(base_value(Decimal(value), scale)) == expected


@pytest.mark.parametrize(
    ("text", "number", "imprecise"),
    [("五", 5, False), ("两", 2, False), ("十", 10, False), ("十二", 12, False),
     ("百万", 10**6, False), ("千亿", 10**11, False), ("数十", 10, True),
     ("二千零一十二", 2012, False), ("一亿零五百", 100000500, False)],
)  # fmt: skip
def test_parse_numeral(text: str, number: int, imprecise: bool) -> None:
    """Chinese numerals in words read as their value."""
    assert parse_numeral(text) == (Decimal(number), imprecise)


@pytest.mark.parametrize("text", ["", "最大", "五五", "3", "五零"])
def test_parse_numeral_refuses_non_numerals(text: str) -> None:
    """Text that is not a numeral is refused, not guessed."""
    with pytest.raises(ValueError, match="numeral"):
        parse_numeral(text)


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_numeral_round_trip(number: int) -> None:
    """Writing a number in Chinese numerals and reading it back gives the number."""
    assert parse_numeral(to_numeral(number)) == (Decimal(number), False)


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(sorted({0, *MAGNITUDES})),
    st.sampled_from(["元", "吨", "%", "千瓦", ""]),
)
def test_rendered_literal_passes_the_literal_check(value: Decimal, scale: int, unit: str) -> None:
    """What render_zh prints is exactly what check_literal accepts for the same number."""
    literal = render_zh(value, scale, unit)
    assert check_literal(literal, value=value, scale=scale, kind="money", unit_zh=unit,
                         qualifier="exact") is None  # fmt: skip


@pytest.mark.parametrize(
    ("literal", "value", "scale", "kind", "unit_zh", "qualifier"),
    [
        ("第3", "3", 0, "rank", "", "exact"),
        ("首位", "1", 0, "rank", "", "exact"),
        ("最大", "1", 0, "rank", "", "exact"),
        ("第三", "3", 0, "rank", "", "exact"),
        ("两座", "2", 0, "count", "座", "exact"),
        ("百万只", "1", 6, "quantity", "只", "more_than"),
        ("千亿", "1", 11, "money", "", "at_least"),
        ("数十台", "10", 0, "count", "台", "imprecise"),
    ],
)
def test_check_literal_accepts(literal: str, value: str, scale: int, kind: str,
                               unit_zh: str, qualifier: str) -> None:  # fmt: skip
    """Ranks, superlatives and numerals in words are read and accepted when they agree."""
    assert check_literal(literal, value=Decimal(value), scale=scale, kind=kind,
                         unit_zh=unit_zh, qualifier=qualifier) is None  # fmt: skip


@pytest.mark.parametrize(
    ("literal", "value", "scale", "kind", "unit_zh", "qualifier", "why"),
    [
        ("725.1亿元", "752.1", 8, "money", "元", "exact", "read '752.1亿元'"),
        ("752.1亿元", "752.1", 4, "money", "元", "exact", "read '752.1万元'"),
        ("第4", "3", 0, "rank", "", "exact", "reads '第3'"),
        ("最大", "2", 0, "rank", "", "exact", "states rank 1"),
        ("两座", "3", 0, "count", "座", "exact", "reads 2"),
        ("数十台", "10", 0, "count", "台", "exact", "imprecise"),
        ("百万只", "1", 6, "quantity", "块", "more_than", "does not end with"),
    ],
)
def test_check_literal_refuses(literal: str, value: str, scale: int, kind: str,
                               unit_zh: str, qualifier: str, why: str) -> None:  # fmt: skip
    """A literal that does not state the stored number is refused with the reason."""
    problem = check_literal(literal, value=Decimal(value), scale=scale, kind=kind,
                            unit_zh=unit_zh, qualifier=qualifier)  # fmt: skip
    assert problem is not None and why in problem
