"""What the role charts hold: marks, text, hover quotes, colours, source lines and errors."""

from __future__ import annotations

import html
import re
import time

import pandas as pd
import plotly.graph_objects as go
import pytest

from wbroles.plots.base import FIXED_COLORS, PALETTE, role_colors
from wbroles.plots.roles import (
    NOT_STATED,
    career_paths_chart,
    interview_loops,
    interview_timeline,
    rubric_chart,
    skills_radar,
)
from wbroles.schemas import SKILL_SCALE

PM_VS_TPM = "Weights & Biases pm vs tpm (2026-05-25)"
SYSTEM_DESIGN = "Weights & Biases system design pm (2026-05-24)"
EM_COLOR = role_colors(["PM", "TPM", "EM"])["EM"]


def plain(text: str) -> str:
    """Text as a reader sees it: no markup, entities read, wrapped lines joined."""
    text = re.sub(r"(?<=-)<br>", "", text).replace("<br>", " ")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def heading(text: str) -> str:
    """The bold first part of a card or box: a round or step name, unwrapped."""
    return plain(re.match(r"<b>(.*?)</b>", text).group(1))


def hovers(trace) -> list[str]:
    return [plain(row[0]) for row in trace.customdata]


def source_line(fig: go.Figure) -> str:
    [text] = [a.text for a in fig.layout.annotations if a.name == "source"]
    return html.unescape(text)


def bars(fig: go.Figure, role: str | None = None) -> list:
    return [t for t in fig.data if t.type == "bar" and role in (None, t.legendgroup)]


def named(fig: go.Figure, name: str) -> list:
    return [t for t in fig.data if t.name == name]


# ------------------------------------------------------------------------- radar


@pytest.fixture
def radar(real):
    fig = skills_radar(real["skills"], axes=real["skill_axes"], sources=real["sources"])
    return fig, real["skills"], real["skill_axes"]


def test_radar_draws_one_closed_polygon_per_role_on_the_shared_axes(radar):
    fig, skills, axes = radar
    axis_order = list(axes.sort_values("axis_order")["skill"])
    assert [t.legendgroup for t in fig.data] == ["PM", "TPM"]
    for trace in fig.data:
        assert isinstance(trace, go.Scatterpolar) and trace.fill == "toself"
        assert len(trace.r) == len(trace.theta) == len(axis_order) + 1
        assert trace.r[0] == trace.r[-1] and trace.theta[0] == trace.theta[-1]
        assert list(trace.theta[:-1]) == axis_order
        scores = skills[skills["role"] == trace.legendgroup].set_index("skill")["score"]
        assert list(trace.r[:-1]) == [scores[s] for s in axis_order]


def test_radar_hover_shows_score_label_and_every_evidence_quote(radar):
    fig, skills, _ = radar
    for trace in fig.data:
        role = trace.legendgroup
        rows = skills[skills["role"] == role].set_index("skill")
        for skill, hover in zip(trace.theta, hovers(trace), strict=True):
            score = int(rows.at[skill, "score"])
            assert hover.startswith(skill)
            assert f"{role}: {score} {SKILL_SCALE[score]}" in hover
            assert rows.at[skill, "quote"] in hover
            assert f"Source: {PM_VS_TPM}" in hover


def test_radar_point_shared_by_two_roles_shows_both_quotes(radar):
    fig, skills, _ = radar
    wide = skills.pivot(index="skill", columns="role", values="score")
    shared = wide.index[wide["PM"] == wide["TPM"]]
    assert len(shared), "the data should hold an axis where PM and TPM score alike"
    [pm] = [t for t in fig.data if t.legendgroup == "PM"]
    for skill in shared:
        hover = hovers(pm)[list(pm.theta).index(skill)]
        for role in ["PM", "TPM"]:
            quote = skills[(skills["role"] == role) & (skills["skill"] == skill)]["quote"]
            assert quote.item() in hover and f"{role}: " in hover
    alone = wide.index[wide["PM"] != wide["TPM"]][0]
    assert "TPM: " not in hovers(pm)[list(pm.theta).index(alone)]


def test_radar_colours_scale_note_and_source(radar):
    fig, _, _ = radar
    for trace in fig.data:
        assert trace.line.color == FIXED_COLORS[trace.legendgroup]
    assert [t.name for t in fig.data] == [
        "Product Manager (PM)",
        "Technical Program Manager (TPM)",
    ]
    radial = fig.layout.polar.radialaxis
    assert list(radial.range) == [0, 3]
    assert list(radial.tickvals) == [1, 2, 3]
    assert list(radial.ticktext) == ["1 peripheral", "2 required", "3 core"]
    assert "prose" in fig.layout.title.subtitle.text
    assert "data/README.md" in fig.layout.title.subtitle.text
    assert source_line(fig) == f"Source: {PM_VS_TPM}"


def test_radar_follows_the_axes_it_is_given(real):
    axes = real["skill_axes"].assign(
        axis_order=lambda f: f["axis_order"].max() + 1 - f["axis_order"]
    )
    fig = skills_radar(real["skills"], axes=axes, roles="TPM")
    assert [t.legendgroup for t in fig.data] == ["TPM"]
    assert list(fig.data[0].theta[:-1]) == list(axes.sort_values("axis_order")["skill"])
    with pytest.raises(TypeError, match="axes"):
        skills_radar(real["skills"])  # the axes are required: nothing is loaded from files


def test_radar_refuses_a_role_missing_a_skill(acme):
    skills = acme["skills"]
    skills = skills[~((skills["role"] == "TPM") & (skills["skill"] == "Beta"))]
    with pytest.raises(ValueError, match=r"role TPM has no score for skill\(s\) Beta"):
        skills_radar(skills, axes=acme["skill_axes"])


def test_radar_refuses_a_skill_off_the_axes_and_a_score_off_the_scale(acme):
    axes = acme["skill_axes"][acme["skill_axes"]["skill"] != "Gamma"]
    with pytest.raises(ValueError, match=r"not axes: Gamma; axes: Alpha, Beta"):
        skills_radar(acme["skills"], axes=axes)
    skills = acme["skills"].assign(score=acme["skills"]["score"].replace(3, 4))
    with pytest.raises(ValueError, match=r"off the scale; valid scores: 1 peripheral"):
        skills_radar(skills, axes=acme["skill_axes"])
    with pytest.raises(ValueError, match=r"no skill axes to draw on"):
        skills_radar(acme["skills"], axes=acme["skill_axes"].iloc[0:0])


def test_radar_draws_a_third_role_in_its_own_colour(acme):
    fig = skills_radar(acme["skills"], axes=acme["skill_axes"], sources=acme["sources"])
    assert [t.legendgroup for t in fig.data] == ["PM", "TPM", "EM"]
    [em] = [t for t in fig.data if t.legendgroup == "EM"]
    assert em.line.color == EM_COLOR
    assert em.line.color in PALETTE and em.line.color not in FIXED_COLORS.values()
    # axes sorted by axis_order, whatever the order of the axes frame
    assert list(em.theta) == ["Alpha", "Beta", "Gamma", "Alpha"]
    scores = acme["skills"].query("role == 'EM'").set_index("skill")["score"]
    assert list(em.r) == [scores[s] for s in em.theta]  # closed: back to Alpha's score
    assert em.r[0] != em.r[-2]  # (so that an open polygon could not pass by chance)
    alone = skills_radar(acme["skills"], axes=acme["skill_axes"], roles="EM")
    assert alone.data[0].line.color == em.line.color  # the same colour whatever is drawn
    assert source_line(fig) == "Source: Acme roles (2026-01-15)"


def test_radar_draws_roles_in_the_order_given(acme):
    fig = skills_radar(acme["skills"], axes=acme["skill_axes"], roles=["EM", "PM"])
    assert [t.legendgroup for t in fig.data] == ["EM", "PM"]
    assert fig.layout.title.text.startswith("Skill emphasis: EM vs PM")


# ---------------------------------------------------------------- interview loops


def lanes(fig: go.Figure) -> list[str]:
    """Each column's header as a reader sees it."""
    return [plain(t) for t in fig.layout.xaxis.ticktext]


def cards(fig: go.Figure, lane: int) -> list[tuple]:
    """(text, hover, base) of each card in column ``lane``, top to bottom."""
    found = [
        (text, hover[0], base)
        for trace in bars(fig)
        for x, text, hover, base in zip(
            trace.x, trace.text, trace.customdata, trace.base, strict=True
        )
        if x == lane
    ]
    return sorted(found, key=lambda card: card[2])


@pytest.fixture
def loops(real):
    fig = interview_loops(real["interview_rounds"], sources=real["sources"])
    return fig, real["interview_rounds"]


LOOPS = [("wb-pm-vs-tpm", "PM"), ("wb-pm-vs-tpm", "TPM"), ("wb-system-design-pm", "PM")]


def test_loops_show_every_round_in_order_for_each_role_and_article(loops):
    fig, rounds = loops
    assert len(fig.layout.xaxis.ticktext) == len(LOOPS)
    assert ("wb-system-design-pm", "TPM") not in LOOPS  # that article lists a PM loop only
    for lane, (source_id, role) in enumerate(LOOPS):
        rows = rounds[(rounds["source_id"] == source_id) & (rounds["role"] == role)]
        rows = rows.sort_values("round_order")
        drawn = cards(fig, lane)
        assert [heading(text) for text, _, _ in drawn] == [
            f"{o}. {r}" for o, r in zip(rows["round_order"], rows["round"], strict=True)
        ]
        assert [base for _, _, base in drawn] == [i + 1 - 0.42 for i in range(len(rows))]
        for (text, hover, _), evaluates, quote in zip(
            drawn, rows["evaluates"], rows["quote"], strict=True
        ):
            assert (NOT_STATED if pd.isna(evaluates) else evaluates) in plain(text)
            assert quote in plain(hover)
    assert sum(len(t.x) for t in bars(fig)) == len(rounds)  # one bar per round, no more
    assert list(fig.layout.yaxis.range) == [5.5, 0.5]  # reversed: round 1 on top


def test_loops_put_one_articles_pm_and_tpm_loops_side_by_side(loops):
    fig, _ = loops
    assert lanes(fig) == [
        "Product Manager (PM) Weights & Biases pm vs tpm",
        "Technical Program Manager (TPM) Weights & Biases pm vs tpm",
        "Product Manager (PM) Weights & Biases system design pm",
    ]
    [rule] = named(fig, "article rule")
    assert list(rule.x) == [1.5, 1.5, None]  # between the two articles only


def test_loops_headers_and_cards_in_role_colour(loops):
    fig, _ = loops
    for tick, (_, role) in zip(fig.layout.xaxis.ticktext, LOOPS, strict=True):
        assert f"color:{FIXED_COLORS[role]}" in tick
    for trace in bars(fig):
        assert trace.marker.line.color == FIXED_COLORS[trace.legendgroup]
    assert source_line(fig) == f"Sources: {PM_VS_TPM}; {SYSTEM_DESIGN}"


def test_loops_choose_an_article_by_source_id(real):
    fig = interview_loops(real["interview_rounds"], source_ids="wb-system-design-pm")
    assert lanes(fig) == ["Product Manager (PM) wb-system-design-pm"]  # ids without sources
    assert source_line(fig) == "Source: wb-system-design-pm"
    with pytest.raises(
        ValueError, match=r"unknown source 'nope'; choose from: wb-pm-vs-tpm, wb-system-design-pm"
    ):
        interview_loops(real["interview_rounds"], source_ids=["nope"])


def test_loops_draw_a_third_role_and_refuse_a_repeated_round(acme):
    fig = interview_loops(acme["interview_rounds"], sources=acme["sources"])
    assert lanes(fig) == ["Product Manager (PM) Acme roles", "EM Acme roles"]
    em = cards(fig, 1)
    assert [heading(text) for text, _, _ in em] == [
        "1. People leadership",
        "2. Architecture",
        "3. Values",
    ]
    assert NOT_STATED in em[2][0]
    assert bars(fig, "EM")[0].marker.line.color == EM_COLOR
    twice = acme["interview_rounds"].assign(round_order=1)
    with pytest.raises(ValueError, match=r"PM loop of acme-roles has more than one round at"):
        interview_loops(twice)


# ------------------------------------------------------------- interview timeline


@pytest.fixture
def timeline(real):
    fig = interview_timeline(
        real["interview_process"], rounds=real["interview_rounds"], sources=real["sources"]
    )
    return fig, real["interview_process"]


def test_timeline_spans_the_stated_days_with_the_stated_round_count(timeline):
    fig, process = timeline
    days = process.loc[process["measure"] == "duration", "value"].item()
    count = process.loc[process["measure"] == "rounds", "value"].item()
    assert (days, count) == (21, 4)  # as the system-design article states them
    [bar] = fig.data
    assert isinstance(bar, go.Bar) and bar.orientation == "h"
    assert list(bar.base) == [0] and list(bar.x) == [days]
    assert heading(bar.text[0]) == "4 rounds over 21 days"
    assert list(fig.layout.xaxis.range) == [0, days]
    assert fig.layout.xaxis.dtick == 7
    assert process["quote"].iloc[0] in hovers(bar)[0]
    assert source_line(fig) == f"Source: {SYSTEM_DESIGN}"
    assert plain(fig.layout.yaxis.ticktext[0]) == (
        "Product Manager (PM) Weights & Biases system design pm"
    )


def test_timeline_places_no_round_on_the_day_axis(timeline):
    fig, _ = timeline
    # The only marks are the spans from day 0: no points, no segments, no shapes at single days.
    assert all(isinstance(t, go.Bar) and list(t.base) == [0] for t in fig.data)
    assert not fig.layout.shapes
    assert [a.name for a in fig.layout.annotations] == ["source"]
    assert "date none of the rounds" in fig.layout.title.subtitle.text


def test_timeline_lists_the_round_names_in_order_without_dates(real, timeline):
    fig, _ = timeline
    rounds = real["interview_rounds"]
    names = rounds[rounds["source_id"] == "wb-system-design-pm"].sort_values("round_order")
    expected = " · ".join(f"{i}. {n}" for i, n in enumerate(names["round"], start=1))
    assert plain(fig.data[0].text[0]) == f"4 rounds over 21 days {expected}"
    without = interview_timeline(real["interview_process"])
    assert plain(without.data[0].text[0]) == "4 rounds over 21 days"  # the count only


def test_timeline_of_a_third_role_and_a_missing_duration(acme):
    fig = interview_timeline(
        acme["interview_process"], rounds=acme["interview_rounds"], sources=acme["sources"]
    )
    [bar] = fig.data
    assert bar.legendgroup == "EM" and list(bar.x) == [14]
    assert heading(bar.text[0]) == "3 rounds over 14 days"
    assert plain(bar.text[0]).endswith("1. People leadership · 2. Architecture · 3. Values")
    assert bar.marker.line.color == EM_COLOR
    assert list(fig.layout.xaxis.range) == [0, 14]
    no_duration = acme["interview_process"].query("measure == 'rounds'")
    with pytest.raises(ValueError, match=r"EM process of acme-roles has no duration"):
        interview_timeline(no_duration, rounds=acme["interview_rounds"])


# ------------------------------------------------------------------------ rubric


def test_rubric_weights_read_as_stated_and_sum_to_100(real):
    rubric = real["rubric"]
    fig = rubric_chart(rubric, sources=real["sources"])
    [bar] = fig.data
    assert list(bar.x) == list(rubric["weight_pct"]) == [40, 30, 30]  # as the article states
    assert sum(bar.x) == 100
    assert len(set(bar.y)) == 1 and fig.layout.barmode == "stack"
    assert [plain(t) for t in bar.text] == [
        "Trade-off articulation 40%",
        "Metric alignment 30%",
        "Communication clarity 30%",
    ]
    assert bar.marker.color == FIXED_COLORS["PM"]
    for hover, quote in zip(hovers(bar), rubric["quote"], strict=True):
        assert quote in hover
    assert fig.layout.title.text.startswith("System design round")
    assert list(fig.layout.xaxis.range) == [0, 100]
    [tick] = fig.layout.yaxis.ticktext
    assert plain(tick) == (
        "Product Manager (PM) System design round Weights & Biases system design pm"
    )
    assert not fig.layout.annotations[1:]  # group labels are tick labels, not annotations
    assert source_line(fig) == f"Source: {SYSTEM_DESIGN}"


def test_rubric_not_summing_to_100_is_drawn_as_stated_and_says_so(acme):
    fig = rubric_chart(acme["rubric"], sources=acme["sources"])
    [em] = bars(fig, "EM")
    assert list(em.x) == [60, 30]  # not rescaled
    assert em.marker.color == EM_COLOR
    assert [plain(t) for t in fig.layout.yaxis.ticktext] == [
        "Technical Program Manager (TPM) Program round Acme roles",
        "EM Architecture round Acme roles weights sum to 90% as stated",
    ]
    assert list(fig.layout.xaxis.range) == [0, 100]


# ------------------------------------------------------------------ career paths


def boxes(fig: go.Figure, role: str) -> dict[str, tuple]:
    """Step name -> (column, middle) of each box of ``role``."""
    [trace] = bars(fig, role)
    middles = [base + size / 2 for base, size in zip(trace.base, trace.y, strict=True)]
    return {heading(t): (x, y) for t, x, y in zip(trace.text, trace.x, middles, strict=True)}


def arrows(fig: go.Figure, role: str) -> set[tuple]:
    """(tail x, tail y, head x, head y) of each arrow of ``role``: segments between Nones."""
    [trace] = [t for t in named(fig, "path arrows") if t.legendgroup == role]
    x, y = list(trace.x), list(trace.y)
    assert x[2::3] == y[2::3] == [None] * (len(x) // 3)
    assert list(trace.marker.size) == [0, 13, 0] * (len(x) // 3)  # a head at each end only
    assert trace.marker.symbol == "arrow" and trace.marker.angleref == "previous"
    return set(zip(x[0::3], y[0::3], x[1::3], y[1::3], strict=True))


def links(fig: go.Figure, role: str) -> set[tuple[str, str]]:
    """(from step, to step) of each arrow, matched to the boxes by column and row."""
    where = {place: step for step, place in boxes(fig, role).items()}
    return {
        (where[round(x0 - 0.36), y0], where[round(x1 + 0.36), y1])
        for x0, y0, x1, y1 in arrows(fig, role)
    }


@pytest.fixture
def career(real):
    return career_paths_chart(real["career_paths"], sources=real["sources"]), real["career_paths"]


def test_career_paths_hold_every_step_in_order(career):
    fig, paths = career
    for role in ["PM", "TPM"]:
        [trace] = bars(fig, role)
        rows = paths[paths["role"] == role].sort_values("step_order", kind="stable")
        assert [heading(t) for t in trace.text] == list(rows["step"])
        assert list(trace.x) == sorted(trace.x)
        for hover, quote in zip(hovers(trace), rows["quote"], strict=True):
            assert quote in hover
        assert trace.marker.line.color == FIXED_COLORS[role]
    pm = boxes(fig, "PM")
    assert [x for x, _ in pm.values()] == list(range(5))  # one step per column, no fork
    steps = list(pm)
    assert links(fig, "PM") == set(zip(steps, steps[1:], strict=False))


def test_career_paths_fork_the_tpm_track(career):
    fig, _ = career
    where = boxes(fig, "TPM")
    principal = where["Principal TPM"]
    leadership, management = where["TPM leadership"], where["Engineering management"]
    assert leadership[0] == management[0] == principal[0] + 1  # the same next step...
    assert leadership[1] != management[1]  # ...one above the other
    assert links(fig, "TPM") == {
        ("Senior TPM", "Principal TPM"),
        ("Principal TPM", "TPM leadership"),
        ("Principal TPM", "Engineering management"),
    }
    [labels] = named(fig, "labels")
    assert list(labels.text).count("<i>or</i>") == 1
    assert "Program leadership" in plain(bars(fig, "TPM")[0].text[2])  # the branch, named


def test_career_paths_lanes_are_headed_and_sourced(career):
    fig, _ = career
    [labels] = named(fig, "labels")
    headers = {
        plain(t): c
        for t, c in zip(labels.text, labels.textfont.color, strict=True)
        if plain(t) != "or"
    }
    assert headers == {
        "Product Manager (PM)": FIXED_COLORS["PM"],
        "Technical Program Manager (TPM)": FIXED_COLORS["TPM"],
    }
    assert source_line(fig) == f"Source: {PM_VS_TPM}"


def test_career_paths_follow_each_branch_of_a_third_role(acme):
    fig = career_paths_chart(acme["career_paths"], sources=acme["sources"])
    assert [t.legendgroup for t in bars(fig)] == ["EM"]
    assert bars(fig, "EM")[0].marker.line.color == EM_COLOR
    # Each branch goes on from its own earlier step, never across.
    assert links(fig, "EM") == {
        ("Engineering manager", "Senior manager"),
        ("Senior manager", "Director"),
        ("Senior manager", "Staff engineer"),
        ("Director", "VP Engineering"),
        ("Staff engineer", "Principal engineer"),
    }
    [labels] = named(fig, "labels")
    assert list(labels.text).count("<i>or</i>") == 1  # one fork; the branches then run parallel


def test_career_paths_draw_roles_in_the_order_given(real):
    fig = career_paths_chart(real["career_paths"], roles=["TPM", "PM"])
    assert [t.legendgroup for t in bars(fig)] == ["TPM", "PM"]
    assert boxes(fig, "TPM")["Senior TPM"][1] < boxes(fig, "PM")["VP of Product"][1]  # on top


# -------------------------------------------------------------- linear in the rows


def many_rounds(n: int) -> pd.DataFrame:
    roles = pd.Categorical(["PM", "TPM"] * (n // 2), categories=["PM", "TPM"])
    return pd.DataFrame(
        {
            "company": "Acme",
            "role": roles,
            "source_id": [f"src-{i % 4 // 2}" for i in range(n)],
            "round_order": [i // 4 + 1 for i in range(n)],
            "round": [f"Round {i}" for i in range(n)],
            "evaluates": [None if i % 3 else f"Skill {i}" for i in range(n)],
            "quote": [f"Quote {i}." for i in range(n)],
        }
    )


def many_steps(n: int) -> pd.DataFrame:
    """Two lanes; every fifth step_order forks into two branches that then run on."""
    rows = []
    for i in range(n):
        role, order = ["PM", "TPM"][i % 2], i // 2
        branch = ("A" if i % 4 < 2 else "B") if order % 5 else None
        rows.append((role, order // 2 + 1 if order % 5 else order + 1, f"Step {i}", branch))
    frame = pd.DataFrame(rows, columns=["role", "step_order", "step", "branch"])
    return frame.assign(
        company="Acme",
        role=pd.Categorical(frame["role"], categories=["PM", "TPM"]),
        source_id="src",
        quote=[f"Quote {i}." for i in range(n)],
    )


def structure(fig: go.Figure) -> tuple[int, int, int]:
    return len(fig.data), len(fig.layout.shapes or ()), len(fig.layout.annotations or ())


@pytest.mark.parametrize(
    ("build", "frame"),
    [(interview_loops, many_rounds), (career_paths_chart, many_steps)],
    ids=["loops", "career"],
)
def test_a_thousand_rows_draw_with_as_many_traces_shapes_and_annotations_as_ten(build, frame):
    small, large = frame(12), frame(1000)
    started = time.perf_counter()
    fig = build(large)
    seconds = time.perf_counter() - started
    assert structure(fig) == structure(build(small))
    assert sum(len(t.x) for t in bars(fig)) == 1000  # every row drawn, in the bar traces
    assert seconds < 30  # a generous bound against a quadratic slide; by hand it is well < 5 s


# ------------------------------------------------------------- shared behaviour

BUILDERS = {
    "radar": (skills_radar, "skills"),
    "loops": (interview_loops, "interview_rounds"),
    "timeline": (interview_timeline, "interview_process"),
    "rubric": (rubric_chart, "rubric"),
    "career": (career_paths_chart, "career_paths"),
}


@pytest.fixture(params=list(BUILDERS))
def builder(request, real, acme):
    build, table = BUILDERS[request.param]
    extra = {"axes": real["skill_axes"]} if request.param == "radar" else {}
    return build, real[table], acme[table], extra


def test_every_builder_refuses_an_empty_frame(builder):
    build, frame, _, extra = builder
    with pytest.raises(ValueError, match=r"no .+ to draw: the frame is empty"):
        build(frame.iloc[0:0], **extra)


def test_every_builder_refuses_an_unknown_role_naming_the_choices(builder):
    build, frame, _, extra = builder
    known = ", ".join(frame["role"].cat.categories)  # every role of the roles table
    with pytest.raises(ValueError, match=rf"unknown role 'CEO'; choose from: {known}$"):
        build(frame, roles=["PM", "CEO"], **extra)


def test_a_known_role_without_rows_is_noted_not_drawn(real, acme):
    # The system-design article states a process and a rubric for the PM only.
    process = real["interview_process"]
    assert set(process["role"]) == {"PM"}
    fig = interview_timeline(process, roles=["PM", "TPM"])
    assert [t.legendgroup for t in fig.data] == ["PM"]
    assert "The sources state no interview process for TPM." in fig.layout.title.subtitle.text
    fig = rubric_chart(real["rubric"], roles=["PM", "TPM"])
    assert {t.legendgroup for t in fig.data} == {"PM"}
    assert fig.layout.title.subtitle.text == "The sources state no scoring rubric for TPM."
    fig = career_paths_chart(acme["career_paths"], roles=["TPM", "EM"])
    assert fig.layout.title.subtitle.text == "The sources state no career path for TPM."
    assert not rubric_chart(real["rubric"]).layout.title.subtitle.text  # nothing missing
    with pytest.raises(ValueError, match=r"holds no rows for role TPM; roles with rubric: PM$"):
        rubric_chart(real["rubric"], roles="TPM")


def test_every_builder_needs_a_company_when_the_frame_holds_two(builder):
    build, frame, acme_frame, extra = builder
    both = pd.concat([frame, acme_frame], ignore_index=True)
    with pytest.raises(ValueError, match=r"several companies; choose one with company=: "):
        build(both, **extra)
    with pytest.raises(ValueError, match=r"unknown company 'Initech'; choose from: Weights"):
        build(both, company="Initech", **extra)
    fig = build(both, company="Weights & Biases", **extra)
    title = plain(fig.layout.title.text)
    assert "Acme" not in title and "Weights & Biases" in title


def test_every_builder_names_missing_columns(builder):
    build, frame, _, extra = builder
    with pytest.raises(ValueError, match=r"frame lacks column\(s\) quote; expected columns"):
        build(frame.drop(columns="quote"), **extra)


def test_source_line_names_ids_without_the_sources_table(builder):
    build, frame, _, extra = builder
    fig = build(frame, **extra)
    ids = list(dict.fromkeys(frame["source_id"]))
    assert source_line(fig).endswith("; ".join(ids))


def test_data_text_is_escaped_in_labels_and_hovers(acme):
    paths = acme["career_paths"].assign(step="<b>Boss</b> & co", quote="<a href='x'>q</a>")
    fig = career_paths_chart(paths)
    [trace] = bars(fig, "EM")
    assert "&lt;b&gt;Boss&lt;/b&gt; &amp; co" in trace.text[0]
    assert "<a " not in trace.customdata[0][0] and "&lt;a href" in trace.customdata[0][0]


def test_builders_do_not_show_save_or_set_a_renderer(builder, monkeypatch):
    import plotly.io as pio

    before = pio.renderers.default
    build, frame, _, extra = builder
    monkeypatch.setattr(go.Figure, "show", lambda *a, **k: pytest.fail("show() called"))
    monkeypatch.setattr(go.Figure, "write_html", lambda *a, **k: pytest.fail("saved"))
    monkeypatch.setattr(go.Figure, "write_image", lambda *a, **k: pytest.fail("saved"))
    assert isinstance(build(frame, **extra), go.Figure)
    assert pio.renderers.default == before
