"""Data release 1.1.0: the corrections an independent review of 1.0.0 asked for, pinned.

Every expectation here is written by hand from the article and the review, never from the
data under test. Every test names ``release="1.1.0"``: shipping a later release changes none.
"""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Dict, Tuple

import pytest

import liaocheng_data as ld
from liaocheng_data.__main__ import main

V = "1.1.0"
OLD = "1.0.0"


def test_every_id_of_1_0_0_is_kept_with_the_same_number() -> None:
    """1.1.0 is a minor release: no id is removed or renamed, and no number, scale, unit or
    qualifier changes (the review found every number right)."""
    old = {f.id: f for f in ld.figures(release=OLD)}
    new = {f.id: f for f in ld.figures(release=V)}
    assert set(new) == set(old)
    for fid, f in new.items():
        o = old[fid]
        assert (f.value, f.scale, f.unit_code, f.qualifier, f.quote, f.literal) == (
            o.value,
            o.scale,
            o.unit_code,
            o.qualifier,
            o.quote,
            o.literal,
        ), fid


#: One meaning per measure (the review's list): the article's words -> (measure, qualifier).
MEASURES: Dict[str, Tuple[str, str]] = {
    "qingshui-annual-forging-output": ("level", "more_than"),  # 超过50万吨
    "taishan-watch-peak-annual-output": ("level", "more_than"),  # 超百万只
    "new-energy-installed-capacity": ("level", "more_than"),  # 突破536.6万千瓦
    "industry-scale-nonferrous-metals-2024": ("threshold", "more_than"),  # 突破千亿规模
    "industry-scale-agricultural-processing-2024": ("threshold", "more_than"),
    "industry-output-green-chemicals-2024": ("threshold", "more_than"),  # 超500亿元
    "zhongtong-chile-electric-bus-export": ("count", "exact"),  # 895台
    "zhongtong-bus-exports-2024": ("level", "exact"),  # 6220台
}


@pytest.mark.parametrize("fid", sorted(MEASURES))
def test_measures_follow_their_definitions(fid: str) -> None:
    """Each figure the review named has the measure and qualifier its words call for."""
    f = ld.get(fid, release=V)
    assert (f.measure, f.qualifier) == MEASURES[fid]


def test_every_measure_and_topic_is_defined_in_the_release() -> None:
    """The release declares the meaning of every measure and topic it uses, in both languages."""
    used_measures = {f.measure for f in ld.figures(release=V)}
    used_topics = {t for f in ld.figures(release=V) for t in f.topics}
    measures = {m.id: m for m in ld.measures(release=V)}
    topics = {t.id: t for t in ld.topics(release=V)}
    assert used_measures <= set(measures) and used_topics <= set(topics)
    for item in [*measures.values(), *topics.values()]:
        assert item.definition and item.zh and item.en


Q1_FIGURES = [
    "gdp-2025q1",
    "gdp-growth-2025q1",
    "gdp-growth-rank-2025q1",
    "industrial-value-added-growth-2025q1",
    "industrial-value-added-growth-rank-2025q1",
    "private-investment-growth-2025q1",
    "private-investment-growth-rank-2025q1",
]


@pytest.mark.parametrize("fid", Q1_FIGURES)
def test_an_unprinted_year_is_said_to_be_inferred(fid: str) -> None:
    """The opening paragraphs print 一季度 without a year: the note says 2025 is inferred."""
    f = ld.get(fid, release=V)
    assert f.period_label == "一季度" and "2025" not in f.quote and "今年" not in f.quote
    assert (f.period_start, f.period_end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert "inferred" in f.note


def test_grp_is_named_gross_regional_product() -> None:
    """地区生产总值 is gross regional product; the ids keep their gdp- prefix."""
    assert ld.get("gdp-2025q1", release=V).label_en == "Gross regional product (GRP)"
    assert ld.get("gdp-2025q1", release=OLD).label_en == "Gross domestic product (GDP)"


def test_the_895_buses_are_the_export_of_a_send_off_ceremony() -> None:
    """The article reports a send-off ceremony for an export of 895 buses, on 3月26日."""
    f = ld.get("zhongtong-chile-electric-bus-export", release=V)
    (ceremony,) = [e for e in ld.events(release=V) if "895台" in e.provenance.quote]
    assert f.value == Decimal("895") and "发车仪式" in ceremony.provenance.quote
    assert "发车仪式" in f.label_zh
    assert "ceremony" in f.label_en and "ceremony" in f.note
    assert (f.period_start, f.period_end) == (date(2025, 3, 26), date(2025, 3, 26))


def test_an_undated_target_is_no_state_on_the_article_date() -> None:
    """正加速向千亿级产业集群进发 has no deadline: no date filter up to the article's date
    returns it, and its period still ends on a date."""
    target = ld.get("bearing-cluster-scale-target", release=V)
    assert isinstance(target.period_end, date) and target.period_end > date(2025, 6, 4)
    up_to_article = ld.figures(release=V, start=date(2025, 1, 1), end=date(2025, 6, 4))
    assert target.id not in {f.id for f in up_to_article}
    assert "deadline" in target.note


def test_labels_say_only_what_the_article_says() -> None:
    """The article says 投产 (went into production), not 建成投产."""
    f = ld.get("inspur-liaocheng-base-time-to-production", release=V)
    assert "建成" not in f.label_zh and "建成" not in f.quote


def test_no_note_sends_the_reader_to_a_file_they_do_not_have() -> None:
    """Notes state their facts; none points to the project's SOURCES.md."""
    texts = [f.note for f in ld.figures(release=V)] + [e.note for e in ld.events(release=V)]
    assert not [t for t in texts if "SOURCES" in t]


def test_trade_means_foreign_trade() -> None:
    """The domestic bearing-market rank is not a trade figure; the exports are."""
    trade = {f.id for f in ld.figures(topic="trade", release=V)}
    assert "yandian-bearing-market-rank" not in trade
    assert {"zhongtong-bus-exports-2024", "foreign-trade-2025q1"} <= trade


def test_the_clusters_of_2024_are_an_event_dated_to_the_year() -> None:
    """The missing claim (三个集群入选省级特色产业集群, 2024年) is an event known to the year."""
    (event,) = [e for e in ld.events(release=V) if "省级特色产业集群" in e.provenance.quote]
    assert event.provenance.literal == "2024年"
    assert (event.date, event.date_precision) == (date(2024, 1, 1), "year")
    for place in ("茌平区", "冠县", "东阿县"):
        assert place in event.provenance.quote
    assert len(ld.events(release=OLD)) == 2


def test_the_reprint_date_is_not_claimed_to_the_day() -> None:
    """The reprint's date was read off a web address: the release records it to the month."""
    (source,) = ld.sources(release=V)
    assert source.reprint is not None and source.reprint.date_precision == "month"
    assert "向新" in source.title_zh and "going new" in source.title_en


def test_every_numeral_of_the_article_is_a_figure_an_event_or_excluded() -> None:
    """The shipped 1.1.0 directory validates, numeral completeness included."""
    from liaocheng_data._loader import release_root

    out = io.StringIO()
    assert main(["validate", str(release_root(V))], out) == 0, out.getvalue()
    rel = ld.release(V)
    assert rel.exclusions and all(
        x.reason and not x.reason.startswith("TODO") for x in rel.exclusions
    )


def test_the_diff_from_1_0_0_gives_every_change_a_reason() -> None:
    """Every figure that differs from 1.0.0 is declared corrected, with its reason."""
    d = ld.diff(OLD, V)
    assert not d.added and not d.removed and not d.renamed
    changed = {c.id for c in d.changed}
    assert "gdp-2025q1" in changed and "zhongtong-chile-electric-bus-export" in changed
    assert set(d.reasons) == changed
    assert all(d.reasons[i] for i in changed)


def test_the_undated_target_survives_a_dataframe_and_parquet(tmp_path: Path) -> None:
    """The open-ended period (to 9999-12-31) is kept in a DataFrame (second-resolution dates,
    which pandas 2 holds too) and in Parquet (date32)."""
    import pyarrow.parquet as pq

    df = ld.to_dataframe(release=V)
    end = df.loc["bearing-cluster-scale-target", "period_end"]
    assert (end.year, end.month, end.day) == (9999, 12, 31)
    path = tmp_path / "figures.parquet"
    ld.write_parquet(path, release=V)
    table = pq.read_table(path).to_pydict()
    at = table["id"].index("bearing-cluster-scale-target")
    assert table["period_end"][at] == date(9999, 12, 31)
