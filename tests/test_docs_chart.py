"""The docs' DataFrame chart: scripts/draw_chart.py draws what docs/exports.md shows."""

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import matplotlib
import pytest

import liaocheng_data as ld

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("draw_chart", ROOT / "scripts" / "draw_chart.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_runs_the_lines_the_docs_show() -> None:
    """Every plotting line that draw_chart.py marks as shown in docs/exports.md is in its
    chart code block there, so the chart on the page is drawn by the code beside it.
    """
    script = (ROOT / "scripts" / "draw_chart.py").read_text(encoding="utf-8")
    shown = script.split("# -- the lines docs/exports.md shows --\n")[1].split("# -- end")[0]
    lines = [line.strip() for line in shown.splitlines() if line.strip()]
    assert len(lines) >= 5
    page = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", page, re.S) if "savefig" in b)
    assert all(line in block.splitlines() for line in lines), lines
    assert "<!-- chart:dataframe -->" in page


def test_chart_is_a_scalable_svg_with_one_bar_per_figure() -> None:
    """The SVG keeps a viewBox, has no fixed width or height, carries no page-wide style, and
    is labelled for screen readers with the Q1 2025 growth figures it draws.
    """
    svg = _script().draw()
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert len(root.get("viewBox", "").split()) == 4
    assert root.get("width") is None and root.get("height") is None
    assert root.get("role") == "img"
    assert "<style" not in svg and "\n\n" not in svg.strip()
    # the docs draw the newest release's figures
    gdp = ld.get("gdp-2025q1")
    growth = ld.figures(measure="yoy_growth", start=gdp.period_start, end=gdp.period_end)
    assert len(growth) >= 4
    assert root.get("aria-label") == "Bar chart: " + ", ".join(f.label_en for f in growth)


def test_chinese_labels_need_a_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """--zh without any CJK font installed stops with a message saying what to install."""
    module = _script()
    monkeypatch.setattr(module, "cjk_font", lambda: None)
    with pytest.raises(SystemExit, match="fonts-noto-cjk"):
        module.draw(zh=True)
    matplotlib.pyplot.close("all")
