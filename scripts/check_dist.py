"""Check the built distributions: what the wheel and the sdist hold.

Usage: python scripts/check_dist.py DIST_DIR

The wheel must hold the package, its py.typed marker, the manifest and every data file the
manifest lists (data missing from the wheel is the bug that bites data packages most), and
neither the tests nor the repository's sources/. The sdist must hold the sources, tests,
scripts and docs needed to rebuild and re-test from it. Exits 1 naming what is wrong.
"""

import json
import sys
import tarfile
import zipfile
from pathlib import Path


def main() -> int:
    dist = Path(sys.argv[1])
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    problems = []
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        index = json.loads(zf.read("liaocheng_data/data/index.json"))
    for version, entry in index["releases"].items():
        for name in entry["files"]:
            member = f"liaocheng_data/data/{entry['path']}/{name}"
            if member not in names:
                problems.append(f"{wheel.name}: release {version}: {member} missing")
    for path in index.get("vocabularies", {}):
        if f"liaocheng_data/data/{path}" not in names:
            problems.append(f"{wheel.name}: vocabulary liaocheng_data/data/{path} missing")
    for required in ("liaocheng_data/py.typed", "liaocheng_data/__init__.py"):
        if required not in names:
            problems.append(f"{wheel.name}: {required} missing")
    for name in names:
        top = name.split("/")[0]
        if top in ("tests", "sources", "scripts", "docs", "benchmarks"):
            problems.append(f"{wheel.name}: must not contain {name}")
    with tarfile.open(sdist) as tf:
        members = {m.name.split("/", 1)[1] for m in tf.getmembers() if "/" in m.name}
    required_in_sdist = [
        "pyproject.toml",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "LICENSE-DATA",
        "RELEASES.lock",
        "CITATION.cff",
        "sources/dzrb-2025-06-04/raw.txt",
        "sources/dzrb-2025-06-04/normalized.txt",
        "tests/conftest.py",
        "tests/corpus/01-truncated-json.json",
        "tests/fixtures/releases/90.1.0/figures.json",
        "scripts/update_manifest.py",
        "docs/index.md",
        "src/liaocheng_data/data/index.json",
    ]
    for required in required_in_sdist:
        if required not in members:
            problems.append(f"{sdist.name}: {required} missing")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{wheel.name}: {len(names)} files; {sdist.name}: {len(members)} files")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
