"""Offer charts: an offer placed on the published bands of its level, and its pay year by year,
each from a tidy frame of :mod:`wbroles.offer`."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from ..format import amount, band, money, percent, svg_text
from ..offer import MEASURES, Offer, docs, offer_totals, offer_years, vesting_text
from .base import (
    HOVER,
    MONEY_AXIS,
    NEUTRAL,
    OPEN_FADE_SHARE,
    TEXT,
    finish,
    provenance,
    range_bars,
    role_colors,
    tint,
)

__all__ = ["offer_placement_chart", "offer_scenarios_chart", "offer_years_chart", "offers_chart"]

ROWS = {
    "base": "Base salary",
    "bonus": "Target bonus<br>(% of base)",
    "equity": "Equity per year<br>(average vest)",
    "total": "Total<br>compensation",
}
LABELS = {c: t.replace("<br>", " ") for c, t in ROWS.items()}
SHORT = {
    "below": "below",
    "above": "above",
    "at_or_above_floor": "\u2265 stated floor",
    "not_stated": "not stated",
    "not_valued": "not valued (no valuation)",
}
STEADY = {"total_first_year": "year 1: ", "total_steady_state": "steady: "}
# Marker of each point by (year 1?, own role?): filled on the offer's own role's band.
MARKER_NAMES = {
    (False, True): "the offer, a year",
    (True, True): "total in year 1",
    (False, False): "on another role's band",
    (True, False): "year 1, another role",
}
MARKERS = dict(zip(MARKER_NAMES.values(), ["diamond", "circle", "diamond-open", "circle-open"]))  # noqa: B905
PARTS = {
    "base": "Base salary",
    "bonus": "Target bonus",
    "equity": "Equity vested",
    "sign_on": "Sign-on bonus",
}
# The look of the markers, the labels beside the bands, the bars and the totals above them.

MARKER = {
    "marker": {"size": 13, "line": {"width": 2, "color": TEXT}},
    "cliponaxis": False,
    "hovertemplate": HOVER,
    "textposition": "top center",
}
LABEL = {
    "mode": "text",
    "textposition": "middle right",
    "hoverinfo": "skip",
    "cliponaxis": False,
    "textfont": {"size": 12, "color": TEXT},
}
BAR = {
    "marker_line": {"width": 1, "color": "white"},
    "textposition": "inside",
    "insidetextanchor": "middle",
    "marker_pattern": {"fgcolor": "white", "size": 8, "solidity": 0.35},
    "hovertemplate": "<b>%{x}</b> \u00b7 %{customdata[0]}: %{text}<extra></extra>",
}
TOTAL = {
    "mode": "text",
    "name": "totals",
    "textposition": "top center",
    "showlegend": False,
    "textfont": {"size": 13, "color": TEXT},
    "hoverinfo": "skip",
}

TINTS = {"base": 0.0, "bonus": 0.45, "equity": 0.7, "sign_on": 0.0}  # white mixed into the colour


def _short(row) -> str:
    """'30% up', 'below', '≥ stated floor', 'inside (open top)', 'not stated' or 'not valued'
    beside a band; 'known part below' for a total that leaves a part out."""
    known = "known part " if row.lower_bound else ""
    if row.position != "inside":
        return known + SHORT[row.position]
    return known + ("inside (open top)" if row.open_high else f"{row.position_pct:.0f}% up")


def _frames(placement: pd.DataFrame, sources) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The bands (one row per component and role, with hover, label and where the label goes)
    and the offer's points (one per measure and role, with marker, text and hover)."""
    p = placement.assign(
        row=placement["component"].map(ROWS), short=[_short(r) for r in placement.itertuples()]
    )
    twice = p.groupby(["component", "role"])["measure"].transform("size") > 1
    p["short"] = p["measure"].map(STEADY).where(twice).fillna("") + p["short"]
    keys = [p["component"], p["role"]]
    where = p.groupby(keys)["short"].agg(" \u00b7 ".join)
    reach = p["value"].fillna(p["high"]).groupby(keys).max()  # not stated: to the band's top
    bands = p.drop_duplicates(["component", "role"]).set_index(["component", "role"], drop=False)
    bands["band_text"] = [
        band(r.low, r.high, open_high=r.open_high, unit=r.unit) for r in bands.itertuples()
    ]
    roles = bands["role"].map(svg_text)
    bands["label"] = (
        "\u00a0\u00a0\u00a0" + roles + " " + bands["band_text"] + ": <b>" + where + "</b>"
    )
    bands["hover"] = [
        f"<b>{svg_text(r.role)} {svg_text(r.level)}</b> \u00b7 {LABELS[r.component]}"
        f"<br>published band {r.band_text}<br>{provenance(r.quote, r.source_id, sources)}"
        for r in bands.itertuples()
    ]
    by_component = p.assign(value=p["value"].fillna(p["high"])).groupby("component")
    fade = OPEN_FADE_SHARE * by_component["high"].max().combine(by_component["value"].max(), max)
    opened = bands["high"] + bands["open_high"] * bands["component"].map(fade)
    bands["end"] = opened.combine(reach, max)  # past the band, its fade and the offer's marker
    bands = bands.reset_index(drop=True).assign(
        text="", floor=lambda f: f["band_text"].str.split("\u2013").str[-1]
    )
    year_one = p["measure"] == "total_first_year"
    p["marker"] = [MARKER_NAMES[key] for key in zip(year_one, p["own_role"], strict=True)]
    p = p.dropna(subset=["value"])  # not stated, not valued: no marker, the label says so
    p["shown"] = [
        ("\u2265 " if r.lower_bound else "") + amount(r.value, r.unit) for r in p.itertuples()
    ]
    p["text"] = p["shown"].where(p["own_role"], "")
    p["hover"] = [
        f"<b>{MEASURES[r.measure][1]}</b>: {r.shown}<br>{svg_text(r.role)} {svg_text(r.level)} "
        f"band: {_short(r)}"
        for r in p.itertuples()
    ]
    return bands, p


def _axes(fig: go.Figure, bands: pd.DataFrame, points: pd.DataFrame, rows: list[str]) -> None:
    """Each facet row its own x axis (dollars or percent) with room for the labels."""
    fig.update_xaxes(matches=None, showticklabels=True, title_text="", showgrid=True)
    for component, group in bands.groupby("component", sort=False):
        values = points.loc[points["component"] == component, "value"]
        low, high = pd.concat([group["low"], values]).min(), group["end"].max()
        span = max(high - low, 1e-9)
        ticks = (
            {"ticksuffix": "%"}
            if (group["unit"] == "pct_of_base").all()
            else {"tickformat": MONEY_AXIS["tickformat"]}
        )
        row = len(rows) - rows.index(ROWS[component])  # px numbers facet rows from the bottom
        fig.update_xaxes(range=[low - 0.06 * span, high + 0.75 * span], **ticks, row=row, col=1)
    fig.update_yaxes(title_text="")
    fig.for_each_annotation(
        lambda a: a.update(
            textangle=0, x=-0.02, xanchor="right", font_size=13, text=f"<b>{a.text}</b>"
        )
    )


@docs
def offer_placement_chart(
    placement: pd.DataFrame, *, sources: pd.DataFrame | None = None, title: str | None = None
) -> go.Figure:
    """The offer as markers on the bands of its level: one facet row per component, one bar
    per role (the offer's role first, in its colour), an open upper bound fading out; a
    diamond for the offer's value (filled on its own role's band), a circle for total pay in
    year 1, and beside each band where the offer falls ("30% up", "below", "≥ stated floor").

    Parameters
    ----------
    {placement}
    {sources}
    {title}
    """
    if placement is None or not len(placement):
        raise ValueError("no placement to draw: the frame is empty (see wbroles.offer.place_offer)")
    offers = placement[["company", "offer_role", "level"]].drop_duplicates()
    if len(offers) != 1:
        raise ValueError(
            f"the placement holds {len(offers)} offers; draw one offer at a time "
            "(one company, role and level)"
        )
    company, role, level = offers.iloc[0]
    roles = list(dict.fromkeys([role, *placement["role"]]))
    rows = [ROWS[c] for c in ROWS if c in set(placement["component"])]
    bands, points = _frames(placement, sources)
    facets = {"facet_row": "row", "category_orders": {"row": rows, "role": roles}}
    length = float((bands["end"] - bands["high"]).max()) or None
    colors = role_colors(roles)
    fig = range_bars(
        bands,
        position="role",
        colors=colors,
        orientation="h",
        length=length,
        facet_row_spacing=0.06,
        **facets,
    )
    markers = px.scatter(
        points,
        x="value",
        y="role",
        symbol="marker",
        symbol_map=MARKERS,
        text="text",
        custom_data=["hover"],
        color_discrete_sequence=[TEXT],
        **facets,
    )
    markers.update_traces(**MARKER)
    markers.update_traces(textposition="bottom center", selector={"name": "total in year 1"})
    markers.for_each_trace(lambda t: t.update(showlegend=t.showlegend and "another" not in t.name))
    labels = px.scatter(bands, x="end", y="role", text="label", **facets)
    labels.update_traces(**LABEL)
    fig.add_traces([*markers.data, *labels.data])  # the same facets, so the same axes as the bars
    fig.update_traces(offsetgroup=None, width=0.34, selector={"type": "bar"})  # on the markers
    fig.update_layout(barmode="overlay", margin_l=150, legend_title_text="")
    _axes(fig, bands, points, rows)
    subtitle = (
        "Bars: the published bands; diamond: the offer (filled on its own role's band); "
        "circle: total in year 1"
    )
    if placement["open_high"].any():
        subtitle += "; faded end: open upper bound (\u201c+\u201d)"
    subtitle = [subtitle]
    unknown = placement.loc[placement["value"].isna(), "position"].map(SHORT).unique()
    if len(unknown):
        subtitle.append(f"No marker where the offer's value is {' or '.join(unknown)}")
    if placement["lower_bound"].any():
        missing = placement.loc[placement["lower_bound"], "label"].iloc[0].split(", without ")[-1]
        subtitle.append(f"Totals (\u2265) are lower bounds: without {missing}")
    title = (
        title or f"Where the offer falls: a {role} {level} offer on the {level} bands at {company}"
    )
    height = 120 + 20 * len(subtitle) + 125 * len(rows)
    return finish(fig, title, placement["source_id"], sources, subtitle=subtitle, height=height)


@docs
def offer_years_chart(years: pd.DataFrame, *, offer: Offer, title: str | None = None) -> go.Figure:
    """Total pay in each year as a stack of base, bonus, equity and sign-on (hatched), in tints
    of the offer's role colour; each year's total on top; a dotted line at the steady state
    (the average of years 2..N) when there is more than one year.

    Parameters
    ----------
    {years}
    {offer}
    {title}
    """
    needed = ["year", *PARTS, "total"]
    if years is None or not len(years):
        raise ValueError("no years to draw: the frame is empty (see wbroles.offer.offer_years)")
    if missing := [c for c in needed if c not in years]:
        raise ValueError(
            f"the years frame lacks {', '.join(missing)}; expected columns: {', '.join(needed)}"
        )
    years = years.sort_values("year").assign(label=lambda f: [f"Year {int(y)}" for y in f["year"]])
    parts = [p for p in PARTS if (years[p] > 0).any()]  # a part that is $0 every year: no entry
    long = years.melt(id_vars=["label"], value_vars=parts, var_name="part", value_name="amount")
    long = long.assign(
        name=long["part"].map(PARTS), text=long["amount"].map(lambda a: money(a) if a > 0 else "")
    )
    color = role_colors([offer.role])[offer.role]
    tints = {PARTS[p]: tint(color, share) if share else color for p, share in TINTS.items()}
    shapes = {n: "/" if p == "sign_on" else "" for p, n in PARTS.items()}  # sign-on hatched
    fig = px.bar(
        long,
        x="label",
        y="amount",
        color="name",
        pattern_shape="name",
        text="text",
        color_discrete_map=tints,
        pattern_shape_map=shapes,
        custom_data=["name"],
        category_orders={"name": [PARTS[p] for p in parts]},
        labels={"label": "", "amount": "US dollars", "name": ""},
    )
    fig.update_traces(**BAR)
    totals = years["total"].astype(float)
    missing = offer_totals(years).missing
    text = [f"<b>{chr(0x2265) + ' ' if missing else ''}{money(t)}</b>" for t in totals]
    fig.add_scatter(x=years["label"], y=totals + 0.015 * totals.max(), text=text, **TOTAL)
    if len(years) > 1:
        steady = float(totals.iloc[1:].mean())
        line = {"color": NEUTRAL, "width": 2, "dash": "dot"}
        name = f"steady state {money(steady)} (average of years 2\u2013{len(years)})"
        name = ("\u2265 " if missing else "") + name
        fig.add_scatter(
            x=years["label"].iloc[1:],
            y=[steady] * (len(years) - 1),
            mode="lines",
            line=line,
            hoverinfo="skip",
            name=name,
        )
    fig.update_layout(barmode="stack", bargap=0.35, uniformtext={"minsize": 10, "mode": "hide"})
    fig.update_yaxes(**MONEY_AXIS, range=[0, totals.max() * 1.14], showgrid=True)
    title = title or f"Pay year by year: a {offer.role} {offer.level} offer"
    source = "the offer's terms as entered, equity as its schedule vests"
    subtitle = [offer.describe().replace(" offer", "", 1)]
    if missing:
        subtitle.append(f"\u2265 totals without {' and '.join(missing)}")
    return finish(fig, title, [source], subtitle=subtitle, height=500 + 20 * len(missing))


@docs
def offer_scenarios_chart(
    scenarios: pd.DataFrame, *, offer: Offer, title: str | None = None
) -> go.Figure:
    """Cumulative pay month by month as a band from the lowest to the highest share-price
    scenario (never one line alone), the middle scenario dotted inside it, each scenario's
    4-year figure at its end, and the cliff marked.

    Parameters
    ----------
    scenarios : DataFrame
        As :func:`wbroles.offer.price_scenarios` returns it.
    {offer}
    {title}
    """
    if scenarios is None or not len(scenarios):
        raise ValueError("no scenarios to draw: the frame is empty (see price_scenarios)")
    wide = scenarios.pivot(index="month", columns="price_change_pct", values="cumulative")
    color = role_colors([offer.role])[offer.role]
    low, high = wide.columns.min(), wide.columns.max()
    name = f"share price {percent(low, signed=True)} to {percent(high, signed=True)} a year"
    fig = go.Figure()
    fig.add_scatter(x=wide.index, y=wide[low], mode="lines", line_color=color, showlegend=False,
                    hoverinfo="skip")  # fmt: skip
    fig.add_scatter(x=wide.index, y=wide[high], mode="lines", line_color=color, fill="tonexty",
                    fillcolor=tint(color, 0.6), name=name, hoverinfo="skip")  # fmt: skip
    middle = wide.columns[len(wide.columns) // 2]
    fig.add_scatter(x=wide.index, y=wide[middle], mode="lines", line={"color": TEXT, "dash": "dot"},
                    name=f"share price {percent(middle, signed=True)} a year")  # fmt: skip
    end = wide.iloc[-1]
    fig.add_scatter(
        x=[wide.index[-1]] * len(end), y=end.to_numpy(), mode="text", textposition="middle right",
        text=[f"{percent(c, signed=True)}: {money(v)}" for c, v in end.items()],
        showlegend=False, hoverinfo="skip", cliponaxis=False,
    )  # fmt: skip
    if offer.cliff_months and offer.valued:
        fig.add_vline(x=offer.cliff_months, line={"color": NEUTRAL, "dash": "dash", "width": 1},
                      annotation_text=f"cliff: month {offer.cliff_months}")  # fmt: skip
    fig.update_xaxes(title_text="months after the start", dtick=6, showgrid=True)
    fig.update_yaxes(**MONEY_AXIS, title_text="cumulative pay, US dollars", showgrid=True)
    fig.update_layout(margin_r=150)
    missing = offer_totals(offer_years(offer)).missing
    subtitle = [offer.describe().replace(" offer", "", 1), vesting_text(offer).rsplit(";", 1)[0]]
    if missing:
        subtitle.append(f"\u2265 pay without {' and '.join(missing)}")
    title = title or f"Cumulative pay by share price: a {offer.role} {offer.level} offer"
    source = "the offer's terms as entered; share-price changes are assumptions, not forecasts"
    fig = finish(fig, title, [source], subtitle=subtitle, height=480 + 20 * len(subtitle))
    return fig.update_layout(legend={"x": 0.01, "y": 0.98, "xanchor": "left", "yanchor": "top"})


DASHES = ["solid", "dash", "dot", "dashdot", "longdash"]


def offers_chart(pay: pd.DataFrame, *, leave_month: int | None = None, title: str | None = None):
    """Several offers' cumulative pay month by month, one line per offer in its role's colour
    (dashed apart within a role), an offer valued as a range ("... (low)", "... (high)")
    drawn as a band between its two ends, each offer's last figure at its end ("≥" for a
    lower bound), and the month of leaving marked.

    Parameters
    ----------
    pay : DataFrame
        As :func:`wbroles.compare.cumulative_pay` returns it.
    leave_month : int, optional
        A month to mark ("leaving after month N").
    title : str, optional
        Replaces the default title.
    """
    if pay is None or not len(pay):
        raise ValueError("no offers to draw: the frame is empty (see compare.cumulative_pay)")
    labels = list(dict.fromkeys(pay["label"]))
    ranges = [x for x in labels if x.endswith((" (low)", " (high)"))]  # first: under the lines
    labels = ranges + [x for x in labels if x not in ranges]
    colors = role_colors(list(dict.fromkeys(pay["role"])))
    fig, seen, previous, ends, dash = go.Figure(), {}, None, [], None
    for label in labels:
        rows = pay[pay["label"] == label]
        role = rows["role"].iloc[0]
        ranged = previous is not None and label.endswith(" (high)") and previous.endswith(" (low)")
        ranged = ranged and label[: -len(" (high)")] == previous[: -len(" (low)")]
        if not ranged:  # a new offer: the next dash of its role
            seen.setdefault(role, []).append(label)
            dash = DASHES[(len(seen[role]) - 1) % len(DASHES)]
        fill = {"fill": "tonexty", "fillcolor": tint(colors[role], 0.6)} if ranged else {}
        where = (
            f"{svg_text(label)} ({svg_text(role)}, bands of {svg_text(rows['company'].iloc[0])})"
        )
        fig.add_scatter(x=rows["month"], y=rows["cumulative"], mode="lines", name=svg_text(label),
                        line={"color": colors[role], "dash": dash}, customdata=[where] * len(rows),
                        hovertemplate="<b>%{customdata}</b><br>month %{x}: %{y:$,.0f} so far"
                        "<extra></extra>", **fill)  # fmt: skip
        end = rows.iloc[-1]
        ends.append((end["month"], end["cumulative"], end["lower_bound"]))
        previous = label
    fig.add_scatter(
        x=[e[0] for e in ends], y=[e[1] for e in ends], mode="text", showlegend=False,
        text=[("\u2265 " if e[2] else "") + money(e[1]) for e in ends],
        textposition="middle right", cliponaxis=False, hoverinfo="skip",
    )  # fmt: skip
    if leave_month:
        fig.add_vline(x=leave_month, line={"color": NEUTRAL, "dash": "dash", "width": 1},
                      annotation_text=f"leaving after month {leave_month}",
                      annotation_position="bottom right")  # fmt: skip
    fig.update_xaxes(title_text="months after the start", dtick=6, showgrid=True)
    fig.update_yaxes(**MONEY_AXIS, title_text="cumulative pay, US dollars", showgrid=True)
    fig.update_layout(margin_r=120)
    subtitle = ["One line per offer, colour by role; a band: an offer valued as a range"]
    if pay["lower_bound"].any():
        subtitle.append("\u2265: a lower bound, a part of the pay not stated or not valued")
    title = title or f"{len(labels)} offers side by side: cumulative pay by month"
    source = "the offers' terms as entered; valuations are the user's assumptions"
    fig = finish(fig, title, [source], subtitle=subtitle, height=560 + 20 * len(subtitle))
    return fig.update_layout(legend={"x": 0.01, "y": 0.99, "xanchor": "left", "yanchor": "top"})
