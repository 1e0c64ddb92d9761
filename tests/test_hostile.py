"""Hostile and unlucky input (issue 13): bounded time and memory, clear errors, no tracebacks.

The corpus (tests/corpus) holds most cases, run in every data format; these are the ones a
corpus file cannot express (timings, sizes, file kinds, the environment).
"""

import copy
import hashlib
import json
import os
import pickle
import subprocess
import sys
import threading
import time
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, List

import pydantic
import pytest

import liaocheng_data as ld
from liaocheng_data import _loader, _manifest, models
from liaocheng_data.errors import MAX_LINE, MAX_PROBLEMS
from liaocheng_data.numerals import base_value


def _refusal(folder: Path) -> ld.ValidationError:
    with pytest.raises(ld.ValidationError) as info:
        ld.load_release(folder)
    return info.value


def _set_source_text(folder: Path, text: str) -> None:
    meta_path = folder / "release.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    source = meta["sources"][0]
    data = text.encode("utf-8")
    (folder / source["text"]).write_bytes(data)
    source["sha256"] = hashlib.sha256(data).hexdigest()
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.mark.parametrize("data_format", [1, 2])
def test_many_misplaced_quotes_in_a_large_source_are_reported_fast(
    data_format: int, release_copy: Path, release_v2_copy: Path
) -> None:
    """3000 quotes absent from a 60 MB source are reported in seconds: the text is searched
    near each quote's offsets, and whole only a few times."""
    folder = release_copy if data_format == 1 else release_v2_copy
    text = (folder / "sources" / "dzrb-2025-06-04.txt").read_text(encoding="utf-8")
    _set_source_text(folder, text + "聊" * 30_000_000)
    records: List[Any] = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    first = records[0]
    wrong: List[Any] = []
    for n in range(3000):
        record = json.loads(json.dumps(first))
        record["id"] = f"misquoted-{n}"
        if data_format == 1:
            record["provenance"]["quote"] += "※"
            record["provenance"]["end"] += 1
        else:
            record["quote"] += "※"
            record["quote_end"] += 1
        wrong.append(record)
    (folder / "figures.json").write_text(
        json.dumps(records + wrong, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    began = time.perf_counter()
    error = _refusal(folder)
    assert time.perf_counter() - began < 8
    assert error.total == 3000
    assert len(error.problems) == MAX_PROBLEMS + 1
    assert "figure 'misquoted-0': provenance.quote: not found" in error.problems[0] or (
        "figure 'misquoted-0': quote: not found" in error.problems[0]
    )
    assert "does not occur in the source text at all" in error.problems[0]
    assert "(3000 in total)" in error.problems[-1]


@pytest.mark.parametrize("data_format", [1, 2])
def test_message_lines_are_cut_and_control_characters_escaped(
    data_format: int, release_copy: Path, release_v2_copy: Path
) -> None:
    """A megabyte-long unknown key holding a NUL gives a line of at most MAX_LINE characters
    with the NUL escaped."""
    folder = release_copy if data_format == 1 else release_v2_copy
    records = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    records[0]["\u0000" + "k" * 1_000_000] = "\u0000" * 1000
    (folder / "figures.json").write_text(json.dumps(records), encoding="utf-8")
    error = _refusal(folder)
    assert error.problems
    for line in error.problems:
        assert len(line) <= MAX_LINE
        assert "\x00" not in line
    assert "\\x00" in error.problems[0]


def test_report_of_many_problems_keeps_the_first_and_the_total() -> None:
    """A ValidationError built from 5000 problems keeps the first MAX_PROBLEMS and a line
    with the total."""
    error = ld.ValidationError(f"p{n}" for n in range(5000))
    assert error.total == 5000
    assert error.problems[:2] == ("p0", "p1")
    assert len(error.problems) == MAX_PROBLEMS + 1
    assert error.problems[-1] == f"… and {5000 - MAX_PROBLEMS} more problems (5000 in total)"
    assert str(error) == "p0 (and 4999 more)"


def test_loader_stops_counting_past_its_bound(release_copy: Path) -> None:
    """Past MAX_COUNTED problems the loader stops validating and says 'at least'."""
    (release_copy / "figures.json").write_text("[" + "{}," * 100_000 + "{}]", encoding="utf-8")
    error = _refusal(release_copy)
    assert error.total >= _loader.MAX_COUNTED
    assert "at least" in error.problems[-1]


@pytest.mark.parametrize("data_format", [1, 2])
def test_a_megabyte_of_empty_records_is_refused_quickly(
    data_format: int, release_copy: Path, release_v2_copy: Path
) -> None:
    """A megabyte of empty figure records is refused in seconds, not the half minute that
    gathering its 5.6 million errors took."""
    folder = release_copy if data_format == 1 else release_v2_copy
    (folder / "figures.json").write_text("[" + "{}," * 350_000 + "{}]", encoding="utf-8")
    began = time.perf_counter()
    error = _refusal(folder)
    assert time.perf_counter() - began < 10
    assert len(error.problems) == MAX_PROBLEMS + 1


def _replace_with(folder: Path, name: str, kind: str) -> None:
    target = folder / name
    target.unlink()
    if kind == "directory":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-zero-link":
        target.symlink_to("/dev/zero")
    elif kind == "symlink-loop":
        target.symlink_to(target.name)
    elif kind == "dangling-link":
        target.symlink_to("nowhere.json")
    elif kind == "outside-link":
        outside = folder.parent / f"outside-{name.replace('/', '-')}"
        outside.write_text("[]", encoding="utf-8")
        target.symlink_to(outside)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file kinds")
@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("directory", "a directory, not a file"),
        ("fifo", "a FIFO (named pipe), not a file"),
        ("dev-zero-link", "a symbolic link to /dev/zero, outside the release directory"),
        ("symlink-loop", "a loop of symbolic links"),
        ("dangling-link", "a symbolic link to nothing"),
        ("outside-link", "outside the release directory"),
    ],
)
@pytest.mark.parametrize("name", ["figures.json", "events.json", "sources/dzrb-2025-06-04.txt"])
def test_what_stands_in_place_of_a_data_file_is_named(
    kind: str, says: str, name: str, release_copy: Path
) -> None:
    """A directory, FIFO, device link, symlink loop, dangling link or link out of the release
    in place of a data file is refused saying what it is, never read (a FIFO would block)."""
    _replace_with(release_copy, name, kind)
    error = _refusal(release_copy)
    assert any(f"{name}: " in p and says in p for p in error.problems), error.problems


def test_a_symlink_to_a_whole_folder_outside_is_refused(release_copy: Path, tmp_path: Path) -> None:
    """A sources/ folder that is a link out of the release directory is refused."""
    outside = tmp_path / "elsewhere"
    (release_copy / "sources").rename(outside)
    (release_copy / "sources").symlink_to(outside)
    error = _refusal(release_copy)
    assert "outside the release directory" in error.problems[0]


def test_a_symlink_inside_the_release_is_followed(release_copy: Path) -> None:
    """A link to another file inside the release directory is allowed (as tarfile's data
    filter allows, PEP 706)."""
    (release_copy / "events.json").rename(release_copy / "events-real.json")
    (release_copy / "events.json").symlink_to("events-real.json")
    assert ld.load_release(release_copy).events == ld.release("1.0.0").events


def test_an_unreadable_file_is_named(release_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data file without read permission is refused saying so, with no traceback (as root,
    who reads any file, the refusal of open() is simulated)."""
    (release_copy / "figures.json").chmod(0)
    if hasattr(os, "geteuid") and os.geteuid() == 0:

        def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
            if str(file).endswith("figures.json"):
                raise PermissionError(13, "Permission denied")
            return open(file, *args, **kwargs)

        monkeypatch.setattr(_loader, "open", refuse, raising=False)
    error = _refusal(release_copy)
    assert "figures.json: cannot be read: Permission denied" in error.problems[0]


@pytest.mark.parametrize("how", ["pickle", "deepcopy"])
def test_release_figure_and_event_round_trip_through_pickle_and_deepcopy(how: str) -> None:
    """Release 1.0.0, a figure and an event pickle and deep-copy to equal objects (a release's
    cached read-only indexes are rebuilt on first use), so a Release can leave a worker."""
    release = ld.release("1.0.0")
    release.get("gdp-2025q1")  # fill the cached index
    release.positions("topic", ["trade"])
    for thing in (release, release.figures[0], release.events[0]):
        copied = pickle.loads(pickle.dumps(thing)) if how == "pickle" else copy.deepcopy(thing)
        assert copied == thing
        assert copied is not thing
    copied_release = pickle.loads(pickle.dumps(release))
    assert copied_release.get("gdp-2025q1") == release.get("gdp-2025q1")
    assert copied_release.positions("topic", ["trade"]) == release.positions("topic", ["trade"])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX")
@pytest.mark.parametrize("module", [_loader, _manifest], ids=["loader", "manifest"])
def test_fork_while_another_thread_holds_the_loader_lock(module: Any) -> None:
    """A child forked while another thread is inside the first load or the manifest's first
    read (holding the module's lock) can still load: the child's lock is free instead of
    deadlocking."""
    held, release_it = threading.Event(), threading.Event()
    lock = module._lock

    def hold() -> None:
        with lock:
            held.set()
            release_it.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12+)
            pid = os.fork()
        if pid == 0:  # the child: the lock must be free
            acquired = module._lock.acquire(timeout=5)
            os._exit(0 if acquired else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        release_it.set()
        thread.join()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def test_schema_is_the_same_without_docstrings() -> None:
    """`liaocheng-data schema` prints the same bytes under python -OO (descriptions are not
    taken from docstrings)."""
    command = [sys.executable, "-m", "liaocheng_data", "schema"]
    normal = subprocess.run(command, capture_output=True, check=True).stdout
    stripped = subprocess.run([sys.executable, "-OO", *command[1:]], capture_output=True,
                              check=True).stdout  # fmt: skip
    assert stripped == normal
    assert b'"description"' in normal


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file kinds")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory", "huge"])
def test_verify_refuses_a_copy_that_is_no_file_or_too_big(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """verify(source=...) refuses a FIFO, /dev/zero, a directory or a copy over the size cap
    without reading it whole (a FIFO would block, /dev/zero never ends)."""
    from liaocheng_data import integrity

    path = tmp_path / "copy.txt"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    else:
        monkeypatch.setattr(integrity, "MAX_COPY_BYTES", 1000)
        with open(path, "wb") as handle:  # sparse: a large file that takes no disk
            handle.truncate(1 << 31)
    began = time.perf_counter()
    report = ld.verify(source=path, release="1.0.0")
    assert time.perf_counter() - began < 20
    assert not report.ok
    says = {"fifo": "not a regular file", "dev-zero": "not a regular file",
            "directory": "not a regular file", "huge": "larger than the limit"}[kind]  # fmt: skip
    assert any("cannot be read as the" in p and says in p for p in report.problems)


def test_format_1_declared_over_format_2_records_is_refused(release_v2_copy: Path) -> None:
    """format_version 1 with format-2 (flat) records is refused, naming the flat fields."""
    meta_path = release_v2_copy / "release.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["format_version"] = 1
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    error = _refusal(release_v2_copy)
    assert "figure 'gdp-2025q1': unit_code: a data format 2 name" in error.problems[0]


@pytest.mark.parametrize("data_format", [1, 2])
def test_a_million_character_id_is_refused_in_a_short_line(
    data_format: int, release_copy: Path, release_v2_copy: Path
) -> None:
    """A million-character figure id is refused by the id limit, in a line of bounded length."""
    folder = release_copy if data_format == 1 else release_v2_copy
    records = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    records[0]["id"] = "a" * 1_000_000
    (folder / "figures.json").write_text(json.dumps(records, indent=2), encoding="utf-8")
    error = _refusal(folder)
    assert any("id: String should have at most 100 characters" in p for p in error.problems)
    assert all(len(p) <= MAX_LINE for p in error.problems)


@pytest.mark.parametrize("data_format", [1, 2])
def test_invisible_and_decomposed_text_and_extreme_years_are_knowingly_allowed(
    data_format: int, release_copy: Path, release_v2_copy: Path
) -> None:
    """Zero-width, bidi-override and NFD characters in labels and notes are kept exactly, and
    the years 0001 and 9999 are accepted (docs/data-model.md decides so)."""
    folder = release_copy if data_format == 1 else release_v2_copy
    records = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    label = "GDP\u200b\u202e\u2066 Cafe\u0301"
    records[0]["label_en"] = label
    records[0]["note"] = "note\u200d\u202a"
    if data_format == 1:
        records[0]["period"]["start"] = "0001-01-01"
        records[0]["period"]["end"] = "9999-12-31"
    else:
        records[0]["period_start"] = "0001-01-01"
        records[0]["period_end"] = "9999-12-31"
    (folder / "figures.json").write_text(json.dumps(records, indent=2), encoding="utf-8")
    figure = ld.load_release(folder).get("gdp-2025q1")
    assert figure.label_en == label
    assert figure.note == "note\u200d\u202a"
    assert (figure.period_start, figure.period_end) == (date(1, 1, 1), date(9999, 12, 31))


def test_base_value_is_exact_at_the_digit_limit() -> None:
    """A value of 15 + 10 digits at scale 12 has an exact base value (no rounding)."""
    value = Decimal("123456789012345.1234567891")
    assert base_value(value, 12) == Decimal("123456789012345123456789100")
    assert models._decimal_text().fullmatch("123456789012345.1234567891")
    assert not models._decimal_text().fullmatch("1234567890123456")
    assert not models._decimal_text().fullmatch("1.12345678901")


@pytest.mark.parametrize("text", ["1745625600", "2025-03-31T00:00:00Z", "2026-11-27 00:00",
                                  "0000-01-01", "２０２５-０１-０１", "2025-1-1"])  # fmt: skip
def test_dates_are_calendar_dates_written_yyyy_mm_dd(text: str) -> None:
    """A date from Python text is a calendar date written YYYY-MM-DD or a clear ValueError
    (pydantic's ValidationError), on every pydantic version."""
    with pytest.raises(pydantic.ValidationError) as info:
        models.Period(end=text, label="x")  # type: ignore[arg-type]
    assert "date" in str(info.value)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
@pytest.mark.parametrize("upgraded", [False, True], ids=["format-1", "upgraded"])
def test_a_broken_megabyte_costs_a_bounded_amount_of_memory(
    upgraded: bool, release_copy: Path, release_v2_copy: Path
) -> None:
    """Loading a megabyte of empty figure records peaks under 400 MB in a fresh process (it
    took 6.5 GB when every one of its 5.6 million errors was gathered)."""
    folder = release_v2_copy if upgraded else release_copy
    (folder / "figures.json").write_text("[" + "{}," * 350_000 + "{}]", encoding="utf-8")
    code = (
        "import sys, liaocheng_data as ld\n"
        "try:\n    ld.load_release(sys.argv[1])\nexcept ld.ValidationError as e:\n"
        "    assert e.total > 100\n"
        "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
    )  # (VmHWM, the peak resident size of this process; ru_maxrss may be the parent's)
    out = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    peak_kib = int(out.split()[-1])
    assert peak_kib < 400 * 1024
