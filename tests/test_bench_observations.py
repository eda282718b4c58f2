"""The generator and the benchmark script run, on a small N: correctness only, no timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from wbroles.observations import load_observations
from wbroles.percentiles import summarize_observations

BENCH = Path(__file__).parents[1] / "benchmarks"


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_generator_is_seeded_and_writes_csv_and_parquet(tmp_path):
    first, again, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    for path, seed in ((first, "3"), (again, "3"), (other, "4")):
        done = run("make_observations.py", "--rows", "500", "--out", str(path), "--seed", seed)
        assert done.returncode == 0, done.stderr
        assert f"wrote 500 rows to {path}" in done.stdout
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()

    parquet = tmp_path / "a.parquet"
    done = run("make_observations.py", "--rows", "500", "--out", str(parquet), "--seed", "3")
    assert done.returncode == 0, done.stderr
    from_csv, from_parquet = load_observations(first), load_observations(parquet)
    pd.testing.assert_frame_equal(from_csv, from_parquet)
    assert set(from_csv["role"].astype(str)) == {"PM", "TPM"}
    assert from_csv["company"].nunique() >= 3 and from_csv["level"].nunique() >= 3
    assert all("(synthetic)" in c for c in from_csv["company"].astype(str))


def test_generator_refuses_a_negative_row_count(tmp_path):
    done = run("make_observations.py", "--rows", "-1", "--out", str(tmp_path / "x.csv"))
    assert done.returncode == 2 and "--rows must be 0 or more" in done.stderr


def test_benchmark_runs_both_contenders_and_writes_its_result(tmp_path):
    done = run(
        "bench_observations.py",
        *("--rows", "2e3", "--repeat", "2", "--warmup", "0", "--results", str(tmp_path)),
    )
    assert done.returncode == 0, done.stderr
    (written,) = tmp_path.glob("observations-2000-*.json")
    result = json.loads(written.read_text())

    assert result["rows"] == 2000 and result["repeat"] == 2 and result["format"] == "parquet"
    for contender in ("duckdb", "wbroles"):
        runs = result["runs"][contender]
        assert len(runs) == 2 and all(r["rows"] == 2000 for r in runs)
        assert all(r["seconds"] > 0 and r["peak_rss_mb"] >= r["baseline_rss_mb"] > 0 for r in runs)
    medians, ratios = result["medians"], result["ratios"]
    assert ratios["time"] == medians["wbroles"]["seconds"] / medians["duckdb"]["seconds"]
    assert ratios["memory"] == medians["wbroles"]["peak_rss_mb"] / medians["duckdb"]["peak_rss_mb"]
    assert result["targets"] == {"time": 1.3, "memory": 1.5}
    checks = result["checks"]
    assert checks["rows_equal"] and checks["groups"] == 50 and checks["summary_rows"] == 50 * 5
    assert checks["largest_relative_difference"] <= 1e-12  # the same numbers, both in DuckDB
    out = done.stdout
    assert "bare DuckDB query (quantile_cont GROUP BY)" in out
    assert "summarize_observations (validate + summary)" in out
    assert f"time ratio   {ratios['time']:.2f}x  (target <= 1.3x)" in out
    assert f"memory ratio {ratios['memory']:.2f}x  (target <= 1.5x)" in out
    assert str(written) in out


def test_benchmark_needs_a_flag_for_a_hundred_million_rows(tmp_path):
    done = run("bench_observations.py", "--rows", "1e6,1e8", "--results", str(tmp_path))
    assert done.returncode == 2 and "--rows 100,000,000 needs --huge" in done.stderr
    assert not list(tmp_path.iterdir())


def test_bare_query_gives_the_summary_numbers(tmp_path):
    path = tmp_path / "obs.parquet"
    assert run("make_observations.py", "--rows", "1500", "--out", str(path)).returncode == 0
    sys.path.insert(0, str(BENCH))
    from bench_observations import bare_query

    groups = {tuple(g[:3]): g for g in duckdb.sql(bare_query(str(path))).fetchall()}
    summary = summarize_observations(path, min_n=1)
    for r in summary[summary["component"] == "total"].itertuples():
        g = groups[(r.company, r.role, r.level)]
        assert (r.n, r.min, r.max) == (g[19], g[21], g[22])
        np.testing.assert_allclose([r.p10, r.p25, r.p50, r.p75, r.p90], g[20], rtol=1e-12)
