import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import liaocheng_data as ld
from liaocheng_data import integrity
from liaocheng_data.__main__ import main
from liaocheng_data.integrity import SourceChoiceError, verify

SOURCE_DIR = Path(__file__).resolve().parent.parent / "sources" / "dzrb-2025-06-04"


def test_installed_data_verifies(verify_state: str) -> None:
    """Every shipped file matches the manifest and every shipped release loads."""
    report = verify()
    assert report.problems == () and report.state == verify_state
    assert report.ok == (verify_state == "ok")
    assert report.files_checked >= 4
    if verify_state == "partial":
        assert "not listed in the liaocheng-data distribution's RECORD" in report.unchecked[0]


def test_repost_as_received_verifies(verify_state: str) -> None:
    """The repost as received (glosses, boilerplate and all) confirms every quote."""
    report = verify(source=SOURCE_DIR / "raw.txt", release="1.1.0")
    assert report.problems == () and report.state == verify_state
    assert report.quotes_checked == len(ld.figures(release="1.1.0")) + len(
        ld.events(release="1.1.0")
    )


def test_clean_copy_with_other_punctuation_and_layout_verifies(
    tmp_path: Path, normalized_text: str
) -> None:
    """A clean copy with full-width punctuation and blank lines between paragraphs verifies."""
    clean = normalized_text.replace(",", "，").replace(":", "：").replace(";", "；")
    clean = clean.replace("\n", "\n\n")
    path = tmp_path / "clean.txt"
    path.write_text(clean, encoding="utf-8")
    assert verify(source=path, release="1.1.0").problems == ()


def test_changed_number_in_copy_is_named(tmp_path: Path, raw_text: str) -> None:
    """A copy where 752.1亿元 became 725.1亿元 fails, naming the figures quoting it."""
    path = tmp_path / "tampered.txt"
    path.write_text(raw_text.replace("752.1亿元", "725.1亿元"), encoding="utf-8")
    report = verify(source=path, release="1.1.0")
    assert not report.ok
    assert any(p.startswith("figure gdp-2025q1:") for p in report.problems)
    assert all("752.1" in p for p in report.problems)


def test_unreadable_copy(tmp_path: Path) -> None:
    """A missing or non-UTF-8 copy is a problem, not a crash."""
    assert not verify(source=tmp_path / "missing.txt", release="1.1.0").ok
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("é".encode("latin-1"))
    report = verify(source=bad, release="1.1.0")
    assert not report.ok and "cannot be read" in report.problems[0]


def test_cli_verify(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, raw_text: str, verify_state: str
) -> None:
    """Verify exits 0 when all is well, 1 with one line per problem otherwise."""
    status = main(["verify", "--release", "1.1.0", "--source", str(SOURCE_DIR / "raw.txt")])
    assert status == {"ok": 0, "partial": 3}[verify_state]
    assert capsys.readouterr().out.startswith(f"{verify_state}:")
    path = tmp_path / "tampered.txt"
    path.write_text(raw_text.replace("752.1亿元", "725.1亿元"), encoding="utf-8")
    assert main(["verify", "--release", "1.1.0", "--source", str(path)]) == 1
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


def test_cli_verify_source_id(capsys: pytest.CaptureFixture[str]) -> None:
    """--source-id names the source a copy is of; an unknown one is a one-line error."""
    raw = str(SOURCE_DIR / "raw.txt")
    pinned = ["--release", "1.0.0", "--source", raw]
    assert main(["verify", *pinned, "--source-id", "dzrb-2025-06-04"]) in (0, 3)
    assert capsys.readouterr().err == ""
    assert main(["verify", *pinned, "--source-id", "nope"]) == 1
    err = capsys.readouterr().err
    assert err == ("liaocheng-data: error: data release 1.0.0 has no source 'nope'; its "
                   "sources: dzrb-2025-06-04\n")  # fmt: skip


@pytest.fixture
def two_sources(release_copy: Path) -> ld.Release:
    """Release 1.0.0 with a second source record (the same text under another id)."""
    meta = json.loads((release_copy / "release.json").read_text(encoding="utf-8"))
    meta["sources"].append({**meta["sources"][0], "id": "second-copy"})
    (release_copy / "release.json").write_text(json.dumps(meta, ensure_ascii=False),
                                                encoding="utf-8")  # fmt: skip
    return ld.load_release(release_copy)


def test_several_sources_need_a_source_id(two_sources: ld.Release) -> None:
    """With two sources, verify(source=...) names the choices and how to pick; with
    source_id it checks exactly the quotes of that source.
    """
    raw = SOURCE_DIR / "raw.txt"
    with pytest.raises(SourceChoiceError) as info:
        verify(source=raw, release=two_sources)
    message = str(info.value)
    assert "has 2 sources (dzrb-2025-06-04, second-copy)" in message
    assert "source_id=ID" in message and "--source-id ID" in message
    report = verify(source=raw, source_id="dzrb-2025-06-04", release=two_sources)
    assert report.problems == ()
    assert report.quotes_checked == len(two_sources.figures) + len(two_sources.events)
    assert verify(source=raw, source_id="second-copy", release=two_sources).quotes_checked == 0
    with pytest.raises(SourceChoiceError, match="no source 'third'; its sources: "):
        verify(source=raw, source_id="third", release=two_sources)


def _record_line(site: Path, path: Path) -> str:
    data = path.read_bytes()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path.relative_to(site).as_posix()},sha256={digest},{len(data)}"


@pytest.fixture
def wheel_install(tmp_path: Path) -> Path:
    """A copy of the package installed as pip installs a wheel: the files, and a dist-info
    whose RECORD lists each with its hash."""
    site = tmp_path / "site"
    shutil.copytree(Path(ld.__file__).parent, site / "liaocheng_data",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    info = site / f"liaocheng_data-{ld.__version__}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: liaocheng-data\nVersion: {ld.__version__}\n",
        encoding="utf-8",
    )
    lines = [_record_line(site, p) for p in sorted(site.rglob("*")) if p.is_file()]
    lines.append(f"{info.name}/RECORD,,")
    (info / "RECORD").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return site


def _verify_in(site: Path) -> Any:
    code = (
        "import json, liaocheng_data as ld\n"
        f"assert ld.__file__.startswith({str(site)!r}), ld.__file__\n"
        "from liaocheng_data.integrity import verify\n"
        "print(json.dumps(verify()._asdict()))\n"
    )
    out = subprocess.run([sys.executable, "-B", "-c", code], env={"PYTHONPATH": str(site)},
                         capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_wheel_install_is_ok_and_code_changes_are_seen(wheel_install: Path) -> None:
    """An intact wheel install verifies ok; a changed module, a deleted file and a file
    added to a release directory are each named, and the state is problems.
    """
    report = _verify_in(wheel_install)
    assert (report["state"], report["ok"], report["problems"]) == ("ok", True, [])
    assert report["files_checked"] > 20
    package = wheel_install / "liaocheng_data"
    with (package / "api.py").open("a", encoding="utf-8") as handle:
        handle.write("\nSTOLEN = True\n")
    (package / "py.typed").unlink()
    (package / "data" / "releases" / "1.0.0" / "notes.txt").write_text("x", encoding="utf-8")
    report = _verify_in(wheel_install)
    assert report["state"] == "problems" and not report["ok"]
    problems = "\n".join(report["problems"])
    assert (
        "api.py (listed in the liaocheng-data RECORD): sha256 differs from the RECORD" in problems
    )
    assert "py.typed (listed in the liaocheng-data RECORD): missing" in problems
    assert ("liaocheng_data/data/releases/1.0.0/notes.txt: in the release directory but not "
            "listed in the package manifest") in problems  # fmt: skip


def test_install_without_record_is_partial(wheel_install: Path) -> None:
    """A distribution whose RECORD does not list the package (as an editable install's)
    verifies partial, never ok, and says what it could not check.
    """
    (record,) = wheel_install.glob("*.dist-info/RECORD")
    record.write_text(record.read_text(encoding="utf-8").splitlines()[-1] + "\n",
                      encoding="utf-8")  # fmt: skip
    report = _verify_in(wheel_install)
    assert (report["state"], report["ok"], report["problems"]) == ("partial", False, [])
    assert "not listed in the liaocheng-data distribution's RECORD" in report["unchecked"][0]


@pytest.mark.parametrize("kind", ["directory", "fifo", "device", "oversized"])
def test_copy_that_is_not_a_small_regular_file_is_refused_at_once(
    tmp_path: Path, kind: str
) -> None:
    """A directory, a FIFO, /dev/zero or a sparse file over the limit given as the copy is a
    problem naming what it is, found without reading it.
    """
    path = tmp_path / "copy"
    if kind == "directory":
        path.mkdir()
        expected = "not a regular file but a directory"
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.fail("a FIFO needs os.mkfifo (POSIX)")
        os.mkfifo(path)
        expected = "not a regular file but a pipe, socket or device"
    elif kind == "device":
        path = Path(os.devnull).with_name("zero")
        expected = "not a regular file but a pipe, socket or device"
    else:
        with path.open("wb") as handle:
            handle.truncate(2 * 1024**3)  # 2 GB, sparse: costs no disk
        expected = (
            f"larger than the limit of {integrity.MAX_COPY_BYTES} bytes for a copy of a source"
        )
    report = verify(source=path, release="1.1.0")
    assert report.state == "problems" and len(report.problems) == 1
    assert report.problems[0] == (
        f"{path}: cannot be read as the text of source dzrb-2025-06-04: {expected}"
    )


def test_copy_is_normalized_as_the_source_records(release_copy: Path) -> None:
    """A source recorded as normalized "plain" takes a reader's copy as a clean text: the
    repost as received then fails (its pinyin glosses stay), while it verifies when the
    source records the repost's normalizer or none.
    """
    raw = SOURCE_DIR / "raw.txt"
    meta = json.loads((release_copy / "release.json").read_text(encoding="utf-8"))
    for normalizer, clean in (("plain", False), ("repost", True), (None, True)):
        meta["sources"][0]["normalizer"] = normalizer
        (release_copy / "release.json").write_text(json.dumps(meta, ensure_ascii=False),
                                                   encoding="utf-8")  # fmt: skip
        rel = ld.load_release(release_copy)
        report = verify(source=raw, release=rel)
        assert (report.problems == ()) is clean, (normalizer, report.problems[:2])
    clean_copy = SOURCE_DIR / "normalized.txt"
    meta["sources"][0]["normalizer"] = "plain"
    (release_copy / "release.json").write_text(json.dumps(meta, ensure_ascii=False),
                                               encoding="utf-8")  # fmt: skip
    assert verify(source=clean_copy, release=ld.load_release(release_copy)).problems == ()
