"""Every claim captured: numerals, the spans figures and exclusions cover, and the proposals
``liaocheng-data release exclusions`` writes (on release 1.0.0's article).
"""

import io
from pathlib import Path

import pytest

import liaocheng_data as ld
from liaocheng_data.__main__ import main
from liaocheng_data.completeness import (
    covered_spans,
    excluded_spans,
    numerals,
    propose_exclusions,
    uncaptured_problems,
    uncovered,
)
from liaocheng_data.models import Exclusion


def test_numerals_are_arabic_or_chinese_runs() -> None:
    """Arabic numbers (with decimals) and runs of Chinese numeral characters are numerals;
    other characters are not.
    """
    found = [n.text for n in numerals("超百万只,增长6.7%,数十台,第3,两座,聊城")]
    assert found == ["百万", "6.7", "数十", "3", "两"]


def test_an_exclusion_covers_its_numeral_in_every_occurrence_of_its_quote() -> None:
    """Each occurrence of the quote excludes the numeral inside it, and nothing else."""
    text = "这是一座城市。这是一座城市。一座"
    spans = excluded_spans(
        text, [Exclusion(source_id="s", numeral="一", quote="这是一座", reason="an article")]
    )
    assert spans == [(2, 3), (9, 10)]
    assert [n.start for n in uncovered(text, covered=[], excluded=spans)] == [14]


def test_accepting_the_proposed_exclusions_leaves_nothing_uncaptured(
    normalized_text: str,
) -> None:
    """On release 1.0.0, the proposals for every uncovered numeral, once accepted, cover
    every numeral that no figure or event captures, and each quote stands in the article.
    """
    rel = ld.release("1.0.0")
    (source,) = rel.sources
    covered = covered_spans([*rel.figures, *rel.events], source.id)
    proposed = propose_exclusions(
        normalized_text, source.id, covered=covered, excluded=[], reason="reviewed"
    )
    assert proposed and all(p.numeral in p.quote in normalized_text for p in proposed)
    assert uncaptured_problems(rel, {source.id: normalized_text}, [], where="x")
    assert uncaptured_problems(rel, {source.id: normalized_text}, proposed, where="x") == []


def test_release_exclusions_needs_data_format_3(
    release_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A release in format 1 or 2 has no exclusions table: one error line, exit 1."""
    assert main(["release", "exclusions", str(release_copy)], out=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert "exclusions are a table of data format 3" in err and err.count("\n") == 1


def test_one_proposal_per_numeral_its_quote_does_not_already_exclude() -> None:
    """A proposal whose quote holds a second numeral (一年一度) or occurs again excludes those
    too, so no second proposal is made for them.
    """
    text = "一年一度的盛会。一年一度的盛会。"
    proposed = propose_exclusions(text, "s", covered=[], excluded=[], reason="idiom")
    assert proposed == [
        Exclusion(source_id="s", numeral="一", quote="一年一度的盛会", reason="idiom")
    ]
    spans = excluded_spans(text, proposed)
    assert uncovered(text, covered=[], excluded=spans) == []


def test_a_numeral_inside_a_long_span_is_covered_despite_shorter_spans_after_it() -> None:
    """Containment looks at every span starting before the numeral, not only the nearest."""
    text = "甲乙丙丁12戊"
    found = uncovered(text, covered=[(0, 7), (3, 4)], excluded=[])
    assert found == []
    assert [n.text for n in uncovered(text, covered=[(0, 5), (3, 4)], excluded=[])] == ["12"]
