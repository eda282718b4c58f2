"""Benchmark of ``wbroles report`` (issue 12): medians of wall time, contenders alternating.

    make bench
    .venv/bin/python benchmarks/bench_report.py [--repeat 3] [--notebooks-dir DIR]

1. first build: ``wbroles report --force`` against the parallel nbconvert peer (``jupyter
   nbconvert --execute --to html`` on every notebook, two at a time, ``PLOTLY_RENDERER=notebook``
   so that its charts draw offline); target at most 0.5x.
2. rebuild with nothing changed against the first build; target at most 0.05x.

Exit status 1 when a target is missed, 2 when a contender fails.
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--notebooks-dir", type=Path, default=ROOT / "notebooks")
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
    checks = [
        ("first build / nbconvert peer", med["first"] / med["peer"], FIRST_VS_PEER),
        ("unchanged rebuild / first build", med["rebuild"] / med["first"], REBUILD_VS_FIRST),
    ]
    print("medians: " + ", ".join(f"{k} {v:.2f} s" for k, v in med.items()))
    for name, ratio, target in checks:
        print(f"{name}: {ratio:.3f}x (target <= {target}x) {'ok' if ratio <= target else 'MISSED'}")
    return 0 if all(ratio <= target for _, ratio, target in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
