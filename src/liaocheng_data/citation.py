"""Citations of the dataset and of figures: BibTeX, biblatex, CSL-JSON, APA, RIS, plain text.

Who is credited:

* The **dataset** (a data release) is a work of the liaocheng-data project, an organisation
  without named persons, so it is cited with the project as its corporate author; its
  publisher is the Python package that distributes it, its version the data release. A
  release contributed by another installed package (an entry point of the
  ``liaocheng_data.releases`` group) credits that distribution instead: its authors (from
  its metadata, else its name), its name and its version.
* The **article** is cited as its own reference with its real authors (胡磊 Hu Lei and
  薛良诚 Xue Liangcheng for the 2025-06-04 article), original title, newspaper, date and page.

The reference files never repeat a key, whatever the mix pasted into one ``.bib``: a dataset
citation gives the dataset and one entry per source (keyed by the source id); a figure
citation gives one self-contained entry per figure (keyed
``liaocheng-data-<release>-<figure id>``), naming its dataset and its source in its own
fields. So ``cite()`` once plus ``cite(id)`` (or ``cite([ids])``) per figure makes a complete,
valid bibliography. APA and plain text, read by people rather than parsers, give every
reference a figure needs: the dataset, the article and the figure's locator.

Examples:
    >>> print(cite(style="apa", release="1.0.0").splitlines()[0])
    liaocheng-data project. (2026). Liaocheng economy figures from Dazhong Daily, 2025-06-04 (Version 1.0.0) [Data set]. liaocheng-data (Python package).
    >>> "@misc{liaocheng-data-1.0.0-gdp-2025q1," in cite("gdp-2025q1", release="1.0.0")
    True
"""  # noqa: E501

import importlib.metadata
import json
import re
from datetime import date
from typing import Any, Dict, List, Literal, NamedTuple, Optional, Sequence, Tuple, Union

from ._loader import ENTRY_POINT_GROUP, shipped_versions
from ._version import __version__
from .api import ReleaseRef
from .api import release as _release
from .errors import LiaochengDataError
from .models import Figure, Person, Release, Source

__all__ = ["PROJECT", "STYLES", "InvalidCitationError", "Style", "cite", "page_of"]

Style = Literal["bibtex", "biblatex", "csl-json", "apa", "ris", "text"]
STYLES: Tuple[Style, ...] = ("bibtex", "biblatex", "csl-json", "apa", "ris", "text")

#: The creator of the shipped data releases: the project, cited as an organisation.
PROJECT = "liaocheng-data project"
PACKAGE = "liaocheng-data"

CitationTarget = Union[str, Figure]


class InvalidCitationError(LiaochengDataError, ValueError):
    """A citation was asked for with an unknown style or an empty list of figures."""


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip
#: biblatex's names of the languages a source's BCP 47 tag may start with (others: the tag).
_LANGUAGES = {"zh": "Chinese", "en": "English"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip


def _esc(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def _protected(text: str) -> str:
    """A BibTeX value whose case no style may change (an extra brace group)."""
    return "{" + _esc(text) + "}"


class _Dataset(NamedTuple):
    """The release as a citable work, with whom it credits."""

    release: Release
    key: str
    creators: Tuple[str, ...]  # names, each cited whole (an organisation or a person)
    package: str  # the distribution that ships the release, e.g. "liaocheng-data"
    package_version: str

    @property
    def publisher(self) -> str:
        return f"{self.package} (Python package)"

    @property
    def title(self) -> str:
        return self.release.title

    @property
    def version(self) -> str:
        return self.release.version

    @property
    def date(self) -> date:
        return self.release.date


def _distribution_of(version: str) -> Optional[importlib.metadata.Distribution]:
    """The installed distribution whose entry point provides release ``version``, if any."""
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == ENTRY_POINT_GROUP and ep.name == version:
                return dist
    return None


def _metadata_authors(dist: importlib.metadata.Distribution) -> Tuple[str, ...]:
    """The authors a distribution's metadata names (``Author``, else ``Author-email``)."""
    meta = dist.metadata
    names: List[str] = []
    author = ", ".join(str(a) for a in meta.get_all("Author") or ())
    if author.strip() and author.strip().upper() != "UNKNOWN":
        names = [part.strip() for part in re.split(r",| and ", author) if part.strip()]
    else:
        for part in ", ".join(str(a) for a in meta.get_all("Author-email") or ()).split(","):
            name = re.sub(r"<[^>]*>", "", part).strip().strip('"')
            if name:
                names.append(name)
    return tuple(names)


def _dataset(rel: Release) -> _Dataset:
    key = f"{PACKAGE}-{rel.version}"
    if rel.version not in shipped_versions():
        dist = _distribution_of(rel.version)
        if dist is not None:
            name = str(dist.metadata["Name"])
            return _Dataset(rel, key, _metadata_authors(dist) or (name,), name, dist.version)
    # shipped, or a directory loaded with load_release (a draft of the project's next release)
    return _Dataset(rel, key, (PROJECT,), PACKAGE, __version__)


def _sources_of(rel: Release, figures: Sequence[Figure]) -> Tuple[Source, ...]:
    """Every source of the release (dataset citation), or the figures' own, in release order."""
    if not figures:
        return rel.sources
    wanted = {f.provenance.source_id for f in figures}
    return tuple(s for s in rel.sources if s.id in wanted)


# --- words shared by the styles ------------------------------------------------------------


def _long_date(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _person_names(people: Sequence[str]) -> str:
    if len(people) <= 2:
        return " and ".join(people)
    return ", ".join(people[:-1]) + ", and " + people[-1]


def _source_words(source: Source) -> str:
    """The article in one phrase, for notes: authors, title, newspaper, date, page."""
    parts: List[str] = []
    if source.authors:
        parts.append(_person_names([f"{a.name_en} ({a.name_zh})" for a in source.authors]))
    translated = "; title translated by liaocheng-data" if source.title_en_is_translation else ""
    parts.append(f"“{source.title_zh}” [{source.title_en}{translated}]")
    parts.append(f"{source.publisher_zh} ({source.publisher_en})")
    parts.append(_long_date(source.date))
    parts.append(source.placement)
    return ", ".join(parts)


def _repost(source: Source) -> str:
    """Where the copy the data were read from is, when it is not the original's address."""
    if source.copy_held_url and source.copy_held_url != source.original_url:
        return f"Web repost: {source.copy_held_url}"
    return ""


def _article_note(source: Source) -> str:
    parts = [source.placement[:1].upper() + source.placement[1:]]
    if source.authors:
        parts.append("Authors: " + ", ".join(f"{a.name_zh} ({a.name_en})" for a in source.authors))
    if source.title_en_is_translation:
        parts.append("English title translated by liaocheng-data")
    repost = _repost(source)
    if repost:
        parts.append(repost)
    return ". ".join(parts) + "."


def _locator(figure: Figure) -> str:
    p = figure.provenance
    return (
        f"quote “{p.quote}”, characters {p.start}–{p.end} of the normalized text of {p.source_id}"
    )


def _figure_part(ds: _Dataset, figure: Figure) -> str:
    return f"Figure {figure.id} of {ds.title}, data release {ds.version}"


def _figure_note(figure: Figure, source: Source) -> str:
    return (
        f"{_locator(figure)[0].upper()}{_locator(figure)[1:]}. Data from: {_source_words(source)}."
    )


def _dataset_note(ds: _Dataset, sources: Sequence[Source]) -> str:
    note = "Data from: " + "; ".join(_source_words(s) for s in sources) + "."
    if ds.package != PACKAGE:
        note += f" Read with {PACKAGE} {__version__}."
    return note


def _source_by_id(ds: _Dataset, figure: Figure) -> Source:
    return next(s for s in ds.release.sources if s.id == figure.provenance.source_id)


# --- BibTeX (plain BibTeX styles: plain, natbib) and biblatex ------------------------------


def _bib_entry(kind: str, key: str, fields: Sequence[Tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def _bib_creators(creators: Sequence[str]) -> str:
    return "{" + " and ".join("{" + _esc(name) + "}" for name in creators) + "}"


def _bib_persons(people: Sequence[Person]) -> str:
    return "{" + " and ".join(f"{_esc(a.family_en)}, {_esc(a.given_en)}" for a in people) + "}"


def _bibtex_dataset(ds: _Dataset, sources: Sequence[Source]) -> str:
    return _bib_entry("misc", ds.key, [
        ("author", _bib_creators(ds.creators)),
        ("title", "{" + _protected(ds.title) + "}"),
        ("howpublished", "{" + _esc(f"Data set, version {ds.version}. {ds.publisher}") + "}"),
        ("year", "{" + str(ds.date.year) + "}"),
        ("month", _MONTHS[ds.date.month - 1]),
        ("note", "{" + _esc(_dataset_note(ds, sources)) + "}"),
    ])  # fmt: skip


def _bibtex_figure(ds: _Dataset, figure: Figure, source: Source) -> str:
    return _bib_entry("misc", f"{ds.key}-{figure.id}", [
        ("author", _bib_creators(ds.creators)),
        ("title", "{" + _protected(f"{figure.label_en} [{figure.label_zh}]") + "}"),
        ("howpublished", "{" + _esc(f"{_figure_part(ds, figure)}. {ds.publisher}") + "}"),
        ("year", "{" + str(ds.date.year) + "}"),
        ("month", _MONTHS[ds.date.month - 1]),
        ("note", "{" + _esc(_figure_note(figure, source)) + "}"),
    ])  # fmt: skip


#: How a source's ``placement`` names its page: 头版 or "front page" is page 1, 第N版 or
#: "page N" page N. Nothing else is read as a page.
_PAGE = re.compile(r"头版|front page|第\s*(\d{1,4})\s*版|\bpage\s+(\d{1,4})\b", re.IGNORECASE)


def page_of(source: Source) -> Optional[str]:
    """The page a source's ``placement`` states, or None when it states none (then no
    citation gives a page).

    Examples:
        >>> from liaocheng_data import sources
        >>> page_of(sources(release="1.1.0")[0])  # placement: front page, lead story (头版头条)
        '1'
    """
    found = _PAGE.search(source.placement)
    if found is None:
        return None
    return found.group(1) or found.group(2) or "1"


def _article_title(source: Source) -> str:
    return f"{source.title_zh} [{source.title_en}]"


def _bibtex_article(source: Source) -> str:
    fields: List[Tuple[str, str]] = []
    if source.authors:
        fields.append(("author", _bib_persons(source.authors)))
    fields.append(("title", "{" + _protected(_article_title(source)) + "}"))
    journal = f"{source.publisher_zh} ({source.publisher_en})"
    # a newspaper article without a byline: @misc, which every BibTeX style takes authorless
    page = page_of(source)
    if source.authors:
        fields.append(("journal", "{" + _esc(journal) + "}"))
        if page is not None:
            fields.append(("pages", "{" + page + "}"))
    else:
        where = journal if page is None else f"{journal}, page {page}"
        fields.append(("howpublished", "{" + _esc(where) + "}"))
    fields += [
        ("year", "{" + str(source.date.year) + "}"),
        ("month", _MONTHS[source.date.month - 1]),
    ]
    if source.original_url:
        fields.append(("url", "{" + source.original_url + "}"))
    fields.append(("note", "{" + _esc(_article_note(source)) + "}"))
    return _bib_entry("article" if source.authors else "misc", source.id, fields)


def _biblatex_dataset(ds: _Dataset, figure: Optional[Figure], sources: Sequence[Source]) -> str:
    key = ds.key if figure is None else f"{ds.key}-{figure.id}"
    fields = [("author", _bib_creators(ds.creators))]
    if figure is None:
        fields.append(("title", "{" + _protected(ds.title) + "}"))
    else:
        fields += [
            ("title", "{" + _protected(figure.label_en) + "}"),
            ("titleaddon", "{" + _esc(f"{figure.label_zh}. {_figure_part(ds, figure)}") + "}"),
        ]
    fields += [
        ("date", "{" + ds.date.isoformat() + "}"),
        ("version", "{" + _esc(ds.version) + "}"),
        ("publisher", "{{" + _esc(ds.publisher) + "}}"),
    ]
    note = _dataset_note(ds, sources) if figure is None else _figure_note(figure, sources[0])
    fields.append(("note", "{" + _esc(note) + "}"))
    return _bib_entry("dataset", key, fields)


def _biblatex_article(source: Source) -> str:
    fields: List[Tuple[str, str]] = []
    if source.authors:
        fields.append(("author", _bib_persons(source.authors)))
    fields += [
        ("title", "{" + _protected(source.title_zh) + "}"),
        ("titleaddon", "{" + _esc(f"[{source.title_en}]") + "}"),
        ("journaltitle", "{" + _esc(f"{source.publisher_zh} ({source.publisher_en})") + "}"),
        ("entrysubtype", "{newspaper}"),
        ("date", "{" + source.date.isoformat() + "}"),
    ]
    page = page_of(source)
    if page is not None:
        fields.append(("pages", "{" + page + "}"))
    fields += [
        (
            "language",
            "{" + _esc(_LANGUAGES.get(source.language.split("-")[0], source.language)) + "}",
        ),
    ]
    if source.original_url:
        fields.append(("url", "{" + source.original_url + "}"))
    fields.append(("note", "{" + _esc(_article_note(source)) + "}"))
    return _bib_entry("article", source.id, fields)


def _bibtex(ds: _Dataset, figures: Sequence[Figure], biblatex: bool) -> str:
    if figures:
        entries: List[str] = []
        for f in figures:
            source = _source_by_id(ds, f)
            entries.append(
                _biblatex_dataset(ds, f, [source]) if biblatex else _bibtex_figure(ds, f, source)
            )
        return "\n".join(entries)
    sources = ds.release.sources
    head = _biblatex_dataset(ds, None, sources) if biblatex else _bibtex_dataset(ds, sources)
    article = _biblatex_article if biblatex else _bibtex_article
    return "\n".join([head, *(article(s) for s in sources)])


# --- CSL-JSON ------------------------------------------------------------------------------


def _csl_date(day: date) -> Dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def _csl_creators(creators: Sequence[str]) -> List[Dict[str, str]]:
    return [{"literal": name} for name in creators]


def _csl_dataset(
    ds: _Dataset, figure: Optional[Figure], sources: Sequence[Source]
) -> Dict[str, Any]:
    item: Dict[str, Any] = {
        "id": ds.key if figure is None else f"{ds.key}-{figure.id}",
        "type": "dataset",
        "author": _csl_creators(ds.creators),
        "issued": _csl_date(ds.date),
        "version": ds.version,
        "publisher": ds.publisher,
        "language": "en",
    }
    if figure is None:
        item["title"] = ds.title
        item["note"] = _dataset_note(ds, sources)
    else:
        item["title"] = figure.label_en
        item["original-title"] = figure.label_zh
        item["container-title"] = ds.title
        item["number"] = figure.id
        item["note"] = f"{_figure_part(ds, figure)}. {_figure_note(figure, sources[0])}"
    return item


def _csl_article(source: Source) -> Dict[str, Any]:
    item: Dict[str, Any] = {
        "id": source.id,
        "type": "article-newspaper",
        "title": source.title_en,
        "original-title": source.title_zh,
        "container-title": f"{source.publisher_zh} ({source.publisher_en})",
    }
    if source.authors:
        item["author"] = [{"family": a.family_en, "given": a.given_en} for a in source.authors]
    item["issued"] = _csl_date(source.date)
    page = page_of(source)
    if page is not None:
        item["page"] = page
    item["language"] = source.language
    if source.original_url:
        item["URL"] = source.original_url
    item["note"] = _article_note(source)
    return item


def _csl(ds: _Dataset, figures: Sequence[Figure]) -> List[Dict[str, Any]]:
    if figures:
        return [_csl_dataset(ds, f, [_source_by_id(ds, f)]) for f in figures]
    return [_csl_dataset(ds, None, ds.release.sources)] + [
        _csl_article(s) for s in ds.release.sources
    ]


# --- RIS -----------------------------------------------------------------------------------


def _ris_dataset(
    ds: _Dataset, figure: Optional[Figure], sources: Sequence[Source]
) -> List[Tuple[str, str]]:
    tags = [("TY", "DATA")] + [("AU", name) for name in ds.creators]
    if figure is None:
        tags += [("TI", ds.title)]
    else:
        tags += [("TI", figure.label_en), ("TT", figure.label_zh), ("T2", ds.title),
                 ("ID", f"{ds.key}-{figure.id}")]  # fmt: skip
    note = _dataset_note(ds, sources) if figure is None else _figure_note(figure, sources[0])
    tags += [
        ("PY", str(ds.date.year)),
        ("DA", ds.date.strftime("%Y/%m/%d")),
        ("ET", ds.version),
        ("PB", ds.publisher),
        ("N1", note),
        ("ER", ""),
    ]
    return tags


def _ris_article(source: Source) -> List[Tuple[str, str]]:
    tags = [("TY", "NEWS")] + [("AU", f"{a.family_en}, {a.given_en}") for a in source.authors]
    tags += [
        ("TI", source.title_zh),  # RIS: TI the title as published, TT its translation
        ("TT", source.title_en),
        ("T2", f"{source.publisher_zh} ({source.publisher_en})"),
        ("PY", str(source.date.year)),
        ("DA", source.date.strftime("%Y/%m/%d")),
    ]
    page = page_of(source)
    if page is not None:
        tags.append(("SP", page))
    tags += [
        ("LA", source.language),
    ]
    if source.original_url:
        tags.append(("UR", source.original_url))
    tags += [("N1", _article_note(source)), ("ER", "")]
    return tags


def _ris(ds: _Dataset, figures: Sequence[Figure]) -> str:
    records: List[Tuple[str, str]] = []
    if figures:
        for f in figures:
            records += _ris_dataset(ds, f, [_source_by_id(ds, f)])
    else:
        records += _ris_dataset(ds, None, ds.release.sources)
        for s in ds.release.sources:
            records += _ris_article(s)
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in records) + "\n"


# --- APA 7 and plain text (read by people: every reference a figure needs) -----------------


def _apa_person(person: Person) -> str:
    initials = " ".join(f"{p[0]}." for p in re.split(r"[\s-]+", person.given_en) if p)
    return f"{person.family_en}, {initials}"


def _apa_names(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa_dataset(ds: _Dataset) -> str:
    creators = _apa_names(ds.creators)
    end = "" if creators.endswith(".") else "."
    return (
        f"{creators}{end} ({ds.date.year}). {ds.title} (Version {ds.version}) [Data set]. "
        f"{ds.publisher}."
    )


def _apa_article(source: Source) -> str:
    when = f"({source.date.year}, {_MONTH_NAMES[source.date.month - 1]} {source.date.day})"
    title = f"{source.title_zh} [{source.title_en}]"
    page = page_of(source)
    paper = f"{source.publisher_zh} ({source.publisher_en})" + (
        "." if page is None else f", {page}."
    )
    if source.authors:
        head = f"{_apa_names([_apa_person(a) for a in source.authors])} {when}. {title}."
    else:  # APA: no author, the title moves to the author position
        head = f"{title}. {when}."
    tail = f" {source.original_url}" if source.original_url else ""
    repost = _repost(source)
    return f"{head} {paper}{tail}" + (f" {repost}" if repost else "")


def _apa_in_text(ds: _Dataset, figures: Sequence[Figure], sources: Sequence[Source]) -> str:
    creators = " & ".join(ds.creators)
    parts = [f"{creators}, {ds.date.year}, " + ", ".join(f"figure {f.id}" for f in figures)]
    for s in sources:
        if s.authors:
            parts.append(f"{' & '.join(a.family_en for a in s.authors)}, {s.date.year}")
        else:
            parts.append(f"“{s.title_en}”, {s.date.year}")
    return "In text: (" + "; ".join(parts) + ")."


def _apa(ds: _Dataset, figures: Sequence[Figure]) -> str:
    sources = _sources_of(ds.release, figures)
    blocks = [_apa_dataset(ds), *(_apa_article(s) for s in sources)]
    if figures:
        blocks.append(_apa_in_text(ds, figures, sources))
        blocks += [f"Figure {f.id}: {_locator(f)}." for f in figures]
    return "\n\n".join(blocks) + "\n"


def _text_dataset(ds: _Dataset) -> str:
    creators = _person_names(ds.creators)
    return (
        f"{creators} ({ds.date.year}). {ds.title}, data release {ds.version} [data set]. "
        f"{ds.publisher}, package version {ds.package_version}."
    )


def _text_source(source: Source) -> str:
    text = f"Source {source.id}: {_source_words(source)}."
    if source.original_url:
        text += f" {source.original_url}"
    repost = _repost(source)
    return text + (f" {repost}" if repost else "")


def _text(ds: _Dataset, figures: Sequence[Figure]) -> str:
    lines = [_text_dataset(ds)]
    lines += [_text_source(s) for s in _sources_of(ds.release, figures)]
    lines += [f"Figure {f.id}, {f.label_en} [{f.label_zh}]: {_locator(f)}." for f in figures]
    return "\n".join(lines) + "\n"


# --- the entry point -----------------------------------------------------------------------


def _figures(
    target: Union[CitationTarget, Sequence[CitationTarget], None], ref: ReleaseRef
) -> Tuple[Release, Tuple[Figure, ...]]:
    if target is None:
        return _release(ref), ()
    targets: Sequence[CitationTarget] = [target] if isinstance(target, (str, Figure)) else target
    if not targets:
        raise InvalidCitationError("cite: give a figure id, a list of figure ids, or None")
    if ref is None and all(isinstance(t, Figure) for t in targets):
        releases = {t.release for t in targets if isinstance(t, Figure)}
        if len(releases) != 1:
            raise InvalidCitationError(
                "cite: the figures come from several data releases ("
                + ", ".join(sorted(releases))
                + "); cite each release's figures apart"
            )
        ref = releases.pop()
    rel = _release(ref)
    found: List[Figure] = []
    for t in targets:
        figure = rel.get(t) if isinstance(t, str) else t
        if figure.release != rel.version:
            raise InvalidCitationError(
                f"cite: figure {figure.id!r} is from data release {figure.release}, "
                f"not {rel.version}"
            )
        if figure.id not in {f.id for f in found}:
            found.append(figure)
    return rel, tuple(found)


def cite(
    target: Union[CitationTarget, Sequence[CitationTarget], None] = None,
    *,
    style: str = "bibtex",
    release: ReleaseRef = None,
) -> str:
    """A citation of the dataset (``target=None``), of one figure (an id or a
    :class:`~liaocheng_data.Figure`) or of several (a list of them).

    ``style`` is one of ``bibtex`` (plain BibTeX styles), ``biblatex`` (``@dataset``),
    ``csl-json``, ``apa`` (APA 7), ``ris`` or ``text``. In the reference-manager styles a
    dataset citation gives the dataset and one record per source article; a figure citation
    one self-contained record per figure; no two citations share a key, so any mix pastes into
    one file. APA and text give the dataset's and the article's references, and each figure's
    locator. An unknown style raises :class:`InvalidCitationError` (a ``ValueError``).
    """
    if style not in STYLES:
        raise InvalidCitationError(f"style: {style!r} is not one of {', '.join(STYLES)}")
    rel, figures = _figures(target, release)
    ds = _dataset(rel)
    if style == "bibtex":
        return _bibtex(ds, figures, biblatex=False)
    if style == "biblatex":
        return _bibtex(ds, figures, biblatex=True)
    if style == "csl-json":
        return json.dumps(_csl(ds, figures), ensure_ascii=False, indent=2) + "\n"
    if style == "apa":
        return _apa(ds, figures)
    if style == "ris":
        return _ris(ds, figures)
    return _text(ds, figures)
