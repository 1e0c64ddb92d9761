"""The package never touches the network and reads only JSON."""

import ast
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import liaocheng_data as ld

SOURCE_COPY = Path(__file__).resolve().parent.parent / "sources" / "dzrb-2025-06-04" / "raw.txt"


def test_everything_works_with_sockets_disabled(verify_state: str, verify_exit: int) -> None:
    """Import, every accessor and every CLI command work in a fresh interpreter whose socket
    module refuses to create or connect any socket.
    """
    code = textwrap.dedent(
        f"""
        import socket, sys, io, contextlib

        class NoNetwork(Exception):
            pass

        def refuse(*args, **kwargs):
            raise NoNetwork("network access attempted")

        socket.socket = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        socket.socketpair = refuse

        import liaocheng_data as ld
        from liaocheng_data.__main__ import main

        ld.releases(); ld.release(); ld.figures(place="临清市"); ld.get("gdp-2025q1")
        ld.events(); ld.sources(); ld.diff("1.0.0", "1.0.0"); ld.history("gdp-2025q1")
        for style in ("bibtex", "csl-json", "apa", "ris", "text"):
            ld.cite("gdp-2025q1", style=style)
        assert ld.verify(source={str(SOURCE_COPY)!r}, release="1.1.0").state == {verify_state!r}
        with contextlib.redirect_stdout(io.StringIO()):
            for argv in (["list"], ["list", "--format", "csv"], ["show", "gdp-2025q1"],
                         ["events"], ["releases"], ["sources"], ["cite"],
                         ["verify"], ["diff", "1.0.0", "1.0.0"]):
                expected = {verify_exit} if argv == ["verify"] else 0
                assert main(argv) == expected, argv
        print("offline ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "offline ok"


def test_in_process_socket_guard(monkeypatch: pytest.MonkeyPatch, verify_state: str) -> None:
    """The same, in this process: no accessor opens a socket."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert ld.verify().state == verify_state
    assert ld.cite(style="csl-json")
    assert ld.figures(topic="trade", release="1.0.0")


FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "yaml", "dill", "urllib", "http", "socket",
                     "requests", "ftplib", "smtplib"}  # fmt: skip
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}


def test_package_source_reads_only_json() -> None:
    """No module imports pickle, YAML, or networking modules, or calls eval/exec."""
    package = Path(ld.__file__).parent
    offences = []
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                names = []
            offences += [f"{path.name}: import {n}" for n in names
                         if n.split(".")[0] in FORBIDDEN_MODULES]  # fmt: skip
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in FORBIDDEN_CALLS
            ):
                offences.append(f"{path.name}: {node.func.id}()")
    assert offences == []


def test_shipped_data_is_json_and_text_only() -> None:
    """The package's data folder holds only JSON and UTF-8 text files."""
    package = Path(ld.__file__).parent / "data"
    suffixes = {p.suffix for p in package.rglob("*") if p.is_file()}
    assert suffixes <= {".json", ".txt"}
