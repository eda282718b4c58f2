"""Compensation charts: published bands by level, their parts, the gap between two roles, and
the offer and negotiation points that sources report, placed against the bands. Each takes the
tidy compensation frame (``load_compensation``) first."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from ..derive import component_dollars, derived_totals, role_gap
from ..errors import ParameterError
from ..format import (
    amount,
    band,
    choices_text,
    choose,
    choose_many,
    documented,
    label,
    level_label,
    money,
    percent,
    points,
    signed_money,
    svg_text,
)
from .base import (
    HOVER,
    MONEY_AXIS,
    NEUTRAL,
    SIGNED_MONEY_AXIS,
    TEMPLATE,
    TEXT,
    finish,
    known_roles,
    present,
    provenance,
    range_bars,
    role_colors,
    select,
)

__all__ = ["comp_breakdown", "comp_ranges", "offer_reference_chart", "role_gap_chart"]

DOLLAR_UNITS = ("usd_per_year", "usd")
DOLLAR_PARTS = ("base", "bonus", "equity")  # what a total is the sum of
_documented = documented(
    comp="comp : DataFrame\n"
    "        Tidy compensation bands (``load_compensation``): one row per company, role, level\n"
    "        and component, with low, high, open_high, unit, source_id and quote.",
)


# --- shared steps ------------------------------------------------------------------------------


def _with_levels(rows: pd.DataFrame, level_titles) -> tuple[pd.DataFrame, list[str]]:
    """``rows`` with role as text and a level_name column ('L6 Principal'), and the level
    names in rank order."""
    names = {lv: level_label(lv, level_titles) for lv in present(rows, "level")}
    named = rows.assign(
        role=rows["role"].astype(str), level_name=[names[lv] for lv in rows["level"]]
    )
    return named, list(names.values())


def _head(role, level, what: str) -> str:
    """'<b>PM L6</b> · what', escaped."""
    return f"<b>{svg_text(role)} {svg_text(level)}</b> \u00b7 {svg_text(what)}"


def _floor(high, unit: str) -> str:
    """An open bound's stated floor: '$650k+' or '20%+'."""
    return f"{amount(high, unit)}+"


def _by_role(fig: go.Figure) -> go.Figure:
    """One legend entry per role, named by the role alone (px names a colour and pattern pair
    'PM, stated')."""
    seen = set()
    for trace in fig.data:
        role = (trace.legendgroup or trace.name).split(", ")[0]
        trace.update(name=role, legendgroup=role, showlegend=role not in seen)
        seen.add(role)
    return fig


def _colors(comp: pd.DataFrame) -> dict[str, str]:
    return role_colors(known_roles(comp))


# --- 1. ranges by level ------------------------------------------------------------------------


@_documented
def comp_ranges(
    comp: pd.DataFrame,
    *,
    component: str = "total",
    company: str | None = None,
    roles: Iterable[str] | str | None = None,
    levels: Iterable[str] | str | None = None,
    sources: pd.DataFrame | None = None,
    level_titles: pd.DataFrame | None = None,
) -> go.Figure:
    """One floating bar per role and level, from the low to the high end of the stated range.

    Roles stand side by side within each level, each in its fixed colour; an open upper bound
    fades out and its label keeps the "+". A percent-of-base component (the bonus) gets a
    "% of base" axis.

    Parameters
    ----------
    {comp}
    component : str
        One of the components in ``comp`` ("total", "base", "bonus", "equity").
    {company}
    {roles}
    {levels}
    {sources}
    {level_titles}

    {raises}
    """
    frame = select(comp, company=company, roles=roles, levels=levels, what="compensation data")
    component = choose("component", component, present(frame, "component"))
    rows = frame[frame["component"] == component]
    units = list(dict.fromkeys(rows["unit"]))
    if len(units) != 1:
        raise ValueError(f"component {component!r} mixes units {choices_text(units)}")
    rows, level_order = _with_levels(rows, level_titles)
    what, crowded = label(component), len(rows) > 6
    texts = [band(r.low, r.high, open_high=r.open_high, unit=r.unit) for r in rows.itertuples()]
    rows = rows.assign(
        text=[t.replace("\u2013", "\u2013<br>") if crowded else t for t in texts],
        floor=[_floor(h, u) for h, u in zip(rows["high"], rows["unit"], strict=True)],
        hover=[
            f"{_head(r.role, r.level_name, what)}<br>{t}"
            f"{' (open upper bound)' if r.open_high else ''}"
            f"<br>{provenance(r.quote, r.source_id, sources)}"
            for r, t in zip(rows.itertuples(), texts, strict=True)
        ],
    )
    pct = units[0] not in DOLLAR_UNITS
    fig = range_bars(
        rows,
        position="level_name",
        colors=_colors(comp),
        category_orders={"level_name": level_order, "role": present(rows, "role")},
        labels={"level_name": "Level", "role": "Role"},
    )
    axis = {"ticksuffix": "%", "rangemode": "tozero"} if pct else MONEY_AXIS
    fig.update_yaxes(title_text="% of base" if pct else "US dollars per year", **axis)
    fig.update_traces(textfont_size=12 if crowded else 13)
    fig.update_layout(bargap=0.3, bargroupgap=0.06)
    subtitle = "Each bar runs from the low to the high end of the range the source states"
    if rows["open_high"].any():
        subtitle += "; a faded end marks an open upper bound (\u201c+\u201d)"
    title = f"{what} by level: {' vs '.join(present(rows, 'role'))} at {rows['company'].iloc[0]}"
    return finish(fig, title, rows["source_id"], sources, subtitle=subtitle, height=520)


# --- 2. component breakdown --------------------------------------------------------------------

_ROWS = {
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
    roles: Iterable[str] | str | None = None,
    levels: Iterable[str] | str | None = None,
    sources: pd.DataFrame | None = None,
    level_titles: pd.DataFrame | None = None,
) -> go.Figure:
    """Base, bonus and equity ranges per role and level, and the total they add up to beside
    the stated total, so that any gap between the two shows.

    One panel of horizontal range bars per level on a shared dollar axis. The bonus is in
    dollars (``derive.component_dollars``); the summed total (``derive.derived_totals``) is
    hatched and labelled with its gap to the stated total, which is solid.

    Parameters
    ----------
    {comp}
    {company}
    {roles}
    {levels}
    {sources}
    {level_titles}

    {raises}
    """
    frame = select(comp, company=company, roles=roles, levels=levels, what="compensation data")
    if not set(present(frame, "component")) & set(DOLLAR_PARTS):
        raise ValueError(
            "a breakdown needs base, bonus or equity ranges; the data holds only: "
            + choices_text(present(frame, "component"))
        )
    rows, level_order = _with_levels(_breakdown_rows(frame, sources), level_titles)
    reach, order = float(rows["high"].max()), [r for r in _ROWS.values() if r in set(rows["row"])]
    fig = range_bars(
        rows,
        position="row",
        colors=_colors(comp),
        orientation="h",
        facet_row="level_name",
        facet_row_spacing=0.08,
        pattern_shape="kind",
        pattern_shape_map={"sum": "/", "stated": ""},
        category_orders={
            "row": order,
            "level_name": level_order,
            "role": present(rows, "role"),
        },
        labels={"row": "", "size": "US dollars per year"},
    )
    fig.update_traces(marker_pattern={"fgcolor": "white", "size": 7, "solidity": 0.35})
    fig.update_traces(textfont_size=11, constraintext="none")
    fig.update_xaxes(range=[0, reach * 1.5], **MONEY_AXIS)
    fig.update_yaxes(categoryarray=order, autorange="reversed")  # first row and role on top
    if _ROWS["derived"] in order[1:]:  # a rule between the parts and the totals
        fig.add_hline(order.index(_ROWS["derived"]) - 0.5, line_dash="dot", line_color="#BBB")
    fig.for_each_annotation(lambda a: a.update(font_size=14, text=f"<b>{a.text}</b>"))
    fig.update_layout(bargap=0.2, bargroupgap=0.04, legend_title_text="")
    title = f"Base + bonus + equity vs the stated total ({rows['company'].iloc[0]})"
    subtitle = "Hatched: base + bonus + equity added up; solid: the total range the source states"
    if rows["open_high"].any():
        subtitle += "; faded end: open upper bound (\u201c+\u201d)"
    height = 200 + 22 * len(rows) + 30 * len(level_order)
    return finish(
        _by_role(fig), title, frame["source_id"], sources, subtitle=subtitle, height=height
    )


def _breakdown_rows(frame: pd.DataFrame, sources) -> pd.DataFrame:
    """Every bar of the breakdown: row, kind, role, level, low, high, open_high, text, hover."""
    keyed = {(str(r.role), str(r.level), r.component): r for r in frame.itertuples()}
    parts = component_dollars(frame).assign(row=lambda t: t["component"].astype(str))
    dollars = {(str(r.role), str(r.level), r.row): r for r in parts.itertuples()}
    derived = derived_totals(frame).assign(row="derived")
    stated = frame[frame["component"] == "total"].assign(row="stated")
    table = pd.concat([parts, derived, stated], ignore_index=True)
    table = table.assign(role=table["role"].astype(str), level=table["level"].astype(str))
    texts, hovers = [], []
    for r in table.itertuples():
        text = band(r.low, r.high, open_high=r.open_high)
        hover = f"{_head(r.role, r.level, _ROWS[r.row])}<br>{text} a year"
        said, cited = keyed.get((r.role, r.level, "total")), r.row
        if r.row == "bonus":
            pct, base = keyed[(r.role, r.level, "bonus")], keyed[(r.role, r.level, "base")]
            hover += (
                f"<br>= {band(pct.low, pct.high, unit=pct.unit)} of base"
                f" {band(base.low, base.high, open_high=base.open_high)}"
                "<br>(low % \u00d7 low base to high % \u00d7 high base)"
            )
        elif r.row == "derived":
            pieces = [dollars[(r.role, r.level, c)] for c in DOLLAR_PARTS]
            hover += "<br>base + bonus + equity = " + " + ".join(
                band(p.low, p.high, open_high=p.open_high) for p in pieces
            )
            cited = "equity"
            if said is not None:
                gaps = signed_money(r.low - said.low), signed_money(r.high - said.high)
                text += f"  ({gaps[0]} / {gaps[1]} vs stated)"
                hover += (
                    f"<br>vs the stated {band(said.low, said.high, open_high=said.open_high)}:"
                    f" {gaps[0]} at the low end, {gaps[1]} at the high end"
                )
        quoted = keyed.get((r.role, r.level, "total" if r.row == "stated" else cited))
        if quoted is not None:
            hover += f"<br>{provenance(quoted.quote, quoted.source_id, sources)}"
        texts.append(text)
        hovers.append(hover)
    return table.assign(
        row=table["row"].map(_ROWS),
        kind=np.where(table["row"] == "derived", "sum", "stated"),
        text=texts,
        hover=hovers,
        floor=[money(h, open_high=True) for h in table["high"]],
        source_id=table["source_id"].fillna(frame["source_id"].iloc[0]),
        company=frame["company"].iloc[0],
    )


# --- 3. gap between two roles ------------------------------------------------------------------

_OPEN, _STATED = "high end vs an open bound (stated floors)", "stated bounds"


@_documented
def role_gap_chart(
    comp: pd.DataFrame,
    *,
    role: str = "PM",
    versus: str = "TPM",
    company: str | None = None,
    levels: Iterable[str] | str | None = None,
    components: Iterable[str] | str | None = None,
    sources: pd.DataFrame | None = None,
    level_titles: pd.DataFrame | None = None,
) -> go.Figure:
    """How much more (or less) ``role``'s range is than ``versus``'s, per level and component.

    One bar from zero for the difference at the low end of the ranges and one at the high
    end, labelled in dollars and in percent of ``versus``'s bound ("+$20k (+7.7%)"), coloured
    by the role whose bound is higher. The bonus, stated in percent of base, is compared in
    percentage points on its own axis. A high-end comparison involving an open bound is
    hatched and marked "vs open bound": it compares stated floors. Data: ``derive.role_gap``.

    Parameters
    ----------
    {comp}
    role, versus : str
        The two roles compared: differences are ``role`` minus ``versus``.
    {company}
    {levels}
    components : str or list of str, optional
        Components to compare (default: all that both roles state).
    {sources}
    {level_titles}

    {raises}
    """
    frame = select(comp, company=company, levels=levels, what="compensation data")
    roles = present(frame, "role")
    role, versus = choose("role", role, roles), choose("role", versus, roles)
    if role == versus:
        raise ParameterError(
            f"role and versus are both {role!r}; compare two different roles from: "
            + choices_text(roles)
        )
    chosen = choose_many("component", components, present(frame, "component"))
    frame = frame[frame["role"].isin([role, versus]) & frame["component"].isin(chosen)]
    rows, level_order = _with_levels(_gap_rows(frame, role, versus, sources), level_titles)
    if not len(rows):
        raise ParameterError(f"{role} and {versus} share no level and component to compare")
    panels = list(dict.fromkeys(rows.sort_values("is_points", kind="stable")["panel"]))
    colors = {**_colors(comp), "same": NEUTRAL}
    fig = _gap_figure(rows, panels, level_order, colors)
    _gap_axes(fig, rows, panels, colors)
    title = f"How much more {role} ranges are than {versus} ranges at {rows['company'].iloc[0]}"
    subtitle = [
        f"{role} minus {versus} at the low and the high end of the stated ranges (percent"
        f" of {versus}); colour: the role whose bound is higher",
        "Hatched: a high end against an open bound (\u201c+\u201d), which compares stated"
        " floors, not maxima",
    ]
    height = 170 + 120 * len(panels)
    return finish(fig, title, frame["source_id"], sources, subtitle=subtitle, height=height)


def _gap_figure(rows: pd.DataFrame, panels: list, level_order: list, colors: dict) -> go.Figure:
    """The gap bars from zero: a panel per component (row) and level (column)."""
    fig = px.bar(
        rows,
        x="diff",
        y="end",
        color="higher",
        pattern_shape="bounds",
        pattern_shape_map={_STATED: "", _OPEN: "/"},
        facet_row="panel",
        facet_col="level_name",
        facet_row_spacing=0.1,
        orientation="h",
        color_discrete_map=colors,
        category_orders={"panel": panels, "level_name": level_order, "end": ["low", "high"]},
        labels={"higher": "Higher", "bounds": "", "end": "", "diff": ""},
        text="text",
        custom_data=["hover", "component", "bound", "vs_open"],
        template=TEMPLATE,
    )
    fig.update_traces(
        hovertemplate=HOVER,
        textposition="outside",
        cliponaxis=False,
        constraintext="none",
        textfont={"color": TEXT, "size": 12},
        marker_pattern={"fillmode": "replace", "size": 8, "solidity": 0.3},
    )
    return fig


def _gap_axes(fig: go.Figure, rows: pd.DataFrame, panels: list, colors: dict) -> None:
    """Per panel row: a range padded for the labels, signed ticks ('+$20k' or '+2 pp'), and
    axis titles whose coloured ends say which role is higher."""
    fig.update_yaxes(matches=None, categoryorder="array", categoryarray=["low", "high"])
    fig.update_yaxes(autorange="reversed", ticksuffix=" end ")
    fig.update_xaxes(showticklabels=True, matches=None, zeroline=True, zerolinecolor="#888")
    fig.for_each_annotation(
        lambda a: (
            a.update(text=svg_text(a.text.split("=", 1)[-1], 14), textangle=0, xanchor="left")
            if a.textangle == 90
            else a.update(font_size=14, text=f"<b>{svg_text(a.text.split('=', 1)[-1])}</b>")
        )
    )
    role, versus = rows["role"].iloc[0], rows["versus"].iloc[0]
    ends = [
        f"<span style='color:{colors[r]}'>{a}{svg_text(r)} higher{b}</span>"
        for r, a, b in ((versus, "\u2190 ", ""), (role, "", " \u2192"))
    ]
    kinds = dict(zip(rows["panel"], rows["is_points"], strict=False))
    for i, panel in enumerate(panels):
        points = bool(kinds[panel])
        mine = rows[rows["is_points"] == points]  # dollar panels share one scale
        low, high = min(0.0, mine["diff"].min()), max(0.0, mine["diff"].max())
        span = (high - low) or (4.0 if points else 40_000.0)
        pad = [0.9 * span if low < 0 else 0.08 * span, 0.9 * span if high > 0 else 0.5 * span]
        axis = {"ticksuffix": " pp", "tickformat": "+~r", "dtick": 1} if points else {}
        unit = "pp" if points else "difference, US dollars per year"
        last = panel == panels[-1] or points != kinds[panels[i + 1]]  # a unit's last row
        fig.update_xaxes(
            range=[low - pad[0], high + pad[1]],
            **(axis or SIGNED_MONEY_AXIS),
            title_text=f"{ends[0]} \u00b7 {unit} \u00b7 {ends[1]}" if last else None,
            title_font_size=12,
            row=len(panels) - i,
        )
    fig.update_layout(margin_r=150, showlegend=False)


def _gap_rows(frame: pd.DataFrame, role: str, versus: str, sources) -> pd.DataFrame:
    """One row per level, component and end (low, high) of ``derive.role_gap``, with its
    colour (the higher role), pattern (open bound), label and hover."""
    gaps = role_gap(frame, role=role, versus=versus)
    keyed = {(str(r.role), str(r.level), r.component): r for r in frame.itertuples()}
    columns = {"diff": "diff_{}", "pct": "diff_{}_pct", "mine": "role_{}", "theirs": "versus_{}"}
    ends = [
        gaps.assign(bound=b, **{name: gaps[c.format(b)] for name, c in columns.items()})
        for b in ("low", "high")
    ]
    rows = pd.concat(ends, ignore_index=True)
    rows = rows.assign(
        role=role,
        end=rows["bound"],
        vs_open=rows["high_open"] & (rows["bound"] == "high"),
        component=rows["component"].astype(str),
        is_points=~rows["unit"].isin(DOLLAR_UNITS),
        higher=np.select([rows["diff"] > 0, rows["diff"] < 0], [role, versus], "same"),
        bounds=lambda f: np.where(f["vs_open"], _OPEN, _STATED),
    )
    rows["panel"] = [
        label(c) + (" (% of base)" if p else "")
        for c, p in zip(rows["component"], rows["is_points"], strict=True)
    ]
    rows["text"] = [_gap_text(r) for r in rows.itertuples()]
    rows["hover"] = [_gap_hover(r, keyed, sources) for r in rows.itertuples()]
    return rows


def _gap_text(r) -> str:
    if r.is_points:
        text = points(r.diff) + (" (same)" if r.diff == 0 else "")
    else:
        text = (
            "$0 (same)"
            if r.diff == 0
            else f"{signed_money(r.diff)} ({percent(r.pct, digits=1, signed=True)})"
        )
    return text + (" vs open bound" if r.vs_open else "")


def _gap_hover(r, keyed: dict, sources) -> str:
    lines = [
        f"<b>{svg_text(r.level)} \u00b7 {svg_text(label(r.component))} \u00b7 {r.bound} end</b>",
        f"{svg_text(r.role)} {amount(r.mine, r.unit)} vs {svg_text(r.versus)}"
        f" {amount(r.theirs, r.unit)}",
        f"difference {points(r.diff)}"
        if r.is_points
        else f"difference {signed_money(r.diff)} ({percent(r.pct, digits=1, signed=True)}"
        f" of {svg_text(r.versus)})",
    ]
    if r.vs_open:
        lines.append("an open bound (\u201c+\u201d): this compares stated floors, not maxima")
    for who in (r.role, r.versus):
        stated = keyed.get((str(who), str(r.level), r.component))
        if stated is not None:
            lines.append(f"{svg_text(who)}: {provenance(stated.quote, stated.source_id, sources)}")
    return "<br>".join(lines)


# --- 4. offer and negotiation reference points -------------------------------------------------

# The published band a reported amount sits on (none: drawn from zero), and its words.
_BAND_OF = {"base": "base", "equity_annual": "equity", "equity": "equity"}
_AMOUNTS = {
    "base": "base salary",
    "bonus": "bonus",
    "equity": "equity per year",
    "equity_annual": "equity per year",
    "equity_share": "equity share",
    "first_year_equity": "first-year equity",
    "sign_on": "sign-on bonus",
}
_REFERENCE_NOTE = (
    "Single cases the sources report: reference points, not advice or a typical outcome;"
    " dotted: a reported amount, not a band"
)
_ONE_CASE = "<br>Reported by the source for one case; not advice"
_BARS = ["level_name", "kind", "row", "role", "low", "high", "open_high", "text", "hover", "floor"]


def _cases(frame: pd.DataFrame, level_titles, sources, head: str, said) -> pd.DataFrame:
    """Reported cases with role and level as text, level_name, what (the amount's words) and
    hover (``head``, then ``said(case)``, the quote and source)."""
    rows = frame.reset_index(drop=True)
    rows = rows.assign(
        role=rows["role"].astype(str),
        level=rows["level"].astype(str),
        level_name=[level_label(v, level_titles) for v in rows["level"]],
        what=[label(c, _AMOUNTS) for c in rows["component"]],
    )
    rows["hover"] = [
        f"{_head(r.role, r.level, head)}: {said(r)}<br>"
        f"{provenance(r.quote, r.source_id, sources)}{_ONE_CASE}"
        for r in rows.itertuples()
    ]
    return rows


def _reference_rows(bands, offers, deals, level_titles, sources):
    """Bars (bands, amounts from zero) and points (reported values on bands, named "marks",
    and what is not in dollars, "notes") of the reference chart, one row per mark."""
    o = _cases(
        offers.assign(
            about=np.where(offers["approximate"], "about ", ""),
            band_of=offers["component"].map(_BAND_OF),
        ),
        level_titles,
        sources,
        "reported offer",
        lambda p: f"{svg_text(p.what)} {p.about}{amount(p.value, p.unit)}",
    )
    d = _cases(
        deals,
        level_titles,
        sources,
        "negotiation outcome",
        lambda d: f"+{money(d.amount)} {svg_text(d.what)}",
    )
    named = bands.assign(level=bands["level"].astype(str), role=bands["role"].astype(str))
    named = named.assign(row=named["component"].map(label) + " band \u00b7 " + named["role"])
    dollars = o["unit"].isin(DOLLAR_UNITS)
    on = named[["level", "component", "role", "row"]].rename(
        columns={"component": "band_of", "role": "band_role"}
    )
    marks = o[dollars].reset_index().merge(on, on=["level", "band_of"])
    marks = marks.assign(x=marks["value"], own=marks["band_role"] == marks["role"], name="marks")
    marks["text"] = np.where(marks["own"], "offer: " + marks["about"] + marks["x"].map(money), "")
    alone = o[dollars & ~o.index.isin(marks["index"])]
    amounts = pd.concat(
        [
            alone.assign(
                row="Offer: " + alone["what"] + " \u00b7 " + alone["role"],
                high=alone["value"],
                text=alone["about"] + alone["value"].map(money),
            ),
            d.assign(
                row="Negotiated extra " + d["what"] + " \u00b7 " + d["role"],
                high=d["amount"],
                text="+" + d["amount"].map(money) + " negotiated",
            ),
        ]
    ).assign(low=0.0, open_high=False, kind="reported")
    shown = marks[["level", "band_of"]].drop_duplicates().rename(columns={"band_of": "component"})
    published = named.merge(shown)
    texts = [band(b.low, b.high, open_high=b.open_high) for b in published.itertuples()]
    published = published.assign(
        level_name=[level_label(v, level_titles) for v in published["level"]],
        kind="published band",
        text=texts,
        floor=[_floor(h, u) for h, u in zip(published["high"], published["unit"], strict=True)],
        hover=[
            f"{_head(b.role, b.level, 'published band')}<br>{t}<br>"
            f"{provenance(b.quote, b.source_id, sources)}"
            for b, t in zip(published.itertuples(), texts, strict=True)
        ],
    )
    notes = o[~dollars].assign(
        row="Offer: " + o["what"],
        text=[
            f"{percent(v)} of the company: no valuation is given, so no dollars"
            for v in o.loc[~dollars, "value"]
        ],
        x=0.0,
        own=False,
        name="notes",
    )
    bars = pd.concat([published, amounts], ignore_index=True).reindex(columns=_BARS)
    points = pd.concat([marks, notes], ignore_index=True)
    return bars, points[["level_name", "row", "x", "own", "name", "text", "hover"]]


@_documented
def offer_reference_chart(
    comp: pd.DataFrame,
    *,
    offers: pd.DataFrame,
    negotiations: pd.DataFrame,
    company: str | None = None,
    sources: pd.DataFrame | None = None,
    level_titles: pd.DataFrame | None = None,
) -> go.Figure:
    """The offer and negotiation outcomes that sources report, against the bands of their level.

    One panel per level. A reported base is a diamond on its role's band (hollow on the other
    roles' bands, for comparison); a sign-on and negotiated extras are dotted bars from zero
    ("+$50k"); an equity share (percent of the company) is named, never turned into dollars,
    as no valuation is given. Approximate values read "about $170k". Single reported cases,
    not advice or a typical outcome.

    Parameters
    ----------
    {comp}
    offers : DataFrame
        Offer points (``load_offer_points``).
    negotiations : DataFrame
        Negotiation outcomes (``load_negotiations``).
    {company}
    {sources}
    {level_titles}

    {raises}
    """
    bands = select(comp, company=company, what="compensation data")
    company = str(bands["company"].iloc[0])
    offers = offers[offers["company"] == company]
    deals = negotiations[negotiations["company"] == company]
    if not len(offers) and not len(deals):
        raise ValueError(f"no offer points or negotiation outcomes for {company}")
    bars, points = _reference_rows(bands, offers, deals, level_titles, sources)
    panels = list(dict.fromkeys([*bars["level_name"], *points["level_name"]]))
    fig = range_bars(
        bars,
        position="row",
        colors=_colors(comp),
        orientation="h",
        facet_row="level_name",
        pattern_shape="kind",
        pattern_shape_map={"published band": "", "reported": "."},
        category_orders={"level_name": panels},
        facet_row_spacing=0.12,
    )
    _by_role(fig).update_traces(offsetgroup=None)
    _reference_marks(fig, bars, points, panels)
    reach = float(max(bars["high"].max(), points["x"].max() if len(points) else 0))
    fig.update_xaxes(title_text="", range=[0, reach * 1.35], **MONEY_AXIS)
    fig.update_xaxes(title_text="US dollars", row=1, col=1)
    fig.update_layout(barmode="overlay", legend_title_text="")
    title = f"Reported offer and negotiations vs the published bands ({company})"
    ids = [*bands["source_id"], *offers["source_id"], *deals["source_id"]]
    height = 260 + 60 * (len(bars) + int((points["name"] == "notes").sum()))
    return finish(fig, title, ids, sources, subtitle=_REFERENCE_NOTE, height=height)


def _reference_marks(fig, bars, points, panels) -> None:
    """The reported values on the bands and the notes, a trace per panel and kind; every
    panel's rows in the order they were made."""
    for (panel, name, own), group in points.groupby(["level_name", "name", "own"], sort=False):
        mark = name == "marks"
        fig.add_scatter(
            x=group["x"],
            y=group["row"],
            text=group["text"],
            customdata=group["hover"],
            mode="markers+text" if mark else "text",
            textposition="middle left" if mark else "middle right",
            marker={"symbol": "diamond" if own else "diamond-open", "size": 13, "color": TEXT},
            textfont_color=TEXT if own else NEUTRAL,
            showlegend=False,
            hovertemplate="%{customdata}<extra></extra>",
            cliponaxis=False,
            name=name,
            row=len(panels) - panels.index(panel),
            col=1,
        )
    fig.update_yaxes(matches=None, autorange="reversed", title_text="")
    listed = pd.concat([bars, points[points["name"] == "notes"]])
    for panel, rows in listed.groupby("level_name", sort=False)["row"]:
        row = len(panels) - panels.index(panel)
        fig.update_yaxes(categoryorder="array", categoryarray=list(rows), row=row, col=1)
