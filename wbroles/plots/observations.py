"""Charts of observations: percentile bands beside the published ranges, and companies compared.

Both builders take observations (as ``wbroles.observations.load_observations`` returns them)
or their summary (``wbroles.percentiles.percentile_summary``) first and everything else
keyword-only, return a ``plotly.graph_objects.Figure``, and neither show nor save it.

A percentile band is drawn as a box from the 25th to the 75th percentile, whiskers to the 10th
and 90th, and a dark line at the median; the hover gives n and every percentile. A group with
fewer than ``min_n`` values is a labelled gap ("n < 5"), never a box. Traces carry
``meta={"role": ..., "part": ..., ...}`` ("box", "median", "whiskers", "caps", "published",
"suppressed", "no_data") so that code and tests find them without relying on trace order.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..derive import component_dollars
from ..errors import DataError
from ..observations import is_synthetic
from ..percentiles import COMPONENTS, DEFAULT_MIN_N, percentile_summary, suppression_label
from ._bands import header
from ._common import choose, finish
from .style import COMPONENT_LABELS, NEUTRAL, money, money_range, role_color

__all__ = ["company_comparison", "percentile_bands"]

# Observed bonuses are dollars paid or offered, not the published target percentage.
LABELS = {**COMPONENT_LABELS, "bonus": "Bonus", "sign_on": "Sign-on bonus"}
PUBLISHED_OPACITY = 0.35
MEDIAN_SHARE = 0.006  # height of the median line, as a share of the axis span
BONUS_NOTE = "<br>(the target bonus % of the base range, in dollars)"
TEXT_COLOR = "#222222"
BOX_NOTE = "Box: 25th\u201375th percentile \u00b7 whiskers: 10th\u201390th \u00b7 line: median"

_SHARED_DOCS = {
    "obs": (
        "obs : DataFrame\n"
        "        Observations as ``wbroles.load_observations`` returns them, or their summary\n"
        "        from ``wbroles.percentile_summary``."
    ),
    "component": (
        "component : str\n"
        "        One of total (base + bonus + equity), base, bonus, equity, sign_on."
    ),
    "min_n": (
        "min_n : int, optional\n"
        "        Groups with fewer values are drawn as a labelled gap (default 5). Only for\n"
        "        observations: a summary keeps the ``min_n`` it was computed with."
    ),
    "sources": (
        "sources : DataFrame, optional\n"
        "        Sources table(s) for the in-figure source line (default: the sources loaded\n"
        "        with the observations, and the data folder's sources for published ranges)."
    ),
}


def _documented(func):
    func.__doc__ = func.__doc__.format(**_SHARED_DOCS)
    return func


# --- shared steps --------------------------------------------------------------------------------


def _summary(obs: pd.DataFrame, *, min_n: int | None, component: str) -> pd.DataFrame:
    """The percentile summary of one component, computed from observations if need be."""
    if obs is None or not len(obs):
        raise ValueError("no observations to draw: the frame is empty")
    if "p50" in obs.columns:
        made_with = obs.attrs.get("min_n")
        if min_n is not None and min_n != made_with:
            raise ValueError(
                f"min_n={min_n} cannot change a summary computed with min_n={made_with}; "
                "pass the observations instead"
            )
        summary = obs
        component = choose(summary, "component", component, what="component")[0]
    else:
        if component not in COMPONENTS:
            raise ValueError(f"unknown component {component}; choose from: {', '.join(COMPONENTS)}")
        summary = percentile_summary(
            obs, min_n=DEFAULT_MIN_N if min_n is None else min_n, components=component
        )
    rows = summary[summary["component"] == component].copy()
    rows.attrs = {**summary.attrs, "component": component}
    rows.attrs.setdefault("min_n", DEFAULT_MIN_N)
    return rows


def _company(summary: pd.DataFrame, company: str | None) -> str:
    companies = [str(c) for c in dict.fromkeys(summary["company"])]
    if company is None:
        if len(companies) > 1:
            raise ValueError(
                "the observations hold several companies; choose one with company=: "
                + ", ".join(companies)
            )
        return companies[0]
    return choose(summary, "company", company, what="company")[0]


def _sources(summary: pd.DataFrame, extra: pd.DataFrame | None) -> pd.DataFrame | None:
    parts = []
    if extra is not None:
        parts.append(extra)
    if summary.attrs.get("sources"):
        parts.append(pd.DataFrame(summary.attrs["sources"]))
    if not parts:
        return None
    table = pd.concat(parts, ignore_index=True)
    return table.drop_duplicates("source_id", keep="first").reset_index(drop=True)


def _source_ids(obs: pd.DataFrame, summary: pd.DataFrame, company) -> list[str]:
    if "source_id" in obs.columns:
        rows = obs if company is None else obs[obs["company"].isin(list(company))]
        return [str(s) for s in dict.fromkeys(rows["source_id"].dropna())]
    return [str(r["source_id"]) for r in summary.attrs.get("sources") or []]


def _stats_hover(r, *, role: str, where: str, label: str) -> str:
    return (
        f"<b>{role} {where}</b> \u00b7 {label}<br>n = {int(r.n):,} observations"
        f"<br>p90 {money(r.p90)}<br>p75 {money(r.p75)}<br><b>median {money(r.p50)}</b>"
        f"<br>p25 {money(r.p25)}<br>p10 {money(r.p10)}"
        f"<br>range {money_range(r.min, r.max)}"
    )


def _gap_hover(r, *, role: str, where: str, min_n: int) -> str:
    return (
        f"<b>{role} {where}</b><br>n = {int(r.n)}: fewer than {min_n} observations,"
        "<br>too few for percentiles; not shown"
    )


def _band_traces(
    fig: go.Figure,
    rows: pd.DataFrame,
    *,
    x: str,
    role: str,
    color: str,
    group: str,
    min_n: int,
    label: str,
    span: float,
    legend_name: str,
) -> None:
    """Box, whiskers and median of each shown group of ``rows``; a labelled gap otherwise."""
    shown = rows[rows["suppressed"].isna()]
    gaps = rows[rows["suppressed"].notna()]
    common = {"offsetgroup": group, "legendgroup": group}
    if len(shown):
        xs = [str(v) for v in shown[x]]
        hover = [
            _stats_hover(r, role=role, where=str(getattr(r, x)), label=label)
            for r in shown.itertuples()
        ]
        fig.add_trace(
            go.Bar(
                x=xs,
                base=list(shown["p25"]),
                y=list(shown["p75"] - shown["p25"]),
                name=legend_name,
                marker={"color": color, "line": {"width": 0}},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                customdata=np.stack([shown["n"], shown["p50"]], axis=-1),
                meta={"role": role, "part": "box"},
                **common,
            )
        )
        height = MEDIAN_SHARE * span
        fig.add_trace(
            go.Bar(
                x=xs,
                base=list(shown["p50"] - height / 2),
                y=[height] * len(shown),
                name=f"{legend_name}: median",
                marker={"color": TEXT_COLOR, "line": {"width": 0}},
                showlegend=False,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                meta={"role": role, "part": "median", "values": list(shown["p50"])},
                **common,
            )
        )
        # Whiskers: a line from each box edge out to p10 and p90, with a cap at the end.
        whisker_x, whisker_y = [], []
        for level, r in zip(xs, shown.itertuples(), strict=True):
            whisker_x += [level, level, None, level, level, None]
            whisker_y += [r.p10, r.p25, None, r.p75, r.p90, None]
        fig.add_trace(
            go.Scatter(
                x=whisker_x,
                y=whisker_y,
                mode="lines",
                line={"color": color, "width": 2},
                connectgaps=False,
                showlegend=False,
                hoverinfo="skip",
                name=f"{legend_name}: whiskers",
                meta={"role": role, "part": "whiskers"},
                **common,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=xs + xs,
                y=[*shown["p10"], *shown["p90"]],
                mode="markers",
                marker={"symbol": "line-ew", "size": 12, "line": {"color": color, "width": 2}},
                showlegend=False,
                hoverinfo="skip",
                name=f"{legend_name}: whisker caps",
                meta={"role": role, "part": "caps"},
                **common,
            )
        )
    if len(gaps):
        fig.add_trace(
            go.Scatter(
                x=[str(v) for v in gaps[x]],
                y=[0.03 * span] * len(gaps),
                mode="text",
                text=[suppression_label(min_n)] * len(gaps),
                textposition="top center",
                textfont={"color": color, "size": 13},
                hovertext=[
                    _gap_hover(r, role=role, where=str(getattr(r, x)), min_n=min_n)
                    for r in gaps.itertuples()
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
                name=f"{legend_name}: {suppression_label(min_n)}",
                meta={"role": role, "part": "suppressed", "n": [int(n) for n in gaps["n"]]},
                **common,
            )
        )


def _axis_top(*frames: pd.DataFrame, columns: Iterable[str]) -> float:
    tops = [
        float(np.nanmax(frame[c].to_numpy(dtype=float)))
        for frame in frames
        for c in columns
        if c in frame and len(frame) and frame[c].notna().any()
    ]
    return max(tops) * 1.15 if tops else 1.0


def _money_axis(fig: go.Figure, top: float, *, title: str) -> None:
    fig.update_yaxes(
        title_text=title,
        range=[0, top],
        tickprefix="$",
        tickformat="~s",
        zeroline=True,
        rangemode="tozero",
    )


# --- 1. observed percentiles beside the published ranges ----------------------------------------


def _published(
    bands: pd.DataFrame | None, *, company: str, component: str, roles, levels
) -> pd.DataFrame:
    """Published ranges in dollars for the company, roles, levels and component (may be empty)."""
    columns = ["role", "level", "low", "high", "open_high", "source_id"]
    if bands is None or not len(bands) or component == "sign_on":
        return pd.DataFrame(columns=columns)
    mine = bands[bands["company"] == company]
    if not len(mine):
        return pd.DataFrame(columns=columns)
    if component == "total":
        rows = mine[mine["component"] == "total"]
    else:
        rows = component_dollars(mine)
        rows = rows[rows["component"] == component]
        cited = mine[
            mine["component"].isin([component, "base"] if component == "bonus" else [component])
        ]
        first = cited.groupby(["role", "level"], observed=True)["source_id"].first()
        rows = rows.join(first, on=["role", "level"])
    rows = rows[rows["role"].astype(str).isin(roles) & rows["level"].astype(str).isin(levels)]
    return pd.DataFrame(
        {
            "role": rows["role"].astype(str),
            "level": rows["level"].astype(str),
            "low": rows["low"].astype(float),
            "high": rows["high"].astype(float),
            "open_high": rows["open_high"].astype(bool),
            "source_id": rows["source_id"].astype(str),
        }
    )


def _load_bands(data_dir) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    from ..load import load_compensation, load_sources

    bands = load_compensation(data_dir)
    try:
        sources = load_sources(data_dir)
    except (DataError, OSError):
        sources = None
    return bands, sources


@_documented
def percentile_bands(
    obs: pd.DataFrame,
    *,
    company: str | None = None,
    component: str = "total",
    roles: Iterable[str] | None = None,
    levels: Iterable[str] | None = None,
    min_n: int | None = None,
    published: bool = True,
    bands: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """Observed percentile bands per level and role, beside the company's published ranges.

    For each level with observations, each role gets a box (25th-75th percentile) with
    whiskers (10th-90th) and a median line and, when the company publishes a range for that
    role, level and component, a lighter bar from its low to its high end just before it.
    Groups with fewer than ``min_n`` values are a labelled gap ("n < 5").

    Parameters
    ----------
    {obs}
    company : str, optional
        The company to draw. Required when the observations hold several companies: one
        company's observations are never drawn with another's, nor with its ranges.
    {component}
    roles, levels : list of str, optional
        Roles and levels to draw (default: all observed, in order).
    {min_n}
    published : bool
        Draw the published ranges (default True). There are none for sign_on.
    bands : DataFrame, optional
        Published ranges as ``wbroles.load_compensation`` returns them (default: loaded
        from the observations' data folder).
    {sources}

    Raises
    ------
    ValueError
        For empty observations, several companies without ``company=``, or an unknown
        company, role, level or component; the message names the valid choices.
    """
    summary_all = _summary(obs, min_n=min_n, component=component)
    component = summary_all.attrs["component"]
    company = _company(summary_all, company)
    rows = summary_all[summary_all["company"] == company]
    role_order = [str(r) for r in choose(rows, "role", roles, what="role")]
    level_order = [str(lv) for lv in choose(rows, "level", levels, what="level")]
    rows = rows[rows["role"].isin(role_order) & rows["level"].isin(level_order)]
    min_n = summary_all.attrs["min_n"]

    band_sources = None
    if published and bands is None:
        bands, band_sources = _load_bands(obs.attrs.get("data_dir"))
    ranges = (
        _published(
            bands, company=company, component=component, roles=role_order, levels=level_order
        )
        if published
        else _published(None, company=company, component=component, roles=[], levels=[])
    )
    label = LABELS.get(component, component)
    top = _axis_top(rows, ranges, columns=("p90", "high"))
    fig = go.Figure()
    for role in role_order:
        color = role_color(role, role_order)
        mine = ranges[ranges["role"] == role]
        if len(mine):
            fig.add_trace(
                go.Bar(
                    x=list(mine["level"]),
                    base=list(mine["low"]),
                    y=list(mine["high"] - mine["low"]),
                    name=f"{role} published range",
                    offsetgroup=f"{role}|published",
                    legendgroup=f"{role}|published",
                    marker={
                        "color": color,
                        "opacity": PUBLISHED_OPACITY,
                        "pattern": {"shape": "/", "fgcolor": color, "size": 8, "solidity": 0.3},
                        "line": {"color": color, "width": 1.5},
                    },
                    text=[
                        money_range(r.low, r.high, open_high=r.open_high) for r in mine.itertuples()
                    ],
                    textposition="outside",
                    textfont={"size": 11, "color": TEXT_COLOR},
                    cliponaxis=False,
                    hovertext=[
                        f"<b>{role} {r.level}</b> \u00b7 {label}<br>published range "
                        f"{money_range(r.low, r.high, open_high=r.open_high)}"
                        + ("<br>(open upper bound: a floor, not a maximum)" if r.open_high else "")
                        + (BONUS_NOTE if component == "bonus" else "")
                        + f"<br><i>Source: {r.source_id}</i>"
                        for r in mine.itertuples()
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                    meta={
                        "role": role,
                        "part": "published",
                        "low": list(mine["low"]),
                        "high": list(mine["high"]),
                    },
                )
            )
        _band_traces(
            fig,
            rows[rows["role"] == role],
            x="level",
            role=role,
            color=color,
            group=f"{role}|observed",
            min_n=min_n,
            label=label,
            span=top,
            legend_name=f"{role} observations",
        )
    fig.update_layout(barmode="group", scattermode="group", bargap=0.25, bargroupgap=0.08)
    fig.update_xaxes(
        title_text="Level", type="category", categoryorder="array", categoryarray=level_order
    )
    _money_axis(fig, top, title="US dollars per year" if component != "sign_on" else "US dollars")

    sources_table = _sources(rows, _merge(sources, band_sources))
    obs_ids = _source_ids(obs, rows, [company])
    synthetic = is_synthetic(sources_table, obs_ids)
    if len(ranges):
        what = "observed percentiles vs published ranges"
    elif published:
        what = "observed percentiles (no published range)"
    else:
        what = "observed percentiles"
    finish(
        fig,
        title=f"{label} at {company}: {what}",
        source_ids=[*obs_ids, *ranges["source_id"]],
        sources=sources_table,
        height=540,
    )
    notes = [BOX_NOTE]
    if synthetic:
        notes.insert(0, "<b>Synthetic example data, not real observations</b>")
    header(fig, " \u00b7 ".join(notes), legend_top=84)
    fig.layout.meta = {"company": company, "component": component, "synthetic": synthetic}
    return fig


def _merge(*tables: pd.DataFrame | None) -> pd.DataFrame | None:
    present = [t for t in tables if t is not None and len(t)]
    return pd.concat(present, ignore_index=True) if present else None


# --- 2. companies compared at one level -----------------------------------------------------------


@_documented
def company_comparison(
    obs: pd.DataFrame,
    *,
    level: str,
    component: str = "total",
    companies: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    min_n: int | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """The same level at several companies: one percentile band per company and role.

    Level codes are each company's own: an "L5" at one company need not be the same job as
    an "L5" at another, and the subtitle says so. A company without observations at the
    level is labelled "no data"; a group with fewer than ``min_n`` values, "n < 5".

    Parameters
    ----------
    {obs}
    level : str
        The level code to compare.
    {component}
    companies : list of str, optional
        Companies to compare, in this order (default: every company in the data).
    roles : list of str, optional
        Roles to draw (default: all observed).
    {min_n}
    {sources}

    Raises
    ------
    ValueError
        For empty observations, or an unknown level, company, role or component; the
        message names the valid choices.
    """
    summary = _summary(obs, min_n=min_n, component=component)
    component = summary.attrs["component"]
    known = [str(c) for c in dict.fromkeys(summary["company"])]
    if companies is None:
        company_order = known
    else:
        wanted = [companies] if isinstance(companies, str) else list(companies)
        choose(summary, "company", wanted, what="company")  # raises naming the choices
        company_order = wanted
    rows = summary[summary["company"].isin(company_order)]
    level = str(choose(rows, "level", level, what="level")[0])
    role_order = [str(r) for r in choose(rows, "role", roles, what="role")]
    rows = rows[(rows["level"] == level) & rows["role"].isin(role_order)]
    min_n = summary.attrs["min_n"]

    label = LABELS.get(component, component)
    top = _axis_top(rows, columns=("p90",))
    fig = go.Figure()
    for role in role_order:
        mine = rows[rows["role"] == role]
        _band_traces(
            fig,
            mine,
            x="company",
            role=role,
            color=role_color(role, role_order),
            group=f"{role}|observed",
            min_n=min_n,
            label=label,
            span=top,
            legend_name=f"{role} observations",
        )
    missing = [c for c in company_order if c not in set(rows["company"].astype(str))]
    if missing:
        fig.add_trace(
            go.Scatter(
                x=missing,
                y=[0.03 * top] * len(missing),
                mode="text",
                text=[f"no data at {level}"] * len(missing),
                textposition="top center",
                textfont={"color": NEUTRAL, "size": 13},
                hoverinfo="skip",
                showlegend=False,
                name="no data",
                meta={"part": "no_data", "companies": missing},
            )
        )
    fig.update_layout(barmode="group", scattermode="group", bargap=0.3, bargroupgap=0.08)
    fig.update_xaxes(
        title_text="Company", type="category", categoryorder="array", categoryarray=company_order
    )
    _money_axis(fig, top, title="US dollars per year" if component != "sign_on" else "US dollars")
    sources_table = _sources(summary, sources)
    obs_ids = _source_ids(obs, summary, company_order)
    synthetic = is_synthetic(sources_table, obs_ids)
    finish(
        fig,
        title=f"{label} at level {level}: companies compared",
        source_ids=obs_ids,
        sources=sources_table,
        height=540,
    )
    notes = [BOX_NOTE, "level codes are each company's own"]
    if synthetic:
        notes.insert(0, "<b>Includes synthetic example data</b>")
    header(fig, " \u00b7 ".join(notes), legend_top=84)
    fig.layout.meta = {"level": level, "component": component, "synthetic": synthetic}
    return fig
