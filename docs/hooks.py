"""mkdocs hooks: build the data dictionary and the chart from the installed data.

Each page that holds a marker gets generated content at build time, so the docs can never
disagree with the data release they describe:

- ``<!-- data-dictionary -->``: every figure of the newest release, grouped by topic;
- ``<!-- chart:q1-growth -->``: an SVG bar chart of the Q1 2025 growth rates and their
  provincial ranks;
- ``<!-- chart:dataframe -->``: the matplotlib chart that the code of exports.md draws from
  ``ld.to_dataframe`` (``scripts/draw_chart.py`` runs it; needs the ``docs`` extra);
- ``<!-- versions -->``: the package and data versions.
"""

import html
import importlib.util
from pathlib import Path
from typing import Any, Dict, List, Tuple

import liaocheng_data as ld

_QUALIFIER = {"exact": "", "more_than": "> ", "at_least": "≥ ", "approximately": "≈ ",
              "imprecise": "~ "}  # fmt: skip


def _cell(text: str) -> str:
    return html.escape(text).replace("|", "\\|").replace("\n", " ")


def data_dictionary() -> str:
    """Markdown tables of every figure: id, value, unit, period, place, quote."""
    rel = ld.release()
    out: List[str] = [
        f"Data release **{rel.version}** ({rel.date.isoformat()}): {len(rel.figures)} figures "
        f"and {len(rel.events)} events. Generated from the installed data when this site was "
        "built.",
        "",
    ]
    seen = set()
    for topic in (t.id for t in rel.topics):
        group = [f for f in rel.figures if f.topics[0] == topic and f.id not in seen]
        if not group:
            continue
        out += [f"## {topic}", "", "| id | value | unit | period | place | quote |",
                "|---|---|---|---|---|---|"]  # fmt: skip
        for f in group:
            seen.add(f.id)
            start = "…" if f.period.start is None else f.period.start.isoformat()
            out.append(
                f"| `{f.id}` | {_cell(_QUALIFIER[f.qualifier] + f.provenance.literal)}"
                f" = {f.base_value} | {_cell(f.unit.code)} ({_cell(f.unit.en)}) | "
                f"{start} – {f.period.end.isoformat()} ({_cell(f.period.label)}) | "
                f"{_cell(f.place.name_zh)} {_cell(f.place.name_en)} | "
                f"“{_cell(f.provenance.quote)}” |"
            )
        out.append("")
    out += ["## Events", "", "| id | date | place | quote |", "|---|---|---|---|"]
    for e in rel.events:
        place = "" if e.place is None else f"{e.place.name_zh} {e.place.name_en}"
        out.append(f"| `{e.id}` | {e.date.isoformat()} | {_cell(place)} | "
                   f"“{_cell(e.provenance.quote)}” |")  # fmt: skip
    return "\n".join(out) + "\n"


#: Short English names for the chart's bars (our wording).
_SHORT = {"industrial-value-added": "Industrial value added", "gdp": "GDP"}


def q1_growth_chart() -> str:
    """An SVG bar chart: Q1 2025 year-on-year growth, with the provincial rank where stated."""
    bars: List[Tuple[str, float, str]] = []
    for f in ld.figures(measure="yoy_growth", start=ld.release().figures[0].period.start):
        if f.period.label not in ("一季度", "今年一季度") or f.base_value > 100:
            continue
        ranks = ld.figures(measure="rank", indicator=f.indicator)
        rank = f"rank {ranks[0].value} in Shandong" if ranks else "rank not stated"
        bars.append((_SHORT.get(f.indicator, f.label_en.split(",")[0]), float(f.value), rank))
    width, bar_h, gap, left, right = 820, 34, 18, 200, 300
    height = len(bars) * (bar_h + gap) + 60
    top = max(v for _, v, _ in bars)
    parts = [
        # a viewBox and no fixed size: the chart scales to the column, down to a phone's
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'style="width:100%;max-width:820px;height:auto" '
        'role="img" aria-label="Liaocheng, Q1 2025: year-on-year growth rates" '
        'font-family="sans-serif" font-size="14">',
        '<text x="0" y="20" font-weight="bold">Liaocheng, Q1 2025: year-on-year growth '
        "(%), with provincial rank</text>",
    ]
    for i, (label, value, rank) in enumerate(bars):
        y = 40 + i * (bar_h + gap)
        w = (width - left - right) * value / top
        parts += [
            f'<text x="{left - 10}" y="{y + bar_h * 0.65:.0f}" text-anchor="end">'
            f"{html.escape(label)}</text>",
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#3f6fb5"/>',
            f'<text x="{left + w + 8:.1f}" y="{y + bar_h * 0.65:.0f}">{value:g}% · '
            f"{html.escape(rank)}</text>",
        ]
    parts.append("</svg>")
    ids = [
        "gdp-growth-2025q1",
        "industrial-value-added-growth-2025q1",
        "private-investment-growth-2025q1",
        "foreign-trade-growth-2025q1",
    ]
    note = (
        f"\n\n*Source: liaocheng-data release {ld.release().version}, figures "
        + ", ".join(f"`{i}`" for i in ids)
        + ". Cross-border e-commerce (+310%) is left out of the scale.*\n"
    )
    return "\n".join(parts) + note


def dataframe_chart() -> str:
    """The chart of exports.md, drawn by scripts/draw_chart.py, as one block of inline SVG."""
    path = Path(__file__).resolve().parent.parent / "scripts" / "draw_chart.py"
    spec = importlib.util.spec_from_file_location("draw_chart", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    svg: str = module.draw()
    # a blank line would end Markdown's raw HTML block
    return "\n".join(line for line in svg.splitlines() if line.strip())


def on_page_markdown(markdown: str, page: Any, config: Dict[str, Any], files: Any) -> str:
    """Replace the markers with content generated from the data."""
    replacements = {
        "<!-- data-dictionary -->": data_dictionary,
        "<!-- chart:q1-growth -->": q1_growth_chart,
        "<!-- chart:dataframe -->": dataframe_chart,
        "<!-- versions -->": lambda: (
            f"This site documents liaocheng-data {ld.__version__}, whose newest data release "
            f"is {ld.DATA_VERSION}."
        ),
    }
    for marker, make in replacements.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown
