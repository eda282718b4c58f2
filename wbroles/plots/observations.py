"""Charts of observations (``load_observations``) or their summary (``summarize_observations``):
each role one ``go.Box`` of precomputed percentiles (box 25th-75th, whiskers 10th-90th, line at
the median); a group with fewer than ``min_n`` values is the text "n < 5", never a box. Traces
carry ``meta={"role": ..., "part": ...}`` ("box", "published", "suppressed", "no_data")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from ..derive import component_dollars
from ..errors import ParameterError
from ..format import COMPONENT_LABELS, band, choose, choose_many, documented, money, svg_text
from ..observations import is_synthetic
from ..percentiles import COMPONENTS, DEFAULT_MIN_N, percentile_summary
from .base import (
    MONEY_AXIS,
    NEUTRAL,
    TEXT,
    finish,
    known_roles,
    present,
    provenance,
    range_bars,
    role_colors,
    select,
)

LABELS = {**COMPONENT_LABELS, "bonus": "Bonus"}  # observed bonuses are dollars, not a target %
BOX_NOTE = "Box: 25th\u201375th percentile \u00b7 whiskers: 10th\u201390th \u00b7 line: median"
PUBLISHED_OPACITY = 0.35  # the published range is the light band behind the observed box
BONUS_NOTE = "<br>(the target bonus % of the base range, in dollars)"
DOCS = {
    "raises": "Raises\n    ------\n    ValueError\n        For empty observations, several "
    "companies without a choice, or an unknown\n        company, role, level or component; "
    "the message names the valid choices.",
    "obs": "obs : DataFrame\n        Observations (``wbroles.load_observations``) or their summary "
    "(``wbroles.summarize_observations``,\n        ``wbroles.percentile_summary``).",
    "component": "component : str\n        One of base, bonus, equity, sign_on, total.",
    "min_n": 'min_n : int, optional\n        Groups with fewer values are the text "n < 5" '
    "(default 5); only for observations:\n        a summary keeps the min_n it was made with.",
    "sources": "sources : DataFrame or list of DataFrame, optional\n        Sources tables for "
    "the source line and the synthetic label: the observations' own\n        and, for "
    "published ranges, the data folder's. For a summary, the observations' ids are\n        "
    "those of the first table (of each company shown when it has a company column).",
}


_documented = documented(**DOCS)


def _summary(obs: pd.DataFrame, component: str, min_n: int | None) -> pd.DataFrame:
    if obs is None or not len(obs):
        raise ValueError("no observations to draw: the frame is empty")
    component = choose("component", component, COMPONENTS)
    if "p50" not in obs:
        obs = percentile_summary(obs, min_n=min_n or DEFAULT_MIN_N, components=component)
    elif min_n is not None:
        raise ParameterError(f"min_n={min_n} cannot change a summary; pass the observations")
    return obs[obs["component"] == component]


def _frames(sources) -> list[pd.DataFrame]:
    frames = [sources] if sources is None or isinstance(sources, pd.DataFrame) else sources
    return [f for f in frames if f is not None and len(f)]


def _sources(sources) -> pd.DataFrame | None:
    frames = _frames(sources)
    return pd.concat(frames).drop_duplicates("source_id") if frames else None


def _ids(obs: pd.DataFrame, companies: Iterable, sources) -> list[str]:
    """The source ids of the observations of ``companies``: from their rows, or for a summary
    from the first sources table (the observations' own; by company when it has a company
    column, as ``open_observations`` gives it)."""
    rows = obs if "source_id" in obs else next(iter(_frames(sources)), pd.DataFrame())
    if "company" in rows:
        rows = rows[rows["company"].isin(list(companies))]
    return list(dict.fromkeys(rows.get("source_id", pd.Series()).astype(str)))


def _hover(r, *, x: str, label: str) -> str:
    return (
        f"<b>{svg_text(r.role)} {svg_text(getattr(r, x))}</b> \u00b7 {label}<br>n = "
        f"{int(r.n):,} observations<br>p90 {money(r.p90)}<br>p75 {money(r.p75)}<br><b>median "
        f"{money(r.p50)}</b><br>p25 {money(r.p25)}<br>p10 {money(r.p10)}"
        f"<br>range {band(r.min, r.max)}"
    )


def _boxes(fig: go.Figure, rows: pd.DataFrame, *, x: str, colors: dict, label: str) -> None:
    """One box trace per role of the groups shown, one text trace of the groups suppressed."""
    for role, color in colors.items():
        mine = rows[rows["role"].astype(str) == role]
        shown, thin = mine[mine["suppressed"].isna()], mine[mine["suppressed"].notna()]
        common = {"offsetgroup": f"{role} observed", "legendgroup": role}
        if len(shown):
            fig.add_box(
                x=shown[x].astype(str),
                **common,
                q1=shown["p25"],
                median=shown["p50"],
                q3=shown["p75"],
                lowerfence=shown["p10"],
                upperfence=shown["p90"],
                name=f"{role} observations",
                fillcolor=color,
                line={"color": TEXT, "width": 1.5},
                marker_color=color,
                hovertext=[_hover(r, x=x, label=label) for r in shown.itertuples()],
                hovertemplate="%{hovertext}<extra></extra>",
                meta={"role": role, "part": "box"},
            )
        if len(thin):
            fig.add_scatter(
                x=thin[x].astype(str),
                **common,
                y=[0] * len(thin),
                mode="text",
                text=list(thin["suppressed"]),
                textposition="top center",
                textfont={"color": color, "size": 13},
                showlegend=False,
                hovertext=[
                    f"<b>{svg_text(role)} {svg_text(getattr(r, x))}</b><br>n = "
                    f"{r.n}: too few for percentiles ({r.suppressed}); not shown"
                    for r in thin.itertuples()
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                meta={"role": role, "part": "suppressed", "n": [int(n) for n in thin["n"]]},
            )


def _published(bands, *, company, component, roles, levels, sources) -> pd.DataFrame:
    """Published ranges in dollars of the company, roles, levels and component (maybe none)."""
    if bands is None or component == "sign_on":
        return pd.DataFrame()
    mine = bands[bands["company"] == company]
    rows = mine[mine["component"] == "total"] if component == "total" else component_dollars(mine)
    cited = mine[["role", "level", "component", "quote", "source_id"]]
    rows = rows[rows["component"] == component].drop(
        columns=["quote", "source_id"], errors="ignore"
    )
    rows = rows.merge(cited, on=["role", "level", "component"])
    rows = rows[rows["role"].astype(str).isin(roles) & rows["level"].astype(str).isin(levels)]
    note = BONUS_NOTE if component == "bonus" else ""
    return rows.assign(
        role=rows["role"].astype(str),
        level=rows["level"].astype(str),
        kind="published",
        text=[band(r.low, r.high, open_high=r.open_high) for r in rows.itertuples()],
        hover=[
            f"<b>{svg_text(r.role)} {svg_text(r.level)}</b> \u00b7 published range "
            f"{band(r.low, r.high, open_high=r.open_high)}{note}<br>"
            f"{provenance(r.quote, r.source_id, sources)}"
            for r in rows.itertuples()
        ],
    )


def _finish(fig, *, x: str, order: list, component: str, **options) -> go.Figure:
    fig.update_layout(boxmode="group", barmode="group", scattermode="group", bargap=0.2)
    fig.update_xaxes(title_text=x, type="category", categoryorder="array", categoryarray=order)
    unit = "US dollars" if component == "sign_on" else "US dollars per year"
    fig.update_yaxes(**MONEY_AXIS, title_text=unit)
    return finish(fig, height=540, **options)


@_documented
def percentile_bands(
    obs: pd.DataFrame,
    *,
    company: str | None = None,
    component: str = "total",
    roles: Iterable[str] | None = None,
    levels: Iterable[str] | None = None,
    min_n: int | None = None,
    bands: pd.DataFrame | None = None,
    sources: pd.DataFrame | Sequence[pd.DataFrame] | None = None,
    published: bool = True,
) -> go.Figure:
    """Observed percentiles per level and role, beside the company's published ranges.

    Parameters
    ----------
    {obs}
    company : str, optional
        The company to draw; required when the observations hold several.
    {component}
    roles, levels : list of str, optional
        Roles and levels to draw (default: all observed, in order).
    {min_n}
    bands : DataFrame, optional
        Published ranges (``wbroles.load_compensation``); None: none drawn (nor for sign_on).
    {sources}
    published : bool
        False leaves the published ranges out even when ``bands`` is given.

    {raises}
    """
    rows = _summary(obs, component, min_n)
    rows = select(rows, company=company, roles=roles, levels=levels, what="observations")
    company, label = str(rows["company"].iloc[0]), LABELS[component]
    ids, sources = _ids(obs, [company], sources), _sources(sources)
    roles, levels = (
        [str(r) for r in present(rows, "role")],
        [str(v) for v in present(rows, "level")],
    )
    colors = {r: c for r, c in role_colors(known_roles(rows)).items() if r in roles}
    where = {"company": company, "component": component, "roles": roles, "levels": levels}
    ranges = _published(bands if published else None, **where, sources=sources)
    fig = go.Figure(_range_bars(ranges, colors) if len(ranges) else None)
    _boxes(fig, rows, x="level", colors=colors, label=label)
    notes = ["Synthetic example data, not real observations"] if is_synthetic(sources, ids) else []
    what = "vs published ranges" if len(ranges) else "(no published range)"
    title = f"{label} at {company}: observed percentiles {what}"
    return _finish(
        fig,
        x="Level",
        order=levels,
        component=component,
        title=title,
        source_ids=[*ids, *ranges.get("source_id", [])],
        sources=sources,
        subtitle=" \u00b7 ".join([*notes, BOX_NOTE]),
    )


def _range_bars(ranges: pd.DataFrame, colors: dict) -> list:
    """The published ranges: light hatched range bars behind each role's box."""
    bars = range_bars(
        ranges,
        position="level",
        colors=colors,
        pattern_shape="kind",
        pattern_shape_sequence=["/"],
    )
    for trace in bars.data:
        role = trace.legendgroup.split(", ")[0]
        mine = ranges[ranges["role"] == role]
        meta = {"role": role, "part": "published", "levels": list(mine["level"])}
        trace.update(
            name=f"{role} published range",
            meta=meta | mine[["low", "high"]].to_dict("list"),
            marker_opacity=[PUBLISHED_OPACITY * o for o in trace.marker.opacity],
        )
    return list(bars.data)


@_documented
def company_comparison(
    obs: pd.DataFrame,
    *,
    level: str,
    component: str = "total",
    companies: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    min_n: int | None = None,
    sources: pd.DataFrame | Sequence[pd.DataFrame] | None = None,
) -> go.Figure:
    """The same level at several companies: one percentile box per company and role.

    Level codes are each company's own; a company with no data at the level reads "no data".

    Parameters
    ----------
    {obs}
    level : str
        The level code to compare.
    {component}
    companies, roles : list of str, optional
        Companies (in this order) and roles to draw (default: all).
    {min_n}
    {sources}

    {raises}
    """
    summary = _summary(obs, component, min_n)
    order = choose_many("company", companies, [str(c) for c in present(summary, "company")])
    rows = summary[summary["company"].astype(str).isin(order)]
    level = choose("level", level, [str(v) for v in present(rows, "level")])
    roles = choose_many("role", roles, [str(r) for r in present(rows, "role")])
    rows = rows[(rows["level"] == level) & rows["role"].isin(roles)]
    colors = {r: c for r, c in role_colors(known_roles(summary)).items() if r in roles}
    ids = _ids(obs, order, sources)
    fig, sources, label = go.Figure(), _sources(sources), LABELS[component]
    _boxes(fig, rows, x="company", colors=colors, label=label)
    missing = [c for c in order if c not in set(rows["company"].astype(str))]
    fig.add_scatter(
        x=missing,
        y=[0] * len(missing),
        mode="text",
        text=[f"no data at {level}"] * len(missing),
        textposition="top center",
        textfont_color=NEUTRAL,
        hoverinfo="skip",
        showlegend=False,
        meta={"part": "no_data"},
    )
    notes = ["Includes synthetic example data"] if is_synthetic(sources, ids) else []
    return _finish(
        fig,
        x="Company",
        order=order,
        component=component,
        source_ids=ids,
        title=f"{label} at level {level}: companies compared",
        sources=sources,
        subtitle=" \u00b7 ".join([*notes, BOX_NOTE, "level codes are each company's own"]),
    )
