"""Citations, checked by their real consumers: pybtex with a bibliography style, citeproc-py,
rispy, and (for CITATION.cff) the release data itself; cffconvert validates it in .ci/run.
"""

import importlib.metadata
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import pytest
import rispy
import yaml
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pybtex.backends.plaintext import Backend
from pybtex.database import BibliographyData, parse_string
from pybtex.style.formatting.plain import Style as PlainStyle

import liaocheng_data as ld
from liaocheng_data import _loader
from liaocheng_data.citation import PROJECT, STYLES, InvalidCitationError, cite

REPO = Path(__file__).resolve().parent.parent
RELEASE_1_0_0 = REPO / "src" / "liaocheng_data" / "data" / "releases" / "1.0.0"
ARTICLE_TITLE_EN = (
    "Going green, building chains: Liaocheng shifts its high-quality development up a gear "
    "— the renewal of the 'Water City north of the Yangtze'"
)
ARTICLE_TITLE_ZH = "逐绿向新、链上发力,聊城高质量发展“提级换挡”——江北水城“焕新”记"
REPOST = "http://www.ynhjsl.com/a/4577.html"


def _bib(*chunks: str) -> BibliographyData:
    """Parse pasted citations as one .bib file; pybtex refuses a repeated key."""
    return parse_string("\n".join(chunks), "bibtex")


def _plain(data: BibliographyData) -> Dict[str, str]:
    """Each entry rendered as text by pybtex's ``plain`` bibliography style."""
    formatted = PlainStyle().format_bibliography(data)
    return {e.key: e.text.render(Backend()) for e in formatted.entries}


def test_dataset_and_two_figures_in_one_bib_render_in_plain_style() -> None:
    """The dataset and two figure citations pasted into one .bib parse (no key twice) and
    render in BibTeX's plain style with titles' case kept, months as words and the version.
    """
    data = _bib(
        cite(release="1.0.0"),
        cite("gdp-2025q1", release="1.0.0"),
        cite("xinfa-cooling-towers", release="1.0.0"),
    )
    assert sorted(data.entries) == [
        "dzrb-2025-06-04",
        "liaocheng-data-1.0.0",
        "liaocheng-data-1.0.0-gdp-2025q1",
        "liaocheng-data-1.0.0-xinfa-cooling-towers",
    ]
    text = _plain(data)
    article = text["dzrb-2025-06-04"]
    assert article.startswith(
        f"Lei Hu and Liangcheng Xue. {ARTICLE_TITLE_ZH} [{ARTICLE_TITLE_EN}]."
    )
    assert "大众日报 (Dazhong Daily)" in article and "June 2025" in article
    assert REPOST in article
    dataset = text["liaocheng-data-1.0.0"]
    assert dataset.startswith(
        "liaocheng-data project. Liaocheng economy figures from Dazhong Daily, 2025-06-04. "
        "Data set, version 1.0.0. liaocheng-data (Python package), November 2026."
    )
    gdp = text["liaocheng-data-1.0.0-gdp-2025q1"]
    assert gdp.startswith("liaocheng-data project. Gross domestic product (GDP) [地区生产总值].")
    assert "一季度,全市地区生产总值752.1亿元" in gdp and "Hu Lei (胡磊)" in gdp
    assert "Indirect air-cooling towers built" in text["liaocheng-data-1.0.0-xinfa-cooling-towers"]


def test_bibtex_month_is_a_macro_and_titles_are_braced() -> None:
    """Months are BibTeX macros (``month = jun``) and every title is brace-protected."""
    out = cite(release="1.0.0") + cite("gdp-2025q1", release="1.0.0")
    assert "month = jun," in out and "month = nov," in out
    assert "{6}" not in out
    titles = re.findall(r"^  title = (.*),$", out, flags=re.MULTILINE)
    assert len(titles) == 3
    assert all(t.startswith("{{") and t.endswith("}}") for t in titles)
    assert "{{liaocheng-data contributors}}" not in out


def test_a_list_of_figures_gives_each_figure_once() -> None:
    """``cite([ids])`` gives the same entries as the single citations, each figure once."""
    ids = ["gdp-2025q1", "xinfa-cooling-towers", "gdp-2025q1"]
    for style in ("bibtex", "biblatex", "ris"):
        many = cite(ids, style=style, release="1.0.0")
        singles = [cite(i, style=style, release="1.0.0") for i in ids[:2]]
        assert many.split() == "\n".join(singles).split(), style
    items = json.loads(cite(ids, style="csl-json", release="1.0.0"))
    assert [i["id"] for i in items] == [
        "liaocheng-data-1.0.0-gdp-2025q1",
        "liaocheng-data-1.0.0-xinfa-cooling-towers",
    ]


def test_biblatex_uses_dataset_entries() -> None:
    """The biblatex style gives ``@dataset`` entries with date, version and publisher, and a
    newspaper ``@article``; dataset and figures together parse with no key twice.
    """
    data = _bib(
        cite(style="biblatex", release="1.0.0"),
        cite(["gdp-2025q1", "xinfa-cooling-towers"], style="biblatex", release="1.0.0"),
    )
    types = {key: entry.type for key, entry in data.entries.items()}
    assert types == {
        "liaocheng-data-1.0.0": "dataset",
        "dzrb-2025-06-04": "article",
        "liaocheng-data-1.0.0-gdp-2025q1": "dataset",
        "liaocheng-data-1.0.0-xinfa-cooling-towers": "dataset",
    }
    dataset = data.entries["liaocheng-data-1.0.0"]
    assert dataset.fields["date"] == "2026-11-27"
    assert dataset.fields["version"] == "1.0.0"
    assert dataset.fields["publisher"] == "{liaocheng-data (Python package)}"
    article = data.entries["dzrb-2025-06-04"]
    assert article.fields["entrysubtype"] == "newspaper"
    assert article.fields["date"] == "2025-06-04"
    assert [str(p) for p in article.persons["author"]] == ["Hu, Lei", "Xue, Liangcheng"]


def _render_csl(items: List[Dict[str, Any]]) -> List[str]:
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bib.bibliography()]


def test_csl_json_fields_are_csl_fields() -> None:
    """CSL-JSON: the article's ``title`` is in English (the citation's language) with the
    Chinese as ``original-title``; the dataset has type, version and publisher.
    """
    dataset, article = json.loads(cite(style="csl-json", release="1.0.0"))
    assert dataset["type"] == "dataset"
    assert dataset["title"] == "Liaocheng economy figures from Dazhong Daily, 2025-06-04"
    assert dataset["version"] == "1.0.0"
    assert dataset["publisher"] == "liaocheng-data (Python package)"
    assert dataset["author"] == [{"literal": PROJECT}]
    assert article["type"] == "article-newspaper"
    assert article["title"] == ARTICLE_TITLE_EN
    assert article["original-title"] == ARTICLE_TITLE_ZH
    assert "title-short" not in article
    assert article["issued"] == {"date-parts": [[2025, 6, 4]]}
    assert article["author"] == [
        {"family": "Hu", "given": "Lei"},
        {"family": "Xue", "given": "Liangcheng"},
    ]
    assert "URL" not in article  # the original's address is not known; never invented
    assert REPOST in article["note"]


def test_csl_json_renders_in_citeproc() -> None:
    """citeproc-py renders the dataset, the article and two figures as separate references.

    citeproc-py ships only the Harvard "Cite Them Right" style, not APA, and that style prints
    no version: the APA text is checked in test_apa_gives_two_separate_references.
    """
    items = json.loads(cite(style="csl-json", release="1.0.0")) + json.loads(
        cite(["gdp-2025q1", "xinfa-cooling-towers"], style="csl-json", release="1.0.0")
    )
    rendered = _render_csl(items)
    assert len(rendered) == 4
    assert (
        "liaocheng-data project (2026) “Liaocheng economy figures from Dazhong Daily, "
        "2025-06-04”. liaocheng-data (Python package)." in rendered
    )
    article = next(r for r in rendered if r.startswith("Hu, L. and Xue, L. (2025)"))
    assert ARTICLE_TITLE_EN in article and "大众日报 (Dazhong Daily), 4 June, p. 1." in article
    assert any("“Gross domestic product (GDP)”" in r for r in rendered)


def test_ris_parses_in_rispy() -> None:
    """The RIS parses in rispy: dataset and article records, and one record per figure."""
    dataset, article = rispy.load(io.StringIO(cite(style="ris", release="1.0.0")))
    assert dataset["type_of_reference"] == "DATA"
    assert dataset["authors"] == [PROJECT]
    assert dataset["edition"] == "1.0.0"
    assert dataset["publisher"] == "liaocheng-data (Python package)"
    assert article["type_of_reference"] == "NEWS"
    assert article["authors"] == ["Hu, Lei", "Xue, Liangcheng"]
    assert article["title"] == ARTICLE_TITLE_ZH
    assert article["translated_title"] == ARTICLE_TITLE_EN
    assert REPOST in article["notes"][0]
    figures = rispy.load(io.StringIO(cite(["gdp-2025q1", "xinfa-cooling-towers"], style="ris",
                                          release="1.0.0")))  # fmt: skip
    assert [f["title"] for f in figures] == [
        "Gross domestic product (GDP)",
        "Indirect air-cooling towers built",
    ]
    assert "一季度,全市地区生产总值752.1亿元" in figures[0]["notes"][0]


def test_apa_gives_two_separate_references() -> None:
    """APA 7: the dataset and the article are two references, the version said once."""
    out = cite(style="apa", release="1.0.0")
    assert out.split("\n\n") == [
        "liaocheng-data project. (2026). Liaocheng economy figures from Dazhong Daily, "
        "2025-06-04 (Version 1.0.0) [Data set]. liaocheng-data (Python package).",
        f"Hu, L., & Xue, L. (2025, June 4). {ARTICLE_TITLE_ZH} [{ARTICLE_TITLE_EN}]. "
        f"大众日报 (Dazhong Daily), 1. Web repost: {REPOST}\n",
    ]
    assert "data release 1.0.0" not in out


def test_apa_and_text_for_figures_name_the_locators() -> None:
    """APA and text for figures give the dataset, the article and each figure's quote."""
    ids = ["gdp-2025q1", "xinfa-cooling-towers"]
    apa = cite(ids, style="apa", release="1.0.0")
    assert apa.startswith(cite(style="apa", release="1.0.0").rstrip("\n"))
    assert (
        "In text: (liaocheng-data project, 2026, figure gdp-2025q1, figure "
        "xinfa-cooling-towers; Hu & Xue, 2025)." in apa
    )
    text = cite(ids, style="text", release="1.0.0")
    for out in (apa, text):
        for figure_id in ids:
            assert ld.get(figure_id, release="1.0.0").provenance.quote in out
    assert text.splitlines()[:2] == cite(style="text", release="1.0.0").splitlines()
    assert "data release 1.0.0" in text and "Hu Lei (胡磊) and Xue Liangcheng (薛良诚)" in text


def test_unknown_style_and_empty_list() -> None:
    """An unknown style or an empty list is an InvalidCitationError, which is both a
    LiaochengDataError and a ValueError; an unknown figure is a FigureNotFoundError.
    """
    with pytest.raises(InvalidCitationError, match="style: 'chicago'") as info:
        cite(style="chicago")
    assert isinstance(info.value, ld.LiaochengDataError) and isinstance(info.value, ValueError)
    with pytest.raises(InvalidCitationError):
        cite([], release="1.0.0")
    with pytest.raises(ld.FigureNotFoundError):
        cite("nope", release="1.0.0")


def test_figures_are_cited_in_their_own_release(tmp_path: Path) -> None:
    """A Figure object is cited in the release it comes from; naming another is an error."""
    figure = ld.get("gdp-2025q1", release="1.0.0")
    assert cite(figure) == cite("gdp-2025q1", release="1.0.0")
    other = ld.load_release(_two_source_release(tmp_path, "90.7.0"))
    with pytest.raises(InvalidCitationError, match=r"from data release 1\.0\.0, not 90\.7\.0"):
        cite([figure], release=other)


def test_cli_cites_several_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI prints the same citation as the API, for one figure or several."""
    from liaocheng_data.__main__ import main

    for style in STYLES:
        args = ["cite", "gdp-2025q1", "xinfa-cooling-towers", "--style", style]
        assert main([*args, "--release", "1.0.0"]) == 0
        ids = ["gdp-2025q1", "xinfa-cooling-towers"]
        assert capsys.readouterr().out == cite(ids, style=style, release="1.0.0")


# --- several sources, and a third-party release ------------------------------------------

SECOND = "test-unsigned-source"


def _two_source_release(root: Path, version: str) -> Path:
    """A copy of release 1.0.0 as ``version`` with a second source without authors (a copy of
    the article's text), which the figure xinfa-cooling-towers quotes instead.
    """
    target = root / version
    shutil.copytree(RELEASE_1_0_0, target)
    meta = json.loads((target / "release.json").read_text(encoding="utf-8"))
    first = meta["sources"][0]
    shutil.copy(target / first["text"], target / "sources" / f"{SECOND}.txt")
    second = dict(first, id=SECOND, authors=[], title_zh="测试用无署名来源",
                  title_en="Test source without a byline", text=f"sources/{SECOND}.txt",
                  copy_held_url=None)  # fmt: skip
    meta.update(version=version, sources=[first, second])
    (target / "release.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    figures = json.loads((target / "figures.json").read_text(encoding="utf-8"))
    for figure in figures:
        if figure["id"] == "xinfa-cooling-towers":
            figure["provenance"]["source_id"] = SECOND
    (target / "figures.json").write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    return target


def _all_styles(target: Any, rel: Any) -> Dict[str, str]:
    return {style: cite(target, style=style, release=rel) for style in STYLES}


def test_dataset_citation_names_every_source(tmp_path: Path) -> None:
    """A dataset citation names every source of its release; one without authors cites
    cleanly (no empty author list before its title).
    """
    rel = ld.load_release(_two_source_release(tmp_path, "90.7.0"))
    outs = _all_styles(None, rel)
    for style, out in outs.items():
        assert "测试用无署名来源" in out and ARTICLE_TITLE_ZH in out, style
        assert "Data from: ," not in out and "Data from:  " not in out, style
    data = _bib(outs["bibtex"])
    assert sorted(data.entries) == ["dzrb-2025-06-04", "liaocheng-data-90.7.0", SECOND]
    unsigned = _plain(data)[SECOND]
    assert unsigned.startswith("测试用无署名来源 [Test source without a byline]. 大众日报")
    assert len(json.loads(outs["csl-json"])) == 3
    assert [r["type_of_reference"] for r in rispy.load(io.StringIO(outs["ris"]))] == [
        "DATA", "NEWS", "NEWS"
    ]  # fmt: skip
    assert (
        "测试用无署名来源 [Test source without a byline]. (2025, June 4). 大众日报" in outs["apa"]
    )


@pytest.mark.parametrize(
    ("placement", "page"), [("not known", None), ("第3版", "3"), ("page 12, economy", "12")]
)
def test_a_page_is_cited_only_where_the_placement_states_one(
    tmp_path: Path, placement: str, page: Optional[str]
) -> None:
    """Every style gives the page the source's placement states (头版 or front page is 1, 第N版
    or page N is N) and no page at all where it states none."""
    folder = _two_source_release(tmp_path, "90.7.0")
    meta = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    meta["sources"][1]["placement"] = placement
    (folder / "release.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    outs = _all_styles(None, ld.load_release(folder))
    entry = _bib(outs["bibtex"]).entries[SECOND]
    csl = next(i for i in json.loads(outs["csl-json"]) if i["id"] == SECOND)
    ris = [r for r in rispy.load(io.StringIO(outs["ris"])) if r.get("title") == "测试用无署名来源"]
    apa_line = next(line for line in outs["apa"].splitlines() if "测试用无署名来源" in line)
    if page is None:
        assert entry.fields["howpublished"] == "大众日报 (Dazhong Daily)"
        assert "page" not in csl and "start_page" not in ris[0]
        assert apa_line.endswith("大众日报 (Dazhong Daily).")
    else:
        assert entry.fields["howpublished"] == f"大众日报 (Dazhong Daily), page {page}"
        assert csl["page"] == page and ris[0]["start_page"] == page
        assert f"大众日报 (Dazhong Daily), {page}." in apa_line
    article = _bib(outs["bibtex"]).entries["dzrb-2025-06-04"]  # 头版头条: page 1
    assert article.fields["pages"] == "1"


def test_figure_citation_names_its_own_source(tmp_path: Path) -> None:
    """A figure's citation names the source it quotes, not the release's first source."""
    rel = ld.load_release(_two_source_release(tmp_path, "90.7.0"))
    for style, out in _all_styles("xinfa-cooling-towers", rel).items():
        assert "测试用无署名来源" in out, style
        assert ARTICLE_TITLE_ZH not in out, style
    for style, out in _all_styles("gdp-2025q1", rel).items():
        assert ARTICLE_TITLE_ZH in out and "测试用无署名来源" not in out, style


@pytest.fixture
def third_party(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An installed distribution (dist-info on sys.path) contributing release 90.7.0."""
    root = _two_source_release(tmp_path / "data", "90.7.0")
    (tmp_path / "fake_liaocheng_cite.py").write_text(f"ROOT = {str(root)!r}\n", encoding="utf-8")
    info = tmp_path / "fake_liaocheng_cite-0.4.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-liaocheng-cite\nVersion: 0.4\n"
        "Author-email: Jane Roe <jane@example.org>, Wang Fang <wf@example.org>\n",
        encoding="utf-8",
    )
    (info / "entry_points.txt").write_text(
        "[liaocheng_data.releases]\n90.7.0 = fake_liaocheng_cite:ROOT\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    # the suite hides installed entry points (conftest.py): let the loader see this one's
    found = tuple(
        ep
        for ep in importlib.metadata.PathDistribution(info).entry_points
        if ep.group == _loader.ENTRY_POINT_GROUP
    )
    monkeypatch.setattr(_loader, "_entry_points", lambda group: found)
    monkeypatch.setattr(_loader, "_plugins", None)
    monkeypatch.setattr(_loader, "_cache", dict(_loader._cache))
    return "90.7.0"


def test_third_party_release_credits_its_distribution(third_party: str) -> None:
    """A release from another package's entry point credits that distribution (its authors,
    name and version), not the liaocheng-data project.
    """
    outs = _all_styles(None, third_party)
    for style, out in outs.items():
        assert "fake-liaocheng-cite (Python package)" in out, style
        assert "Jane Roe" in out and "Wang Fang" in out, style
        assert PROJECT not in out, style
    assert "fake-liaocheng-cite (Python package), package version 0.4." in outs["text"]
    assert outs["apa"].startswith("Jane Roe, & Wang Fang. (2026). Liaocheng economy figures")
    dataset = rispy.load(io.StringIO(outs["ris"]))[0]
    assert dataset["authors"] == ["Jane Roe", "Wang Fang"] and dataset["edition"] == "90.7.0"
    figure = cite("xinfa-cooling-towers", style="bibtex", release=third_party)
    assert "@misc{liaocheng-data-90.7.0-xinfa-cooling-towers," in figure


# --- CITATION.cff ------------------------------------------------------------------------


def _cff() -> Dict[str, Any]:
    loaded: Dict[str, Any] = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    return loaded


def _references(kind: str) -> Sequence[Dict[str, Any]]:
    return [r for r in _cff()["references"] if r["type"] == kind]


def test_citation_cff_matches_the_newest_release() -> None:
    """CITATION.cff cites the newest data release with cite()'s title, the release's
    version, date and data licence, and the project as author.
    """
    cff = _cff()
    rel = ld.release()
    dataset = json.loads(cite(style="csl-json"))[0]
    assert cff["type"] == "dataset"
    assert cff["title"] == dataset["title"] == rel.title
    assert str(cff["version"]) == rel.version == ld.DATA_VERSION
    assert cff["date-released"] == rel.date.isoformat()
    assert cff["authors"] == [{"name": PROJECT}]
    assert cff["license"] in {lic.name for lic in rel.licenses}
    assert cff["license"] == "CC-BY-4.0"
    assert "Attribution 4.0 International" in (REPO / "LICENSE-DATA").read_text(encoding="utf-8")


def test_citation_cff_credits_the_code_and_the_article() -> None:
    """CITATION.cff's references give the package under the code's licence (MIT, as in
    pyproject.toml) and the article with the release's authors, title and date.
    """
    (software,) = _references("software")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^license = "MIT"$', pyproject, flags=re.MULTILINE)
    assert software["license"] == "MIT" and software["title"] == "liaocheng-data"
    (article,) = _references("newspaper-article")
    source = ld.release().sources[0]
    assert article["title"] == source.title_zh
    assert str(article["date-published"]) == source.date.isoformat()
    assert [(a["family-names"], a["given-names"], a["alias"]) for a in article["authors"]] == [
        (a.family_en, a.given_en, a.name_zh) for a in source.authors
    ]
