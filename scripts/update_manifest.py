"""Write the package manifest ``src/liaocheng_data/data/index.json``.

Usage (from the repository root):

    python scripts/update_manifest.py [--check]

It lists every release directory under ``src/liaocheng_data/data/releases/`` by the version
its ``release.json`` declares, with the sha256 of each of its files. The loader refuses a
shipped file whose bytes differ from the manifest. A published release's hashes never
change: the script refuses to alter the entry of a version already in the manifest unless
``--amend VERSION`` names it (for a release that has not been published yet).
``--check`` writes nothing and exits 1 when the manifest is not up to date.

``--lock VERSION`` appends the release's content digest to ``RELEASES.lock`` when the package
version that first ships it is published; a version already in the lock is never rewritten.
"""

import argparse
import json
import sys
from pathlib import Path

from liaocheng_data._resources import content_digest, tree_hashes

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "liaocheng_data" / "data"
LOCK = ROOT / "RELEASES.lock"


def build() -> dict:
    releases = {}
    for folder in sorted((DATA / "releases").iterdir()):
        if not folder.is_dir():
            continue
        meta = json.loads((folder / "release.json").read_text(encoding="utf-8"))
        files = tree_hashes(folder)
        releases[meta["version"]] = {
            "path": folder.relative_to(DATA).as_posix(),
            "files": files,
        }
    return {"index_version": 1, "releases": releases}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--amend", action="append", default=[])
    parser.add_argument("--lock", metavar="VERSION")
    args = parser.parse_args()
    if args.lock:
        return lock(args.lock)
    path = DATA / "index.json"
    new = build()
    text = json.dumps(new, indent=2, sort_keys=True) + "\n"
    old_text = path.read_text(encoding="utf-8") if path.exists() else None
    if args.check:
        if old_text != text:
            print(f"{path} is not up to date: run scripts/update_manifest.py", file=sys.stderr)
            return 1
        return 0
    locked = {
        line.split()[0]
        for line in (LOCK.read_text(encoding="utf-8").splitlines() if LOCK.exists() else [])
        if line.strip() and not line.startswith("#")
    }
    if old_text:
        old = json.loads(old_text)["releases"]
        for version, entry in old.items():
            if version in args.amend and version not in locked:
                continue
            if new["releases"].get(version) != entry:
                print(
                    f"release {version} changed or vanished; published releases are "
                    "immutable (use --amend VERSION only before publishing)",
                    file=sys.stderr,
                )
                return 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(new['releases'])} releases)")
    return 0


def lock(version: str) -> int:
    entry = build()["releases"].get(version)
    if entry is None:
        print(f"no release {version} under {DATA / 'releases'}", file=sys.stderr)
        return 1
    lines = LOCK.read_text(encoding="utf-8").splitlines() if LOCK.exists() else []
    if any(line.split()[:1] == [version] for line in lines if not line.startswith("#")):
        print(f"{version} is already locked; published releases never change", file=sys.stderr)
        return 1
    with LOCK.open("a", encoding="utf-8") as handle:
        handle.write(f"{version} {content_digest(entry['files'])}\n")
    print(f"locked {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
