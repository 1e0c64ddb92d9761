"""The accessors: releases, figures, events and sources.

Nothing is read at import; the first call loads, validates and caches the release it needs.

Examples:
    >>> import liaocheng_data as ld
    >>> ld.get("gdp-2025q1", release="1.0.0").base_value
    Decimal('75210000000')
    >>> [f.id for f in ld.figures(indicator="gdp", measure="rank", release="1.0.0")]
    ['gdp-growth-rank-2025q1']
"""

from datetime import date
from os import PathLike
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple, Union

from ._loader import available_versions, cached_release, load_path, newest_shipped
from .errors import LiaochengDataError
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
    "InvalidFilterError",
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
]

#: A data release: its version (None: the newest shipped) or a loaded :class:`Release`.
ReleaseRef = Union[str, Release, None]


class InvalidFilterError(LiaochengDataError, ValueError):
    """A filter value names no known measure, topic, place or organisation."""


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


def load_release(path: "Union[str, PathLike[str]]") -> Release:
    """Load a release directory from disk, validated exactly like a shipped one.

    Raises :class:`~liaocheng_data.errors.ValidationError` naming the file, the figure and
    the field of every problem; a release is loaded whole or not at all.
    """
    return load_path(path if isinstance(path, str) else str(path))


def get(figure_id: str, *, release: ReleaseRef = None) -> Figure:
    """The figure with this id.

    An unknown id raises :class:`~liaocheng_data.errors.FigureNotFoundError` (a ``KeyError``)
    that suggests the closest ids:

    Examples:
        >>> get("gdp-2025-q1", release="1.0.0")
        Traceback (most recent call last):
          ...
        liaocheng_data.errors.FigureNotFoundError: no figure 'gdp-2025-q1' in data release 1.0.0; did you mean 'gdp-2025q1' or ...?
    """  # noqa: E501
    return _release(release).get(figure_id)


def _descendants(rel: Release, wanted: str) -> FrozenSet[str]:
    """Ids of the places matching ``wanted`` (id, code, or a Chinese or English name) and of
    every place under them.
    """
    key = wanted.casefold()
    roots = {
        p.id
        for p in rel.places
        if key in {p.id.casefold(), (p.code or "").casefold(), p.name_zh, p.name_en.casefold()}
    }
    if not roots:
        raise InvalidFilterError(
            f"place: no place {wanted!r} in data release {rel.version}; places: "
            + ", ".join(f"{p.id} ({p.name_en})" for p in rel.places)
        )
    by_code: Dict[str, Place] = {p.code: p for p in rel.places if p.code is not None}
    found = set(roots)
    for place in rel.places:
        parent = place.parent_code
        while parent is not None:
            if parent in found:
                found.add(place.id)
                break
            parent = by_code[parent].parent_code if parent in by_code else None
    return frozenset(found)


def _entity_ids(rel: Release, wanted: str) -> FrozenSet[str]:
    key = wanted.casefold()
    found = frozenset(
        e.id for e in rel.organisations if key in {e.id, e.name_zh, e.name_en.casefold()}
    )
    if not found:
        raise InvalidFilterError(
            f"entity: no organisation {wanted!r} in data release {rel.version}; organisations: "
            + ", ".join(e.id for e in rel.organisations)
        )
    return found


def figures(
    *,
    release: ReleaseRef = None,
    indicator: Optional[str] = None,
    measure: Optional[str] = None,
    place: Optional[str] = None,
    entity: Optional[str] = None,
    topic: Optional[str] = None,
    start: Optional[date] = None,
    end: Optional[date] = None,
    search: Optional[str] = None,
) -> Tuple[Figure, ...]:
    """The figures of a release, in the article's order, that match every filter given.

    ``place`` (an id, GB/T 2260 code, or Chinese or English name) matches that place and every
    place under it; ``entity`` an organisation's id or name; ``start``/``end`` keep figures
    whose period overlaps that date range (a period with no start reaches back indefinitely);
    ``search`` keeps figures whose labels, quote, place or organisation (Chinese or English)
    contain every word of it, ignoring case. The result renders as a table in Jupyter.

    Examples:
        >>> len(figures(place="Linqing", release="1.0.0"))  # Linqing and its town Yandian
        4
        >>> [f.id for f in figures(topic="trade", measure="yoy_growth", start=date(2025, 1, 1),
        ...                        release="1.0.0")]
        ['foreign-trade-growth-2025q1', 'cross-border-ecommerce-trade-growth-2025q1']
    """
    rel = _release(release)
    if measure is not None and all(m.id != measure for m in rel.measures):
        raise InvalidFilterError(
            f"measure: {measure!r} is not a measure of data release {rel.version}; measures: "
            + ", ".join(m.id for m in rel.measures)
        )
    if topic is not None and all(t.id != topic for t in rel.topics):
        raise InvalidFilterError(
            f"topic: {topic!r} is not a topic of data release {rel.version}; topics: "
            + ", ".join(t.id for t in rel.topics)
        )
    # Indexed filters narrow the candidates (smallest first); the rest are checked on them.
    indexed = [
        (name, values)
        for name, values in (
            ("indicator", None if indicator is None else [indicator]),
            ("measure", None if measure is None else [measure]),
            ("topic", None if topic is None else [topic]),
            ("place", None if place is None else sorted(_descendants(rel, place))),
            ("entity", None if entity is None else sorted(_entity_ids(rel, entity))),
        )
        if values is not None
    ]
    candidates: Sequence[Figure] = rel.figures
    if indexed:
        sets: List[Tuple[int, ...]] = sorted(
            (rel.positions(name, values) for name, values in indexed), key=len
        )
        keep: Tuple[int, ...] = sets[0]
        for other in sets[1:]:
            members = set(other)
            keep = tuple(i for i in keep if i in members)
        candidates = [rel.figures[i] for i in keep]
    terms = None if search is None else search.casefold().split()
    if start is None and end is None and terms is None:
        return FigureTuple(candidates)
    return FigureTuple(
        f
        for f in candidates
        if ((start is None and end is None) or f.overlaps(start, end))
        and (terms is None or _matches(f, terms))
    )


def _matches(figure: Figure, terms: Sequence[str]) -> bool:
    entity = figure.entity
    haystack = " ".join(
        (
            figure.id,
            figure.indicator,
            figure.label_zh,
            figure.label_en,
            figure.quote,
            figure.place.name_zh,
            figure.place.name_en,
            "" if entity is None else f"{entity.name_zh} {entity.name_en}",
        )
    ).casefold()
    return all(term in haystack for term in terms)


def search(text: str, *, release: ReleaseRef = None) -> Tuple[Figure, ...]:
    """Figures whose labels, quote, place or organisation contain every word of ``text``.

    Chinese and English both work, case is ignored:

    Examples:
        >>> [f.id for f in search("民间投资", release="1.0.0")]
        ['private-investment-growth-2025q1', 'private-investment-growth-rank-2025q1']
        >>> [f.id for f in search("bus exports", release="1.0.0")]
        ['zhongtong-bus-exports-2024', 'zhongtong-bus-exports-growth-2024']
    """
    return figures(release=release, search=text)


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
