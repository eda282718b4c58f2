"""Role charts: skills, interview loops and timeline, rubric weights, career paths. Frames in,
figures out; marks come from a fixed number of traces (cards and boxes are bars, arrows one line
per role), so each chart is linear in its rows. Every hover carries its quote and source."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.colors import hex_to_rgb

from ..format import ROLE_LABELS, choose_many, documented, label, number, percent, svg_text
from ..schemas import SKILL_SCALE
from .base import (
    HOVER,
    NEUTRAL,
    ROLE_DASHES,
    ROLE_SYMBOLS,
    TEXT,
    finish,
    known_roles,
    present,
    provenance,
    role_colors,
    select,
    tint,
)

NOT_STATED = "(not stated in source)"
HIDDEN = {"visible": False, "fixedrange": True}
SMALL = "<br><span style='font-size:{}px;color:{}'>{}</span>"  # a second line in smaller type
BOX = 0.36  # half the width of a career-path box, in columns
SCALE = ", ".join(f"{k} {v}" for k, v in SKILL_SCALE.items())
RADAR_NOTE = (
    f"Scores encode the article's prose ({SCALE}); hover a point for the sentence it rests on."
    " Scale: data/README.md"
)
# table -> (its name in messages, what a role without rows lacks, the columns it needs)
TABLES = {
    "skills": ("skills", "skill scores", "skill score"),
    "rounds": ("interview rounds", "interview loop", "source_id round_order round evaluates"),
    "process": ("interview process", "interview process", "measure value unit"),
    "rubric": ("rubric", "scoring rubric", "round criterion weight_pct"),
    "paths": ("career paths", "career path", "step_order step branch"),
}
_doc = documented(
    shared="""company : str, optional
        The company to draw; needed only when the frame holds more than one.
    roles : str or list of str, optional
        Role codes to draw, in the order given (default: every role with rows). A known role
        without rows here is named under the title ("The sources state no ... for TPM.").
    sources : DataFrame, optional
        The sources table, to name each source by keyword and date; without it, by id.

    Raises
    ------
    ValueError
        For an empty frame or missing columns; ParameterError (a ValueError) for an unknown
        company or role, naming the valid choices; ValueError when no chosen role has rows."""
)


def _pick(frame, table: str, company, roles):
    """Rows of one company and the chosen roles (role as text, ``_role`` its rank), the roles
    drawn in the order given, the note naming chosen roles without rows, and role colours."""
    what, absent, columns = TABLES[table]
    needed = ["company", "role", *columns.split(), *(["source_id"] * (table != "rounds")), "quote"]
    lacking = [c for c in needed if frame is not None and len(frame) and c not in frame]
    if lacking:
        raise ValueError(
            f"the {what} frame lacks column(s) {', '.join(lacking)}; "
            f"expected columns: {', '.join(needed)}"
        )
    rows = select(frame, company=company, what=what)
    have = [str(r) for r in present(rows, "role")]
    wanted = have if roles is None else choose_many("role", roles, known_roles(frame))
    drawn, missing = [r for r in wanted if r in have], [r for r in wanted if r not in have]
    if not drawn:
        raise ValueError(
            f"the {what} holds no rows for role {', '.join(wanted)}; "
            f"roles with {what}: {', '.join(have)}"
        )
    notes = [f"The sources state no {absent} for {' or '.join(missing)}."] if missing else []
    rows = rows[rows["role"].isin(drawn)].assign(role=lambda f: f["role"].astype(str))
    rows = rows.assign(_role=rows["role"].map({r: i for i, r in enumerate(drawn)}))
    return rows, drawn, notes, role_colors(known_roles(frame))


def _keywords(sources) -> dict[str, str]:
    """Source id -> article keyword (callers fall back to the id)."""
    if sources is None or not len(sources):
        return {}
    return dict(zip(sources["source_id"].astype(str), sources["keyword"].astype(str), strict=True))


def _lanes(rows: pd.DataFrame, sources, *order: str) -> pd.DataFrame:
    """Rows sorted by article (sources-table order), role (order drawn) and ``order``, with
    ``lane`` numbering each (article, role) pair from 0: one article's loops stand together."""
    seen = {s: i for i, s in enumerate(dict.fromkeys([*_keywords(sources), *rows["source_id"]]))}
    rows = rows.assign(_article=rows["source_id"].map(seen))
    rows = rows.sort_values(["_article", "_role", *order], kind="stable")
    return rows.assign(lane=rows.groupby(["_article", "_role"], sort=False).ngroup())


def _header(role: str, color: str, *details) -> str:
    """A role's label in its colour, then grey detail lines (already escaped)."""
    grey = "".join(f"<br><span style='font-size:12px;color:{NEUTRAL}'>{d}</span>" for d in details)
    return f"<span style='color:{color}'><b>{svg_text(label(role, ROLE_LABELS))}</b></span>{grey}"


def _lane_heads(lanes: pd.DataFrame, colors: dict, sources) -> list[str]:
    """Each lane's header: its role, then its article's keyword (or source id)."""
    names = _keywords(sources)
    return [
        _header(r, colors[r], svg_text(names.get(s, s)))
        for r, s in lanes[["role", "source_id"]].values
    ]


def _boxes(rows, colors, share, orders, **options) -> go.Figure:
    """px.bar of ``rows`` by role: boxes filled with ``share`` of the role's colour (the rest
    white), outlined in it, ``text`` inside and ``hover`` on hover."""
    fills = colors if share == 1 else {r: tint(c, 1 - share) for r, c in colors.items()}
    fig = px.bar(
        rows,
        color="role",
        text="text",
        custom_data=["hover"],
        color_discrete_map=fills,
        category_orders=orders,
        **options,
    )
    fig.for_each_trace(lambda t: t.update(marker_line_color=colors[t.legendgroup]))
    return fig.update_traces(
        hovertemplate=HOVER,
        textposition="inside",
        marker_opacity=1,
        insidetextanchor="middle",
        textfont_color=TEXT,
        showlegend=False,
        marker_line_width=1.5,
        textfont_size=13,
    )


def _check_scores(rows: pd.DataFrame, axes: list[str]) -> None:
    """Every drawn role scores each axis once, on the scale, and nothing off the axes."""
    for role, scored in rows.groupby("role", sort=False):
        skills = scored["skill"]
        twice = sorted(set(skills[skills.duplicated()]))
        lacking = [s for s in axes if s not in set(skills)]
        off = [s for s in skills if s not in axes]
        bad = [str(v) for v in scored["score"] if v not in SKILL_SCALE]
        for problem, text in [
            (twice, f"has more than one score for skill(s): {', '.join(twice)}"),
            (
                lacking,
                f"has no score for skill(s) {', '.join(lacking)}: its polygon would not "
                f"close; every role needs a score on every axis: {', '.join(axes)}",
            ),
            (off, f"scores skill(s) that are not axes: {', '.join(off)}; axes: {', '.join(axes)}"),
            (bad, f"has score(s) {', '.join(bad)} off the scale; valid scores: {SCALE}"),
        ]:
            if problem:
                raise ValueError(f"role {role} {text}")


def _radar_hover(rows: pd.DataFrame, sources) -> list[str]:
    """Each point's hover: the skill, then score, label and quote of every role on it."""
    lines = pd.Series(
        [
            f"{svg_text(r.role)}: {r.score} {SKILL_SCALE[r.score]}<br>"
            + provenance(r.quote, r.source_id, sources)
            for r in rows.itertuples()
        ],
        index=rows.index,
    )
    shared = lines.groupby([rows["skill"], rows["score"]]).transform("<br>".join)
    return [f"<b>{svg_text(s)}</b><br>{h}" for s, h in zip(rows["skill"], shared, strict=True)]


@_doc
def skills_radar(skills, *, axes, company=None, roles=None, sources=None) -> go.Figure:
    """Skill emphasis: a closed, filled polygon per role on the shared axes, scores 1-3 as the
    data encode the article's prose; a point's hover gives every role on it with its quote.

    Parameters
    ----------
    skills : DataFrame
        As ``load_skills`` returns it: company, role, skill, score, source_id, quote.
    axes : DataFrame
        The shared axes (skill, axis_order), as ``load_skill_axes`` returns them.
    {shared}
        Also for empty axes, or a role missing an axis, scoring one twice, off the axes or
        off the scale.
    """
    rows, drawn, notes, colors = _pick(skills, "skills", company, roles)
    if axes is None or not len(axes):
        raise ValueError("no skill axes to draw on: the axes frame is empty")
    names = [str(s) for s in axes.sort_values("axis_order", kind="stable")["skill"]]
    rows = rows.assign(skill=rows["skill"].astype(str), score=rows["score"].astype(int))
    _check_scores(rows, names)
    rows = rows.assign(_axis=rows["skill"].map({s: i for i, s in enumerate(names)}))
    rows = rows.sort_values(["_role", "_axis"]).assign(hover=lambda f: _radar_hover(f, sources))
    fig = px.line_polar(
        rows,
        r="score",
        theta="skill",
        color="role",
        symbol="role",  # colour is never the only cue: each role a marker and a dash
        line_dash="role",
        symbol_map=dict(zip(colors, ROLE_SYMBOLS * len(colors), strict=False)),
        line_dash_map=dict(zip(colors, ROLE_DASHES * len(colors), strict=False)),
        line_close=True,
        custom_data=["hover"],
        color_discrete_map=colors,
        category_orders={"skill": names, "role": drawn},
    )
    for trace in fig.data:
        fill = "rgba({},{},{},0.12)".format(*hex_to_rgb(colors[trace.legendgroup]))
        trace.update(name=svg_text(label(trace.legendgroup, ROLE_LABELS)), fillcolor=fill)
    fig.update_traces(
        hovertemplate=HOVER, mode="lines+markers", fill="toself", marker_size=9, line_width=2.5
    )
    ticks, angle = sorted(SKILL_SCALE), 90 - 180 / len(names)  # labels between two spokes
    fig.update_polars(
        radialaxis={
            "range": [0, max(ticks)],
            "tickvals": ticks,
            "angle": angle,
            "ticktext": [f"{k} {SKILL_SCALE[k]}" for k in ticks],
            "tickangle": angle,
            "tickfont": {"size": 11, "color": NEUTRAL},
            "gridcolor": "#dddddd",
        },
        angularaxis={
            "tickmode": "array",
            "tickvals": names,
            "ticktext": [svg_text(s, 16) for s in names],
            "ticks": "outside",
            "ticklen": 10,
            "tickcolor": "rgba(0,0,0,0)",
            "gridcolor": "#dddddd",
        },
        domain={"x": [0.08, 0.92], "y": [0.02, 0.98]},
    )
    fig.update_layout(legend={"orientation": "v", "x": 0, "y": 1, "yanchor": "top", "title": None})
    title = f"Skill emphasis: {' vs '.join(drawn)} at {rows['company'].iloc[0]}"
    subtitle, margin = [RADAR_NOTE, *notes], {"t": 150 + 18 * len(notes)}
    return finish(
        fig, title, rows["source_id"], sources, subtitle=subtitle, height=640, margin=margin
    )


def _card(r, wrap: int) -> str:
    """A round's card: "1. Product sense" and what it evaluates, or that the source is silent."""
    said = not pd.isna(r.evaluates) and str(r.evaluates).strip()
    body = (
        f"<span style='color:#444444'>{svg_text(r.evaluates, wrap)}</span>"
        if said
        else (f"<span style='color:#777777'><i>{NOT_STATED}</i></span>")
    )
    return f"<b>{r.round_order}. {svg_text(r.round)}</b>" + SMALL.format(11.5, TEXT, body)


@_doc
def interview_loops(rounds, *, company=None, roles=None, source_ids=None, sources=None):
    """Each role's interview rounds as cards ("1. Product sense" and what it evaluates, or
    "(not stated in source)"), one column per role and article, grouped by article.

    Parameters
    ----------
    rounds : DataFrame
        As ``load_interview_rounds`` returns it: company, role, source_id, round_order, round,
        evaluates, quote.
    source_ids : str or list of str, optional
        Only the loops these articles list (default: every article's).
    {shared}
        Also for an unknown source id, or two rounds of one loop at one round_order.
    """
    rows, drawn, notes, colors = _pick(rounds, "rounds", company, roles)
    if source_ids is not None:
        keep = choose_many("source", source_ids, present(rows, "source_id"))
        rows = rows[rows["source_id"].isin(keep)]
    for r in rows[rows.duplicated(["source_id", "role", "round_order"])].itertuples():
        raise ValueError(
            f"the {r.role} loop of {r.source_id} has more than one round at "
            f"round_order {r.round_order}"
        )
    rows = _lanes(rows.assign(round_order=rows["round_order"].astype(int)), sources, "round_order")
    rows["place"] = rows.groupby("lane").cumcount() + 1  # top to bottom, gaps closed
    wrap = max(18, 130 // (rows["lane"].max() + 1))
    rows["text"] = [_card(r, wrap) for r in rows.itertuples()]
    rows["hover"] = [
        f"<b>{svg_text(r.role)} \u00b7 Round {r.round_order}: {svg_text(r.round)}"
        f"</b><br>{provenance(r.quote, r.source_id, sources)}"
        for r in rows.itertuples()
    ]
    rows = rows.assign(size=0.84, base=rows["place"] - 0.42)
    fig = _boxes(rows, colors, 0.12, {"role": drawn}, x="lane", y="size", base="base")
    lanes, most = rows.drop_duplicates("lane"), int(rows["place"].max())
    cuts = lanes.loc[lanes["_article"].diff() > 0, "lane"] - 0.5  # a rule between articles
    fig.update_traces(width=0.92).add_scatter(
        x=[v for x in cuts for v in (x, x, None)],
        y=[0.5, most + 0.45, None] * len(cuts),
        mode="lines",
        line={"color": "#bbbbbb", "width": 1, "dash": "dot"},
        hoverinfo="skip",
        showlegend=False,
        name="article rule",
    )
    heads = _lane_heads(lanes, colors, sources)
    fig.update_xaxes(
        side="top",
        range=[-0.5, len(lanes) - 0.5],
        tickvals=list(lanes["lane"]),
        ticktext=heads,
        title=None,
        showgrid=False,
        zeroline=False,
    )
    fig.update_yaxes(range=[most + 0.5, 0.5], **HIDDEN)
    lines = int(rows["text"].str.count("<br>").max()) + 1  # a card's lines fit in its row
    title = f"Interview loops at {rows['company'].iloc[0]}, as each article lists them"
    height = int(230 + (36 + 16 * lines) * (most + 0.1))
    margin = {"l": 30, "r": 30, "t": 140 + 18 * len(notes)}
    return finish(
        fig, title, rows["source_id"], sources, subtitle=notes, height=height, margin=margin
    )


def _timelines(rows: pd.DataFrame, rounds, sources) -> pd.DataFrame:
    """One row per role and article: duration, rounds, quotes and the names of its rounds."""
    keys = ["source_id", "role"]
    for r in rows[rows.duplicated([*keys, "measure"])].itertuples():
        raise ValueError(f"the {r.role} process of {r.source_id} states {r.measure} more than once")
    wide = rows.pivot(index=keys, columns="measure", values="value")
    lanes = (
        rows.groupby(keys, sort=False)
        .agg(
            _role=("_role", "first"),
            company=("company", "first"),
            quotes=("quote", lambda q: list(dict.fromkeys(q))),
            stated=("measure", ", ".join),
        )
        .join(wide.reindex(columns=["duration", "rounds"]))
        .reset_index()
    )
    for r in lanes[lanes["duration"].isna()].itertuples():
        raise ValueError(
            f"the {r.role} process of {r.source_id} has no duration: nothing to "
            f"place on the day axis; measures present: {r.stated}"
        )
    names = pd.Series(dtype=object)
    if rounds is not None and len(rounds):
        listed = rounds[rounds["company"] == lanes["company"].iloc[0]].sort_values("round_order")
        names = listed.assign(role=listed["role"].astype(str)).groupby(keys)["round"].agg(list)
    lanes["names"] = [names.get(k, []) for k in zip(*lanes[keys].T.values, strict=True)]
    return _lanes(lanes, sources)


@_doc
def interview_timeline(process, *, rounds=None, company=None, roles=None, sources=None):
    """The interview process as stated: a bar from day 0 ("4 rounds over 21 days"). The sources
    date no single round, so the rounds' names are listed in the bar, not placed on the axis.

    Parameters
    ----------
    process : DataFrame
        As ``load_interview_process`` returns it: company, role, measure ("rounds" or
        "duration"), value, unit, source_id, quote.
    rounds : DataFrame, optional
        The interview rounds (``load_interview_rounds``), to list the names of the same
        role's and article's rounds; without it only the count is shown.
    {shared}
        Also when a process has no duration or states a measure twice.
    """
    rows, drawn, notes, colors = _pick(process, "process", company, roles)
    lanes = _timelines(rows, rounds, sources)
    said = [
        f"{number(d)} days" if pd.isna(n) else f"{number(n)} rounds over {number(d)} days"
        for d, n in zip(lanes["duration"], lanes["rounds"], strict=True)
    ]
    listed = [
        " \u00b7 ".join(f"{i}. {svg_text(s)}" for i, s in enumerate(n, 1)) for n in lanes["names"]
    ]
    lanes["text"] = [
        f"<b>{s}</b>" + (SMALL.format(12, TEXT, n) if n else "")
        for s, n in zip(said, listed, strict=True)
    ]
    lanes["hover"] = [
        f"<b>{svg_text(r.role)}</b><br>{r.text}<br>"
        + "<br>".join(provenance(q, r.source_id, sources) for q in r.quotes)
        for r in lanes.itertuples()
    ]
    lanes["day"] = 0  # each bar runs from day 0
    fig = _boxes(
        lanes, colors, 0.35, {"role": drawn}, x="duration", y="lane", base="day", orientation="h"
    )
    fig.update_traces(width=0.6, textfont_size=15, marker_line_width=2)
    span = float(lanes["duration"].max())
    fig.update_xaxes(
        range=[0, span],
        title_text="days",
        tick0=0,
        dtick=7 if span <= 70 else None,
        gridcolor="#e5e5e5",
        zeroline=False,
    )
    heads = _lane_heads(lanes, colors, sources)
    fig.update_yaxes(
        range=[len(lanes) - 0.5, -0.5],
        tickvals=list(lanes["lane"]),
        ticktext=heads,
        title=None,
        ticklabelstandoff=10,
    )
    note = "The sources date none of the rounds: they are listed in order, not placed on the days."
    title = f"Interview process at {lanes['company'].iloc[0]}: rounds and length as stated"
    height, notes = 170 + 130 * len(lanes), [note, *notes]
    return finish(
        fig, title, rows["source_id"], sources, subtitle=notes, height=height, margin_r=40
    )


@_doc
def rubric_chart(rubric, *, company=None, roles=None, sources=None) -> go.Figure:
    """Scoring rubric weights: a stacked bar per role and round, a segment per criterion
    ("Trade-off articulation 40%"), drawn as stated: weights that do not add up to 100% are
    not rescaled, and the bar's label says so.

    Parameters
    ----------
    rubric : DataFrame
        As ``load_rubric`` returns it: company, role, round, criterion, weight_pct, source_id,
        quote.
    {shared}
    """
    rows, drawn, notes, colors = _pick(rubric, "rubric", company, roles)
    rows = rows.sort_values("_role", kind="stable")
    rows["group"] = rows["role"] + "\u00b7" + rows["round"].astype(str)
    weights = [f"{svg_text(r.criterion)} <b>{percent(r.weight_pct)}</b>" for r in rows.itertuples()]
    rows["text"] = weights
    rows["hover"] = [
        f"<b>{w}</b><br>{svg_text(r.role)} \u00b7 {svg_text(r.round)} round<br>"
        + provenance(r.quote, r.source_id, sources)
        for w, r in zip(weights, rows.itertuples(), strict=True)
    ]
    names = _keywords(sources)
    groups = rows.groupby("group", sort=False).agg(
        role=("role", "first"),
        round=("round", "first"),
        total=("weight_pct", "sum"),
        articles=("source_id", lambda s: " & ".join(dict.fromkeys(names.get(i, i) for i in s))),
    )
    groups["note"] = [
        [] if abs(t - 100) < 1e-9 else [f"<i>weights sum to {percent(t)} as stated</i>"]
        for t in groups["total"]
    ]
    ticks = [
        _header(g.role, colors[g.role], f"{svg_text(g.round)} round", svg_text(g.articles), *g.note)
        for g in groups.itertuples()
    ]
    orders = {"role": drawn, "group": list(groups.index)}
    fig = _boxes(rows, colors, 1, orders, x="weight_pct", y="group", orientation="h")
    fig.update_traces(
        width=0.5,
        marker_line={"color": "white", "width": 3},
        textfont={"size": 14, "color": "white"},
    )
    fig.update_xaxes(
        range=[0, max(100.0, groups["total"].max())],
        ticksuffix="%",
        dtick=10,
        title_text="share of the round's score",
    )
    fig.update_yaxes(tickvals=list(groups.index), ticktext=ticks, title=None, ticklabelstandoff=10)
    what = list(dict.fromkeys(groups["round"].astype(str)))
    what = f"{what[0]} round" if len(what) == 1 else "Interview rounds"
    title = f"{what} at {rows['company'].iloc[0]}: scoring rubric weights"
    fig.update_layout(barmode="stack", margin_r=40)
    return finish(
        fig, title, rows["source_id"], sources, subtitle=notes, height=150 + 80 * len(groups)
    )


def _steps(rows: pd.DataFrame) -> tuple[pd.DataFrame, list, float]:
    """Each step's box: column x (by step_order), row y (alternatives stacked around the lane's
    middle), each lane's header (y, role) and the bottom; the y axis runs downwards."""
    rows = rows.sort_values(["_role", "step_order"], kind="stable")
    rows["x"] = rows.groupby("_role")["step_order"].rank(method="dense").astype(int) - 1
    same = rows.groupby(["_role", "step_order"])
    rows["nth"] = same.cumcount()
    rows["y"] = rows["nth"] - (same["step"].transform("size") - 1) / 2
    rows["branch"] = rows["branch"].fillna("").astype(str).str.strip()
    heads, top, middle = [], 0.0, {}
    for rank, n in same.size().groupby(level=0).max().items():
        heads.append((top, rows.loc[rows["_role"] == rank, "role"].iloc[0]))
        middle[rank] = top + 0.6 + (n - 1) / 2  # the lane's middle, below its header
        top = middle[rank] + (n - 1) / 2 + 0.7
    rows["y"] += rows["_role"].map(middle)
    return rows.reset_index(drop=True), heads, top - 0.4


def _edges(steps: pd.DataFrame) -> pd.DataFrame:
    """An arrow from each step to each next one: along its own branch if that has an earlier
    step, else from the unbranched steps before it, else from every step before it."""
    cols = ["_role", "role", "x", "y", "branch"]
    heads = steps[cols].rename_axis("id").reset_index()
    pairs = heads.merge(steps[cols].assign(x=steps["x"] + 1), on=cols[:3], suffixes=("", "_from"))
    own = (pairs["branch"] != "") & (pairs["branch"] == pairs["branch_from"])
    unbranched = pairs["branch_from"] == ""
    has_own, has_unbranched = (s.groupby(pairs["id"]).transform("any") for s in (own, unbranched))
    keep = own | (~has_own & unbranched) | (~has_own & ~has_unbranched)
    return pairs[keep].assign(x_from=lambda p: p["x"] - 1)


def _arrows(fig: go.Figure, edges: pd.DataFrame, steps, heads, colors) -> None:
    """One line trace per role (None between segments, an arrow head at each end), and one
    text trace: each lane's header, and "or" where a step leads to two or more."""
    for role, e in edges.groupby("role", sort=False):
        ends = zip(e["x_from"] + BOX, e["y_from"], e["x"] - BOX - 0.03, e["y"], strict=True)
        points = [p for x0, y0, x1, y1 in ends for p in ((x0, y0), (x1, y1), (None, None))]
        x, y = zip(*points, strict=True)
        marker = {"symbol": "arrow", "angleref": "previous", "size": [0, 13, 0] * len(e)}
        fig.add_scatter(
            x=x,
            y=y,
            mode="lines+markers",
            line={"color": colors[role], "width": 1.8},
            marker=marker,
            hoverinfo="skip",
            name="path arrows",
            legendgroup=role,
            showlegend=False,
        )
    fanned = edges.groupby(["x_from", "y_from"]).size()
    forks = [(x + 0.5, y) for x, y in fanned[fanned > 1].index]
    forks += [(0, y - 0.5) for y in steps.loc[(steps["x"] == 0) & (steps["nth"] > 0), "y"]]
    n, k = len(heads), len(forks)
    text = [f"<b>{svg_text(label(r, ROLE_LABELS))}</b>" for _, r in heads] + ["<i>or</i>"] * k
    font = {"size": [14] * n + [12] * k, "color": [colors[r] for _, r in heads] + [NEUTRAL] * k}
    fig.add_scatter(
        x=[-BOX] * n + [x for x, _ in forks],
        y=[y for y, _ in heads + forks],
        text=text,
        textposition=["bottom right"] * n + ["middle center"] * k,
        textfont=font,
        mode="text",
        hoverinfo="skip",
        showlegend=False,
        name="labels",
    )


@_doc
def career_paths_chart(paths, *, company=None, roles=None, sources=None) -> go.Figure:
    """Each track's next steps as the article describes them: a lane per role, boxes left to
    right by step_order, arrows to the next step. Steps sharing a step_order are alternatives
    (a fork), stacked; a step on a named branch continues from the earlier step of its branch.

    Parameters
    ----------
    paths : DataFrame
        As ``load_career_paths`` returns it: company, role, step_order, step, branch,
        source_id, quote.
    {shared}
    """
    rows, drawn, notes, colors = _pick(paths, "paths", company, roles)
    steps, heads, bottom = _steps(rows)
    columns = int(steps["x"].max()) + 1
    side = [
        SMALL.format(11, NEUTRAL, svg_text(b)) if b and b.casefold() != str(s).casefold() else ""
        for s, b in zip(steps["step"], steps["branch"], strict=True)
    ]
    steps["text"] = [f"<b>{svg_text(s, max(10, 96 // columns))}</b>" for s in steps["step"]]
    steps["text"] += side
    steps["hover"] = [
        f"<b>{svg_text(r.role)}, step {r.step_order}: {svg_text(r.step)}</b><br>"
        + (f"branch: {svg_text(r.branch)}<br>" if r.branch else "")
        + provenance(r.quote, r.source_id, sources)
        for r in steps.itertuples()
    ]
    steps = steps.assign(size=0.6, base=steps["y"] - 0.3)
    fig = _boxes(steps, colors, 0.12, {"role": drawn}, x="x", y="size", base="base")
    fig.update_traces(width=2 * BOX).update_layout(barmode="overlay")
    _arrows(fig, _edges(steps), steps, heads, colors)
    fig.update_xaxes(range=[-0.5, columns - 0.5], **HIDDEN)
    fig.update_yaxes(range=[bottom + 0.1, -0.1], **HIDDEN)
    title = f"Career paths at {rows['company'].iloc[0]}: each track's next steps"
    height, margin = int(150 + 110 * bottom), {"l": 30, "r": 30}
    return finish(
        fig, title, rows["source_id"], sources, subtitle=notes, height=height, margin=margin
    )
