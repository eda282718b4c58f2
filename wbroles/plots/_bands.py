"""Drawing steps shared by the band charts (compensation and offer): the source of a
quote, money ticks, the fading continuation that marks an open upper bound, the header."""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..errors import DataError
from ..load import load_levels, load_sources
from .style import NEUTRAL, money

# Opacity of each step of the fading continuation that marks an open upper bound.
OPEN_FADE = (0.5, 0.38, 0.28, 0.19, 0.12, 0.06)
# Length of that continuation, as a share of the largest value on the axis.
OPEN_FADE_SHARE = 0.12
TEXT_COLOR = "#222222"
QUOTE_WIDTH = 70  # characters per hover line, so a long quote stays on screen


def resolve_sources(comp: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame | None:
    """The sources table given, else the one beside the data ``comp`` came from, else None."""
    if sources is not None:
        return sources
    try:
        return load_sources(comp.attrs.get("data_dir"))
    except (DataError, OSError):
        return None  # the source line then names the source ids


def source_label(source_id: str, sources: pd.DataFrame | None) -> str:
    """'Weights & Biases pm vs tpm, 2026-05-25' for hover text, else the id."""
    if sources is not None and len(sources):
        match = sources[sources["source_id"] == source_id]
        if len(match):
            row = match.iloc[0]
            return f"{row['keyword']}, {row['date']}"
    return str(source_id)


def quote_html(quote: str) -> str:
    return "<br>".join(textwrap.wrap(f"\u201c{quote}\u201d", QUOTE_WIDTH))


def nice_step(span: float, *, count: int = 6) -> float:
    raw = span / count if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def axis_ticks(low: float, high: float, *, percent: bool = False, signed: bool = False) -> dict:
    """tickvals/ticktext for an axis from ``low`` to ``high``: '$300k', '10%', '+$20k'."""
    step = nice_step(high - low)
    first = math.ceil(low / step - 1e-9) * step
    values = [v for v in np.arange(first, high + step / 1000, step)]
    values = [0.0 if abs(v) < step / 1000 else float(v) for v in values]

    def text(v: float) -> str:
        shown = f"{abs(v):g}%" if percent else money(abs(v))
        sign = "\u2212" if v < 0 else ("+" if signed and v > 0 else "")
        return f"{sign}{shown}"

    return {"tickmode": "array", "tickvals": values, "ticktext": [text(v) for v in values]}


def open_fade_bars(
    *,
    positions: list,
    floors: list[float],
    length: float,
    color: str,
    role: str,
    horizontal: bool,
    hovertext: list[str],
    offsetgroup: str | None = None,
    legendgroup: str | None = None,
) -> go.Bar:
    """The fading continuation beyond each open bound: one bar of steps per open range."""
    step = length / len(OPEN_FADE)
    where, base, size, opacity, hover = [], [], [], [], []
    for position, floor, text in zip(positions, floors, hovertext, strict=True):
        for i, alpha in enumerate(OPEN_FADE):
            where.append(position)
            base.append(floor + i * step)
            size.append(step)
            opacity.append(alpha)
            hover.append(text)
    coords = {"y": where, "x": size} if horizontal else {"x": where, "y": size}
    return go.Bar(
        **coords,
        base=base,
        orientation="h" if horizontal else "v",
        name=f"{role}: open upper bound",
        legendgroup=legendgroup or role,
        offsetgroup=offsetgroup,
        showlegend=False,
        marker={"color": color, "opacity": opacity, "line": {"width": 0}},
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        meta={"role": role, "part": "open_end"},
    )


def open_hover(floor_text: str) -> str:
    return (
        f"<b>Open upper bound</b><br>The source states {floor_text} with a \u201c+\u201d:"
        "<br>a floor for the top of the range, not a maximum."
    )


def header(
    fig: go.Figure, subtitle: str, *, panel_titles: bool = False, legend_top: int = 76
) -> None:
    """Title, subtitle and a legend row beneath them, at fixed pixel offsets from the top
    (``legend_top``: room for a longer subtitle), so that none of them collides with another
    or with the panel titles."""
    height = fig.layout.height
    plot_top = legend_top + 34 + (26 if panel_titles else 0)
    fig.update_layout(
        title={"yref": "container", "y": 1 - 14 / height, "yanchor": "top"},
        title_subtitle={"text": subtitle, "font": {"size": 13, "color": NEUTRAL}},
        legend={
            "xref": "container",
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - legend_top / height,
            "yanchor": "top",
        },
        margin_t=plot_top,
    )


def level_labels(frame: pd.DataFrame, levels: list) -> list[str]:
    """'L6 Principal' for each level code, with the titles of the data folder ``frame`` came
    from (its ``data_dir`` attribute); the bare codes when that folder is not known."""
    folder = frame.attrs.get("data_dir")
    titles: dict = {}
    if folder and "company" in frame and frame["company"].nunique() == 1:
        try:
            table = load_levels(folder)
        except (DataError, OSError):
            table = None
        if table is not None:
            mine = table[table["company"] == frame["company"].iloc[0]]
            titles = dict(zip(mine["level"].astype(str), mine["title"], strict=True))
    return [f"{lv} {titles[str(lv)]}" if str(lv) in titles else str(lv) for lv in levels]
