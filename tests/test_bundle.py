"""The vendored plotly.js bundle: the version plotly.py inlines, and plotly's full bundle (with one
line on stderr) when it is not, or when a page draws a trace type it does not hold.

The reports drawn with it in Chromium are checked in test_report.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.offline
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from wbroles.report import BUNDLE, BUNDLE_HEADER, PLOTLY_MIME, BuildError, Exporter

ROOT = Path(__file__).resolve().parents[1]
PROVENANCE = dict.fromkeys(["name", "parameters", "data_dir", "digest", "built", "version"], "")


def header() -> tuple[str, set[str]]:
    """The plotly.js version and trace types the vendored bundle's header names."""
    match = BUNDLE_HEADER.match(BUNDLE.read_text(encoding="utf-8"))
    assert match, f"{BUNDLE} has no wbroles bundle header"
    return match[1], set(match[2].split(","))


def _notebook(*figures: go.Figure):
    outputs = [new_output("display_data", data={PLOTLY_MIME: f.to_plotly_json()}) for f in figures]
    return new_notebook(cells=[new_code_cell("", outputs=outputs)])


def _fake_bundle(tmp_path: Path, version: str, traces: str) -> Path:
    path = tmp_path / "plotly-fake.min.js"
    path.write_text(
        f"/*! plotly.js v{version} (wbroles bundle) traces: {traces} */ var fakeBundle;", "utf-8"
    )
    return path


def test_the_bundle_is_the_plotly_js_that_plotly_py_inlines():
    version, traces = header()
    assert version == plotly.offline.get_plotlyjs_version()
    package = json.loads((ROOT / "bundle" / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["plotly.js"] == version  # the exact version, no range
    assert {"scatter", "bar", "box", "scatterpolar"} <= traces
    assert len(BUNDLE.read_bytes()) < len(plotly.offline.get_plotlyjs().encode()) / 3


def test_a_page_embeds_the_bundle_once(capsys):
    body, figures = Exporter().export(_notebook(go.Figure(go.Bar(x=[1], y=[2]))), PROVENANCE)
    assert figures == 1
    assert body.count(BUNDLE.read_text(encoding="utf-8")) == 1
    assert plotly.offline.get_plotlyjs() not in body
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("bundle", "said"),
    [
        (
            lambda tmp: _fake_bundle(tmp, "0.0.1", "scatter,bar"),
            "plotly-fake.min.js is plotly.js 0.0.1, but",
        ),
        (lambda tmp: tmp / "missing.min.js", "missing.min.js cannot be read (No such file"),
        (lambda tmp: tmp, "cannot be read (Is a directory)"),
    ],
    ids=["other version", "missing", "a folder"],
)
def test_an_unusable_bundle_falls_back_to_the_full_plotly_js(tmp_path, capsys, bundle, said):
    exporter = Exporter(bundle=bundle(tmp_path))
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("wbroles report: the plotly.js bundle ") and said in line
    assert f"inlines plotly.js {plotly.offline.get_plotlyjs_version()}" in line
    assert line.endswith("embedding plotly's full plotly.js (run `make bundle`)")
    body, _ = exporter.export(_notebook(go.Figure(go.Bar(x=[1], y=[2]))), PROVENANCE)
    assert body.count(plotly.offline.get_plotlyjs()) == 1
    assert capsys.readouterr().err == ""  # said once per build, not once per page


def test_a_trace_type_the_bundle_lacks_gets_the_full_plotly_js(tmp_path, capsys):
    version = plotly.offline.get_plotlyjs_version()
    exporter = Exporter(bundle=_fake_bundle(tmp_path, version, "scatter,bar"))
    scatter = _notebook(go.Figure(go.Scatter(x=[1], y=[2])))
    assert "var fakeBundle;" in exporter.export(scatter, PROVENANCE)[0]
    radar = _notebook(go.Figure(go.Bar(x=[1], y=[2])), go.Figure(go.Scatterpolar(r=[1])))
    body, figures = exporter.export(radar, PROVENANCE)
    assert figures == 2 and body.count(plotly.offline.get_plotlyjs()) == 1
    assert "var fakeBundle;" not in body
    assert capsys.readouterr().err == (
        "wbroles report: trace types scatterpolar are not in the wbroles plotly.js bundle: "
        "this page embeds plotly's full plotly.js (run `make bundle`)\n"
    )


def test_figures_are_counted_as_script_elements_not_strings_in_the_library(tmp_path):
    version = plotly.offline.get_plotlyjs_version()
    bundle = _fake_bundle(tmp_path, version, "scatter,bar")
    bundle.write_text(
        bundle.read_text() + '"<script data-wbroles=\\"figure\\">Plotly.newPlot(";', "utf-8"
    )
    two = _notebook(go.Figure(go.Bar(x=[1], y=[2])), go.Figure(go.Bar(x=[3], y=[4])))
    assert Exporter(bundle=bundle).export(two, PROVENANCE)[1] == 2


def test_a_figure_the_template_does_not_draw_fails_the_build(tmp_path):
    notebook = _notebook(go.Figure(go.Bar(x=[1], y=[2])))
    notebook.cells[0].outputs[0].data = {PLOTLY_MIME: {"data": []}, "text/plain": "x"}
    exporter = Exporter()
    exporter.html.exclude_output = True  # the page then draws none of the notebook's figures
    with pytest.raises(BuildError, match="1 figures in the notebook, not all drawn in the page"):
        exporter.export(notebook, PROVENANCE)


def test_the_shared_layout_template_is_in_the_page_once():
    white = go.Figure(go.Bar(x=[1], y=[2]), layout={"template": "plotly_white"})
    other = go.Figure(go.Bar(x=[1], y=[2]), layout={"template": "ggplot2"})
    body, _ = Exporter().export(_notebook(white, white, white, other), PROVENANCE)
    shared = re.search(r'<script id="wbroles-plotly-template"[^>]*>(.*?)<', body)
    assert json.loads(shared[1]) == white.to_plotly_json()["layout"]["template"]
    assert len(shared[1]) > 5000 and body.count(shared[1]) == 1  # once for three charts
    assert body.count("JSON.parse(document.getElementById('wbroles-plotly-template')") == 3
    assert body.count('"template": ') == 1  # the ggplot2 chart keeps its own
