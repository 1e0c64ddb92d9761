"""Data release 1.0.0 proven against the archived article.

The expectations below were written by reading the article, independently of the release's
JSON: for each figure, the number as printed, how it is read, and where the claim applies.
"""

import re
from datetime import date
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

import pytest

import liaocheng_data as ld
from liaocheng_data.completeness import numerals, uncaptured_problems
from liaocheng_data.models import Exclusion
from liaocheng_data.sourcetext import normalize

Q1 = (date(2025, 1, 1), date(2025, 3, 31))
Y2024 = (date(2024, 1, 1), date(2024, 12, 31))
NOW = (None, date(2025, 6, 4))

# id: (literal, value, scale, unit code, qualifier, (period start, end), place id)
EXPECTED: Dict[str, Tuple[str, str, int, str, str, Tuple[Optional[date], date], str]] = {
    "gdp-2025q1": ("752.1亿元", "752.1", 8, "CNY", "exact", Q1, "371500"),
    "gdp-growth-2025q1": ("6.7%", "6.7", 0, "%", "exact", Q1, "371500"),
    "gdp-growth-rank-2025q1": ("第3", "3", 0, "{rank}", "exact", Q1, "371500"),
    "industrial-value-added-growth-2025q1": ("8.8%", "8.8", 0, "%", "exact", Q1, "371500"),
    "industrial-value-added-growth-rank-2025q1": ("第4", "4", 0, "{rank}", "exact", Q1, "371500"),
    "private-investment-growth-2025q1": ("18.3%", "18.3", 0, "%", "exact", Q1, "371500"),
    "private-investment-growth-rank-2025q1": ("第4", "4", 0, "{rank}", "exact", Q1, "371500"),
    "bearing-agglomeration-areas-national": ("五", "5", 0, "{cluster}", "exact", NOW, "CN"),
    "yandian-bearing-market-rank": ("最大", "1", 0, "{rank}", "exact", NOW, "yandian-town"),
    "qingshui-annual-forging-output": ("50万吨", "50", 4, "t/a", "more_than", NOW, "qingshui-town"),
    "zhengjia-bearing-cage-annual-sales": ("120亿副", "120", 8, "{set}/a", "exact", NOW, "zhengjia-town"),
    "donge-steel-ball-base-rank": ("最大", "1", 0, "{rank}", "exact", NOW, "371524"),
    "donge-steel-ball-domestic-market-share": ("70%", "70", 0, "%", "more_than", NOW, "371524"),
    "bearing-cluster-scale-target": ("千亿", "1", 11, "CNY", "at_least", NOW, "371500"),
    "taishan-watch-peak-annual-output": ("百万只", "1", 6, "{watch}/a", "more_than",
                                         (date(1970, 1, 1), date(1989, 12, 31)), "371500"),
    "key-industrial-chains": ("12条", "12", 0, "{industrial_chain}", "exact", NOW, "371500"),
    "industry-scale-nonferrous-metals-2024": ("千亿", "1", 11, "CNY", "more_than", Y2024, "371500"),
    "industry-scale-agricultural-processing-2024": ("千亿", "1", 11, "CNY", "more_than", Y2024, "371500"),
    "industries-over-100-billion-2024": ("2个", "2", 0, "{industry}", "exact", Y2024, "371500"),
    "industry-output-green-chemicals-2024": ("500亿元", "500", 8, "CNY", "more_than", Y2024, "371500"),
    "industry-output-green-building-materials-2024": ("500亿元", "500", 8, "CNY", "more_than", Y2024, "371500"),
    "industry-output-ferrous-metal-processing-2024": ("500亿元", "500", 8, "CNY", "more_than", Y2024, "371500"),
    "industries-over-50-billion-2024": ("3个", "3", 0, "{industry}", "exact", Y2024, "371500"),
    "inspur-liaocheng-base-time-to-production": ("5个月", "5", 0, "mo", "exact", NOW, "liaocheng-hi-tech-zone"),
    "enterprise-assistance-commissioners": ("400名", "400", 0, "{person}", "exact", NOW, "371500"),
    "xinfa-autoclaved-brick-capacity": ("3亿块", "3", 8, "{brick}/a", "exact", NOW, "371503"),
    "xinfa-gypsum-board-capacity": ("2.4亿平方米", "2.4", 8, "m2/a", "exact", NOW, "371503"),
    "xinfa-small-thermal-units-demolished": ("13台", "13", 0, "{generating_unit}", "exact", NOW, "371503"),
    "xinfa-cooling-tower-investment": ("18亿元", "18", 8, "CNY", "exact", NOW, "371503"),
    "xinfa-cooling-towers": ("两座", "2", 0, "{cooling_tower}", "exact", NOW, "371503"),
    "xinfa-cooling-tower-size-rank": ("最大", "1", 0, "{rank}", "exact", NOW, "371503"),
    "xinfa-annual-water-saving": ("2012万吨", "2012", 4, "t/a", "exact", NOW, "371503"),
    "xinfa-carbon-trading-first-cycle": ("7.43亿元", "7.43", 8, "CNY", "exact", NOW, "371503"),
    "green-manufacturing-units-national": ("32家", "32", 0, "{organization}", "exact", NOW, "371500"),
    "green-manufacturing-units-provincial": ("56家", "56", 0, "{organization}", "exact", NOW, "371500"),
    "new-energy-installed-capacity": ("536.6万千瓦", "536.6", 4, "kW", "more_than", NOW, "371500"),
    "sanhe-new-looms": ("数十台", "10", 0, "{loom}", "imprecise", NOW, "371581"),
    "sanhe-production-efficiency-increase": ("35%", "35", 0, "%", "exact", NOW, "371581"),
    "sanhe-energy-consumption-reduction": ("30%", "30", 0, "%", "at_least", NOW, "371581"),
    "smes-digitally-transformed": ("2947家", "2947", 0, "{enterprise}", "exact", NOW, "371500"),
    "miit-sme-digital-transformation-cases": ("2家", "2", 0, "{enterprise}", "exact", NOW, "371500"),
    "digital-benchmark-cases-rank": ("首位", "1", 0, "{rank}", "exact", NOW, "371500"),
    "zhongtong-chile-electric-bus-export": ("895台", "895", 0, "{vehicle}", "exact",
                                            (None, date(2025, 3, 26)), "371500"),
    "zhongtong-bus-exports-2024": ("6220台", "6220", 0, "{vehicle}", "exact", Y2024, "371500"),
    "zhongtong-bus-exports-growth-2024": ("63.51%", "63.51", 0, "%", "exact", Y2024, "371500"),
    "rongda-jinyi-roast-duck-exports-cumulative": ("2000吨", "2000", 0, "t", "exact",
                                                   (None, date(2024, 12, 31)), "371526"),
    "foreign-trade-2025q1": ("154.5亿元", "154.5", 8, "CNY", "exact", Q1, "371500"),
    "foreign-trade-growth-2025q1": ("16.1%", "16.1", 0, "%", "exact", Q1, "371500"),
    "cross-border-ecommerce-trade-growth-2025q1": ("310%", "310", 0, "%", "exact", Q1, "371500"),
}  # fmt: skip

# Numbers in the article that are not figures, with the reason (issue 2's exclusions).
NOT_FIGURES = {
    "一座": "an article (这是一座城市), not a count",
    "千年": "literary (运河流淌千年)",
    "数百年": "literary (数百年的烟火繁华)",
    "一季度": "a period label",
    "4月26日": "an event's date",
    "一年一度": "idiom (annual)",
    "十强": "a name (省“十强”产业)",
    "二十世纪七八十年代": "a period label",
    "一链一院": "a name",
    "2024年": "a period label",
    "一筹": "idiom (“聊”胜一筹)",
    "首台": "ordinal in a ceremony's name",
    "一粒石子吃六遍": "idiom",
    "一家": "an article (从一家高耗能企业)",
    "一跃": "idiom",
    "首个": "ordinal (the first compliance cycle)",
    "一个个": "idiom",
    "3月26日": "an event's date",
    "三提三敢": "a name",
    "一季度‘开门红’": "a period label in a slogan",
    "一批": "an article (一批欧洲订单)",
    "一步": "idiom (迈出关键一步)",
    "一段时间": "idiom (每隔一段时间)",
    "一个身份": "idiom (另一个身份)",
    "一度": "adverb (一度成为)",
    "之一": "one of (the five areas): part of the 五大 figure, not a count of its own",
    "三和": "a company name (三和纺织集团)",
    "数字": "digital, not 数 (several)",
    "数改": "digital retrofit (智转数改), not 数 (several)",
    "数量": "quantity, not 数 (several)",
    "张百顺": "a person's name",
}


def test_every_expected_figure_is_shipped_and_nothing_else(shipped: ld.Release) -> None:
    """The release holds exactly the figures the article states, no more, no fewer."""
    assert sorted(f.id for f in shipped.figures) == sorted(EXPECTED)


@pytest.mark.parametrize("figure_id", sorted(EXPECTED))
def test_figure_matches_the_article(figure_id: str, normalized_text: str) -> None:
    """Each figure has the value, scale, unit, qualifier, period and place the article gives,
    and its quote stands verbatim at its offsets in the archived text.
    """
    literal, value, scale, unit, qualifier, (start, end), place = EXPECTED[figure_id]
    figure = ld.get(figure_id, release="1.0.0")
    assert figure.provenance.literal == literal
    assert figure.value == Decimal(value)
    assert str(figure.value) == value  # exactly as printed, no trailing zeros added
    assert figure.scale == scale
    assert figure.unit.code == unit
    assert figure.qualifier == qualifier
    assert (figure.period.start, figure.period.end) == (start, end)
    assert figure.place.id == place
    prov = figure.provenance
    assert normalized_text[prov.start : prov.end] == prov.quote
    assert literal in prov.quote
    assert figure.release == "1.0.0"


def test_gdp_base_value_is_exact() -> None:
    """752.1亿元 gives exactly 75,210,000,000 yuan, with no exponent."""
    gdp = ld.get("gdp-2025q1", release="1.0.0")
    assert gdp.base_value == Decimal(75_210_000_000)
    assert str(gdp.base_value) == "75210000000"


def test_ranks_have_scopes_and_superlatives_say_so(shipped: ld.Release) -> None:
    """Every rank states what it ranks within; a superlative's note says the measure is
    not stated.
    """
    for figure in shipped.figures:
        if figure.measure != "rank":
            continue
        assert figure.rank_scope
        if figure.provenance.literal == "最大":
            assert "does not state the measure" in figure.note


def _exclusions(source_id: str) -> List[Exclusion]:
    """NOT_FIGURES as exclusion records: each numeral of each phrase, within the phrase."""
    return [
        Exclusion(source_id=source_id, numeral=n.text, quote=phrase, reason=reason)
        for phrase, reason in NOT_FIGURES.items()
        for n in numerals(phrase)
    ]


def test_every_number_in_the_article_is_a_figure_or_excluded(
    shipped: ld.Release, normalized_text: str
) -> None:
    """Completeness: each number printed in the article lies inside a figure's (or event's)
    literal, or is one of the listed non-figures (the check validate runs on format 3).
    """
    (source,) = shipped.sources
    problems = uncaptured_problems(
        shipped, {source.id: normalized_text}, _exclusions(source.id), where="1.0.0"
    )
    assert problems == []


def test_completeness_finds_a_number_left_out(shipped: ld.Release, normalized_text: str) -> None:
    """Without the exclusion of 2024年, each bare 2024 of the article is reported."""
    (source,) = shipped.sources
    kept = [e for e in _exclusions(source.id) if e.quote != "2024年"]
    problems = uncaptured_problems(shipped, {source.id: normalized_text}, kept, where="1.0.0")
    assert problems and all("numeral '2024'" in p for p in problems)


def test_every_excluded_phrase_occurs(normalized_text: str) -> None:
    """The exclusion list names only phrases the article really contains."""
    assert [p for p in NOT_FIGURES if p not in normalized_text] == []


def test_threshold_stated_for_several_industries_is_one_figure_each(shipped: ld.Release) -> None:
    """超500亿元 for three industries is three figures plus the printed count of three."""
    over_50 = [f for f in shipped.figures if f.indicator == "industry-output"]
    assert len(over_50) == 3
    assert ld.get("industries-over-50-billion-2024", release="1.0.0").value == len(over_50)
    over_100 = [f for f in shipped.figures if f.indicator == "industry-scale"]
    assert ld.get("industries-over-100-billion-2024", release="1.0.0").value == len(over_100) == 2


def test_events_are_dated_from_the_article(shipped: ld.Release, normalized_text: str) -> None:
    """The two dated happenings are events, in 2025, quoted at their offsets."""
    by_id = {e.id: e for e in shipped.events}
    assert by_id["national-bearing-industry-conference-2025"].date == date(2025, 4, 26)
    assert by_id["national-bearing-industry-conference-2025"].place is not None
    assert by_id["national-bearing-industry-conference-2025"].place.code == "371581"
    assert by_id["zhongtong-chile-export-ceremony-2025"].date == date(2025, 3, 26)
    for event in shipped.events:
        prov = event.provenance
        assert normalized_text[prov.start : prov.end] == prov.quote


def test_shipped_source_text_is_the_archived_normalization(
    raw_text: str, normalized_text: str, shipped: ld.Release
) -> None:
    """The text inside the package equals the repository's archive and re-normalizing the
    raw copy as received gives it again.
    """
    from liaocheng_data import _resources

    (source,) = shipped.sources
    inside = _resources.data_root().joinpath("releases").joinpath("1.0.0")
    for part in source.text.split("/"):
        inside = inside.joinpath(part)
    assert inside.read_text(encoding="utf-8") == normalized_text
    assert normalize(raw_text) == normalized_text
    assert _resources.sha256(normalized_text.encode("utf-8")) == source.sha256


def test_source_record_carries_the_bibliographic_facts(shipped: ld.Release) -> None:
    """Publisher, date, placement, authors and reprint are those SOURCES.md gives."""
    (source,) = shipped.sources
    assert (source.publisher_zh, source.date) == ("大众日报", date(2025, 6, 4))
    assert "头版头条" in source.placement
    assert [a.name_zh for a in source.authors] == ["胡磊", "薛良诚"]
    assert source.reprint is not None and source.reprint.publisher_zh == "聊城日报"
    assert source.title_en_is_translation
    assert source.original_url is None


def test_towns_and_zones_have_no_invented_codes(shipped: ld.Release) -> None:
    """Towns and the development zone carry their parent's code and no code of their own."""
    for place in shipped.places:
        if place.level in ("town", "development-zone"):
            assert place.code is None
            assert place.parent_code is not None


def test_every_label_is_bilingual_and_translation_is_declared(shipped: ld.Release) -> None:
    """Every figure, place and organisation has Chinese and English names, and the release
    says the English is a translation.
    """
    for figure in shipped.figures:
        assert figure.label_zh and figure.label_en
        assert re.search(r"[\u4e00-\u9fff]", figure.label_zh)
    for org in shipped.organisations:
        assert org.name_zh and org.name_en
    assert "translation" in shipped.translation_statement
