"""``wbroles report --scheduler ADDRESS``: the notebook runs of a sweep on a Dask distributed
cluster (a LocalCluster of two worker processes on loopback), a worker killed mid-task, and
clusters the build cannot use."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import psutil
import pytest
from test_report_faults import _cli, _cmd, _env, _no_temp_files, _probe

distributed = pytest.importorskip("distributed")

NAP = "\nif mode == 'nap':\n    time.sleep(8)"


def _cluster(threads: int = 1):
    return distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=threads,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=50,
    )


def _sweep(folder, modes):
    path = folder / "sweep.csv"
    path.write_text("name,mode\n" + "".join(f"run{i},{m}\n" for i, m in enumerate(modes)))
    return path


def test_a_sweep_of_six_runs_builds_through_a_local_cluster(tmp_path):
    notebooks, out = _probe(tmp_path / "nb"), tmp_path / "out"
    sweep = _sweep(tmp_path, ["ok"] * 6)
    with _cluster() as cluster:
        done = _cli(notebooks, out, "--sweep", str(sweep), "--scheduler",
                    cluster.scheduler_address, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for i in range(6):
        page = (out / f"run{i}" / "probe.html").read_text(encoding="utf-8")
        assert page.rstrip().endswith("</html>") and "Plotly.newPlot(" in page
    assert (out / "index.html").read_text(encoding="utf-8").count('/probe.html">Probe</a>') == 6
    assert _no_temp_files(out)


def _worker_running_a_kernel(cluster, build, deadline: float) -> psutil.Process:
    """The worker process that has a kernel (a child) running, once one has."""
    while time.monotonic() < deadline:
        assert build.poll() is None, build.communicate()
        for nanny in cluster.workers.values():
            worker = psutil.Process(nanny.process.pid)
            if worker.children(recursive=True):
                return worker
        time.sleep(0.1)
    raise AssertionError("no kernel started on a worker")


def test_a_worker_killed_mid_task_is_retried_or_reported_never_half_written(tmp_path):
    notebooks, out = _probe(tmp_path / "nb", extra=NAP), tmp_path / "out"
    sweep = _sweep(tmp_path, ["nap", "nap"])
    with _cluster() as cluster:
        cmd = _cmd(notebooks, out, "--sweep", str(sweep), "--scheduler", cluster.scheduler_address)
        build = subprocess.Popen(cmd, cwd=tmp_path, env=_env(), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)  # fmt: skip
        try:
            worker = _worker_running_a_kernel(cluster, build, time.monotonic() + 180)
            os.kill(worker.pid, signal.SIGKILL)
            stdout, stderr = build.communicate(timeout=240)
        finally:
            build.kill()
    assert build.returncode in (0, 1), stderr
    for run in ("run0", "run1"):
        html = out / run / "probe.html"
        if html.exists():
            assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
            assert str(html) in stdout
        else:
            assert build.returncode == 1 and "FAILED probe: its worker stopped" in stderr
    assert _no_temp_files(out)


def test_a_cluster_whose_workers_run_several_tasks_at_once_is_refused(tmp_path):
    notebooks, out = _probe(tmp_path / "nb"), tmp_path / "out"
    with _cluster(threads=2) as cluster:
        address = cluster.scheduler_address
        refused = _cli(notebooks, out, "--scheduler", address, cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"wbroles report: --scheduler {address}: worker tcp://")
    assert refused.stderr.endswith(
        " runs 2 tasks at once; papermill changes its process's working folder: start workers "
        "with --nthreads 1\n"
    )
    assert not (out / "probe.html").exists()


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path):
    notebooks, out = _probe(tmp_path / "nb"), tmp_path / "out"
    refused = _cli(notebooks, out, "--scheduler", "tcp://127.0.0.1:9", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.startswith(
        "wbroles report: --scheduler tcp://127.0.0.1:9: cannot connect"
    )
    assert len(refused.stderr.splitlines()) == 1
