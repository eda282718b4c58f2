"""Time and peak memory of wbroles' observations summary against the bare DuckDB query.

    python benchmarks/bench_observations.py --rows 1e6,1e7 [--repeat 3] [--seed 7]
        [--format parquet|csv] [--huge] [--file PATH] [--results DIR]

Two contenders summarise the same seeded synthetic Parquet file (``make_observations.py``):

* ``duckdb``: one bare DuckDB query, ``read_parquet`` (``read_csv`` for CSV) and, grouped by
  company, role and level, ``count``, ``quantile_cont`` (p10-p90), ``min`` and ``max`` of base,
  bonus, equity, sign_on and their total: the same numbers, nothing checked;
* ``wbroles``: ``summarize_observations(path)``: every rule checked, then the same summary.

Each run is a fresh Python process, so that one contender's memory never counts for the other:
the child imports its libraries first (duckdb and pandas for both), notes its resident memory,
times the work with ``time.perf_counter``, and reports its peak resident memory (``VmHWM`` from
``/proc/self/status``; ``ru_maxrss`` elsewhere). Runs alternate (duckdb, wbroles, wbroles,
duckdb, ...) after one untimed warm-up of each, and the medians are compared with the targets:
at most 1.3x the time and 1.5x the peak memory of the bare query. Rows of 1e8 or more need
``--huge`` (several GB of disk). The result is printed and written as JSON under
``benchmarks/results/`` (git-ignored). The exit status is 0 whatever the outcome: this is a
measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
TIME_TARGET = 1.3
MEMORY_TARGET = 1.5
CONTENDERS = ("duckdb", "wbroles")
HUGE = 100_000_000  # rows from which --huge is needed
COMPONENTS = ("base", "bonus", "equity", "sign_on", "total")
SHARES = "0.1, 0.25, 0.5, 0.75, 0.9"


# --- the child: one measured run -----------------------------------------------------------


def _peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (10^6 bytes)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def bare_query(path: str) -> str:
    """The bare DuckDB query: the summary's numbers of ``path``, one row per group."""
    scan = (
        f"read_parquet('{path}')" if path.endswith((".parquet", ".pq")) else f"read_csv('{path}')"
    )
    stats = ", ".join(
        f"count({c}), quantile_cont({c}, [{SHARES}]), min({c}), max({c})" for c in COMPONENTS
    )
    return (
        f"SELECT company, role, level, {stats} FROM (SELECT company, role, level, base, bonus, "
        f"equity, sign_on, base + bonus + equity AS total FROM {scan}) GROUP BY ALL"
    )


def _child(contender: str, path: str) -> dict:
    import duckdb
    import pandas as pd  # noqa: F401  (imported before timing, for both contenders)

    if contender == "wbroles":
        sys.path.insert(0, str(HERE.parent))
        from wbroles.percentiles import summarize_observations

    baseline = _peak_rss_mb()
    cpu = time.process_time()
    start = time.perf_counter()
    if contender == "duckdb":
        groups = duckdb.sql(bare_query(path)).fetchall()
        seconds = time.perf_counter() - start
        numbers = {
            f"{g[0]}|{g[1]}|{g[2]}|{c}": [
                g[3 + 4 * i],
                *(g[4 + 4 * i] or []),
                *g[5 + 4 * i : 7 + 4 * i],
            ]
            for g in groups
            for i, c in enumerate(COMPONENTS)
        }
    else:
        summary = summarize_observations(path, min_n=1)
        seconds = time.perf_counter() - start
        stats = ["n", "p10", "p25", "p50", "p75", "p90", "min", "max"]
        numbers = {
            f"{r.company}|{r.role}|{r.level}|{r.component}": [
                None if v != v else v for v in (getattr(r, s) for s in stats)
            ]
            for r in summary.itertuples()
        }
    return {
        "contender": contender,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": _peak_rss_mb(),
        "rows": sum(n[0] for k, n in numbers.items() if k.endswith("|base")),
        "groups": sum(k.endswith("|base") for k in numbers),
        "numbers": numbers,
    }


def agreement(ours: dict, bare: dict) -> float | None:
    """The largest relative difference between the two contenders' numbers; None if they do
    not hold the same groups or the same missing values."""
    if ours.keys() != bare.keys():
        return None
    worst = 0.0
    for key, values in ours.items():
        for a, b in zip(values, bare[key], strict=True):
            if (a is None) != (b is None):
                return None
            if a is not None and a != b:
                worst = max(worst, abs(a - b) / max(abs(a), abs(b)))
    return worst


# --- the parent ----------------------------------------------------------------------------------


def _run_child(contender: str, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", contender, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{contender} run failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def measure(path: Path, *, repeat: int, warmup: int = 1) -> dict:
    """Run both contenders ``repeat`` times each, alternating; return runs, medians, ratios
    and how closely their numbers agree."""
    for _ in range(warmup):
        for contender in CONTENDERS:
            _run_child(contender, path)
    runs: dict[str, list[dict]] = {c: [] for c in CONTENDERS}
    numbers = {}
    for i in range(repeat):
        # Alternate which goes first, so that neither always follows the other's cache state.
        for contender in CONTENDERS if i % 2 == 0 else CONTENDERS[::-1]:
            run = _run_child(contender, path)
            numbers.setdefault(contender, run.pop("numbers"))
            runs[contender].append(run)
    medians = {
        c: {
            k: _median(runs[c], k)
            for k in ("seconds", "cpu_seconds", "peak_rss_mb", "baseline_rss_mb")
        }
        for c in CONTENDERS
    }
    bare, ours = medians["duckdb"], medians["wbroles"]
    ratios = {
        "time": ours["seconds"] / bare["seconds"],
        "memory": ours["peak_rss_mb"] / bare["peak_rss_mb"],
        # The same, counting only memory above each child's own import baseline.
        "memory_above_baseline": (ours["peak_rss_mb"] - ours["baseline_rss_mb"])
        / max(bare["peak_rss_mb"] - bare["baseline_rss_mb"], 1e-9),
    }
    checks = {
        "rows_equal": runs["wbroles"][0]["rows"] == runs["duckdb"][0]["rows"],
        "groups": runs["wbroles"][0]["groups"],
        "summary_rows": len(numbers["wbroles"]),
        "largest_relative_difference": agreement(numbers["wbroles"], numbers["duckdb"]),
    }
    return {"runs": runs, "medians": medians, "ratios": ratios, "checks": checks}


def _verdict(value: float, target: float) -> str:
    return "meets target" if value <= target else "MISSES target"


def report(result: dict) -> str:
    m, r = result["medians"], result["ratios"]
    lines = [
        f"observations benchmark: {result['rows']:,} rows, {result['file_mb']:.1f} MB "
        f"{result['format']}, {result['repeat']} run(s) of each contender, medians",
        f"  machine: {result['machine']['cpus']} CPUs, load average "
        f"{result['machine']['load_before']} before, {result['machine']['load_after']} after",
        "",
        f"  {'contender':<46}{'time':>9}{'CPU time':>10}{'peak RSS':>11}{'after imports':>15}",
    ]
    names = {
        "duckdb": "bare DuckDB query (quantile_cont GROUP BY)",
        "wbroles": "summarize_observations (validate + summary)",
    }
    for c in CONTENDERS:
        lines.append(
            f"  {names[c]:<46}{m[c]['seconds']:>8.3f}s{m[c]['cpu_seconds']:>9.3f}s"
            f"{m[c]['peak_rss_mb']:>8.0f} MB{m[c]['baseline_rss_mb']:>12.0f} MB"
        )
    lines += [
        "",
        f"  time ratio   {r['time']:.2f}x  (target <= {TIME_TARGET}x): "
        f"{_verdict(r['time'], TIME_TARGET)}",
        f"  memory ratio {r['memory']:.2f}x  (target <= {MEMORY_TARGET}x): "
        f"{_verdict(r['memory'], MEMORY_TARGET)}",
        f"  memory ratio above each process's import baseline: {r['memory_above_baseline']:.2f}x",
        f"  checks: {result['checks']}",
    ]
    return "\n".join(lines)


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def _sizes(text: str) -> list[int]:
    """'1e6,1e7' -> [1000000, 10000000]."""
    try:
        sizes = [int(float(part)) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a list of row counts such as 1e6,1e7: {text!r}"
        ) from None
    if any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"row counts must be at least 1: {text!r}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=_sizes, default=[1_000_000], help="rows to generate, such as 1e6,1e7"
    )
    parser.add_argument("--repeat", type=int, default=3, help="measured runs per contender")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs per contender")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--huge", action="store_true", help=f"allow {HUGE:.0e} rows or more")
    parser.add_argument("--file", type=Path, help="use this file instead of generating one")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for the JSON")
    parser.add_argument("--child", nargs=2, metavar=("CONTENDER", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if max(args.rows) >= HUGE and not args.huge and args.file is None:
        parser.error(f"--rows {max(args.rows):,} needs --huge (several GB of disk)")
    for rows in [None] if args.file else args.rows:
        result = _bench(args, rows)
        print(report(result))
        args.results.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = args.results / f"observations-{result['rows']}-{stamp}.json"
        out.write_text(json.dumps(result, indent=2) + "\n")
        print(f"\n  written: {out}\n")
    return 0


def _bench(args, rows: int | None) -> dict:
    """One size: generate the file (unless ``--file``), measure, and describe the run."""
    with tempfile.TemporaryDirectory(prefix="wbroles-bench-") as tmp:
        path = args.file
        if path is None:
            sys.path.insert(0, str(HERE))
            from make_observations import observations, write

            path = Path(tmp) / f"observations-{rows}.{args.format}"
            write(observations(rows, seed=args.seed), path, fmt=args.format)
        load_before = _load()
        result = measure(path, repeat=args.repeat, warmup=args.warmup)
        result.update(
            rows=result["runs"]["duckdb"][0]["rows"],
            file=str(path) if args.file else None,
            format=path.suffix.lstrip(".") or "file",
            file_mb=path.stat().st_size / 1e6,
            seed=args.seed,
            repeat=args.repeat,
        )
    result["targets"] = {"time": TIME_TARGET, "memory": MEMORY_TARGET}
    result["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_before": load_before,
        "load_after": _load(),
    }
    result["versions"] = _versions()
    result["when"] = datetime.now(UTC).isoformat(timespec="seconds")
    return result


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("duckdb", "pandas", "pyarrow", "numpy"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


if __name__ == "__main__":
    sys.exit(main())
