"""The generator and the benchmark script run, on a small N: correctness only, no timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from wbroles.observations import load_observations
from wbroles.percentiles import percentile_summary

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
        *("--rows", "2000", "--repeat", "2", "--warmup", "0", "--results", str(tmp_path)),
    )
    assert done.returncode == 0, done.stderr
    (written,) = tmp_path.glob("observations-2000-*.json")
    result = json.loads(written.read_text())

    assert result["rows"] == 2000 and result["repeat"] == 2
    for contender in ("bare", "wbroles"):
        runs = result["runs"][contender]
        assert len(runs) == 2 and all(r["rows"] == 2000 for r in runs)
        assert all(r["seconds"] > 0 and r["peak_rss_mb"] >= r["baseline_rss_mb"] > 0 for r in runs)
    medians, ratios = result["medians"], result["ratios"]
    assert ratios["time"] == medians["wbroles"]["seconds"] / medians["bare"]["seconds"]
    assert ratios["memory"] == medians["wbroles"]["peak_rss_mb"] / medians["bare"]["peak_rss_mb"]
    assert result["targets"] == {"time": 2.0, "memory": 2.5}
    assert result["checks"] == {"rows_equal": True, "groups": 50, "base_n_equals_rows": True}

    ours = result["runs"]["wbroles"][0]
    assert ours["summary_rows"] == 50 * 5
    out = done.stdout
    assert 'bare pandas.read_csv(path, engine="pyarrow")' in out
    assert "load_observations + percentile_summary" in out
    assert f"time ratio   {ratios['time']:.2f}x  (target <= 2.0x)" in out
    assert f"memory ratio {ratios['memory']:.2f}x  (target <= 2.5x)" in out
    assert str(written) in out


def test_benchmark_summary_matches_a_direct_run(tmp_path):
    path = tmp_path / "obs.csv"
    assert run("make_observations.py", "--rows", "1500", "--out", str(path)).returncode == 0
    done = run(
        "bench_observations.py",
        *("--file", str(path), "--repeat", "1", "--warmup", "0", "--results", str(tmp_path)),
    )
    assert done.returncode == 0, done.stderr
    (written,) = tmp_path.glob("observations-1500-*.json")
    ours = json.loads(written.read_text())["runs"]["wbroles"][0]
    summary = percentile_summary(load_observations(path))
    assert ours["summary_rows"] == len(summary)
    assert ours["suppressed"] == int(summary["suppressed"].notna().sum())
