"""What every chart shares, written once: role colours, the look, the source line inside the
figure, the provenance hover, and range bars whose open upper bound fades out: only what plotly
express does not have."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import plotly.colors as pc
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio

from ..errors import ParameterError
from ..format import (
    DASH,
    NOT_STATED,
    choices_text,
    choose,
    choose_many,
    money,
    number,
    percent,
    points,
    quote_text,
    signed_money,
    source_label,
    source_line,
    svg_text,
)


def _luminance(color: str) -> float:
    """WCAG 2.2 relative luminance of a hex colour."""
    rgb = [c / 255 for c in pc.hex_to_rgb(color)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def readable(color: str, ratio: float = 3.0) -> str:
    """``color`` (hex), darkened just enough to stand ``ratio``:1 against white (WCAG 1.4.11,
    the contrast a chart's marks need): the same hue, so Okabe-Ito stays Okabe-Ito."""
    for step in range(101):
        rgb = [round(c * (1 - step / 100)) for c in pc.hex_to_rgb(color)]
        shade = "#{:02X}{:02X}{:02X}".format(*rgb)
        if 1.05 / (_luminance(shade) + 0.05) >= ratio:
            return shade
    return "#000000"


# Okabe-Ito: distinct under the common colour-vision deficiencies, each darkened to 3:1 against
# the white plot (its orange, yellow and sky blue are paler). PM and TPM keep the first two
# everywhere; any further role takes the next free colour by its place in the data.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
PALETTE = [readable(c) for c in OKABE_ITO]
FIXED_COLORS = {"PM": PALETTE[0], "TPM": PALETTE[1]}
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
# Each role's bar pattern, marker and line dash, in colour order: never colour alone.
ROLE_PATTERNS = ["", "x", ".", "-", "|", "+"]
ROLE_SYMBOLS = ["circle", "diamond", "square", "triangle-up", "cross", "x"]
ROLE_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
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
    free = [c for c in PALETTE if c not in FIXED_COLORS.values()]
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
    pattern = {}
    rows = with_open_ends(frame, length=length or OPEN_FADE_SHARE * top)
    if "pattern_shape" not in options:  # colour is never the only cue: each role a pattern
        shapes = dict(zip(colors, ROLE_PATTERNS * len(colors), strict=False))
        options.update(pattern_shape="role", pattern_shape_map=shapes)
        pattern = {"fgcolor": "white", "size": 8, "solidity": 0.25}
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
            marker_pattern=pattern,
            hovertemplate=HOVER,
            textposition="outside",
            cliponaxis=False,
            textfont={"color": TEXT},
        )
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))  # facet titles
    return fig


# --- the chart as text: what it draws, derived from its own traces ---------------------------

TABLE_COLUMNS = ["panel", "series", "item", "value", "low", "high", "details and source"]
SUMMARY_ITEMS = 6  # items of each series named in the text alternative; the table has them all
_TAG = re.compile(r"<[^>]*>")
_BOX = ("lowerfence", "q1", "median", "q3", "upperfence")
_BOX_NAMES = ("p10", "p25", "median", "p75", "p90")


def _text(markup) -> str:
    """Plain text of plotly label markup (tags dropped, <br> a space, entities decoded)."""
    text = re.sub(r"<br\s*/?>", " ", "" if markup is None else str(markup), flags=re.I)
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _array(value, n: int | None = None) -> list:
    """A trace attribute as a list: plotly's base64 typed arrays (``bdata``) decoded, a
    scalar repeated ``n`` times."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return flat.reshape(value["shape"]).tolist() if "shape" in value else flat.tolist()
    if value is None or isinstance(value, str | int | float):
        return [value] * (n or 0)
    return list(np.asarray(value, dtype=object).tolist())


def _formatter(axis: dict):
    """How the numbers of ``axis`` read: as its ticks say (money, percent, points, plain)."""
    spec = f"{axis.get('tickprefix', '')}{axis.get('tickformat', '')}{axis.get('ticksuffix', '')}"
    if "$" in spec:
        return signed_money if "+" in spec else money
    if "pp" in spec:
        return points
    if "%" in spec:
        return percent
    unit = _text((axis.get("title") or {}).get("text"))  # "days": a plain number's unit
    if not re.fullmatch(r"[a-z]{1,12}", unit):
        return number
    return lambda value: number(value) if pd.isna(value) else f"{number(value)} {unit}"


def _panels(layout: dict) -> dict[str, str]:
    """Subplot ('x2y3') -> its facet titles: the annotations above its column (at the top of
    the plot area) and beside its row (the source line excluded)."""
    notes = [a for a in layout.get("annotations", ()) if a.get("name") != "source"]
    notes = [a for a in notes if a.get("xref") == "paper" and a.get("yref") == "paper"]
    axes = {k: layout[k].get("domain", (0, 1)) for k in layout if re.fullmatch(r"[xy]axis\d*", k)}
    top = max([d[1] for k, d in axes.items() if k[0] == "y"], default=1) - 1e-9
    left = min([d[0] for k, d in axes.items() if k[0] == "x"], default=0) + 1e-9
    right = max([d[1] for k, d in axes.items() if k[0] == "x"], default=1) - 1e-9
    beside = [a for a in notes if a.get("y", 1) < top and not left < a.get("x", 0.5) < right]
    panels = {}
    for xname, (x0, x1) in [(k, d) for k, d in axes.items() if k[0] == "x"]:
        for yname, (y0, y1) in [(k, d) for k, d in axes.items() if k[0] == "y"]:
            column = [a for a in notes if a.get("y", 0) >= top and x0 <= a.get("x", -1) <= x1]
            row = [a for a in beside if y0 <= a.get("y", -1) <= y1]
            titles = [_text(a.get("text")) for a in column + row]
            panels[f"x{xname[5:]}y{yname[5:]}"] = " · ".join(t for t in titles if t)
    return panels


def _axes(trace: dict, layout: dict) -> tuple[bool, dict, dict]:
    """Whether ``trace`` runs across (values on x), its value axis and its item axis."""
    kind, ys = trace.get("type", "scatter"), _array(trace.get("y"))
    if kind == "scatterpolar":
        return False, layout.get("polar", {}).get("radialaxis", {}), {}
    default = "h" if ys and isinstance(ys[0], str) else "v"
    across = kind != "box" and trace.get("orientation", default) == "h"
    x, y = "xaxis" + trace.get("xaxis", "x")[1:], "yaxis" + trace.get("yaxis", "y")[1:]
    return across, layout.get(x if across else y, {}), layout.get(y if across else x, {})


def _trace_rows(trace: dict, layout: dict, panel: str) -> list[dict]:
    """The marks of one trace as rows: bars (from ``base`` to ``base`` + length, the fading
    steps of an open bound folded back into their band as "+"), boxes (10th-90th
    percentile), radar points, markers and the points of a line; text-only and decorative
    (hover-skipped) traces give none. On a
    hidden value axis (boxes placed by layout) a mark's value is its text label."""
    kind, mode = trace.get("type", "scatter"), trace.get("mode", "markers")
    if trace.get("hoverinfo") == "skip" or (kind == "scatter" and mode == "text"):
        return []
    across, axis, item_axis = _axes(trace, layout)
    fmt, drawn = _formatter(axis), axis.get("visible", True) is not False
    items = _array(trace.get("theta" if kind == "scatterpolar" else "y" if across else "x"))
    ticks = dict(
        zip(_array(item_axis.get("tickvals")), _array(item_axis.get("ticktext")), strict=False)
    )
    items = ["" if item_axis.get("visible") is False else _text(ticks.get(i, i)) for i in items]
    value_key = "r" if kind == "scatterpolar" else "x" if across else "y"
    n = max(len(items), len(_array(trace.get(value_key))) if kind != "box" else 0)
    items += [""] * (n - len(items))  # plotly numbers unnamed points itself
    if kind == "box":
        values = [_array(trace.get(k), n) for k in _BOX]
        lows, highs = values[0], values[-1]
        shown = [
            " · ".join(f"{k} {fmt(v)}" for k, v in zip(_BOX_NAMES, vs, strict=True))
            for vs in zip(*values, strict=True)
        ]
    else:
        sizes = _array(trace.get(value_key), n)
        sizes += [None] * (n - len(sizes))
        bases = _array(trace.get("base"), n) if kind == "bar" else [None] * n
        lows = [b or s for s, b in zip(sizes, bases, strict=True)]
        highs = [s if not b or pd.isna(s) else b + s for s, b in zip(sizes, bases, strict=True)]
        shown = [
            fmt(hi) if lo == hi else f"{fmt(lo)}{DASH}{fmt(hi)}"
            for lo, hi in zip(lows, highs, strict=True)
        ]
    custom, texts = _array(trace.get("customdata"), n), _array(trace.get("text"), n)
    hovers = (
        _array(trace.get("hovertext"), n)
        if "hovertext" in trace
        else [c[0] if isinstance(c, list) and c else t for c, t in zip(custom, texts, strict=True)]
    )
    rows = []
    for i in range(n):
        part = custom[i][2] if isinstance(custom[i], list) and len(custom[i]) > 2 else "band"
        if part == "open_end":  # a fading step: the band it continues is open
            band = next((r for r in reversed(rows) if r["item"] == items[i]), None)
            if band and not band["value"].endswith("+"):
                band["value"] += "+"
            continue
        if kind == "scatterpolar" and i and i == n - 1 and items[i] == items[0]:
            continue  # the point that closes the line
        rows.append(
            {
                "panel": panel,
                "series": _text(trace.get("name")),
                "item": items[i],
                "value": (shown[i] if drawn else _text(texts[i])) or NOT_STATED,
                "low": _number(lows[i]) if drawn else "",
                "high": _number(highs[i]) if drawn else "",
                "details and source": _text(hovers[i]),
            }
        )
    return rows


def _number(value):
    return NOT_STATED if value is None or pd.isna(value) else value


def chart_table(fig) -> pd.DataFrame:
    """Every mark ``fig`` draws (a Figure or its JSON), a row each: its panel, series (the
    trace's name), item (category, skill, level), value as drawn ("$400k–$650k+"), its low
    and high ends as numbers ("not stated" where the figure has none), and the hover text,
    which names the quote and the source. By construction what the chart draws."""
    spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    layout = spec.get("layout", {})
    panels = _panels(layout)
    rows = [
        row
        for trace in spec.get("data", ())
        for row in _trace_rows(
            trace, layout, panels.get(f"{trace.get('xaxis', 'x')}{trace.get('yaxis', 'y')}", "")
        )
    ]
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    return table.drop(columns=[c for c in ("panel",) if not table[c].astype(bool).any()])


def chart_summary(
    fig, table: pd.DataFrame | None = None, *, items: int = SUMMARY_ITEMS, series: int = 0
) -> str:
    """The chart in one sentence, for its accessible name: its title, then each series (the
    first ``series`` of them if given) with its first ``items`` items and values
    ("PM: L5 Senior $280k–$450k, L6 Principal $400k–$650k+")."""
    spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    title = _text((spec.get("layout", {}).get("title") or {}).get("text")) or "Chart"
    table = chart_table(spec) if table is None else table
    parts = []
    groups = list(table.groupby("series", sort=False))
    for name, rows in groups[:series] if series else groups:
        names = (
            rows["item"]
            if "panel" not in rows
            else (rows["panel"] + " " + rows["item"]).str.strip()
        )
        said = [f"{n} {v}".strip() for n, v in zip(names, rows["value"], strict=True)]
        more = len(said) - items
        tail = f", and {more} more" if more > 0 else ""
        parts.append(f"{name or 'values'}: {', '.join(said[:items])}{tail}")
    return f"{title}. {'; '.join(parts)}." if parts else f"{title}."
