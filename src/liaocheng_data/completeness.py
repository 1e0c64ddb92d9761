"""Every claim captured: the numerals of a release's sources that nothing accounts for.

A release is complete when each numeral printed in its sources' normalized texts (Arabic
digits such as ``752.1`` or ``2024``, and runs of Chinese numeral characters such as ``千亿``,
``数十``, ``百万`` or ``一``) lies inside the literal of a figure or an event, or inside an
exclusion (:class:`~liaocheng_data.models.Exclusion`): a passage the release lists, with a
reason, as deliberately not a figure (a name, an idiom, a period label...). An exclusion names
its source, a ``numeral`` and a ``quote`` that contains it; every occurrence of the numeral
inside every occurrence of the quote counts as excluded.

Data format 3 releases list their exclusions in ``release.json`` (``exclusions``) and
``liaocheng-data validate`` reports each numeral left over. Releases in formats 1 and 2 have
no such table, so the check does not apply to them (release 1.0.0's completeness is proved by
its own test, which keeps its list of exclusions).

Examples:
    >>> [n.text for n in numerals("2024年,茌平区入选数十个")]
    ['2024', '数十']
    >>> no = Exclusion(source_id="s", numeral="一", quote="一座", reason="an article")
    >>> spans = excluded_spans("这是一座城市", [no])
    >>> spans
    [(2, 3)]
    >>> uncovered("这是一座城市,增长6.7%", covered=[], excluded=spans)
    [Numeral(start=9, end=12, text='6.7')]
"""

import re
from bisect import bisect_right
from typing import (
    Iterable,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    Sequence,
    Set,
    Tuple,
    Union,
)

from .errors import MAX_PROBLEMS, clean_line
from .models import MAX_TEXT, Event, Exclusion, Figure, Release
from .numerals import NUMERAL_PATTERN

__all__ = [
    "MAX_PROPOSALS",
    "NUMERAL",
    "Numeral",
    "ProposalError",
    "covered_spans",
    "excluded_spans",
    "numerals",
    "propose_exclusions",
    "uncaptured_problems",
    "uncaptured_report",
    "uncovered",
]

#: A numeral as printed: Arabic digits (with a decimal part), or a run of Chinese numeral
#: characters (数 "several" included, as in 数十).
NUMERAL = re.compile(NUMERAL_PATTERN)

#: A half-open character range ``(start, end)`` of a source text.
Span = Tuple[int, int]


class Numeral(NamedTuple):
    """One numeral found in a text: its span and its text."""

    start: int
    end: int
    text: str


def numerals(text: str) -> Iterator[Numeral]:
    """Every numeral in ``text``, in order (see :data:`NUMERAL`)."""
    for m in NUMERAL.finditer(text):
        yield Numeral(m.start(), m.end(), m.group())


def _occurrences(text: str, part: str) -> Iterator[int]:
    i = text.find(part) if part else -1
    while i >= 0:
        yield i
        i = text.find(part, i + 1)


def covered_spans(items: Iterable[Union[Figure, Event]], source_id: str) -> List[Span]:
    """The spans of ``source_id``'s text that figures' and events' literals cover: every
    occurrence of the literal inside the quote, at the quote's offsets.
    """
    spans: List[Span] = []
    for item in items:
        prov = item.provenance
        if prov.source_id != source_id:
            continue
        for offset in _occurrences(prov.quote, prov.literal):
            spans.append((prov.start + offset, prov.start + offset + len(prov.literal)))
    return spans


def excluded_spans(text: str, exclusions: Iterable[Exclusion]) -> List[Span]:
    """The spans of ``text`` that ``exclusions`` (those of this text's source) exclude."""
    spans: List[Span] = []
    for ex in exclusions:
        for at in _occurrences(text, ex.quote):
            for offset in _occurrences(ex.quote, ex.numeral):
                spans.append((at + offset, at + offset + len(ex.numeral)))
    return spans


class _SpanIndex:
    """Spans sorted by start, with the furthest end reached so far: whether some span holds
    ``[a, b)`` is one binary search (a large release has as many spans as figures)."""

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach: List[int] = []
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def holds(self, n: Numeral) -> bool:
        i = bisect_right(self.starts, n.start) - 1
        return i >= 0 and self.reach[i] >= n.end


def uncovered(text: str, *, covered: Sequence[Span], excluded: Sequence[Span]) -> List[Numeral]:
    """The numerals of ``text`` inside neither a covered nor an excluded span."""
    return list(_uncovered(text, covered, excluded))


def _uncovered(text: str, covered: Sequence[Span], excluded: Sequence[Span]) -> Iterator[Numeral]:
    index = _SpanIndex([*covered, *excluded])
    starts, reach = index.starts, index.reach
    for m in NUMERAL.finditer(text):
        start, end = m.span()
        i = bisect_right(starts, start) - 1
        if i < 0 or reach[i] < end:
            yield Numeral(start, end, m.group())


def _count_from(text: str, start: int) -> int:
    """How many numerals ``text`` has from ``start`` on (the start of a numeral, where the
    tokenizer resumes anyway), building nothing: past every span, each one is uncovered."""
    return sum(1 for _ in NUMERAL.finditer(text, start))


def _count_uncovered(text: str, covered: Sequence[Span], excluded: Sequence[Span]) -> int:
    """How many numerals :func:`uncovered` would list, without listing them."""
    last = max((end for _, end in (*covered, *excluded)), default=-1)
    count = 0
    for n in _uncovered(text, covered, excluded):
        if n.start >= last:
            return count + _count_from(text, n.start)
        count += 1
    return count


#: The most characters of a numeral a message quotes (a longer one is cut, saying how long).
_SHOWN = 40


def _shown(numeral: str) -> str:
    if len(numeral) <= _SHOWN:
        return numeral
    return f"{numeral[:_SHOWN]}…[{len(numeral)} characters]"


def uncaptured_problems(
    release: Release,
    texts: Mapping[str, str],
    exclusions: Sequence[Exclusion],
    *,
    where: str,
) -> List[str]:
    """One problem per numeral of each source text in ``texts`` (source id -> normalized
    text) that no figure or event literal covers and no exclusion excludes, the first
    :data:`~liaocheng_data.errors.MAX_PROBLEMS` of them (a long numeral quoted in part),
    then one line counting the rest; ``where`` names the release in the messages.
    """
    problems, total = uncaptured_report(release, texts, exclusions, where=where)
    if total > len(problems):
        problems.append(f"{where}: … and {total - len(problems)} more uncaptured numerals "
                        f"({total} in total)")  # fmt: skip
    return problems


def uncaptured_report(
    release: Release,
    texts: Mapping[str, str],
    exclusions: Sequence[Exclusion],
    *,
    where: str,
) -> Tuple[List[str], int]:
    """The first :data:`~liaocheng_data.errors.MAX_PROBLEMS` lines of
    :func:`uncaptured_problems`, without the count line, and how many numerals are
    uncaptured in all."""
    problems: List[str] = []
    total = 0
    items: List[Union[Figure, Event]] = [*release.figures, *release.events]
    for source in release.sources:
        text = texts.get(source.id)
        if text is None:
            continue
        covered = covered_spans(items, source.id)
        excluded = excluded_spans(text, [e for e in exclusions if e.source_id == source.id])
        last = max((end for _, end in (*covered, *excluded)), default=-1)
        for n in _uncovered(text, covered, excluded):
            if total >= MAX_PROBLEMS and n.start >= last:
                total += _count_from(text, n.start)
                break
            total += 1
            if total > MAX_PROBLEMS:
                continue
            before = text[max(0, n.start - 10) : n.start]
            after = text[n.end : n.end + 10]
            context = f"{before}{_shown(n.text)}{after}".replace("\n", " ")
            problems.append(clean_line(
                f"{where}: source {source.id!r}: numeral {_shown(n.text)!r} at {n.start} "
                f"(…{context}…) is in no figure's or event's literal and not listed in "
                "exclusions (add the figure, or an exclusion with its reason)"
            ))  # fmt: skip
    return problems, total


#: Where a clause ends: the quote a proposed exclusion gets stops at these.
_CLAUSE_END = frozenset('，。,;；:：!！?？、\n“”‘’"()（）《》')
_CONTEXT_CHARS = 8


def _clause(text: str, n: Numeral) -> str:
    start = n.start
    while start > 0 and n.start - start < _CONTEXT_CHARS and text[start - 1] not in _CLAUSE_END:
        start -= 1
    end = n.end
    while end < len(text) and end - n.end < _CONTEXT_CHARS and text[end] not in _CLAUSE_END:
        end += 1
    return text[start:end]


class ProposalError(ValueError):
    """:func:`propose_exclusions` will not propose: too many numerals are left uncovered, or
    one is too long to be an exclusion's numeral (the message says which, in one line)."""


#: The most exclusions :func:`propose_exclusions` proposes at once (a release's table holds
#: at most as many items as any list of a record).
MAX_PROPOSALS = 1024


def propose_exclusions(
    text: str,
    source_id: str,
    *,
    covered: Sequence[Span],
    excluded: Sequence[Span],
    reason: str,
    limit: int = MAX_PROPOSALS,
) -> List[Exclusion]:
    """An exclusion for each numeral of ``text`` left uncovered: the numeral within its
    clause (at most eight characters either side), with ``reason``; none for a numeral that
    an earlier proposal already excludes (its quote may occur several times).

    :class:`ProposalError` when more than ``limit`` numerals are left uncovered (saying how
    many: add their figures first) or one is longer than an exclusion's numeral may be.

    Examples:
        >>> propose_exclusions("运河流淌千年,增长6.7%", "s", covered=[(9, 13)], excluded=[],
        ...                    reason="TODO")
        [Exclusion(source_id='s', numeral='千', quote='运河流淌千年', reason='TODO')]
    """
    left = _count_uncovered(text, covered, excluded)
    if left > limit:
        raise ProposalError(
            f"source {source_id!r}: {left} numerals are uncaptured, more than the {limit} "
            "exclusions proposed at once; add the figures they state first"
        )
    for n in _uncovered(text, covered, excluded):
        if len(n.text) > MAX_TEXT:
            raise ProposalError(
                f"source {source_id!r}: the numeral at {n.start} ({_shown(n.text)!r}) is "
                f"longer than an exclusion's numeral may be ({MAX_TEXT} characters)"
            )
    out: List[Exclusion] = []
    # An earlier proposal's numeral is a whole numeral, so a later numeral inside one of its
    # spans is exactly that span.
    proposed: Set[Span] = set()
    for n in _uncovered(text, covered, excluded):
        if (n.start, n.end) in proposed:
            continue
        ex = Exclusion(source_id=source_id, numeral=n.text, quote=_clause(text, n), reason=reason)
        out.append(ex)
        proposed.update(excluded_spans(text, [ex]))
    return out
