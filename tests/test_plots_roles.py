"""What the role charts hold: traces, text, hover quotes, colours, source lines and errors."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import plotly.graph_objects as go
import pytest

from wbroles.load import load_skills
from wbroles.paths import DEFAULT_DATA_DIR
from wbroles.plots.roles import (
    NOT_STATED,
    career_paths_chart,
    interview_loops,
    interview_timeline,
    rubric_chart,
    skills_radar,
)
from wbroles.plots.style import OKABE_ITO, ROLE_COLORS, role_color
from wbroles.schemas import SKILL_SCALE

PM_VS_TPM = "Weights & Biases pm vs tpm (2026-05-25)"
SYSTEM_DESIGN = "Weights & Biases system design pm (2026-05-24)"


def plain(text: str) -> str:
    """Text without markup, as a reader sees it."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def heading(text: str) -> str:
    """The bold first part of a card or box: a round or step name, unwrapped."""
    return plain(re.match(r"<b>(.*?)</b>", text).group(1).replace("<br>", " "))


def em_color() -> str:
    """The synthetic third role's colour, by its place among Acme's roles."""
    return role_color("EM", ["PM", "TPM", "EM"])


def source_line(fig: go.Figure) -> str:
    [text] = [a.text for a in fig.layout.annotations if a.name == "source"]
    return text


def annotations(fig: go.Figure, name: str) -> list:
    return [a for a in fig.layout.annotations if a.name == name]


def trace_for(fig: go.Figure, **meta) -> go.BaseTraceType:
    [trace] = [t for t in fig.data if all(t.meta.get(k) == v for k, v in meta.items())]
    return trace


# ------------------------------------------------------------------------- radar


@pytest.fixture
def radar(real):
    return skills_radar(real["skills"]), real["skills"], real["skill_axes"]


def test_radar_draws_one_closed_polygon_per_role_on_the_shared_axes(radar):
    fig, skills, axes = radar
    axis_order = list(axes.sort_values("axis_order")["skill"])
    assert [t.meta["role"] for t in fig.data] == ["PM", "TPM"]
    for trace in fig.data:
        assert isinstance(trace, go.Scatterpolar)
        assert len(trace.r) == len(trace.theta) == len(axis_order) + 1
        assert trace.r[0] == trace.r[-1] and trace.theta[0] == trace.theta[-1]
        assert list(trace.theta[:-1]) == axis_order
        scores = skills[skills["role"] == trace.meta["role"]].set_index("skill")["score"]
        assert list(trace.r[:-1]) == [scores[s] for s in axis_order]


def test_radar_hover_shows_score_label_and_every_evidence_quote(radar):
    fig, skills, _ = radar
    for trace in fig.data:
        role = trace.meta["role"]
        hovers = [h.replace("<br>", " ") for h in trace.hovertext]
        rows = skills[skills["role"] == role].set_index("skill")
        for skill, theta_hover in zip(trace.theta, hovers, strict=True):
            score = int(rows.at[skill, "score"])
            assert skill in theta_hover
            assert f"{role}: {score} {SKILL_SCALE[score]}" in theta_hover
            assert rows.at[skill, "quote"] in theta_hover


def test_radar_point_shared_by_two_roles_shows_both_quotes(radar):
    fig, skills, _ = radar
    wide = skills.pivot(index="skill", columns="role", values="score")
    shared = wide.index[wide["PM"] == wide["TPM"]]
    assert len(shared), "the data should hold an axis where PM and TPM score alike"
    pm = trace_for(fig, role="PM")
    for skill in shared:
        hover = pm.hovertext[list(pm.theta).index(skill)].replace("<br>", " ")
        for role in ["PM", "TPM"]:
            quote = skills[(skills["role"] == role) & (skills["skill"] == skill)]["quote"]
            assert quote.item() in hover


def test_radar_colours_scale_note_and_source(radar):
    fig, _, _ = radar
    for trace in fig.data:
        assert trace.line.color == trace.marker.color == ROLE_COLORS[trace.meta["role"]]
    radial = fig.layout.polar.radialaxis
    assert list(radial.range) == [0, 3]
    assert list(radial.tickvals) == [1, 2, 3]
    assert list(radial.ticktext) == ["1 peripheral", "2 required", "3 core"]
    assert "prose" in fig.layout.title.subtitle.text
    assert "data/README.md" in fig.layout.title.subtitle.text
    assert source_line(fig) == f"Source: {PM_VS_TPM}"


def test_radar_reads_the_axes_from_the_data_folder_of_the_skills(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    axes = pd.read_csv(data / "skill_axes.csv")
    axes["axis_order"] = axes["axis_order"].max() + 1 - axes["axis_order"]  # reverse them
    axes.to_csv(data / "skill_axes.csv", index=False)
    fig = skills_radar(load_skills(data), roles="TPM")
    assert [t.meta["role"] for t in fig.data] == ["TPM"]
    assert list(fig.data[0].theta[:-1]) == list(axes.sort_values("axis_order")["skill"])


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


def test_radar_draws_a_third_role_in_its_own_colour(acme):
    fig = skills_radar(acme["skills"], axes=acme["skill_axes"], sources=acme["sources"])
    assert [t.meta["role"] for t in fig.data] == ["PM", "TPM", "EM"]
    em = trace_for(fig, role="EM")
    assert em.line.color == em_color()
    assert em.line.color in OKABE_ITO and em.line.color not in ROLE_COLORS.values()
    # axes sorted by axis_order, whatever the order of the axes frame
    assert list(em.theta) == ["Alpha", "Beta", "Gamma", "Alpha"]
    scores = acme["skills"].query("role == 'EM'").set_index("skill")["score"]
    assert list(em.r) == [scores[s] for s in em.theta]  # closed: back to Alpha's score
    assert em.r[0] != em.r[-2]  # (so that an open polygon could not pass by chance)
    alone = skills_radar(acme["skills"], axes=acme["skill_axes"], roles="EM")
    assert alone.data[0].line.color == em.line.color  # the same colour whatever is drawn
    assert source_line(fig) == "Source: Acme roles (2026-01-15)"


# ---------------------------------------------------------------- interview loops


@pytest.fixture
def loops(real):
    return interview_loops(real["interview_rounds"]), real["interview_rounds"]


def test_loops_show_every_round_in_order_for_each_role_and_article(loops):
    fig, rounds = loops
    drawn = {(t.meta["source_id"], t.meta["role"]) for t in fig.data}
    expected = set(zip(rounds["source_id"], rounds["role"].astype(str), strict=True))
    assert drawn == expected
    assert ("wb-system-design-pm", "TPM") not in drawn  # that article lists a PM loop only
    for trace in fig.data:
        rows = rounds[
            (rounds["source_id"] == trace.meta["source_id"])
            & (rounds["role"] == trace.meta["role"])
        ].sort_values("round_order")
        heads = [heading(text) for text in trace.text]
        assert heads == [
            f"{o}. {r}" for o, r in zip(rows["round_order"], rows["round"], strict=True)
        ]
        assert list(trace.y) == sorted(trace.y)  # top to bottom on a reversed axis
        assert len(set(trace.x)) == 1  # one column per loop


def test_loops_show_what_each_round_evaluates_or_that_the_source_does_not_say(loops):
    fig, rounds = loops
    for trace in fig.data:
        rows = rounds[
            (rounds["source_id"] == trace.meta["source_id"])
            & (rounds["role"] == trace.meta["role"])
        ].sort_values("round_order")
        for text, evaluates, quote, hover in zip(
            trace.text, rows["evaluates"], rows["quote"], trace.hovertext, strict=True
        ):
            body = plain(text.replace("<br>", " "))
            assert (NOT_STATED if pd.isna(evaluates) else evaluates) in body
            assert quote in hover.replace("<br>", " ")


def test_loops_put_one_articles_pm_and_tpm_loops_side_by_side(loops):
    fig, _ = loops
    columns = sorted(fig.data, key=lambda t: t.x[0])
    assert [(t.meta["source_id"], t.meta["role"]) for t in columns] == [
        ("wb-pm-vs-tpm", "PM"),
        ("wb-pm-vs-tpm", "TPM"),
        ("wb-system-design-pm", "PM"),
    ]


def test_loops_headers_name_role_and_article_in_role_colour(loops):
    fig, _ = loops
    headers = annotations(fig, "loop header")
    assert len(headers) == len(fig.data)
    for trace, header in zip(fig.data, headers, strict=True):
        role = trace.meta["role"]
        keyword = {"wb-pm-vs-tpm": "Weights & Biases pm vs tpm"}.get(
            trace.meta["source_id"], "Weights & Biases system design pm"
        )
        assert header.font.color == ROLE_COLORS[role]
        assert f"({role})" in plain(header.text) and keyword in plain(header.text)
    assert source_line(fig) == f"Sources: {PM_VS_TPM}; {SYSTEM_DESIGN}"


def test_loops_choose_an_article_by_source_id(real):
    fig = interview_loops(real["interview_rounds"], source_ids="wb-system-design-pm")
    assert [(t.meta["source_id"], t.meta["role"]) for t in fig.data] == [
        ("wb-system-design-pm", "PM")
    ]
    assert source_line(fig) == f"Source: {SYSTEM_DESIGN}"
    with pytest.raises(
        ValueError, match=r"unknown source nope; choose from: wb-pm-vs-tpm, wb-system-design-pm"
    ):
        interview_loops(real["interview_rounds"], source_ids=["nope"])


def test_loops_draw_a_third_role_and_refuse_a_repeated_round(acme):
    fig = interview_loops(acme["interview_rounds"], sources=acme["sources"])
    em = trace_for(fig, role="EM")
    assert [heading(t) for t in em.text] == [
        "1. People leadership",
        "2. Architecture",
        "3. Values",
    ]
    assert NOT_STATED in em.text[2]
    twice = acme["interview_rounds"].assign(round_order=1)
    with pytest.raises(ValueError, match=r"PM loop of acme-roles has more than one round at"):
        interview_loops(twice)


# ------------------------------------------------------------- interview timeline


@pytest.fixture
def timeline(real):
    return interview_timeline(real["interview_process"]), real["interview_process"]


def test_timeline_spans_the_stated_days_with_the_stated_round_count(timeline):
    fig, process = timeline
    days = process.loc[process["measure"] == "duration", "value"].item()
    count = process.loc[process["measure"] == "rounds", "value"].item()
    assert (days, count) == (21, 4)  # as the system-design article states them
    [bar] = fig.data
    assert isinstance(bar, go.Bar) and bar.orientation == "h"
    assert list(bar.base) == [0] and list(bar.x) == [days]
    assert plain(bar.text[0]) == "4 rounds over 21 days"
    assert list(fig.layout.xaxis.range) == [0, days]
    assert fig.layout.xaxis.dtick == 7
    assert process["quote"].iloc[0] in bar.hovertext[0].replace("<br>", " ")
    assert source_line(fig) == f"Source: {SYSTEM_DESIGN}"


def test_timeline_places_no_round_on_the_day_axis(timeline):
    fig, _ = timeline
    # The only marks are the spans: no points, no segments, no shapes at single days.
    assert all(isinstance(t, go.Bar) and list(t.base) == [0] for t in fig.data)
    assert not fig.layout.shapes
    assert all(a.x in (0, None) for a in fig.layout.annotations)


def test_timeline_lists_the_round_names_in_order_without_dates(real, timeline):
    fig, _ = timeline
    rounds = real["interview_rounds"]
    names = rounds[rounds["source_id"] == "wb-system-design-pm"].sort_values("round_order")
    [listing] = annotations(fig, "round names")
    expected = "  ".join(f"{i}. {n}" for i, n in enumerate(names["round"], start=1))
    assert listing.text.endswith(expected)
    assert "dates none" in listing.text


def test_timeline_of_a_third_role_and_a_missing_duration(acme):
    fig = interview_timeline(
        acme["interview_process"], rounds=acme["interview_rounds"], sources=acme["sources"]
    )
    [bar] = fig.data
    assert bar.meta["role"] == "EM" and list(bar.x) == [14]
    assert plain(bar.text[0]) == "3 rounds over 14 days"
    assert bar.marker.line.color == em_color()
    assert list(fig.layout.xaxis.range) == [0, 14]
    no_duration = acme["interview_process"].query("measure == 'rounds'")
    with pytest.raises(ValueError, match=r"EM process of acme-roles has no duration"):
        interview_timeline(no_duration, rounds=acme["interview_rounds"])


# ------------------------------------------------------------------------ rubric


def test_rubric_weights_read_as_stated_and_sum_to_100(real):
    rubric = real["rubric"]
    fig = rubric_chart(rubric)
    assert [t.name for t in fig.data] == list(rubric["criterion"])
    assert [t.x[0] for t in fig.data] == list(rubric["weight_pct"])
    assert [t.x[0] for t in fig.data] == [40, 30, 30]  # as the system-design article states
    assert sum(t.x[0] for t in fig.data) == 100
    assert fig.layout.barmode == "stack"
    assert plain(fig.data[0].text[0]) == "Trade-off articulation 40%"
    for trace, quote in zip(fig.data, rubric["quote"], strict=True):
        assert trace.marker.color == ROLE_COLORS["PM"]
        assert quote in trace.hovertext[0].replace("<br>", " ")
    assert fig.layout.title.text.startswith("System design round")
    assert list(fig.layout.xaxis.range) == [0, 100]
    assert source_line(fig) == f"Source: {SYSTEM_DESIGN}"


def test_rubric_not_summing_to_100_is_drawn_as_stated_and_says_so(acme):
    fig = rubric_chart(acme["rubric"], sources=acme["sources"])
    em = [t for t in fig.data if t.meta["role"] == "EM"]
    assert [t.x[0] for t in em] == [60, 30]  # not rescaled
    assert {t.marker.color for t in em} == {em_color()}
    headers = [plain(a.text) for a in annotations(fig, "rubric header")]
    assert headers == [
        "Technical Program Manager (TPM) · Program round · Acme roles",
        "EM · Architecture round · Acme roles — weights sum to 90% as stated",
    ]


# ------------------------------------------------------------------ career paths


@pytest.fixture
def career(real):
    return career_paths_chart(real["career_paths"]), real["career_paths"]


def arrows(fig: go.Figure, color: str) -> set[tuple]:
    """(tail x, tail y, head x, head y) of each arrow in ``color``."""
    return {
        (a.ax, a.ay, a.x, a.y)
        for a in annotations(fig, "path arrow")
        if a.arrowcolor == color and a.showarrow
    }


def test_career_paths_hold_every_step_in_order(career):
    fig, paths = career
    for trace in fig.data:
        rows = paths[paths["role"] == trace.meta["role"]].sort_values("step_order", kind="stable")
        assert [heading(t) for t in trace.text] == list(rows["step"])
        assert list(trace.x) == sorted(trace.x)
        assert trace.marker.color is None and trace.marker.opacity == 0
        for hover, quote in zip(trace.hovertext, rows["quote"], strict=True):
            assert quote in hover.replace("<br>", " ")
    pm = trace_for(fig, role="PM")
    assert list(pm.x) == list(range(len(pm.x)))  # one step per column, no fork


def test_career_paths_fork_the_tpm_track(career):
    fig, _ = career
    tpm = trace_for(fig, role="TPM")
    steps = [heading(t) for t in tpm.text]
    where = dict(zip(steps, zip(tpm.x, tpm.y, strict=True), strict=True))
    principal = where["Principal TPM"]
    leadership, management = where["TPM leadership"], where["Engineering management"]
    assert leadership[0] == management[0] == principal[0] + 1  # the same next step...
    assert leadership[1] != management[1]  # ...one above the other
    tpm_arrows = arrows(fig, ROLE_COLORS["TPM"])
    assert len(tpm_arrows) == 3  # Senior -> Principal, then one arrow to each branch
    from_principal = sorted(
        head_y
        for tail_x, tail_y, _, head_y in tpm_arrows
        if tail_x > principal[0] and tail_y == principal[1]
    )
    assert from_principal == sorted([leadership[1], management[1]])
    assert len(annotations(fig, "fork")) == 1
    assert len(arrows(fig, ROLE_COLORS["PM"])) == 4  # five steps in a row


def test_career_paths_lanes_are_headed_and_sourced(career):
    fig, _ = career
    headers = {plain(a.text): a.font.color for a in annotations(fig, "lane header")}
    assert headers == {
        "Product Manager (PM)": ROLE_COLORS["PM"],
        "Technical Program Manager (TPM)": ROLE_COLORS["TPM"],
    }
    assert source_line(fig) == f"Source: {PM_VS_TPM}"


def test_career_paths_follow_each_branch_of_a_third_role(acme):
    fig = career_paths_chart(acme["career_paths"], sources=acme["sources"])
    em = trace_for(fig, role="EM")
    steps = [heading(t) for t in em.text]
    y = dict(zip(steps, em.y, strict=True))
    links = {(tail_y, head_y) for _, tail_y, _, head_y in arrows(fig, em_color())}
    # Each branch goes on from its own earlier step, never across.
    assert (y["Director"], y["VP Engineering"]) in links
    assert (y["Staff engineer"], y["Principal engineer"]) in links
    assert (y["Director"], y["Principal engineer"]) not in links
    assert len(links) == 1 + 2 + 2
    assert len(annotations(fig, "fork")) == 1  # one fork; the branches then run in parallel


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
    with pytest.raises(ValueError, match=rf"unknown role CEO; choose from: {known}$"):
        build(frame, roles=["PM", "CEO"], **extra)


def test_a_known_role_without_rows_is_noted_not_drawn(real):
    # The system-design article states a process and a rubric for the PM only.
    process = real["interview_process"]
    assert set(process["role"]) == {"PM"}
    fig = interview_timeline(process, roles=["PM", "TPM"])
    assert [t.meta["role"] for t in fig.data] == ["PM"]
    assert fig.layout.title.subtitle.text == "The sources state no interview process for TPM."
    fig = rubric_chart(real["rubric"], roles=["PM", "TPM"])
    assert {t.meta["role"] for t in fig.data} == {"PM"}
    assert fig.layout.title.subtitle.text == "The sources state no scoring rubric for TPM."
    both = interview_timeline(process)
    assert not both.layout.title.subtitle.text  # nothing asked for is missing
    with pytest.raises(ValueError, match=r"holds no rows for role TPM; roles with rubric: PM$"):
        rubric_chart(real["rubric"], roles="TPM")


def test_every_builder_needs_a_company_when_the_frame_holds_two(builder):
    build, frame, acme_frame, extra = builder
    both = pd.concat([frame, acme_frame], ignore_index=True)
    with pytest.raises(ValueError, match=r"several companies; choose one with company=: "):
        build(both, **extra)
    with pytest.raises(ValueError, match=r"unknown company Initech; choose from: Weights"):
        build(both, company="Initech", **extra)
    fig = build(both, company="Weights & Biases", **extra)
    assert "Acme" not in fig.layout.title.text and "Weights & Biases" in fig.layout.title.text


def test_every_builder_names_missing_columns(builder):
    build, frame, _, extra = builder
    with pytest.raises(ValueError, match=r"frame lacks column\(s\) quote; expected columns"):
        build(frame.drop(columns="quote"), **extra)


def test_source_line_falls_back_to_ids_when_the_sources_cannot_be_read(builder, tmp_path):
    build, frame, _, extra = builder
    frame = frame.copy()
    frame.attrs = {"data_dir": str(tmp_path)}  # no sources.csv there
    fig = build(frame, **extra)
    ids = list(dict.fromkeys(frame["source_id"]))
    assert plain(source_line(fig)).endswith("; ".join(ids))


def test_builders_do_not_show_save_or_set_a_renderer(builder, monkeypatch):
    import plotly.io as pio

    before = pio.renderers.default
    build, frame, _, extra = builder
    monkeypatch.setattr(go.Figure, "show", lambda *a, **k: pytest.fail("show() called"))
    monkeypatch.setattr(go.Figure, "write_html", lambda *a, **k: pytest.fail("saved"))
    monkeypatch.setattr(go.Figure, "write_image", lambda *a, **k: pytest.fail("saved"))
    assert isinstance(build(frame, **extra), go.Figure)
    assert pio.renderers.default == before
