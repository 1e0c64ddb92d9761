"""Data format 4: a release declares the changes of every table, not only of its figures.

Each test starts a release 92.1.0 (a version no real release will ever have) from the shipped
1.1.0 with ``liaocheng-data release init``, edits it as a maintainer would, and checks what
``release changes``, the loader and ``check_changes`` make of it. Expected entries are typed
by hand from the edits.
"""

import io
import json
import shutil
from pathlib import Path
from typing import Any, Callable, Dict, List, Set, Tuple

import pydantic
import pytest

import liaocheng_data as ld
from liaocheng_data.__main__ import main
from liaocheng_data.maintain import TODO, record_changes
from liaocheng_data.models import Change
from liaocheng_data.versions import check_changes, diff, required_bump

REPO = Path(__file__).resolve().parent.parent
SHIPPED_1_1_0 = REPO / "src" / "liaocheng_data" / "data" / "releases" / "1.1.0"

EVENT = "zhongtong-chile-export-ceremony-2025"


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def edit(path: Path, change: Callable[[Any], None]) -> None:
    data = read(path)
    change(data)
    write(path, data)


def declared(folder: Path) -> Set[Tuple[str, str, str]]:
    return {
        (c.get("table", "figure"), c["kind"], c["id"])
        for c in read(folder / "release.json")["changes"]
    }


@pytest.fixture
def started(tmp_path: Path) -> Path:
    """Release 92.1.0 just started from the shipped 1.1.0 (data format 3)."""
    folder = tmp_path / "92.1.0"
    argv = ["release", "init", str(folder), "--from", "1.1.0", "--version", "92.1.0",
            "--date", "2026-12-01"]  # fmt: skip
    assert main(argv, out=io.StringIO()) == 0
    return folder


def test_a_release_started_from_format_3_is_format_4_and_declares_nothing(started: Path) -> None:
    """Init writes data format 4; the format number is bookkeeping, so an unedited release
    implies no change and checks clean against 1.1.0."""
    assert read(started / "release.json")["format_version"] == 4
    assert record_changes(started, write=True) == []
    assert read(started / "release.json")["changes"] == []
    assert check_changes("1.1.0", ld.load_release(started)) == ([], [])


def _edit_every_table(folder: Path) -> None:
    """A corrected event, source, place, measure and title, and an added unit."""

    def events(data: List[Dict[str, Any]]) -> None:
        (event,) = [e for e in data if e["id"] == EVENT]
        event["note"] = "A corrected note (test)."

    def meta(data: Dict[str, Any]) -> None:
        data["title"] = "A corrected title (test)"
        data["sources"][0]["title_en"] = "A corrected English title (test)"
        (place,) = [p for p in data["places"] if p["id"] == "371525"]  # no figure's place
        place["name_en"] += " (test)"
        (measure,) = [m for m in data["measures"] if m["id"] == "level"]
        measure["definition"] = "A corrected definition (test)."
        data["units"].append({"code": "{test}", "kind": "count", "zh": "个", "en": "item (test)"})

    edit(folder / "events.json", events)
    edit(folder / "release.json", meta)


def test_changes_write_declares_the_records_of_every_table(started: Path) -> None:
    """``release changes --write`` declares each changed or added record with its table, a
    placeholder reason each; once the reasons are written the release validates, its declared
    changes check clean, and diff shows each record with its reason."""
    _edit_every_table(started)
    lines = record_changes(started, write=True)
    assert declared(started) == {
        ("event", "corrected", EVENT),
        ("source", "corrected", "dzrb-2025-06-04"),
        ("place", "corrected", "371525"),
        ("unit", "added", "{test}"),
        ("measure", "corrected", "level"),
        ("metadata", "corrected", "title"),
    }
    assert f"{started / 'release.json'}: changes: corrected event {EVENT!r}" in lines
    changes = read(started / "release.json")["changes"]
    assert all(c["reason"].startswith(TODO) for c in changes)
    assert list(changes[0]) == ["kind", "table", "id", "reason"]

    def reasons(data: Dict[str, Any]) -> None:
        for c in data["changes"]:
            c["reason"] = f"reason for {c['table']} {c['id']}"

    edit(started / "release.json", reasons)
    assert record_changes(started, write=True) == []  # rerun: reasons kept, nothing to do
    out = io.StringIO()
    assert main(["validate", str(started)], out=out) == 0, out.getvalue()
    rel = ld.load_release(started)
    assert check_changes("1.1.0", rel) == ([], [])
    out = io.StringIO()
    assert main(["diff", "1.1.0", str(started)], out=out) == 0
    text = out.getvalue()
    assert f"changed  event {EVENT}   [corrected: reason for event {EVENT}]" in text
    assert "added    unit {test}   [added: reason for unit {test}]" in text
    assert "changed  metadata release.json   [title: corrected: reason for metadata title]" in text
    assert not any(line.startswith("note:") for line in text.splitlines())


def test_diff_says_when_a_release_predates_record_reasons(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """1.1.0 (data format 3) declares reasons for its figures only: diff says so after its
    record changes, and its JSON says ``declares_records: false``; its exclusions show their
    own reasons."""
    assert main(["diff", "1.0.0", "1.1.0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (  # an exclusion carries its own reason, in every format
        "added    exclusion dzrb-2025-06-04 | 一 | 这是一座“低调”且被“低估”的城市   "
        "[excluded: 一座 is the indefinite article (a city), not a count]"
    ) in lines
    last = lines[-1]
    assert last == ("note: data release 1.1.0 predates data format 4, so it declares reasons "
                    "for changed figures only")  # fmt: skip
    assert main(["diff", "1.0.0", "1.1.0", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["declares_records"] is False


def test_an_undeclared_or_unreal_record_change_is_a_problem(started: Path) -> None:
    """check_changes names a record change the release does not declare, and a declared one
    that did not happen."""
    _edit_every_table(started)
    record_changes(started, write=True)

    def tamper(data: Dict[str, Any]) -> None:
        data["changes"] = [c for c in data["changes"] if c.get("table") != "event"]
        data["changes"].append({"kind": "corrected", "table": "organisation",
                                "id": "zhongtong-bus", "reason": "x"})  # fmt: skip
        for c in data["changes"]:
            c["reason"] = "x"

    edit(started / "release.json", tamper)
    problems, _ = check_changes("1.1.0", ld.load_release(started))
    where = "data release 92.1.0: release.json: changes:"
    assert problems == [
        f"{where} event {EVENT!r} is corrected but not declared so",
        f"{where} organisation 'zhongtong-bus' is declared corrected but is not",
    ]


def test_a_change_naming_a_record_not_there_is_refused_on_load(started: Path) -> None:
    """A declared change of a record absent from its table (or a retraction of one still
    there) is a validation error naming the change and the field."""

    def declare(data: Dict[str, Any]) -> None:
        data["changes"] = [
            {"kind": "corrected", "table": "event", "id": "no-such-event", "reason": "x"},
            {"kind": "retracted", "table": "unit", "id": "kW", "reason": "x"},
        ]

    edit(started / "release.json", declare)
    with pytest.raises(ld.ValidationError) as info:
        ld.load_release(started)
    where = f"{started / 'release.json'}: change"
    assert info.value.problems == (
        f"{where} corrected event 'no-such-event': id: not in the event table of this release",
        f"{where} retracted unit 'kW': id: still in the unit table of this release",
    )


def test_a_format_3_release_cannot_declare_a_table(started: Path) -> None:
    """A release that says data format 3 and gives a change a ``table`` is refused, naming the
    entry: the liaocheng-data its format promises to suit could not read it."""

    def as_format_3(data: Dict[str, Any]) -> None:
        data["format_version"] = 3
        data["changes"] = [
            {"kind": "corrected", "id": "gdp-2025q1", "reason": "x"},
            {"kind": "corrected", "table": "event", "id": EVENT, "reason": "x"},
        ]

    edit(started / "release.json", as_format_3)
    with pytest.raises(ld.ValidationError) as info:
        ld.load_release(started)
    assert info.value.problems == (
        f"{started / 'release.json'}: changes[1].table: a release in data format 3 declares "
        "changes of figures only; declaring the changes of other tables is data format 4",
    )


def test_a_format_3_release_lists_record_changes_without_declaring_them(
    started: Path, tmp_path: Path
) -> None:
    """For a release still in data format 3, ``release changes`` shows the records' changes
    as notes and writes no entry for them."""
    folder = tmp_path / "v3"
    shutil.copytree(SHIPPED_1_1_0, folder)

    def bump(data: Dict[str, Any]) -> None:
        data.update(version="92.1.0", previous_version="1.1.0", date="2026-12-01", changes=[])

    edit(folder / "release.json", bump)
    edit(folder / "events.json", lambda data: [e.update(note="Corrected (test).") for e in data
                                               if e["id"] == EVENT])  # fmt: skip
    lines = record_changes(folder, write=True)
    assert lines == [
        f"{folder / 'release.json'}: note: event {EVENT!r} changed (diff shows it; a release "
        "in data format 4 declares it)"
    ]
    assert read(folder / "release.json")["changes"] == []


def test_a_removed_event_calls_for_a_major_release(started: Path) -> None:
    """Removing an event (code may name it) calls for a major release, and the change is
    declared as a retraction of the event."""
    edit(started / "events.json", lambda data: data.remove(data[0]))
    record_changes(started, write=True)
    edit(started / "release.json", lambda data: data["changes"][0].update(reason="withdrawn"))
    rel = ld.load_release(started)
    removed = read(SHIPPED_1_1_0 / "events.json")[0]["id"]
    assert declared(started) == {("event", "retracted", removed)}
    assert required_bump(diff("1.1.0", rel), rel) == "major"
    assert check_changes("1.1.0", rel) == ([], [])  # 1.1.0 -> 92.1.0 is a major bump


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "renamed", "table": "event", "id": "a-b", "old_id": "a"},
         "kind: a event is not renamed"),
        ({"kind": "corrected", "table": "metadata", "id": "version"},
         "id: 'version' is not a release field a change names"),
        ({"kind": "added", "table": "metadata", "id": "title"},
         "kind: a metadata field is corrected or redefined, not added"),
        ({"kind": "corrected", "table": "event", "id": "Not A Slug"},
         "id: 'Not A Slug' is not a kebab-case slug"),
        ({"kind": "corrected", "table": "shelf", "id": "a"}, "table"),
        ({"kind": "retracted", "table": "unit", "id": "k\x1bW"}, "id"),
    ],
)  # fmt: skip
def test_a_change_obeys_the_rules_of_its_table(change: Dict[str, Any], message: str) -> None:
    """A change's id follows its table's key (slugs, a release field), only figures are
    renamed, and a metadata field is only corrected or redefined."""
    with pytest.raises(pydantic.ValidationError, match=message):
        Change(**change, reason="x")


def test_a_change_accepts_the_keys_of_units_and_places() -> None:
    """A unit's code and a place's code are keys as they are written (not slugs)."""
    assert Change(kind="added", table="unit", id="t/a", reason="x").id == "t/a"
    assert Change(kind="corrected", table="place", id="371581", reason="x").table == "place"
    assert Change(kind="corrected", id="gdp-2025q1", reason="x").table == "figure"


def test_read_commands_take_a_release_directory(
    started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--release`` with a path separator reads a release directory not yet installed, so a
    maintainer can list the vocabulary and figures of the release being made; a directory
    that is not there is one error line."""
    _edit_every_table(started)
    assert main(["vocab", "units", "--release", str(started)]) == 0
    assert any(line.split()[0] == "{test}" for line in capsys.readouterr().out.splitlines()[1:])
    assert main(["vocab", "units", "--release", "1.1.0"]) == 0
    assert "{test}" not in capsys.readouterr().out
    assert main(["list", "--release", str(started), "--format", "json"]) == 0
    assert {f["release"] for f in json.loads(capsys.readouterr().out)} == {"92.1.0"}
    missing = started.parent / "missing"
    assert main(["vocab", "units", "--release", str(missing)]) == 1
    assert capsys.readouterr().err == f"liaocheng-data: error: {missing}: not a directory\n"


def test_diff_names_the_item_of_a_list_that_changed(started: Path) -> None:
    """A changed licence shows as ``licenses[i].field`` (not the whole list), and its declared
    reason is found under the field ``licenses``."""

    def retitle(data: Dict[str, Any]) -> None:
        data["licenses"][0]["title"] += " (test)"

    edit(started / "release.json", retitle)
    record_changes(started, write=True)
    edit(started / "release.json", lambda data: data["changes"][0].update(reason="retitled"))
    d = diff("1.1.0", ld.load_release(started))
    (meta,) = d.of("metadata")
    assert [f.field for f in meta.fields] == ["format_version", "licenses[0].title"]
    assert d.reason_of(meta) == "licenses: corrected: retitled"
