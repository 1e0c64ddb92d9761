"""The maintainer's guide (docs/adding-a-release.md), run as written.

The test reads the guide's command lines, in order, fills in its placeholders (``DIR``,
``X.Y.Z``, ``FILE`` ...) and runs them, making between them only the edits the guide asks a
person to make by hand. The release it makes from 1.1.0 holds a second source, a rename, a
retraction, and a new figure with a new unit and a new topic; it must validate, diff, show the
renamed figure's history and verify a reader's copy of the new source. A command added to,
removed from or reordered in the guide fails here until the test follows it.
"""

import io
import json
import re
import shlex
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

import liaocheng_data as ld
from liaocheng_data import api
from liaocheng_data.__main__ import main

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "adding-a-release.md"
VERSION = "92.0.0"  # a fixture version: no real release will ever have it
OLD_ID = "cross-border-ecommerce-trade-growth-2025q1"
NEW_ID = "cross-border-e-commerce-trade-growth-2025q1"
RETRACTED = "xinfa-cooling-tower-size-rank"
#: A made-up second source (no real article), as a reader's clean copy.
COPY = "某县新闻标题\n\n今年前三季度,某县新能源汽车产量增长15.2%,达到3.4万辆。\n"

#: The command lines the guide gives, in its order, as this test runs them.
EXPECTED_STEPS = [
    "release init",
    "release add-source",
    "release rename",
    "release locate",
    "release changes",
    "release changes",
    "release changes",
    "release exclusions",
    "validate",
    "diff",
    "history",
]


def guide_commands() -> List[str]:
    """The ``liaocheng-data`` command lines of the guide's shell blocks up to step 7 (shipping
    into the package, which a test must not do), continuations joined."""
    text = GUIDE.read_text(encoding="utf-8").split("\n## 7.", 1)[0]
    commands = []
    for block in re.findall(r"^[ \t]*```sh\n(.*?)^[ \t]*```", text, re.M | re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = line.split(" #", 1)[0].strip()
            if line.startswith("liaocheng-data "):
                commands.append(line)
    return commands


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _fill_todos(value: Any, text: str) -> Any:
    if isinstance(value, dict):
        return {k: _fill_todos(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_todos(v, text) for v in value]
    return text if isinstance(value, str) and value.startswith("TODO:") else value


def test_the_guide_lists_the_steps_this_test_follows() -> None:
    """The guide's command lines are, in order, the steps run below."""
    steps = [" ".join(shlex.split(c)[1:3]).replace(" DIR", "") for c in guide_commands()]
    steps = [s.replace(" OLD-ID", "") for s in steps]
    steps = [s if s.startswith("release") else s.split()[0] for s in steps]
    assert steps == EXPECTED_STEPS


def test_following_the_guide_makes_a_release_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command of the guide exits 0 in turn, and the release it makes validates, diffs,
    keeps the renamed figure's history and verifies a reader's copy of its second source."""
    d = tmp_path / "release"
    copy = tmp_path / "county-news.txt"
    copy.write_text(COPY, encoding="utf-8")
    values = {
        "DIR": str(d),
        "X.Y.Z": VERSION,
        "FILE": str(copy),
        "SOURCE-ID": "county-news",
        "TITLE": "某县新闻标题",
        "NAME": "张三",
        "PUBLISHER": "某县融媒体中心",
        "YYYY-MM-DD": "2026-11-30",
        "URL": "https://example.org/county-news",
        "OLD-ID": OLD_ID,
        "NEW-ID": NEW_ID,
    }

    def source_facts() -> None:  # what only the maintainer knows about the source
        meta = _read(d / "release.json")
        meta["sources"] = _fill_todos(meta["sources"], "zh-Hans")
        _write(d / "release.json", meta)

    def edit_figures() -> None:  # step 3: retract one, add one with a new unit and topic
        meta = _read(d / "release.json")
        meta["units"].append({"code": "{car}", "kind": "count", "zh": "辆", "en": "cars"})
        meta["topics"].append(
            {
                "id": "new-energy-vehicles",
                "zh": "新能源汽车",
                "en": "new-energy vehicles",
                "definition": "Output and sales of new-energy vehicles.",
            }
        )
        _write(d / "release.json", meta)
        figures: List[Dict[str, Any]] = _read(d / "figures.json")
        figures = [f for f in figures if f["id"] != RETRACTED]
        new = {k: v for k, v in figures[0].items() if k not in ("quote_start", "quote_end")}
        new.update(
            id="county-nev-output-2025q1-q3",
            label_zh="新能源汽车产量",
            label_en="New-energy vehicle output (our translation)",
            indicator="nev-output",
            measure="level",
            value="3.4",
            scale=4,
            unit_code="{car}",
            unit_zh="辆",
            qualifier="exact",
            period_start="2025-01-01",
            period_end="2025-09-30",
            period_label="今年前三季度",
            place="371500",
            entity=None,
            rank_scope=None,
            source_id="county-news",
            quote="达到3.4万辆",
            literal="3.4万辆",
            topics=["new-energy-vehicles"],
            note="Test data.",
            corroborated_by=[],
        )
        figures.append(new)
        _write(d / "figures.json", figures)

    def reasons(field: str) -> Callable[[], None]:
        def write() -> None:
            meta = _read(d / "release.json")
            for item in meta[field]:
                item["reason"] = f"reason written by the maintainer ({field})"
            _write(d / "release.json", meta)

        return write

    after: Dict[int, Callable[[], None]] = {
        1: source_facts,
        2: edit_figures,
        5: reasons("changes"),
        7: reasons("exclusions"),
    }
    # The guide starts from 1.1.0; a later shipped release (which may retract the renamed
    # figure) must not change what `history --with DIR` shows, so the installed releases
    # are those the guide was written against.
    monkeypatch.setattr(api, "releases", lambda: ("1.0.0", "1.1.0"))
    commands = guide_commands()
    assert len(commands) == len(EXPECTED_STEPS)
    for i, command in enumerate(commands):
        argv = [values.get(w, w) for w in shlex.split(command)[1:]]
        out = io.StringIO()
        status = main(argv, out)
        assert status == 0, f"{command}: {out.getvalue()}{capsys.readouterr().err}"
        if i in after:
            after[i]()
    # the history line shows the renamed figure in the new release
    assert f"{VERSION}    renamed    {NEW_ID}" in out.getvalue()

    rel = ld.load_release(d)
    assert rel.version == VERSION and len(rel.sources) == 2
    added = rel.get("county-nev-output-2025q1-q3")
    assert added.base_value == 34000 and added.unit.en == "cars" and added.unit.kind == "count"
    assert [t.id for t in rel.topics][-1] == "new-energy-vehicles"
    diff = ld.diff("1.1.0", rel)
    assert (OLD_ID, NEW_ID) in diff.renamed
    # data format 4: the new source, unit and topic are declared changes with their reasons
    records = {(c.table, c.kind, c.id) for c in rel.changes if c.table != "figure"}
    assert records == {("source", "added", "county-news"), ("unit", "added", "{car}"),
                       ("topic", "added", "new-energy-vehicles")}  # fmt: skip
    (source,) = diff.of("source", "added")
    assert diff.reason_of(source) == "added: reason written by the maintainer (changes)"
    assert RETRACTED in {f.id for f in diff.removed}
    history = ld.history(OLD_ID, releases=["1.0.0", "1.1.0", rel])
    assert [e.status for e in history][-1] == "renamed"
    assert history[-1].figure is not None and history[-1].figure.id == NEW_ID
    report = ld.verify(source=copy, source_id="county-news", release=rel)
    assert not report.problems
