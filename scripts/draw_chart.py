"""Draw the docs' DataFrame chart: Liaocheng's growth rates of Q1 2025, from ``ld.to_dataframe``.

Usage: python scripts/draw_chart.py OUT.svg [--zh]

The plotting lines are the ones docs/exports.md shows (a test keeps the two the same); the docs
build (docs/hooks.py) inlines the result. The SVG scales: it keeps matplotlib's ``viewBox`` and
drops the fixed width and height. Labels are English unless ``--zh``, which draws the Chinese
labels with the first CJK font installed (matplotlib's default font has no Chinese glyphs and
draws empty boxes): on Debian or Ubuntu ``apt install fonts-noto-cjk``, on macOS PingFang SC
and on Windows Microsoft YaHei are found. Text is drawn as outlines, so a reader of the SVG
needs no such font. Needs matplotlib (the ``docs`` extra).
"""

import argparse
import html
import io
import re
import sys
import textwrap
from pathlib import Path
from typing import Any, List, Optional

#: CJK fonts tried in order (Debian's fonts-noto-cjk first, then common system fonts).
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", "SimHei",
)  # fmt: skip


def cjk_font() -> Optional[str]:
    """The first CJK font of :data:`CJK_FONTS` that matplotlib can find, or None."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def draw(zh: bool = False) -> str:
    """The chart as SVG text: a ``viewBox``, no fixed size, ``role="img"`` and a label."""
    from datetime import date

    import matplotlib

    matplotlib.use("Agg")  # draw to files, no window
    import matplotlib.pyplot as plt

    import liaocheng_data as ld

    plt.rcParams["svg.hashsalt"] = "liaocheng-data"  # the same chart, the same ids
    label = "label_en"
    if zh:
        font = cjk_font()
        if font is None:
            sys.exit(
                "draw_chart: no CJK font found for Chinese labels; install one "
                "(Debian/Ubuntu: apt install fonts-noto-cjk) or leave out --zh"
            )
        plt.rcParams["font.family"] = [font, "sans-serif"]
        label = "label_zh"

    # -- the lines docs/exports.md shows --
    start, end = date(2025, 1, 1), date(2025, 3, 31)
    q1 = ld.figures(measure="yoy_growth", start=start, end=end)
    df = ld.to_dataframe(q1)
    ax = df.plot.barh(x=label, y="base_value_float", legend=False, figsize=(7, 3))
    ax.set_yticks(range(len(df)), [textwrap.fill(text, 30) for text in df[label]])
    ax.invert_yaxis()  # the article's order, top down
    ax.set_xlabel("growth year on year, Q1 2025 (%)")
    ax.set_ylabel("")
    # -- end of the lines docs/exports.md shows --

    out = io.StringIO()
    ax.figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(ax.figure)
    return scalable(out.getvalue(), f"Bar chart: {', '.join(df['label_en'])}")


def scalable(svg: str, label: str) -> str:
    """Matplotlib's SVG made to scale with its container: no XML prolog, no fixed width and
    height (its ``viewBox`` stays), at most its natural width, with ``role`` and a label.
    """
    svg = svg[svg.index("<svg") :]
    # matplotlib's <style> sets stroke defaults for "*": inline in a page it would reach every
    # element of the page, so it goes (the chart's own shapes carry their styles)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    head_end = svg.index(">")
    head = svg[:head_end]
    if "viewBox=" not in head:
        raise ValueError("matplotlib wrote an SVG without a viewBox")
    width = re.search(r'\swidth="([0-9.]+)pt"', head)
    attributes: List[str] = [
        re.sub(r'\s(width|height)="[^"]*"', "", head),
        'role="img"',
        f'aria-label="{html.escape(label)}"',
        f'style="width:100%;height:auto;max-width:{width.group(1) if width else "100%"}pt"',
    ]
    return " ".join(attributes) + svg[head_end:]


def main(argv: Any = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="SVG file to write")
    parser.add_argument("--zh", action="store_true", help="Chinese labels (needs a CJK font)")
    args = parser.parse_args(argv)
    args.output.write_text(draw(zh=args.zh), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
