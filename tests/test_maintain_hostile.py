"""The maintainer's commands and ``validate`` on a hostile release directory: they read the
release's files through the loader's guards (regular files inside the release, size limit,
strict JSON, bounded nesting), bound what they print, and never write through a link.

Each test works on a scratch copy of the shipped release 1.1.0. Commands that could hang or
exhaust memory without the guards run in a subprocess with a timeout and a memory limit.
"""

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from liaocheng_data import maintain
from liaocheng_data.__main__ import main
from liaocheng_data.errors import MAX_LINE, MAX_PROBLEMS, ValidationError
from liaocheng_data.maintain import (
    MAX_POSITIONS,
    ReleaseEditError,
    locate_quotes,
    todo_problems,
)

REPO = Path(__file__).resolve().parent.parent
SHIPPED_1_1_0 = REPO / "src" / "liaocheng_data" / "data" / "releases" / "1.1.0"
PREFIX = "liaocheng-data: error: "

needs_posix = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
    reason="FIFOs and /dev/zero are POSIX",
)


@pytest.fixture
def rel(tmp_path: Path) -> Path:
    """A scratch copy of release 1.1.0."""
    target = tmp_path / "D"
    shutil.copytree(SHIPPED_1_1_0, target)
    return target


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def snapshot(folder: Path) -> Dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Tuple[int, str, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue(), capsys.readouterr().err


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run_cli(*argv: str, timeout: float = 60) -> "subprocess.CompletedProcess[str]":
    """The CLI in a child process, killed after ``timeout`` seconds, memory capped at 2 GB."""
    return subprocess.run(
        [sys.executable, "-m", "liaocheng_data", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        preexec_fn=_limit_memory,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def one_line_refusal(proc: "subprocess.CompletedProcess[str]", *needles: str) -> str:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines, proc.stderr
    for needle in needles:
        assert any(needle in line for line in lines), proc.stderr
    return proc.stderr


# --- 1. links to devices, FIFOs -------------------------------------------------------------


@needs_posix
@pytest.mark.parametrize("name", ["events.json", "release.json"])
def test_validate_refuses_a_link_to_dev_zero(rel: Path, name: str) -> None:
    """`validate` refuses a release file linking to /dev/zero in one line, unread."""
    (rel / name).unlink()
    (rel / name).symlink_to("/dev/zero")
    proc = run_cli("validate", str(rel), timeout=30)
    one_line_refusal(proc, f"{name}: a symbolic link to /dev/zero, outside the release")
    assert len(proc.stderr.strip().splitlines()) == 1


@needs_posix
@pytest.mark.parametrize("verb", ["locate", "changes", "exclusions"])
def test_release_verbs_refuse_a_link_to_dev_zero(rel: Path, verb: str) -> None:
    """`release locate|changes|exclusions` refuse a release.json linking to /dev/zero."""
    (rel / "release.json").unlink()
    (rel / "release.json").symlink_to("/dev/zero")
    proc = run_cli("release", verb, str(rel), timeout=30)
    one_line_refusal(proc, "release.json: a symbolic link to /dev/zero, outside the release")


@needs_posix
@pytest.mark.parametrize("verb", ["changes", "exclusions"])
def test_release_verbs_refuse_events_linking_to_dev_zero(rel: Path, verb: str) -> None:
    """`release changes|exclusions` refuse an events.json linking to /dev/zero (no copy)."""
    (rel / "events.json").unlink()
    (rel / "events.json").symlink_to("/dev/zero")
    proc = run_cli("release", verb, str(rel), timeout=30)
    one_line_refusal(proc, "events.json: a symbolic link to /dev/zero, outside the release")


@needs_posix
@pytest.mark.parametrize(
    "argv", [("validate",), ("release", "locate"), ("release", "changes"),
             ("release", "exclusions")]
)  # fmt: skip
def test_a_fifo_in_place_of_figures_is_refused_without_hanging(
    rel: Path, argv: Tuple[str, ...]
) -> None:
    """A FIFO in place of figures.json is refused in one clean line naming it, with no hang
    and no temporary path or exception repr."""
    (rel / "figures.json").unlink()
    os.mkfifo(rel / "figures.json")
    proc = run_cli(*argv, str(rel), timeout=30)
    err = one_line_refusal(proc, f"{rel / 'figures.json'}: a FIFO (named pipe), not a file")
    assert "liaocheng-data-" not in err  # no temporary directory
    assert "Error(" not in err and "[(" not in err


# --- 2. nesting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [("validate",), ("release", "locate"), ("release", "changes"),
             ("release", "exclusions")]
)  # fmt: skip
def test_deep_nesting_is_refused_as_the_loader_refuses_it(
    rel: Path, capsys: pytest.CaptureFixture[str], argv: Tuple[str, ...]
) -> None:
    """Nesting 5000 levels deep inside a record of release.json is refused as the loader
    refuses it, never with a traceback: "nested too deeply", or (where Python's parser reads
    that deep, as on 3.13) the record's field named as invalid."""
    meta = read(rel / "release.json")
    meta["aliases"] = ["DEEP"]
    deep = '{"a":' * 5000 + "1" + "}" * 5000
    text = json.dumps(meta, ensure_ascii=False).replace('"DEEP"', deep)
    (rel / "release.json").write_text(text, encoding="utf-8")
    status, _, err = run(capsys, *argv, str(rel))
    assert status == 1
    assert "Traceback" not in err and "RecursionError" not in err
    assert "nested too deeply" in err or f"{rel / 'release.json'}: aliases.0" in err


def test_nesting_past_the_limit_but_parseable_is_refused(rel: Path) -> None:
    """Nesting of 200 levels (which json parses) is refused by the maintainer's reading too."""
    meta = read(rel / "release.json")
    deep: Any = 1
    for _ in range(200):
        deep = {"a": deep}
    meta["aliases"] = [deep]
    write(rel / "release.json", meta)
    with pytest.raises(ReleaseEditError, match="nested too deeply"):
        locate_quotes(rel, write=False)


# --- 3. bounded reports -----------------------------------------------------------------------


def test_validate_bounds_a_flood_of_placeholders(
    rel: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """100,000 placeholder reasons give the loader's bound: the first problems and the total."""
    meta = read(rel / "release.json")
    meta["changes"] = [
        {"kind": "added", "id": f"x-{i}", "reason": "TODO: r"} for i in range(100_000)
    ]
    write(rel / "release.json", meta)
    status, _, err = run(capsys, "validate", str(rel))
    lines = err.strip().splitlines()
    assert status == 1
    assert len(lines) <= MAX_PROBLEMS + 1
    assert "in total)" in lines[-1] or "counting stopped" in lines[-1]


def test_a_huge_placeholder_line_is_cut(rel: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 2 MB placeholder is reported in a line cut to the loader's length, control
    characters escaped."""
    meta = read(rel / "release.json")
    meta["changes"] = [{"kind": "added", "id": "x", "reason": "TODO: \x1b[31m" + "y" * 2_000_000}]
    write(rel / "release.json", meta)
    problems = todo_problems(rel)
    assert problems and all(len(p) <= MAX_LINE for p in problems)
    assert "\x1b" not in "".join(problems)
    status, _, err = run(capsys, "validate", str(rel))
    assert status == 1
    assert all(len(line) <= MAX_LINE + len(PREFIX) for line in err.splitlines())
    assert "placeholder left" in err and "\x1b" not in err


# --- 4. writing through links ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "argv"),
    [("release.json", ("locate",)), ("figures.json", ("locate",)),
     ("release.json", ("rename", "gdp-2025q1", "zz-9")),
     ("figures.json", ("rename", "gdp-2025q1", "zz-9"))],
)  # fmt: skip
def test_no_command_writes_through_a_link_out_of_the_release(
    rel: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
    argv: Tuple[str, ...],
) -> None:  # fmt: skip
    """A release file replaced by a link to a file outside the release is refused; nothing
    (outside or inside) is written."""
    outside = tmp_path / f"outside-{name}"
    data = read(rel / name)
    if name == "figures.json":  # an offset to fill in, so locate would write
        data[0].pop("quote_start", None)
        data[0].pop("quote_end", None)
    write(outside, data)
    (rel / name).unlink()
    (rel / name).symlink_to(outside)
    before, outside_before = snapshot(rel), outside.read_bytes()
    status, _, err = (
        run(capsys, "release", *argv, str(rel))
        if argv == ("locate",)
        else run(capsys, "release", argv[0], str(rel), *argv[1:])
    )
    assert status == 1
    assert "outside the release" in err
    assert outside.read_bytes() == outside_before
    assert snapshot(rel) == before


def test_rename_never_writes_through_a_link_inside_the_release(
    rel: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """figures.json linking to another file of the release is not written through by rename,
    and release.json is not written either (nothing half-done)."""
    (rel / "figures.json").rename(rel / "other.json")
    (rel / "figures.json").symlink_to("other.json")
    before = snapshot(rel)
    status, _, err = run(capsys, "release", "rename", str(rel), "gdp-2025q1", "zz-9")
    assert status == 1
    assert "a symbolic link" in err and len(err.strip().splitlines()) == 1
    assert snapshot(rel) == before


# --- 5. ids -------------------------------------------------------------------------------------


@pytest.mark.parametrize("new", ["a" * 5000, "Not A Slug", "x" * 101])
def test_rename_refuses_an_id_the_model_would_refuse(
    rel: Path, capsys: pytest.CaptureFixture[str], new: str
) -> None:
    """`release rename` refuses a new id that is no slug or is longer than ids may be, in one short
    line, writing nothing."""
    before = snapshot(rel)
    status, out, err = run(capsys, "release", "rename", str(rel), "gdp-2025q1", new)
    assert status == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(PREFIX + "NEW: ")
    assert len(lines[0]) < 300
    assert snapshot(rel) == before


def test_rename_takes_an_id_of_the_longest_length(
    rel: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A slug of exactly 100 characters is a valid new id."""
    status, _, err = run(capsys, "release", "rename", str(rel), "gdp-2025q1", "a" * 100)
    assert status == 0, err
    assert any(f["id"] == "a" * 100 for f in read(rel / "figures.json"))


# --- 7. ambiguous quotes --------------------------------------------------------------------


def test_locate_lists_a_bounded_number_of_positions(rel: Path) -> None:
    """A quote occurring a million times is reported with the first positions and "and
    more", not every position."""
    meta = read(rel / "release.json")
    source = meta["sources"][0]
    (rel / source["text"]).write_text("ab" * 1_000_000, encoding="utf-8")
    figures: List[Dict[str, Any]] = read(rel / "figures.json")
    figures[0]["quote"] = "ab"
    figures[0].pop("quote_start", None)
    figures[0].pop("quote_end", None)
    write(rel / "figures.json", figures)
    with pytest.raises(ValidationError) as info:
        locate_quotes(rel, write=False)
    message = next(p for p in info.value.problems if "'ab' occurs" in p)
    assert f"more than {MAX_POSITIONS} times" in message
    assert "at 0, 2, 4, 6, 8, 10, 12, 14, 16, 18 and more: " in message  # the first ten
    assert message.endswith("to one of them") and "and more" in message


# --- add-source -------------------------------------------------------------------------------


def test_add_source_never_writes_into_a_directory_linked_out_of_the_release(
    rel: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sources directory that links out of the release is refused; nothing is written."""
    outside = tmp_path / "elsewhere"
    shutil.move(str(rel / "sources"), str(outside))
    (rel / "sources").symlink_to(outside)
    copy = tmp_path / "copy.txt"
    copy.write_text("标题\n\n正文,增长12.5%。\n", encoding="utf-8")
    before, outside_before = snapshot(rel), snapshot(outside)
    status, _, err = run(capsys, "release", "add-source", str(rel), str(copy), "--id", "new-src",
                         "--title", "标题")  # fmt: skip
    assert status == 1
    assert "not inside the release" in err
    assert snapshot(rel) == before and snapshot(outside) == outside_before


def test_add_source_refuses_a_copy_larger_than_a_release_file_may_hold(
    rel: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader's copy over the size limit of a release file is refused in one line, read no
    further than the limit, and nothing is written."""
    monkeypatch.setattr(maintain, "MAX_FILE_BYTES", 1000)
    copy = tmp_path / "copy.txt"
    copy.write_text("标题\n\n" + "正文" * 1000, encoding="utf-8")
    before = snapshot(rel)
    status, _, err = run(capsys, "release", "add-source", str(rel), str(copy), "--id", "new-src",
                         "--title", "标题")  # fmt: skip
    assert (status, err) == (
        1,
        f"liaocheng-data: error: {copy}: larger than the 1000 bytes a release file may hold\n",
    )
    assert snapshot(rel) == before


@needs_posix
def test_add_source_refuses_a_fifo_as_the_copy(rel: Path, tmp_path: Path) -> None:
    """add-source given a FIFO as the reader's copy refuses it at once rather than hanging."""
    fifo = tmp_path / "copy.txt"
    os.mkfifo(fifo)
    proc = run_cli("release", "add-source", str(rel), str(fifo), "--id", "new-src", "--title", "t",
                   timeout=30)  # fmt: skip
    one_line_refusal(proc, f"{fifo}: not a regular file")
