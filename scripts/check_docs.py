"""Check a built docs site: every figure id is in the data dictionary, with the chart.

Usage: python scripts/check_docs.py SITE_DIR
"""

import sys
from pathlib import Path

import liaocheng_data as ld


def main() -> int:
    site = Path(sys.argv[1])
    page = (site / "data-dictionary" / "index.html").read_text(encoding="utf-8")
    missing = [f.id for f in ld.figures() if f.id not in page]
    missing += [e.id for e in ld.events() if e.id not in page]
    problems = [f"data dictionary lacks {i}" for i in missing]
    if "<svg" not in page or "provincial rank" not in page:
        problems.append("data dictionary lacks the Q1 growth chart")
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("figures", "get", "cite", "verify", "diff", "export"):
        if f"liaocheng_data.{name}" not in api and f">{name}<" not in api:
            problems.append(f"API reference lacks {name}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"docs: {len(ld.figures())} figures and {len(ld.events())} events listed, chart present"
          if not problems else f"docs: {len(problems)} problems")  # fmt: skip
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
