"""Copy a release directory, writing it in the current data format, to start the next release.

Usage (from the repository root, with liaocheng-data installed):

    python scripts/upgrade_release.py SOURCE_DIR DEST_DIR [--format 2|3|4]

Data format 1 (release 1.0.0) nests each figure's ``unit``, ``period`` and ``provenance``;
format 2 writes them as flat fields and every field of every figure, defaults included;
format 3 also writes the vocabulary tables (``units``, ``measures``, ``topics``,
``exclusions``) into ``release.json``: a format 1 or 2 release gets the legacy vocabulary it
was read with; format 4 (the default) declares the changes of every table, not only of
figures (a change's ``table``). A release already in the current format is rewritten in the
canonical layout (UTF-8, two-space indents, one trailing newline). The work is done by
:func:`liaocheng_data.upgrade.upgrade_release_directory`.

The copy must load to the same figures and events as the original, or the script stops
with an error and removes it: an upgrade never changes data. Published releases are never
upgraded in place (their bytes are locked in RELEASES.lock); this writes a new directory.
"""

import argparse
import sys
from pathlib import Path

import liaocheng_data as ld
from liaocheng_data.models import DATA_FORMAT_VERSION
from liaocheng_data.upgrade import upgrade_release_directory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a release directory")
    parser.add_argument("dest", type=Path, help="a new directory for the copy")
    parser.add_argument("--format", type=int, choices=(2, 3, 4), default=DATA_FORMAT_VERSION,
                        help=f"data format to write (default: {DATA_FORMAT_VERSION})")  # fmt: skip
    args = parser.parse_args()
    if args.dest.exists():
        print(f"{args.dest}: already exists", file=sys.stderr)
        return 1
    try:
        upgrade_release_directory(args.source, args.dest, data_format=args.format)
    except (ld.LiaochengDataError, ValueError) as exc:
        print(f"{args.source}: {exc}", file=sys.stderr)
        return 1
    print(f"{args.dest}: data format {args.format}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
