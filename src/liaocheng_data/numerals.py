"""The closed sets whose rules need code (unit kinds, qualifiers) and Chinese numbers.

Units, measures and topics are data: each release declares them in its tables (formats 1
and 2 take the package's legacy vocabulary). Unit codes follow ISO 4217 for money and UCUM
otherwise; counted things are UCUM annotations such as ``{vehicle}``, and per-year rates end
in ``/a``. What code keeps is each unit's *kind* (:data:`UNIT_KINDS`), whose rules it checks.
A figure stores its number as
printed (``value``) plus the power of ten of the Chinese magnitude word (``scale``):

Examples:
    >>> from decimal import Decimal
    >>> render_zh(Decimal("752.1"), 8, "元")
    '752.1亿元'
    >>> base_value(Decimal("752.1"), 8)
    Decimal('75210000000')
    >>> parse_numeral("千亿")
    (Decimal('100000000000'), False)
    >>> parse_numeral("数十")
    (Decimal('10'), True)
"""

from __future__ import annotations

import decimal
import re
from bisect import bisect_right
from decimal import Decimal
from types import MappingProxyType
from typing import Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, get_args

__all__ = [
    "MAGNITUDES",
    "MAX_PLACES_EXAMINED",
    "NUMERAL_LIKE",
    "NUMERAL_PATTERN",
    "QUALIFIERS",
    "RANK_WORDS",
    "UNIT_KINDS",
    "Qualifier",
    "UnitKind",
    "base_value",
    "check_literal",
    "format_decimal",
    "parse_numeral",
    "render_zh",
    "to_numeral",
    "unit_problem",
    "useless_exclusions",
]

UnitKind = Literal["money", "percent", "count", "rank", "duration", "quantity"]
#: The kinds of unit whose rules need code; a release's ``units`` table gives each unit one.
#: ``money`` has an ISO 4217 code; ``percent`` is ``%``; a ``rank`` is a whole number >= 1
#: with a scope; a ``count`` is a whole number of things; ``duration`` a length of time;
#: ``quantity`` any other physical quantity, per-year rates included.
UNIT_KINDS: Tuple[UnitKind, ...] = get_args(UnitKind)

Qualifier = Literal["exact", "more_than", "at_least", "approximately", "imprecise"]
#: How the printed number relates to the true one: 超过/超/突破 more_than, 以上 at_least,
#: 约/近 approximately, 数十 imprecise.
QUALIFIERS: Tuple[Qualifier, ...] = get_args(Qualifier)

#: A numeral as printed: Arabic digits (with a decimal part), or a run of Chinese numeral
#: characters (数 "several" included, as in 数十); see :mod:`liaocheng_data.completeness`.
NUMERAL_PATTERN = r"[0-9]+(?:\.[0-9]+)?|[〇零一二两三四五六七八九十百千万亿数]+"
#: Characters that read as numerals but that the completeness check does not look for (the
#: formal numerals such as 陆, and 双, 首, 俩, 廿, 卅): an exclusion may still name one, to
#: record why a passage holding it is not a figure.
NUMERAL_LIKE = "壹贰叁肆伍陆柒捌玖拾佰仟双首俩廿卅"
_NUMERAL = re.compile(NUMERAL_PATTERN)
#: At most this many places (an occurrence of the numeral in an occurrence of the quote)
#: are examined for one an exclusion could exclude; past them it has the benefit of the doubt,
#: so a hostile table of 1024 exclusions costs a bounded time.
MAX_PLACES_EXAMINED = 200
_MARGIN = 64


def _is_whole(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one whole numeral as the tokenizer reads ``text``
    (read again from at most 64 characters before it to two after: enough to see a decimal
    part go on)."""
    for m in _NUMERAL.finditer(text, max(0, start - _MARGIN), end + 2):
        if m.end() <= start:
            continue
        return m.start() == start and m.end() == end
    return False


def _holds(starts: Sequence[int], reach: Sequence[int], start: int, end: int) -> bool:
    i = bisect_right(starts, start) - 1
    return i >= 0 and reach[i] >= end


def useless_exclusions(
    text: str, exclusions: Iterable[Tuple[str, str]], covered: Iterable[Tuple[int, int]]
) -> List[Tuple[int, str]]:
    """For each ``(numeral, quote)`` of ``exclusions`` that could never exclude a numeral of
    ``text`` the completeness check looks for, its position in ``exclusions`` and why, as
    ``numeral: problem``: the numeral is inside the quote only as part of a larger numeral
    (the ``5`` of ``752.1``), or each whole one already lies in a ``covered`` span (a
    figure's or event's literal). A quote not in the text, and a numeral-like character such
    as 陆 (:data:`NUMERAL_LIKE`), are not judged here.

    Examples:
        >>> useless_exclusions("GDP达752.1亿元", [("5", "752.1亿元"), ("752.1", "752.1亿元")],
        ...                    covered=[(4, 9)])  # doctest: +NORMALIZE_WHITESPACE
        [(0, "numeral: '5' is only part of a larger numeral in the quote '752.1亿元'"),
         (1, "numeral: '752.1' in '752.1亿元' is already a figure's or event's literal")]
    """
    ordered = sorted(covered)
    starts = [start for start, _ in ordered]
    reach: List[int] = []
    furthest = -1
    for _, end in ordered:
        furthest = max(furthest, end)
        reach.append(furthest)
    out: List[Tuple[int, str]] = []
    for position, (numeral, quote) in enumerate(exclusions):
        if not _NUMERAL.fullmatch(numeral) or quote not in text:
            continue
        offsets: List[int] = []
        i = quote.find(numeral)
        while i >= 0 and len(offsets) < MAX_PLACES_EXAMINED:
            offsets.append(i)
            i = quote.find(numeral, i + 1)
        whole = useful = False
        at = text.find(quote)
        examined = 0
        while at >= 0 and not useful:
            for offset in offsets:
                examined += 1
                if examined > MAX_PLACES_EXAMINED:
                    useful = True
                    break
                start, end = at + offset, at + offset + len(numeral)
                if _is_whole(text, start, end):
                    whole = True
                    if not _holds(starts, reach, start, end):
                        useful = True
                        break
            at = text.find(quote, at + 1)
        shown = repr(numeral[:40])
        if not whole:
            out.append((position, f"numeral: {shown} is only part of a larger numeral in the "
                                  f"quote {quote[:60]!r}"))  # fmt: skip
        elif not useful:
            out.append((position, f"numeral: {shown} in {quote[:60]!r} is already a figure's "
                                  "or event's literal"))  # fmt: skip
    return out


_ISO_4217 = re.compile(r"[A-Z]{3}")


def unit_problem(code: str, kind: str) -> Optional[str]:
    """Why a unit code does not suit its kind, or None.

    Examples:
        >>> unit_problem("CNY", "money") is None, unit_problem("yuan", "money")
        (True, "a unit of kind 'money' has an ISO 4217 code (three capital letters), not 'yuan'")
    """
    if kind not in UNIT_KINDS:
        return f"{kind!r} is not a unit kind ({', '.join(UNIT_KINDS)})"
    if kind == "money" and not _ISO_4217.fullmatch(code):
        return f"a unit of kind 'money' has an ISO 4217 code (three capital letters), not {code!r}"
    if kind == "percent" and code != "%":
        return f"a unit of kind 'percent' has the code '%', not {code!r}"
    return None


#: Power of ten -> Chinese magnitude word. Scale 0 has no word.
MAGNITUDES: Mapping[int, str] = MappingProxyType(
    {4: "万", 6: "百万", 8: "亿", 11: "千亿", 12: "万亿"}
)

#: Words that state rank 1 without a number (superlatives, 首位).
RANK_WORDS: Mapping[str, int] = MappingProxyType({"首位": 1, "最大": 1, "第一": 1})

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARABIC = re.compile(r"[0-9]")
_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)


def format_decimal(value: Decimal) -> str:
    """Write a decimal in plain notation, never with an exponent.

    Examples:
        >>> format_decimal(Decimal("7.521E+10"))
        '75210000000'
    """
    return format(value, "f")


def base_value(value: Decimal, scale: int) -> Decimal:
    """``value`` × 10**``scale``, exact, with no exponent noise.

    Examples:
        >>> base_value(Decimal("2.4"), 8)
        Decimal('240000000')
        >>> base_value(Decimal("63.51"), 0)
        Decimal('63.51')
    """
    scaled = value.scaleb(scale, context=_CONTEXT)
    if scaled == scaled.to_integral_value(context=_CONTEXT):
        return scaled.quantize(Decimal(1), context=_CONTEXT)
    return Decimal(format_decimal(scaled))


def render_zh(value: Decimal, scale: int, unit_zh: str) -> str:
    """The figure as a Chinese text would print it with Arabic digits.

    Examples:
        >>> render_zh(Decimal("536.6"), 4, "千瓦")
        '536.6万千瓦'
        >>> render_zh(Decimal("6.7"), 0, "%")
        '6.7%'
    """
    if scale and scale not in MAGNITUDES:
        raise ValueError(f"no Chinese magnitude word for scale {scale}")
    return format_decimal(value) + MAGNITUDES.get(scale, "") + unit_zh


def parse_numeral(text: str) -> Tuple[Decimal, bool]:
    """Read a Chinese numeral in words; return its value and whether it is imprecise.

    ``数`` ("several") stands for an unknown digit: ``数十`` reads as 10, imprecise.

    Examples:
        >>> parse_numeral("两")
        (Decimal('2'), False)
        >>> parse_numeral("一亿五千万")
        (Decimal('150000000'), False)
        >>> parse_numeral("万亿")
        (Decimal('1000000000000'), False)
    """
    if not text:
        raise ValueError("an empty string is not a numeral")
    imprecise = False
    total = 0
    section = 0
    digit: Optional[int] = None
    for ch in text:
        if ch == "数":
            if digit is not None:
                raise ValueError(f"{text!r} is not a numeral")
            imprecise = True
            digit = 1
        elif ch in "零〇":
            if digit is not None:
                raise ValueError(f"{text!r} is not a numeral (a digit before 零)")
        elif ch in _DIGITS:
            if digit is not None:
                raise ValueError(f"{text!r} is not a numeral (two digits in a row)")
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0) or 1) * 10**4
            section, digit = 0, None
        elif ch == "亿":
            if total >= 10**8:  # 一千万亿零一亿: the 亿 after 万亿 counts only its own section
                total += (section + (digit or 0) or 1) * 10**8
            else:  # 千亿, 万亿: 亿 multiplies everything before it
                total = (total + section + (digit or 0) or 1) * 10**8
            section, digit = 0, None
        else:
            raise ValueError(f"{text!r} is not a numeral (unexpected {ch!r})")
    return Decimal(total + section + (digit or 0)), imprecise


def to_numeral(number: int) -> str:
    """Write a whole number from 0 to 10**16 - 1 in Chinese numerals (the inverse of reading).

    Examples:
        >>> to_numeral(150000000)
        '一亿五千万'
        >>> to_numeral(10)
        '十'
        >>> parse_numeral(to_numeral(20030405))[0]
        Decimal('20030405')
    """
    if number < 0 or number >= 10**16:
        raise ValueError("to_numeral takes 0 <= number < 10**16")
    if number == 0:
        return "零"
    names = "零一二三四五六七八九"

    def below_10k(n: int) -> str:
        out = ""
        zero = False
        for power, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = n // power % 10
            if d:
                if zero and out:
                    out += "零"
                out += names[d] + word
                zero = False
            else:
                zero = True
        return out

    groups = [(number // 10**12) % 10**4, (number // 10**8) % 10**4,
              (number // 10**4) % 10**4, number % 10**4]  # fmt: skip
    words = ["万亿", "亿", "万", ""]
    out = ""
    for i, (group, word) in enumerate(zip(groups, words)):
        if not group:
            continue
        if out and (group < 1000 or not groups[i - 1]):
            out += "零"
        out += below_10k(group) + word
    if out.startswith("一十"):
        out = out[1:]
    return out


def check_literal(
    literal: str,
    *,
    value: Decimal,
    scale: int,
    kind: str,
    unit_zh: str,
    qualifier: str,
) -> Optional[str]:
    """Why ``literal`` does not state this number, or None when it does.

    ``kind`` is the unit's kind. With Arabic digits, the literal must equal :func:`render_zh`
    (a rank: ``第3``). Without
    them it is a numeral in words (``两``, ``百万只``) or, for a rank of 1, a word such as
    ``首位`` or ``最大``, and is read back and compared with the base value.

    Examples:
        >>> check_literal("752.1亿元", value=Decimal("752.1"), scale=8, kind="money",
        ...               unit_zh="元", qualifier="exact") is None
        True
        >>> check_literal("725.1亿元", value=Decimal("752.1"), scale=8, kind="money",
        ...               unit_zh="元", qualifier="exact")
        "value 752.1, scale 8 and unit '元' read '752.1亿元', not '725.1亿元'"
    """
    if kind == "rank":
        if scale != 0:
            return "a rank has scale 0"
        if literal in RANK_WORDS:
            return (
                None
                if value == RANK_WORDS[literal]
                else (f"{literal!r} states rank {RANK_WORDS[literal]}, not {format_decimal(value)}")
            )
        expected = "第" + format_decimal(value)
        if literal == expected:
            return None
        if literal.startswith("第") and not _ARABIC.search(literal):
            try:
                number, _ = parse_numeral(literal[1:])
            except ValueError as exc:
                return str(exc)
            return None if number == value else f"{literal!r} reads {number}, not {value}"
        return f"a rank of {format_decimal(value)} reads {expected!r}, not {literal!r}"
    if _ARABIC.search(literal):
        try:
            expected = render_zh(value, scale, unit_zh)
        except ValueError as exc:
            return str(exc)
        if literal == expected:
            return None
        return (
            f"value {format_decimal(value)}, scale {scale} and unit {unit_zh!r} read "
            f"{expected!r}, not {literal!r}"
        )
    if unit_zh and not literal.endswith(unit_zh):
        return f"the literal {literal!r} does not end with the unit {unit_zh!r}"
    words = literal[: len(literal) - len(unit_zh)] if unit_zh else literal
    try:
        number, imprecise = parse_numeral(words)
    except ValueError as exc:
        return str(exc)
    if number != base_value(value, scale):
        return f"{words!r} reads {number}, but value × 10**scale is {base_value(value, scale)}"
    if imprecise and qualifier != "imprecise":
        return f"{words!r} is an imprecise numeral: the qualifier must be 'imprecise'"
    return None
