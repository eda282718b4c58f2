"""What every chart shares, written once: role colours, the look, the source line inside the
figure, the provenance hover, and range bars whose open upper bound fades out: only what plotly
express does not have."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.colors as pc
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio

from ..errors import ParameterError
from ..format import (
    choices_text,
    choose,
    choose_many,
    quote_text,
    source_label,
    source_line,
    svg_text,
)

# Okabe-Ito: distinct under the common colour-vision deficiencies. PM and TPM keep the first
# two everywhere; any further role takes the next free colour by its place in the data.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
FIXED_COLORS = {"PM": OKABE_ITO[0], "TPM": OKABE_ITO[1]}
NEUTRAL = "#555555"
TEXT = "#222222"
FONT = "Inter, Helvetica Neue, Arial, sans-serif"
# Opacity of each step of the fading continuation beyond an open upper bound ("$650,000+").
OPEN_FADE = (0.5, 0.38, 0.28, 0.19, 0.12, 0.06)
OPEN_FADE_SHARE = 0.12  # its length, as a share of the largest value on the axis
HOVER = "%{customdata[0]}<extra></extra>"  # a trace's hover: the first custom-data column
OPEN_HOVER = (
    "<b>Open upper bound</b><br>The source states {floor} with a \u201c+\u201d:"
    "<br>a floor for the top of the range, not a maximum."
)
MONEY_AXIS = {"tickformat": "$~s", "rangemode": "tozero"}
SIGNED_MONEY_AXIS = {"tickformat": "+$~s"}

TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.update(
    font={"family": FONT, "size": 13, "color": TEXT},
    title={"x": 0.01, "xanchor": "left", "font": {"size": 18}},
    legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
    hoverlabel={"align": "left"},
    margin={"l": 80, "r": 40, "t": 100, "b": 90},
)


def role_colors(roles: Iterable) -> dict[str, str]:
    """Each role's colour: fixed for PM and TPM, the next free one for any other role."""
    free = [c for c in OKABE_ITO if c not in FIXED_COLORS.values()]
    others = [str(r) for r in dict.fromkeys(roles) if str(r) not in FIXED_COLORS]
    colors = {**FIXED_COLORS, **{r: free[i % len(free)] for i, r in enumerate(others)}}
    return {str(r): colors[str(r)] for r in dict.fromkeys(roles)}


def tint(color: str, white: float) -> str:
    """``color`` (hex) with a ``white`` share of white mixed in, as 'rgb(r, g, b)'."""
    return pc.label_rgb(pc.find_intermediate_color(pc.hex_to_rgb(color), (255, 255, 255), white))


def known_roles(frame: pd.DataFrame) -> list[str]:
    """Every role a frame knows (its categories, as the loaders set them), so that choosing
    fewer roles never shifts a colour."""
    series = frame["role"]
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [str(c) for c in series.cat.categories]
    return [str(r) for r in dict.fromkeys(series.dropna())]


def present(frame: pd.DataFrame, column: str) -> list:
    """Values of ``column`` that occur, in category order (levels by rank) or data order."""
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        seen = set(series.dropna())
        return [c for c in series.cat.categories if c in seen]
    return list(dict.fromkeys(series.dropna()))


def select(
    frame: pd.DataFrame,
    *,
    company: str | None = None,
    roles: Iterable[str] | str | None = None,
    levels: Iterable[str] | str | None = None,
    what: str = "data",
) -> pd.DataFrame:
    """Rows of one company and the chosen roles and levels (in the order given).

    Without ``company`` the frame must hold one company, so that two companies' numbers are
    never drawn as one. Raises ParameterError naming the valid choices.
    """
    if frame is None or not len(frame):
        raise ValueError(f"no {what} to draw: the frame is empty")
    companies = present(frame, "company")
    if company is None and len(companies) > 1:
        raise ParameterError(
            f"the {what} holds several companies; choose one with company=: "
            + choices_text(companies)
        )
    company = choose("company", companies[0] if company is None else company, companies)
    frame = frame[frame["company"] == company]
    if "role" in frame and roles is not None:
        roles = choose_many("role", roles, present(frame, "role"))
        frame = frame[frame["role"].isin(roles)]
    if "level" in frame and levels is not None:
        levels = choose_many("level", levels, present(frame, "level"))
        frame = frame[frame["level"].isin(levels)]
    return frame


def provenance(quote, source_id, sources: pd.DataFrame | None) -> str:
    """The hover lines that say where a number comes from: its ``quote`` and its source,
    ``source_id`` named by keyword and date from ``sources``."""
    return f"{quote_text(quote)}<br><i>Source: {svg_text(source_label(source_id, sources))}</i>"


def finish(
    fig: go.Figure,
    title: str,
    source_ids: Iterable,
    sources: pd.DataFrame | None = None,
    *,
    subtitle: str | Sequence[str] = (),
    height: int = 480,
    **layout,
) -> go.Figure:
    """Title, subtitle lines, size and the source line inside the figure, alike for every chart,
    then any further ``layout`` (a ``margin`` given there merges with the one set here).

    ``title`` and ``subtitle`` may hold text from the data: it is escaped here.
    """
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    top = 90 + 18 * len(lines)
    fig.update_layout(
        template=TEMPLATE,
        title={"text": svg_text(title), "subtitle": {"text": "<br>".join(map(svg_text, lines))}},
        title_subtitle_font={"size": 13, "color": NEUTRAL},
        legend={"y": 1.0, "yref": "paper"},
        height=height + 18 * len(lines),
        margin={"t": top},
    )
    fig.add_annotation(
        text=svg_text(source_line(source_ids, sources)),
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
    return fig.update_layout(layout)


def with_open_ends(frame: pd.DataFrame, *, length: float) -> pd.DataFrame:
    """The rows of a range-bar chart: each band from ``low`` to ``high`` and, beyond an open
    ``high``, six fading steps of ``length`` in all. Adds base, size, opacity and part
    ("band" or "open_end"); the text label moves to the last step of an open band."""
    bands = frame.assign(
        base=frame["low"], size=frame["high"] - frame["low"], opacity=1.0, part="band"
    )
    opened = bands[bands["open_high"].astype(bool)]
    step = length / len(OPEN_FADE)
    steps = [
        opened.assign(
            base=opened["high"] + i * step,
            size=step,
            opacity=alpha,
            part="open_end",
            hover=[OPEN_HOVER.format(floor=t) for t in opened.get("floor", opened["high"])],
            text=opened["text"] if i == len(OPEN_FADE) - 1 else "",
        )
        for i, alpha in enumerate(OPEN_FADE)
    ]
    bands.loc[bands["open_high"].astype(bool), "text"] = ""
    return pd.concat([bands, *steps], ignore_index=True)


def range_bars(
    frame: pd.DataFrame,
    *,
    position: str,
    colors: dict[str, str],
    orientation: str = "v",
    length: float | None = None,
    **options,
) -> go.Figure:
    """Floating bars from ``low`` to ``high`` with px.bar(base=...), grouped by role in its
    ``colors``, open upper bounds fading out, ``text`` beyond each bar's end, ``hover`` on hover.

    ``frame`` needs role, low, high, open_high, text, hover and the ``position`` column;
    ``options`` go to px.bar (facet_row, pattern_shape, category_orders, ...).
    """
    top = float(frame["high"].max()) if len(frame) else 1.0
    rows = with_open_ends(frame, length=length or OPEN_FADE_SHARE * top)
    axes = {"x": position, "y": "size"} if orientation == "v" else {"y": position, "x": "size"}
    fig = px.bar(
        rows,
        **axes,
        base="base",
        color="role",
        color_discrete_map=colors,
        orientation=orientation,
        barmode="group",
        text="text",
        custom_data=["hover", "opacity", "part"],
        template=TEMPLATE,
        **options,
    )
    for trace in fig.data:
        trace.update(
            offsetgroup=trace.legendgroup.split(", ")[0],  # patterns share their colour's slot
            marker_opacity=[row[1] for row in trace.customdata],
            marker_line_width=0,
            hovertemplate=HOVER,
            textposition="outside",
            cliponaxis=False,
            textfont={"color": TEXT},
        )
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))  # facet titles
    return fig
