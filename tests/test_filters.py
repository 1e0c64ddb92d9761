"""Filters that accept what people pass, and search that finds (issue 12, items 3, 5 and 6)."""

from datetime import date, datetime, timezone
from typing import Any, List

import pandas as pd
import pytest

import liaocheng_data as ld
from liaocheng_data.api import as_date, bare_place_name, word_stem

R = "1.0.0"


def ids(figures: Any) -> List[str]:
    return [f.id for f in figures]


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        date(2025, 1, 1),
        "2025-01-01",
        " 2025-01-01 ",
        datetime(2025, 1, 1, 23, 59),
        datetime(2025, 1, 1, 8, tzinfo=timezone.utc),
        pd.Timestamp("2025-01-01"),
        pd.Timestamp("2025-01-01 12:00", tz="Asia/Shanghai"),
    ],
    ids=["date", "iso", "iso-spaced", "datetime", "aware", "timestamp", "aware-timestamp"],
)
def test_start_accepts_dates_datetimes_timestamps_and_iso_text(start: Any) -> None:
    """start= given as a date, an ISO string, a datetime or a pandas Timestamp selects the same
    figures as the plain date."""
    expected = ids(ld.figures(release=R, start=date(2025, 1, 1)))
    assert ids(ld.figures(release=R, start=start)) == expected
    assert ids(ld.figures(release=R, end=start)) == ids(ld.figures(release=R, end=date(2025, 1, 1)))
    assert 0 < len(expected) < len(ld.figures(release=R))


def test_iso_text_and_date_give_the_same_range() -> None:
    """A closed range in ISO text keeps exactly the figures the same range of dates keeps."""
    as_text = ld.figures(release=R, start="2024-01-01", end="2024-12-31")
    as_dates = ld.figures(release=R, start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert ids(as_text) == ids(as_dates)
    assert "zhongtong-bus-exports-2024" in ids(as_text) and "gdp-2025q1" not in ids(as_text)


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("2025/01/01", "YYYY-MM-DD"),
        ("20250101", "YYYY-MM-DD"),
        ("2025-02-30", "not a calendar date"),
        ("２０２５-01-01", "YYYY-MM-DD"),
        ("1745625600", "YYYY-MM-DD"),
        (pd.NaT, "no calendar date"),
        (20250101, "not int"),
        (1.5, "not float"),
    ],
)
def test_a_bad_date_is_a_filter_error(value: Any, needle: str) -> None:
    """A value that is no calendar date is an InvalidFilterError (a LiaochengDataError and a
    ValueError) naming the filter, never a raw TypeError."""
    with pytest.raises(ld.InvalidFilterError, match=r"^start: ") as info:
        ld.figures(release=R, start=value)
    assert needle in str(info.value)
    assert isinstance(info.value, ld.LiaochengDataError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("start", "end"),
    [("2025-01-01", "2024-01-01"), (date(2025, 1, 2), pd.Timestamp("2025-01-01"))],
)
def test_a_reversed_range_is_an_error_not_an_empty_result(start: Any, end: Any) -> None:
    """A start after the end raises, saying so, instead of returning nothing."""
    with pytest.raises(ld.InvalidFilterError, match="is after end"):
        ld.figures(release=R, start=start, end=end)


def test_a_one_day_range_is_allowed() -> None:
    """A start equal to the end is a valid one-day range."""
    found = ld.figures(release=R, start="2025-03-31", end="2025-03-31")
    assert "gdp-2025q1" in ids(found)


def test_as_date_duck_types_date_methods() -> None:
    """Any object with a .date() method returning a date is accepted (no pandas needed)."""

    class Moment:
        def date(self) -> date:
            return date(2025, 6, 4)

    assert as_date(Moment()) == date(2025, 6, 4)


# --- indicator --------------------------------------------------------------------------------


def test_indicator_matches_in_any_case_and_with_spaces() -> None:
    """indicator='GDP' and 'bus exports' find the gdp and bus-exports figures."""
    assert ids(ld.figures(release=R, indicator="GDP")) == ids(
        ld.figures(release=R, indicator="gdp")
    )
    assert len(ld.figures(release=R, indicator="gdp")) == 3
    assert ids(ld.figures(release=R, indicator="Bus Exports")) == [
        "zhongtong-bus-exports-2024",
        "zhongtong-bus-exports-growth-2024",
    ]


def test_an_unknown_indicator_is_an_error_with_suggestions() -> None:
    """An indicator no figure has raises, suggesting the close one, rather than returning []."""
    with pytest.raises(ld.InvalidFilterError, match=r"^indicator: no indicator 'gpd'") as info:
        ld.figures(release=R, indicator="gpd")
    assert "did you mean 'gdp'?" in str(info.value)


# --- places -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("临清", "371581"), ("临清市", "371581"), ("Linqing", "371581"), ("LINQING", "371581"),
        ("linqing city", "371581"), ("371581", "371581"),
        ("聊城", "371500"), ("聊城市", "371500"), ("liaocheng", "371500"),
        ("东阿", "371524"), ("东阿县", "371524"), ("Dong'e", "371524"), ("dong'e county", "371524"),
        ("冠县", "371525"), ("Guan", "371525"), ("山东", "370000"), ("烟店", "yandian-town"),
        ("聊城高新区", "liaocheng-hi-tech-zone"), ("聊城高新", "liaocheng-hi-tech-zone"),
    ],
)  # fmt: skip
def test_places_match_with_or_without_suffix_in_any_case(name: str, place_id: str) -> None:
    """A place is found by id, code, Chinese name with or without its administrative suffix,
    or English name in any case; the filter gives the same figures as its id."""
    assert ids(ld.figures(release=R, place=name)) == ids(ld.figures(release=R, place=place_id))


def test_the_city_without_suffix_is_the_whole_city() -> None:
    """place='聊城' is the prefecture with every county, zone and town under it, not the zone
    whose name starts with 聊城."""
    city = ld.figures(release=R, place="聊城")
    assert {f.place.id for f in city} >= {
        "371500",
        "371581",
        "yandian-town",
        "liaocheng-hi-tech-zone",
    }
    outside = ("CN", "370000")
    assert ids(city) == [f.id for f in ld.figures(release=R) if f.place.id not in outside]


def test_a_single_character_is_not_a_county() -> None:
    """冠 alone is not 冠县: a Chinese name keeps two characters at least."""
    assert bare_place_name("冠县") == "冠县"
    with pytest.raises(ld.InvalidFilterError, match="no place '冠'"):
        ld.figures(release=R, place="冠")


def test_an_unknown_place_suggests_and_lists_in_both_languages() -> None:
    """An unknown place is an error suggesting the close name and listing places in Chinese
    and English."""
    with pytest.raises(ld.InvalidFilterError) as info:
        ld.figures(release=R, place="临请")
    message = str(info.value)
    assert message.startswith("place: no place '临请' in data release 1.0.0")
    assert "did you mean 临清市 (Linqing, 371581)?" in message
    assert "东阿县 (Dong'e County, 371524)" in message


# --- organisations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "zhongtong-bus",
        "中通客车",
        "Zhongtong Bus",
        "ZHONGTONG BUS",
        "Zhongtong",
        "zhongtong",
        "中通",
    ],
)
def test_organisations_match_by_any_name_or_a_distinctive_part(name: str) -> None:
    """entity= finds Zhongtong Bus by id, Chinese or English name in any case, or a whole word
    or Chinese part of a name."""
    found = ld.figures(release=R, entity=name)
    assert found and {f.entity.id for f in found if f.entity} == {"zhongtong-bus"}
    assert len(found) == 3


def test_a_part_that_fits_several_organisations_is_an_error_listing_them() -> None:
    """entity='Group' names two organisations: an error lists both rather than guessing."""
    with pytest.raises(ld.InvalidFilterError, match="2 organisations") as info:
        ld.figures(release=R, entity="Group")
    assert "xinfa-group" in str(info.value) and "sanhe-textile-group" in str(info.value)


def test_a_part_of_a_word_is_not_a_name_but_is_suggested() -> None:
    """'Zhong' is not a whole word of any name: an error that suggests Zhongtong Bus."""
    with pytest.raises(ld.InvalidFilterError, match="did you mean zhongtong-bus") as info:
        ld.figures(release=R, entity="Zhong")
    assert str(info.value).startswith("entity: no organisation 'Zhong'")


# --- get --------------------------------------------------------------------------------------


def test_get_an_indicator_suggests_its_figures() -> None:
    """get('gdp') raises FigureNotFoundError suggesting the gdp figures."""
    with pytest.raises(ld.FigureNotFoundError, match="did you mean 'gdp-2025q1'") as info:
        ld.get("gdp", release=R)
    assert info.value.suggestions == (
        "gdp-2025q1",
        "gdp-growth-2025q1",
        "gdp-growth-rank-2025q1",
    )


def test_get_in_the_wrong_case_suggests_the_id() -> None:
    """get('GDP-2025Q1') suggests 'gdp-2025q1' first."""
    with pytest.raises(ld.FigureNotFoundError) as info:
        ld.get("GDP-2025Q1", release=R)
    assert info.value.suggestions[0] == "gdp-2025q1"


def test_get_of_nothing_like_an_id_suggests_nothing() -> None:
    """An id resembling nothing gets no suggestion, and the message says no more than that."""
    with pytest.raises(ld.FigureNotFoundError) as info:
        ld.get("qqqqqqqq", release=R)
    assert info.value.suggestions == ()
    assert str(info.value) == "no figure 'qqqqqqqq' in data release 1.0.0"


# --- search -----------------------------------------------------------------------------------


def test_word_stems_join_word_forms() -> None:
    """The suffix stripper maps export/exports/exported and investment/invest together, and
    keeps short words and different words apart."""
    assert {word_stem(w) for w in ("export", "exports", "exported", "exporting")} == {"export"}
    assert word_stem("investment") == word_stem("invest") == word_stem("investments")
    assert word_stem("bus") == word_stem("buses") == "bus"
    assert word_stem("import") != word_stem("export")
    assert word_stem("gdp") == "gdp" and word_stem("2025q1") == "2025q1"


@pytest.mark.parametrize("text", ["exports", "exported", "export", "EXPORTING"])
def test_search_finds_every_form_of_export(text: str) -> None:
    """Any form of 'export' finds the bus exports, the buses exported to Chile, the roast duck
    exports and foreign trade ('imports plus exports')."""
    found = set(ids(ld.search(text, release=R)))
    assert found >= {
        "zhongtong-bus-exports-2024",
        "zhongtong-chile-electric-bus-export",
        "rongda-jinyi-roast-duck-exports-cumulative",
        "foreign-trade-2025q1",
    }
    assert "gdp-2025q1" not in found


def test_search_invest_finds_investment() -> None:
    """'invest' and 'investment' find the same figures: private investment and the towers'."""
    assert ids(ld.search("invest", release=R)) == ids(ld.search("investment", release=R))
    assert set(ids(ld.search("invest", release=R))) == {
        "private-investment-growth-2025q1",
        "private-investment-growth-rank-2025q1",
        "xinfa-cooling-tower-investment",
    }


def test_search_word_forms_need_every_word() -> None:
    """'buses exported' needs both words (in any form): it finds the Chile buses and the bus
    exports, not foreign trade."""
    found = ids(ld.search("buses exported", release=R))
    assert "zhongtong-chile-electric-bus-export" in found
    assert "zhongtong-bus-exports-2024" in found
    assert "foreign-trade-2025q1" not in found


def test_search_chinese_substrings_in_quotes_places_and_organisations() -> None:
    """Chinese text matches as a substring of labels, quotes, places and organisation names."""
    assert ids(ld.search("民间投资", release=R)) == [
        "private-investment-growth-2025q1",
        "private-investment-growth-rank-2025q1",
    ]
    linqing = set(ids(ld.search("临清", release=R)))
    assert {"sanhe-new-looms", "yandian-bearing-market-rank"} <= linqing  # org and quote
    assert set(ids(ld.search("中通", release=R))) >= {"zhongtong-bus-exports-2024"}
    assert ids(ld.search("一季度", release=R))[0] == "gdp-2025q1"  # the period label


def test_search_looks_in_notes() -> None:
    """A word only a note holds is found (the GDP level's note on price basis)."""
    assert "gdp-2025q1" in ids(ld.search("current prices", release=R))


def test_search_ranks_exact_then_partial_then_words() -> None:
    """A whole label comes before figures that only contain the text, which come before
    figures that only match word forms."""
    ranked = ids(ld.search("bus exports", release=R))
    assert ranked[0] == "zhongtong-bus-exports-2024"  # its label is "Bus exports"
    assert ranked.index("zhongtong-bus-exports-growth-2024") < ranked.index(
        "zhongtong-chile-electric-bus-export"
    )
    organisation = ids(ld.search("xinfa group", release=R))
    assert organisation == ids(ld.figures(release=R, entity="xinfa-group"))


def test_figures_search_filter_keeps_article_order() -> None:
    """figures(search=...) keeps the same figures as search() in the article's order."""
    ranked = ld.search("bus exports", release=R)
    filtered = ld.figures(release=R, search="bus exports")
    assert sorted(ids(ranked)) == sorted(ids(filtered))
    order = ids(ld.figures(release=R))
    assert ids(filtered) == sorted(ids(filtered), key=order.index)


def test_search_nothing_and_empty() -> None:
    """Text found nowhere gives an empty tuple; empty text is an error, not every figure."""
    assert ld.search("no such words anywhere", release=R) == ()
    with pytest.raises(ld.InvalidFilterError, match="empty"):
        ld.search("   ", release=R)


def test_every_deliberate_filter_error_is_a_liaocheng_data_error() -> None:
    """Each bad filter raises something research code can catch as LiaochengDataError."""
    bad = [
        {"start": "2025-13-01"}, {"end": object()}, {"indicator": "nope"},
        {"place": "nowhere"}, {"entity": "nobody"}, {"measure": "levle"},
        {"topic": "sports"}, {"search": ""},
    ]  # fmt: skip
    for kwargs in bad:
        with pytest.raises(ld.LiaochengDataError):
            ld.figures(release=R, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "suggestion"),
    [({"measure": "levle"}, "'level'"), ({"topic": "Trade"}, "'trade'"),
     ({"topic": "digitl"}, "'digital'")],
)  # fmt: skip
def test_unknown_measure_or_topic_suggests_the_close_one(kwargs: Any, suggestion: str) -> None:
    """A misspelt measure or topic is an error that suggests the release's close one."""
    with pytest.raises(ld.InvalidFilterError) as info:
        ld.figures(release=R, **kwargs)
    assert f"did you mean {suggestion}?" in str(info.value)
