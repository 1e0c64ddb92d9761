"""The maintainer's commands (``liaocheng-data release ...``), run as a maintainer runs them.

The end-to-end test makes a further release from the shipped 1.0.0 in a scratch directory:
a second source, a rename, a retraction, an added figure and a corrected one, then locate,
changes, the reasons filled in, validate and diff. The version is 90.1.0, which no real
release will ever have.
"""

import io
import json
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import liaocheng_data as ld
from liaocheng_data.__main__ import main
from liaocheng_data.maintain import TODO, locate_quotes, record_changes, todo_problems
from liaocheng_data.sourcetext import normalize_plain

REPO = Path(__file__).resolve().parent.parent
SHIPPED_1_0_0 = REPO / "src" / "liaocheng_data" / "data" / "releases" / "1.0.0"

#: A second source, made up for the test (it is no real article): a clean copy with CRLF
#: line ends and a BOM, which the plain normalizer removes.
COPY = "\ufeff测试来源标题\r\n\r\n这是测试用的文本,某指标增长12.5%。\r\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Tuple[int, str, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue(), capsys.readouterr().err


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def snapshot(folder: Path) -> Dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def fill_placeholders(value: Any, text: str) -> Any:
    """Every TODO placeholder replaced by ``text``: what the maintainer types."""
    if isinstance(value, dict):
        return {k: fill_placeholders(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_placeholders(v, text) for v in value]
    return text if isinstance(value, str) and value.startswith(TODO) else value


def test_a_release_made_with_the_commands_validates_and_diffs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """init, add-source, rename, edits, locate and changes --write give, once the reasons are
    written, a release that validates and whose diff shows each change with its reason.
    """
    d = tmp_path / "next"
    status, out, _ = run(capsys, "release", "init", str(d), "--from", "1.0.0",
                         "--version", "90.1.0", "--date", "2026-12-01")  # fmt: skip
    assert status == 0 and "90.1.0" in out
    meta = read(d / "release.json")
    assert (meta["version"], meta["previous_version"], meta["date"]) == ("90.1.0", "1.0.0",
                                                                         "2026-12-01")  # fmt: skip
    assert meta["format_version"] == ld.models.DATA_FORMAT_VERSION == 4
    assert meta["changes"] == [] and meta["exclusions"] == []
    assert all("quote_start" in f for f in read(d / "figures.json"))  # the newest layout

    copy = tmp_path / "copy.txt"
    copy.write_bytes(COPY.encode("utf-8"))
    argv = ("release", "add-source", str(d), str(copy), "--id", "test-source",
            "--title", "测试来源标题", "--author", "张三", "--date", "2026-11-30")  # fmt: skip
    status, out, _ = run(capsys, *argv)
    assert status == 0 and "test-source" in out
    # every placeholder is listed, the author's included
    assert (
        "fill in title_en, publisher_zh, publisher_en, publisher_place, placement, "
        "authors[0].name_en, authors[0].family_en, authors[0].given_en, authors[0].role, "
        "language, copy_held, rights" in out
    )
    text = (d / "sources" / "test-source.txt").read_text(encoding="utf-8")
    assert text == "测试来源标题\n\n这是测试用的文本,某指标增长12.5%。\n"
    (source,) = [s for s in read(d / "release.json")["sources"] if s["id"] == "test-source"]
    assert source["sha256"] == ld._resources.sha256(text.encode("utf-8"))
    assert source["date"] == "2026-11-30" and source["authors"][0]["name_zh"] == "张三"
    assert source["normalizer"] == "plain"  # so that verify normalizes a reader's copy alike
    assert source["language"].startswith(TODO) and source["rights"].startswith(TODO)
    assert not (d / "sources" / "copy.txt").exists()
    before = snapshot(d)
    assert run(capsys, *argv)[0] == 0
    assert snapshot(d) == before  # rerun: nothing changes

    status, out, _ = run(capsys, "release", "rename", str(d), "gdp-2025q1", "gdp-level-2025q1")
    assert status == 0 and "gdp-level-2025q1" in out
    meta = read(d / "release.json")
    assert meta["aliases"][-1]["old_id"] == "gdp-2025q1"
    assert meta["aliases"][-1]["new_id"] == "gdp-level-2025q1"
    assert meta["aliases"][-1]["since"] == "90.1.0"
    (change,) = meta["changes"]
    assert (change["kind"], change["id"], change["old_id"]) == ("renamed", "gdp-level-2025q1",
                                                                "gdp-2025q1")  # fmt: skip
    before = snapshot(d)
    assert run(capsys, "release", "rename", str(d), "gdp-2025q1", "gdp-level-2025q1")[0] == 0
    assert snapshot(d) == before

    # The edits only a person can make: retract one figure, correct one, add one.
    figures: List[Dict[str, Any]] = read(d / "figures.json")
    figures = [f for f in figures if f["id"] != "bearing-cluster-scale-target"]
    for f in figures:
        if f["id"] == "inspur-liaocheng-base-time-to-production":
            f["note"] = "Corrected note."
    new = {k: v for k, v in figures[1].items() if k not in ("quote_start", "quote_end")}
    new.update(id="test-indicator-growth", indicator="test-indicator-growth",
               label_zh="某指标增速", label_en="Growth of an indicator (test)",
               source_id="test-source", quote="某指标增长12.5%", literal="12.5%",
               value="12.5", note="")  # fmt: skip
    figures.append(new)
    write(d / "figures.json", figures)
    meta = read(d / "release.json")  # a new topic is a data change: a row of the release
    meta["topics"].append({"id": "test-topic", "zh": "测试", "en": "test",
                           "definition": "Figures of the test source."})  # fmt: skip
    write(d / "release.json", meta)
    new["topics"] = ["test-topic"]
    write(d / "figures.json", figures)

    status, out, _ = run(capsys, "release", "locate", str(d))
    assert status == 0 and "test-indicator-growth" in out
    (added,) = [f for f in read(d / "figures.json") if f["id"] == "test-indicator-growth"]
    assert text[added["quote_start"] : added["quote_end"]] == "某指标增长12.5%"
    before = snapshot(d)
    assert run(capsys, "release", "locate", str(d))[0] == 0
    assert snapshot(d) == before

    status, out, _ = run(capsys, "release", "changes", str(d))
    assert status == 0 and "would write" in out and "retracted" in out
    assert snapshot(d) == before  # without --write, nothing is written
    assert run(capsys, "release", "changes", str(d), "--write")[0] == 0
    meta = read(d / "release.json")
    kinds = sorted((c.get("table", "figure"), c["kind"], c["id"]) for c in meta["changes"])
    assert kinds == [  # data format 4: the new source and topic are declared too
        ("figure", "added", "test-indicator-growth"),
        ("figure", "corrected", "inspur-liaocheng-base-time-to-production"),
        ("figure", "renamed", "gdp-level-2025q1"),
        ("figure", "retracted", "bearing-cluster-scale-target"),
        ("source", "added", "test-source"),
        ("topic", "added", "test-topic"),
    ]
    assert meta["retractions"] == [{"id": "bearing-cluster-scale-target", "since": "90.1.0",
                                    "reason": meta["retractions"][0]["reason"]}]  # fmt: skip
    assert all(c["reason"].startswith(TODO) for c in meta["changes"])
    # every numeral a figure or an exclusion with a reason (data format 3)
    assert run(capsys, "release", "exclusions", str(d), "--write")[0] == 0
    meta = read(d / "release.json")
    assert meta["exclusions"] and all(e["reason"].startswith(TODO) for e in meta["exclusions"])

    status, _, err = run(capsys, "validate", str(d))
    assert status == 1
    assert f"{d / 'release.json'}: change added 'test-indicator-growth': reason: " in err
    assert f"{d / 'release.json'}: source 'test-source': language: " in err

    # The maintainer writes the reasons of the changes; the retraction's and the alias's
    # placeholders take them on the next run, and written reasons are kept.
    for c in meta["changes"]:
        c["reason"] = f"reason for {c['id']}"
    write(d / "release.json", meta)
    assert run(capsys, "release", "changes", str(d), "--write")[0] == 0
    meta = read(d / "release.json")
    assert [c["reason"] for c in meta["changes"]] == [f"reason for {c['id']}"
                                                      for c in meta["changes"]]  # fmt: skip
    assert meta["retractions"][0]["reason"] == "reason for bearing-cluster-scale-target"
    assert meta["aliases"][-1]["reason"] == "reason for gdp-level-2025q1"
    write(d / "release.json", fill_placeholders(meta, "filled in by the maintainer"))
    assert todo_problems(d) == []

    status, out, err = run(capsys, "validate", str(d))
    assert (status, err) == (0, "")
    assert "valid data release 90.1.0" in out
    status, out, _ = run(capsys, "diff", "1.0.0", str(d))
    assert status == 0
    assert "renamed  gdp-2025q1 -> gdp-level-2025q1   [renamed: reason for gdp-level-2025q1]" in out
    assert "added    test-indicator-growth   [added: reason for test-indicator-growth]" in out
    assert "removed  bearing-cluster-scale-target" in out
    assert "changed  inspur-liaocheng-base-time-to-production" in out
    assert "added    source test-source   [added: reason for test-source]" in out
    assert "added    topic test-topic   [added: reason for test-topic]" in out
    rel = ld.load_release(d)
    assert rel.get("test-indicator-growth").base_value == 12.5
    assert len(rel.sources) == 2
    assert rel.get("test-indicator-growth").topics == ("test-topic",)


@pytest.fixture
def started(tmp_path: Path) -> Path:
    """A release 90.1.0 just started from 1.0.0."""
    d = tmp_path / "next"
    assert main(["release", "init", str(d), "--from", "1.0.0", "--version", "90.1.0"],
                out=io.StringIO()) == 0  # fmt: skip
    return d


def test_init_refuses_a_non_empty_directory(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Init never overwrites: a non-empty directory is one error line and exit 1."""
    before = snapshot(started)
    status, _, err = run(capsys, "release", "init", str(started), "--from", "1.0.0",
                         "--version", "90.2.0")  # fmt: skip
    assert status == 1
    assert (
        err == f"liaocheng-data: error: {started}: not an empty directory; init never overwrites\n"
    )
    assert snapshot(started) == before


def test_init_from_a_directory_takes_its_version_from_release_json(
    started: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --from with a path separator is a directory, whatever its name; its release.json
    gives previous_version, and the date defaults to today.
    """
    oddly_named = tmp_path / "whatever"
    started.rename(oddly_named)
    status, _, _ = run(capsys, "release", "init", str(tmp_path / "after"), "--from",
                       str(oddly_named), "--version", "90.2.0")  # fmt: skip
    assert status == 0
    meta = read(tmp_path / "after" / "release.json")
    assert meta["previous_version"] == "90.1.0"
    assert meta["date"] == date.today().isoformat()


def test_init_refuses_an_unknown_or_older_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unavailable --from or a version not newer than it is one error line; nothing is
    created.
    """
    status, _, err = run(capsys, "release", "init", str(tmp_path / "a"), "--from", "9.9.9",
                         "--version", "90.1.0")  # fmt: skip
    assert status == 1 and "no data release '9.9.9'" in err and err.count("\n") == 1
    status, _, err = run(capsys, "release", "init", str(tmp_path / "a"), "--from", "1.0.0",
                         "--version", "1.0.0")  # fmt: skip
    assert status == 1 and "not newer than 1.0.0" in err
    assert not (tmp_path / "a").exists()


def test_locate_refuses_an_ambiguous_quote_listing_positions(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quote found twice without offsets pointing at one occurrence is refused with the
    positions to choose from, and no file is written.
    """
    figures = read(started / "figures.json")
    text = (started / "sources" / "dzrb-2025-06-04.txt").read_text(encoding="utf-8")
    figures[0]["quote"], figures[0]["quote_start"] = "千亿", 0
    write(started / "figures.json", figures)
    before = snapshot(started)
    status, _, err = run(capsys, "release", "locate", str(started))
    positions = []
    at = text.find("千亿")
    while at >= 0:
        positions.append(str(at))
        at = text.find("千亿", at + 1)
    assert status == 1 and len(positions) > 1
    assert err == (
        f"{started / 'figures.json'}: figure 'gdp-2025q1': quote: '千亿' occurs "
        f"{len(positions)} times in source 'dzrb-2025-06-04', at {', '.join(positions)}: "
        "lengthen the quote or set quote_start to one of them\n"
    )
    assert snapshot(started) == before
    figures[0]["quote_start"] = int(positions[1])  # the maintainer chooses
    write(started / "figures.json", figures)
    assert locate_quotes(started) == [
        f"{started / 'figures.json'}: figure 'gdp-2025q1': quote_start: "
        f"{positions[1]}..{figures[0]['quote_end']} -> {positions[1]}..{int(positions[1]) + 2}"
    ]


def test_locate_relocates_a_stale_event_offset(started: Path) -> None:
    """An event's offsets that no longer point at its quote are moved to its occurrence."""
    events = read(started / "events.json")
    right = events[0]["provenance"]["start"]
    events[0]["provenance"]["start"] = right + 3
    write(started / "events.json", events)
    assert len(locate_quotes(started, write=False)) == 1
    assert read(started / "events.json")[0]["provenance"]["start"] == right + 3
    locate_quotes(started)
    assert read(started / "events.json")[0]["provenance"]["start"] == right


def test_locate_check_exits_1_when_an_offset_would_change(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Locate with --check writes nothing and fails when an offset is stale (CI's check)."""
    assert run(capsys, "release", "locate", str(started), "--check")[0] == 0
    figures = read(started / "figures.json")
    figures[0]["quote_start"] += 1
    write(started / "figures.json", figures)
    before = snapshot(started)
    status, _, err = run(capsys, "release", "locate", str(started), "--check")
    assert status == 1 and "would change" in err
    assert snapshot(started) == before


def test_changes_never_guesses_a_rename(started: Path) -> None:
    """An id changed by hand is a retraction plus an addition, not a rename."""
    figures = read(started / "figures.json")
    figures[0]["id"] = "gdp-level-2025q1"
    write(started / "figures.json", figures)
    lines = record_changes(started, write=True)
    kinds = {(c["kind"], c["id"]) for c in read(started / "release.json")["changes"]}
    assert kinds == {("added", "gdp-level-2025q1"), ("retracted", "gdp-2025q1")}
    # two changes, one retraction, one reminder to write reasons; the release's format_version
    # changed too (1 -> 4: init writes the newest format), which is bookkeeping, not a change
    assert len(lines) == 4, lines
    assert not any("metadata" in line for line in lines)


def test_changes_drops_an_entry_no_difference_supports(started: Path) -> None:
    """A change whose difference was undone is dropped on the next run; others are kept."""
    figures = read(started / "figures.json")
    original = figures[0]["note"]
    figures[0]["note"] = "changed"
    write(started / "figures.json", figures)
    record_changes(started, write=True)
    assert [c["kind"] for c in read(started / "release.json")["changes"]] == ["corrected"]
    figures[0]["note"] = original
    write(started / "figures.json", figures)
    record_changes(started, write=True)
    assert read(started / "release.json")["changes"] == []


def test_rename_of_a_figure_added_in_this_release_writes_no_alias(started: Path) -> None:
    """A figure no release has published changes id without an alias; its 'added' entry
    follows it.
    """
    figures = read(started / "figures.json")
    extra = dict(figures[0], id="brand-new")
    write(started / "figures.json", [*figures, extra])
    record_changes(started, write=True)
    main(["release", "rename", str(started), "brand-new", "brand-new-2"], out=io.StringIO())
    meta = read(started / "release.json")
    assert meta["aliases"] == read(SHIPPED_1_0_0 / "release.json").get("aliases", [])
    assert [(c["kind"], c["id"]) for c in meta["changes"]] == [("added", "brand-new-2")]


def test_renaming_twice_keeps_one_alias_from_the_published_id(started: Path) -> None:
    """Renaming A to B then B to C in one release leaves one alias A -> C and one change."""
    main(["release", "rename", str(started), "gdp-2025q1", "gdp-b", "--reason", "why"],
         out=io.StringIO())  # fmt: skip
    main(["release", "rename", str(started), "gdp-b", "gdp-c"], out=io.StringIO())
    meta = read(started / "release.json")
    assert meta["aliases"] == [
        {"old_id": "gdp-2025q1", "new_id": "gdp-c", "since": "90.1.0", "reason": "why"}
    ]
    assert meta["changes"] == [
        {"kind": "renamed", "id": "gdp-c", "old_id": "gdp-2025q1", "reason": "why"}
    ]


def test_rename_errors_are_one_line(started: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown figure or a taken id is one error line and exit 1."""
    status, _, err = run(capsys, "release", "rename", str(started), "no-such", "x")
    assert (status, err) == (1, f"liaocheng-data: error: {started / 'figures.json'}: no figure "
                                "'no-such'\n")  # fmt: skip
    status, _, err = run(capsys, "release", "rename", str(started), "gdp-2025q1",
                         "gdp-growth-2025q1")  # fmt: skip
    assert status == 1 and "already a figure's id" in err and err.count("\n") == 1


def test_validate_names_file_record_and_field_of_a_placeholder(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A TODO left in figures.json fails validate, naming the file, the figure and the field."""
    figures = read(started / "figures.json")
    figures[2]["note"] = "TODO: say which year"
    write(started / "figures.json", figures)
    status, _, err = run(capsys, "validate", str(started))
    assert status == 1
    assert err.splitlines()[0] == (f"liaocheng-data: error: {started / 'figures.json'}: figure "
                                   f"{figures[2]['id']!r}: note: placeholder left: "
                                   "'TODO: say which year'")  # fmt: skip


def test_add_source_repost_normalizer_matches_the_archive(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The repost normalizer applied to the raw copy gives the archived normalized text."""
    raw = REPO / "sources" / "dzrb-2025-06-04" / "raw.txt"
    status, _, _ = run(capsys, "release", "add-source", str(started), str(raw), "--id",
                       "dzrb-copy", "--title", "标题", "--normalizer", "repost")  # fmt: skip
    assert status == 0
    assert (started / "sources" / "dzrb-copy.txt").read_bytes() == (
        SHIPPED_1_0_0 / "sources" / "dzrb-2025-06-04.txt"
    ).read_bytes()


def test_add_source_refuses_a_copy_that_is_not_utf8(
    started: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy in another encoding is one error line and nothing is written."""
    copy = tmp_path / "gbk.txt"
    copy.write_bytes("标题\n\n正文".encode("gbk"))
    before = snapshot(started)
    status, _, err = run(capsys, "release", "add-source", str(started), str(copy), "--id",
                         "x", "--title", "标题")  # fmt: skip
    assert (status, err) == (1, f"liaocheng-data: error: {copy}: not UTF-8 text\n")
    assert snapshot(started) == before


def test_plain_normalizer_keeps_words_and_line_breaks() -> None:
    """The plain normalizer changes line ends, BOM, NFC form and trailing blanks only."""
    assert normalize_plain("\ufeffA\u0301 \r\nB\rC\n\n\n") == "\u00c1\nB\nC\n"


def test_changes_lists_every_problem_of_a_release_that_does_not_load(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the edited release does not validate, changes prints each problem on its own
    line (naming the file, figure and field), exits 1 and writes nothing.
    """
    figures = read(started / "figures.json")
    figures[0]["value"] = 752.1
    figures[1]["scale"] = "8"
    write(started / "figures.json", figures)
    before = snapshot(started)
    status, _, err = run(capsys, "release", "changes", str(started), "--write")
    assert status == 1
    lines = err.splitlines()
    assert any("figure 'gdp-2025q1': value" in line for line in lines)
    assert any(f"figure {figures[1]['id']!r}: scale" in line for line in lines)
    assert all(str(started) in line for line in lines)  # the maintainer's directory, no copy
    assert snapshot(started) == before


def test_add_source_rerun_replaces_a_changed_text(
    started: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Adding a source again with a new copy replaces its text and hash and keeps the facts
    written by hand.
    """
    copy = tmp_path / "copy.txt"
    copy.write_text("标题\n\n第一版\n", encoding="utf-8")
    argv = ("release", "add-source", str(started), str(copy), "--id", "s2", "--title", "标题")
    assert run(capsys, *argv)[0] == 0
    meta = read(started / "release.json")
    meta["sources"][-1]["language"] = "zh-Hans"
    write(started / "release.json", meta)
    copy.write_text("标题\n\n第二版\n", encoding="utf-8")
    status, out, _ = run(capsys, *argv)
    assert status == 0 and "sha256" in out
    (source,) = [s for s in read(started / "release.json")["sources"] if s["id"] == "s2"]
    assert source["language"] == "zh-Hans"
    assert source["sha256"] == ld._resources.sha256("标题\n\n第二版\n".encode())
    assert (started / "sources" / "s2.txt").read_text(encoding="utf-8") == "标题\n\n第二版\n"


def test_validate_reports_each_numeral_no_figure_captures(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A format 3 release without exclusions fails validate with one line per uncaptured
    numeral (1.0.0's article has 2024年 twice, no figure); listing them as excluded with a
    reason makes it pass.
    """
    status, _, err = run(capsys, "validate", str(started))
    assert status == 1
    lines = err.splitlines()
    where = f"liaocheng-data: error: {started / 'release.json'}: source 'dzrb-2025-06-04': numeral "
    assert all(line.startswith(where) for line in lines)
    assert len([line for line in lines if line.startswith(where + "'2024'")]) == 2
    assert run(capsys, "release", "exclusions", str(started), "--write")[0] == 0
    meta = read(started / "release.json")
    assert len(meta["exclusions"]) < len(lines)  # one quote can exclude several numerals
    write(started / "release.json", fill_placeholders(meta, "not a claim (test)"))
    assert run(capsys, "validate", str(started))[:3:2] == (0, "")


def test_changes_against_an_unpublished_previous_release_needs_its_directory(
    started: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A release started from a directory whose version is not installed says to pass
    --previous DIR, and with it records the differences from that directory.
    """
    after = tmp_path / "after"
    assert run(capsys, "release", "init", str(after), "--from", str(started),
               "--version", "90.2.0")[0] == 0  # fmt: skip
    figures = read(after / "figures.json")
    write(after / "figures.json", figures[1:])
    status, _, err = run(capsys, "release", "changes", str(after))
    assert status == 1
    assert err == (f"liaocheng-data: error: {after / 'release.json'}: previous_version: 90.1.0 "
                   "is not available here; pass --previous DIR\n")  # fmt: skip
    status, _, _ = run(capsys, "release", "changes", str(after), "--write",
                       "--previous", str(started))  # fmt: skip
    assert status == 0
    meta = read(after / "release.json")
    assert [(c["kind"], c["id"]) for c in meta["changes"]] == [("retracted", figures[0]["id"])]
    assert meta["retractions"][-1]["since"] == "90.2.0"


def test_locate_reads_no_text_outside_the_release(
    started: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A source text path that leaves the release is not read: its quotes have no text."""
    outside = tmp_path / "outside.txt"
    outside.write_text((started / "sources" / "dzrb-2025-06-04.txt").read_text("utf-8"), "utf-8")
    meta = read(started / "release.json")
    meta["sources"][0]["text"] = "../outside.txt"
    write(started / "release.json", meta)
    status, _, err = run(capsys, "release", "locate", str(started))
    assert status == 1
    assert "source_id: no text for source 'dzrb-2025-06-04'" in err.splitlines()[0]
