"""The accessors: releases, figures, events and sources.

Nothing is read at import; the first call loads, validates and caches the release it needs.

Examples:
    >>> import liaocheng_data as ld
    >>> ld.get("gdp-2025q1", release="1.0.0").base_value
    Decimal('75210000000')
    >>> [f.id for f in ld.figures(indicator="gdp", measure="rank", release="1.0.0")]
    ['gdp-growth-rank-2025q1']
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from os import PathLike
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple, Union

from ._loader import available_versions, cached_release, load_path, newest_shipped
from .errors import FigureNotFoundError, FigureRetractedError, LiaochengDataError
from .models import (
    Entity,
    Event,
    EventTuple,
    Figure,
    FigureTuple,
    Measure,
    Place,
    Release,
    Source,
    Topic,
    UnitDefinition,
)

__all__ = [
    "DateLike",
    "InvalidFilterError",
    "as_date",
    "bare_place_name",
    "events",
    "figures",
    "get",
    "load_release",
    "measures",
    "organisations",
    "release",
    "releases",
    "search",
    "sources",
    "topics",
    "units",
    "word_stem",
]

#: A data release: its version (None: the newest shipped) or a loaded :class:`Release`.
ReleaseRef = Union[str, Release, None]

#: A date bound of a filter: a ``date``, a ``datetime`` (pandas' ``Timestamp`` is one) or an
#: ISO date string ``YYYY-MM-DD``.
DateLike = Union[date, str]


class InvalidFilterError(LiaochengDataError, ValueError):
    """A filter value names no known indicator, measure, topic, place or organisation, is not
    a date, or the date range is reversed. The message suggests what was probably meant.
    """


def _close_matches(word: str, possibilities: List[str], n: int, cutoff: float) -> List[str]:
    """``difflib.get_close_matches``, imported on first use (only a miss needs it)."""
    from difflib import get_close_matches

    return get_close_matches(word, possibilities, n=n, cutoff=cutoff)


def releases() -> Tuple[str, ...]:
    """The versions of the available data releases, oldest first. Loads no release.

    These are the releases shipped with the package plus any contributed by other installed
    packages through the ``liaocheng_data.releases`` entry-point group.

    Examples:
        >>> releases()[0]
        '1.0.0'
    """
    return available_versions()


def release(version: ReleaseRef = None) -> Release:
    """A data release, validated and cached (None: the newest shipped with the package, so
    that installing a package that contributes releases never changes the default).

    Examples:
        >>> release("1.0.0").version
        '1.0.0'
    """
    if isinstance(version, Release):
        return version
    return cached_release(newest_shipped() if version is None else version)


#: ``release`` under another name, for functions whose ``release`` parameter shadows it.
_release = release


def load_release(path: Union[str, PathLike[str]]) -> Release:
    """Load a release directory from disk, validated exactly like a shipped one.

    Raises :class:`~liaocheng_data.errors.ValidationError` naming the file, the figure and
    the field of every problem; a release is loaded whole or not at all.
    """
    return load_path(path if isinstance(path, str) else str(path))


def get(figure_id: str, *, release: ReleaseRef = None) -> Figure:
    """The figure with this id.

    An unknown id raises :class:`~liaocheng_data.errors.FigureNotFoundError` (a ``KeyError``)
    that suggests the closest ids; an indicator, or the start of an id, suggests its figures:

    Examples:
        >>> get("gdp-2025-q1", release="1.0.0")
        Traceback (most recent call last):
          ...
        liaocheng_data.errors.FigureNotFoundError: no figure 'gdp-2025-q1' in data release 1.0.0; did you mean 'gdp-2025q1' or ...?
        >>> get("gdp", release="1.0.0")
        Traceback (most recent call last):
          ...
        liaocheng_data.errors.FigureNotFoundError: no figure 'gdp' in data release 1.0.0; did you mean 'gdp-2025q1' or 'gdp-growth-2025q1' or 'gdp-growth-rank-2025q1'?
    """  # noqa: E501
    rel = _release(release)
    try:
        return rel.get(figure_id)
    except FigureRetractedError:
        raise
    except FigureNotFoundError as exc:
        if exc.suggestions:
            raise
        suggestions = _id_suggestions(rel, figure_id)
        if not suggestions:
            raise
    raise FigureNotFoundError(figure_id, rel.version, suggestions)


def _id_suggestions(rel: Release, wanted: str, limit: int = 3) -> List[str]:
    """Ids for an unknown id that difflib finds nothing close to: the same id in another
    case, else the figures of the indicator it names, else ids that start with or contain it.
    """
    key = wanted.casefold().strip()
    if not key:
        return []
    tiers: List[List[str]] = [[], [], [], []]
    for f in rel.figures:
        folded = f.id.casefold()
        if folded == key:
            tiers[0].append(f.id)
        if f.indicator.casefold() == key:
            tiers[1].append(f.id)
        if folded.startswith(key):
            tiers[2].append(f.id)
        elif key in folded:
            tiers[3].append(f.id)
    for found in tiers:
        if found:
            return found[:limit]
    ids = [f.id for f in rel.figures]
    return _close_matches(key, ids, n=limit, cutoff=0.5)


#: Administrative suffixes a place name may be given without (longest first where one ends
#: another): 临清市 is also 临清, 东阿县 东阿, Dong'e County Dong'e.
_ZH_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "街道", "地区",
                "省", "市", "区", "县", "镇", "乡", "旗", "盟")  # fmt: skip
_EN_SUFFIXES = frozenset(
    {"province", "prefecture", "city", "district", "county", "town", "township", "subdistrict"}
)


def _casefold(text: str) -> str:
    return " ".join(text.casefold().split())


def bare_place_name(name: str) -> str:
    """A place name casefolded and without its administrative suffix, as the ``place``
    filter compares names. A Chinese name keeps at least two characters (冠县 is never 冠).

    Examples:
        >>> [bare_place_name(n) for n in ("临清市", "东阿县", "聊城高新区", "冠县", "全国")]
        ['临清', '东阿', '聊城高新', '冠县', '全国']
        >>> bare_place_name("Dong'e County"), bare_place_name("LINQING")
        ("dong'e", 'linqing')
    """
    text = _casefold(name)
    for suffix in _ZH_SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            return text[: -len(suffix)]
    head, _, last = text.rpartition(" ")
    return head if head and last in _EN_SUFFIXES else text


def _place_text(place: Place) -> str:
    return f"{place.name_zh} ({place.name_en}, {place.id})"


def _place_roots(rel: Release, wanted: str) -> Set[str]:
    """Ids of the places ``wanted`` names: by id, code or full name (Chinese or English,
    any case); failing that, by name without the administrative suffix.
    """
    key = _casefold(wanted)
    if not key:
        return set()
    exact = {
        p.id
        for p in rel.places
        if key in (p.id.casefold(), (p.code or "\0").casefold(), _casefold(p.name_zh),
                   _casefold(p.name_en))
    }  # fmt: skip
    if exact:
        return exact
    bare = bare_place_name(key)
    return {
        p.id for p in rel.places if bare in (bare_place_name(p.name_zh), bare_place_name(p.name_en))
    }


def _listing(items: Sequence[str], limit: int = 20) -> str:
    shown = ", ".join(items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit} more"


def _did_you_mean(suggestions: Sequence[str], then: str = "") -> str:
    """``; did you mean A or B?``, followed by ``then`` (a listing of what there is)."""
    if not suggestions:
        return f"; {then}" if then else ""
    return "; did you mean " + " or ".join(suggestions) + "?" + (f" {then}" if then else "")


def _close(wanted: str, known: Sequence[str]) -> List[str]:
    """The known values closest to ``wanted`` (any case), quoted, for "did you mean"."""
    folded = {k.casefold(): k for k in known}
    close = _close_matches(wanted.casefold(), list(folded), n=3, cutoff=0.6)
    return [repr(folded[c]) for c in close]


def _descendants(rel: Release, wanted: str) -> FrozenSet[str]:
    """Ids of the places matching ``wanted`` (see :func:`_place_roots`) and of every place
    under them.
    """
    roots = _place_roots(rel, wanted)
    if not roots:
        names: Dict[str, Place] = {}
        for p in rel.places:
            for name in (p.name_zh, p.name_en, bare_place_name(p.name_zh), p.id):
                names.setdefault(name.casefold(), p)
        close = _close_matches(_casefold(wanted), list(names), n=3, cutoff=0.5)
        suggestions = list(dict.fromkeys(_place_text(names[c]) for c in close))
        raise InvalidFilterError(
            f"place: no place {wanted!r} in data release {rel.version}"
            + _did_you_mean(
                suggestions, "places: " + _listing([_place_text(p) for p in rel.places])
            )
        )
    by_code: Dict[str, Place] = {p.code: p for p in rel.places if p.code is not None}
    found = set(roots)
    for place in rel.places:
        parent = place.parent_code
        seen: Set[str] = set()
        while parent is not None and parent not in seen:  # a cycle cannot loop forever
            if parent in found:
                found.add(place.id)
                break
            seen.add(parent)
            parent = by_code[parent].parent_code if parent in by_code else None
    return frozenset(found)


@cache
def _cjk() -> re.Pattern[str]:
    """CJK ideographs and radicals, compiled on first use: the astral range makes the pattern
    cost about 2 ms to compile, which ``import`` and ``get()`` need not pay."""
    return re.compile("[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def _has_cjk(text: str) -> bool:
    return _cjk().search(text) is not None


def _entity_ids(rel: Release, wanted: str) -> FrozenSet[str]:
    """Ids of the organisations ``wanted`` names: its id or a full name (Chinese or English,
    any case); failing that, the one organisation with a name containing it (Chinese: any
    part of the name; English or id: whole words, "Zhongtong" but not "Zhong"). A part that
    fits several organisations is an error listing them.
    """
    key = _casefold(wanted)
    exact = frozenset(
        e.id
        for e in rel.organisations
        if key and key in (e.id.casefold(), _casefold(e.name_zh), _casefold(e.name_en))
    )
    if exact:
        return exact
    if not key:
        partial: List[Entity] = []
    elif _has_cjk(key):
        partial = [e for e in rel.organisations if key in _casefold(e.name_zh)]
    else:
        words = re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)")
        partial = [e for e in rel.organisations if words.search(f"{_casefold(e.name_en)}\n{e.id}")]
    if len(partial) == 1:
        return frozenset({partial[0].id})
    described = [f"{e.id} ({e.name_zh} / {e.name_en})" for e in rel.organisations]
    if partial:
        raise InvalidFilterError(
            f"entity: {wanted!r} is part of the names of {len(partial)} organisations in data "
            f"release {rel.version}: "
            + ", ".join(f"{e.id} ({e.name_zh} / {e.name_en})" for e in partial)
            + "; give one's id or full name"
        )
    names: Dict[str, Entity] = {}
    for e in rel.organisations:
        for name in (e.id, e.name_zh, e.name_en):
            names.setdefault(name.casefold(), e)
    close = _close_matches(key, list(names), n=3, cutoff=0.5)
    suggestions = list(dict.fromkeys(f"{names[c].id} ({names[c].name_en})" for c in close))
    raise InvalidFilterError(
        f"entity: no organisation {wanted!r} in data release {rel.version}"
        + _did_you_mean(suggestions, "organisations: " + _listing(described))
    )


def _indicator(rel: Release, wanted: str) -> str:
    """The indicator code ``wanted`` names: as given, or in any case, with spaces or
    underscores for hyphens (``"GDP"``, ``"bus exports"``).
    """
    if rel.positions("indicator", [wanted]):
        return wanted
    known = sorted({f.indicator for f in rel.figures})
    key = re.sub(r"[\s_]+", "-", wanted.strip().casefold())
    if key in known:
        return key
    close = _close_matches(key, known, n=3, cutoff=0.6)
    if not close:
        close = [k for k in known if key and (key in k or k in key)][:3]
    raise InvalidFilterError(
        f"indicator: no indicator {wanted!r} in data release {rel.version}"
        + _did_you_mean([repr(c) for c in close])
        + " (search finds figures by their words)"
    )


@cache
def _iso_date() -> re.Pattern[str]:
    """``YYYY-MM-DD`` (compiled on first use, as every pattern here: ``get()`` needs none)."""
    return re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def as_date(value: Union[DateLike, object], what: str = "date") -> date:
    """``value`` as a calendar date: a ``date``; the date of a ``datetime`` or a pandas
    ``Timestamp`` (in its own time zone), or of any object with a ``.date()`` method; or an ISO
    date string ``YYYY-MM-DD``. Anything else is an :class:`InvalidFilterError` naming ``what``.

    Examples:
        >>> from datetime import datetime
        >>> as_date("2025-01-01"), as_date(datetime(2025, 3, 31, 12, 30))
        (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
        >>> as_date("2025-02-30", "start")
        Traceback (most recent call last):
          ...
        liaocheng_data.api.InvalidFilterError: start: '2025-02-30' is not a calendar date (day is out of range for month)
    """  # noqa: E501
    if isinstance(value, str):
        text = value.strip()
        if not _iso_date().fullmatch(text):
            raise InvalidFilterError(f"{what}: {value!r} is not a date written YYYY-MM-DD")
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise InvalidFilterError(f"{what}: {value!r} is not a calendar date ({exc})") from None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    to_date = getattr(value, "date", None)
    if callable(to_date):
        day = to_date()
        if isinstance(day, date) and not isinstance(day, datetime):
            return day
        raise InvalidFilterError(f"{what}: {value!r} has no calendar date")  # e.g. pandas' NaT
    raise InvalidFilterError(
        f"{what}: expected a date, a datetime, a pandas Timestamp or a string YYYY-MM-DD, "
        f"not {type(value).__name__} {value!r}"
    )


def figures(
    *,
    release: ReleaseRef = None,
    indicator: Optional[str] = None,
    measure: Optional[str] = None,
    place: Optional[str] = None,
    entity: Optional[str] = None,
    topic: Optional[str] = None,
    start: Optional[DateLike] = None,
    end: Optional[DateLike] = None,
    search: Optional[str] = None,
) -> Tuple[Figure, ...]:
    """The figures of a release, in the article's order, that match every filter given.

    - ``indicator``: an indicator code, in any case (``"gdp"``, ``"GDP"``).
    - ``place``: an id, GB/T 2260 code, or Chinese or English name in any case, with or
      without the administrative suffix (临清市, 临清, Linqing, 371581); matches that place and
      every place under it.
    - ``entity``: an organisation's id or full name (Chinese or English, any case), or a part
      of its name that fits only it (中通, Zhongtong).
    - ``start``/``end``: a ``date``, ``datetime``, pandas ``Timestamp`` or ``"YYYY-MM-DD"``;
      keeps figures whose period overlaps that range (a period with no start reaches back
      indefinitely).
    - ``search``: text, matched as :func:`search` matches it (here in the article's order).

    A value that names nothing in the release, or a reversed date range, raises
    :class:`InvalidFilterError` (a :class:`~liaocheng_data.errors.LiaochengDataError`) with
    suggestions, rather than giving an empty result. The result renders as a table in Jupyter.

    Examples:
        >>> len(figures(place="临清", release="1.0.0"))  # 临清市 (Linqing) and its town 烟店镇
        4
        >>> [f.id for f in figures(topic="trade", measure="yoy_growth", start="2025-01-01",
        ...                        release="1.0.0")]
        ['foreign-trade-growth-2025q1', 'cross-border-ecommerce-trade-growth-2025q1']
        >>> figures(start="2025-01-01", end="2024-01-01", release="1.0.0")
        Traceback (most recent call last):
          ...
        liaocheng_data.api.InvalidFilterError: start 2025-01-01 is after end 2024-01-01: the range is empty (swap them?)
    """  # noqa: E501
    rel = _release(release)
    first = None if start is None else as_date(start, "start")
    last = None if end is None else as_date(end, "end")
    if first is not None and last is not None and first > last:
        raise InvalidFilterError(
            f"start {first} is after end {last}: the range is empty (swap them?)"
        )
    if measure is not None and all(m.id != measure for m in rel.measures):
        known = [m.id for m in rel.measures]
        raise InvalidFilterError(
            f"measure: {measure!r} is not a measure of data release {rel.version}"
            + _did_you_mean(_close(measure, known), "measures: " + ", ".join(known))
        )
    if topic is not None and all(t.id != topic for t in rel.topics):
        known = [t.id for t in rel.topics]
        raise InvalidFilterError(
            f"topic: {topic!r} is not a topic of data release {rel.version}"
            + _did_you_mean(_close(topic, known), "topics: " + ", ".join(known))
        )
    if search is not None and not _casefold(search):
        raise InvalidFilterError("search: the text is empty; give at least one word")
    # Indexed filters narrow the candidates (smallest first); the rest are checked on them.
    indexed = [
        (name, values)
        for name, values in (
            ("indicator", None if indicator is None else [_indicator(rel, indicator)]),
            ("measure", None if measure is None else [measure]),
            ("topic", None if topic is None else [topic]),
            ("place", None if place is None else sorted(_descendants(rel, place))),
            ("entity", None if entity is None else sorted(_entity_ids(rel, entity))),
        )
        if values is not None
    ]
    keep: Sequence[int] = range(len(rel.figures))
    if indexed:
        sets: List[Tuple[int, ...]] = sorted(
            (rel.positions(name, values) for name, values in indexed), key=len
        )
        keep = sets[0]
        for other in sets[1:]:
            members = set(other)
            keep = tuple(i for i in keep if i in members)
    if first is None and last is None and search is None:
        return FigureTuple(rel.figures[i] for i in keep) if indexed else FigureTuple(rel.figures)
    query = None if search is None else _Query(search, _search_index(rel))
    return FigureTuple(
        rel.figures[i]
        for i in keep
        if ((first is None and last is None) or rel.figures[i].overlaps(first, last))
        and (query is None or query.rank(i) is not None)
    )


@cache
def _ascii_word() -> re.Pattern[str]:
    """An English word or number of a casefolded text (compiled on first use)."""
    return re.compile(r"[a-z0-9]+")


def word_stem(word: str) -> str:
    """A crude stem of an English word (lower case), so that search matches word forms: a few
    suffix rules, no dictionary. Both the query and the text are stemmed the same way.

    Examples:
        >>> [word_stem(w) for w in ("export", "exports", "exported", "exporting")]
        ['export', 'export', 'export', 'export']
        >>> [word_stem(w) for w in ("investment", "investments", "invest", "invested")]
        ['invest', 'invest', 'invest', 'invest']
        >>> [word_stem(w) for w in ("bus", "buses", "supplies", "supply", "shipped", "trade")]
        ['bus', 'bus', 'supply', 'supply', 'ship', 'trad']
    """
    w = word
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "zes", "ches", "shes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ment", "ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix != "ment" and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeioulsz":
                w = w[:-1]  # shipped -> ship
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


class _SearchIndex:
    """What search looks at in a release's figures, built once per release: each figure's
    text casefolded (its names and labels first, each on a line, so that a whole-name match
    is a line match), and the English words of all figures by stem (so that a query's word
    forms are found by one regular expression, without stemming every figure's words again).
    """

    def __init__(self, figures: Sequence[Figure]) -> None:
        texts: List[str] = []
        name_ends: List[int] = []
        stem_of: Dict[str, str] = {}
        tokenized: Set[str] = set()  # fields whose words are in stem_of (many fields repeat)
        for figure in figures:
            place, entity = figure.place, figure.entity
            fields = [figure.id, figure.indicator, figure.label_zh, figure.label_en,
                      place.name_zh, place.name_en]  # fmt: skip
            if entity is not None:
                fields += [entity.id, entity.name_zh, entity.name_en]
            head = ("\n" + "\n".join(fields) + "\n").casefold()
            rest = [figure.quote, figure.note, figure.period_label, figure.rank_scope or "",
                    *figure.corroborated_by]  # fmt: skip
            text = head + "\n".join(rest).casefold()
            fields += rest
            texts.append(text)
            name_ends.append(len(head))
            for field in fields:
                if field not in tokenized:
                    tokenized.add(field)
                    for word in _ascii_word().findall(field.casefold()):
                        if word not in stem_of:
                            stem_of[word] = word_stem(word)
        self.texts: Tuple[str, ...] = tuple(texts)
        self.name_ends: Tuple[int, ...] = tuple(name_ends)
        words_by_stem: Dict[str, Set[str]] = {}
        for word, stem in stem_of.items():
            words_by_stem.setdefault(stem, set()).add(word)
        self.words_by_stem = words_by_stem

    def word_forms(self, stem: str) -> re.Pattern[str]:
        """A pattern matching, as whole words, every word of the release whose stem is
        ``stem`` or (for stems of four letters or more) starts with it."""
        words: Set[str] = set(self.words_by_stem.get(stem, ()))
        if len(stem) >= 4:
            for other, forms in self.words_by_stem.items():
                if other.startswith(stem):
                    words |= forms
        if not words:
            return re.compile(r"(?!)")  # matches nothing
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


#: id(release) -> (release, its search index); a few releases at most.
_INDEXES: Dict[int, Tuple[Release, _SearchIndex]] = {}


def _search_index(rel: Release) -> _SearchIndex:
    hit = _INDEXES.get(id(rel))
    if hit is not None and hit[0] is rel:
        return hit[1]
    index = _SearchIndex(rel.figures)
    if len(_INDEXES) >= 4:
        _INDEXES.clear()
    _INDEXES[id(rel)] = (rel, index)
    return index


class _Query:
    """A search text, casefolded and split into terms, matched against one release."""

    def __init__(self, text: str, index: _SearchIndex) -> None:
        self.text = _casefold(text)
        if not self.text:
            raise InvalidFilterError("search: the text is empty; give at least one word")
        self.index = index
        self.line = f"\n{self.text}\n"
        self.terms: List[Tuple[str, List[re.Pattern[str]]]] = [
            (t, [] if _has_cjk(t) else [index.word_forms(word_stem(w))
                                           for w in _ascii_word().findall(t)])
            for t in self.text.split(" ")
        ]  # fmt: skip

    def rank(self, i: int) -> Optional[int]:
        """0: the text is a whole name or label of figure ``i``; 1: it occurs in the figure's
        text; 2: every term does, or (English) has its words there in some form; None: no
        match."""
        text = self.index.texts[i]
        if text.find(self.line, 0, self.index.name_ends[i]) != -1:
            return 0
        if self.text in text:
            return 1
        for term, forms in self.terms:
            if term in text:
                continue
            if not forms or not all(form.search(text) for form in forms):
                return None
        return 2


def search(text: str, *, release: ReleaseRef = None) -> Tuple[Figure, ...]:
    """Figures whose labels, notes, quote, place or organisation match ``text``, best first.

    Case is ignored. A figure matches when the whole text is one of its names or labels
    (ranked first), occurs anywhere in its text (next), or when every word of it does, an
    English word in any of its forms (export, exports, exported; invest, investment). Chinese
    matches as substrings (民间投资, 临清). Ties keep the article's order.

    Examples:
        >>> [f.id for f in search("民间投资", release="1.0.0")]
        ['private-investment-growth-2025q1', 'private-investment-growth-rank-2025q1']
        >>> [f.id for f in search("exported", release="1.0.0")][:2]
        ['zhongtong-chile-electric-bus-export', 'zhongtong-bus-exports-2024']
    """
    rel = _release(release)
    if not _casefold(text):
        raise InvalidFilterError("search: the text is empty; give at least one word")
    query = _Query(text, _search_index(rel))
    ranked = sorted(
        (rank, i) for i in range(len(rel.figures)) for rank in (query.rank(i),) if rank is not None
    )
    return FigureTuple(rel.figures[i] for _, i in ranked)


def events(*, release: ReleaseRef = None) -> Tuple[Event, ...]:
    """The dated events the article reports (not figures); the result renders as a table in
    Jupyter.

    Examples:
        >>> [(e.date.isoformat(), e.id) for e in events(release="1.0.0")][0]
        ('2025-04-26', 'national-bearing-industry-conference-2025')
    """
    return EventTuple(_release(release).events)


def sources(*, release: ReleaseRef = None) -> Tuple[Source, ...]:
    """The source records of a release, with their bibliographic facts.

    Examples:
        >>> sources(release="1.0.0")[0].publisher_en
        'Dazhong Daily'
    """
    return _release(release).sources


def organisations(*, release: ReleaseRef = None) -> Tuple[Entity, ...]:
    """The organisations named by a release's figures and events."""
    return _release(release).organisations


def units(*, release: ReleaseRef = None) -> Tuple[UnitDefinition, ...]:
    """The units a release's figures use: code, kind, Chinese and English names.

    Examples:
        >>> [(u.code, u.kind, u.en) for u in units(release="1.0.0")][:2]
        [('CNY', 'money', 'yuan (CNY)'), ('%', 'percent', 'percent')]
    """
    return _release(release).units


def measures(*, release: ReleaseRef = None) -> Tuple[Measure, ...]:
    """What a release's figures measure, each with its definition.

    Examples:
        >>> [m.id for m in measures(release="1.0.0")][:3]
        ['level', 'yoy_growth', 'rank']
    """
    return _release(release).measures


def topics(*, release: ReleaseRef = None) -> Tuple[Topic, ...]:
    """The topics of a release's figures and events, each with its definition.

    Examples:
        >>> topics(release="1.0.0")[0].en
        'macroeconomy'
    """
    return _release(release).topics
