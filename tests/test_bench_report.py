"""benchmarks/bench_report.py on a tiny configuration: what it measures and records, not how fast.

The run builds one small notebook with every contender once, so it takes a little while (the
naive chain alone starts four Python processes); no assertion depends on timing.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

import nbformat
import pytest

from browser import require_chromium

ROOT = Path(__file__).resolve().parents[1]


def _load_bench():
    spec = importlib.util.spec_from_file_location(
        "bench_report", ROOT / "benchmarks" / "bench_report.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_report"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


def _tiny_notebooks(folder: Path) -> Path:
    """One notebook: a title, a summary, one bar chart."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    folder.mkdir()
    notebook = new_notebook(
        cells=[
            new_markdown_cell("# Tiny\n\nOne chart, for the benchmark's smoke test."),
            new_code_cell(
                "import plotly.graph_objects as go\ngo.Figure(go.Bar(x=['a', 'b'], y=[1, 2]))"
            ),
        ]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, folder / "tiny.ipynb")
    return folder


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    require_chromium()
    base = tmp_path_factory.mktemp("bench")
    notebooks = _tiny_notebooks(base / "notebooks")
    results, work = base / "results", base / "work"
    args = ["--repeat", "1", "--notebooks-dir", str(notebooks)]
    args += ["--results", str(results), "--keep", str(work)]
    status = bench.main(args)
    [json_path] = results.glob("bench_report-2*.json")
    return {
        "status": status,
        "payload": json.loads(json_path.read_text(encoding="utf-8")),
        "csv": json_path.with_suffix(".csv"),
        "results": results,
        "work": work,
    }


def test_every_benchmark_is_in_the_table(run):
    assert run["status"] in (0, 1)  # 1: a target missed, which a tiny run may well do
    rows = run["payload"]["table"]
    assert [(r["benchmark"], r["subject"], r["reference"]) for r in rows] == [
        ("build", "wbroles report (1 notebook)", "naive chain"),
        (
            "build",
            "wbroles report (1 notebook)",
            f"floor (1 empty, {bench.wbroles_default_jobs()} jobs)",
        ),
        ("size", "tiny.html", "plotly.js bundle"),
        ("draw", "tiny.html (1 chart)", "one empty chart"),
        ("cli", "wbroles --help", "python -c pass"),
        ("cli", "wbroles validate", "python -c pass"),
    ]
    for row in rows:
        assert row["result"] == {True: "PASS", False: "FAIL", None: "info"}[row["passed"]]
        assert row["ratio"] == pytest.approx(row["measured"] / row["baseline"])


def test_ratios_come_from_the_medians_of_the_samples(run):
    payload = run["payload"]
    build = {s["contender"]: s["wall_s"] for s in payload["build"]}
    assert set(build) == {"wbroles report", "naive chain", "floor"}
    naive_row, floor_row = payload["table"][:2]
    assert naive_row["measured"] == build["wbroles report"]
    assert naive_row["baseline"] == build["naive chain"]
    assert floor_row["baseline"] == build["floor"]
    assert naive_row["passed"] == (build["wbroles report"] / build["naive chain"] <= 0.35)
    assert floor_row["passed"] == (build["wbroles report"] / build["floor"] <= 2.5)
    cli = payload["cli"]
    assert len(cli) == 3 * bench.CHEAP_ROUNDS_PER_REPEAT
    help_walls = sorted(s["wall_s"] for s in cli if s["contender"] == "wbroles --help")
    assert payload["table"][4]["measured"] == help_walls[len(help_walls) // 2]


def test_the_floor_runs_as_many_notebooks_as_wbroles_with_its_parallelism(run):
    [floor] = [s for s in run["payload"]["build"] if s["contender"] == "floor"]
    assert floor["extra"]["jobs"] == bench.wbroles_default_jobs()
    assert len(list((run["work"] / "floor").glob("empty_*.ipynb"))) == 1
    assert len(list((run["work"] / "floor" / "executed").glob("*.ipynb"))) == 1


def test_size_counts_the_bytes_and_the_plotly_copies_of_the_report(run):
    import plotly.offline

    [record] = run["payload"]["size"]
    report = run["work"] / "wbroles-0" / "tiny.html"
    assert record["bytes"] == report.stat().st_size
    assert record["bundle_bytes"] == len(plotly.offline.get_plotlyjs().encode("utf-8"))
    assert record["over_bundle_bytes"] == record["bytes"] - record["bundle_bytes"]
    assert record["plotly_js_copies"] == 1 and record["bundle_intact"]


def test_the_naive_chain_really_exported_html(run):
    [naive] = [s for s in run["payload"]["build"] if s["contender"] == "naive chain"]
    html = run["work"] / "naive-0" / "tiny.html"
    assert naive["extra"]["html_bytes"] == {"tiny": html.stat().st_size}


def test_drawing_saw_every_chart_offline(run):
    draw = run["payload"]["draw"]
    assert {s["contender"] for s in draw} == {"one empty chart", "tiny.html"}
    for sample in draw:
        assert sample["extra"] == {"charts": 1, "blocked": []}
        assert sample["wall_s"] > 0


def test_results_are_written_as_json_and_csv(run):
    with run["csv"].open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["result"] for r in rows] == [r["result"] for r in run["payload"]["table"]]
    assert (run["results"] / "bench_report-latest.json").read_text() == run["csv"].with_suffix(
        ".json"
    ).read_text()
    assert run["payload"]["machine"]["cores"] >= 1


def test_the_drawing_clock_waits_for_the_last_chart(tmp_path):
    """A chart drawn 400 ms after the page loads is waited for: the measure is not 'load'."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    page = tmp_path / "late.html"
    page.write_text(
        bench.EMPTY_CHART_PAGE.format(plotly_js=bench.plotly_bundle()).replace(
            "</body>",
            '<div id="late" class="plotly-graph-div"></div><script>setTimeout(() => '
            'Plotly.newPlot("late", [{"y": [1, 2]}], {}), 400);</script></body>',
        ),
        encoding="utf-8",
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=bench.chromium_path(), args=bench.CHROMIUM_ARGS
        )
        try:
            seen = bench.draw_once(browser, page)
        finally:
            browser.close()
    assert seen["charts"] == 2
    assert seen["ms"] >= 400
    assert seen["page_errors"] == [] and seen["blocked"] == []


def test_a_failing_contender_stops_the_benchmark_with_its_output(tmp_path):
    cmd = [sys.executable, "-c", "import sys; print('boom', file=sys.stderr); sys.exit(3)"]
    with pytest.raises(bench.BenchmarkError, match=r"exited 3:\n  boom"):
        bench.run_command(cmd, env=bench.bench_env(), cwd=tmp_path)


def test_contenders_take_turns():
    assert [bench.rotated("abc", shift) for shift in range(4)] == [
        ["a", "b", "c"],
        ["b", "c", "a"],
        ["c", "a", "b"],
        ["a", "b", "c"],
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "build,speed"], "unknown benchmark speed in --only; choose from: build"),
        (["--repeat", "0"], "--repeat must be at least 1"),
    ],
)
def test_bad_options_are_named(args, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        bench.parse_args(args)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_report_kernels_skip_the_iri_grammars_and_run_quietly(tmp_path):
    """What the build's speed rests on: kernels load wbroles.report as an extension (jsonschema
    without rfc3987_syntax), talk over Unix sockets (no warning about plain-text TCP), and
    leave no socket folder behind."""
    import os
    import subprocess

    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook = new_notebook(
        cells=[
            new_markdown_cell("# Probe\n\nWhich modules a report kernel holds."),
            new_code_cell("import plotly.graph_objects as go\ngo.Figure(go.Bar(y=[1]))"),
            new_code_cell(
                "import sys\n"
                "print(sorted(m for m in ('jsonschema', 'nbformat', 'rfc3987_syntax') "
                "if m in sys.modules))"
            ),
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, folder / "probe.ipynb")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    done = subprocess.run(
        [sys.executable, "-m", "wbroles.cli", "report", "--out", "out"]
        + ["--notebooks-dir", str(folder)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    executed = nbformat.read(tmp_path / "out" / "probe.ipynb", as_version=4)
    [stream] = executed.cells[2].outputs
    assert stream.text.strip() == "['jsonschema', 'nbformat']"
    assert "without encryption" not in done.stderr
    assert list(private_tmp.iterdir()) == []


def _notebook(path: Path, *sources: str) -> Path:
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    notebook = new_notebook(
        cells=[new_markdown_cell("# Probe\n\nA test notebook.")]
        + [new_code_cell(source) for source in sources]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, path)
    return path


def test_kernels_import_early_only_what_the_notebook_imports_from_wbroles_and_its_libraries(
    tmp_path,
):
    from wbroles.report import _warm_modules

    source = _notebook(
        tmp_path / "imports.ipynb",
        "import os\nimport plotly.graph_objects as go\nfrom wbroles import narrative, plots",
        "%matplotlib inline\nimport numpy",  # a magic: the cell is not Python, so it is skipped
        "from . import sibling\nfrom pandas import DataFrame",
        "def later():\n    import pandera",  # not a top-level import: left to the notebook
    )
    assert _warm_modules(source) == [
        "plotly.graph_objects",
        "wbroles",
        "wbroles.narrative",
        "wbroles.plots",
        "pandas",
        "pandas.DataFrame",
    ]


def test_report_kernels_start_in_the_output_folder_with_their_imports_done(tmp_path):
    from wbroles.report import BuildOptions, build_reports

    source = _notebook(
        tmp_path / "probe.ipynb",
        "import os, sys\nprint(os.getcwd(), 'plotly.graph_objects' in sys.modules)",
        "import plotly.graph_objects as go",
    )
    out = tmp_path / "out"
    [result] = build_reports({"probe": source}, BuildOptions(out_dir=out), check=lambda: None)
    assert result.ok, result.error
    executed = nbformat.read(out / "probe.ipynb", as_version=4)
    assert executed.cells[1].outputs[0].text.strip() == f"{out} True"


def _kernel_processes() -> list:
    import psutil

    return [
        p for p in psutil.Process().children(recursive=True) if "ipykernel" in " ".join(p.cmdline())
    ]


def test_kernels_start_during_the_check_and_a_refused_check_stops_them_and_writes_nothing(
    tmp_path,
):
    import time

    from wbroles.report import BuildOptions, build_reports

    sources = {
        f"probe{i}": _notebook(tmp_path / f"probe{i}.ipynb", "print('ran')") for i in range(3)
    }
    out = tmp_path / "new" / "out"
    seen_during_check = []

    def refuse():
        deadline = time.monotonic() + 30
        while len(_kernel_processes()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        seen_during_check.append(len(_kernel_processes()))
        raise ValueError("unknown level 'L9'")

    with pytest.raises(ValueError, match="unknown level 'L9'"):
        build_reports(sources, BuildOptions(out_dir=out, jobs=2), check=refuse)
    assert seen_during_check == [2]  # one kernel a job, started before the check ended
    assert not (tmp_path / "new").exists()
    assert _kernel_processes() == []


def test_report_command_names_an_empty_notebooks_folder(tmp_path):
    import subprocess

    (tmp_path / "empty").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "wbroles.cli", "report", "--notebooks-dir", "empty"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert f"wbroles report: no notebooks (*.ipynb) in {tmp_path / 'empty'}" in done.stderr


def test_report_kernels_read_the_data_the_build_validated_and_the_file_is_removed(tmp_path):
    from pathlib import Path

    from wbroles.report import BuildOptions, build_reports
    from wbroles.schemas import TABLES

    source = _notebook(
        tmp_path / "probe.ipynb",
        "import os\nfrom wbroles import load\nframes = load.load_all()\n"
        "path = os.environ['WBROLES_VALIDATED_FRAMES']\n"
        "print(load._validated.cache_info().misses, len(frames), os.path.exists(path), path)",
    )
    out = tmp_path / "out"
    [result] = build_reports({"probe": source}, BuildOptions(out_dir=out), check=lambda: None)
    assert result.ok, result.error
    executed = nbformat.read(out / "probe.ipynb", as_version=4)
    misses, tables, existed, path = executed.cells[1].outputs[0].text.split()
    # 0 validations in the kernel, every table there, and the hand-over file existed then
    assert (misses, tables, existed) == ("0", str(len(TABLES)), "True")
    assert not Path(path).parent.exists()  # the build removed its private folder
