"""Archive a source article: keep the raw copy as received, write its normalized text.

Usage (from the repository root):

    python scripts/archive_source.py SOURCE_ID RAW_FILE [--expect-sha256 HEX]
        [--copy-to src/liaocheng_data/data/releases/X.Y.Z/sources]

It writes ``sources/SOURCE_ID/raw.txt`` (byte for byte), ``sources/SOURCE_ID/normalized.txt``
and ``sources/SOURCE_ID/SHA256SUMS``; with ``--copy-to`` it also copies the normalized text
into a release being prepared, as ``SOURCE_ID.txt``. Re-running it on the same input
rewrites identical files, so ``git diff`` shows any change to the normalizer's output.
``--check`` writes nothing and exits 1 when the archived files differ from what it would write.
"""

import argparse
import hashlib
import sys
from pathlib import Path

from liaocheng_data.sourcetext import find_glosses, normalize

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_id")
    parser.add_argument("raw", type=Path)
    parser.add_argument("--expect-sha256")
    parser.add_argument("--copy-to", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    raw = args.raw.read_bytes()
    raw_sha = hashlib.sha256(raw).hexdigest()
    if args.expect_sha256 and raw_sha != args.expect_sha256:
        print(f"{args.raw}: sha256 is {raw_sha}, expected {args.expect_sha256}", file=sys.stderr)
        return 1
    raw_text = raw.decode("utf-8")
    normalized = normalize(raw_text).encode("utf-8")
    norm_sha = hashlib.sha256(normalized).hexdigest()
    outputs = {
        "raw.txt": raw,
        "normalized.txt": normalized,
        "SHA256SUMS": f"{raw_sha}  raw.txt\n{norm_sha}  normalized.txt\n".encode(),
    }
    folder = ROOT / "sources" / args.source_id
    if args.check:
        stale = [n for n, b in outputs.items() if not (folder / n).is_file()
                 or (folder / n).read_bytes() != b]  # fmt: skip
        for name in stale:
            print(f"{folder / name}: differs from what the normalizer writes", file=sys.stderr)
        return 1 if stale else 0
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        (folder / name).write_bytes(data)
    if args.copy_to:
        args.copy_to.mkdir(parents=True, exist_ok=True)
        (args.copy_to / f"{args.source_id}.txt").write_bytes(normalized)
    print(f"{len(find_glosses(raw_text))} pinyin glosses removed")
    print(f"raw        {raw_sha}")
    print(f"normalized {norm_sha}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
