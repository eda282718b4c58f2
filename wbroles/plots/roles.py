"""Role charts: skill emphasis, interview loops, process timeline, rubric weights, career paths.

Each builder takes the tidy frame its loader returns (``wbroles.load_skills``,
``load_interview_rounds``, ``load_interview_process``, ``load_rubric``, ``load_career_paths``)
first and everything else keyword-only, and returns a ``plotly.graph_objects.Figure`` without
showing or saving it. Every mark carries its source quote in the hover text, and every figure
names its sources inside the image.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go

from ..errors import DataError
from ..load import load_interview_rounds, load_skill_axes
from ..schemas import SKILL_SCALE
from ._bands import resolve_sources
from ._common import choose, finish, select
from .style import NEUTRAL, ROLE_LABELS, role_color

__all__ = [
    "career_paths_chart",
    "interview_loops",
    "interview_timeline",
    "rubric_chart",
    "skills_radar",
]

HOVER_WRAP = 60  # characters per hover line, so a long quote stays a readable block
NOT_STATED = "(not stated in source)"
MUTED = "#777777"

_SHARED_PARAMS = """\
    company : str, optional
        The company to draw. Needed only when the frame holds more than one.
    roles : str or list of str, optional
        Role codes to draw (default: every role in the frame), in the frame's role order.
        A known role that this table has no row for is named in a note under the title
        ("The sources state no ... for TPM."), not drawn as an empty mark.
    sources : DataFrame, optional
        The sources table, to name each source by keyword and date in the figure's source
        line. Default: loaded from the frame's data folder; bare source ids if that fails.

    Raises
    ------
    ValueError
        For an empty frame, an unknown company or role (the message names the valid
        choices), or roles none of which has a row in this table."""


def _shared_doc(func):
    func.__doc__ = func.__doc__.replace("{shared}", _SHARED_PARAMS)
    return func


# ---------------------------------------------------------------------------- helpers


def _check_columns(frame: pd.DataFrame | None, needed: Iterable[str], *, what: str) -> None:
    """Name missing columns up front, rather than failing later with a bare KeyError."""
    if frame is None or len(frame) == 0:
        return  # select() reports the empty frame
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the {what} frame lacks column(s) {', '.join(missing)}; "
            f"expected columns: {', '.join(needed)}"
        )


def _present(frame: pd.DataFrame, column: str) -> list:
    """Values of ``column`` present in ``frame``, in category order if categorical."""
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        present = set(series.dropna())
        return [c for c in series.cat.categories if c in present]
    return list(dict.fromkeys(series.dropna()))


def _palette_roles(frame: pd.DataFrame) -> list[str]:
    """Every role the frame knows (its categories), so a third role keeps one colour
    whichever roles a caller picks."""
    series = frame["role"]
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [str(c) for c in series.cat.categories]
    return [str(r) for r in dict.fromkeys(series.dropna())]


def _role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def _tint(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _lighten(hex_color: str, share: float) -> str:
    """The colour mixed with white (``share`` of the colour), as an opaque hex code."""
    channels = (int(hex_color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#" + "".join(f"{round(255 - share * (255 - c)):02x}" for c in channels)


def _wrap(text, width: int = HOVER_WRAP) -> str:
    """Break at spaces only, so that replacing '<br>' by ' ' gives the text back."""
    return "<br>".join(
        textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False)
    )


def _quote(text, width: int = HOVER_WRAP) -> str:
    return f"<i>\u201c{_wrap(text, width)}\u201d</i>"


def _blank(value) -> bool:
    return value is None or pd.isna(value) or not str(value).strip()


def _keywords(source_ids: Iterable[str], sources: pd.DataFrame | None) -> dict[str, str]:
    """Source id -> article keyword, falling back to the id."""
    ids = [str(s) for s in source_ids]
    if sources is None or not len(sources) or "keyword" not in sources:
        return {i: i for i in ids}
    known = dict(zip(sources["source_id"].astype(str), sources["keyword"], strict=False))
    return {i: str(known.get(i, i)) for i in ids}


def _select(
    frame: pd.DataFrame,
    *,
    company: str | None,
    roles: str | Iterable[str] | None,
    what: str,
) -> tuple[pd.DataFrame, list[str]]:
    """Rows of one company and the chosen roles, and the chosen roles without rows.

    A role the data knows (a category of ``role``, as the loaders set it from the roles
    table) that this table has no row for is not an error: the figure says that the sources
    state nothing for it. An unknown role raises ``ValueError`` naming the valid choices; so
    does a choice none of whose roles has rows here.
    """
    chosen = select(frame, company=company, what=what)
    if roles is None:
        return chosen, []
    wanted = [roles] if isinstance(roles, str) else list(roles)
    known = _palette_roles(frame)
    unknown = [r for r in wanted if r not in known]
    if unknown or not wanted:
        raise ValueError(
            f"unknown role {', '.join(map(str, unknown)) or 'nothing'}; "
            f"choose from: {', '.join(known)}"
        )
    present = {str(r) for r in chosen["role"].dropna()}
    missing = [r for r in wanted if r not in present]
    if len(missing) == len(wanted):
        raise ValueError(
            f"the {what} holds no rows for role {', '.join(missing)}; "
            f"roles with {what}: {', '.join(map(str, _present(chosen, 'role')))}"
        )
    return chosen[chosen["role"].isin(wanted)], missing


def _absent(missing: list[str], what: str) -> list[str]:
    """The line that says which chosen roles the sources state nothing for."""
    if not missing:
        return []
    return [f"The sources state no {what} for {' or '.join(missing)}."]


def _subtitle(fig: go.Figure, lines: list[str], *, top: int = 70) -> None:
    """Short notes under the title; the top margin and the figure grow with them."""
    if not lines:
        return
    extra = 18 * len(lines)
    fig.update_layout(
        title_subtitle_text="<br>".join(lines),
        title_subtitle_font={"size": 12, "color": NEUTRAL},
        margin={"t": top + extra},
        height=fig.layout.height + extra,
    )


def _company(frame: pd.DataFrame) -> str:
    return str(frame["company"].iloc[0]) if "company" in frame else ""


def _hidden_axes(fig: go.Figure, *, x_range, y_range) -> None:
    hidden = {"visible": False, "fixedrange": True}
    fig.update_xaxes(range=list(x_range), **hidden)
    fig.update_yaxes(range=list(y_range), **hidden)


# ---------------------------------------------------------------------- skills radar


@_shared_doc
def skills_radar(
    skills: pd.DataFrame,
    *,
    axes: pd.DataFrame | None = None,
    company: str | None = None,
    roles: str | Iterable[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """Skill emphasis of each role, overlaid on one shared set of skill axes.

        One closed polygon (``Scatterpolar``, first point repeated at the end) per role, the
        axes in ``axis_order``. Scores are the data's 1-3 encoding of the article's prose
        (``wbroles.schemas.SKILL_SCALE``); the hover on each point shows the score, its label
        and the sentence it rests on.

        Parameters
        ----------
        skills : DataFrame
            As ``wbroles.load_skills`` returns it: company, role, skill, score, source_id, quote.
        axes : DataFrame, optional
            The shared axes (skill, axis_order), as ``wbroles.load_skill_axes`` returns them.
            Default: loaded from the skills frame's data folder.
    {shared}
            Also when a drawn role has no score for an axis (the polygon would not close), scores
            a skill that is not an axis, or scores one skill twice.
    """
    _check_columns(
        skills, ["company", "role", "skill", "score", "source_id", "quote"], what="skills"
    )
    chosen, missing = _select(skills, company=company, roles=roles, what="skills")
    if axes is None:
        axes = load_skill_axes(skills.attrs.get("data_dir"))
    if axes is None or len(axes) == 0:
        raise ValueError("no skill axes to draw on: the axes frame is empty")
    _check_columns(axes, ["skill", "axis_order"], what="skill axes")
    axis_names = [str(s) for s in axes.sort_values("axis_order", kind="stable")["skill"]]

    scored = {}  # role -> frame indexed by skill, in axis order
    for role in _present(chosen, "role"):
        rows = chosen[chosen["role"] == role]
        skill_names = rows["skill"].astype(str)
        twice = sorted(set(skill_names[skill_names.duplicated()]))
        if twice:
            raise ValueError(
                f"role {role} has more than one score for skill(s): {', '.join(twice)}"
            )
        missing = [s for s in axis_names if s not in set(skill_names)]
        if missing:
            raise ValueError(
                f"role {role} has no score for skill(s) {', '.join(missing)}: its polygon "
                f"would not close; every role needs a score on every axis: {', '.join(axis_names)}"
            )
        off_axes = [s for s in skill_names if s not in axis_names]
        if off_axes:
            raise ValueError(
                f"role {role} scores skill(s) that are not axes: {', '.join(off_axes)}; "
                f"axes: {', '.join(axis_names)}"
            )
        bad = [int(v) for v in rows["score"] if int(v) not in SKILL_SCALE]
        if bad:
            raise ValueError(
                f"role {role} has score(s) {', '.join(map(str, bad))} off the scale; "
                f"valid scores: {', '.join(f'{k} {v}' for k, v in SKILL_SCALE.items())}"
            )
        scored[role] = rows.set_index(skill_names).loc[axis_names]

    # Two roles with the same score on an axis share one point, and hover picks one of them:
    # each point's hover therefore lists every role that sits there.
    def point_hover(skill: str, score: int) -> str:
        lines = [f"<b>{skill}</b>"]
        for other, frame in scored.items():
            if int(frame.at[skill, "score"]) == score:
                lines.append(
                    f"{other}: {score} {SKILL_SCALE[score]}<br>" + _quote(frame.at[skill, "quote"])
                )
        return "<br>".join(lines)

    palette = _palette_roles(skills)
    fig = go.Figure()
    for role, frame in scored.items():
        color = role_color(role, palette)
        scores = [int(v) for v in frame["score"]]
        hover = [point_hover(s, v) for s, v in zip(axis_names, scores, strict=True)]
        fig.add_trace(
            go.Scatterpolar(
                r=scores + scores[:1],
                theta=axis_names + axis_names[:1],
                name=_role_label(role),
                legendgroup=role,
                meta={"role": role},
                mode="lines+markers",
                line={"color": color, "width": 2.5},
                marker={"color": color, "size": 9},
                fill="toself",
                fillcolor=_tint(color, 0.12),
                hovertext=hover + hover[:1],
                hoverinfo="text",
            )
        )

    ticks = sorted(SKILL_SCALE)
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [0, max(ticks)],
                "tickvals": ticks,
                "ticktext": [f"{k} {SKILL_SCALE[k]}" for k in ticks],
                "tickfont": {"size": 11, "color": NEUTRAL},
                # Between the first two spokes, so tick labels never sit on a data point;
                # tickangle equal to the axis angle keeps them horizontal.
                "angle": 90 - 180 / len(axis_names),
                "tickangle": 90 - 180 / len(axis_names),
                "gridcolor": "#dddddd",
            },
            "angularaxis": {
                "direction": "clockwise",
                "rotation": 90,
                "categoryorder": "array",
                "categoryarray": axis_names,
                # Wrapped display labels; the data keep the axes' own names.
                "tickmode": "array",
                "tickvals": axis_names,
                "ticktext": [_wrap(s, 16) for s in axis_names],
                "tickfont": {"size": 12},
                # Invisible ticks push the labels off the outer ring, where the markers sit.
                "ticks": "outside",
                "ticklen": 10,
                "tickcolor": "rgba(0,0,0,0)",
                "gridcolor": "#dddddd",
            },
            "domain": {"x": [0.08, 0.92], "y": [0.02, 0.98]},
        },
    )
    roles_drawn = list(scored)
    finish(
        fig,
        title=f"Skill emphasis: {' vs '.join(roles_drawn)} at {_company(chosen)}",
        source_ids=chosen["source_id"],
        sources=resolve_sources(skills, sources),
        height=662,
    )
    fig.update_layout(
        legend={
            "orientation": "v",
            "x": 1,
            "xanchor": "right",
            "y": 1,
            "yanchor": "top",
            "font": {"size": 13},
        },
    )
    scale = ", ".join(f"{k} {v}" for k, v in SKILL_SCALE.items())
    note = (
        f"Scores encode the article's prose ({scale}); hover a point for the "
        "sentence it rests on. Scale: data/README.md"
    )
    # The top margin leaves room for the axis label above the polygon.
    _subtitle(fig, [note, *_absent(missing, "skill scores")], top=112)
    return fig


# ------------------------------------------------------------------- interview loops


def _loop_order(frame: pd.DataFrame, sources: pd.DataFrame | None) -> list[tuple[str, str]]:
    """(source, role) pairs: grouped by article, so the PM and TPM loops of one article stand
    side by side; roles in the frame's role order."""
    source_ids = list(dict.fromkeys(frame["source_id"].astype(str)))
    if sources is not None and len(sources):
        known = [str(s) for s in sources["source_id"]]
        source_ids.sort(key=lambda s: known.index(s) if s in known else len(known))
    pairs = []
    for source_id in source_ids:
        rows = frame[frame["source_id"].astype(str) == source_id]
        pairs += [(source_id, role) for role in _present(rows, "role")]
    return pairs


@_shared_doc
def interview_loops(
    rounds: pd.DataFrame,
    *,
    company: str | None = None,
    roles: str | Iterable[str] | None = None,
    source_ids: str | Iterable[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """Each role's interview rounds in order, one column per role and article, side by side.

        Every round is a card ("1. Product sense") with what it evaluates in smaller type, or
        "(not stated in source)" where the article does not say. Columns are grouped by article
        so that one article's PM and TPM loops stand next to each other; each column is headed by
        its role and the article's keyword, and coloured by role. Hover shows the quote.

        Parameters
        ----------
        rounds : DataFrame
            As ``wbroles.load_interview_rounds`` returns it: company, role, source_id,
            round_order, round, evaluates, quote.
        source_ids : str or list of str, optional
            Only the loops these articles list (default: every article's).
    {shared}
            Also for an unknown source id, or two rounds of one loop with the same round_order.
    """
    needed = ["company", "role", "source_id", "round_order", "round", "evaluates", "quote"]
    _check_columns(rounds, needed, what="interview rounds")
    chosen, missing = _select(rounds, company=company, roles=roles, what="interview rounds")
    if source_ids is not None:
        keep = choose(chosen, "source_id", source_ids, what="source")
        chosen = chosen[chosen["source_id"].isin(keep)]
    sources = resolve_sources(rounds, sources)
    keyword = _keywords(chosen["source_id"].unique(), sources)
    loops = _loop_order(chosen, sources)
    palette = _palette_roles(rounds)

    columns = len(loops)
    wrap_chars = max(18, 130 // columns)  # about 6 px a character on a 1000 px figure

    def card_text(data) -> str:
        head = f"<b>{int(data['round_order'])}. {data['round']}</b>"
        if _blank(data["evaluates"]):
            body = f"<span style='color:{MUTED}'><i>{NOT_STATED}</i></span>"
        else:
            body = f"<span style='color:#444444'>{_wrap(data['evaluates'], wrap_chars)}</span>"
        return f"{head}<br><span style='font-size:11.5px'>{body}</span>"

    loop_rows = []  # per loop: its rounds in order
    for source_id, role in loops:
        rows = chosen[(chosen["source_id"].astype(str) == source_id) & (chosen["role"] == role)]
        orders = rows["round_order"]
        if orders.duplicated().any():
            twice = sorted(set(orders[orders.duplicated()].astype(int)))
            raise ValueError(
                f"the {role} loop of {source_id} has more than one round at "
                f"round_order {', '.join(map(str, twice))}"
            )
        loop_rows.append(rows.sort_values("round_order"))
    texts = [[card_text(data) for _, data in rows.iterrows()] for rows in loop_rows]
    lines = max(text.count("<br>") + 1 for column in texts for text in column)
    row_px = 30 + 16 * lines  # enough for the fullest card
    rows_max = max(len(rows) for rows in loop_rows)

    fig = go.Figure()
    half_width, half_height = 0.46, 0.42
    for column, ((source_id, role), rows) in enumerate(zip(loops, loop_rows, strict=True)):
        color = role_color(role, palette)
        positions = list(range(1, len(rows) + 1))  # top to bottom; gaps in round_order closed
        for row in positions:
            fig.add_shape(
                type="rect",
                x0=column - half_width,
                x1=column + half_width,
                y0=row - half_height,
                y1=row + half_height,
                line={"color": color, "width": 1.5},
                fillcolor=_tint(color, 0.10),
                layer="below",
            )
        fig.add_trace(
            go.Scatter(
                x=[column] * len(rows),
                y=positions,
                mode="markers+text",
                text=texts[column],
                textposition="middle center",
                textfont={"size": 13},
                # Invisible square markers the size of a card, so hover works on the whole card.
                marker={"symbol": "square", "size": 60, "opacity": 0},
                hovertext=[
                    f"<b>{role} \u00b7 {keyword[source_id]}</b><br>"
                    f"Round {int(data['round_order'])}: {data['round']}<br>" + _quote(data["quote"])
                    for _, data in rows.iterrows()
                ],
                hoverinfo="text",
                name=f"{role} \u00b7 {keyword[source_id]}",
                legendgroup=role,
                meta={"role": role, "source_id": source_id},
                showlegend=False,
            )
        )
        fig.add_annotation(
            x=column,
            y=1 - half_height,
            yshift=8,
            yanchor="bottom",
            text=(
                f"<b>{_role_label(role)}</b><br>"
                f"<span style='font-size:12px;color:{NEUTRAL}'>{keyword[source_id]}</span>"
            ),
            showarrow=False,
            font={"size": 14, "color": color},
            name="loop header",
        )
        if column and loops[column - 1][0] != source_id:
            # A rule between articles: loops of one article stand together.
            fig.add_shape(
                type="line",
                x0=column - 0.5,
                x1=column - 0.5,
                y0=0.1,
                y1=rows_max + 0.45,
                line={"color": "#bbbbbb", "width": 1, "dash": "dot"},
            )

    _hidden_axes(fig, x_range=(-0.5, columns - 0.5), y_range=(rows_max + 0.5, 0.0))
    finish(
        fig,
        title=f"Interview loops at {_company(chosen)}, as each article lists them",
        source_ids=chosen["source_id"],
        sources=sources,
        height=int(180 + row_px * rows_max * 1.15),
    )
    fig.update_layout(margin={"l": 30, "r": 30, "t": 80})
    _subtitle(fig, _absent(missing, "interview loop"), top=92)
    return fig


# --------------------------------------------------------------- interview timeline


@_shared_doc
def interview_timeline(
    process: pd.DataFrame,
    *,
    company: str | None = None,
    roles: str | Iterable[str] | None = None,
    rounds: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """The interview process as its source states it: the number of rounds and the span.

        One bar per role and article from day 0 to the stated length ("4 rounds over 21 days").
        The sources give no date for any single round, so rounds are never placed on the time
        axis: their names are listed under the bar, in the order the article gives them.

        Parameters
        ----------
        process : DataFrame
            As ``wbroles.load_interview_process`` returns it: company, role, measure ("rounds"
            or "duration"), value, unit, source_id, quote.
        rounds : DataFrame, optional
            The interview rounds (``wbroles.load_interview_rounds``), to list the round names of
            the same role and article. Default: loaded from the process frame's data folder;
            without it only the count is shown.
    {shared}
            Also when a role's process has no duration (nothing to place on the day axis).
    """
    needed = ["company", "role", "measure", "value", "unit", "source_id", "quote"]
    _check_columns(process, needed, what="interview process")
    chosen, missing = _select(process, company=company, roles=roles, what="interview process")
    sources = resolve_sources(process, sources)
    if rounds is None:
        try:
            rounds = load_interview_rounds(process.attrs.get("data_dir"))
        except (DataError, OSError):
            rounds = None
    keyword = _keywords(chosen["source_id"].unique(), sources)
    palette = _palette_roles(process)

    timelines = []  # (role, source_id, days, count, names, quote)
    for source_id, role in _loop_order(chosen, sources):
        rows = chosen[(chosen["source_id"].astype(str) == source_id) & (chosen["role"] == role)]
        measures = rows.set_index("measure")
        if measures.index.duplicated().any():
            twice = sorted(set(measures.index[measures.index.duplicated()]))
            raise ValueError(
                f"the {role} process of {source_id} states {', '.join(twice)} more than once"
            )
        if "duration" not in measures.index:
            raise ValueError(
                f"the {role} process of {source_id} has no duration: nothing to place on the "
                f"day axis; measures present: {', '.join(map(str, measures.index))}"
            )
        days = float(measures.at["duration", "value"])
        count = float(measures.at["rounds", "value"]) if "rounds" in measures.index else None
        names = []
        if rounds is not None and len(rounds):
            listed = rounds[
                (rounds["company"] == _company(chosen))
                & (rounds["role"].astype(str) == str(role))
                & (rounds["source_id"].astype(str) == source_id)
            ]
            names = list(listed.sort_values("round_order")["round"].astype(str))
        quotes = list(dict.fromkeys(rows["quote"].astype(str)))
        timelines.append((role, source_id, days, count, names, quotes))

    span = max(t[2] for t in timelines)
    fig = go.Figure()
    for index, (role, source_id, days, count, names, quotes) in enumerate(timelines):
        color = role_color(role, palette)
        stated = f"{days:g} days" if count is None else f"{count:g} rounds over {days:g} days"
        fig.add_trace(
            go.Bar(
                x=[days],
                base=[0],
                y=[index],
                orientation="h",
                width=0.34,
                # Opaque, so that the week grid does not cut the span into would-be rounds.
                marker={"color": _lighten(color, 0.35), "line": {"color": color, "width": 2}},
                text=[f"<b>{stated}</b>"],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": 15, "color": "#222222"},
                hovertext=[
                    f"<b>{role} \u00b7 {keyword[source_id]}</b><br>{stated}<br>"
                    + "<br>".join(_quote(q) for q in quotes)
                ],
                hoverinfo="text",
                name=f"{role} \u00b7 {keyword[source_id]}",
                legendgroup=role,
                meta={"role": role, "source_id": source_id, "rounds": count, "days": days},
                showlegend=False,
            )
        )
        # Header above the bar, round names below it (yshift is in screen pixels, up).
        fig.add_annotation(
            x=0,
            y=index,
            yshift=30,
            xanchor="left",
            yanchor="bottom",
            text=(
                f"<b>{_role_label(role)}</b>"
                f"<span style='color:{NEUTRAL}'> \u00b7 {keyword[source_id]}</span>"
            ),
            showarrow=False,
            font={"size": 13, "color": color},
            name="timeline header",
        )
        listing = (
            "Rounds as listed (the source dates none of them): "
            + "  ".join(f"{n}. {name}" for n, name in enumerate(names, start=1))
            if names
            else "The source dates none of the rounds."
        )
        fig.add_annotation(
            x=0,
            y=index,
            yshift=-30,
            xanchor="left",
            yanchor="top",
            text=listing,
            showarrow=False,
            font={"size": 12, "color": NEUTRAL},
            name="round names",
        )

    step = 7 if span <= 70 else None  # weeks, when the span is a few weeks
    fig.update_xaxes(
        range=[0, span],
        title_text="days",
        tick0=0,
        dtick=step,
        showgrid=True,
        gridcolor="#e5e5e5",
        zeroline=False,
        fixedrange=True,
    )
    fig.update_yaxes(range=[len(timelines) - 0.45, -0.6], visible=False, fixedrange=True)
    finish(
        fig,
        title=f"Interview process at {_company(chosen)}: rounds and length as stated",
        source_ids=chosen["source_id"],
        sources=sources,
        height=230 + 110 * len(timelines),
    )
    fig.update_layout(margin={"l": 40, "r": 40})
    _subtitle(fig, _absent(missing, "interview process"))
    return fig


# ------------------------------------------------------------------------- rubric


@_shared_doc
def rubric_chart(
    rubric: pd.DataFrame,
    *,
    company: str | None = None,
    roles: str | Iterable[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """Scoring rubric weights of an interview round as one stacked bar per role and round.

        Each segment is a criterion, labelled "Trade-off articulation 40%", in the order the
        article gives them; hover shows the quote. Weights are drawn as stated: if a rubric's
        weights do not add up to 100 % the bar says so instead of rescaling them.

        Parameters
        ----------
        rubric : DataFrame
            As ``wbroles.load_rubric`` returns it: company, role, round, criterion, weight_pct,
            source_id, quote.
    {shared}
    """
    needed = ["company", "role", "round", "criterion", "weight_pct", "source_id", "quote"]
    _check_columns(rubric, needed, what="rubric")
    chosen, missing = _select(rubric, company=company, roles=roles, what="rubric")
    sources = resolve_sources(rubric, sources)
    keyword = _keywords(chosen["source_id"].unique(), sources)
    palette = _palette_roles(rubric)

    groups = [
        (role, round_name)
        for role in _present(chosen, "role")
        for round_name in dict.fromkeys(chosen.loc[chosen["role"] == role, "round"].astype(str))
    ]
    totals = []
    fig = go.Figure()
    for index, (role, round_name) in enumerate(groups):
        color = role_color(role, palette)
        rows = chosen[(chosen["role"] == role) & (chosen["round"].astype(str) == round_name)]
        total = float(rows["weight_pct"].sum())
        totals.append(total)
        for _, data in rows.iterrows():
            weight = float(data["weight_pct"])
            fig.add_trace(
                go.Bar(
                    x=[weight],
                    y=[index],
                    orientation="h",
                    width=0.5,
                    marker={"color": color, "line": {"color": "white", "width": 3}},
                    text=[f"{data['criterion']} <b>{weight:g}%</b>"],
                    textposition="inside",
                    insidetextanchor="middle",
                    textfont={"size": 14},
                    hovertext=[
                        f"<b>{data['criterion']}: {weight:g}%</b><br>"
                        f"{role} \u00b7 {round_name} round \u00b7 {keyword[str(data['source_id'])]}"
                        f"<br>{_quote(data['quote'])}"
                    ],
                    hoverinfo="text",
                    name=str(data["criterion"]),
                    legendgroup=role,
                    meta={"role": role, "round": round_name},
                    showlegend=False,
                )
            )
        articles = " & ".join(dict.fromkeys(keyword[str(s)] for s in rows["source_id"]))
        # Weights are drawn as stated: a rubric that does not add up to 100 says so.
        tally = "" if abs(total - 100) < 1e-9 else f" \u2014 weights sum to {total:g}% as stated"
        fig.add_annotation(
            x=0,
            y=index,
            yshift=22,
            xanchor="left",
            yanchor="bottom",
            text=(
                f"<b>{_role_label(role)}</b><span style='color:{NEUTRAL}'> \u00b7 "
                f"{round_name} round \u00b7 {articles}{tally}</span>"
            ),
            showarrow=False,
            font={"size": 13, "color": color},
            name="rubric header",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(
        range=[0, max([100.0, *totals])],
        ticksuffix="%",
        dtick=10,
        title_text="share of the round's score",
        fixedrange=True,
    )
    fig.update_yaxes(range=[len(groups) - 0.5, -0.75], visible=False, fixedrange=True)
    rounds_drawn = list(dict.fromkeys(r for _, r in groups))
    title_round = f"{rounds_drawn[0]} round" if len(rounds_drawn) == 1 else "Interview rounds"
    finish(
        fig,
        title=f"{title_round} at {_company(chosen)}: scoring rubric weights",
        source_ids=chosen["source_id"],
        sources=sources,
        height=200 + 95 * len(groups),
    )
    fig.update_layout(margin={"l": 40, "r": 40})
    _subtitle(fig, _absent(missing, "scoring rubric"))
    return fig


# -------------------------------------------------------------------- career paths


@_shared_doc
def career_paths_chart(
    paths: pd.DataFrame,
    *,
    company: str | None = None,
    roles: str | Iterable[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> go.Figure:
    """Each track's next steps as the article describes them, drawn as a flow with arrows.

        One lane per role, steps left to right in ``step_order``. Steps that share a step_order
        are alternatives (a fork, such as TPM leadership or engineering management): they stand
        one above the other and each gets its own arrow. A step on a named branch continues from
        the earlier step of that branch. Hover shows the quote.

        Parameters
        ----------
        paths : DataFrame
            As ``wbroles.load_career_paths`` returns it: company, role, step_order, step, branch,
            source_id, quote.
    {shared}
    """
    needed = ["company", "role", "step_order", "step", "branch", "source_id", "quote"]
    _check_columns(paths, needed, what="career paths")
    chosen, missing = _select(paths, company=company, roles=roles, what="career paths")
    sources = resolve_sources(paths, sources)
    keyword = _keywords(chosen["source_id"].unique(), sources)
    palette = _palette_roles(paths)

    lanes = []  # per role: list of columns, each a list of step rows (alternatives)
    for role in _present(chosen, "role"):
        rows = chosen[chosen["role"] == role].sort_values("step_order", kind="stable")
        lanes.append((role, [group for _, group in rows.groupby("step_order", sort=True)]))
    columns = max(len(steps) for _, steps in lanes)
    wrap_chars = max(10, 96 // columns)

    fig = go.Figure()
    box_w, box_h = 0.36, 0.30  # half sizes, in axis units (one column, one fork row apart)
    cursor = 0.0  # top of the next lane; the y axis runs downwards
    for role, steps in lanes:
        color = role_color(role, palette)
        fork_rows = max(len(group) for group in steps)
        header_y = cursor
        # Middle of the lane body: the header takes about 0.3 of a row above the top box.
        centre = cursor + 0.3 + box_h + (fork_rows - 1) / 2
        xs, ys, texts, hovers = [], [], [], []
        placed = []  # per column: [(y, branch)]
        for column, group in enumerate(steps):
            offsets = [i - (len(group) - 1) / 2 for i in range(len(group))]
            here = []
            for offset, (_, data) in zip(offsets, group.iterrows(), strict=True):
                x, y = column, centre + offset
                branch = None if _blank(data["branch"]) else str(data["branch"])
                text = f"<b>{_wrap(data['step'], wrap_chars)}</b>"
                if branch and branch.casefold() != str(data["step"]).casefold():
                    text += f"<br><span style='font-size:11px;color:{NEUTRAL}'>{branch}</span>"
                xs.append(x)
                ys.append(y)
                texts.append(text)
                hovers.append(
                    f"<b>{role}, step {int(data['step_order'])}: {data['step']}</b>"
                    + (f"<br>branch: {branch}" if branch else "")
                    + f"<br>{keyword[str(data['source_id'])]}<br>{_quote(data['quote'])}"
                )
                fig.add_shape(
                    type="rect",
                    x0=x - box_w,
                    x1=x + box_w,
                    y0=y - box_h,
                    y1=y + box_h,
                    line={"color": color, "width": 1.5},
                    fillcolor=_tint(color, 0.12),
                    layer="below",
                )
                here.append((y, branch))
            if placed:
                previous = placed[-1]
                outgoing = dict.fromkeys((py for py, _ in previous), 0)
                for y, branch in here:
                    same_branch = [py for py, pb in previous if branch and pb == branch]
                    unbranched = [py for py, pb in previous if not pb]
                    for py in same_branch or unbranched or list(outgoing):
                        outgoing[py] += 1
                        fig.add_annotation(
                            x=column - box_w,
                            y=y,
                            ax=column - 1 + box_w,
                            ay=py,
                            xref="x",
                            yref="y",
                            axref="x",
                            ayref="y",
                            text="",
                            showarrow=True,
                            arrowhead=2,
                            arrowsize=1.2,
                            arrowwidth=1.8,
                            arrowcolor=color,
                            standoff=2,
                            name="path arrow",
                        )
                forks = [(column - 0.5, py) for py, n in outgoing.items() if n > 1]
            else:
                # Alternative first steps: nothing forks into them, so mark them between boxes.
                forks = [(column, (a + b) / 2) for (a, _), (b, _) in pairwise(here)]
            for x, y in forks:
                fig.add_annotation(
                    x=x,
                    y=y,
                    text="<i>or</i>",
                    showarrow=False,
                    font={"size": 12, "color": NEUTRAL},
                    name="fork",
                )
            placed.append(here)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                text=texts,
                textposition="middle center",
                textfont={"size": 13},
                marker={"symbol": "square", "size": 50, "opacity": 0},
                hovertext=hovers,
                hoverinfo="text",
                name=_role_label(role),
                legendgroup=role,
                meta={"role": role},
                showlegend=False,
            )
        )
        fig.add_annotation(
            x=-box_w,
            y=header_y,
            xanchor="left",
            yanchor="top",
            text=f"<b>{_role_label(role)}</b>",
            showarrow=False,
            font={"size": 14, "color": color},
            name="lane header",
        )
        bottom = centre + (fork_rows - 1) / 2 + box_h
        cursor = bottom + 0.4

    _hidden_axes(fig, x_range=(-0.5, columns - 0.5), y_range=(bottom + 0.1, -0.1))
    finish(
        fig,
        title=f"Career paths at {_company(chosen)}: each track's next steps",
        source_ids=chosen["source_id"],
        sources=sources,
        height=int(170 + 110 * bottom),
    )
    fig.update_layout(margin={"l": 30, "r": 30, "t": 70})
    _subtitle(fig, _absent(missing, "career path"))
    return fig
