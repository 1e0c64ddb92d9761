"""Open every page of a built docs site in headless Chromium, as a reader would.

Usage: python scripts/check_site_browser.py SITE_DIR [--screenshots DIR] [--chromium PATH]

The site is served on 127.0.0.1 (nothing else is contacted). At 390 px (a phone), 1280 px and
1920 px wide, every page must:

- raise no JavaScript error;
- not scroll sideways (``document.documentElement.scrollWidth <= innerWidth``): wide tables and
  code scroll inside their own boxes, never the page;
- show each chart whole: the SVG's box lies inside the window, and everything drawn in it
  (labels included) inside its ``viewBox``.

The site's search, typed into as a reader would, must return the figure ``gdp-2025q1``'s entry
of the data dictionary. A full-page screenshot of every page at every width goes to
``--screenshots`` (CI keeps them as artifacts). Exits 1 listing every problem.
"""

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path
from typing import Iterator, List, Tuple

from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

WIDTHS = (390, 1280, 1920)
#: Chromium as a root process in a closed network: no sandbox, no background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEARCH_TERM = "gdp-2025q1"
SEARCH_EXPECT = "gdp-2025q1"

_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
_CHARTS = """() => [...document.querySelectorAll('svg[role="img"]')].map(svg => {
  const box = svg.getBoundingClientRect();
  const view = svg.viewBox.baseVal;
  const drawn = svg.getBBox();
  return {
    label: svg.getAttribute('aria-label') || '',
    left: box.left, right: box.right, window: window.innerWidth,
    hasViewBox: !!svg.getAttribute('viewBox'),
    drawnRight: drawn.x + drawn.width, drawnLeft: drawn.x, viewWidth: view ? view.width : 0,
  };
})"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(site: Path) -> Tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _pages(site: Path) -> Iterator[str]:
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        yield "" if rel == "." else rel + "/"


def _check_page(page: Page, url: str, name: str, width: int, shots: Path) -> List[str]:
    problems: List[str] = []
    errors: List[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url, wait_until="load")
    problems += [f"{name} at {width}px: JavaScript error: {e}" for e in errors]
    overflow = page.evaluate(_OVERFLOW)
    if overflow > 0:
        problems.append(f"{name} at {width}px: the page scrolls sideways by {overflow}px")
    for chart in page.evaluate(_CHARTS):
        label = chart["label"] or "a chart"
        if not chart["hasViewBox"]:
            problems.append(f"{name} at {width}px: {label}: no viewBox, so it cannot scale")
        if chart["left"] < 0 or chart["right"] > chart["window"] + 0.5:
            problems.append(
                f"{name} at {width}px: {label}: spans {chart['left']:.0f}-{chart['right']:.0f}px"
                f" of a {chart['window']}px window"
            )
        if chart["drawnLeft"] < 0 or chart["drawnRight"] > chart["viewWidth"] + 0.5:
            problems.append(
                f"{name} at {width}px: {label}: drawing ends at {chart['drawnRight']:.0f}, past"
                f" its viewBox width {chart['viewWidth']:.0f} (a label is cut)"
            )
    stem = (name.strip("/").replace("/", "-") or "home") + f"-{width}.png"
    page.screenshot(path=str(shots / stem), full_page=True)
    return problems


def _check_search(page: Page, base: str, shots: Path) -> List[str]:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.type(SEARCH_TERM, delay=50)
    try:
        page.wait_for_selector(".md-search-result__item", timeout=15000)
    except PlaywrightTimeoutError:
        page.screenshot(path=str(shots / "search-1280.png"))
        return [f"search for {SEARCH_TERM!r} showed no result"]
    page.screenshot(path=str(shots / "search-1280.png"))
    results: List[str] = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.href + ' ' + a.innerText)"
    )
    if not any("data-dictionary" in r and SEARCH_EXPECT in r for r in results):
        return [f"search for {SEARCH_TERM!r} did not return {SEARCH_EXPECT}: {results[:5]!r}"]
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--screenshots", type=Path, default=Path("site-screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.screenshots.mkdir(parents=True, exist_ok=True)
    server, base = _serve(args.site)
    problems: List[str] = []
    checked = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for name in _pages(args.site):
                for width in WIDTHS:
                    problems += _check_page(page, base + name, name or "/", width, args.screenshots)
                    checked += 1
            problems += _check_search(page, base, args.screenshots)
            browser.close()
    finally:
        server.shutdown()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"browser: {checked} page views at {', '.join(map(str, WIDTHS))}px, search checked, "
        f"{len(problems)} problems; screenshots in {args.screenshots}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
