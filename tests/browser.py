"""Open exported reports in headless Chromium, offline, and count what they draw.

The system ``chromium`` is driven through the playwright wheel; every request that is not a
``file://`` URL is aborted, so a report that needs the network shows it here.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    "headless Chromium is needed for the browser checks: on Debian/Ubuntu run "
    "`sudo apt-get install chromium` (or set WBROLES_CHROMIUM to a Chromium binary)"
)


# Every point of every trace, on its own subplot (cartesian 'x2y3' or 'polar'), hovered the way
# a mouse-over does; the text of each hover label that shows.
HOVER_EVERY_POINT = """() => {
  const texts = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    gd.data.forEach((trace, curveNumber) => {
      const n = gd.calcdata[curveNumber].length;  // points as drawn (data may be binary)
      const subplot = trace.type === 'scatterpolar' ? (trace.subplot || 'polar')
        : (trace.xaxis || 'x') + (trace.yaxis || 'y');
      for (let pointNumber = 0; pointNumber < n; pointNumber++) {
        Plotly.Fx.hover(gd, [{curveNumber, pointNumber}], subplot);
        const label = gd.querySelector('.hoverlayer');
        if (label && label.textContent) texts.push(label.textContent);
        Plotly.Fx.unhover(gd);
      }
    });
  }
  return texts;
}"""
# Click every link that does not leave the page (anchors and javascript: links would run here).
CLICK_LINKS_ON_THE_PAGE = """() => {
  for (const a of document.querySelectorAll('a')) {
    const href = a.getAttribute('href') ?? a.getAttribute('xlink:href') ?? '';
    if (!/^(https?:|file:|[^:#]+\\.(html|ipynb)$)/i.test(href)) a.dispatchEvent(
      new MouseEvent('click', {bubbles: true, cancelable: true}));
  }
}"""


def chromium_path() -> str | None:
    candidates = [os.environ.get("WBROLES_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and Path(c).exists()), None)


def require_chromium() -> str:
    """The Chromium binary; skip with an install hint, or fail where a browser is required.
    ``WBROLES_NO_BROWSER`` skips (make test-floors, test-pythons: `make test` runs them)."""
    if os.environ.get("WBROLES_NO_BROWSER"):
        pytest.skip("WBROLES_NO_BROWSER is set: the browser checks run in `make test`")
    path = chromium_path()
    if path is None:
        if os.environ.get("WBROLES_REQUIRE_BROWSER"):
            pytest.fail(INSTALL_HINT + " (WBROLES_REQUIRE_BROWSER is set, so this is a failure)")
        pytest.skip(INSTALL_HINT)
    return path


@dataclass
class PageReport:
    charts: int = 0
    charts_with_svg: int = 0
    page_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    text: str = ""
    probe: object = None
    hovers: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def inspect_page(
    path: Path,
    *,
    screenshot: Path | None = None,
    probe: str | None = None,
    hover: bool = False,
    timeout_ms: int = 30_000,
):
    """Load ``path`` offline; wait until every chart has drawn its SVG; report what happened.

    ``hover``: show the hover label of every point of every chart (plotly's ``Fx.hover``, the
    call a mouse-over makes) and keep each label's text, then click every link of the page
    (HTML and SVG) that stays on it. ``probe`` is a JavaScript expression evaluated in the page
    at the end (its value is kept).
    """
    from playwright.sync_api import sync_playwright

    report = PageReport()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("pageerror", lambda err: report.page_errors.append(str(err)))
            page.on("dialog", lambda d: (report.dialogs.append(d.message), d.dismiss()))

            def route(r):
                if r.request.url.startswith("file://"):
                    r.continue_()
                else:
                    report.blocked_requests.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout_ms)
            expected = page.locator(".plotly-graph-div").count()
            if expected:
                page.wait_for_function(
                    "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
                    arg=expected,
                    timeout=timeout_ms,
                )
            report.charts = page.locator(".js-plotly-plot").count()
            report.charts_with_svg = page.evaluate(
                "() => [...document.querySelectorAll('.js-plotly-plot')]"
                ".filter(d => d.querySelector('svg.main-svg')).length"
            )
            report.text = page.inner_text("body")
            report.links = page.evaluate(
                "() => [...document.querySelectorAll('a')]"
                ".map(a => a.getAttribute('href') ?? a.getAttribute('xlink:href') ?? '')"
            )
            if hover:
                report.hovers = page.evaluate(HOVER_EVERY_POINT)
                page.evaluate(CLICK_LINKS_ON_THE_PAGE)
            if probe:
                report.probe = page.evaluate(probe)
            if screenshot:
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return report


# What a reader without the chart gets: the page's language, each chart's role, accessible
# name, table of numbers and CSV link, and the tables and images that lack a header or a name.
ACCESSIBILITY_PROBE = """() => ({
  lang: document.documentElement.getAttribute('lang'),
  charts: [...document.querySelectorAll('.plotly-graph-div')].map(d => ({
    role: d.getAttribute('role'),
    name: d.getAttribute('aria-label'),
    rows: d.parentElement.querySelector('details.wbroles-numbers tbody')?.rows.length ?? null,
    csv: d.parentElement.querySelector('details.wbroles-numbers a[download]')
      ?.getAttribute('href') ?? null,
  })),
  tables_without_header: [...document.querySelectorAll('table')].filter(t =>
    !(t.tHead && t.tHead.querySelector('th')) && !(t.rows[0] && t.rows[0].querySelector('th'))
  ).length,
  unnamed_images: [...document.querySelectorAll('img, [role="img"]')].filter(e =>
    !(e.getAttribute('alt') || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'))
  ).length,
})"""
