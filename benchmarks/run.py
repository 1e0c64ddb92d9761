"""Benchmarks for liaocheng-data: prints a table of ratios against the targets.

Usage: python benchmarks/run.py [--quick] [--markdown]

Not part of the pass/fail tests: machines here are noisy. Every timing is a median, and every
comparison runs the two sides alternately so that drift hits both. Ratios travel better than
seconds; the machine is printed with them.

1. cold ``import liaocheng_data`` vs cold ``import pydantic`` (fresh processes, alternated,
   median of 11+ pairs); and vs ``from pydantic import BaseModel`` (pydantic's lazy
   ``import pydantic`` defers BaseModel, which any pydantic-based package needs);
2. cold import plus the first ``get()`` vs a program that defines one pydantic model and
   validates one instance: the floor for any library that returns pydantic objects (against
   the two bare imports above, for information);
3. ``get(id)`` and an indexed ``figures(indicator=...)`` per call, on 100,000 figures;
4. ``load_release()`` of synthetic releases of 1,000, 10,000 and 100,000 figures (the real
   figures replicated with fresh ids, written in the current data format exactly as
   ``scripts/upgrade_release.py`` writes a release) vs ``json.loads`` of the same file (read
   and parsed, with the garbage collector paused as the loader pauses it; the ratio against
   ``json.loads`` with the collector running is printed too, for information), each timed in
   fresh interpreters, alternated (median of 5 pairs at 100,000, of 9 below); peak memory
   vs the parsed dicts (tracemalloc); growth from 10,000 to 100,000 figures; the same
   100,000 figures written with four-space indents and compact, each against ``json.loads``
   of its own file (the loader's speed must not depend on the layout);
5. for information (no target): a release of 100,000 figures that all differ in value and
   literal (quoting a synthetic source text written for them), since the loader checks the
   number and period rules once per distinct profile and replicated figures repeat theirs;
   that cost per profile; a 100,000-figure release in data format 1 (release 1.0.0's nested
   layout, read by a slower path).
"""

import argparse
import gc
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
from typing import Any, Callable, Dict, List, Optional, Tuple

import liaocheng_data as ld
from liaocheng_data import _resources
from liaocheng_data.models import DATA_FORMAT_VERSION
from liaocheng_data.upgrade import upgrade_release_dict

ROWS: List[Tuple[str, str, float, Optional[float]]] = []  # (name, unit, measured, target)


def record(name: str, measured: float, target: Optional[float], unit: str = "x") -> None:
    """A row of the table; a target of None marks a measurement given for information."""
    ROWS.append((name, unit, measured, target))


_PYCACHE: List[str] = []  # the bytecode folder of the cold runs, made on first need


def pycache() -> str:
    """A temporary folder for the cold runs' bytecode (removed at the end of :func:`main`)."""
    if not _PYCACHE:
        _PYCACHE.append(tempfile.mkdtemp(prefix="liaocheng-bench-pycache-"))
    return _PYCACHE[0]


def cold_pair(code_a: str, code_b: str, pairs: int) -> Tuple[float, float]:
    """Median wall time of fresh interpreters running each snippet, alternated."""
    a: List[float] = []
    b: List[float] = []
    # Bytecode as an installed wheel has it (pip compiles on install), kept out of the tree:
    # with stale or missing .pyc files an editable checkout would time the compiler instead.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache()
    for code in (code_a, code_b):  # warm-up: writes the bytecode both sides then reuse
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
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


def _record(figure: Any) -> Dict[str, Any]:
    """A figure as a data format 2 or 3 file holds it: every field, ids for place and entity."""
    record: Dict[str, Any] = figure.model_dump(mode="json", exclude={"release"})
    record["place"] = figure.place.id
    record["entity"] = None if figure.entity is None else figure.entity.id
    return record


#: JSON layouts a maintainer's tools may write; ``json.dumps`` keyword arguments.
LAYOUTS: Dict[str, Dict[str, Any]] = {
    "indent-2": {"indent": 2},
    "indent-4": {"indent": 4},
    "compact": {"separators": (",", ":")},
}

#: The floor for any library that returns pydantic objects.
ONE_MODEL = "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)"


def synthetic_release(
    folder: Path, size: int, data_format: int = DATA_FORMAT_VERSION, layout: str = "indent-2"
) -> Path:
    """A release directory of ``size`` figures: the real ones replicated with fresh ids."""
    src = _resources.data_root().joinpath("releases").joinpath("1.0.0")
    suffix = "" if layout == "indent-2" else f"-{layout}"
    out = folder / f"release-{size}-v{data_format}{suffix}"
    (out / "sources").mkdir(parents=True)
    meta = json.loads(src.joinpath("release.json").read_bytes())
    if data_format == 1:
        meta["format_version"] = 1
    else:  # as scripts/upgrade_release.py writes it (format 3: the vocabulary embedded)
        meta = upgrade_release_dict(meta, [], [], data_format=data_format)[0]
    (out / "release.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    (out / "events.json").write_bytes(src.joinpath("events.json").read_bytes())
    for child in src.joinpath("sources").iterdir():
        (out / "sources" / child.name).write_bytes(child.read_bytes())
    if data_format == 1:
        base = json.loads(src.joinpath("figures.json").read_bytes())
    else:
        base = [_record(f) for f in ld.release("1.0.0").figures]
    figures = []
    for i in range(size):
        item = dict(base[i % len(base)])
        item["id"] = f"{item['id']}-r{i}"
        figures.append(item)
    text = json.dumps(figures, ensure_ascii=False, **LAYOUTS[layout]) + "\n"
    (out / "figures.json").write_text(text, encoding="utf-8")
    return out


def distinct_release(folder: Path, size: int) -> Path:
    """A release of ``size`` figures that all differ in value and literal, quoting a synthetic
    source text written for them (the worst case for the loader's per-profile checks)."""
    out = synthetic_release(folder, 1)
    out = out.rename(folder / f"release-{size}-distinct")
    template = _record(ld.get("gdp-2025q1", release="1.0.0"))
    parts: List[str] = []
    figures = []
    at = 0
    for i in range(size):
        value = f"{1000 + i // 9}.{i % 9 + 1}"
        quote = f"第{i}项指标{value}亿元"
        figures.append({**template, "id": f"synthetic-{i}", "value": value, "quote": quote,
                        "quote_start": at, "quote_end": at + len(quote),
                        "literal": f"{value}亿元", "source_id": "dzrb-2025-06-04"})  # fmt: skip
        parts.append(quote + "。")
        at += len(quote) + 1
    text = "".join(parts).encode("utf-8")
    source = out / "sources" / "dzrb-2025-06-04.txt"
    source.write_bytes(text)
    meta = json.loads((out / "release.json").read_bytes())
    meta["sources"][0]["sha256"] = _resources.sha256(text)
    (out / "release.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    (out / "events.json").write_text("[]\n")
    body = json.dumps(figures, ensure_ascii=False, indent=2) + "\n"
    (out / "figures.json").write_text(body, encoding="utf-8")
    return out


_TIME_JSON = """
import gc, json, sys, time
from pathlib import Path
path = Path(sys.argv[1]) / "figures.json"
if sys.argv[2] == "paused":
    gc.disable()
start = time.perf_counter()
json.loads(path.read_bytes())
print(time.perf_counter() - start)
"""
_TIME_LOAD = """
import sys, time
import liaocheng_data as ld
ld.release("1.0.0")  # pydantic imported and the models built, as in any session
start = time.perf_counter()
ld.load_release(sys.argv[1])
print(time.perf_counter() - start)
"""


def fresh_pair(path: Path, pairs: int, gc_mode: str = "paused") -> Tuple[float, float]:
    """Median seconds of ``json.loads`` of the release's figures.json and of
    ``load_release`` of the release, each in a fresh interpreter, alternated.

    Fresh processes are how a release is loaded in practice (once per notebook or command),
    and keep one measurement's freed memory from slowing or speeding the next."""
    json_runs: List[float] = []
    load_runs: List[float] = []
    for i in range(pairs):
        order = [(_TIME_JSON, json_runs), (_TIME_LOAD, load_runs)]
        for code, runs in order if i % 2 == 0 else order[::-1]:
            out = subprocess.run(
                [sys.executable, "-c", code, str(path), gc_mode],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            runs.append(float(out.stdout))
    return statistics.median(json_runs), statistics.median(load_runs)


def json_loads_file(path: Path, collect: bool = False) -> Any:
    """``json.loads`` of the file, read from disk, with the cyclic GC paused (or running)."""
    paused = gc.isenabled() and not collect
    if paused:
        gc.disable()
    try:
        return json.loads(path.read_bytes())
    finally:
        if paused:
            gc.enable()


def rule_cost_per_combination() -> float:
    """Seconds to check the number and period rules of one distinct profile of fields."""
    from liaocheng_data._loader import _PROFILE, _combination_problems
    from liaocheng_data.numerals import format_decimal

    rel = ld.release("1.0.0")
    kinds = {u.code: u.kind for u in rel.units}
    combos = [_PROFILE({**f.__dict__, "value": format_decimal(f.value)}) for f in rel.figures]
    start = time.perf_counter()
    for _ in range(200):
        for combo in combos:
            _combination_problems(combo, kinds)
    return (time.perf_counter() - start) / (200 * len(combos))


def peak(func: Callable[[], Any]) -> int:
    tracemalloc.start()
    result = func()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return top


def print_table(machine: str, markdown: bool) -> None:
    """Print :data:`ROWS` as a Markdown table or as aligned text."""
    if markdown:
        print(f"Machine: {machine}\n")
        print("| measure | measured | target | met |")
        print("|---|---|---|---|")
    else:
        print(f"machine: {machine}")
    width = max(len(r[0]) for r in ROWS)
    for name, unit, value, target in ROWS:
        measured = f"{value:.2f} {unit}"
        limit = "–" if target is None else f"≤ {target:g} {unit}"
        met = "–" if target is None else "yes" if value <= target else "**no**"
        if markdown:
            print(f"| {name} | {measured} | {limit} | {met} |")
        elif target is None:
            print(f"{name:<{width}}  {measured}")
        else:
            verdict = "met" if met == "yes" else "NOT MET"
            print(f"{name:<{width}}  {measured:<10}  target {limit}  {verdict}")


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
    t_first_m, t_model = cold_pair(first, ONE_MODEL, pairs)
    record("import + first get() vs one pydantic model defined and validated",
           t_first_m / t_model, 1.25)  # fmt: skip
    t_first, t_lazy2 = cold_pair(first, lazy, pairs)
    record("import + first get() vs `import pydantic` (information)", t_first / t_lazy2, None)
    t_ours_b, t_full = cold_pair(ours, full, pairs)
    record("import vs `from pydantic import BaseModel`", t_ours_b / t_full, 1.10)
    t_first_b, t_full2 = cold_pair(first, full, pairs)
    record("import + first get() vs `from pydantic import BaseModel` (information)",
           t_first_b / t_full2, None)  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results: Dict[int, Tuple[float, float, int, int]] = {}
        for size in (1_000, 10_000, 100_000):
            path = synthetic_release(folder, size)
            figures_file = path / "figures.json"
            t_json, t_load = fresh_pair(path, 5 if size == 100_000 else 9)
            m_json = peak(lambda: json_loads_file(figures_file))  # noqa: B023
            m_load = peak(lambda: ld.load_release(path))  # noqa: B023
            results[size] = (t_load, t_json, m_load, m_json)
            name = f"load_release {size:,} figures vs json.loads"
            if size == 100_000:  # the target is set at this size
                record(name, t_load / t_json, 1.5)
            else:  # smaller releases: fixed costs (metadata, events, source text) show
                record(f"{name} (information)", t_load / t_json, None)
            if size == 100_000:
                t_gc, t_load_gc = fresh_pair(path, 3, gc_mode="running")
                record("  same, vs json.loads with the GC running (information)",
                       t_load_gc / t_gc, None)  # fmt: skip
        for layout in ("indent-4", "compact"):
            other = synthetic_release(folder, 100_000, layout=layout)
            t_json_l, t_load_l = fresh_pair(other, 5)
            record(f"load_release 100,000 figures, {layout} JSON, vs json.loads",
                   t_load_l / t_json_l, 1.5)  # fmt: skip
            shutil.rmtree(other)
        distinct = distinct_release(folder, 100_000)
        t_json_d, t_load_d = fresh_pair(distinct, 5)
        record("load_release 100,000 figures that all differ (information)",
               t_load_d / t_json_d, None)  # fmt: skip
        shutil.rmtree(distinct)
        old = synthetic_release(folder, 100_000, data_format=1)
        t_json1, t_load1 = fresh_pair(old, 3)
        record("load_release 100,000 figures in data format 1 (information)",
               t_load1 / t_json1, None)  # fmt: skip
        shutil.rmtree(old)
        record("number and period rules, per distinct combination (information)",
               rule_cost_per_combination() * 1e6, None, "µs")  # fmt: skip
        big = ld.load_release(folder / f"release-100000-v{DATA_FORMAT_VERSION}")
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
    print_table(machine, args.markdown)
    for folder in _PYCACHE:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
