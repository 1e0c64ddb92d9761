"""Benchmarks for liaocheng-data: prints a table of ratios against the targets.

Usage: python benchmarks/run.py [--quick] [--markdown]

Not part of the pass/fail tests: machines here are noisy. Every timing is a median, and every
comparison runs the two sides alternately so that drift hits both. Ratios travel better than
seconds; the machine is printed with them.

1. cold ``import liaocheng_data`` vs cold ``import pydantic`` (fresh processes, alternated,
   median of 11+ pairs); and vs ``from pydantic import BaseModel`` (pydantic's lazy
   ``import pydantic`` defers BaseModel, which any pydantic-based package needs);
2. cold import plus the first ``get()`` vs the same baselines;
3. ``get(id)`` and an indexed ``figures(indicator=...)`` per call, on 100,000 figures;
4. ``load_release()`` of synthetic releases of 1,000, 10,000 and 100,000 figures (the real
   figures replicated with fresh ids) vs ``json.loads`` of the same bytes; peak memory vs the
   parsed dicts; growth from 10,000 to 100,000 figures.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import liaocheng_data as ld
from liaocheng_data import _resources

ROWS: List[Tuple[str, str, float, float]] = []  # (name, unit, measured, target)


def record(name: str, measured: float, target: float, unit: str = "x") -> None:
    ROWS.append((name, unit, measured, target))


def cold_pair(code_a: str, code_b: str, pairs: int) -> Tuple[float, float]:
    """Median wall time of fresh interpreters running each snippet, alternated."""
    a: List[float] = []
    b: List[float] = []
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    for i in range(pairs):
        for code, sink in ((code_a, a), (code_b, b)) if i % 2 == 0 else ((code_b, b), (code_a, a)):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env)
            sink.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def per_call(func: Callable[[], Any], number: int) -> float:
    """Median seconds per call over 7 runs of ``number`` calls."""
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(number):
            func()
        runs.append((time.perf_counter() - start) / number)
    return statistics.median(runs)


def synthetic_release(folder: Path, size: int) -> Path:
    """A release directory of ``size`` figures: the real ones replicated with fresh ids."""
    src = _resources.data_root().joinpath("releases").joinpath("1.0.0")
    out = folder / f"release-{size}"
    (out / "sources").mkdir(parents=True)
    for name in ("release.json", "events.json"):
        (out / name).write_bytes(src.joinpath(name).read_bytes())
    for child in src.joinpath("sources").iterdir():
        (out / "sources" / child.name).write_bytes(child.read_bytes())
    base = json.loads(src.joinpath("figures.json").read_bytes())
    figures = []
    for i in range(size):
        item = dict(base[i % len(base)])
        item["id"] = f"{item['id']}-r{i}"
        figures.append(item)
    (out / "figures.json").write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    return out


def timed(func: Callable[[], Any], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def peak(func: Callable[[], Any]) -> int:
    tracemalloc.start()
    result = func()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return top


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    pairs = 11 if args.quick else 21

    # 1-2. cold imports
    lazy = "import pydantic"
    full = "from pydantic import BaseModel"
    ours = "import liaocheng_data"
    first = "import liaocheng_data as ld; ld.get('gdp-2025q1')"
    t_ours, t_lazy = cold_pair(ours, lazy, pairs)
    record("import vs `import pydantic`", t_ours / t_lazy, 1.10)
    t_first, t_lazy2 = cold_pair(first, lazy, pairs)
    record("import + first get() vs `import pydantic`", t_first / t_lazy2, 1.25)
    t_ours_b, t_full = cold_pair(ours, full, pairs)
    record("import vs `from pydantic import BaseModel`", t_ours_b / t_full, 1.10)
    t_first_b, t_full2 = cold_pair(first, full, pairs)
    record("import + first get() vs `from pydantic import BaseModel`", t_first_b / t_full2, 1.25)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results: Dict[int, Tuple[float, float, int, int]] = {}
        for size in (1_000, 10_000, 100_000):
            path = synthetic_release(folder, size)
            data = (path / "figures.json").read_bytes()
            repeat = 3 if size == 100_000 else 5
            t_json = timed(lambda: json.loads(data), repeat)  # noqa: B023
            t_load = timed(lambda: ld.load_release(path), repeat)  # noqa: B023
            m_json = peak(lambda: json.loads(data))  # noqa: B023
            m_load = peak(lambda: ld.load_release(path))  # noqa: B023
            results[size] = (t_load, t_json, m_load, m_json)
            record(f"load_release {size:,} figures vs json.loads", t_load / t_json, 1.5)
        big = ld.load_release(folder / "release-100000")
        record("peak memory, 100,000 figures vs parsed dicts",
               results[100_000][2] / results[100_000][3], 1.5)  # fmt: skip
        record("time, 100,000 vs 10,000 figures", results[100_000][0] / results[10_000][0], 11)
        some_id = big.figures[len(big.figures) // 2].id
        record(
            "get(id) per call, 100,000-figure release",
            per_call(lambda: ld.get(some_id, release=big), 100_000) * 1e6,
            1.0,
            "µs",
        )
        ld.get("gdp-2025q1")
        record("get(id) per call, default (shipped) release",
               per_call(lambda: ld.get("gdp-2025q1"), 100_000) * 1e6, 1.0, "µs")  # fmt: skip
        record("figures(indicator=...) over 100,000, per call",
               per_call(lambda: ld.figures(release=big, indicator="gdp"), 50) * 1e3, 2.0,
               "ms")  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)

    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python "
               f"{platform.python_version()}, pydantic {__import__('pydantic').VERSION}, "
               f"liaocheng-data {ld.__version__}")  # fmt: skip
    if args.markdown:
        print(f"Machine: {machine}\n")
        print("| measure | measured | target | met |")
        print("|---|---|---|---|")
        for name, unit, value, target in ROWS:
            ok = "yes" if value <= target else "**no**"
            print(f"| {name} | {value:.2f} {unit} | ≤ {target:g} {unit} | {ok} |")
    else:
        print(f"machine: {machine}")
        width = max(len(r[0]) for r in ROWS)
        for name, unit, value, target in ROWS:
            ok = "met" if value <= target else "NOT MET"
            print(f"{name:<{width}}  {value:8.2f} {unit:<2}  target <= {target:g} {unit}  {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
