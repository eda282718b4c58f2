"""Charts readable without their colours: what each draws as text (``chart_table``,
``chart_summary``), roles told apart by more than colour, and every mark at least 3:1 against
the plot's background (WCAG 2.2, 1.4.11 non-text contrast)."""

from __future__ import annotations

import csv
import io
import json

import plotly.colors as pc
import plotly.io as pio
import pytest

from wbroles.gallery import gallery_figures
from wbroles.plots.base import TEMPLATE, chart_summary, chart_table

CHARTS = gallery_figures()


@pytest.fixture(scope="module", params=sorted(CHARTS))
def chart(request):
    return request.param, CHARTS[request.param]()


def _luminance(color: str) -> float:
    """WCAG relative luminance of a hex, 'rgb(...)' or named plotly colour."""
    if color.startswith("#"):
        rgb = pc.hex_to_rgb(color)
    elif color.startswith("rgb"):
        rgb = pc.unlabel_rgb(color)
    else:
        rgb = {"white": (255, 255, 255), "black": (0, 0, 0)}[color]
    srgb = [v / 255 for v in rgb]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "white") == pytest.approx(4.54, abs=0.01)
    assert contrast("#E69F00", "white") < 3  # why the palette is darkened


def _marks(fig):
    """(trace name, colour of its fill, colour and width of its outline) of every mark."""
    for trace in fig.data:
        if trace.type == "scatter" and "markers" not in (trace.mode or "markers"):
            continue  # text and lines: not marks of data
        if trace.hoverinfo == "skip":
            continue
        marker = trace.marker
        line = getattr(trace, "line", None)
        fill = marker.color if trace.type != "box" else trace.fillcolor
        edge = marker.line if trace.type in ("bar", "scatter") else line
        width = edge.width if edge.width is not None else (1 if trace.type != "bar" else 0)
        colors = fill if isinstance(fill, tuple | list) else [fill]
        for color in colors:
            yield trace.name, color, edge.color, width


def test_every_mark_stands_out_from_the_background(chart):
    name, fig = chart
    background = fig.layout.plot_bgcolor or TEMPLATE.layout.plot_bgcolor
    if fig.data and fig.data[0].type == "scatterpolar":
        background = TEMPLATE.layout.polar.bgcolor
    weak = []
    for trace, fill, edge, width in _marks(fig):
        best = max(
            contrast(fill, background) if fill else 0,
            contrast(edge, background) if edge and width else 0,
        )
        if best < 3:
            weak.append((trace, fill, edge, round(best, 2)))
    assert weak == []


def test_roles_differ_by_more_than_colour_in_range_bars():
    fig = CHARTS["ranges_total"]()
    shapes = {t.name: t.marker.pattern.shape for t in fig.data}
    assert shapes["PM"] != shapes["TPM"]


def test_table_and_summary_are_what_the_chart_draws():
    fig = CHARTS["ranges_total"]()
    table = chart_table(fig)
    l6 = table[table["item"].str.startswith("L6")].set_index("series")
    assert l6.loc["PM", "value"] == "$400k\u2013$650k+" and l6.loc["TPM", "value"].endswith("+")
    assert (l6.loc["PM", "low"], l6.loc["PM", "high"]) == (400000.0, 650000.0)
    assert "Source: Weights & Biases" in l6.loc["PM", "details and source"]
    summary = chart_summary(fig, table)
    assert "PM: L5 Senior $280k\u2013$450k, L6 Principal $400k\u2013$650k+" in summary
    # the page's JSON (typed arrays in base64) gives the same table
    assert chart_table(json.loads(pio.to_json(fig))).equals(table)


def test_every_chart_has_a_table_and_a_summary(chart):
    name, fig = chart
    table = chart_table(fig)
    assert len(table), name
    assert table["value"].str.len().min() > 0
    assert chart_summary(fig, table).count(":") >= 1


def test_a_value_the_figure_lacks_reads_not_stated():
    fig = CHARTS["ranges_base"]()
    fig.data[0].y = (None, fig.data[0].y[1])
    table = chart_table(fig)
    first = table.iloc[0]
    assert first["high"] == "not stated" and "not stated" in first["value"]


def test_csv_of_a_chart_never_starts_a_cell_with_a_formula():
    from urllib.parse import unquote

    from wbroles.report import chart_text

    fig = CHARTS["ranges_total"]()
    fig.data[0].name = '=HYPERLINK("http://x")'
    text = chart_text(json.loads(pio.to_json(fig)))
    rows = list(csv.reader(io.StringIO(unquote(text["csv_href"].partition(",")[2]))))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'  # a spreadsheet shows it, never runs it
    assert rows[1][3:5] == ["280000", "450000"]  # numbers stay numbers
    assert text["rows"][0][0] == '=HYPERLINK("http://x")'  # the page shows it as typed
    assert text["file"] == "total-compensation-by-level-pm-vs-tpm-at-weights-biases.csv"


def test_radar_roles_differ_by_marker_and_dash():
    fig = CHARTS["skills_radar"]()
    marks = {(t.marker.symbol, t.line.dash) for t in fig.data}
    assert len(marks) == len(fig.data) == 2
