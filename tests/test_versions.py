"""diff across every table of a release, and history following renames both ways."""

import json
import shutil
from pathlib import Path

import pytest

import liaocheng_data as ld
from liaocheng_data.__main__ import main
from liaocheng_data.versions import diff, history, lineage

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "releases"


@pytest.fixture(scope="module")
def chain() -> "list[ld.Release]":
    return [ld.release("1.0.0"), ld.load_release(FIXTURES / "90.1.0"),
            ld.load_release(FIXTURES / "91.0.0")]  # fmt: skip


def test_history_of_a_new_id_reaches_back_through_the_rename(chain: "list[ld.Release]") -> None:
    """history() of the id a figure was renamed to shows its releases under the old id too."""
    entries = history("gdp-level-2025q1", releases=chain)
    assert [(e.version, e.status) for e in entries] == [
        ("1.0.0", "added"), ("90.1.0", "unchanged"), ("91.0.0", "renamed")
    ]  # fmt: skip
    assert [e.figure.id for e in entries if e.figure is not None] == [
        "gdp-2025q1", "gdp-2025q1", "gdp-level-2025q1"
    ]  # fmt: skip
    assert entries == history("gdp-2025q1", releases=chain)


def test_lineage_links_old_and_new_ids(chain: "list[ld.Release]") -> None:
    """An id's lineage holds the ids it had and has, whichever of them is asked for."""
    both = {"gdp-2025q1", "gdp-level-2025q1"}
    assert lineage("gdp-2025q1", chain) == lineage("gdp-level-2025q1", chain) == both
    assert lineage("gdp-growth-2025q1", chain) == {"gdp-growth-2025q1"}


def test_history_with_default_releases_pins_nothing_new() -> None:
    """history() over the available releases starts at 1.0.0 with the figure added."""
    first = history("gdp-2025q1")[0]
    assert (first.version, first.status) == ("1.0.0", "added")


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    """Release 90.1.0 with an event relabelled, an organisation added and a place renamed."""
    folder = tmp_path / "edited"
    shutil.copytree(FIXTURES / "90.1.0", folder)
    events = json.loads((folder / "events.json").read_text(encoding="utf-8"))
    events[0]["label_en"] = "A relabelled event"
    (folder / "events.json").write_text(json.dumps(events, ensure_ascii=False), encoding="utf-8")
    meta = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    meta["organisations"].append({"id": "new-org", "name_zh": "新机构", "name_en": "New org"})
    place = next(p for p in meta["places"] if p["id"] == "371581")
    place["name_en"] = "Linqing City"
    (folder / "release.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return folder


def test_diff_covers_events_places_and_organisations(edited: Path) -> None:
    """diff() reports a changed event, an added organisation and a changed place as records,
    each with its fields, and the figures that show the place's new name as changed.
    """
    d = diff(FIXTURES / "90.1.0", edited)
    event = ld.load_release(FIXTURES / "90.1.0").events[0]
    assert [(r.table, r.key, r.status) for r in d.records] == [
        ("event", event.id, "changed"),
        ("place", "371581", "changed"),
        ("organisation", "new-org", "added"),
    ]
    assert ("label_en", "A relabelled event") in [(f.field, f.new) for f in d.of("event")[0].fields]
    assert [(f.field, f.old, f.new) for f in d.of("place", "changed")[0].fields] == [
        ("name_en", "Linqing", "Linqing City")
    ]
    added = d.of("organisation", "added")[0]
    assert added.old is None and isinstance(added.new, ld.Entity)
    assert d.changed and all({f.field for f in c.fields} == {"place.name_en"} for c in d.changed)
    assert not d.empty and diff(edited, edited).empty


def test_diff_reports_a_changed_data_format(chain: "list[ld.Release]") -> None:
    """The release's own metadata is compared too: 1.0.0 (format 1) and 90.1.0 (format 3)."""
    (meta,) = diff(chain[0], chain[1]).of("metadata")
    assert [(f.field, f.old, f.new) for f in meta.fields] == [("format_version", 1, 3)]


def test_cli_diff_shows_records(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI diff prints record changes in text and JSON."""
    assert main(["diff", str(FIXTURES / "90.1.0"), str(edited)]) == 0
    out = capsys.readouterr().out
    assert "added    organisation new-org" in out
    assert "changed  place 371581" in out and "name_en: 'Linqing' -> 'Linqing City'" in out
    assert main(["diff", str(FIXTURES / "90.1.0"), str(edited), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)["records"]
    added = {"table": "organisation", "key": "new-org", "status": "added", "fields": []}
    added["reason"] = None  # the new release declares none
    assert added in records


def test_diff_covers_the_vocabularies(tmp_path: Path) -> None:
    """In data format 3, an added unit, a measure whose definition changed and an added topic
    are records of the diff, each under its table.
    """
    folder = tmp_path / "vocab"
    shutil.copytree(FIXTURES / "90.1.0", folder)
    meta = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    meta["units"].append({"code": "m2", "kind": "quantity", "zh": "平方米", "en": "square metre"})
    level = next(m for m in meta["measures"] if m["id"] == "level")
    level["definition"] = "A stock or total."
    meta["topics"].append(
        {"id": "housing", "zh": "住房", "en": "housing", "definition": "Homes built or sold."}
    )
    (folder / "release.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    d = diff(FIXTURES / "90.1.0", folder)
    assert [(r.table, r.key, r.status) for r in d.records] == [
        ("unit", "m2", "added"),
        ("measure", "level", "changed"),
        ("topic", "housing", "added"),
    ]
    assert [(f.field, f.new) for f in d.of("measure")[0].fields] == [
        ("definition", "A stock or total.")
    ]
