"""Time and peak memory of loading + validating + summarising observations, against a bare read.

    python benchmarks/bench_observations.py --rows 1000000 [--repeat 5] [--seed 7]
        [--file PATH] [--results DIR]

Two contenders read the same seeded synthetic CSV (``make_observations.py``):

* ``bare``: ``pandas.read_csv(path, engine="pyarrow")``, nothing else;
* ``wbroles``: ``load_observations(path)`` (every rule checked) then ``percentile_summary``.

Each run is a fresh Python process, so that one contender's memory never counts for the other:
the child imports its libraries first (pandas and pyarrow.csv for both, so that neither pays
an import inside the timed part), notes its resident memory, times the work with
``time.perf_counter``, and reports its peak resident memory (``VmHWM`` from
``/proc/self/status``; ``ru_maxrss`` elsewhere). Runs alternate (bare, wbroles, wbroles, bare,
...) after one untimed warm-up of each, and the medians are compared with the targets: at most
2x the time and 2.5x the peak memory of the bare read. The result is printed and written as
JSON under ``benchmarks/results/`` (git-ignored). The exit status is 0 whatever the outcome:
this is a measurement, not a test.
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
TIME_TARGET = 2.0
MEMORY_TARGET = 2.5
CONTENDERS = ("bare", "wbroles")


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


def _child(contender: str, path: str) -> dict:
    import pandas as pd
    import pyarrow.csv  # noqa: F401  (imported before timing, for both contenders)

    if contender == "wbroles":
        sys.path.insert(0, str(HERE.parent))
        from wbroles.observations import load_observations
        from wbroles.percentiles import percentile_summary

    baseline = _peak_rss_mb()
    cpu = time.process_time()
    start = time.perf_counter()
    if contender == "bare":
        frame = pd.read_csv(path, engine="pyarrow")
        seconds = time.perf_counter() - start
        checks = {"rows": len(frame)}
    else:
        obs = load_observations(path)
        summary = percentile_summary(obs)
        seconds = time.perf_counter() - start
        base = summary[summary["component"] == "base"]
        checks = {
            "rows": len(obs),
            "groups": len(base),
            "summary_rows": len(summary),
            "base_n": int(base["n"].sum()),
            "suppressed": int(summary["suppressed"].notna().sum()),
        }
    return {
        "contender": contender,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": _peak_rss_mb(),
        **checks,
    }


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
    """Run both contenders ``repeat`` times each, alternating; return runs and medians."""
    for _ in range(warmup):
        for contender in CONTENDERS:
            _run_child(contender, path)
    runs: dict[str, list[dict]] = {c: [] for c in CONTENDERS}
    for i in range(repeat):
        # Alternate which goes first, so that neither always follows the other's cache state.
        for contender in CONTENDERS if i % 2 == 0 else CONTENDERS[::-1]:
            runs[contender].append(_run_child(contender, path))
    medians = {
        c: {
            k: _median(runs[c], k)
            for k in ("seconds", "cpu_seconds", "peak_rss_mb", "baseline_rss_mb")
        }
        for c in CONTENDERS
    }
    bare, ours = medians["bare"], medians["wbroles"]
    ratios = {
        "time": ours["seconds"] / bare["seconds"],
        "memory": ours["peak_rss_mb"] / bare["peak_rss_mb"],
        # The same, counting only memory above each child's own import baseline.
        "memory_above_baseline": (ours["peak_rss_mb"] - ours["baseline_rss_mb"])
        / max(bare["peak_rss_mb"] - bare["baseline_rss_mb"], 1e-9),
    }
    return {"runs": runs, "medians": medians, "ratios": ratios}


def _verdict(value: float, target: float) -> str:
    return "meets target" if value <= target else "MISSES target"


def report(result: dict) -> str:
    m, r = result["medians"], result["ratios"]
    rows = result["rows"]
    lines = [
        f"observations benchmark: {rows:,} rows, {result['file_mb']:.1f} MB CSV, "
        f"{result['repeat']} run(s) of each contender, medians",
        f"  machine: {result['machine']['cpus']} CPUs, load average "
        f"{result['machine']['load_before']} before, {result['machine']['load_after']} after",
        "",
        f"  {'contender':<44}{'time':>9}{'CPU time':>10}{'peak RSS':>11}{'after imports':>15}",
    ]
    names = {
        "bare": 'bare pandas.read_csv(path, engine="pyarrow")',
        "wbroles": "load_observations + percentile_summary",
    }
    for c in CONTENDERS:
        lines.append(
            f"  {names[c]:<44}{m[c]['seconds']:>8.3f}s{m[c]['cpu_seconds']:>9.3f}s"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate")
    parser.add_argument("--repeat", type=int, default=5, help="measured runs per contender")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs per contender")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument("--file", type=Path, help="use this CSV instead of generating one")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for the JSON")
    parser.add_argument("--child", nargs=2, metavar=("CONTENDER", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    with tempfile.TemporaryDirectory(prefix="wbroles-bench-") as tmp:
        path = args.file
        if path is None:
            sys.path.insert(0, str(HERE))
            from make_observations import observations, write

            path = Path(tmp) / f"observations-{args.rows}.csv"
            write(observations(args.rows, seed=args.seed), path, fmt="csv")
        load_before = _load()
        result = measure(path, repeat=args.repeat, warmup=args.warmup)
        result.update(
            rows=args.rows if args.file is None else result["runs"]["bare"][0]["rows"],
            file=str(path) if args.file else None,
            file_mb=path.stat().st_size / 1e6,
            seed=args.seed,
            repeat=args.repeat,
        )
    ours = result["runs"]["wbroles"][0]
    result["checks"] = {
        "rows_equal": ours["rows"] == result["runs"]["bare"][0]["rows"],
        "groups": ours["groups"],
        "base_n_equals_rows": ours["base_n"] == ours["rows"],
    }
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
    print(report(result))
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.results / f"observations-{result['rows']}-{stamp}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\n  written: {out}")
    return 0


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("pandas", "pyarrow", "numpy"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


if __name__ == "__main__":
    sys.exit(main())
