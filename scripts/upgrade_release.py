"""Copy a release directory, writing it in the current data format, to start the next release.

Usage (from the repository root, with liaocheng-data installed):

    python scripts/upgrade_release.py SOURCE_DIR DEST_DIR

Data format 1 (release 1.0.0) nests each figure's ``unit``, ``period`` and ``provenance``;
format 2 writes them as flat fields (``unit_code``, ``unit_zh``, ``period_start``,
``period_end``, ``period_label``, ``source_id``, ``quote``, ``quote_start``, ``quote_end``,
``literal``) and every field of every figure, defaults included, so that the loader can
validate ``figures.json`` in one pass and rule out repeated keys by counting. Events and
``release.json`` keep their layout; ``format_version`` becomes the current one. A release
already in the current format is copied and rewritten in the canonical layout (UTF-8,
two-space indents, one trailing newline).

The copy must load to the same figures and events as the original, or the script stops
with an error and removes it: an upgrade never changes data. Published releases are never
upgraded in place (their bytes are locked in RELEASES.lock); this writes a new directory.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import liaocheng_data as ld
from liaocheng_data._loader import flatten_v1
from liaocheng_data.models import DATA_FORMAT_VERSION, Figure


def write_json(path: Path, data: Any) -> None:
    """Write JSON as releases are written: UTF-8, two-space indents, a trailing newline."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def complete_record(record: Any) -> Any:
    """A format 2 figure record with every field but ``release`` given, in model order."""
    if not isinstance(record, dict):
        return record
    flat = flatten_v1(record)
    out = {}
    for name, field in Figure.model_fields.items():
        if name == "release":
            continue
        if name in flat:
            out[name] = flat[name]
        else:
            default = field.get_default(call_default_factory=True)
            out[name] = list(default) if isinstance(default, tuple) else default
    return {**out, **{k: v for k, v in flat.items() if k not in out}}


def upgrade(source: Path, dest: Path) -> None:
    """Write ``source`` into the new directory ``dest`` in the current data format."""
    original = ld.load_release(source)
    shutil.copytree(source, dest)
    meta = json.loads((dest / "release.json").read_text(encoding="utf-8"))
    meta["format_version"] = DATA_FORMAT_VERSION
    write_json(dest / "release.json", meta)
    figures = json.loads((dest / "figures.json").read_text(encoding="utf-8"))
    write_json(dest / "figures.json", [complete_record(r) for r in figures])
    write_json(dest / "events.json", json.loads((dest / "events.json").read_text("utf-8")))
    upgraded = ld.load_release(dest)
    if (upgraded.figures, upgraded.events) != (original.figures, original.events):
        shutil.rmtree(dest)
        raise SystemExit(f"{source}: the upgraded copy does not load to the same data")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a release directory")
    parser.add_argument("dest", type=Path, help="a new directory for the copy")
    args = parser.parse_args()
    if args.dest.exists():
        print(f"{args.dest}: already exists", file=sys.stderr)
        return 1
    try:
        upgrade(args.source, args.dest)
    except ld.LiaochengDataError as exc:
        print(f"{args.source}: {exc}", file=sys.stderr)
        return 1
    print(f"{args.dest}: data format {DATA_FORMAT_VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
