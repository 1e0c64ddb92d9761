import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import liaocheng_data as ld
from liaocheng_data.__main__ import main
from liaocheng_data.integrity import verify

SOURCE_DIR = Path(__file__).resolve().parent.parent / "sources" / "dzrb-2025-06-04"


def test_installed_data_verifies() -> None:
    """Every shipped file matches the manifest and every shipped release loads."""
    report = verify()
    assert report.ok and report.problems == ()
    assert report.files_checked >= 4


def test_repost_as_received_verifies() -> None:
    """The repost as received (glosses, boilerplate and all) confirms every quote."""
    report = verify(source=SOURCE_DIR / "raw.txt")
    assert report.ok, report.problems
    assert report.quotes_checked == len(ld.figures()) + len(ld.events())


def test_clean_copy_with_other_punctuation_and_layout_verifies(
    tmp_path: Path, normalized_text: str
) -> None:
    """A clean copy with full-width punctuation and blank lines between paragraphs verifies."""
    clean = normalized_text.replace(",", "，").replace(":", "：").replace(";", "；")
    clean = clean.replace("\n", "\n\n")
    path = tmp_path / "clean.txt"
    path.write_text(clean, encoding="utf-8")
    assert verify(source=path).ok


def test_changed_number_in_copy_is_named(tmp_path: Path, raw_text: str) -> None:
    """A copy where 752.1亿元 became 725.1亿元 fails, naming the figures quoting it."""
    path = tmp_path / "tampered.txt"
    path.write_text(raw_text.replace("752.1亿元", "725.1亿元"), encoding="utf-8")
    report = verify(source=path)
    assert not report.ok
    assert any(p.startswith("figure gdp-2025q1:") for p in report.problems)
    assert all("752.1" in p for p in report.problems)


def test_unreadable_copy(tmp_path: Path) -> None:
    """A missing or non-UTF-8 copy is a problem, not a crash."""
    assert not verify(source=tmp_path / "missing.txt").ok
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("é".encode("latin-1"))
    report = verify(source=bad)
    assert not report.ok and "cannot be read" in report.problems[0]


def test_cli_verify(capsys: pytest.CaptureFixture[str], tmp_path: Path, raw_text: str) -> None:
    """Verify exits 0 when all is well, 1 with one line per problem otherwise."""
    assert main(["verify", "--source", str(SOURCE_DIR / "raw.txt")]) == 0
    assert capsys.readouterr().out.startswith("ok:")
    path = tmp_path / "tampered.txt"
    path.write_text(raw_text.replace("752.1亿元", "725.1亿元"), encoding="utf-8")
    assert main(["verify", "--source", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "figure gdp-2025q1" in err


def test_changed_byte_in_installed_package(tmp_path: Path) -> None:
    """In a copy of the installed package with one changed byte, verify() fails and the
    load is refused with IntegrityError.
    """
    package = Path(ld.__file__).parent
    copy = tmp_path / "site" / "liaocheng_data"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    figures = copy / "data" / "releases" / "1.0.0" / "figures.json"
    data = bytearray(figures.read_bytes())
    data[data.index(b"752.1")] = ord("8")
    figures.write_bytes(bytes(data))
    code = (
        "import liaocheng_data as ld\n"
        f"assert ld.__file__.startswith({str(copy)!r}), ld.__file__\n"
        "from liaocheng_data.integrity import verify\n"
        "r = verify()\n"
        "assert not r.ok and 'figures.json: sha256 differs' in r.problems[0], r\n"
        "try:\n"
        "    ld.get('gdp-2025q1', release='1.0.0')\n"
        "except ld.IntegrityError as e:\n"
        "    print('refused:', e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(copy.parent), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("refused:") and "figures.json" in out.stdout
