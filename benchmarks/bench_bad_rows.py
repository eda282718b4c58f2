"""What a bad row costs: ``load_observations`` on a valid CSV file and on the same file with
one ragged row, and with one bad value, at the middle (issue 13's target: time and memory
within 1.5x of the valid file). Each run is a fresh process; the contenders alternate.

    .venv/bin/python benchmarks/bench_bad_rows.py --rows 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import make_observations

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import resource, sys, time
from wbroles.errors import DataError
from wbroles.observations import load_observations
start = time.perf_counter()
try:
    load_observations(sys.argv[1])
    lines = []
except DataError as err:
    lines = [str(p) for p in err.problems]
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(seconds, peak, len(lines), lines[0] if lines else "valid")
"""


def variants(folder: Path, rows: int) -> dict[str, Path]:
    """The valid file and its two broken copies."""
    valid = folder / "valid.csv"
    make_observations.write(make_observations.observations(rows), valid, fmt="csv")
    lines = valid.read_text(encoding="utf-8").splitlines(keepends=True)
    middle = len(lines) // 2
    ragged = list(lines)
    ragged[middle] = ragged[middle].rstrip("\n") + ",extra\n"
    value, fields = list(lines), lines[middle].split(",")
    value[middle] = ",".join([*fields[:3], "2.8e5", *fields[4:]])  # base, the fourth column
    paths = {"valid": valid, "ragged row": folder / "ragged.csv", "bad value": folder / "value.csv"}
    paths["ragged row"].write_text("".join(ragged), encoding="utf-8")
    paths["bad value"].write_text("".join(value), encoding="utf-8")
    return paths


def run(path: Path) -> tuple[float, int, int, str]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    ).stdout.split(" ", 3)
    return float(out[0]), int(out[1]), int(out[2]), out[3].strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = variants(Path(tmp), args.rows)
        runs: dict[str, list] = {name: [] for name in paths}
        for i in range(args.repeat):
            for name in list(paths)[i % 3 :] + list(paths)[: i % 3]:  # alternate who goes first
                runs[name].append(run(paths[name]))
    base_time = statistics.median(r[0] for r in runs["valid"])
    base_rss = statistics.median(r[1] for r in runs["valid"])
    print(f"bad-row cost: {args.rows:,} rows, {args.repeat} run(s) each, medians")
    for name, found in runs.items():
        time_, rss = statistics.median(r[0] for r in found), statistics.median(r[1] for r in found)
        print(
            f"  {name:<11} {time_:6.2f} s ({time_ / base_time:.2f}x)  {rss:5d} MiB "
            f"({rss / base_rss:.2f}x)  {found[0][2]} problem(s): {found[0][3][:70]}"
        )
    worst = max(
        statistics.median(r[0] for r in found) / base_time
        for n, found in runs.items()
        if n != "valid"
    )
    print(f"worst time ratio {worst:.2f}x (target <= 1.5x) {'met' if worst <= 1.5 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
