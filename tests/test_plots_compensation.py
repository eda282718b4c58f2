"""What the compensation charts hold: bands, open bounds, labels, colours, hover, source line.

Real data through the loaders, plus the synthetic second company of ``plots_fixtures`` (a
third level, a third role) to show that nothing is tied to two roles, two levels or one company.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plots_fixtures import (
    SYNTHETIC_BANDS,
    SYNTHETIC_COMPANY,
    SYNTHETIC_SOURCE,
    SYNTHETIC_SOURCE_LINE,
    synthetic_compensation,
    synthetic_negotiations,
    synthetic_offers,
    synthetic_quote,
    synthetic_sources,
    two_companies,
)

import wbroles
from wbroles.plots.compensation import (
    comp_breakdown,
    comp_ranges,
    offer_reference_chart,
    role_gap_chart,
)
from wbroles.plots.style import ROLE_COLORS, role_color

REAL_SOURCE_LINE = "Weights & Biases pm vs tpm (2026-05-25)"
MONEY_TICK = re.compile(r"^(\$0|\$\d+(\.\d+)?[kM])$")


# --- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture(scope="module")
def comp():
    return wbroles.load_compensation()


@pytest.fixture(scope="module")
def offers():
    return wbroles.load_offer_points()


@pytest.fixture(scope="module")
def negotiations():
    return wbroles.load_negotiations()


@pytest.fixture(scope="module")
def sources():
    return wbroles.load_sources()


@pytest.fixture(scope="module")
def both(comp):
    return two_companies(comp)


def parts(fig: go.Figure, part: str, **meta) -> list:
    """The traces of one kind ('band', 'open_end', 'label', ...) matching ``meta``."""
    found = []
    for trace in fig.data:
        info = trace.meta if isinstance(trace.meta, dict) else {}
        if info.get("part") == part and all(info.get(k) == v for k, v in meta.items()):
            found.append(trace)
    return found


def only(fig: go.Figure, part: str, **meta):
    found = parts(fig, part, **meta)
    assert len(found) == 1, f"expected one {part} trace for {meta}, found {len(found)}"
    return found[0]


def band_row(comp, role, level, component):
    rows = comp[
        (comp["role"] == role) & (comp["level"] == level) & (comp["component"] == component)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def source_line(fig: go.Figure) -> str:
    texts = [a.text for a in fig.layout.annotations if a.name == "source"]
    assert len(texts) == 1
    return texts[0]


def plain(html: str) -> str:
    """Hover text as a reader sees it: line breaks as spaces."""
    return re.sub(r"\s+", " ", html.replace("<br>", " "))


def spans(trace) -> list[tuple]:
    """(position, low, high) of each bar of a vertical or horizontal bar trace."""
    positions = trace.y if trace.orientation == "h" else trace.x
    sizes = trace.x if trace.orientation == "h" else trace.y
    return [(p, b, b + s) for p, b, s in zip(positions, trace.base, sizes, strict=True)]


# --- 1. comp_ranges --------------------------------------------------------------------------


def test_ranges_pm_l6_total_spans_the_stated_range_and_is_marked_open(comp):
    fig = comp_ranges(comp)
    stated = band_row(comp, "PM", "L6", "total")
    assert stated["open_high"]
    band = only(fig, "band", role="PM")
    assert ("L6", stated["low"], stated["high"]) in spans(band)
    assert (stated["low"], stated["high"]) == (400_000, 650_000)
    label = band.customdata[list(band.x).index("L6")]
    assert label == "$400k\u2013$650k+"
    assert "$400k\u2013$650k+" in only(fig, "label", role="PM").text

    fade = only(fig, "open_end", role="PM")
    assert set(fade.x) == {"L6"}
    assert min(fade.base) == stated["high"]  # the fade starts at the stated floor
    opacities = list(fade.marker.opacity)
    assert opacities == sorted(opacities, reverse=True) and opacities[-1] < opacities[0]


def test_ranges_name_each_level_with_its_title_from_the_levels_table(comp):
    fig = comp_ranges(comp)
    levels = wbroles.load_levels()
    titles = dict(zip(levels["level"].astype(str), levels["title"], strict=True))
    assert list(fig.layout.xaxis.tickvals) == ["L5", "L6"]
    assert list(fig.layout.xaxis.ticktext) == [f"L5 {titles['L5']}", f"L6 {titles['L6']}"]
    assert list(fig.layout.xaxis.ticktext) == ["L5 Senior", "L6 Principal"]


def test_ranges_without_a_known_data_folder_show_the_bare_codes():
    fig = comp_ranges(synthetic_compensation(), sources=synthetic_sources())
    assert list(fig.layout.xaxis.ticktext) == list(fig.layout.xaxis.tickvals)


def test_ranges_closed_bars_have_no_open_marker(comp):
    fig = comp_ranges(comp)
    for role in ("PM", "TPM"):
        band, labels = only(fig, "band", role=role), only(fig, "label", role=role)
        label = dict(zip(band.x, labels.text, strict=True))
        assert "+" not in label["L5"]
        assert "L5" not in set(only(fig, "open_end", role=role).x)
    assert parts(comp_ranges(comp, component="base"), "open_end") == []


def test_ranges_colours_are_the_fixed_role_colours(comp):
    fig = comp_ranges(comp)
    for role, color in ROLE_COLORS.items():
        assert only(fig, "band", role=role).marker.color == color
        assert only(fig, "open_end", role=role).marker.color == color
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == ["PM", "TPM"]


def test_ranges_hover_holds_range_quote_and_source(comp):
    fig = comp_ranges(comp)
    band = only(fig, "band", role="TPM")
    hover = plain(band.hovertext[list(band.x).index("L6")])
    quote = band_row(comp, "TPM", "L6", "total")["quote"]
    assert quote in hover
    assert "$380k\u2013$600k+" in hover
    assert "Weights & Biases pm vs tpm, 2026-05-25" in hover


def test_ranges_source_line_and_money_ticks(comp):
    fig = comp_ranges(comp)
    assert REAL_SOURCE_LINE in source_line(fig)
    ticks = list(fig.layout.yaxis.ticktext)
    assert ticks and all(MONEY_TICK.match(t) for t in ticks), ticks
    assert "$0" in ticks and "$200k" in ticks
    equity_ticks = list(comp_ranges(comp, component="equity").layout.yaxis.ticktext)
    assert "$300k" in equity_ticks
    assert fig.layout.xaxis.title.text == "Level"
    assert fig.layout.yaxis.title.text == "US dollars per year"


def test_ranges_bonus_is_in_percent_of_base(comp):
    fig = comp_ranges(comp, component="bonus")
    assert fig.layout.yaxis.title.text == "% of base"
    band = only(fig, "band", role="PM")
    stated = band_row(comp, "PM", "L5", "bonus")
    assert ("L5", stated["low"], stated["high"]) in spans(band)
    assert band.customdata[list(band.x).index("L5")] == "10%\u201315%"
    assert all(t.endswith("%") for t in fig.layout.yaxis.ticktext)
    assert "Target bonus" in fig.layout.title.text


def test_ranges_filters_levels_and_roles(comp):
    fig = comp_ranges(comp, levels=["L6"], roles=["TPM"])
    band = only(fig, "band")
    assert band.meta["role"] == "TPM" and list(band.x) == ["L6"]
    assert band.marker.color == ROLE_COLORS["TPM"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"component": "salary"}, r"unknown component salary; choose from: total, base, bonus"),
        ({"roles": ["CEO"]}, r"unknown role CEO; choose from: PM, TPM"),
        ({"levels": ["L9"]}, r"unknown level L9; choose from: L5, L6"),
        ({"company": "Acme"}, r"unknown company Acme; choose from: Weights & Biases"),
    ],
)
def test_ranges_unknown_choices_name_the_valid_ones(comp, options, message):
    with pytest.raises(ValueError, match=message):
        comp_ranges(comp, **options)


def test_ranges_second_company_and_third_level(both):
    with pytest.raises(ValueError, match=r"several companies; choose one with company=.*Example"):
        comp_ranges(both)
    fig = comp_ranges(both, company=SYNTHETIC_COMPANY, sources=synthetic_sources())
    assert list(only(fig, "band", role="PM").x) == ["L5", "L6", "L7"]
    assert list(only(fig, "band", role="EM").x) == ["L7"]
    assert only(fig, "band", role="EM").marker.color == role_color("EM", ["PM", "TPM", "EM"])
    low, high, is_open = SYNTHETIC_BANDS[("PM", "L7")]["total"]
    assert is_open and ("L7", low, high) in spans(only(fig, "band", role="PM"))
    assert set(only(fig, "open_end", role="PM").x) == {"L7"}
    assert source_line(fig) == f"Source: {SYNTHETIC_SOURCE_LINE}"
    hover = plain(" ".join(only(fig, "band", role="EM").hovertext))
    assert synthetic_quote("EM", "L7", "total") in hover


def test_source_line_falls_back_to_ids_when_sources_cannot_load():
    synthetic = synthetic_compensation()
    synthetic.attrs["data_dir"] = "/nonexistent/wbroles-data"
    assert source_line(comp_ranges(synthetic)) == f"Source: {SYNTHETIC_SOURCE}"


# --- 2. comp_breakdown -----------------------------------------------------------------------


def _bar(fig, role, level, row_key):
    """(low, high) of the breakdown bar of ``row_key`` for role and level."""
    trace = only(fig, "band", role=role, level=level)
    keys = [key for key, _ in trace.customdata]
    i = keys.index(row_key)
    return trace.base[i], trace.base[i] + trace.x[i], trace


def test_breakdown_derived_total_beside_the_stated_total(comp):
    fig = comp_breakdown(comp)
    base = band_row(comp, "PM", "L5", "base")
    bonus = band_row(comp, "PM", "L5", "bonus")
    equity = band_row(comp, "PM", "L5", "equity")
    expected_low = base["low"] * (1 + bonus["low"] / 100) + equity["low"]
    expected_high = base["high"] * (1 + bonus["high"] / 100) + equity["high"]
    low, high, trace = _bar(fig, "PM", "L5", "derived")
    assert (low, high) == pytest.approx((expected_low, expected_high))
    assert (low, high) == (267_000, 453_000)
    assert _bar(fig, "PM", "L5", "stated")[:2] == (280_000, 450_000)
    # Bonus drawn in dollars: percent of the base range.
    assert _bar(fig, "PM", "L5", "bonus")[:2] == pytest.approx(
        (base["low"] * bonus["low"] / 100, base["high"] * bonus["high"] / 100)
    )
    shapes = dict(zip([k for k, _ in trace.customdata], trace.marker.pattern.shape, strict=True))
    assert shapes["derived"] == "/" and shapes["stated"] == ""
    labels = only(fig, "label", role="PM", level="L5").text
    assert any("$267k\u2013$453k" in t and "\u2212$13k / +$3k vs stated" in t for t in labels)


def test_breakdown_open_bounds_stay_open(comp):
    fig = comp_breakdown(comp)
    fade = only(fig, "open_end", role="PM")
    derived_l6 = _bar(fig, "PM", "L6", "derived")[1]
    assert set(fade.y) == {"Equity per year", "Total: sum of parts", "Total: as stated"}
    assert derived_l6 in set(fade.base)  # the summed total inherits the open equity bound
    closed = only(fig, "band", role="PM", level="L5").customdata
    assert all(not label.endswith("+") for _, label in closed)
    assert [label for key, label in only(fig, "band", role="PM", level="L6").customdata][-1] == (
        "$400k\u2013$650k+"
    )


def test_breakdown_colours_legend_hover_and_source(comp):
    fig = comp_breakdown(comp)
    for role, color in ROLE_COLORS.items():
        for level in ("L5", "L6"):
            assert only(fig, "band", role=role, level=level).marker.color == color
    assert [t.name for t in fig.data if t.showlegend is not False] == ["PM", "TPM"]
    _, _, trace = _bar(fig, "TPM", "L6", "equity")
    keys = [k for k, _ in trace.customdata]
    hover = plain(trace.hovertext[keys.index("equity")])
    assert band_row(comp, "TPM", "L6", "equity")["quote"] in hover
    assert REAL_SOURCE_LINE in source_line(fig)
    assert "Hatched" in fig.layout.title.subtitle.text


def test_breakdown_third_level_third_role_and_errors(both, comp):
    fig = comp_breakdown(both, company=SYNTHETIC_COMPANY, sources=synthetic_sources())
    titles = [fig.layout[name].title.text for name in ("yaxis", "yaxis2", "yaxis3")]
    assert titles == ["<b>L5</b>", "<b>L6</b>", "<b>L7</b>"]
    assert [t.name for t in fig.data if t.showlegend is not False] == ["PM", "TPM", "EM"]
    low, high, _ = _bar(fig, "EM", "L7", "stated")
    assert (low, high) == SYNTHETIC_BANDS[("EM", "L7")]["total"][:2]
    with pytest.raises(ValueError, match="needs base, bonus or equity.*only: total"):
        comp_breakdown(comp[comp["component"] == "total"])
    with pytest.raises(ValueError, match="the frame is empty"):
        comp_breakdown(comp.iloc[0:0])


# --- 3. role_gap_chart -----------------------------------------------------------------------


def _gap_point(fig, level, bound, component):
    """The gap trace (dollar or percentage-point panel) holding ``component``, and its index."""
    found = [
        (trace, [c for c, _, _ in trace.customdata].index(component))
        for trace in parts(fig, "gap", level=level, bound=bound)
        if component in [c for c, _, _ in trace.customdata]
    ]
    assert len(found) == 1
    return found[0]


def test_gap_l6_total_in_dollars_and_percent_marked_open(comp):
    fig = role_gap_chart(comp)
    pm, tpm = band_row(comp, "PM", "L6", "total"), band_row(comp, "TPM", "L6", "total")
    low, i = _gap_point(fig, "L6", "low", "total")
    high, j = _gap_point(fig, "L6", "high", "total")
    assert low.x[i] == pm["low"] - tpm["low"] == 20_000
    assert high.x[j] == pm["high"] - tpm["high"] == 50_000
    assert high.customdata[j][2] is True and low.customdata[i][2] is False
    assert high.marker.symbol[j] == "diamond-open"
    assert high.text[j].strip() == "+$50k (+8.3%) vs open bound"
    assert "stated floors" in plain(high.hovertext[j])
    l5, k = _gap_point(fig, "L5", "low", "total")
    assert l5.text[k].strip() == "+$20k (+7.7%)"
    assert "vs open bound" not in _gap_point(fig, "L5", "high", "total")[0].text[k]


def test_gap_colour_is_the_role_whose_bound_is_higher(comp):
    fig = role_gap_chart(comp)
    trace, i = _gap_point(fig, "L5", "high", "equity")
    assert trace.marker.color[i] == ROLE_COLORS["PM"]
    reverse = role_gap_chart(comp, role="TPM", versus="PM")
    trace, i = _gap_point(reverse, "L5", "high", "equity")
    assert trace.x[i] < 0 and trace.marker.color[i] == ROLE_COLORS["PM"]
    assert trace.text[i].strip().startswith("\u2212$20k")


def test_gap_bonus_is_in_percentage_points_on_its_own_axis(comp):
    fig = role_gap_chart(comp)
    trace, i = _gap_point(fig, "L5", "low", "bonus")
    assert trace.xaxis != _gap_point(fig, "L5", "low", "total")[0].xaxis
    assert trace.text[i].strip() == "0 pp (same)"
    assert "\u00b7 pp \u00b7" in fig.layout.xaxis4.title.text
    assert "difference, US dollars per year" in fig.layout.xaxis3.title.text
    assert REAL_SOURCE_LINE in source_line(fig)


def test_gap_filters_and_errors(comp):
    fig = role_gap_chart(comp, components=["total"], levels=["L6"])
    assert {c for t in parts(fig, "gap") for c, _, _ in t.customdata} == {"total"}
    assert {t.meta["level"] for t in parts(fig, "gap")} == {"L6"}
    with pytest.raises(ValueError, match=r"unknown role CEO; choose from: PM, TPM"):
        role_gap_chart(comp, role="CEO")
    with pytest.raises(ValueError, match=r"unknown role X; choose from: PM, TPM"):
        role_gap_chart(comp, versus="X")
    with pytest.raises(ValueError, match=r"both 'PM'.*from: PM, TPM"):
        role_gap_chart(comp, versus="PM")
    with pytest.raises(ValueError, match=r"unknown component stock; choose from: total"):
        role_gap_chart(comp, components=["stock"])


def test_gap_second_company_third_level_and_the_other_direction(both):
    fig = role_gap_chart(both, company=SYNTHETIC_COMPANY, sources=synthetic_sources())
    assert {t.meta["level"] for t in parts(fig, "gap")} == {"L5", "L6", "L7"}
    pm_equity = SYNTHETIC_BANDS[("PM", "L7")]["equity"]
    tpm_equity = SYNTHETIC_BANDS[("TPM", "L7")]["equity"]
    trace, i = _gap_point(fig, "L7", "low", "equity")
    assert trace.x[i] == pm_equity[0] - tpm_equity[0] < 0
    assert trace.marker.color[i] == ROLE_COLORS["TPM"]
    em = role_gap_chart(both, company=SYNTHETIC_COMPANY, role="EM", versus="PM")
    assert {t.meta["level"] for t in parts(em, "gap")} == {"L7"}
    with pytest.raises(ValueError, match="several companies"):
        role_gap_chart(both)


# --- 7. offer_reference_chart ----------------------------------------------------------------


def test_offer_base_is_a_marker_on_the_l5_base_bands(comp, offers, negotiations):
    fig = offer_reference_chart(comp, offers=offers, negotiations=negotiations)
    offer = offers[(offers["component"] == "base")].iloc[0]
    marker = only(fig, "offer_marker")
    assert list(marker.x) == [offer["value"]] == [170_000]
    pm_band = next(t for t in parts(fig, "band", role="PM") if t.customdata[0][0] == "base")
    assert spans(pm_band) == [(marker.y[0], 170_000, 220_000)]  # on the PM L5 base band
    comparison = only(fig, "offer_comparison")
    tpm_band = next(t for t in parts(fig, "band", role="TPM") if t.customdata[0][0] == "base")
    assert comparison.x == marker.x and comparison.y == tuple(tpm_band.y)
    assert only(fig, "offer_label").text[0].strip() == "offer: about $170k"
    assert offer["quote"] in plain(marker.hovertext[0])


def test_offer_sign_on_equity_share_and_negotiations(comp, offers, negotiations):
    fig = offer_reference_chart(comp, offers=offers, negotiations=negotiations)
    sign_on = only(fig, "offer_amount")
    assert list(sign_on.x) == [20_000] and sign_on.text[0].strip().startswith("$20k")
    note = only(fig, "note")
    assert "0.05% of the company" in note.text[0] and "no valuation" in note.text[0]
    # The share is never drawn as a dollar amount.
    drawn = [x for t in fig.data if t.x is not None for x in t.x if x is not None]
    assert not any(0 < x < 1 for x in drawn)
    deals = {t.meta["role"]: t for t in parts(fig, "negotiated")}
    for row in negotiations.itertuples():
        trace = deals[row.role]
        assert list(trace.x) == [row.amount] and trace.meta["level"] == row.level
        assert trace.text[0].strip().startswith(f"+${row.amount / 1000:g}k")
        assert row.quote in plain(trace.hovertext[0])
        assert trace.marker.color == ROLE_COLORS[row.role]


def test_offer_chart_says_what_it_is_and_cites_both_sources(comp, offers, negotiations):
    fig = offer_reference_chart(comp, offers=offers, negotiations=negotiations)
    assert "not advice" in fig.layout.title.subtitle.text
    line = source_line(fig)
    assert REAL_SOURCE_LINE in line
    assert "Weights & Biases system design pm (2026-05-24)" in line
    for role, color in ROLE_COLORS.items():
        assert {t.marker.color for t in parts(fig, "band", role=role)} == {color}
    assert [t.name for t in fig.data if t.showlegend is not False][:2] == ["PM", "TPM"]
    # The L6 equity bands are open: they fade out.
    assert {t.meta["role"] for t in parts(fig, "open_end")} == {"PM", "TPM"}


def test_offer_chart_second_company_and_errors(both, offers, negotiations):
    fig = offer_reference_chart(
        both,
        company=SYNTHETIC_COMPANY,
        offers=synthetic_offers(),
        negotiations=synthetic_negotiations(),
        sources=synthetic_sources(),
    )
    marker = only(fig, "offer_marker")
    assert marker.meta["on_band"] == "TPM" and list(marker.x) == [250_000]
    assert {t.meta["on_band"] for t in parts(fig, "offer_comparison")} == {"PM", "EM"}
    assert only(fig, "offer_label").text[0].strip() == "offer: $250k"  # exact, no "about"
    assert list(only(fig, "negotiated").x) == [60_000]
    with pytest.raises(ValueError, match=r"no offer points or negotiation outcomes for Example"):
        offer_reference_chart(
            both, company=SYNTHETIC_COMPANY, offers=offers, negotiations=negotiations
        )


# --- every builder ---------------------------------------------------------------------------

BUILDERS = {
    "comp_ranges": lambda frame, **kw: comp_ranges(frame, **kw),
    "comp_breakdown": lambda frame, **kw: comp_breakdown(frame, **kw),
    "role_gap_chart": lambda frame, **kw: role_gap_chart(frame, **kw),
    "offer_reference_chart": lambda frame, **kw: offer_reference_chart(
        frame, offers=wbroles.load_offer_points(), negotiations=wbroles.load_negotiations(), **kw
    ),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_builder_refuses_an_empty_frame(comp, name):
    with pytest.raises(ValueError, match="the frame is empty"):
        BUILDERS[name](comp.iloc[0:0])


@pytest.mark.parametrize("name", BUILDERS)
def test_every_builder_refuses_two_companies_without_company(both, name):
    with pytest.raises(ValueError, match="choose one with company=: Weights & Biases, Example"):
        BUILDERS[name](both)


@pytest.mark.parametrize("name", BUILDERS)
def test_every_builder_returns_a_figure_with_source_line_and_leaves_renderers(comp, name):
    renderer = pio.renderers.default
    fig = BUILDERS[name](comp)
    assert isinstance(fig, go.Figure)
    assert pio.renderers.default == renderer
    assert REAL_SOURCE_LINE in source_line(fig)
    assert fig.layout.title.text
