"""benchmarks/bench_report.py on one tiny notebook: it runs every contender and prints the
ratios against their targets (no assertion depends on timing)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_report", ROOT / "benchmarks" / "bench_report.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_prints_medians_and_ratios(tmp_path, capsys):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook = new_notebook(
        cells=[
            new_markdown_cell("# Tiny\n\nOne chart."),
            new_code_cell("import plotly.graph_objects as go\ngo.Figure(go.Bar(x=['a'], y=[1]))"),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(notebook, folder / "tiny.ipynb")
    args = ["--repeat", "1", "--draws", "1", "--notebooks-dir", str(folder)]
    status = _bench().main([*args, "--sweep-notebook", "tiny", "--sweep-runs", "3"])
    printed = capsys.readouterr().out
    assert status in (0, 1)  # 1: a target missed, which one tiny notebook may well do
    assert "round 1: first " in printed and ", peer " in printed and ", rebuild " in printed
    assert "first build / nbconvert peer: " in printed and "(target <= 0.5x)" in printed
    assert "unchanged rebuild / first build: " in printed and "(target <= 0.05x)" in printed
    assert "sweep round 1: sweep " in printed and ", papermill " in printed
    assert "sweep / plain papermill runs: " in printed and "(target <= 1.2x)" in printed
    assert "unchanged sweep / first sweep: " in printed
    assert "tiny.html: 1.2" in printed and " MB, plotly.js in it once: True" in printed
    assert "tiny size MB: 1.2" in printed and "(target <= 1.7) ok" in printed
    assert "all reports size MB: 1.2" in printed and "(target <= 10.0) ok" in printed
    assert "tiny: drawn in " in printed and " ms with the full plotly.js" in printed
    assert "tiny drawing / full plotly.js: " in printed and "(target <= 0.6x)" in printed
