"""Benchmark of ``wbroles report`` (issue 12): medians of wall time, contenders alternating.

    make bench
    .venv/bin/python benchmarks/bench_report.py [--repeat 3] [--notebooks-dir DIR]

1. first build: ``wbroles report --force`` against the parallel nbconvert peer (``jupyter
   nbconvert --execute --to html`` on every notebook, two at a time, ``PLOTLY_RENDERER=notebook``
   so that its charts draw offline); target at most 0.5x.
2. rebuild with nothing changed against the first build; target at most 0.05x.
3. the reports of the last build (issue 14): each at most 1.7 MB with plotly.js in it exactly
   once, all together at most 10 MB; the time headless Chromium takes to draw each (load until
   every chart has its SVG, a fresh browser context each time, ``--draws`` times, alternating)
   against the same page with plotly's full plotly.js in place of the bundle; target 0.6x.
4. a sweep (``wbroles report --sweep``) of 24 runs of one notebook (``offer_check``, each run
   another ``base``) against 24 plain ``papermill`` runs over the same number of processes
   (``--jobs``, default 2); target at most 1.2x; and the same sweep again, all reused, against
   the first; target at most 0.05x.

Exit status 1 when a target is missed, 2 when a contender fails.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FIRST_VS_PEER = 0.5
REBUILD_VS_FIRST = 0.05
SWEEP_VS_PAPERMILL = 1.2
REPORT_MB, REPORTS_MB, DRAW_VS_FULL = 1.7, 10.0, 0.6
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Milliseconds from navigation start until every chart of the page has drawn its SVG.
DRAWN = """() => [...document.querySelectorAll('.plotly-graph-div')]
  .every(d => d.querySelector('.main-svg')) && performance.now()"""


def timed(cmd: list[str], *, cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def wbroles(notebooks: Path, out: Path, *extra: str) -> list[str]:
    return [str(sys.executable), "-m", "wbroles_cli", "report", "--out", str(out),
            "--notebooks-dir", str(notebooks), *extra]  # fmt: skip


def peer(notebooks: Path, out: Path) -> float:
    """``jupyter nbconvert --execute --to html``, two notebooks at a time."""
    env = {**os.environ, "PLOTLY_RENDERER": "notebook"}
    cmds = [
        [
            str(BIN / "jupyter"),
            "nbconvert",
            "--execute",
            "--to",
            "html",
            "--no-input",
            "--output-dir",
            str(out),
            str(path),
        ]  # fmt: skip
        for path in sorted(notebooks.glob("*.ipynb"))
    ]
    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda cmd: timed(cmd, cwd=out, env=env), cmds))
    return time.perf_counter() - started


def sweep_file(notebook: Path, runs: int, folder: Path) -> Path:
    """``runs`` rows; each another ``base`` (from $150,000 by $5,000) if the notebook has one."""
    import papermill

    vary = "base" in papermill.inspect_notebook(str(notebook))
    rows = [f"run{i:02d}" + (f",{150_000 + 5_000 * i}" if vary else "") for i in range(runs)]
    path = folder / "sweep.csv"
    path.write_text("\n".join(["name" + (",base" if vary else ""), *rows]) + "\n")
    return path


def papermill_runs(notebook: Path, sweep: Path, out: Path, jobs: int) -> float:
    """One plain ``papermill`` command per row of ``sweep``, ``jobs`` at a time."""
    lines = sweep.read_text().splitlines()
    header, rows = lines[0].split(","), [line.split(",") for line in lines[1:]]
    cmds = [
        [str(BIN / "papermill"), "--no-progress-bar", str(notebook), str(out / f"{row[0]}.ipynb")]
        + [
            word
            for name, value in zip(header[1:], row[1:], strict=True)
            for word in ("-p", name, value)
        ]
        for row in rows
    ]
    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda cmd: timed(cmd, cwd=out), cmds))
    return time.perf_counter() - started


def bench_sweep(args, work: Path) -> list[tuple[str, float, float]]:
    notebook = args.notebooks_dir / f"{args.sweep_notebook}.ipynb"
    sweep = sweep_file(notebook, args.sweep_runs, work)
    samples: dict[str, list[float]] = {"sweep": [], "papermill": [], "again": []}
    for rep in range(args.repeat):
        out, peer_out = work / f"sweep{rep}", work / f"papermill{rep}"
        peer_out.mkdir()
        for contender in ["sweep", "papermill"][:: 1 if rep % 2 == 0 else -1]:
            if contender == "sweep":
                cmd = wbroles(args.notebooks_dir, out, "--sweep", str(sweep), "--jobs",
                              str(args.jobs), "--notebook", args.sweep_notebook)  # fmt: skip
                samples["sweep"].append(timed(cmd, cwd=work))
                samples["again"].append(timed(cmd, cwd=work))
            else:
                samples["papermill"].append(papermill_runs(notebook, sweep, peer_out, args.jobs))
        print(
            f"sweep round {rep + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in samples.items())
        )
    med = {k: statistics.median(v) for k, v in samples.items()}
    print(
        f"sweep of {args.sweep_runs} runs, medians: "
        + ", ".join(f"{k} {v:.2f} s" for k, v in med.items())
    )
    return [
        ("sweep / plain papermill runs", med["sweep"] / med["papermill"], SWEEP_VS_PAPERMILL),
        ("unchanged sweep / first sweep", med["again"] / med["sweep"], REBUILD_VS_FIRST),
    ]


def draw_ms(browser, page: Path) -> float:
    """Milliseconds headless Chromium takes to load ``page`` (offline) and draw every chart."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        tab = context.new_page()
        tab.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        tab.goto(page.as_uri(), wait_until="commit")
        return tab.wait_for_function(DRAWN, polling="raf", timeout=60_000).json_value()
    finally:
        context.close()


def report_checks(out: Path, work: Path, draws: int) -> list[tuple[str, float, float]]:
    """Sizes of the reports in ``out`` and their drawing time against the full plotly.js."""
    import plotly.offline
    from playwright.sync_api import sync_playwright

    from wbroles.report import BUNDLE

    bundle, full = BUNDLE.read_text(encoding="utf-8"), plotly.offline.get_plotlyjs()
    checks, sizes, times = [], {}, {}
    pages = sorted(p for p in out.glob("*.html") if p.name != "index.html")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        sizes[page.stem] = page.stat().st_size / 1e6
        once = text.count(bundle) == 1 and full not in text
        print(f"{page.name}: {sizes[page.stem]:.2f} MB, plotly.js in it once: {once}")
        checks.append((f"{page.stem} size MB", sizes[page.stem] if once else math.inf, REPORT_MB))
        (work / f"full-{page.name}").write_text(text.replace(bundle, full), encoding="utf-8")
    checks.append(("all reports size MB", sum(sizes.values()), REPORTS_MB))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for page in pages:
            times[page.stem] = {"bundle": [], "full": []}
            for draw in range(draws):
                for kind in ("bundle", "full") if draw % 2 == 0 else ("full", "bundle"):
                    path = page if kind == "bundle" else work / f"full-{page.name}"
                    times[page.stem][kind].append(draw_ms(browser, path))
        browser.close()
    for name, ms in times.items():
        bundle_ms, full_ms = statistics.median(ms["bundle"]), statistics.median(ms["full"])
        print(f"{name}: drawn in {bundle_ms:.0f} ms, {full_ms:.0f} ms with the full plotly.js")
        checks.append((f"{name} drawing / full plotly.js", bundle_ms / full_ms, DRAW_VS_FULL))
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--notebooks-dir", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--sweep-runs", type=int, default=24, help="0: no sweep benchmark")
    parser.add_argument("--sweep-notebook", default="offer_check")
    parser.add_argument("--jobs", type=int, default=2, help="processes of the sweep contenders")
    parser.add_argument("--draws", type=int, default=7, help="draws of each report, each way")
    args = parser.parse_args(argv)
    samples: dict[str, list[float]] = {"first": [], "peer": [], "rebuild": []}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as work:
        work = Path(work)
        for rep in range(args.repeat):
            out, peer_out = work / f"out{rep}", work / f"peer{rep}"
            peer_out.mkdir()
            order = ["first", "peer"] if rep % 2 == 0 else ["peer", "first"]
            for contender in order:
                if contender == "first":
                    cmd = wbroles(args.notebooks_dir, out, "--force")
                    samples["first"].append(timed(cmd, cwd=work))
                    samples["rebuild"].append(timed(wbroles(args.notebooks_dir, out), cwd=work))
                else:
                    samples["peer"].append(peer(args.notebooks_dir, peer_out))
            print(
                f"round {rep + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in samples.items())
            )
        med = {k: statistics.median(v) for k, v in samples.items()}
        print("medians: " + ", ".join(f"{k} {v:.2f} s" for k, v in med.items()))
        checks = [
            ("first build / nbconvert peer", med["first"] / med["peer"], FIRST_VS_PEER),
            ("unchanged rebuild / first build", med["rebuild"] / med["first"], REBUILD_VS_FIRST),
            *report_checks(out, work, args.draws),
        ]
        if args.sweep_runs:
            checks += bench_sweep(args, work)
    for name, value, target in checks:
        unit, verdict = "" if "MB" in name else "x", "ok" if value <= target else "MISSED"
        print(f"{name}: {value:.3f}{unit} (target <= {target}{unit}) {verdict}")
    return 0 if all(ratio <= target for _, ratio, target in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
