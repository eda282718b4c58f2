"""Shared steps of every builder: checking the caller's choices, and the common frame."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from .style import FONT, NEUTRAL, source_line


def _ordered_values(frame: pd.DataFrame, column: str) -> list:
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        present = set(series.dropna())
        return [c for c in series.cat.categories if c in present]
    return list(dict.fromkeys(series.dropna()))


def choose(
    frame: pd.DataFrame, column: str, chosen: str | Iterable[str] | None, *, what: str
) -> list:
    """Validate ``chosen`` values of ``column`` against the data; return them in data order.

    ``None`` means every value present. An unknown value raises ``ValueError`` naming the
    valid choices.
    """
    available = _ordered_values(frame, column)
    if chosen is None:
        return available
    wanted = [chosen] if isinstance(chosen, str) else list(chosen)
    unknown = [v for v in wanted if v not in available]
    if unknown or not wanted:
        shown = ", ".join(map(str, unknown)) or "nothing"
        raise ValueError(
            f"unknown {what} {shown}; choose from: {', '.join(map(str, available)) or 'none'}"
        )
    return [v for v in available if v in wanted]


def select(
    frame: pd.DataFrame,
    *,
    company: str | None = None,
    roles: Iterable[str] | None = None,
    levels: Iterable[str] | None = None,
    what: str = "data",
) -> pd.DataFrame:
    """Rows of ``frame`` for one company and the chosen roles and levels.

    Raises ``ValueError`` for an empty frame or an unknown company, role or level, naming
    the valid choices. Without ``company`` the frame must hold exactly one company, so that
    two companies' bands are never drawn as one.
    """
    if frame is None or len(frame) == 0:
        raise ValueError(f"no {what} to draw: the frame is empty")
    if "company" in frame:
        companies = _ordered_values(frame, "company")
        if company is None and len(companies) > 1:
            raise ValueError(
                f"the {what} holds several companies; choose one with company=: "
                + ", ".join(companies)
            )
        company = choose(frame, "company", company, what="company")[0]
        frame = frame[frame["company"] == company]
    if "role" in frame:
        frame = frame[frame["role"].isin(choose(frame, "role", roles, what="role"))]
    if "level" in frame and levels is not None:
        frame = frame[frame["level"].isin(choose(frame, "level", levels, what="level"))]
    return frame


def finish(
    fig: go.Figure,
    *,
    title: str,
    source_ids: Iterable[str],
    sources: pd.DataFrame | None = None,
    height: int = 480,
) -> go.Figure:
    """Title, fonts, margins and the source line inside the figure, the same for every chart."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT, "size": 13, "color": "#222222"},
        height=height,
        margin={"l": 80, "r": 40, "t": 70, "b": 90},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
        hoverlabel={"align": "left"},
    )
    fig.add_annotation(
        text=source_line(source_ids, sources),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-70,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 11, "color": NEUTRAL},
        name="source",
    )
    return fig
