"""``python -m benchmarks.page_load PAGE.html …``: how soon a page is readable in Chromium.

Each page is opened in Debian's headless Chromium (playwright; every request that is not
``file:`` is blocked) in a fresh browser context, ``--runs`` times. It prints the file size and
the median seconds from the start of navigation until the page says it is drawn
(``<body data-kg-ready="1">``, set after vis-network's first drawing). For an overview page it
also opens the largest cluster and times that, a drag of the canvas and a zoom step (each until
the next animation frame has been painted). With two or more pages, the last column gives
each page's first frame as a ratio to the first drawn page's, measured in the same run; a page
not drawn within ``--timeout`` seconds is loaded once and shown as such.

Example::

    kggraph viz --no-bundled --data eg.ttl -o eg.html
    kggraph viz --no-bundled --data eg.ttl --max-nodes 100000 -o eg-full.html
    python -m benchmarks.page_load eg-full.html eg.html --screenshot eg.png
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import time
from pathlib import Path

READY = "body[data-kg-ready='1']"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
_NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _chromium() -> str:
    found = os.environ.get("KGGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).is_file():
        raise SystemExit("no Chromium found: install Debian's chromium or set KGGRAPH_CHROMIUM")
    return found


def _timed(page, action: str) -> float:  # noqa: ANN001 - playwright Page
    """Seconds for ``action`` (a JS function body) and the two frames painted after it."""
    start = time.perf_counter()
    page.evaluate(f"() => {{ {action} }}")
    page.evaluate(_NEXT_FRAME)
    return time.perf_counter() - start


def _interact(page) -> dict[str, float]:  # noqa: ANN001 - playwright Page
    """Open the largest cluster, then drag the canvas and zoom one step, timing each."""
    if not page.evaluate("() => Boolean(window.kggraph.data.clusters)"):
        return {}
    opened = _timed(page, "window.kggraph.openCluster(0)")
    shown = page.evaluate("() => window.kggraph.visibleNodeIds().length")
    box = page.locator("#kg-network canvas").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    start = time.perf_counter()
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 150, y + 80, steps=10)
    page.mouse.up()
    page.evaluate(_NEXT_FRAME)
    drag = time.perf_counter() - start
    start = time.perf_counter()
    page.mouse.wheel(0, -300)
    page.evaluate(_NEXT_FRAME)
    zoom = time.perf_counter() - start
    return {"open": opened, "nodes": shown, "drag": drag, "zoom": zoom}


def measure(  # noqa: ANN001 - playwright Browser
    browser, path: Path, screenshot: Path | None = None, timeout: float = 120.0
) -> dict[str, float]:
    """One load of ``path``: seconds to the first drawn frame, then the interactions; a page
    not drawn within ``timeout`` seconds counts as ``inf``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
    )
    page = context.new_page()
    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="commit")
    try:
        page.wait_for_selector(READY, state="attached", timeout=timeout * 1000)
    except PlaywrightTimeout:
        context.close()
        return {"first": math.inf}
    first = time.perf_counter() - start
    if screenshot:
        page.screenshot(path=str(screenshot))
    result = {"first": first, **_interact(page)}
    context.close()
    return result


def main(argv: list[str] | None = None) -> None:
    """Measure each page ``--runs`` times and print a table of medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds to wait for a page to draw"
    )
    parser.add_argument("--screenshot", type=Path, help="save the last page's first frame here")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        for page in args.pages:
            shot = args.screenshot if page == args.pages[-1] else None
            runs = [measure(browser, page, shot, args.timeout)]
            if math.isfinite(runs[0]["first"]):
                runs += [measure(browser, page, shot, args.timeout) for _ in range(args.runs - 1)]
            rows.append((page, {k: statistics.median(r[k] for r in runs) for k in runs[0]}))
        browser.close()
    base = next((m["first"] for _, m in rows if math.isfinite(m["first"])), 1.0)
    print(
        f"{'page':<28} {'MB':>6} {'first frame s':>14} {'open s':>7} {'nodes':>6} "
        f"{'drag s':>7} {'zoom s':>7} {'vs first':>9}"
    )
    for page, m in rows:
        extra = (
            f"{m['open']:>7.2f} {m['nodes']:>6.0f} {m['drag']:>7.2f} {m['zoom']:>7.2f}"
            if "open" in m
            else f"{'–':>7} {'–':>6} {'–':>7} {'–':>7}"
        )
        drawn = math.isfinite(m["first"])
        first = f"{m['first']:>14.2f}" if drawn else f"> {args.timeout:g}".rjust(14)
        ratio = f"{m['first'] / base:>8.2f}x" if drawn else f"{'–':>9}"
        print(f"{page.name:<28} {page.stat().st_size / 1e6:>6.2f} {first} {extra} {ratio}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"medians of {args.runs} loads each; load average during the run: {load}")


if __name__ == "__main__":
    main()
