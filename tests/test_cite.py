import io
import json
from typing import Any, Dict

import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string

import liaocheng_data as ld
from liaocheng_data.citation import STYLES, cite

TARGETS = [None, "gdp-2025q1", "xinfa-cooling-towers"]


@pytest.mark.parametrize("target", TARGETS)
def test_bibtex_parses(target: Any) -> None:
    """The BibTeX parses in pybtex: a dataset (or figure) entry and the article entry."""
    data = parse_string(cite(target, style="bibtex"), "bibtex")
    keys = list(data.entries)
    assert len(keys) == 2
    dataset, article = (data.entries[k] for k in keys)
    assert dataset.fields["version"] == "1.0.0"
    assert article.type == "article"
    assert [str(p) for p in article.persons["author"]] == ["Hu, Lei", "Xue, Liangcheng"]
    assert article.fields["journal"] == "大众日报 (Dazhong Daily)"
    assert "2025-06-04" in article.fields["date"]
    if target is not None:
        assert target in keys[0]
        figure = ld.get(target)
        assert figure.provenance.quote in dataset.fields["note"]


def _render(items: Any) -> str:
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    return "\n".join(str(entry) for entry in bib.bibliography())


@pytest.mark.parametrize("target", TARGETS)
def test_csl_json_renders_in_citeproc(target: Any) -> None:
    """The CSL-JSON renders in citeproc-py with a standard style, naming authors and title."""
    items = json.loads(cite(target, style="csl-json"))
    assert [i["type"] for i in items] == ["dataset", "article-newspaper"]
    rendered = _render(items)
    assert "Hu, L." in rendered and "Xue, L." in rendered
    assert "逐绿向新" in rendered
    assert "liaocheng-data contributors" in rendered
    if target is not None:
        assert target in rendered


@pytest.mark.parametrize("target", TARGETS)
def test_ris_parses(target: Any) -> None:
    """The RIS parses with rispy into a data set record and a newspaper record."""
    records = rispy.load(io.StringIO(cite(target, style="ris")))
    assert [r["type_of_reference"] for r in records] == ["DATA", "NEWS"]
    assert records[1]["authors"] == ["Hu, Lei", "Xue, Liangcheng"]
    assert records[0]["edition"] == "1.0.0"
    if target is not None:
        assert ld.get(target).provenance.quote in records[0]["notes"][0]


def test_apa_and_text_name_everything() -> None:
    """APA and plain text name the package, the release, the article, and for a figure the
    id and the quote.
    """
    figure = ld.get("gdp-2025q1")
    for style in ("apa", "text"):
        out = cite(figure, style=style)
        for needle in ("liaocheng-data", "1.0.0", "大众日报", "Dazhong Daily", "gdp-2025q1",
                       figure.provenance.quote, "2025"):  # fmt: skip
            assert needle in out, (style, needle)
    assert "Hu, L., & Xue, L. (2025, June 4)" in cite(style="apa")


def test_unknown_style_and_figure() -> None:
    """An unknown style is a ValueError; an unknown figure a FigureNotFoundError."""
    with pytest.raises(ValueError, match="style"):
        cite(style="mla")
    with pytest.raises(ld.FigureNotFoundError):
        cite("nope")


def test_cli_cite(capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI prints the same citation as the API."""
    from liaocheng_data.__main__ import main

    for style in STYLES:
        assert main(["cite", "gdp-2025q1", "--style", style]) == 0
        assert capsys.readouterr().out == cite("gdp-2025q1", style=style)


def test_citation_cff_names_the_article() -> None:
    """CITATION.cff prefers the dataset and references the article with its authors."""
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "CITATION.cff").read_text(encoding="utf-8")
    fields: Dict[str, Any] = {"preferred-citation:": 0, "references:": 0, "胡磊": 0, "薛良诚": 0}
    for key in fields:
        assert key in text
    assert "大众日报" in text and "2025-06-04" in text
