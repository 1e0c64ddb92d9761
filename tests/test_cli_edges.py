"""CLI edges: search, --output -, --bom, --version, one-line errors, any output encoding
(issue 12 item 7, issue 13's CLI items)."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

import liaocheng_data as ld
from liaocheng_data import _manifest
from liaocheng_data.__main__ import main

R = "1.0.0"
PREFIX = "liaocheng-data: error: "


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Tuple[int, str, str]:
    out = io.StringIO()
    status = main(list(argv), out)
    captured = capsys.readouterr()
    return status, out.getvalue() + captured.out, captured.err


def run_process(*argv: str, encoding: str) -> "subprocess.CompletedProcess[bytes]":
    env: Dict[str, str] = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "liaocheng_data", *argv], capture_output=True, env=env, timeout=60
    )


# --- search -----------------------------------------------------------------------------------


def test_search_command_lists_matches_best_first(capsys: pytest.CaptureFixture[str]) -> None:
    """`search exported` prints the figures search() finds, in its order, one row each."""
    status, out, err = run(capsys, "search", "exported", "--release", R, "--format", "json")
    assert status == 0 and err == ""
    assert [r["id"] for r in json.loads(out)] == [f.id for f in ld.search("exported", release=R)]


def test_search_command_joins_words(capsys: pytest.CaptureFixture[str]) -> None:
    """`search bus exports` (two arguments) searches for the two words together."""
    status, out, _ = run(capsys, "search", "bus", "exports", "--release", R)
    assert status == 0
    rows = out.splitlines()
    assert rows[0].split()[0] == "ID"
    assert [r.split()[0] for r in rows[1:]] == [f.id for f in ld.search("bus exports", release=R)]


def test_search_command_with_nothing_found_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """A search that finds nothing says so on stderr and exits 1, like grep."""
    status, out, err = run(capsys, "search", "qqqqzzzz", "--release", R)
    assert (status, out) == (1, "")
    assert err == "liaocheng-data: no figure matches 'qqqqzzzz'\n"


# --- list -------------------------------------------------------------------------------------


def test_list_with_a_reversed_range_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`list --start 2025-01-01 --end 2024-01-01` is a one-line error, exit 1, no output."""
    status, out, err = run(
        capsys, "list", "--start", "2025-01-01", "--end", "2024-01-01", "--release", R
    )
    assert (status, out) == (1, "")
    assert err.startswith(PREFIX) and "after end" in err and err.count("\n") == 1


def test_list_with_a_bad_date_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`list --start 2025/01/01` says the date must be written YYYY-MM-DD."""
    status, _, err = run(capsys, "list", "--start", "2025/01/01", "--release", R)
    assert status == 1 and err.startswith(PREFIX + "start:") and "YYYY-MM-DD" in err


def test_list_place_without_suffix(capsys: pytest.CaptureFixture[str]) -> None:
    """`list --place 临清` lists what the Python filter gives for 临清市."""
    status, out, _ = run(capsys, "list", "--place", "临清", "--format", "json", "--release", R)
    assert status == 0
    assert [r["id"] for r in json.loads(out)] == [
        f.id for f in ld.figures(release=R, place="临清市")
    ]


def test_list_csv_bom(capsys: pytest.CaptureFixture[str]) -> None:
    """`list --format csv --bom` starts with a byte-order mark followed by the same CSV."""
    _, plain, _ = run(capsys, "list", "--format", "csv", "--topic", "trade", "--release", R)
    status, out, _ = run(
        capsys, "list", "--format", "csv", "--bom", "--topic", "trade", "--release", R
    )
    assert status == 0 and out == "\ufeff" + plain
    assert len(list(csv.DictReader(io.StringIO(plain)))) == len(
        ld.figures(release=R, topic="trade")
    )


@pytest.mark.parametrize(
    "argv",
    [["list", "--bom"], ["search", "gdp", "--bom", "--format", "json"],
     ["export", "--format", "json", "--bom", "-o", "-"]],
)  # fmt: skip
def test_bom_needs_csv(capsys: pytest.CaptureFixture[str], argv: List[str]) -> None:
    """--bom with anything but CSV is a one-line error, not a ValueError traceback."""
    status, out, err = run(capsys, *argv, "--release", R)
    assert (status, out) == (
        1,
        "",
    ) and err == f"{PREFIX}--bom: only CSV output takes a byte-order mark\n"


# --- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_to_stdout_gives_the_file_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    """`export --output -` writes to standard output exactly what `--output FILE` writes, and
    creates no file named '-'."""
    os.chdir(tmp_path)
    assert main(["export", "--format", fmt, "--output", "file", "--release", R]) == 0
    status, out, _ = run(capsys, "export", "--format", fmt, "--output", "-", "--release", R)
    assert status == 0
    assert out.encode("utf-8") == (tmp_path / "file").read_bytes()
    assert not (tmp_path / "-").exists()


def test_export_datapackage_to_stdout_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A data package is a folder: `--output -` is refused in one line."""
    status, out, err = run(capsys, "export", "--format", "datapackage", "-o", "-", "--release", R)
    assert (status, out) == (1, "") and err.startswith(PREFIX) and "folder" in err


@pytest.mark.parametrize(
    ("fmt", "where"),
    [("csv", "missing/dir/x.csv"), ("json", "a-file/x.json"), ("json", "a-dir"),
     ("datapackage", "a-file/pkg")],
)  # fmt: skip
def test_export_to_an_impossible_place_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, where: str
) -> None:
    """Exporting where nothing can be written is one error line naming the path, exit 1."""
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-dir").mkdir()
    target = str(tmp_path / where)
    status, out, err = run(capsys, "export", "--format", fmt, "-o", target, "--release", R)
    assert (status, out) == (1, "")
    assert err.startswith(f"{PREFIX}cannot write {target}: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_export_refused_permission_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PermissionError while writing (simulated: the tests may run as root) is one line."""

    def refuse(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    target = str(tmp_path / "x.csv")
    status, _, err = run(capsys, "export", "--format", "csv", "-o", target, "--release", R)
    assert status == 1
    assert err == f"{PREFIX}cannot write {target}: Permission denied\n"


def test_other_os_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError from any command (here: a full disk while writing) is one line, exit 1."""

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    status = main(["list", "--release", R], Full())
    assert status == 1
    assert capsys.readouterr().err == f"{PREFIX}No space left on device\n"


# --- errors and --version ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["list", "--measure", "levle", "--release", R], ["bogus"], [], ["show"], ["search"],
     ["list", "--place", "Atlantis", "--release", R], ["show", "gdp", "--release", R],
     ["verify", "--source", "/nonexistent", "--release", R], ["cite", "gdp", "--release", R],
     ["list", "--indicator", "GDP2", "--release", R], ["validate", "/nonexistent"],
     ["diff", "1.0.0", "/nonexistent"], ["list", "--start", "2025-01-01", "--end", "2024-01-01",
     "--release", R]],
)  # fmt: skip
def test_every_error_starts_with_the_prefix(
    capsys: pytest.CaptureFixture[str], argv: List[str]
) -> None:
    """Usage errors (2) and problems (1) alike start stderr with 'liaocheng-data: error:'."""
    status, out, err = run(capsys, *argv)
    assert status in (1, 2) and out == ""
    assert err.startswith(PREFIX), err
    assert "Traceback" not in err and "usage:" not in err.splitlines()[0]


def test_version_names_package_and_data_release(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the package version and the newest shipped data release, exit 0."""
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out == f"liaocheng-data {ld.__version__} (data release {ld.releases()[-1]})\n"


def test_version_survives_a_damaged_manifest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With a manifest that is not JSON, --version still prints the package version, exit 0,
    and says the data release is unknown and why."""
    (tmp_path / "index.json").write_bytes(b'{"releases": {"1.0.0": ')
    monkeypatch.setattr(_manifest, "data_root", lambda: tmp_path)
    monkeypatch.setattr(_manifest, "_index", None)
    monkeypatch.delitem(vars(ld), "DATA_VERSION", raising=False)
    status, out, err = run(capsys, "--version")
    assert status == 0 and err == ""
    assert out.startswith(
        f"liaocheng-data {ld.__version__} (data release unknown (IntegrityError: "
        "liaocheng_data/data/index.json"
    )
    assert out.endswith("))\n") and out.count("\n") == 1


# --- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["show", "gdp-2025q1"], ["show", "gdp-2025q1", "--format", "json"], ["list"],
     ["list", "--format", "csv"], ["list", "--format", "json"], ["search", "临清"], ["events"],
     ["sources"], ["cite", "gdp-2025q1", "--style", "apa"], ["cite", "--style", "ris"],
     ["diff", "1.0.0", "1.0.0"]],
)  # fmt: skip
@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
def test_main_escapes_what_its_output_cannot_encode(
    capsys: pytest.CaptureFixture[str], argv: List[str], encoding: str
) -> None:
    """main() writing to a stream of a narrow encoding escapes what it cannot hold, and the
    rest of the output is unchanged."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
    wide = io.StringIO()
    assert main(argv, wide) == 0
    assert main(argv, out) == 0
    out.flush()
    expected = wide.getvalue().encode(encoding, "backslashreplace")
    assert raw.getvalue().split() == expected.split()  # tables re-pad the escaped cells
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("argv", [["list"], ["events"], ["search", "临清"]])
def test_tables_stay_aligned_when_escaped(argv: List[str]) -> None:
    """Under ASCII, every row of a table starts its second column at the same place: cells
    are padded as escaped, not as the Chinese they stand for."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    assert main([*argv, "--release", R], out) == 0
    out.flush()
    lines = raw.getvalue().decode("ascii").splitlines()
    header = lines[0]
    last = header.rindex("  ") + 2  # where the header's last column starts
    assert len(lines) > 2
    assert all(line[last - 2 : last] == "  " and line[last] != " " for line in lines), lines


def test_escapes_in_show_are_readable() -> None:
    """Under ASCII, show's Chinese label becomes backslash-u escapes beside the English."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    assert main(["show", "gdp-2025q1", "--release", R], out) == 0
    out.flush()
    text = raw.getvalue().decode("ascii")
    assert "\\u5730\\u533a\\u751f\\u4ea7\\u603b\\u503c / Gross domestic product" in text


@pytest.mark.parametrize(
    ("argv", "encoding"),
    [(["show", "gdp-2025q1"], "ascii"), (["list"], "cp1252"), (["search", "临清"], "ascii"),
     (["search", "exports", "--format", "csv"], "cp1252")],
    ids=["show-ascii", "list-cp1252", "search-ascii", "search-csv-cp1252"],
)  # fmt: skip
def test_a_narrow_output_encoding_degrades_to_escapes(encoding: str, argv: List[str]) -> None:
    """With PYTHONIOENCODING=ascii or cp1252 (Windows' redirected output) the real console
    script succeeds and writes backslash escapes for Chinese, never a UnicodeEncodeError."""
    proc = run_process(*argv, "--release", R, encoding=encoding)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert proc.stderr == b""
    text = proc.stdout.decode(encoding)
    assert "\\u" in text


def test_a_narrow_encoding_error_message_is_escaped_too() -> None:
    """An error message holding Chinese is still one prefixed line under PYTHONIOENCODING=ascii."""
    proc = run_process("list", "--place", "临请", "--release", R, encoding="ascii")
    assert proc.returncode == 1
    err = proc.stderr.decode("ascii")
    assert err.startswith(PREFIX) and err.count("\n") == 1 and "Traceback" not in err


def test_help_under_ascii_is_escaped() -> None:
    """--help, whose examples hold Chinese, prints under PYTHONIOENCODING=ascii."""
    proc = run_process("--help", encoding="ascii")
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    assert b"\\u4e34\\u6e05" in proc.stdout  # 临清


def test_bom_csv_is_utf8_whatever_the_terminal_encoding() -> None:
    """`list --format csv --bom` writes UTF-8 bytes with a BOM even when stdout is cp1252, so
    Excel reads the Chinese."""
    proc = run_process("list", "--format", "csv", "--bom", "--release", R, encoding="cp1252")
    assert proc.returncode == 0
    assert proc.stdout.startswith(b"\xef\xbb\xbfid,")
    assert "地区生产总值" in proc.stdout.decode("utf-8")


def test_export_to_stdout_is_utf8_whatever_the_terminal_encoding(tmp_path: Path) -> None:
    """`export --output -` writes the file's UTF-8 bytes even when stdout is ASCII."""
    target = tmp_path / "figures.jsonl"
    assert main(["export", "--format", "jsonl", "-o", str(target), "--release", R]) == 0
    proc = run_process("export", "--format", "jsonl", "-o", "-", "--release", R, encoding="ascii")
    assert proc.returncode == 0 and proc.stdout == target.read_bytes()
