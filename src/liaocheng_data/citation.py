"""Citations of the dataset and of single figures: BibTeX, CSL-JSON, APA, RIS, plain text.

A dataset citation names the package, the data release and the original article; a figure
citation adds the figure id and the quote as locator.

Examples:
    >>> print(cite(style="text")[:60])
    liaocheng-data contributors (2026). Liaocheng economy figure
    >>> "gdp-2025q1" in cite("gdp-2025q1", style="bibtex")
    True
"""

import json
from typing import Any, Dict, List, Literal, Optional, Tuple, Union

from ._version import __version__
from .api import ReleaseRef, release
from .models import Figure, Release, Source

__all__ = ["STYLES", "Style", "cite"]

Style = Literal["bibtex", "csl-json", "apa", "ris", "text"]
STYLES: Tuple[Style, ...] = ("bibtex", "csl-json", "apa", "ris", "text")

PACKAGE = "liaocheng-data"
PROJECT_AUTHOR = "liaocheng-data contributors"
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip


def _bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def _source(rel: Release, figure: Optional[Figure]) -> Source:
    if figure is None:
        return rel.sources[0]
    return next(s for s in rel.sources if s.id == figure.provenance.source_id)


def _article_text(source: Source) -> str:
    authors = ", ".join(f"{a.name_zh} ({a.name_en})" for a in source.authors)
    return (
        f"{authors}, “{source.title_zh}” [{source.title_en}; title translated by "
        f"liaocheng-data], {source.publisher_zh} ({source.publisher_en}), "
        f"{source.date.isoformat()}, {source.placement}"
    )


def _dataset_title(rel: Release) -> str:
    return f"{rel.title} (data release {rel.version})"


def _figure_title(figure: Figure) -> str:
    return f"Figure {figure.id}: {figure.label_en} ({figure.label_zh})"


def _locator(figure: Figure) -> str:
    p = figure.provenance
    return (
        f"quote “{p.quote}”, characters {p.start}–{p.end} of the normalized text of {p.source_id}"
    )


def _bibtex(rel: Release, figure: Optional[Figure], source: Source) -> str:
    key = f"liaocheng-data-{rel.version}" + ("" if figure is None else f"-{figure.id}")
    title = _dataset_title(rel) if figure is None else _figure_title(figure)
    note = f"Data from: {_article_text(source)}."
    if figure is not None:
        note += f" Figure {figure.id} of data release {rel.version}, {_locator(figure)}."
    fields = [
        ("author", "{" + PROJECT_AUTHOR + "}"),
        ("title", title),
        ("year", str(rel.date.year)),
        ("version", rel.version),
        ("howpublished", f"Python package {PACKAGE} {__version__}"),
        ("note", note),
    ]
    body = ",\n".join(f"  {name} = {{{_bibtex_escape(value) if name != 'author' else value}}}"
                      for name, value in fields)  # fmt: skip
    article_key = f"{source.id}"
    authors = " and ".join(f"{a.family_en}, {a.given_en}" for a in source.authors)
    article = [
        ("author", authors),
        ("title", f"{source.title_zh} [{source.title_en}]"),
        ("journal", f"{source.publisher_zh} ({source.publisher_en})"),
        ("date", source.date.isoformat()),
        ("year", str(source.date.year)),
        ("month", str(source.date.month)),
        ("pages", "1"),
        ("language", source.language),
        ("note", f"{source.placement}; English title translated by liaocheng-data"),
    ]
    article_body = ",\n".join(f"  {n} = {{{_bibtex_escape(v)}}}" for n, v in article)
    return f"@misc{{{key},\n{body}\n}}\n\n@article{{{article_key},\n{article_body}\n}}\n"


def _csl_items(rel: Release, figure: Optional[Figure], source: Source) -> List[Dict[str, Any]]:
    item_id = f"liaocheng-data-{rel.version}" + ("" if figure is None else f"-{figure.id}")
    note = f"Data from: {_article_text(source)}."
    if figure is not None:
        note += f" Figure {figure.id} of data release {rel.version}, {_locator(figure)}."
    dataset: Dict[str, Any] = {
        "id": item_id,
        "type": "dataset",
        "title": _dataset_title(rel) if figure is None else _figure_title(figure),
        "author": [{"literal": PROJECT_AUTHOR}],
        "issued": {"date-parts": [[rel.date.year, rel.date.month, rel.date.day]]},
        "version": rel.version,
        "publisher": f"Python package {PACKAGE} {__version__}",
        "note": note,
    }
    article: Dict[str, Any] = {
        "id": source.id,
        "type": "article-newspaper",
        "title": source.title_zh,
        "original-title": source.title_zh,
        "title-short": source.title_en,
        "container-title": f"{source.publisher_zh} ({source.publisher_en})",
        "author": [{"family": a.family_en, "given": a.given_en} for a in source.authors],
        "issued": {"date-parts": [[source.date.year, source.date.month, source.date.day]]},
        "page": "1",
        "language": source.language,
        "note": f"{source.placement}. Authors: "
        + ", ".join(a.name_zh for a in source.authors)
        + f". English title (translated by liaocheng-data): {source.title_en}",
    }
    return [dataset, article]


def _apa(rel: Release, figure: Optional[Figure], source: Source) -> str:
    authors = ", & ".join(
        f"{a.family_en}, {' '.join(p[0] + '.' for p in a.given_en.split())}" for a in source.authors
    )
    month = source.date.strftime("%B")
    article = (
        f"{authors} ({source.date.year}, {month} {source.date.day}). {source.title_zh} "
        f"[{source.title_en}]. {source.publisher_zh} ({source.publisher_en}), 1."
    )
    if figure is None:
        return (
            f"{PROJECT_AUTHOR}. ({rel.date.year}). {_dataset_title(rel)} (Version {rel.version}) "
            f"[Data set]. Python package {PACKAGE} {__version__}. Data from {article}\n"
        )
    return (
        f"{PROJECT_AUTHOR}. ({rel.date.year}). {_figure_title(figure)}. In {_dataset_title(rel)} "
        f"(Version {rel.version}) [Data set]. Python package {PACKAGE} {__version__}. "
        f"Data from {article} Locator: {_locator(figure)}.\n"
    )


def _ris(rel: Release, figure: Optional[Figure], source: Source) -> str:
    title = _dataset_title(rel) if figure is None else _figure_title(figure)
    note = f"Data from: {_article_text(source)}."
    if figure is not None:
        note += f" Figure {figure.id} of data release {rel.version}, {_locator(figure)}."
    dataset = [
        ("TY", "DATA"),
        ("AU", PROJECT_AUTHOR),
        ("TI", title),
        ("PY", str(rel.date.year)),
        ("DA", rel.date.strftime("%Y/%m/%d")),
        ("ET", rel.version),
        ("PB", f"Python package {PACKAGE} {__version__}"),
        ("N1", note),
        ("ER", ""),
    ]
    article = [("TY", "NEWS")]
    article += [("AU", f"{a.family_en}, {a.given_en}") for a in source.authors]
    article += [
        ("TI", source.title_zh),
        ("TT", source.title_en),
        ("T2", f"{source.publisher_zh} ({source.publisher_en})"),
        ("PY", str(source.date.year)),
        ("DA", source.date.strftime("%Y/%m/%d")),
        ("SP", "1"),
        ("LA", source.language),
        ("N1", f"{source.placement}; English title translated by liaocheng-data"),
        ("ER", ""),
    ]
    lines = [f"{tag}  - {value}".rstrip() for tag, value in dataset + article]
    return "\n".join(lines) + "\n"


def _text(rel: Release, figure: Optional[Figure], source: Source) -> str:
    head = f"{PROJECT_AUTHOR} ({rel.date.year}). {_dataset_title(rel)} [data set]. "
    if figure is not None:
        head = (
            f"{PROJECT_AUTHOR} ({rel.date.year}). {_figure_title(figure)}, in "
            f"{_dataset_title(rel)} [data set]. "
        )
    text = head + f"Python package {PACKAGE} {__version__}. Data from: {_article_text(source)}."
    if figure is not None:
        text += f" Locator: {_locator(figure)}."
    return text + "\n"


def cite(
    target: Union[str, Figure, None] = None,
    *,
    style: str = "bibtex",
    release: ReleaseRef = None,
) -> str:
    """A citation of the dataset (``target=None``) or of one figure (an id or a Figure).

    ``style`` is one of ``bibtex``, ``csl-json``, ``apa``, ``ris``, ``text``. BibTeX, RIS and
    CSL-JSON give two records: the dataset (or figure) and the original newspaper article.
    """
    if style not in STYLES:
        raise ValueError(f"style: {style!r} is not one of {', '.join(STYLES)}")
    rel = _resolve(release, target)
    figure: Optional[Figure]
    if target is None:
        figure = None
    elif isinstance(target, Figure):
        figure = target
    else:
        figure = rel.get(target)
    source = _source(rel, figure)
    if style == "bibtex":
        return _bibtex(rel, figure, source)
    if style == "csl-json":
        return json.dumps(_csl_items(rel, figure, source), ensure_ascii=False, indent=2) + "\n"
    if style == "apa":
        return _apa(rel, figure, source)
    if style == "ris":
        return _ris(rel, figure, source)
    return _text(rel, figure, source)


def _resolve(ref: ReleaseRef, target: Union[str, Figure, None]) -> Release:
    if ref is None and isinstance(target, Figure):
        return release(target.release)
    return release(ref)
