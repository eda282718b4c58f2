"""``wbroles report`` under faults: concurrent builds, signals, unusable --out, planted
symlinks, relative paths, parameter order and repeats, and the content cache."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from wbroles import cache, outdir
from wbroles.inputs import check_values
from wbroles.report import BuildOptions, build_reports

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _probe(folder: Path, extra: str = "") -> Path:
    """A small notebook: a chart, a cell that can sleep or fail, and a data_dir parameter."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    folder.mkdir(parents=True, exist_ok=True)
    params = new_code_cell('mode: str = "ok"  # ok, slow or fail\ndata_dir: "Optional[str]" = None')
    params.metadata["tags"] = ["parameters"]
    cells = [
        new_markdown_cell("# Probe\n\nA notebook that sleeps or fails on demand."),
        params,
        new_code_cell("import plotly.graph_objects as go\ngo.Figure(go.Bar(x=[1], y=[2]))"),
        new_code_cell(
            "import time\nif mode == 'slow':\n    time.sleep(120)\n"
            "if mode == 'fail':\n    raise RuntimeError('forced failure')" + extra
        ),
    ]
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "probe.ipynb"
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": kernelspec}), path)
    return folder


def _cmd(notebooks: Path, out, *args: str) -> list[str]:
    return [sys.executable, "-m", "wbroles_cli", "report", "--out", str(out),
            "--notebooks-dir", str(notebooks), *args]  # fmt: skip


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _cli(notebooks: Path, out, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        _cmd(notebooks, out, *args),
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_env(),
        timeout=300,
    )


def _no_temp_files(out: Path) -> bool:
    return not list(out.rglob(outdir.TEMP_PREFIX + "*"))


def test_a_second_build_into_the_same_out_exits_2_naming_the_first(tmp_path):
    notebooks = _probe(tmp_path / "nb")
    out = tmp_path / "out"
    out.mkdir()
    with open(out / outdir.LOCK_NAME, "w") as held:  # as a running build holds it
        held.write("4242\n")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX)
        result = _cli(notebooks, out, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"wbroles report: another build (pid 4242) is writing to {out}; try again later"
    )
    assert not (out / "probe.html").exists()


def test_two_concurrent_builds_one_runs_the_other_exits_2(tmp_path):
    notebooks = _probe(tmp_path / "nb")
    out = tmp_path / "out"
    out.mkdir()
    first = subprocess.Popen(
        _cmd(notebooks, out, "-p", "mode", "ok"), cwd=tmp_path, env=_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (out / outdir.LOCK_NAME).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = _cli(notebooks, out, cwd=tmp_path)
    first_out, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert second.returncode == 2
    assert f"another build (pid {first.pid})" in second.stderr
    assert (out / "probe.html").exists() and _no_temp_files(out)


def _kernels_of(pid: int) -> list[psutil.Process]:
    try:
        family = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []
    return [p for p in family if "ipykernel" in " ".join(p.cmdline())]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_build_and_keeps_the_old_report(tmp_path, signum):
    notebooks = _probe(tmp_path / "nb")
    out = tmp_path / "out"
    assert _cli(notebooks, out, cwd=tmp_path).returncode == 0
    before = (out / "probe.html").read_bytes()
    build = subprocess.Popen(
        _cmd(notebooks, out, "-p", "mode", "slow"), cwd=tmp_path, env=_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not (kernels := _kernels_of(build.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert kernels, "no kernel started"
    time.sleep(1.0)  # the kernel is running the notebook
    started = time.monotonic()
    build.send_signal(signum)
    _, err = build.communicate(timeout=30)
    took = time.monotonic() - started
    assert build.returncode == 128 + signum
    assert err.strip() == (
        f"wbroles report: stopped by {signal.Signals(signum).name}; earlier reports kept"
    )
    assert took < 3.0, took  # the target is 2 s; a loaded machine gets some slack
    assert (out / "probe.html").read_bytes() == before
    assert _no_temp_files(out)
    gone, alive = psutil.wait_procs(kernels, timeout=2)
    assert alive == []


def _unusable(tmp_path: Path, kind: str) -> Path:
    if kind == "file":
        (tmp_path / "afile").write_text("x")
        return tmp_path / "afile"
    if kind == "under a file":
        (tmp_path / "afile").write_text("x")
        return tmp_path / "afile" / "out"
    if kind == "notebooks folder":
        return tmp_path / "nb"
    if kind == "inside the notebooks folder":
        return tmp_path / "nb" / "reports"
    return Path({"/dev/null": "/dev/null", "/proc/x": "/proc/x"}[kind])


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("file", "is not a folder"),
        ("under a file", "is under"),
        ("/dev/null", "is not a folder"),
        ("/proc/x", "cannot"),
        ("notebooks folder", "is inside the notebooks folder"),
        ("inside the notebooks folder", "is inside the notebooks folder"),
    ],
)
def test_an_unusable_out_is_refused_before_any_notebook_runs(tmp_path, kind, message):
    notebooks = _probe(tmp_path / "nb", extra="\nopen('ran', 'w').close()")
    out = _unusable(tmp_path, kind)
    result = _cli(notebooks, out, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("wbroles report: --out ") and message in line
    assert not list(tmp_path.rglob("ran")) and not list(tmp_path.rglob("probe.html"))
    assert sorted(p.name for p in (tmp_path / "nb").iterdir()) == ["probe.ipynb"]


def _mount_tmpfs(folder: Path, options: str) -> None:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")


def test_a_read_only_out_is_refused(tmp_path):
    notebooks = _probe(tmp_path / "nb")
    out = tmp_path / "ro"
    _mount_tmpfs(out, "ro,size=1m")
    try:
        result = _cli(notebooks, out, cwd=tmp_path)
    finally:
        subprocess.run(["umount", str(out)], check=False)
    assert result.returncode == 2
    assert "read-only" in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_full_disk_ends_with_exit_2_and_keeps_earlier_reports(tmp_path):
    notebooks = _probe(tmp_path / "nb")
    out = tmp_path / "small"
    _mount_tmpfs(out, "size=12m")
    try:
        assert _cli(notebooks, out, cwd=tmp_path).returncode == 0
        before = (out / "probe.html").read_bytes()
        with open(out / "filler", "wb") as filler, pytest.raises(OSError):  # the disk fills up
            while True:
                filler.write(b"\1" * 65536)
                filler.flush()
        result = _cli(notebooks, out, "--force", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "no space left" in result.stderr and "Traceback" not in result.stderr
        assert (out / "probe.html").read_bytes() == before
        assert _no_temp_files(out)
        assert [p.name for p in out.rglob("*") if p.is_file() and p.stat().st_size == 0] == []
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_a_symlink_planted_at_a_temp_name_is_not_followed(tmp_path, monkeypatch):
    target = tmp_path / "victim.txt"
    target.write_text("precious")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / ".wbroles-tmp-planted").symlink_to(target)
    names = iter([".wbroles-tmp-planted", ".wbroles-tmp-fresh"])
    monkeypatch.setattr(outdir, "_temp_name", lambda: next(names))
    outdir.write_atomic(folder / "report.html", b"new report")
    assert target.read_text() == "precious"
    assert (folder / "report.html").read_bytes() == b"new report"
    assert (folder / "report.html").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    return int(subprocess.run(["sh", "-c", "umask"], capture_output=True, text=True).stdout, 8)


def test_relative_paths_are_read_from_the_callers_folder(tmp_path):
    here = tmp_path / "here"
    shutil.copytree(DATA, here / "mydata")
    out = tmp_path / "elsewhere" / "out"
    result = _cli(_probe(tmp_path / "nb"), out, "-p", "data_dir", "mydata", cwd=here)
    assert result.returncode == 0, result.stderr
    executed = nbformat.read(out / "probe.ipynb", as_version=4)
    assert executed.metadata.papermill.parameters["data_dir"] == str(here / "mydata")


def test_relative_observations_path_builds_observed_pay(tmp_path):
    shutil.copy(DATA / "examples" / "observations_synthetic.csv", tmp_path / "my_offers.csv")
    shutil.copy(DATA / "examples" / "sources_synthetic.csv", tmp_path / "my_sources.csv")
    out = tmp_path / "out"
    result = _cli(ROOT / "notebooks", out, "--notebook", "observed_pay", "-p", "level", "L4",
                  "-p", "observations", "my_offers.csv", "-p", "observation_sources",
                  "my_sources.csv", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    params = nbformat.read(out / "observed_pay.ipynb", as_version=4).metadata.papermill.parameters
    assert params["observations"] == str(tmp_path / "my_offers.csv")


def test_roles_keep_their_order_in_the_executed_notebook(tmp_path):
    out = tmp_path / "out"
    result = _cli(ROOT / "notebooks", out, "--notebook", "skill_emphasis",
                  "-p", "roles", "TPM,PM", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    params = nbformat.read(out / "skill_emphasis.ipynb", as_version=4).metadata.papermill.parameters
    assert params["roles"] == ["TPM", "PM"]


def test_observed_pay_is_checked_against_its_observations_file():
    values = {"data_dir": None, "observations": None, "observation_sources": None,
              "company": None, "level": "L4", "component": "total", "min_n": 5}  # fmt: skip
    check_values(values)  # the bundled example's level
    with pytest.raises(ValueError, match="unknown level 'L9'; choose from: L4"):
        check_values({**values, "level": "L9"})
    with pytest.raises(ValueError, match="unknown component 'stock'"):
        check_values({**values, "component": "stock"})


def test_the_data_digest_reads_only_regular_table_files(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    plain = cache.data_digest(tmp_path / "data")
    (tmp_path / "data" / "notes.csv").write_text("not a table")
    assert cache.data_digest(tmp_path / "data") == plain
    (tmp_path / "data" / "skills.csv").unlink()
    (tmp_path / "data" / "skills.csv").mkdir()
    (tmp_path / "data" / "sources.csv").unlink()
    os.mkfifo(tmp_path / "data" / "sources.csv")  # opening it would hang
    assert cache.data_digest(tmp_path / "data") != plain


def test_unchanged_notebooks_are_reused_and_changes_rerun(tmp_path, monkeypatch):
    notebooks = _probe(tmp_path / "nb")
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    out = tmp_path / "out"

    def build(**options):
        opts = BuildOptions(out_dir=out, parameters={"data_dir": str(data)}, **options)
        [result] = build_reports({"probe": notebooks / "probe.ipynb"}, opts)
        assert result.ok, result.error
        return result

    assert not build().reused
    again = build()
    assert again.reused and again.figures == 1
    assert "reused" in (out / "index.html").read_text(encoding="utf-8")
    assert not build(force=True).reused
    roles = data / "roles.csv"
    roles.write_text(roles.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not build().reused  # a data file changed
    assert build().reused
    monkeypatch.setattr("wbroles.report.package_digest", lambda: "another package")
    assert not build().reused  # wbroles changed


def test_one_changed_notebook_is_the_only_one_that_runs(tmp_path):
    notebooks = _probe(tmp_path / "nb")
    shutil.copy(notebooks / "probe.ipynb", notebooks / "other.ipynb")
    sources = {p.stem: p for p in sorted(notebooks.glob("*.ipynb"))}
    out = tmp_path / "out"

    def build() -> dict[str, bool]:
        results = build_reports(sources, BuildOptions(out_dir=out, jobs=2))
        assert all(r.ok for r in results), [r.error for r in results]
        return {r.name: r.reused for r in results}

    assert build() == {"other": False, "probe": False}
    stamp = (out / "probe.html").stat().st_mtime_ns
    other = nbformat.read(notebooks / "other.ipynb", as_version=4)
    other.cells[0].source = "# Other\n\nThe same probe under another title."
    nbformat.write(other, notebooks / "other.ipynb")
    assert build() == {"other": False, "probe": True}
    assert (out / "probe.html").stat().st_mtime_ns == stamp  # the reused report is untouched
    assert "The same probe under another title" in (out / "other.html").read_text("utf-8")
    assert build() == {"other": True, "probe": True}


def test_the_package_digest_covers_sources_and_templates(tmp_path, monkeypatch):
    package = tmp_path / "wbroles"
    shutil.copytree(ROOT / "wbroles", package)
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    monkeypatch.setattr(cache, "TEMPLATES_DIR", package / "templates")
    first = cache.package_digest()
    (package / "plots" / "base.py").write_text("# changed\n", encoding="utf-8")
    second = cache.package_digest()
    assert second != first
    (package / "templates" / "index.html.j2").write_text("changed", encoding="utf-8")
    third = cache.package_digest()
    assert third != second
    (package / "templates" / "plotly-wbroles.min.js").write_text("rebuilt", encoding="utf-8")
    fourth = cache.package_digest()
    assert fourth != third
    (package / "templates" / "wbroles_report" / "report.css").write_text("", encoding="utf-8")
    assert cache.package_digest() != fourth


def test_an_unchanged_rebuild_runs_no_kernel_and_imports_no_papermill(tmp_path):
    # The package imports pandas and pandera when it is imported (no lazy names): about 1.5 s
    # of a no-change rebuild. Papermill, nbconvert and the kernels stay out of it.
    notebooks = _probe(tmp_path / "nb")
    out = tmp_path / "out"
    assert _cli(notebooks, out, cwd=tmp_path).returncode == 0
    code = (
        "import sys; from wbroles_cli import main; "
        f"rc = main(['report', '--out', {str(out)!r}, '--notebooks-dir', {str(notebooks)!r}]); "
        "print(rc, 'nbconvert' in sys.modules, 'papermill' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, env=_env())  # fmt: skip
    assert result.stdout.splitlines()[-1] == "0 False False", result.stderr
    assert "reused" in result.stdout


def test_a_closed_stdout_ends_quietly(tmp_path):
    notebooks = _probe(tmp_path / "nb")
    build = subprocess.Popen(_cmd(notebooks, tmp_path / "out"), cwd=tmp_path, env=_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    build.stdout.close()  # as `| head` does
    err = build.stderr.read().decode()
    assert build.wait(timeout=300) == 0
    assert err == ""
    assert (tmp_path / "out" / "probe.html").exists()
