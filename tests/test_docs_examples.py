"""Every code example in the docs and the README runs as written, pasted into a fresh session.

Python blocks run each in a namespace of its own (as in a new Jupyter kernel), so a block that
forgets its import fails here; blocks written as ``>>>`` sessions are doctests and must print
what they show. In shell blocks, every ``liaocheng-data`` command line without a placeholder
(an upper-case word such as ``DIR`` or ``X.Y.Z``, which a reader replaces) runs in-process.
"""

import contextlib
import doctest
import io
import re
import shlex
from pathlib import Path
from typing import Dict, List, NamedTuple

import pytest

from liaocheng_data.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: The maintainer's guide writes release directories; tests/test_adding_a_release.py runs it.
SHELL_SKIPPED_PAGES = {"adding-a-release.md"}
_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.M | re.S)
_PLACEHOLDER = re.compile(r"\b[A-Z][A-Z0-9_.]*[A-Z0-9]\b|\.\.\.|…|\[|path/to/")
#: Files the docs ask the reader to bring: the test brings real ones.
READER_FILES = {
    "my-copy-of-the-article.txt": ROOT / "sources" / "dzrb-2025-06-04" / "raw.txt",
}
#: Examples that document a feature not shipped yet; strict, so each flips to a failure the day
#: it starts to pass and must then leave this list.
PENDING: Dict[str, str] = {}


class Block(NamedTuple):
    """One code block (or one command line) of a page, with the line where it starts."""

    page: str
    line: int
    lang: str
    code: str


def _blocks() -> List[Block]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in _FENCE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.append(Block(page.name, line, m.group(1), m.group(2)))
    return found


BLOCKS = _blocks()
PYTHON = [b for b in BLOCKS if b.lang in ("python", "py", "pycon")]


def _commands() -> List[Block]:
    out = []
    for b in BLOCKS:
        if b.lang not in ("sh", "bash", "console", "shell") or b.page in SHELL_SKIPPED_PAGES:
            continue
        for offset, raw in enumerate(b.code.splitlines()):
            line = raw.split(" #", 1)[0].strip().removeprefix("$ ").strip()
            if line.startswith("liaocheng-data ") and not _PLACEHOLDER.search(line):
                out.append(Block(b.page, b.line + 1 + offset, "sh", line))
    return out


COMMANDS = _commands()


def _id(b: Block) -> str:
    return f"{b.page}:{b.line}"


def _params(blocks: List[Block]) -> List["pytest.ParameterSet"]:
    return [
        pytest.param(
            b,
            id=_id(b),
            marks=[pytest.mark.xfail(reason=PENDING[_id(b)], strict=True)]
            if _id(b) in PENDING
            else [],
        )
        for b in blocks
    ]


def _bring_reader_files(where: Path) -> None:
    for name, origin in READER_FILES.items():
        (where / name).write_bytes(origin.read_bytes())


@pytest.mark.parametrize("block", _params(PYTHON))
def test_python_block_runs(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python example runs on its own in a fresh namespace (and a >>> session prints as shown)."""
    monkeypatch.chdir(tmp_path)
    if ">>>" in block.code:
        test = doctest.DocTestParser().get_doctest(block.code, {}, _id(block), block.page, 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        out = io.StringIO()
        runner.run(test, out=out.write)
        assert runner.failures == 0, out.getvalue()
    else:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block.code, _id(block), "exec"), {"__name__": "__docs__"})


@pytest.mark.parametrize("command", _params(COMMANDS))
def test_cli_line_runs(
    command: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, verify_exit: int
) -> None:
    """A command line shown in the docs exits 0 (verify: 3, partial, in an editable install)."""
    monkeypatch.chdir(tmp_path)
    _bring_reader_files(tmp_path)
    argv = shlex.split(command.code)[1:]
    for i, word in enumerate(argv):  # a pipe or redirection ends the command
        if word in ("|", ">", ">>", "&&"):
            argv = argv[:i]
            break
    out = io.StringIO()
    expected = verify_exit if argv[:1] == ["verify"] else 0  # partial when editable
    assert main(argv, out) == expected, out.getvalue()


def test_examples_are_found() -> None:
    """The collection is not vacuous: the docs' examples are found and run."""
    assert len(PYTHON) >= 7
    assert len(COMMANDS) >= 5


_COUNTS = re.compile(
    r"[Dd]ata release \*\*([0-9.]+)\*\* holds its (\d+) figures and (\d+) dated events"
)


def test_readme_states_the_newest_release_and_its_counts() -> None:
    """The README names the newest shipped data release with its real numbers of figures and
    events, so shipping a release without updating it fails here."""
    import liaocheng_data as ld

    found = _COUNTS.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    newest = ld.release()
    assert found == [(newest.version, str(len(newest.figures)), str(len(newest.events)))]
