"""Offer charts: an offer placed on the published bands of its level, and its pay year by year.

Both builders take a tidy frame from :mod:`wbroles.offer` first and everything else
keyword-only, return a ``plotly.graph_objects.Figure`` and neither show nor save it. Open upper
bounds are drawn as in :mod:`wbroles.plots.compensation`: solid up to the stated floor, then a
fading continuation, and the label keeps the "+". Every trace carries ``meta={"part": ...}``
(and ``"role"`` where it has one) so that code and tests can find bands, markers and labels.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..offer import MEASURES, Offer
from ._bands import (
    OPEN_FADE_SHARE,
    TEXT_COLOR,
    axis_ticks,
    header,
    open_fade_bars,
    open_hover,
    quote_html,
    resolve_sources,
    source_label,
)
from ._common import finish
from .style import NEUTRAL, money, role_color

__all__ = ["offer_placement_chart", "offer_years_chart"]

# Rows of the placement chart, one per band component, with the measures drawn on it.
_ROW_TITLES = {
    "base": "Base salary",
    "bonus": "Target bonus<br>(% of base)",
    "equity": "Equity per year<br>(average vest)",
    "total": "Total<br>compensation",
}
_ROWS = [
    (component, [m for m, (band, _) in MEASURES.items() if band == component], title)
    for component, title in _ROW_TITLES.items()
]
# Marker shape per measure: the offer's own figures are diamonds, year-1 pay a circle.
_YEAR_ONE_SYMBOL = "circle"
_OFFER_SYMBOL = "diamond"
_SHORT_POSITION = {"below": "below", "above": "above", "at_or_above_floor": "\u2265 stated floor"}
# Label words when a band carries two measures (the total: year 1 and the steady state).
_MEASURE_WORDS = {"total_first_year": "year 1:", "total_steady_state": "steady:"}
_BAR_WIDTH = 0.32


def _short(row) -> str:
    """'30% up', 'below', '≥ stated floor' or 'inside (open top)' for a label beside a band."""
    if row.position == "inside":
        if math.isnan(row.position_pct):
            return "inside (open top)"
        return f"{row.position_pct:.0f}% up"
    return _SHORT_POSITION[row.position]


def _value_text(value: float, unit: str) -> str:
    return f"{value:g}%" if unit == "pct_of_base" else money(value)


def offer_placement_chart(
    placement: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    title: str | None = None,
) -> go.Figure:
    """The offer as markers on the bands of its level, one row per component, every role.

    Each row holds one floating bar per role (the offer's role first, in its colour) from the
    low to the high end of the published band; an open upper bound fades out. The offer's
    value is a diamond on each band (filled on its own role's band, hollow on the others), and
    for total compensation a circle marks year 1 (with sign-on and the first vest) beside the
    steady-state diamond. Each band is labelled with where the offer falls: "30%" of the way
    up, "below", "above", or "≥ stated floor" of an open range (never a percent of it).

    Parameters
    ----------
    placement : DataFrame
        As :func:`wbroles.offer.place_offer` returns it.
    sources : DataFrame, optional
        The sources table for the source line (keyword and date); default: loaded from the
        data folder the bands came from, else the source ids.
    title : str, optional
        Replaces the default title.

    Raises
    ------
    ValueError
        For an empty frame, or one that holds more than one offer.
    """
    if placement is None or not len(placement):
        raise ValueError("no placement to draw: the frame is empty (see wbroles.offer.place_offer)")
    offers = placement[["company", "offer_role", "level"]].drop_duplicates()
    if len(offers) != 1:
        raise ValueError(
            f"the placement holds {len(offers)} offers; draw one offer at a time "
            "(one company, role and level)"
        )
    company, offer_role, level = offers.iloc[0]
    sources_table = resolve_sources(placement, sources)
    roles = list(dict.fromkeys([offer_role, *placement["role"]]))
    colors = {r: role_color(r, roles) for r in roles}
    rows = [r for r in _ROWS if r[0] in set(placement["component"])]

    fig = make_subplots(
        rows=len(rows),
        cols=1,
        vertical_spacing=0.16 / max(1, len(rows) - 1) if len(rows) > 1 else 0,
    )
    legend_shown: set[str] = set()
    for index, (component, measures, row_title) in enumerate(rows, start=1):
        mine = placement[placement["component"] == component]
        percent = (mine["unit"] == "pct_of_base").all()
        band_rows = mine.drop_duplicates("role").set_index("role")
        values = mine["value"].astype(float)
        reach = max(float(band_rows["high"].max()), float(values.max()))
        fade = OPEN_FADE_SHARE * reach
        low = min(float(band_rows["low"].min()), float(values.min()))
        high = max(float((band_rows["high"] + band_rows["open_high"] * fade).max()), reach)
        span = max(high - low, 1e-9)
        for y, role in enumerate(band_rows.index):
            band = band_rows.loc[role]
            color = colors[role]
            label = band["band"]
            fig.add_trace(
                go.Bar(
                    y=[y],
                    x=[band["high"] - band["low"]],
                    base=[band["low"]],
                    orientation="h",
                    width=_BAR_WIDTH,
                    name=f"{role} {level} band",
                    legendgroup=role,
                    showlegend=role not in legend_shown,
                    marker={"color": color, "line": {"width": 0}},
                    customdata=[[component, label]],
                    hovertext=[
                        f"<b>{role} {level}</b> \u00b7 {row_title.replace('<br>', ' ')}"
                        f"<br>published band {label}<br>{quote_html(band['quote'])}"
                        f"<br><i>Source: {source_label(band['source_id'], sources_table)}</i>"
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                    meta={"role": role, "part": "band", "component": component},
                ),
                row=index,
                col=1,
            )
            legend_shown.add(role)
            end = float(band["high"])
            if band["open_high"]:
                fig.add_trace(
                    open_fade_bars(
                        positions=[y],
                        floors=[float(band["high"])],
                        length=fade,
                        color=color,
                        role=role,
                        horizontal=True,
                        hovertext=[
                            open_hover(
                                f"{band['high']:g}%+"
                                if percent
                                else money(band["high"], open_high=True)
                            )
                        ],
                    ),
                    row=index,
                    col=1,
                )
                fig.data[-1].width = _BAR_WIDTH
                end += fade
            placed = (
                mine[mine["role"] == role]
                .set_index("measure")
                .reindex(measures)
                .dropna(subset=["value"])
            )
            where = " \u00b7 ".join(
                f"{_MEASURE_WORDS[m]} {_short(r)}" if len(placed) > 1 else _short(r)
                for m, r in zip(placed.index, placed.itertuples(), strict=True)
            )
            fig.add_trace(
                go.Scatter(
                    y=[y],
                    # Past the band and the markers, clear of the marker symbol.
                    x=[max(end, float(placed["value"].max()) + 0.025 * span)],
                    mode="text",
                    text=[f"  {role} {label}: <b>{where}</b>"],
                    textposition="middle right",
                    textfont={"size": 12, "color": TEXT_COLOR},
                    showlegend=False,
                    hoverinfo="skip",
                    cliponaxis=False,
                    name=f"{role} {component} label",
                    meta={"role": role, "part": "label", "component": component},
                ),
                row=index,
                col=1,
            )
            for measure, point in zip(placed.index, placed.itertuples(), strict=True):
                own = role == offer_role
                symbol = _YEAR_ONE_SYMBOL if measure == "total_first_year" else _OFFER_SYMBOL
                shown = _value_text(point.value, point.unit)
                fig.add_trace(
                    go.Scatter(
                        y=[y],
                        x=[point.value],
                        mode="markers+text" if own else "markers",
                        marker={
                            "symbol": symbol if own else f"{symbol}-open",
                            "size": 14 if own else 12,
                            "color": TEXT_COLOR,
                            "line": {"width": 2, "color": "white" if own else TEXT_COLOR},
                        },
                        text=[shown if own else ""],
                        # Year 1 below its marker, the rest above: the two totals can be close.
                        textposition="bottom center"
                        if measure == "total_first_year"
                        else "top center",
                        textfont={"size": 12, "color": TEXT_COLOR},
                        cliponaxis=False,
                        showlegend=False,
                        customdata=[[measure, point.position, point.position_pct]],
                        hovertext=[
                            f"<b>{MEASURES[measure][1]}</b>: {shown}"
                            f"<br>{role} {level} band {point.band}: {point.where}"
                        ],
                        hovertemplate="%{hovertext}<extra></extra>",
                        name=f"offer {measure} on the {role} band",
                        meta={
                            "role": role,
                            "part": "offer_marker" if own else "offer_comparison",
                            "measure": measure,
                            "position": point.position,
                        },
                    ),
                    row=index,
                    col=1,
                )

        # Room left of the lowest point (clear of the role names), right of the bars for labels.
        left = low - 0.06 * span
        right = high + 0.75 * span
        fig.update_xaxes(
            range=[left, right],
            **axis_ticks(max(left, 0.0) if low >= 0 else left, high + 0.05 * span, percent=percent),
            showgrid=True,
            row=index,
            col=1,
        )
        fig.update_yaxes(
            tickmode="array",
            tickvals=list(range(len(band_rows))),
            ticktext=list(band_rows.index),
            range=[len(band_rows) - 0.5, -0.6],
            title_text=f"<b>{row_title}</b>",
            title_standoff=12,
            row=index,
            col=1,
        )
    _marker_legend(fig)
    fig.update_layout(barmode="overlay", margin_l=130)
    finish(
        fig,
        title=title
        or f"Where the offer falls: a {offer_role} {level} offer on the {level} bands at {company}",
        source_ids=list(dict.fromkeys(placement["source_id"])),
        sources=sources_table,
        height=180 + 125 * len(rows),
    )
    subtitle = (
        "Bars: the published bands; diamond: the offer (filled on its own role's band); "
        "circle: total in year 1"
    )
    if placement["open_high"].any():
        subtitle += "; faded end: open upper bound (\u201c+\u201d)"
    header(fig, subtitle)
    return fig


def _marker_legend(fig: go.Figure) -> None:
    """Neutral legend entries for the marker shapes that the figure holds."""
    measures = {t.meta.get("measure") for t in fig.data if isinstance(t.meta, dict)}
    entries = [(_OFFER_SYMBOL, "the offer, a year")]
    if "total_first_year" in measures:
        entries.append((_YEAR_ONE_SYMBOL, "total in year 1"))
    for symbol, label in entries:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": symbol, "size": 12, "color": TEXT_COLOR},
                name=label,
                hoverinfo="skip",
                meta={"part": "legend", "symbol": symbol},
            )
        )


# --- year by year --------------------------------------------------------------------------------

_YEAR_PARTS = {
    "base": "Base salary",
    "bonus": "Target bonus",
    "equity": "Equity vested",
    "sign_on": "Sign-on bonus",
}
# Share of white mixed into the role colour, per part: one hue, four steps of lightness.
_TINTS = {"base": 0.0, "bonus": 0.45, "equity": 0.7, "sign_on": 0.0}


def _tint(color: str, share: float) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * share) for c in (red, green, blue))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _text_on(color: str) -> str:
    """White on a dark fill, dark on a light one (WCAG relative luminance, threshold 0.35)."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(color[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return TEXT_COLOR if luminance > 0.35 else "white"


def offer_years_chart(
    years: pd.DataFrame,
    *,
    offer: Offer | None = None,
    role: str | None = None,
    title: str | None = None,
    source_note: str = "the offer's terms as entered, equity as its schedule vests",
) -> go.Figure:
    """Total compensation in each year as a stack of base, bonus, equity and sign-on.

    Each year's total is labelled on top ("$387.2k"); a dotted line marks the steady state
    (the average of years 2..N) when there is more than one year. Colours are shades of the
    offer's role colour; the one-off sign-on is hatched.

    Parameters
    ----------
    years : DataFrame
        As :func:`wbroles.offer.offer_years` returns it (year, base, bonus, equity, sign_on,
        total).
    offer : Offer, optional
        For the title and colour (default: the frame's ``attrs["offer"]`` if set).
    role : str, optional
        The colour's role when no offer is given.
    title : str, optional
        Replaces the default title.
    source_note : str
        What the in-figure source line names: the numbers come from the offer's terms.

    Raises
    ------
    ValueError
        For an empty frame or one missing a column.
    """
    needed = ["year", *_YEAR_PARTS, "total"]
    if years is None or not len(years):
        raise ValueError("no years to draw: the frame is empty (see wbroles.offer.offer_years)")
    missing = [c for c in needed if c not in years]
    if missing:
        raise ValueError(
            f"the years frame lacks {', '.join(missing)}; expected columns: {', '.join(needed)}"
        )
    offer = offer if offer is not None else years.attrs.get("offer")
    role = role or (offer.role if offer is not None else None)
    color = role_color(role) if role else NEUTRAL
    years = years.sort_values("year")
    labels = [f"Year {int(y)}" for y in years["year"]]

    fig = go.Figure()
    for part, name in _YEAR_PARTS.items():
        amounts = years[part].astype(float)
        if not (amounts > 0).any():
            continue  # e.g. no sign-on: no legend entry for a part that is $0 every year
        fig.add_trace(
            go.Bar(
                x=labels,
                y=list(amounts),
                name=name,
                marker={
                    "color": _tint(color, _TINTS[part]),
                    "line": {"width": 1, "color": "white"},
                    "pattern": {
                        "shape": "/" if part == "sign_on" else "",
                        "fgcolor": "white",
                        "size": 8,
                        "solidity": 0.35,
                    },
                },
                text=[money(a) if a > 0 else "" for a in amounts],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": _text_on(_tint(color, _TINTS[part])), "size": 12},
                hovertemplate=f"<b>%{{x}}</b> \u00b7 {name}: %{{text}}<extra></extra>",
                meta={"part": part},
            )
        )
    totals = years["total"].astype(float)
    fig.add_trace(
        go.Scatter(
            x=labels,
            # Lifted a little, so that a steady-state line at the same height misses the text.
            y=list(totals + 0.015 * float(totals.max())),
            mode="text",
            text=[f"<b>{money(t)}</b>" for t in totals],
            textposition="top center",
            textfont={"size": 13, "color": TEXT_COLOR},
            showlegend=False,
            hoverinfo="skip",
            cliponaxis=False,
            name="totals",
            meta={"part": "total_label"},
        )
    )
    if len(years) > 1:
        steady = float(totals.iloc[1:].mean())
        fig.add_trace(
            go.Scatter(
                x=labels[1:],
                y=[steady] * (len(labels) - 1),
                mode="lines",
                line={"color": NEUTRAL, "width": 2, "dash": "dot"},
                name=f"steady state {money(steady)} (average of years 2\u2013{len(labels)})",
                hoverinfo="skip",
                meta={"part": "steady_state", "value": steady},
            )
        )
    top = float(totals.max()) * 1.14
    fig.update_layout(barmode="stack", bargap=0.35, uniformtext={"minsize": 10, "mode": "hide"})
    fig.update_layout(legend_traceorder="normal")  # base first, as read left to right
    fig.update_yaxes(
        title_text="US dollars", range=[0, top], **axis_ticks(0, top), showgrid=True, zeroline=True
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels)
    what = f"a {offer.role} {offer.level} offer" if offer is not None else "the offer"
    finish(
        fig,
        title=title or f"Pay year by year: {what}",
        source_ids=[source_note],
        height=500,
    )
    subtitle = "Base + target bonus + equity vested that year + sign-on paid that year"
    if offer is not None:
        subtitle = f"{offer.describe()}".replace(" offer", "", 1)
    header(fig, subtitle)
    return fig
