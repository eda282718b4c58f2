"""Benchmarks for the report build, the report size, drawing time and the command line.

    make bench
    .venv/bin/python benchmarks/bench_report.py [--repeat 3] [--only build,size,draw,cli]
        [--notebooks-dir DIR] [--results DIR] [--keep DIR]

1. build: ``wbroles report`` on every notebook (a cold process) against the naive chain (for
   each notebook the papermill CLI with ``PLOTLY_RENDERER=notebook``, then ``jupyter nbconvert
   --to html --no-input``, one after the other) and against the floor (as many one-cell empty
   notebooks run through papermill's Python API in one cold process, with the parallelism
   ``wbroles report`` uses by default: the cost of starting the kernels).
2. size: bytes of each HTML report against the plotly.js bundle it embeds; plotly.js must be
   there exactly once.
3. draw: headless Chromium, offline, from navigation start until every chart has drawn (each
   ``.js-plotly-plot`` holds a ``.main-svg``), per report, against a page holding only the same
   plotly.js and one empty chart.
4. cli: ``wbroles --help`` and ``wbroles validate`` against ``python -c pass``, cold processes.

Contenders alternate (their order rotates every repetition) so that a slow spell of a shared
machine does not fall on one of them; every figure is a median. The build runs ``--repeat``
times; drawing and the command line, being quick, three times as often. Wall time is what the
targets use; the CPU time of each process and its children is recorded beside it, because it
is much less sensitive to other work on the machine. Results go to ``benchmarks/results/`` as
JSON (every sample) and CSV (the table); the exit status is 1 when a target is missed, 2 when
a contender fails (its output is shown).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
DEFAULT_RESULTS = ROOT / "benchmarks" / "results"
BENCHMARKS = ("build", "size", "draw", "cli")

# Targets of issue 7 (medians on a 2-core machine).
BUILD_VS_NAIVE = 0.35
BUILD_VS_FLOOR = 2.5
SIZE_ALLOWANCE = 400 * 1024  # bytes above the plotly.js bundle
DRAW_VS_EMPTY = 2.0
HELP_VS_PYTHON = 3.0
CHEAP_ROUNDS_PER_REPEAT = 3  # drawing and the command line are quick: run them more often

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Installed before any page script: records performance.now() (milliseconds since navigation
# start) the first time the document is parsed and every chart holds its SVG.
DRAWN_OBSERVER_JS = """
(() => {
  const check = () => {
    if (window.__benchDrawnAt !== undefined || document.readyState === "loading") return;
    const expected = document.querySelectorAll(".plotly-graph-div").length;
    const plots = document.querySelectorAll(".js-plotly-plot");
    if (expected === 0 || plots.length < expected) return;
    for (const plot of plots) if (!plot.querySelector(".main-svg")) return;
    window.__benchDrawnAt = performance.now();
    window.__benchCharts = plots.length;
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", check);
})();
"""

EMPTY_CHART_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>one empty chart</title>
<script type="text/javascript">{plotly_js}</script></head>
<body><div id="empty" class="plotly-graph-div" style="height:450px; width:100%;"></div>
<script type="text/javascript">Plotly.newPlot("empty", [], {{}}, {{"responsive": true}});</script>
</body></html>
"""


class BenchmarkError(RuntimeError):
    """A contender failed: its time would mean nothing."""


@dataclass
class Sample:
    contender: str
    repetition: int
    wall_s: float
    cpu_s: float
    extra: dict = field(default_factory=dict)


@dataclass
class Row:
    """One line of the final table: a measured median against a reference median."""

    benchmark: str
    subject: str
    reference: str
    measured: float
    baseline: float
    unit: str
    ratio: float | None
    target: str
    passed: bool | None  # None: shown for information, no target

    @property
    def result(self) -> str:
        return {True: "PASS", False: "FAIL", None: "info"}[self.passed]


# --- running processes ----------------------------------------------------------------------


def bench_env(**overrides: str | None) -> dict[str, str]:
    """This environment with the venv's scripts first on PATH and its own kernelspec preferred."""
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PREFER_ENV_PATH"] = "1"
    env.pop("PLOTLY_RENDERER", None)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_command(cmd: Sequence[str | os.PathLike], *, env: dict, cwd: Path) -> tuple[float, float]:
    """Run ``cmd`` to completion; return (wall seconds, CPU seconds of it and its children).

    Raises BenchmarkError with the end of its output if it fails.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-15:]
        raise BenchmarkError(
            f"`{' '.join(map(str, cmd))}` exited {done.returncode}:\n  " + "\n  ".join(tail)
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def rotated(items: Sequence, shift: int) -> list:
    """``items`` starting at position ``shift`` (modulo): the order of one repetition."""
    shift %= len(items)
    return list(items[shift:]) + list(items[:shift])


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# --- 1. report build ------------------------------------------------------------------------


def wbroles_default_jobs() -> int:
    """The parallelism ``wbroles report`` uses when not told (read from its own parser)."""
    from wbroles.cli import build_parser

    return build_parser().parse_args(["report"]).jobs


def write_empty_notebooks(folder: Path, count: int) -> list[Path]:
    """``count`` notebooks of one empty code cell, for the floor."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell("")]
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        path = folder / f"empty_{index}.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    return paths


def bench_build(
    notebooks: dict[str, Path], *, notebooks_dir: Path | None, repeat: int, work: Path
) -> tuple[list[Sample], Path]:
    """Alternate wbroles, the naive chain and the floor; return the samples and the folder
    holding the last ``wbroles report`` output (for the size and drawing benchmarks)."""
    jobs = wbroles_default_jobs()
    floor_dir = work / "floor"
    write_empty_notebooks(floor_dir, len(notebooks))
    wbroles_out = None

    def run_wbroles(rep: int) -> Sample:
        nonlocal wbroles_out
        out = work / f"wbroles-{rep}"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [VENV_BIN / "wbroles", "report", "--out", out]
        if notebooks_dir is not None:
            cmd += ["--notebooks-dir", notebooks_dir]
        wall, cpu = run_command(cmd, env=bench_env(), cwd=work)
        missing = [name for name in notebooks if not (out / f"{name}.html").is_file()]
        if missing:
            raise BenchmarkError(f"wbroles report wrote no HTML for {', '.join(missing)}")
        wbroles_out = out
        return Sample("wbroles report", rep, wall, cpu)

    def run_naive(rep: int) -> Sample:
        out = work / f"naive-{rep}"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        env = bench_env(PLOTLY_RENDERER="notebook")
        wall = cpu = 0.0
        for name, source in notebooks.items():
            executed = out / f"{name}.ipynb"
            for cmd in (
                [VENV_BIN / "papermill", source, executed],
                [VENV_BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed],
            ):
                step_wall, step_cpu = run_command(cmd, env=env, cwd=out)
                wall += step_wall
                cpu += step_cpu
        sizes = {name: (out / f"{name}.html").stat().st_size for name in notebooks}
        return Sample("naive chain", rep, wall, cpu, {"html_bytes": sizes})

    def run_floor(rep: int) -> Sample:
        shutil.rmtree(floor_dir / "executed", ignore_errors=True)
        cmd = [sys.executable, Path(__file__).with_name("floor_child.py"), floor_dir, str(jobs)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [str(c) for c in cmd], env=bench_env(), cwd=work, capture_output=True, text=True
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise BenchmarkError(f"the floor run failed:\n{done.stderr[-2000:]}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        inner = json.loads(done.stdout.strip().splitlines()[-1])
        return Sample("floor", rep, wall, cpu, {**inner, "jobs": jobs})

    contenders: list[Callable[[int], Sample]] = [run_wbroles, run_naive, run_floor]
    samples = []
    for rep in range(repeat):
        for run in rotated(contenders, rep):
            sample = run(rep)
            samples.append(sample)
            progress(
                f"build  rep {rep + 1}/{repeat}  {sample.contender:<15} {sample.wall_s:6.1f} s"
            )
    assert wbroles_out is not None
    return samples, wbroles_out


def build_rows(samples: list[Sample], count: int) -> list[Row]:
    by = group(samples)
    wb, naive, floor = (median(by[c]) for c in ("wbroles report", "naive chain", "floor"))
    what = f"{count} notebook{'s' if count != 1 else ''}"
    return [
        Row(
            "build",
            f"wbroles report ({what})",
            "naive chain",
            wb,
            naive,
            "s",
            wb / naive,
            f"<= {BUILD_VS_NAIVE} x",
            wb / naive <= BUILD_VS_NAIVE,
        ),
        Row(
            "build",
            f"wbroles report ({what})",
            f"floor ({count} empty, {samples_extra(samples, 'floor', 'jobs')} jobs)",
            wb,
            floor,
            "s",
            wb / floor,
            f"<= {BUILD_VS_FLOOR} x",
            wb / floor <= BUILD_VS_FLOOR,
        ),
    ]


def build_notes(samples: list[Sample]) -> list[str]:
    """CPU times (less sensitive to a busy machine than wall times) and the floor's parts."""
    cpu: dict[str, list[float]] = {}
    for sample in samples:
        cpu.setdefault(sample.contender, []).append(sample.cpu_s)
    floor = [s.extra for s in samples if s.contender == "floor"]
    return [
        "build, CPU seconds of the process and its children (medians): "
        + ", ".join(f"{name} {median(values):.1f} s" for name, values in cpu.items()),
        "floor, inside its process (medians): import papermill "
        f"{median([f['import_s'] for f in floor]):.2f} s, run the kernels "
        f"{median([f['kernels_s'] for f in floor]):.2f} s",
    ]


def samples_extra(samples: list[Sample], contender: str, key: str):
    return next(s.extra[key] for s in samples if s.contender == contender)


# --- 2. report size -------------------------------------------------------------------------


def plotly_bundle() -> str:
    import plotly.offline

    return plotly.offline.get_plotlyjs()


def bench_size(reports: dict[str, Path]) -> tuple[list[dict], list[Row]]:
    bundle = plotly_bundle()
    bundle_bytes = len(bundle.encode("utf-8"))
    head = bundle[:200]  # the licence header and wrapper: one per embedded copy
    records, rows = [], []
    for name, path in reports.items():
        text = path.read_text(encoding="utf-8")
        size = path.stat().st_size
        copies = text.count(head)
        whole = bundle in text
        over = size - bundle_bytes
        record = {
            "report": name,
            "bytes": size,
            "bundle_bytes": bundle_bytes,
            "over_bundle_bytes": over,
            "plotly_js_copies": copies,
            "bundle_intact": whole,
        }
        records.append(record)
        rows.append(
            Row(
                "size",
                f"{name}.html",
                "plotly.js bundle",
                size,
                bundle_bytes,
                "B",
                size / bundle_bytes,
                f"<= bundle + {SIZE_ALLOWANCE // 1024} KB, 1 copy",
                over <= SIZE_ALLOWANCE and copies == 1 and whole,
            )
        )
    return records, rows


# --- 3. drawing time ------------------------------------------------------------------------


def chromium_path() -> str:
    for candidate in (os.environ.get("WBROLES_CHROMIUM"), shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    raise BenchmarkError(
        "the drawing benchmark needs Chromium: `sudo apt-get install chromium` "
        "(or set WBROLES_CHROMIUM), or leave it out with --only build,size,cli"
    )


def draw_once(browser, path: Path, *, timeout_ms: int = 60_000) -> dict:
    """Open ``path`` offline in a fresh context; milliseconds until every chart has drawn."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    errors, blocked = [], []
    try:
        page = context.new_page()
        page.on("pageerror", lambda err: errors.append(str(err)))

        def route(request_route):
            if request_route.request.url.startswith("file://"):
                request_route.continue_()
            else:
                blocked.append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        page.add_init_script(DRAWN_OBSERVER_JS)
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=timeout_ms)
        page.wait_for_function("window.__benchDrawnAt !== undefined", timeout=timeout_ms)
        drawn_ms, charts = page.evaluate("[window.__benchDrawnAt, window.__benchCharts]")
    finally:
        context.close()
    return {"ms": drawn_ms, "charts": charts, "page_errors": errors, "blocked": blocked}


def bench_draw(reports: dict[str, Path], *, repeat: int, work: Path) -> list[Sample]:
    from playwright.sync_api import sync_playwright

    empty = work / "one_empty_chart.html"
    empty.write_text(EMPTY_CHART_PAGE.format(plotly_js=plotly_bundle()), encoding="utf-8")
    pages = {"one empty chart": empty, **{f"{name}.html": p for name, p in reports.items()}}
    samples = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            draw_once(browser, empty)  # warm the browser's own start-up paths, not timed
            for rep in range(repeat):
                for label, path in rotated(list(pages.items()), rep):
                    seen = draw_once(browser, path)
                    if seen["page_errors"]:
                        raise BenchmarkError(f"{label}: page errors {seen['page_errors']}")
                    extra = {k: seen[k] for k in ("charts", "blocked")}
                    samples.append(Sample(label, rep, seen["ms"] / 1000, 0.0, extra))
        finally:
            browser.close()
    progress(f"draw   {repeat} repetitions of {len(pages)} pages done")
    return samples


def draw_rows(samples: list[Sample], reports: dict[str, Path]) -> list[Row]:
    by = group(samples)
    empty = median(by["one empty chart"]) * 1000
    rows = []
    for name in reports:
        label = f"{name}.html"
        ms = median(by[label]) * 1000
        charts = samples_extra(samples, label, "charts")
        rows.append(
            Row(
                "draw",
                f"{label} ({charts} chart{'s' if charts != 1 else ''})",
                "one empty chart",
                ms,
                empty,
                "ms",
                ms / empty,
                f"<= {DRAW_VS_EMPTY} x",
                ms / empty <= DRAW_VS_EMPTY,
            )
        )
    return rows


# --- 4. command line ------------------------------------------------------------------------


def bench_cli(*, rounds: int, work: Path) -> list[Sample]:
    contenders = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "wbroles --help": [VENV_BIN / "wbroles", "--help"],
        "wbroles validate": [VENV_BIN / "wbroles", "validate"],
    }
    samples = []
    for rep in range(rounds):
        for label, cmd in rotated(list(contenders.items()), rep):
            wall, cpu = run_command(cmd, env=bench_env(), cwd=work)
            samples.append(Sample(label, rep, wall, cpu))
    progress(f"cli    {rounds} rounds of {len(contenders)} commands done")
    return samples


def cli_rows(samples: list[Sample]) -> list[Row]:
    by = group(samples)
    python = median(by["python -c pass"])
    helped = median(by["wbroles --help"])
    validate = median(by["wbroles validate"])
    return [
        Row(
            "cli",
            "wbroles --help",
            "python -c pass",
            helped,
            python,
            "s",
            helped / python,
            f"<= {HELP_VS_PYTHON} x",
            helped / python <= HELP_VS_PYTHON,
        ),
        Row(
            "cli",
            "wbroles validate",
            "python -c pass",
            validate,
            python,
            "s",
            validate / python,
            "-",
            None,
        ),
    ]


# --- results --------------------------------------------------------------------------------


def group(samples: list[Sample]) -> dict[str, list[float]]:
    by: dict[str, list[float]] = {}
    for sample in samples:
        by.setdefault(sample.contender, []).append(sample.wall_s)
    return by


def shown(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value / 1024:,.0f} KB"
    if unit == "ms":
        return f"{value:,.0f} ms"
    return f"{value:.2f} s"


def table(rows: list[Row]) -> str:
    lines = [
        (
            r.benchmark,
            r.subject,
            shown(r.measured, r.unit),
            r.reference,
            shown(r.baseline, r.unit),
            "-" if r.ratio is None else f"{r.ratio:.2f}",
            r.target,
            r.result,
        )
        for r in rows
    ]
    header = ("bench", "measured", "median", "reference", "median", "ratio", "target", "result")
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    right = {2, 4, 5}

    def fmt(line):
        return "  ".join(
            str(cell).rjust(w) if i in right else str(cell).ljust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(header), rule, *(fmt(line) for line in lines)])


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": list(os.getloadavg()),
    }


def write_results(folder: Path, payload: dict, rows: list[Row]) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = payload["started"].replace(":", "").replace("-", "")[:15]
    json_path = folder / f"bench_report-{stamp}.json"
    csv_path = folder / f"bench_report-{stamp}.csv"
    json_path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["benchmark", "measured", "reference", "median", "reference_median", "unit", "ratio"]
            + ["target", "result"]
        )
        for r in rows:
            writer.writerow(
                [r.benchmark, r.subject, r.reference, f"{r.measured:.6g}", f"{r.baseline:.6g}"]
                + [r.unit, "" if r.ratio is None else f"{r.ratio:.4f}", r.target, r.result]
            )
    for path in (json_path, csv_path):
        shutil.copyfile(path, folder / f"bench_report-latest{path.suffix}")
    return json_path, csv_path


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- command line ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench_report.py",
        description="Benchmark the report build, report size, drawing time and command line "
        "against their references; print medians, ratios and targets.",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, metavar="N", help="repetitions of each (default 3)"
    )
    parser.add_argument(
        "--only",
        default=",".join(BENCHMARKS),
        metavar="LIST",
        help=f"benchmarks to run, comma-separated (default: {','.join(BENCHMARKS)}); size and "
        "draw use the reports of the build benchmark",
    )
    parser.add_argument(
        "--notebooks-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="notebooks to build (default: the project's notebooks/)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=DEFAULT_RESULTS,
        metavar="DIR",
        help="where the JSON and CSV results go (default: benchmarks/results)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="DIR",
        help="work in DIR and keep the built reports (default: a temporary folder, removed)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in only if name not in BENCHMARKS]
    if unknown or not only:
        parser.error(
            f"unknown benchmark {', '.join(unknown) or '(none given)'} in --only; "
            f"choose from: {', '.join(BENCHMARKS)}"
        )
    args.only = only
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from wbroles.report import available_notebooks

    notebooks_dir = args.notebooks_dir.resolve() if args.notebooks_dir else None
    notebooks = available_notebooks(notebooks_dir) if notebooks_dir else available_notebooks()
    if not notebooks and {"build", "size", "draw"} & set(args.only):
        print(f"bench_report: no notebooks in {notebooks_dir}", file=sys.stderr)
        return 2
    payload: dict = {
        "started": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "repeat": args.repeat,
        "notebooks": list(notebooks),
        "benchmarks": args.only,
    }
    rows: list[Row] = []
    notes: list[str] = []
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="wbroles-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        reports: dict[str, Path] = {}
        if {"build", "size", "draw"} & set(args.only):
            if "build" in args.only:
                samples, out = bench_build(
                    notebooks, notebooks_dir=notebooks_dir, repeat=args.repeat, work=work
                )
                payload["build"] = [asdict(s) for s in samples]
                rows += build_rows(samples, len(notebooks))
                notes += build_notes(samples)
            else:  # size or draw alone: one build, not timed
                out = work / "wbroles-untimed"
                cmd = [VENV_BIN / "wbroles", "report", "--out", out]
                if notebooks_dir is not None:
                    cmd += ["--notebooks-dir", notebooks_dir]
                run_command(cmd, env=bench_env(), cwd=work)
            reports = {name: out / f"{name}.html" for name in notebooks}
        if "size" in args.only:
            records, size_rows = bench_size(reports)
            payload["size"] = records
            rows += size_rows
        if "draw" in args.only:
            samples = bench_draw(reports, repeat=args.repeat * CHEAP_ROUNDS_PER_REPEAT, work=work)
            payload["draw"] = [asdict(s) for s in samples]
            rows += draw_rows(samples, reports)
        if "cli" in args.only:
            samples = bench_cli(rounds=args.repeat * CHEAP_ROUNDS_PER_REPEAT, work=work)
            payload["cli"] = [asdict(s) for s in samples]
            rows += cli_rows(samples)
    except BenchmarkError as err:
        print(f"bench_report: {err}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    payload["machine"]["load_average_at_end"] = list(os.getloadavg())
    payload["table"] = [{**asdict(r), "result": r.result} for r in rows]
    payload["notes"] = notes
    json_path, csv_path = write_results(args.results, payload, rows)
    print(table(rows))
    load = payload["machine"]
    cheap = [name for name in ("draw", "cli") if name in args.only]
    print(
        f"\n{load['cores']} cores, {load['platform']}, Python {load['python']}; load average "
        f"{load['load_average_at_start'][0]:.1f} at start, {load['load_average_at_end'][0]:.1f} "
        f"at end; medians of {args.repeat} repetitions"
        + (f" ({args.repeat * CHEAP_ROUNDS_PER_REPEAT} for {' and '.join(cheap)})" if cheap else "")
    )
    for note in notes:
        print(note)
    print(f"results: {json_path} and {csv_path}")
    failed = [r for r in rows if r.passed is False]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
