import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaocheng_data.errors import NormalizationError
from liaocheng_data.sourcetext import PINYIN_GLOSS, find_glosses, fold, normalize

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’…—]")


def test_exactly_96_glosses_in_the_repost(raw_text: str) -> None:
    """The repost carries the 96 pinyin glosses SOURCES.md counts; all are removed."""
    assert len(find_glosses(raw_text)) == 96
    assert find_glosses(normalize(raw_text)) == ()


def test_normalized_layout(raw_text: str) -> None:
    """Title once, a blank line, one paragraph a line (25, two of them headings), final
    newline, and no boilerplate.
    """
    text = normalize(raw_text)
    title = "逐绿向新、链上发力,聊城高质量发展“提级换挡”——江北水城“焕新”记"
    assert text.startswith(title + "\n\n")
    assert text.endswith("\n") and not text.endswith("\n\n")
    paragraphs = text.split("\n\n", 1)[1].rstrip("\n").split("\n")
    assert len(paragraphs) == 25
    assert "链上发力,群“龙”共舞" in paragraphs and "靠前服务,“聊”胜一筹" in paragraphs
    assert text.count(title) == 1
    for boilerplate in ("首页", "248", "评论", "沙发", " "):
        assert boilerplate not in text


def test_nothing_but_glosses_and_boilerplate_is_removed(raw_text: str) -> None:
    """The body's characters, minus the glosses, survive in order: only the joining spaces
    become newlines.
    """
    body_line = max(raw_text.split("\n"), key=len)
    expected = PINYIN_GLOSS.sub("", body_line).replace(" ", "\n")
    assert normalize(raw_text).split("\n\n", 1)[1] == expected + "\n"


def test_doubled_glosses_and_genuine_parentheses() -> None:
    """Doubled glosses go; (GDP), (2024) and Chinese in parentheses stay."""
    raw = "标题\n\n发展的(de)(de)机遇期(GDP)增长(2024)(注)客车(kèchē)(kèchē)出口\n标题\n"
    assert normalize(raw) == "标题\n\n发展的机遇期(GDP)增长(2024)(注)客车出口\n"


def test_clean_copy_is_a_fixed_point(raw_text: str) -> None:
    """Normalizing the normalized text changes nothing."""
    once = normalize(raw_text)
    assert normalize(once) == once


def test_empty_text_is_refused() -> None:
    """An empty copy is an error, not an empty article."""
    with pytest.raises(NormalizationError):
        normalize("\n \n")


@given(st.text(alphabet=st.sampled_from("聊城增长亿元()（）GDPabcdeāǎ0123,:“”、。"), max_size=60))
def test_normalizer_never_drops_chinese_or_non_gloss_parentheses(body: str) -> None:
    """Whatever the body, every Chinese character and every parenthesis that is not part of
    a pinyin gloss survives normalization.
    """
    body = body.replace(" ", "")
    raw = f"题目\n\n{body}\n题目\n" if body else "题目\n\n内容\n"
    out = normalize(raw)
    kept = PINYIN_GLOSS.sub("", body) if body else "内容"
    assert CJK.findall(out.split("\n\n", 1)[1]) == CJK.findall(kept)
    assert out.count("(") == kept.count("(") + "题目".count("(")


def test_fold_ignores_width_and_spacing() -> None:
    """Folding makes full-width and ASCII punctuation, and any white space, compare equal."""
    assert fold("一季度，全市 地区生产总值\n752.1亿元") == fold("一季度,全市地区生产总值752.1亿元")
