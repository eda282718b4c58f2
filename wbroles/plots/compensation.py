"""Compensation charts: published bands by level, their parts, the gap between two roles, and
the offer and negotiation points that sources report, placed against the bands.

Every builder takes the tidy compensation frame (as ``wbroles.load_compensation`` returns it)
first and everything else keyword-only, returns a ``plotly.graph_objects.Figure``, and neither
shows nor saves it. An open upper bound ("$650,000+") is drawn as a solid bar up to the stated
floor and a fading continuation beyond it, and its label keeps the "+".

Every trace carries ``meta={"role": ..., "part": ...}`` so that code (and tests) can find the
bands, open ends, labels and markers without relying on trace order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..derive import component_dollars, derived_totals, role_gap
from ._bands import (
    OPEN_FADE_SHARE,
    TEXT_COLOR,
    axis_ticks,
    header,
    level_labels,
    nice_step,
    open_fade_bars,
    open_hover,
    quote_html,
    resolve_sources,
    source_label,
)
from ._common import choose, finish, select
from .style import COMPONENT_LABELS, NEUTRAL, money, money_range, role_color

__all__ = ["comp_breakdown", "comp_ranges", "offer_reference_chart", "role_gap_chart"]

PERCENT_UNIT = "pct_of_base"
DOLLAR_UNITS = ("usd_per_year", "usd")
DOLLAR_PARTS = ("base", "bonus", "equity")  # what a total is the sum of

_SHARED_DOCS = {
    "comp": (
        "comp : DataFrame\n"
        "        Tidy compensation bands as ``wbroles.load_compensation`` returns them: one row\n"
        "        per company, role, level and component, with low, high, open_high, unit,\n"
        "        source_id and quote."
    ),
    "company": (
        "company : str, optional\n"
        "        The company to draw. Required when ``comp`` holds several companies."
    ),
    "roles": "roles : list of str, optional\n        Roles to draw, in data order (default: all).",
    "levels": (
        "levels : list of str, optional\n        Levels to draw, in rank order (default: all)."
    ),
    "sources": (
        "sources : DataFrame, optional\n"
        "        The sources table, for the in-figure source line (keyword and date). Default:\n"
        "        loaded from the data folder ``comp`` came from; the line falls back to source\n"
        "        ids when it cannot be loaded."
    ),
    "raises": (
        "Raises\n"
        "    ------\n"
        "    ValueError\n"
        "        For an empty frame, several companies without ``company=``, or an unknown\n"
        "        company, role, level or component; the message names the valid choices."
    ),
}


def _documented(func):
    func.__doc__ = func.__doc__.format(**_SHARED_DOCS)
    return func


# --- small shared steps ----------------------------------------------------------------------


def _ordered(frame: pd.DataFrame, column: str) -> list:
    """The values present in ``column``, in category (rank) order or else data order."""
    return choose(frame, column, None, what=column)


def _role_colors(comp: pd.DataFrame) -> dict:
    """Each role's colour, from every role the data knows, so that filtering the roles
    drawn never shifts a colour."""
    series = comp["role"]
    if isinstance(series.dtype, pd.CategoricalDtype):
        roles = list(series.cat.categories)
    else:
        roles = list(dict.fromkeys(series.dropna()))
    return {role: role_color(role, roles) for role in roles}


def _band_label(low: float, high: float, *, open_high: bool, percent: bool) -> str:
    """'$280k–$450k', '$400k–$650k+', or '10%–15%' for a percent-of-base band."""
    if percent:
        return f"{low:g}%\u2013{high:g}%{'+' if open_high else ''}"
    return money_range(low, high, open_high=open_high)


def _signed_money(value: float) -> str:
    if value == 0:
        return "$0"
    return ("+" if value > 0 else "\u2212") + money(abs(value))


def _signed_points(value: float) -> str:
    if value == 0:
        return "0 pp"
    return ("+" if value > 0 else "\u2212") + f"{abs(value):g} pp"


def _single_unit(rows: pd.DataFrame, component: str) -> str:
    units = list(dict.fromkeys(rows["unit"]))
    if len(units) != 1:
        raise ValueError(
            f"component {component!r} mixes units {', '.join(units)}; "
            "one chart axis can show only one unit"
        )
    return units[0]


# --- 1. ranges by level ------------------------------------------------------------------------


@_documented
def comp_ranges(
    comp: pd.DataFrame,
    *,
    component: str = "total",
    company: str | None = None,
    roles: Iterable[str] | None = None,
    levels: Iterable[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """One floating bar per role and level, from the low to the high end of the stated range.

    Roles stand side by side within each level, each in its fixed colour. An open upper bound
    is drawn up to its stated floor and continues as a fading segment, labelled with a "+".
    A percent-of-base component (the bonus) gets a "% of base" axis.

    Parameters
    ----------
    {comp}
    component : str
        One of the components in ``comp`` ("total", "base", "bonus", "equity").
    {company}
    {roles}
    {levels}
    {sources}

    {raises}
    """
    frame = select(comp, company=company, roles=roles, levels=levels, what="compensation data")
    component = choose(frame, "component", component, what="component")[0]
    rows = frame[frame["component"] == component]
    percent = _single_unit(rows, component) == PERCENT_UNIT
    sources_table = resolve_sources(comp, sources)
    role_order = _ordered(rows, "role")
    level_order = _ordered(rows, "level")

    colors = _role_colors(comp)
    # With more than six bars a one-line label is wider than its bar (at about 1000 px).
    crowded = len(role_order) * len(level_order) > 6
    fade = OPEN_FADE_SHARE * float(rows["high"].max())
    top = float((rows["high"] + np.where(rows["open_high"], fade, 0)).max())
    fig = go.Figure()
    for role in role_order:
        mine = rows[rows["role"] == role].sort_values("level")
        color = colors[role]
        labels = [
            _band_label(r.low, r.high, open_high=bool(r.open_high), percent=percent)
            for r in mine.itertuples()
        ]
        hover = [
            f"<b>{role} {r.level}</b> \u00b7 {COMPONENT_LABELS.get(component, component)}"
            f"<br>{label}{' (open upper bound)' if r.open_high else ''}"
            f"<br>{quote_html(r.quote)}"
            f"<br><i>Source: {source_label(r.source_id, sources_table)}</i>"
            for r, label in zip(mine.itertuples(), labels, strict=True)
        ]
        fig.add_trace(
            go.Bar(
                x=list(mine["level"]),
                base=list(mine["low"]),
                y=list(mine["high"] - mine["low"]),
                name=role,
                legendgroup=role,
                offsetgroup=role,
                marker={"color": color, "line": {"width": 0}},
                customdata=labels,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                meta={"role": role, "part": "band"},
            )
        )
        opened = mine[mine["open_high"]]
        if len(opened):
            fig.add_trace(
                open_fade_bars(
                    positions=list(opened["level"]),
                    floors=list(opened["high"]),
                    length=fade,
                    color=color,
                    role=role,
                    horizontal=False,
                    offsetgroup=role,
                    hovertext=[
                        open_hover(f"{h:g}%+" if percent else money(h, open_high=True))
                        for h in opened["high"]
                    ],
                )
            )
        fig.add_trace(
            go.Scatter(
                x=list(mine["level"]),
                y=list(mine["high"] + np.where(mine["open_high"], fade, 0)),
                mode="text",
                text=[label.replace("\u2013", "\u2013<br>") for label in labels]
                if crowded
                else labels,
                textposition="top center",
                textfont={"color": TEXT_COLOR, "size": 12 if crowded else 13},
                offsetgroup=role,
                legendgroup=role,
                showlegend=False,
                hoverinfo="skip",
                name=f"{role} labels",
                meta={"role": role, "part": "label"},
            )
        )

    axis_top = top * (1.2 if crowded else 1.12)
    fig.update_layout(barmode="group", scattermode="group", bargap=0.3, bargroupgap=0.06)
    fig.update_xaxes(
        title_text="Level",
        type="category",
        categoryorder="array",
        categoryarray=level_order,
        tickmode="array",
        tickvals=level_order,
        ticktext=level_labels(frame, level_order),
    )
    fig.update_yaxes(
        title_text="% of base" if percent else "US dollars per year",
        range=[0, axis_top],
        **axis_ticks(0, axis_top, percent=percent),
        zeroline=True,
    )
    label = COMPONENT_LABELS.get(component, component)
    company_name = rows["company"].iloc[0] if "company" in rows else None
    finish(
        fig,
        title=f"{label} by level: {' vs '.join(map(str, role_order))}"
        + (f" at {company_name}" if company_name else ""),
        source_ids=rows["source_id"],
        sources=sources_table,
        height=520,
    )
    subtitle = "Each bar runs from the low to the high end of the range the source states"
    if rows["open_high"].any():
        subtitle += "; a faded end marks an open upper bound (\u201c+\u201d)"
    header(fig, subtitle)
    return fig


# --- 2. component breakdown --------------------------------------------------------------------

_BREAKDOWN_ROWS = {
    "base": "Base salary",
    "bonus": "Bonus, $ (% \u00d7 base)",
    "equity": "Equity per year",
    "derived": "Total: sum of parts",
    "stated": "Total: as stated",
}


@_documented
def comp_breakdown(
    comp: pd.DataFrame,
    *,
    company: str | None = None,
    roles: Iterable[str] | None = None,
    levels: Iterable[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """Base, bonus and equity ranges per role and level, with the stated total beside the
    total their parts add up to, so that any gap between the two is visible.

    One panel of horizontal range bars per level, on a shared dollar axis. The bonus is
    shown in dollars (its percent of the base range, from ``wbroles.derive.component_dollars``).
    The summed total (``wbroles.derive.derived_totals``) is hatched and labelled with its
    difference from the stated total, which is solid. Open upper bounds fade out as in
    :func:`comp_ranges`.

    Parameters
    ----------
    {comp}
    {company}
    {roles}
    {levels}
    {sources}

    {raises}
    """
    frame = select(comp, company=company, roles=roles, levels=levels, what="compensation data")
    present = _ordered(frame, "component")
    if not set(present) & {"base", "bonus", "equity"}:
        raise ValueError(
            "a breakdown needs base, bonus or equity ranges; the data holds only: "
            + ", ".join(present)
        )
    sources_table = resolve_sources(comp, sources)
    role_order = _ordered(frame, "role")
    level_order = _ordered(frame, "level")
    colors = _role_colors(comp)
    table = _breakdown_table(frame, sources_table)
    row_order = [k for k in _BREAKDOWN_ROWS if k in set(table["row"])]

    fade = OPEN_FADE_SHARE * float(table["high"].max())
    reach = float((table["high"] + np.where(table["open_high"], fade, 0)).max())
    axis_right = reach * 1.38  # room right of the longest bar for its label

    fig = make_subplots(
        rows=len(level_order),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08 / max(1, len(level_order) - 1) if len(level_order) > 1 else 0,
    )
    for panel, level in enumerate(level_order, start=1):
        for role in role_order:
            mine = table[(table["role"] == role) & (table["level"] == level)]
            if not len(mine):
                continue
            mine = mine.sort_values("row", key=lambda rows: rows.map(row_order.index))
            color = colors[role]
            ys = [_BREAKDOWN_ROWS[k] for k in mine["row"]]
            fig.add_trace(
                go.Bar(
                    y=ys,
                    base=list(mine["low"]),
                    x=list(mine["high"] - mine["low"]),
                    orientation="h",
                    name=role,
                    legendgroup=role,
                    offsetgroup=role,
                    marker={
                        "color": color,
                        "line": {"width": 0},
                        "pattern": {
                            "shape": ["/" if k == "derived" else "" for k in mine["row"]],
                            "fgcolor": "white",
                            "fillmode": "overlay",
                            "size": 7,
                            "solidity": 0.35,
                        },
                    },
                    customdata=[
                        list(pair) for pair in zip(mine["row"], mine["label"], strict=True)
                    ],
                    hovertext=list(mine["hover"]),
                    hovertemplate="%{hovertext}<extra></extra>",
                    meta={"role": role, "part": "band", "level": str(level)},
                ),
                row=panel,
                col=1,
            )
            opened = mine[mine["open_high"]]
            if len(opened):
                fig.add_trace(
                    open_fade_bars(
                        positions=[_BREAKDOWN_ROWS[k] for k in opened["row"]],
                        floors=list(opened["high"]),
                        length=fade,
                        color=color,
                        role=role,
                        horizontal=True,
                        offsetgroup=role,
                        hovertext=[open_hover(money(h, open_high=True)) for h in opened["high"]],
                    ),
                    row=panel,
                    col=1,
                )
            fig.add_trace(
                go.Scatter(
                    y=ys,
                    x=list(mine["high"] + np.where(mine["open_high"], fade, 0)),
                    mode="text",
                    text=[f"  {text}" for text in mine["text"]],
                    textposition="middle right",
                    textfont={"color": TEXT_COLOR, "size": 11},
                    cliponaxis=False,
                    orientation="h",
                    offsetgroup=role,
                    legendgroup=role,
                    showlegend=False,
                    hoverinfo="skip",
                    name=f"{role} labels",
                    meta={"role": role, "part": "label", "level": str(level)},
                ),
                row=panel,
                col=1,
            )
        if "derived" in row_order and row_order.index("derived") > 0:
            # A rule between the parts and the totals.
            fig.add_hline(
                y=row_order.index("derived") - 0.5,
                line={"color": "#BBBBBB", "width": 1, "dash": "dot"},
                row=panel,
                col=1,
            )
        fig.update_yaxes(title_text=f"<b>{level}</b>", row=panel, col=1)

    _one_legend_entry_per_role(fig)
    fig.update_layout(barmode="group", scattermode="group", bargap=0.2, bargroupgap=0.04)
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[_BREAKDOWN_ROWS[k] for k in row_order],
        autorange="reversed",
    )
    fig.update_xaxes(range=[0, axis_right], **axis_ticks(0, axis_right), showgrid=True)
    fig.update_xaxes(title_text="US dollars per year", row=len(level_order), col=1)
    company_name = frame["company"].iloc[0] if "company" in frame else None
    bar_rows = len(row_order) * max(1, len(role_order)) * len(level_order)
    finish(
        fig,
        title="Base + bonus + equity vs the stated total"
        + (f" ({company_name})" if company_name else ""),
        source_ids=frame["source_id"],
        sources=sources_table,
        height=220 + 21 * bar_rows + 30 * len(level_order),
    )
    note = "Hatched: base + bonus + equity added up; solid: the total range the source states"
    if table["open_high"].any():
        note += "; faded end: open upper bound (\u201c+\u201d)"
    header(fig, note)
    return fig


def _breakdown_table(frame: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """Every bar of the breakdown: row key, role, level, low, high, open_high, label, hover."""
    parts = component_dollars(frame)
    derived = derived_totals(frame)
    stated = frame[frame["component"] == "total"]
    keyed = frame.set_index(["role", "level", "component"])

    def provenance(role, level, component) -> str:
        if (role, level, component) not in keyed.index:
            return ""
        row = keyed.loc[(role, level, component)]
        row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
        return (
            f"<br>{quote_html(row['quote'])}"
            f"<br><i>Source: {source_label(row['source_id'], sources)}</i>"
        )

    def range_of(table, role, level, component=None) -> pd.Series | None:
        match = table[(table["role"] == role) & (table["level"] == level)]
        if component is not None:
            match = match[match["component"] == component]
        return match.iloc[0] if len(match) else None

    def band(r) -> str:
        return money_range(r.low, r.high, open_high=bool(r.open_high))

    drawn = []
    for r in parts.itertuples():
        hover = (
            f"<b>{r.role} {r.level}</b> \u00b7 {_BREAKDOWN_ROWS[r.component]}<br>{band(r)} a year"
        )
        if r.component == "bonus":
            pct = keyed.loc[(r.role, r.level, "bonus")]
            pct = pct.iloc[0] if isinstance(pct, pd.DataFrame) else pct
            base = range_of(parts, r.role, r.level, "base")
            hover += (
                f"<br>= {pct['low']:g}%\u2013{pct['high']:g}% of base {band(base)}"
                "<br>(low % \u00d7 low base to high % \u00d7 high base)"
            )
        hover += provenance(r.role, r.level, r.component)
        drawn.append((r.component, r.role, r.level, r.low, r.high, r.open_high, band(r), hover))
    for r in derived.itertuples():
        pieces = [range_of(parts, r.role, r.level, c) for c in DOLLAR_PARTS]
        text = band(r)
        hover = (
            f"<b>{r.role} {r.level}</b> \u00b7 total as the sum of its parts<br>{band(r)} a year"
            "<br>base + bonus + equity = "
            + " + ".join(money_range(p["low"], p["high"], open_high=p["open_high"]) for p in pieces)
        )
        said = range_of(stated, r.role, r.level)
        if said is not None:
            low_gap, high_gap = r.low - said["low"], r.high - said["high"]
            text += f"  ({_signed_money(low_gap)} / {_signed_money(high_gap)} vs stated)"
            said_range = money_range(said["low"], said["high"], open_high=said["open_high"])
            hover += (
                f"<br>vs the stated {said_range}: {_signed_money(low_gap)} at the low end,"
                f" {_signed_money(high_gap)} at the high end"
            )
        drawn.append(("derived", r.role, r.level, r.low, r.high, r.open_high, text, hover))
    for r in stated.itertuples():
        hover = (
            f"<b>{r.role} {r.level}</b> \u00b7 total as the source states it<br>{band(r)} a year"
            + provenance(r.role, r.level, "total")
        )
        drawn.append(("stated", r.role, r.level, r.low, r.high, r.open_high, band(r), hover))
    table = pd.DataFrame(
        drawn, columns=["row", "role", "level", "low", "high", "open_high", "text", "hover"]
    )
    table["open_high"] = table["open_high"].astype(bool)
    table["label"] = [
        money_range(lo, hi, open_high=op)
        for lo, hi, op in zip(table["low"], table["high"], table["open_high"], strict=True)
    ]
    return table


# --- 3. gap between two roles ------------------------------------------------------------------

_GAP_BOUNDS = {
    "low": ("circle", "low end of the range"),
    "high": ("diamond", "high end of the range"),
    "high_open": ("diamond-open", "high end, vs an open bound (compares stated floors)"),
}


@_documented
def role_gap_chart(
    comp: pd.DataFrame,
    *,
    role: str = "PM",
    versus: str = "TPM",
    company: str | None = None,
    levels: Iterable[str] | None = None,
    components: Iterable[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """How much more (or less) ``role``'s range is than ``versus``'s, per level and component.

    For each component, one lollipop for the difference at the low end of the ranges and one
    at the high end, labelled in dollars and in percent of ``versus``'s bound ("+$20k (+7.7%)").
    The bonus, stated in percent of base, is compared in percentage points on its own axis.
    A point is drawn in the colour of the role whose bound is higher. A high-end comparison
    involving an open bound is hollow and marked "vs open bound": it compares stated floors.
    Data from ``wbroles.derive.role_gap``.

    Parameters
    ----------
    {comp}
    role, versus : str
        The two roles compared: differences are ``role`` minus ``versus``.
    {company}
    {levels}
    components : list of str, optional
        Components to compare (default: all that both roles state).
    {sources}

    {raises}
    """
    frame = select(comp, company=company, levels=levels, what="compensation data")
    available_roles = _ordered(frame, "role")
    role = choose(frame, "role", role, what="role")[0]
    versus = choose(frame, "role", versus, what="role")[0]
    if role == versus:
        raise ValueError(
            f"role and versus are both {role!r}; compare two different roles from: "
            + ", ".join(map(str, available_roles))
        )
    chosen = choose(frame, "component", components, what="component")
    frame = frame[frame["role"].isin([role, versus]) & frame["component"].isin(chosen)]
    gaps = role_gap(frame, role=role, versus=versus)
    if not len(gaps):
        raise ValueError(
            f"{role} and {versus} share no level and component to compare; "
            f"{role} states: {_pairs(frame[frame['role'] == role])}; "
            f"{versus} states: {_pairs(frame[frame['role'] == versus])}"
        )
    sources_table = resolve_sources(comp, sources)
    level_order = [lv for lv in _ordered(frame, "level") if lv in set(gaps["level"])]
    component_order = [c for c in chosen if c in set(gaps["component"].astype(str))]
    dollar_components = [c for c in component_order if _is_dollars(gaps, c)]
    point_components = [c for c in component_order if c not in dollar_components]
    columns = [(dollar_components, False), (point_components, True)]
    columns = [(comps, is_points) for comps, is_points in columns if comps]
    role_colors = _role_colors(comp)

    fig = make_subplots(
        rows=len(level_order),
        cols=len(columns),
        column_widths=[max(1, len(c)) for c, _ in columns] if len(columns) > 1 else None,
        shared_xaxes="columns",
        horizontal_spacing=0.17,
        vertical_spacing=0.12 / max(1, len(level_order) - 1) if len(level_order) > 1 else 0,
    )
    limits = {}
    widest = max(len(comps) for comps, _ in columns)
    for row, level in enumerate(level_order, start=1):
        for col, (comps, is_points) in enumerate(columns, start=1):
            mine = gaps[(gaps["level"] == level) & gaps["component"].isin(comps)]
            mine = mine.assign(position=mine["component"].astype(str).map(comps.index))
            for bound in ("low", "high"):
                diffs = mine[f"diff_{bound}"].astype(float)
                pcts = mine[f"diff_{bound}_pct"].astype(float)
                opened = mine["high_open"].astype(bool) & (bound == "high")
                positions = mine["position"] + (-0.17 if bound == "low" else 0.17)
                colors = [
                    role_colors[role] if d > 0 else role_colors[versus] if d < 0 else NEUTRAL
                    for d in diffs
                ]
                labels = [
                    _gap_label(d, p, points=is_points, vs_open=o)
                    for d, p, o in zip(diffs, pcts, opened, strict=True)
                ]
                hover = [
                    _gap_hover(g, bound=bound, points=is_points, sources=sources_table, comp=frame)
                    for g in mine.itertuples()
                ]
                # The stem from zero to the difference.
                fig.add_trace(
                    go.Bar(
                        y=list(positions),
                        x=list(diffs),
                        base=0,
                        orientation="h",
                        width=0.05,
                        marker={"color": colors, "line": {"width": 0}},
                        showlegend=False,
                        hoverinfo="skip",
                        name=f"{level} {bound} stems",
                        meta={"part": "stem", "bound": bound, "level": str(level)},
                    ),
                    row=row,
                    col=col,
                )
                fig.add_trace(
                    go.Scatter(
                        y=list(positions),
                        x=list(diffs),
                        mode="markers+text",
                        marker={
                            "symbol": [_GAP_BOUNDS["high_open" if o else bound][0] for o in opened],
                            "size": 12,
                            "color": colors,
                            "line": {"width": 2, "color": colors},
                        },
                        text=labels,
                        textposition=["middle left" if d < 0 else "middle right" for d in diffs],
                        textfont={"size": 12, "color": TEXT_COLOR},
                        cliponaxis=False,
                        customdata=[
                            [str(c), bound, bool(o)]
                            for c, o in zip(mine["component"], opened, strict=True)
                        ],
                        hovertext=hover,
                        hovertemplate="%{hovertext}<extra></extra>",
                        showlegend=False,
                        name=f"{level} {bound} end",
                        meta={"part": "gap", "bound": bound, "level": str(level)},
                    ),
                    row=row,
                    col=col,
                )
                extent = limits.setdefault(col, {"lo": 0.0, "hi": 0.0, "left": 0, "right": 0})
                extent["lo"] = min(extent["lo"], float(diffs.min()))
                extent["hi"] = max(extent["hi"], float(diffs.max()))
                for d, text in zip(diffs, labels, strict=True):
                    side = "left" if d < 0 else "right"
                    extent[side] = max(extent[side], len(text))
            fig.update_yaxes(
                tickmode="array",
                tickvals=list(range(len(comps))),
                ticktext=[_component_axis_label(c, is_points) for c in comps],
                # The same height per component in every column, centred.
                range=[(widest + len(comps)) / 2 - 0.45, (len(comps) - widest) / 2 - 0.55],
                row=row,
                col=col,
            )
            fig.add_vline(x=0, line={"color": "#888888", "width": 1.5}, row=row, col=col)
        fig.update_yaxes(title_text=f"<b>{level}</b>", row=row, col=1)

    column_share = [len(c) / sum(len(c) for c, _ in columns) for c, _ in columns]
    for col, (_, is_points) in enumerate(columns, start=1):
        left, right = _gap_axis_range(limits[col], share=column_share[col - 1], points=is_points)
        ticks = _points_ticks(left, right) if is_points else axis_ticks(left, right, signed=True)
        fig.update_xaxes(range=[left, right], **ticks, col=col)
        fig.update_xaxes(zeroline=False, showgrid=True, col=col)

    # Which side is which, in each column's axis title.
    for col, (_, is_points) in enumerate(columns, start=1):
        unit = "pp" if is_points else "difference, US dollars per year"
        fig.update_xaxes(
            title_text=f"\u2190 {versus} higher \u00b7 {unit} \u00b7 {role} higher \u2192",
            title_font={"size": 12},
            row=len(level_order),
            col=col,
        )
    _gap_legend(fig, opened_any=bool(gaps["high_open"].any()))
    company_name = frame["company"].iloc[0] if "company" in frame else None
    finish(
        fig,
        title=f"How much more {role} ranges are than {versus} ranges"
        + (f" at {company_name}" if company_name else ""),
        source_ids=frame["source_id"],
        sources=sources_table,
        height=170 + len(level_order) * (70 + 58 * max(len(c) for c, _ in columns)),
    )
    header(
        fig,
        f"{role} minus {versus} at each end of the stated ranges (percent of {versus});"
        " colour: the role whose bound is higher",
    )
    return fig


def _is_dollars(gaps: pd.DataFrame, component: str) -> bool:
    units = set(gaps.loc[gaps["component"] == component, "unit"])
    return units <= set(DOLLAR_UNITS)


def _pairs(frame: pd.DataFrame) -> str:
    pairs = [f"{lv} {c}" for lv, c in zip(frame["level"], frame["component"], strict=True)]
    return ", ".join(pairs) or "nothing"


def _component_axis_label(component: str, points: bool) -> str:
    label = COMPONENT_LABELS.get(component, component)
    return label if not points else f"{label}<br>(% of base)"


# Estimates for making room for the labels beside the points: the plot area's width at the
# width most charts are viewed at (about 1000 px), and the width of one label character.
_PLOT_PX = 760
_CHAR_PX = 6.6


def _gap_axis_range(extent: dict, *, share: float, points: bool) -> tuple[float, float]:
    """An axis range that holds every point and, beside it, its label."""
    lo, hi = extent["lo"], extent["hi"]
    span = hi - lo or (2.0 if points else 20_000.0)
    width = _PLOT_PX * share
    left_px = extent["left"] * _CHAR_PX + 12 if extent["left"] else 16
    right_px = extent["right"] * _CHAR_PX + 12 if extent["right"] else 16
    free = max(0.3, 1 - (left_px + right_px) / width)
    total = span / free
    return lo - total * left_px / width, hi + total * right_px / width


def _points_ticks(low: float, high: float) -> dict:
    step = nice_step(high - low, count=3)
    first = math.ceil(low / step - 1e-9) * step
    values = [0.0 if abs(v) < step / 1000 else float(v) for v in np.arange(first, high, step)]
    return {
        "tickmode": "array",
        "tickvals": values,
        "ticktext": [_signed_points(v) for v in values],
    }


def _gap_label(diff: float, pct: float, *, points: bool, vs_open: bool) -> str:
    if points:
        text = _signed_points(diff) + (" (same)" if diff == 0 else "")
    elif diff == 0:
        text = "$0 (same)"
    else:
        text = f"{_signed_money(diff)} ({'+' if pct > 0 else chr(0x2212)}{abs(pct):.1f}%)"
    # Spaces keep the text clear of the marker on either side.
    return f"  {text}{' vs open bound' if vs_open else ''}  "


def _gap_hover(gap, *, bound: str, points: bool, sources, comp: pd.DataFrame) -> str:
    mine, theirs = getattr(gap, f"role_{bound}"), getattr(gap, f"versus_{bound}")
    diff, pct = getattr(gap, f"diff_{bound}"), getattr(gap, f"diff_{bound}_pct")

    def shown(v):
        return f"{v:g}%" if points else money(v)

    lines = [
        f"<b>{gap.level} \u00b7 {COMPONENT_LABELS.get(str(gap.component), gap.component)}"
        f" \u00b7 {bound} end</b>",
        f"{gap.role} {shown(mine)} vs {gap.versus} {shown(theirs)}",
        (
            f"difference {_signed_points(diff)}"
            if points
            else f"difference {_signed_money(diff)} ({pct:+.1f}% of {gap.versus})"
        ),
    ]
    if bound == "high" and gap.high_open:
        lines.append("an open bound (\u201c+\u201d): this compares stated floors, not maxima")
    cited = []
    for who in (gap.role, gap.versus):
        stated = comp[
            (comp["role"] == who)
            & (comp["level"] == gap.level)
            & (comp["component"] == str(gap.component))
        ]
        for r in stated.itertuples():
            lines.append(f"{who}: {quote_html(r.quote)}")
            cited.append(source_label(r.source_id, sources))
    lines.append(f"<i>Source: {'; '.join(dict.fromkeys(cited))}</i>")
    return "<br>".join(lines)


def _gap_legend(fig: go.Figure, *, opened_any: bool) -> None:
    """Legend entries for the marker shapes, in a neutral colour (colour means 'who is higher')."""
    kinds = ["low", "high"] + (["high_open"] if opened_any else [])
    for kind in kinds:
        symbol, label = _GAP_BOUNDS[kind]
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": symbol, "size": 11, "color": NEUTRAL, "line": {"width": 2}},
                name=label,
                showlegend=True,
                hoverinfo="skip",
                meta={"part": "legend", "bound": kind},
            )
        )


# --- 7. offer and negotiation reference points -------------------------------------------------

# The published band that a reported amount sits next to (missing: no band is published).
_BAND_OF = {
    "base": "base",
    "equity": "equity",
    "equity_annual": "equity",
    "first_year_equity": "equity",
}
_AMOUNT_LABELS = {
    "base": "base salary",
    "bonus": "bonus",
    "equity": "equity per year",
    "equity_annual": "equity per year",
    "equity_share": "equity share",
    "first_year_equity": "first-year equity",
    "sign_on": "sign-on bonus",
}


@dataclass
class _PanelRow:
    """One row of a level's panel: a band (with offer markers on it), a reported amount
    drawn from zero, or a note for what cannot be placed in dollars."""

    kind: str  # "band", "amount" or "note"
    label: str
    band: str | None = None  # the band component the row shows, or sits beneath
    bands: list = field(default_factory=list)  # each role's band (rows of comp)
    markers: list = field(default_factory=list)  # offer points placed on the band
    point: object = None  # the offer or negotiation row of an amount or a note
    amount: float = 0.0
    negotiated: bool = False

    @property
    def source_ids(self) -> list[str]:
        rows = self.bands + self.markers + ([self.point] if self.point is not None else [])
        return [r.source_id for r in rows]

    @property
    def reach(self) -> float:
        """The largest dollar value the row draws."""
        values = [b.high for b in self.bands] + [m.value for m in self.markers] + [self.amount]
        return max(values)


@_documented
def offer_reference_chart(
    comp: pd.DataFrame,
    *,
    offers: pd.DataFrame,
    negotiations: pd.DataFrame,
    company: str | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """The offer and negotiation outcomes that sources report, against the bands of their level.

    One panel per level. A reported base (or annual equity) is a marker on its role's band,
    and a hollow marker on the other roles' bands of that level, for comparison. Amounts with
    no published band (a sign-on bonus) and negotiated extras are bars from zero, labelled
    "+$50k", beneath the band they relate to. An equity share (percent of the company) is
    named but never turned into dollars: no valuation is given. Approximate values read
    "about $170k". These are single reported cases, not advice or a typical outcome.

    Parameters
    ----------
    {comp}
    offers : DataFrame
        Offer points as ``wbroles.load_offer_points`` returns them.
    negotiations : DataFrame
        Negotiation outcomes as ``wbroles.load_negotiations`` returns them.
    {company}
    {sources}

    {raises}
    """
    bands = select(comp, company=company, what="compensation data")
    company_name = bands["company"].iloc[0]
    offer_rows = _for_company(offers, company_name)
    deal_rows = _for_company(negotiations, company_name)
    if not len(offer_rows) and not len(deal_rows):
        raise ValueError(
            f"no offer points or negotiation outcomes for {company_name}; offers cover: "
            f"{_companies(offers)}; negotiations cover: {_companies(negotiations)}"
        )
    sources_table = resolve_sources(comp, sources)
    colors = _role_colors(comp)
    role_rank = {role: i for i, role in enumerate(colors)}
    panels = {
        level: _panel_rows(bands[bands["level"] == level], offer_rows, deal_rows, level, role_rank)
        for level in _reported_levels(bands, offer_rows, deal_rows)
    }
    reach = max(row.reach for rows in panels.values() for row in rows) or 1.0
    fade = OPEN_FADE_SHARE * reach
    axis_right = (reach + fade) * 1.3  # room for the labels right of the bars

    fig = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        row_heights=[len(rows) for rows in panels.values()],
        vertical_spacing=0.1,
        subplot_titles=[f"Level {level}" for level in panels],
    )
    fig.update_annotations(x=0, xanchor="left", font={"size": 14})  # facet labels, left
    for panel, rows in enumerate(panels.values(), start=1):
        for y, row in enumerate(rows):
            if row.kind == "band":
                _draw_band_row(fig, row, y, panel, colors, fade, sources_table)
            elif row.kind == "amount":
                _draw_amount_row(fig, row, y, panel, colors, sources_table)
            else:
                _draw_note_row(fig, row, y, panel, sources_table)
        fig.update_yaxes(
            tickmode="array",
            tickvals=list(range(len(rows))),
            ticktext=[row.label for row in rows],
            range=[len(rows) - 0.5, -0.5],
            row=panel,
            col=1,
        )
    _one_legend_entry_per_role(fig)
    _offer_marker_legend(fig)
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(range=[0, axis_right], **axis_ticks(0, axis_right), showgrid=True)
    fig.update_xaxes(title_text="US dollars", row=len(panels), col=1)
    n_rows = sum(len(rows) for rows in panels.values())
    finish(
        fig,
        title=f"Reported offer and negotiations vs the published bands ({company_name})",
        source_ids=[s for rows in panels.values() for row in rows for s in row.source_ids],
        sources=sources_table,
        height=230 + 62 * n_rows + 40 * len(panels),
    )
    header(
        fig,
        "Single cases the sources report: reference points, not advice or a typical outcome",
        panel_titles=True,
    )
    return fig


def _for_company(frame: pd.DataFrame, company: str) -> pd.DataFrame:
    if frame is None:
        return pd.DataFrame(columns=["company", "role", "level", "component"])
    if "company" not in frame:
        return frame
    return frame[frame["company"] == company]


def _companies(frame: pd.DataFrame | None) -> str:
    if frame is None or not len(frame) or "company" not in frame:
        return "none"
    return ", ".join(map(str, dict.fromkeys(frame["company"])))


def _reported_levels(bands: pd.DataFrame, *reported: pd.DataFrame) -> list:
    """Levels with a reported point, in the bands' rank order; levels without a band last."""
    levels = list(dict.fromkeys(lv for frame in reported for lv in frame["level"]))
    ranked = _ordered(bands, "level")
    return [lv for lv in ranked if lv in levels] + [lv for lv in levels if lv not in ranked]


def _panel_rows(
    bands: pd.DataFrame, offers: pd.DataFrame, deals: pd.DataFrame, level, role_rank: dict
) -> list[_PanelRow]:
    """One level's rows: each band directly above the amounts related to it, then amounts
    with no published band, then notes for what cannot be placed in dollars."""
    band_rows: dict[str, _PanelRow] = {}

    def band_row(component: str | None) -> _PanelRow | None:
        if component is None:
            return None
        if component not in band_rows:
            mine = bands[bands["component"] == component]
            if not len(mine):
                return None
            band_rows[component] = _PanelRow(
                kind="band",
                label=f"{COMPONENT_LABELS.get(component, component)} band",
                band=component,
                bands=sorted(
                    mine.itertuples(), key=lambda b: role_rank.get(b.role, len(role_rank))
                ),
            )
        return band_rows[component]

    amounts: list[_PanelRow] = []
    notes: list[_PanelRow] = []
    for point in offers[offers["level"] == level].itertuples():
        if point.unit not in DOLLAR_UNITS:
            label = f"Offer: {_AMOUNT_LABELS.get(point.component, point.component)}"
            notes.append(_PanelRow(kind="note", label=label, point=point))
        elif (row := band_row(_BAND_OF.get(point.component))) is not None:
            row.markers.append(point)
        else:
            amounts.append(_amount_row(point, point.value, negotiated=False, band=None))
    for deal in deals[deals["level"] == level].itertuples():
        row = band_row(_BAND_OF.get(deal.component))
        amounts.append(
            _amount_row(deal, deal.amount, negotiated=True, band=row.band if row else None)
        )
    ordered: list[_PanelRow] = []
    for component, row in band_rows.items():
        ordered += [row] + [a for a in amounts if a.band == component]
    return ordered + [a for a in amounts if a.band is None] + notes


def _amount_row(point, amount: float, *, negotiated: bool, band: str | None) -> _PanelRow:
    what = _AMOUNT_LABELS.get(point.component, point.component)
    label = f"Negotiated extra {what}" if negotiated else f"Offer: {what}"
    if band is None:
        label += "<br><span style='font-size:11px'>no band published</span>"
    return _PanelRow(
        kind="amount",
        label=label,
        band=band,
        point=point,
        amount=float(amount),
        negotiated=negotiated,
    )


def _draw_band_row(fig, row: _PanelRow, y: int, panel: int, colors, fade, sources) -> None:
    n = len(row.bands)
    step = min(0.34, 0.8 / n)  # the roles' bars share one row, a gap left to the next row
    thickness = 0.88 * step
    offsets = [(i - (n - 1) / 2) * step for i in range(n)]
    for band, offset in zip(row.bands, offsets, strict=True):
        role = band.role
        color = colors.get(role, NEUTRAL)
        label = money_range(band.low, band.high, open_high=bool(band.open_high))
        fig.add_trace(
            go.Bar(
                y=[y + offset],
                x=[band.high - band.low],
                base=[band.low],
                orientation="h",
                width=thickness,
                name=role,
                legendgroup=role,
                marker={"color": color, "line": {"width": 0}},
                customdata=[[band.component, label]],
                hovertext=[
                    f"<b>{role} {band.level}</b> \u00b7 published"
                    f" {COMPONENT_LABELS.get(band.component, band.component).lower()} band"
                    f"<br>{label}<br>{quote_html(band.quote)}"
                    f"<br><i>Source: {source_label(band.source_id, sources)}</i>"
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                meta={"role": role, "part": "band", "level": str(band.level)},
            ),
            row=panel,
            col=1,
        )
        end = band.high
        if band.open_high:
            fade_bars = open_fade_bars(
                positions=[y + offset],
                floors=[band.high],
                length=fade,
                color=color,
                role=role,
                horizontal=True,
                hovertext=[open_hover(money(band.high, open_high=True))],
            )
            fade_bars.width = thickness
            fig.add_trace(fade_bars, row=panel, col=1)
            end = band.high + fade
        fig.add_trace(
            go.Scatter(
                y=[y + offset],
                x=[end],
                mode="text",
                text=[f" {role} {label}"],
                textposition="middle right",
                textfont={"size": 11, "color": TEXT_COLOR},
                showlegend=False,
                hoverinfo="skip",
                legendgroup=role,
                name=f"{role} labels",
                meta={"role": role, "part": "label"},
            ),
            row=panel,
            col=1,
        )
        for point in row.markers:
            own = point.role == role
            value_text = _approx(point.value, bool(point.approximate))
            fig.add_trace(
                go.Scatter(
                    y=[y + offset],
                    x=[point.value],
                    mode="markers",
                    marker={
                        "symbol": "diamond" if own else "diamond-open",
                        "size": 14 if own else 12,
                        "color": TEXT_COLOR if own else "white",
                        "line": {"width": 2, "color": "white" if own else TEXT_COLOR},
                    },
                    showlegend=False,
                    legendgroup=role,
                    name=f"{point.role} offer {point.component} on the {role} band",
                    customdata=[[point.component, value_text]],
                    hovertext=[_point_hover(point, point.value, sources, on_band=role)],
                    hovertemplate="%{hovertext}<extra></extra>",
                    meta={
                        "role": str(point.role),
                        "part": "offer_marker" if own else "offer_comparison",
                        "on_band": str(role),
                        "level": str(point.level),
                    },
                ),
                row=panel,
                col=1,
            )
            if own:
                # The label sits left of the band, in white space, wherever the marker is.
                fig.add_trace(
                    go.Scatter(
                        y=[y + offset],
                        x=[min(point.value, band.low)],
                        mode="text",
                        text=[f"offer: {value_text}\u2003"],
                        textposition="middle left",
                        textfont={"size": 12, "color": TEXT_COLOR},
                        showlegend=False,
                        hoverinfo="skip",
                        name=f"{point.role} offer {point.component} label",
                        meta={"role": str(point.role), "part": "offer_label"},
                    ),
                    row=panel,
                    col=1,
                )


def _draw_amount_row(fig, row: _PanelRow, y: int, panel: int, colors, sources) -> None:
    point = row.point
    role = point.role
    shown = _approx(row.amount, bool(getattr(point, "approximate", False)))
    if row.negotiated:
        text = f" +{shown} {role} {point.level} negotiated"
    else:
        text = f" {shown} in the {role} {point.level} offer"
    part = "negotiated" if row.negotiated else "offer_amount"
    fig.add_trace(
        go.Bar(
            y=[y],
            x=[row.amount],
            base=[0],
            orientation="h",
            width=0.42,
            name=f"{role} {part} {point.component}",
            legendgroup=role,
            showlegend=False,
            marker={
                "color": colors.get(role, NEUTRAL),
                "opacity": 0.85,
                "line": {"width": 0},
                # Dotted: a single reported amount, not a published band.
                "pattern": {"shape": ".", "fgcolor": "white", "fillmode": "overlay", "size": 6},
            },
            text=[text],
            textposition="outside",
            textfont={"size": 12, "color": TEXT_COLOR},
            cliponaxis=False,
            customdata=[[point.component, row.amount]],
            hovertext=[_point_hover(point, row.amount, sources)],
            hovertemplate="%{hovertext}<extra></extra>",
            meta={"role": str(role), "part": part, "level": str(point.level)},
        ),
        row=panel,
        col=1,
    )


def _draw_note_row(fig, row: _PanelRow, y: int, panel: int, sources) -> None:
    point = row.point
    if point.unit == "pct_of_company":
        text = (
            f"{point.value:g}% of the company: no valuation is given,"
            " so it is not placed in dollars"
        )
    else:
        text = f"{point.value:g} ({point.unit}): not in dollars, so not placed on this axis"
    fig.add_trace(
        go.Scatter(
            y=[y],
            x=[0],
            mode="text",
            text=[f"  {text}"],
            textposition="middle right",
            textfont={"size": 12, "color": NEUTRAL},
            showlegend=False,
            name=f"{point.role} offer {point.component} note",
            customdata=[[point.component, point.value, point.unit]],
            hovertext=[_point_hover(point, point.value, sources)],
            hovertemplate="%{hovertext}<extra></extra>",
            meta={"role": str(point.role), "part": "note", "level": str(point.level)},
        ),
        row=panel,
        col=1,
    )


def _one_legend_entry_per_role(fig: go.Figure) -> None:
    seen: set = set()
    for trace in fig.data:
        meta = trace.meta if isinstance(trace.meta, dict) else {}
        if meta.get("part") == "band":
            trace.showlegend = meta["role"] not in seen
            seen.add(meta["role"])


def _offer_marker_legend(fig: go.Figure) -> None:
    """Neutral legend entries explaining the offer markers that the figure holds."""
    parts = {t.meta.get("part") for t in fig.data if isinstance(t.meta, dict)}
    kinds = [
        ("offer_marker", "diamond", "offer, on its role's band"),
        ("offer_comparison", "diamond-open", "same amount, other role's band"),
    ]
    for part, symbol, label in kinds:
        if part in parts:
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    marker={
                        "symbol": symbol,
                        "size": 12,
                        "color": TEXT_COLOR,
                        "line": {"width": 2},
                    },
                    name=label,
                    hoverinfo="skip",
                    meta={"part": "legend", "marker": part},
                )
            )


def _approx(value: float, approximate: bool) -> str:
    return ("about " if approximate else "") + money(value)


def _point_hover(point, value: float, sources, *, on_band: str | None = None) -> str:
    what = _AMOUNT_LABELS.get(point.component, point.component)
    if point.unit in DOLLAR_UNITS:
        shown = _approx(value, bool(getattr(point, "approximate", False)))
    elif point.unit == "pct_of_company":
        shown = f"{value:g}% of the company"
    else:
        shown = f"{value:g} ({point.unit})"
    kind = "offer" if hasattr(point, "offer_id") else "negotiation outcome"
    lines = [f"<b>{point.role} {point.level} {kind}</b> \u00b7 {what}: {shown}"]
    if on_band is not None and on_band != point.role:
        lines.append(f"(a {point.role} offer, shown on the {on_band} band for comparison)")
    lines.append(quote_html(point.quote))
    context = getattr(point, "context_quote", None)
    if isinstance(context, str) and context:
        lines.append("context: " + quote_html(context))
    lines.append(f"<i>Source: {source_label(point.source_id, sources)}</i>")
    lines.append("Reported by the source for one case; not advice")
    return "<br>".join(lines)
