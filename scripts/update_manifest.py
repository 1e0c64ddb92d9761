"""Write the package manifest ``src/liaocheng_data/data/index.json``.

Usage (from the repository root):

    python scripts/update_manifest.py [--check]
    python scripts/update_manifest.py --lock VERSION

It lists every release directory under ``src/liaocheng_data/data/releases/`` by the version
its ``release.json`` declares, with the sha256 of each of its files, and the vocabulary files
under ``data/vocabularies/`` (the units, measures and topics that releases in data formats 1
and 2 take from the package). The newest release listed is ``liaocheng_data.DATA_VERSION`` and
the default release: shipping a data release changes no Python file.

Rerun it freely while preparing a release: anything not in ``RELEASES.lock`` is rewritten from
the files as they are. What the lock holds was published and is immutable: the script refuses
to write a manifest that changes a locked release's (or vocabulary's) hashes, and says so.
``--check`` writes nothing and exits 1 when the manifest is not up to date.

``--lock VERSION`` appends the release's content digest to ``RELEASES.lock`` when the package
version that first ships it is published (and the digest of any vocabulary file not yet
locked); a version already in the lock is never rewritten.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Dict

from liaocheng_data._resources import content_digest, sha256, tree_hashes

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
    vocabularies = {
        path.relative_to(DATA).as_posix(): sha256(path.read_bytes())
        for path in sorted((DATA / "vocabularies").glob("*.json"))
    }
    return {"index_version": 1, "releases": releases, "vocabularies": vocabularies}


def locked() -> Dict[str, str]:
    """What RELEASES.lock holds: a release version or ``vocabularies/NAME.json`` -> digest."""
    lines = LOCK.read_text(encoding="utf-8").splitlines() if LOCK.exists() else []
    out = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            name, digest = line.split()
            out[name] = digest
    return out


def lock_problems(manifest: dict) -> list:
    """How ``manifest`` would change what RELEASES.lock holds (published, immutable)."""
    problems = []
    for name, digest in locked().items():
        if name.startswith("vocabularies/"):
            found = manifest["vocabularies"].get(name)
        else:
            entry = manifest["releases"].get(name)
            found = None if entry is None else content_digest(entry["files"])
        if found != digest:
            state = "is missing" if found is None else "has changed"
            problems.append(
                f"{name} is in RELEASES.lock (published, immutable) but {state}; restore its "
                "files (git checkout), and make changes in a new release"
            )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--lock", metavar="VERSION")
    args = parser.parse_args()
    if args.lock:
        return lock(args.lock)
    path = DATA / "index.json"
    new = build()
    text = json.dumps(new, indent=2, sort_keys=True) + "\n"
    old_text = path.read_text(encoding="utf-8") if path.exists() else None
    problems = lock_problems(new)
    if args.check:
        if old_text != text:
            problems.append(f"{path} is not up to date: run python scripts/update_manifest.py")
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(new['releases'])} releases)")
    return 0


def lock(version: str) -> int:
    manifest = build()
    entry = manifest["releases"].get(version)
    if entry is None:
        print(f"no release {version} under {DATA / 'releases'}", file=sys.stderr)
        return 1
    done = locked()
    if version in done:
        print(f"{version} is already locked; published releases never change", file=sys.stderr)
        return 1
    problems = lock_problems(manifest)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    with LOCK.open("a", encoding="utf-8") as handle:
        for name, digest in manifest["vocabularies"].items():
            if name not in done:
                handle.write(f"{name} {digest}\n")
        handle.write(f"{version} {content_digest(entry['files'])}\n")
    print(f"locked {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
