"""The report build end to end: every notebook to offline HTML, checked in a real browser."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from browser import ACCESSIBILITY_PROBE, inspect_page
from wbroles.outdir import TEMP_PREFIX
from wbroles.report import (
    BUNDLE,
    BUNDLE_HEADER,
    PLOTLY_JS_MARKER,
    PLOTLY_MIME,
    BuildOptions,
    available_notebooks,
    build_reports,
    chart_text,
    data_digest,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
# The trace types the vendored plotly.js bundle's header names (test_bundle.py checks its version).
BUNDLE_TRACES = set(BUNDLE_HEADER.match(BUNDLE.read_text(encoding="utf-8"))[2].split(","))
FIGURE_SCRIPT = re.compile(r'data-wbroles="figure"[^>]*>\s*\(function \(\) \{\s*var fig = (.*);')


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    results = build_reports(available_notebooks(), BuildOptions(out_dir=out, jobs=2))
    return out, {r.name: r for r in results}


def _figures(path: Path) -> list[dict]:
    """The plotly figures (JSON) of the notebook at ``path``."""
    notebook = nbformat.read(path, as_version=4)
    return [
        out["data"][PLOTLY_MIME]
        for cell in notebook.cells
        for out in cell.get("outputs", [])
        if PLOTLY_MIME in out.get("data", {})
    ]


def _figure_outputs(path: Path) -> int:
    return len(_figures(path))


def test_every_notebook_builds(built):
    out, results = built
    assert set(results) == set(available_notebooks())
    failures = {name: r.error for name, r in results.items() if not r.ok}
    assert failures == {}
    for name, result in results.items():
        assert result.html == out / f"{name}.html" and result.html.exists()
        assert result.notebook == out / f"{name}.ipynb" and result.notebook.exists()
        assert result.figures == _figure_outputs(result.notebook) > 0


def test_reports_embed_plotly_once_and_hide_code(built):
    out, results = built
    for name in results:
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert page.count(PLOTLY_JS_MARKER) == 1, name
        assert "check_params(" not in page, f"{name} shows code inputs"
        assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']https?://", page), name
        assert "sha256" in page and data_digest(DATA) in page, name
        assert page.count(BUNDLE.read_text(encoding="utf-8")) == 1, name
        assert "jp-Notebook-cell" in page and ".jp-DirListing" not in page, name  # trimmed CSS


def test_every_trace_type_of_every_report_is_in_the_bundle(built):
    out, results = built
    traces = BUNDLE_TRACES
    for name in results:
        figures = _figures(out / f"{name}.ipynb")
        types = {trace.get("type", "scatter") for fig in figures for trace in fig["data"]}
        assert types and types <= traces, f"{name} draws {sorted(types - traces)}"
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        drawn = FIGURE_SCRIPT.findall(page)
        assert [json.loads(f)["data"] for f in drawn] == [f["data"] for f in figures], name
        assert not [f for f in drawn if "template" in json.loads(f)["layout"]], name


def test_index_links_every_report(built):
    out, results = built
    index = (out / "index.html").read_text(encoding="utf-8")
    for name, result in results.items():
        assert f'href="{name}.html"' in index
        assert f'href="{name}.ipynb"' in index
        assert result.title and html.escape(result.title) in index


@pytest.mark.parametrize("name", sorted(available_notebooks()))
def test_report_draws_every_chart_offline(built, name, tmp_path):
    out, results = built
    page = inspect_page(
        out / f"{name}.html",
        screenshot=tmp_path / f"{name}.png",
        probe="Object.keys(Plotly.PlotSchema.get().traces)",  # the trace types plotly.js holds
    )
    assert set(page.probe) == BUNDLE_TRACES  # drawn with the bundle, whose header is right
    assert page.blocked_requests == []
    assert page.page_errors == []
    assert page.charts == results[name].figures
    assert page.charts_with_svg == page.charts


@pytest.mark.parametrize("name", sorted(available_notebooks()))
def test_report_reads_without_its_charts(built, name):
    """Accessibility: a language, each chart named by its own numbers, with the table of what
    it draws and a CSV of that table; every table with a header row; no unnamed image."""
    out, results = built
    notebook = nbformat.read(results[name].notebook, as_version=4)
    expected = [
        chart_text(o["data"]["application/vnd.plotly.v1+json"])
        for cell in notebook.cells
        for o in cell.get("outputs", [])
        if "application/vnd.plotly.v1+json" in o.get("data", {})
    ]
    page = inspect_page(out / f"{name}.html", probe=ACCESSIBILITY_PROBE).probe
    assert page["lang"] == "en"
    assert page["tables_without_header"] == 0 and page["unnamed_images"] == 0
    assert [c["name"] for c in page["charts"]] == [e["summary"] for e in expected]
    assert {c["role"] for c in page["charts"]} == {"img"}
    assert [c["rows"] for c in page["charts"]] == [len(e["rows"]) for e in expected]
    for chart, want in zip(page["charts"], expected, strict=True):
        head, _, body = chart["csv"].partition(",")
        assert head == "data:text/csv;charset=utf-8"
        rows = list(csv.reader(io.StringIO(unquote(body))))
        assert rows[0] == want["columns"] and len(rows) == len(want["rows"]) + 1


def test_report_pdf_is_printed_beside_the_report(built, tmp_path):
    from wbroles.report import chromium, write_pdf

    if chromium() is None:
        pytest.skip("no Chromium")
    page = tmp_path / "compensation_by_level.html"
    shutil.copy(built[0] / page.name, page)
    pdf = write_pdf(page, chromium())
    assert pdf == tmp_path / "compensation_by_level.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 50_000


def test_report_pdf_is_skipped_with_one_line_without_chromium(tmp_path, monkeypatch, capsys):
    import wbroles_cli

    monkeypatch.setattr("wbroles.report.chromium", lambda given=None: None)
    assert wbroles_cli._print_pdfs([tmp_path / "x.html"]) is False
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        "wbroles report: --pdf skipped: no Chromium found (install `chromium`, or set "
        "WBROLES_CHROMIUM to a Chromium binary)"
    ]


def test_the_chromium_the_command_names_comes_first(tmp_path):
    from wbroles.report import chromium

    named = tmp_path / "my-chromium"
    named.write_text("")
    assert chromium(str(named)) == str(named)
    assert chromium(str(tmp_path / "missing")) == chromium()  # a name of nothing is passed over


def _write_notebook(path: Path) -> None:
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    params = new_code_cell('mode: str = "ok"  # ok or fail')
    params.metadata["tags"] = ["parameters"]
    cells = [
        new_markdown_cell("# Probe\n\nA notebook that fails on demand."),
        params,
        new_code_cell("import plotly.graph_objects as go\ngo.Figure(go.Bar(x=[1], y=[2]))"),
        new_code_cell("if mode == 'fail':\n    raise RuntimeError('forced failure')"),
    ]
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": kernelspec}), path)


def test_failed_run_keeps_the_good_report(tmp_path):
    (tmp_path / "notebooks").mkdir()
    source = tmp_path / "notebooks" / "probe.ipynb"  # never the folder that --out is in
    _write_notebook(source)
    out = tmp_path / "out"
    [good] = build_reports({"probe": source}, BuildOptions(out_dir=out))
    assert good.ok, good.error
    before = (out / "probe.html").read_bytes()

    [bad] = build_reports({"probe": source}, BuildOptions(out_dir=out, parameters={"mode": "fail"}))
    assert not bad.ok
    assert "RuntimeError: forced failure" in bad.error and "cell" in bad.error
    assert (out / "probe.html").read_bytes() == before
    kept = out / "failed" / "probe.ipynb"
    assert bad.failed_notebook == kept and kept.exists()
    assert "forced failure" in kept.read_text(encoding="utf-8")
    assert not list(out.glob(TEMP_PREFIX + "*"))

    [again] = build_reports({"probe": source}, BuildOptions(out_dir=out))
    assert again.ok and not (out / "failed" / "probe.ipynb").exists()  # the last build only
    assert "forced failure" not in (out / "index.html").read_text(encoding="utf-8")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wbroles_cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "level", "L9"], "unknown level 'L9'; choose from: L5, L6"),
        (["-p", "roles", "PM,XX"], "unknown role 'XX'; choose from: PM, TPM"),
        (["-p", "colour", "blue"], "unknown parameter 'colour'"),
        (["--notebook", "nope"], "unknown notebook nope"),
        (["-p", "level", "L5", "-p", "level", "L6"], "parameter 'level' is given twice"),
        (["-p", "base", "-5", "--notebook", "offer_check"], "base"),
        (
            ["--notebook", "observed_pay", "-p", "level", "L9"],
            "unknown level 'L9'; choose from: L4",
        ),
    ],
)
def test_report_command_rejects_bad_input(args, message, tmp_path):
    result = _cli("report", "--out", str(tmp_path / "out"), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_report_command_exits_2_on_bad_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "compensation.csv"
    path.write_text(path.read_text().replace("280000,450000", "450000,280000"), encoding="utf-8")
    result = _cli("report", "--out", "out", "-p", "data_dir", str(data), cwd=tmp_path)
    assert result.returncode == 2
    assert "compensation.csv:2: column 'low': 450000 is above high 280000" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_command_builds_one_notebook(tmp_path):
    result = _cli(
        "report", "--out", "out", "--notebook", "skill_emphasis", "--jobs", "1", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "skill_emphasis.html").exists()
    assert (tmp_path / "out" / "index.html").exists()
    assert "skill_emphasis.html  1 chart  " in result.stdout  # one radar, counted in words
