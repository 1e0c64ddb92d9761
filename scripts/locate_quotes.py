"""Fill in (or check) the offsets of every quote in a release being prepared.

Usage (from the repository root, with liaocheng-data installed):

    python scripts/locate_quotes.py RELEASE_DIR [--check]

The same as ``liaocheng-data release locate RELEASE_DIR [--check]`` (kept for CI and old
habits): see :func:`liaocheng_data.maintain.locate_quotes`. ``--check`` writes nothing and
exits 1 if any offset would change.
"""

import sys

from liaocheng_data.__main__ import main

if __name__ == "__main__":
    sys.exit(main(["release", "locate", *sys.argv[1:]]))
