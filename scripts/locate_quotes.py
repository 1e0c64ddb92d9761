"""Fill in (or check) the offsets of every quote in a release being prepared.

Usage (from the repository root):

    python scripts/locate_quotes.py RELEASE_DIR [--check]

For each figure and event, it finds the quote in the normalized text of its source (as the
release's ``release.json`` lists it) and writes its offsets (code points, end exclusive): a
figure's ``quote_start`` and ``quote_end`` (data format 2; ``provenance.start`` and ``.end`` in
format 1), an event's ``provenance.start`` and ``.end``. A quote that occurs more than once
keeps the offsets it has if they point at one of its occurrences; otherwise the script stops
and names it, so a maintainer lengthens the quote or sets the start by hand. ``--check``
writes nothing and exits 1 if any offset would change. Reviewed JSON stays the source of
truth: this only saves counting characters by hand.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, List


def locate(entry: Dict[str, Any], texts: Dict[str, str], where: str) -> List[str]:
    if "provenance" in entry:  # events, and figures in data format 1
        holder, start_key, end_key = entry["provenance"], "start", "end"
    else:  # figures in data format 2: flat fields
        holder, start_key, end_key = entry, "quote_start", "quote_end"
    text = texts[holder["source_id"]]
    quote = holder["quote"]
    hits = []
    i = text.find(quote)
    while i != -1:
        hits.append(i)
        i = text.find(quote, i + 1)
    if not hits:
        return [f"{where}: quote {quote!r} is not in source {holder['source_id']}"]
    if len(hits) > 1 and holder.get(start_key) not in hits:
        return [f"{where}: quote {quote!r} occurs {len(hits)} times at {hits}: set the start "
                "by hand"]  # fmt: skip
    start = holder[start_key] if holder.get(start_key) in hits else hits[0]
    holder[start_key], holder[end_key] = start, start + len(quote)
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release_dir", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    meta = json.loads((args.release_dir / "release.json").read_text(encoding="utf-8"))
    texts = {
        s["id"]: (args.release_dir / s["text"]).read_text(encoding="utf-8") for s in meta["sources"]
    }
    problems: List[str] = []
    changed: List[str] = []
    for name in ("figures.json", "events.json"):
        path = args.release_dir / name
        before = path.read_text(encoding="utf-8")
        entries = json.loads(before)
        for entry in entries:
            problems += locate(entry, texts, f"{name}: {entry['id']}")
        after = json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
        if after != before:
            changed.append(name)
            if not args.check:
                path.write_text(after, encoding="utf-8")
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.check and changed:
        print("offsets would change in: " + ", ".join(changed), file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
