"""Write pip constraints pinning every runtime dependency to the lowest version pyproject.toml
declares, for the Python running this script (markers such as python_version < '3.11' are
evaluated): CI installs them, wheels only, and runs the tests, so the declared ranges are true.

Usage: python scripts/lowest_requirements.py > constraints.txt
"""

import re
import sys
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent
_DEPENDENCY = re.compile(
    r"""^\s*"(?P<name>[A-Za-z0-9_.-]+)>=(?P<low>[0-9.]+)[^";]*(?:;\s*python_version\s*
    (?P<op><|>=)\s*'(?P<version>[0-9.]+)')?"\s*,""",
    re.VERBOSE,
)


def _applies(op: str, version: str) -> bool:
    wanted = tuple(int(part) for part in version.split("."))
    return sys.version_info[:2] < wanted if op == "<" else sys.version_info[:2] >= wanted


def lowest() -> List[str]:
    """``name==version`` for each runtime dependency that applies to this Python."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    pins: List[str] = []
    for line in block.splitlines():
        found = _DEPENDENCY.match(line)
        if found is None:
            continue
        if found["op"] and not _applies(found["op"], found["version"]):
            continue
        pins.append(f"{found['name']}=={found['low']}")
    return pins


def main() -> int:
    pins = lowest()
    if not any(pin.startswith("pydantic==") for pin in pins):
        print("no pydantic lower bound found in pyproject.toml", file=sys.stderr)
        return 1
    print("\n".join(pins))
    return 0


if __name__ == "__main__":
    sys.exit(main())
