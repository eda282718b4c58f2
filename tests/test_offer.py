"""The offer check: terms checked on construction, pay year by year, placement in the bands,
the reference points of the sources, the findings in words and the two charts.

Hand computations are written next to each expected number; bands come from the data (the
article's bands are checked against the article in test_load.py).
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbroles.format import NO_MATH
from wbroles.narrative import offer_findings, reference_note
from wbroles.offer import (
    ANNUAL_EQUITY_YEARS,
    OPEN_FLOOR_TEXT,
    POSITIONS,
    VESTING_SCHEDULES,
    Offer,
    check_offer,
    offer_from_params,
    offer_totals,
    offer_years,
    place_offer,
    place_value,
    reference_points,
    reported_offer,
    reported_terms,
    vesting_schedule,
)
from wbroles.params import ParameterError
from wbroles.plots.base import FIXED_COLORS
from wbroles.plots.offer import offer_placement_chart, offer_years_chart
from wbroles.schemas import TABLES
from wbroles.tables import (
    offer_text,
    placement_table,
    reference_table,
    steady_state_text,
    where_text,
    years_table,
)
from wbroles.validation import columns

# The command's example offer (issue 5).
EXAMPLE = dict(
    role="PM",
    level="L5",
    base=185_000,
    bonus_pct=12,
    equity_total=400_000,
    vesting="front",
    sign_on=20_000,
)


@pytest.fixture
def comp(real):
    return real["compensation"]


def band(comp, role, level, component) -> pd.Series:
    rows = comp[
        (comp["role"] == role) & (comp["level"] == level) & (comp["component"] == component)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def synthetic_comp(companies=("Acme",), roles=("PM", "TPM", "EM"), role_codes=None) -> pd.DataFrame:
    """A small compensation frame: every role has the same L1 bands, base 100k-200k closed,
    bonus 10-20 %, equity 50k-100k, total 200k-300k+ (open)."""
    rows = []
    for company in companies:
        for role in role_codes or roles:
            for component, low, high, open_high, unit in [
                ("total", 200_000, 300_000, True, "usd_per_year"),
                ("base", 100_000, 200_000, False, "usd_per_year"),
                ("bonus", 10, 20, False, "pct_of_base"),
                ("equity", 50_000, 100_000, False, "usd_per_year"),
            ]:
                rows.append(
                    (company, role, "L1", component, low, high, open_high, unit, "syn", "q")
                )
    frame = pd.DataFrame(
        rows,
        columns=columns(TABLES["compensation"]),
    )
    frame["role"] = pd.Categorical(frame["role"], categories=list(role_codes or roles))
    return frame


# --- construction ----------------------------------------------------------------------------


def test_the_example_offer_keeps_its_terms():
    offer = Offer(**EXAMPLE)
    assert offer.base == 185_000.0 and isinstance(offer.base, float)
    assert offer.vesting == "front"
    assert offer.vesting_pct == (40.0, 30.0, 20.0, 10.0)
    assert offer.bonus == pytest.approx(22_200)  # 185,000 x 12 %
    assert offer.grant == 400_000
    assert offer.equity_per_year == 100_000  # 400,000 / 4 years
    assert offer.describe() == (
        "PM L5 offer: base $185k, bonus 12% ($22.2k), equity $400k over 4 years "
        "(front 40/30/20/10), sign-on $20k"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"base": -1}, r"^base: -1 is below 0 \(US dollars a year\)$"),
        ({"sign_on": -0.01}, r"^sign_on: -0.01 is below 0 \(US dollars\)$"),
        ({"equity_total": -5}, r"^equity_total: -5 is below 0 \(US dollars\)$"),
        ({"bonus_pct": 100.5}, r"^bonus_pct: 100.5 is above 100 \(percent of base\)$"),
        ({"bonus_pct": -1}, r"^bonus_pct: -1 is below 0 \(percent of base\)$"),
        ({"base": float("nan")}, r"^base: nan is not a finite number"),
        ({"base": "1,85,000"}, r"^base: '1,85,000' is not a number \(write plain digits"),
        ({"base": "1e12"}, r"^base: '1e12' is not a number \(write plain digits"),
        ({"base": 1e12}, r"^base: 1e\+12 is above 100000000 \(US dollars a year\)$"),
        ({"base": True}, r"^base must be a number, got True \(bool\)"),
        (
            {"equity_annual": 100_000},
            r"exactly one of equity_total .* equity_total and equity_annual were given",
        ),
        ({"equity_total": None}, r"exactly one of equity_total .* none was given"),
        ({"vesting": [50, 40]}, r"^vesting schedule 50/40 adds up to 90%, not 100%"),
        ({"vesting": []}, r"^vesting schedule is empty"),
        ({"vesting": [110, -10]}, r"^vesting year 1: 110 is above 100 \(percent\)$"),
        ({"vesting": [50, 60, -10]}, r"^vesting year 3: -10 is below 0 \(percent\)$"),
        ({"vesting": "50,x"}, r"^vesting year 2: 'x' is not a number"),
        ({"vesting": "fast"}, r"^unknown vesting 'fast'; choose from: even, front, back$"),
        ({"vesting": 40}, r"^vesting must be a schedule name"),
        ({"role": ""}, r"^role must be a code"),
        ({"level": None}, r"^level must be a code"),
        ({"sign_on_schedule": [10_000, 5_000]}, r"^sign_on_schedule adds up to 15,000.00, not"),
        ({"sign_on_schedule": [4_000] * 5}, r"^sign_on_schedule has 5 years but the equity"),
        ({"sign_on_schedule": [20_000, -1]}, r"^sign_on_schedule year 2: -1 is below 0"),
        ({"sign_on_schedule": "20000"}, r"^sign_on_schedule must be a list"),
    ],
)
def test_bad_terms_fail_on_construction_naming_the_field(changes, message):
    with pytest.raises(ParameterError, match=message):
        Offer(**{**EXAMPLE, **changes})


def test_numbers_as_text_are_read_by_the_number_rule():
    offer = Offer(**{**EXAMPLE, "base": "185000", "sign_on": " 20000 "})
    assert offer.base == 185_000.0 and offer.sign_on == 20_000.0


def test_annual_equity_takes_no_other_schedule():
    with pytest.raises(ValueError, match=r"vesting applies to equity_total.*'back' schedule"):
        Offer(role="PM", level="L5", base=1, equity_annual=10, vesting="back")
    # "even" is what an annual value means anyway: accepted.
    offer = Offer(role="PM", level="L5", base=1, equity_annual=10, vesting="even")
    assert offer.vesting_pct == VESTING_SCHEDULES["even"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, (25.0, 25.0, 25.0, 25.0)),
        ("even", (25.0, 25.0, 25.0, 25.0)),
        ("front", (40.0, 30.0, 20.0, 10.0)),
        ("Back", (5.0, 15.0, 40.0, 40.0)),
        ("40, 30,20,10", (40.0, 30.0, 20.0, 10.0)),
        ([60, 40], (60.0, 40.0)),
        ((100,), (100.0,)),
        ([0, 0, 100], (0.0, 0.0, 100.0)),
    ],
)
def test_vesting_schedules_by_name_list_and_text(spec, expected):
    assert vesting_schedule(spec) == expected


def test_vesting_sum_tolerance_is_1e_9():
    assert vesting_schedule([100 / 3] * 3) == (100 / 3,) * 3  # sums to 100 +- a few ulps
    vesting_schedule([25, 25, 25, 25 + 1e-12])
    with pytest.raises(ValueError, match="not 100%"):
        vesting_schedule([25, 25, 25, 25 + 1e-8])


def test_a_schedule_given_as_a_list_is_stored_as_its_percentages():
    offer = Offer(**{**EXAMPLE, "vesting": "50,50"})
    assert offer.vesting == (50.0, 50.0)
    assert offer.years == 2


# --- year by year ----------------------------------------------------------------------------


def test_years_of_the_example_offer():
    years = offer_years(Offer(**EXAMPLE))
    # equity 400,000 x 40/30/20/10 % = 160,000 / 120,000 / 80,000 / 40,000
    # year 1: 185,000 + 22,200 + 160,000 + 20,000 = 387,200
    # year 2: 185,000 + 22,200 + 120,000 = 327,200; year 3: 287,200; year 4: 247,200
    assert list(years.columns) == ["year", "base", "bonus", "equity", "sign_on", "total"]
    assert years["year"].tolist() == [1, 2, 3, 4]
    assert years["equity"].tolist() == [160_000, 120_000, 80_000, 40_000]
    assert years["sign_on"].tolist() == [20_000, 0, 0, 0]
    assert years["total"].tolist() == pytest.approx([387_200, 327_200, 287_200, 247_200])
    totals = offer_totals(years)
    assert totals.first_year == pytest.approx(387_200)
    # steady state: (327,200 + 287,200 + 247,200) / 3 = 861,600 / 3 = 287,200
    assert totals.steady_state == pytest.approx(287_200)
    # cumulative: 387,200 + 861,600 = 1,248,800
    assert totals.cumulative == pytest.approx(1_248_800)
    assert totals.years == 4
    assert steady_state_text(totals) == "$287.2k a year (average of years 2\u20134)"


def test_annual_equity_and_a_spread_sign_on():
    offer = Offer(
        role="PM",
        level="L5",
        base=200_000,
        bonus_pct=15,
        equity_annual=100_000,
        sign_on=30_000,
        sign_on_schedule=[20_000, 10_000],
    )
    years = offer_years(offer)
    # bonus 200,000 x 15 % = 30,000; equity 100,000 in each of 4 years
    # year 1: 200,000 + 30,000 + 100,000 + 20,000 = 350,000; year 2: ... + 10,000 = 340,000
    # years 3 and 4: 330,000
    assert len(years) == ANNUAL_EQUITY_YEARS == 4
    assert years["total"].tolist() == pytest.approx([350_000, 340_000, 330_000, 330_000])
    totals = offer_totals(years)
    # steady: (340,000 + 330,000 + 330,000) / 3 = 333,333.33; cumulative 1,350,000
    assert totals.steady_state == pytest.approx(1_000_000 / 3)
    assert totals.cumulative == pytest.approx(1_350_000)
    assert offer.grant == 400_000  # 100,000 x 4


def test_a_one_year_schedule_has_no_steady_state():
    years = offer_years(
        Offer(role="PM", level="L5", base=100_000, equity_total=50_000, vesting=[100], sign_on=5)
    )
    totals = offer_totals(years)
    assert totals.first_year == pytest.approx(150_005)  # 100,000 + 50,000 + 5
    assert totals.steady_state is None
    assert "undefined" in steady_state_text(totals)
    assert totals.cumulative == pytest.approx(150_005)


def test_a_custom_three_year_schedule():
    years = offer_years(
        Offer(role="PM", level="L5", base=0, equity_total=90_000, vesting=[50, 30, 20])
    )
    assert years["equity"].tolist() == pytest.approx([45_000, 27_000, 18_000])  # 90k x 50/30/20 %


def test_totals_of_an_empty_frame_fail():
    with pytest.raises(ValueError, match="no years to sum"):
        offer_totals(offer_years(Offer(**EXAMPLE)).iloc[0:0])


def test_years_table_reads_as_money():
    table = years_table(offer_years(Offer(**EXAMPLE)))
    assert table.columns.tolist() == [
        "Year", "Base", "Bonus", "Equity", "Sign-on", "Total", "Cumulative",
    ]  # fmt: skip
    assert table.iloc[0].tolist() == [1, "$185k", "$22.2k", "$160k", "$20k", "$387.2k", "$387.2k"]
    assert table["Cumulative"].tolist()[1] == "$714.4k"  # 387,200 + 327,200


# --- properties --------------------------------------------------------------------------------

money_st = st.floats(min_value=0, max_value=5e6, allow_nan=False, allow_infinity=False)


@st.composite
def schedules(draw):
    """Yearly percentages summing to 100 (within float rounding): normalised random weights."""
    weights = draw(st.lists(st.integers(0, 1000), min_size=1, max_size=10).filter(any))
    total = sum(weights)
    return [100 * w / total for w in weights]


@st.composite
def offers(draw):
    schedule = draw(schedules())
    sign_on = draw(money_st)
    spread = draw(st.booleans()) and len(schedule) > 1
    return Offer(
        role="PM",
        level="L5",
        base=draw(money_st),
        bonus_pct=draw(st.floats(0, 100)),
        equity_total=draw(money_st),
        vesting=schedule,
        sign_on=sign_on,
        sign_on_schedule=[sign_on / 2, sign_on / 2] if spread else None,
    )


@settings(max_examples=100, deadline=None)
@given(offers())
def test_year_totals_sum_to_the_cumulative_total(offer):
    years = offer_years(offer)
    totals = offer_totals(years)
    assert math.fsum(years["total"]) == pytest.approx(totals.cumulative, rel=1e-12, abs=1e-6)
    parts = years[["base", "bonus", "equity", "sign_on"]].sum(axis=1)
    assert years["total"].tolist() == pytest.approx(parts.tolist(), rel=1e-12, abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(schedules(), money_st)
def test_any_schedule_summing_to_100_vests_the_whole_grant(schedule, grant):
    offer = Offer(role="PM", level="L5", base=1, equity_total=grant, vesting=schedule)
    assert math.fsum(offer.equity_by_year) == pytest.approx(grant, rel=1e-9, abs=1e-6)
    assert math.fsum(offer_years(offer)["equity"]) == pytest.approx(grant, rel=1e-9, abs=1e-6)


def _rank(position: str, pct: float, value: float) -> tuple:
    """An order on placements: below < inside (by position) < above / at or above the floor."""
    order = {"below": 0, "inside": 1, "above": 2, "at_or_above_floor": 2}[position]
    within = pct if not math.isnan(pct) else value
    return (order, within if order == 1 else 0)


@settings(max_examples=300, deadline=None)
@given(
    low=st.floats(0, 1e6),
    width=st.floats(0, 1e6),
    open_high=st.booleans(),
    values=st.lists(st.floats(0, 3e6), min_size=2, max_size=6),
)
def test_placement_is_monotone_in_the_value(low, width, open_high, values):
    high = low + width
    placed = [(v, *place_value(v, low, high, open_high=open_high)) for v in sorted(values)]
    ranks = [_rank(pos, pct, v) for v, pos, pct in placed]
    assert ranks == sorted(ranks)
    for _, position, pct in placed:
        assert position in POSITIONS
        assert math.isnan(pct) or 0 <= pct <= 100
        if open_high:
            assert position != "above" and (position != "inside" or math.isnan(pct))


@settings(max_examples=15, deadline=None)
@given(bases=st.lists(st.floats(0, 1e6), min_size=2, max_size=4))
def test_placement_of_the_offer_is_monotone_in_its_base(real_tables, bases):
    comp = real_tables["compensation"]
    ranks: dict[tuple, list] = {}
    for base in sorted(bases):
        offer = Offer(role="PM", level="L6", base=base, bonus_pct=0, equity_total=0)
        placement = place_offer(offer, comp)
        for r in placement.itertuples():
            ranks.setdefault((r.measure, r.role), []).append(
                _rank(r.position, r.position_pct, r.value)
            )
    assert ranks  # every measure that depends on base, against both roles
    for series in ranks.values():
        assert series == sorted(series)


# --- placement ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "low", "high", "open_high", "position", "pct"),
    [
        (150, 170, 220, False, "below", None),
        (170, 170, 220, False, "inside", 0.0),
        (185, 170, 220, False, "inside", 30.0),  # (185 - 170) / (220 - 170) = 15 / 50
        (220, 170, 220, False, "inside", 100.0),
        (221, 170, 220, False, "above", None),
        (5, 5, 5, False, "inside", 50.0),  # a band of one value
        (600, 400, 650, True, "inside", None),  # open top: no percent
        (650, 400, 650, True, "at_or_above_floor", None),
        (760, 400, 650, True, "at_or_above_floor", None),
        (399, 400, 650, True, "below", None),
    ],
)
def test_place_value(value, low, high, open_high, position, pct):
    got_position, got_pct = place_value(value, low, high, open_high=open_high)
    assert got_position == position
    assert math.isnan(got_pct) if pct is None else got_pct == pytest.approx(pct)


def test_the_example_offer_in_the_l5_bands(comp):
    placement = place_offer(Offer(**EXAMPLE), comp)
    assert placement["company"].unique().tolist() == ["Weights & Biases"]
    assert placement["measure"].unique().tolist() == [
        "base", "bonus_pct", "equity_per_year", "total_first_year", "total_steady_state",
    ]  # fmt: skip
    # Own role first in each measure, then the other role.
    assert placement["role"].tolist() == ["PM", "TPM"] * 5
    assert placement["own_role"].tolist() == [True, False] * 5
    rows = placement.set_index(["measure", "role"])
    pm_base, tpm_base = band(comp, "PM", "L5", "base"), band(comp, "TPM", "L5", "base")
    expected_pm = 100 * (185_000 - pm_base["low"]) / (pm_base["high"] - pm_base["low"])
    expected_tpm = 100 * (185_000 - tpm_base["low"]) / (tpm_base["high"] - tpm_base["low"])
    assert rows.loc[("base", "PM"), "position_pct"] == pytest.approx(expected_pm)  # 30 %
    assert rows.loc[("base", "TPM"), "position_pct"] == pytest.approx(expected_tpm)  # 50 %
    assert where_text(rows.loc[("base", "PM")]) == "inside, at 30% of the range"
    assert rows.loc[("equity_per_year", "PM"), "value"] == 100_000  # 400,000 / 4
    assert rows.loc[("total_first_year", "PM"), "value"] == pytest.approx(387_200)
    assert rows.loc[("total_steady_state", "PM"), "value"] == pytest.approx(287_200)
    assert rows.loc[("bonus_pct", "TPM"), "unit"] == "pct_of_base"
    assert set(placement["position"]) == {"inside"}
    assert placement["quote"].tolist()[0] == pm_base["quote"]


def test_an_offer_above_an_open_band_is_at_or_above_its_floor(comp):
    # PM L6: base 300,000 + bonus 20 % (60,000) + equity 400,000 a year = 760,000 a year,
    # above the "$400,000 to $650,000+" total band, which has no top.
    offer = Offer(role="PM", level="L6", base=300_000, bonus_pct=20, equity_annual=400_000)
    placement = place_offer(offer, comp).set_index(["measure", "role"])
    for measure in ("total_first_year", "total_steady_state", "equity_per_year"):
        for role in ("PM", "TPM"):
            row = placement.loc[(measure, role)]
            assert bool(row["open_high"])
            assert row["position"] == "at_or_above_floor"
            assert math.isnan(row["position_pct"])
            assert where_text(row) == OPEN_FLOOR_TEXT
    base_row = placement.loc[("base", "PM")]
    assert base_row["position"] == "above"  # 300,000 over a closed 220,000-280,000 band
    assert where_text(base_row) == "above: $20k over the top"


def test_inside_an_open_band_gives_no_percent(comp):
    # 250,000 + 15 % + 150,000 a year = 437,500: inside PM L6 400,000-650,000+
    placement = place_offer(
        Offer(role="PM", level="L6", base=250_000, bonus_pct=15, equity_annual=150_000), comp
    ).set_index(["measure", "role"])
    row = placement.loc[("total_steady_state", "PM")]
    assert row["position"] == "inside" and math.isnan(row["position_pct"])
    assert where_text(row) == "inside: $37.5k over the low end (open top, no percent)"


def test_below_reads_in_points_for_the_bonus(comp):
    placement = place_offer(Offer(**{**EXAMPLE, "bonus_pct": 4}), comp).set_index(
        ["measure", "role"]
    )
    low = band(comp, "PM", "L5", "bonus")["low"]
    assert (
        where_text(placement.loc[("bonus_pct", "PM")])
        == f"below: {low - 4:g} pts under the low end"
    )


def test_a_one_year_offer_has_no_steady_state_row(comp):
    placement = place_offer(Offer(**{**EXAMPLE, "vesting": [100]}), comp)
    assert "total_steady_state" not in set(placement["measure"])
    assert "total_first_year" in set(placement["measure"])


def test_every_other_role_is_placed_too():
    comp = synthetic_comp()
    placement = place_offer(
        Offer(role="TPM", level="L1", base=150_000, equity_total=0, company="Acme"), comp
    )
    assert placement.drop_duplicates("role")["role"].tolist() == ["TPM", "PM", "EM"]


def test_check_offer_names_the_valid_choices(comp):
    with pytest.raises(ParameterError, match=r"^unknown role 'EM'; choose from: PM, TPM$"):
        check_offer(Offer(**{**EXAMPLE, "role": "EM"}), comp)
    with pytest.raises(ParameterError, match=r"^unknown level 'L7'; choose from: L5, L6$"):
        check_offer(Offer(**{**EXAMPLE, "level": "L7"}), comp)
    with pytest.raises(ValueError, match=r"unknown company 'Acme'; choose from: Weights & Biases"):
        check_offer(Offer(**{**EXAMPLE, "company": "Acme"}), comp)
    two = synthetic_comp(companies=("Acme", "Globex"))
    with pytest.raises(ValueError, match=r"several companies; set company to one of: Acme, Globex"):
        check_offer(Offer(**{**EXAMPLE, "level": "L1"}), two)
    checked = check_offer(Offer(**EXAMPLE), comp)
    assert checked.company == "Weights & Biases" and checked.base == EXAMPLE["base"]


def test_offer_from_params_accepts_text_numbers_and_raises_parameter_errors(comp):
    offer = offer_from_params(
        comp, role="PM", level="L5", base="185000", bonus_pct="12", equity_total="None",
        equity_annual="100000", vesting="even", sign_on=0,
    )  # fmt: skip
    assert offer.base == 185_000 and offer.equity_annual == 100_000 and offer.equity_total is None
    with pytest.raises(ParameterError, match=r"^base: 'lots' is not a number \(write plain"):
        offer_from_params(comp, role="PM", level="L5", base="lots", equity_total=0)
    with pytest.raises(ParameterError, match=r"^unknown role 'CEO'"):
        offer_from_params(comp, role="CEO", level="L5", base=1, equity_total=0)
    with pytest.raises(ParameterError, match="equity_total and equity_annual were given"):
        offer_from_params(comp, role="PM", level="L5", base=1, equity_total=0, equity_annual=5)
    with pytest.raises(ParameterError, match=r"^base: '1e308' is not a number"):
        offer_from_params(comp, role="PM", level="L5", base="1e308", equity_total=0)
    with pytest.raises(ParameterError, match=r"^unknown parameter 'salary'; choose from: role"):
        offer_from_params(comp, role="PM", level="L5", salary=1, equity_total=0)
    spread = offer_from_params(comp, role="PM", level="L5", base="1", equity_total="0",
                               sign_on="10", sign_on_schedule="5,5")  # fmt: skip
    assert spread.sign_on_schedule == (5.0, 5.0)


def test_placement_table(comp):
    table = placement_table(place_offer(Offer(**EXAMPLE), comp))
    assert table.columns.tolist() == [
        "Measure", "Band of", "Offer", "Band", "Where", "Verdict", "Rule"
    ]  # fmt: skip
    # (185 - 170) / (220 - 170) = 30 %; the midpoint (170 + 220) / 2 = 195 > 185: lower half
    assert table.iloc[0].tolist() == [
        "Base salary", "PM L5 (offer's role)", "$185k", "$170k\u2013$220k",
        "inside, at 30% of the range", "lower half",
        "from the low end $170k to under the midpoint $195k",
    ]  # fmt: skip
    assert table.iloc[3]["Offer"] == "12%" and table.iloc[3]["Band"] == "10%\u201315%"


def shown(markdown) -> str:
    """The Markdown's text as a reader sees it: inside the block MathJax skips, "\\$" is a
    literal dollar sign."""
    wrapper = (f'<div class="{NO_MATH}">\n\n', "\n\n</div>")
    assert markdown.data.startswith(wrapper[0]) and markdown.data.endswith(wrapper[1])
    return markdown.data.removeprefix(wrapper[0]).removesuffix(wrapper[1]).replace("\\$", "$")


# --- reference points ------------------------------------------------------------------------


def test_reference_points_are_the_reported_cases_with_their_quotes(real):
    points = reference_points(real)
    offers_, deals = real["offer_points"], real["negotiations"]
    assert points["kind"].tolist() == ["offer"] * len(offers_) + ["negotiation"] * len(deals)
    assert points["quote"].tolist() == offers_["quote"].tolist() + deals["quote"].tolist()
    assert points["amount"].tolist() == offers_["value"].tolist() + deals["amount"].tolist()
    table = reference_table(points)
    share = table[(points["unit"] == "pct_of_company").to_numpy()]
    assert len(share) == 1
    assert share["What"].iloc[0] == (
        f"equity: {points.loc[points['unit'] == 'pct_of_company', 'amount'].iloc[0]:g}% of the "
        "company (no valuation given, so no dollar value)"
    )
    assert "$" not in share["What"].iloc[0]
    about = table[points["approximate"].to_numpy()]
    assert len(about) and about["What"].str.contains("about ").all()
    advice = ("should", "recommend", "advice")
    assert not any(w in text for text in table["What"] for w in advice)
    assert points["source"].str.contains(r"\(\d{4}-\d{2}-\d{2}\)").all()
    assert table.columns.tolist() == ["Reported", "What", "Quote", "Source"]
    assert table["Quote"].iloc[0] == f"\u201c{offers_['quote'].iloc[0]}\u201d"
    assert reference_points(real, company="Acme").empty


def test_reported_offer_is_the_data_point(real):
    points = real["offer_points"]
    value = dict(zip(points["component"], points["value"], strict=True))
    reported = reported_offer(real)
    assert reported["base"] == value["base"]  # "with a base salary around $170,000"
    assert reported["sign_on"] == value["sign_on"]  # "a $20,000 sign-on"
    assert reported["equity_share"] == value["equity_share"]  # "0.05 % equity": no dollars
    assert reported["bonus"] is None and reported["equity_annual"] is None
    assert (
        reported["role"] == points["role"].iloc[0] and reported["level"] == points["level"].iloc[0]
    )
    assert reported["approximate"] == ["base"]
    with pytest.raises(ParameterError, match=r"unknown offer_id 'nope'; choose from: "):
        reported_offer(real, offer_id="nope")


def test_reference_note_says_the_bonus_is_not_stated_and_the_share_not_valued(real):
    reported = reported_offer(real)
    default = check_offer(Offer(**reported_terms(reported)), real["compensation"])
    assert default.bonus_pct is None and default.equity_share == reported["equity_share"]
    assert math.isnan(default.bonus) and math.isnan(default.grant)
    text = shown(reference_note(real, default))
    assert "the bonus is not stated (never 0%)" in text
    assert "no valuation, so it is not valued (never $0)" in text
    assert "$0" not in text.replace("(never $0)", "") and "0%" not in text.replace("(never 0%)", "")
    assert "This run uses those values." in text
    assert "Weights \\& Biases system design pm" in text  # data text escaped for Markdown
    other = shown(reference_note(real, Offer(**{**EXAMPLE, "company": reported["company"]})))
    assert "This run checks a different offer: PM L5 offer at Weights \\& Biases" in other


def test_reported_terms_take_the_data_and_given_values_replace_them(real):
    reported = reported_offer(real)
    assert reported_terms(reported) == {
        "role": reported["role"], "level": reported["level"], "company": reported["company"],
        "base": reported["base"], "sign_on": reported["sign_on"],
        "equity_share": reported["equity_share"],
    }  # fmt: skip
    given = reported_terms(reported, base=200_000, equity_total=50_000, bonus_pct=None)
    assert given["base"] == 200_000 and given["equity_total"] == 50_000
    assert "equity_share" not in given and "bonus_pct" not in given


# --- findings --------------------------------------------------------------------------------


def test_findings_of_the_example_offer(comp):
    text = shown(offer_findings(Offer(**EXAMPLE), comp))
    assert text.startswith("In year 1 this PM L5 offer pays $387.2k, inside the PM band of")
    assert "from year 2 on it averages $287.2k" in text
    # 387,200 - 287,200 = 100,000: sign-on 20,000 - 0; vesting 160,000 - (120+80+40)/3 k = 80,000
    assert (
        "Year 1 pays $100k more than the steady state (+$20k from the sign-on, +$80k from" in text
    )
    assert "No equity is counted" not in text
    assert text.count(". ") + 1 == 2  # two sentences


def test_findings_with_no_equity_and_an_open_band(comp):
    text = shown(
        offer_findings(
            Offer(role="PM", level="L5", base=170_000, bonus_pct=0, equity_total=0, sign_on=20_000),
            comp,
        )
    )
    assert "below the PM band of $280k\u2013$450k ($90k under its low end)" in text  # 280k - 190k
    assert "No equity is counted" in text
    text = shown(
        offer_findings(
            Offer(role="PM", level="L6", base=300_000, bonus_pct=20, equity_annual=400_000), comp
        )
    )
    assert text.startswith("This PM L6 offer pays $760k in each of its 4 years, at or above the")
    assert f"{OPEN_FLOOR_TEXT} for PM ($400k\u2013$650k+)" in text


def test_findings_escape_text_from_the_data():
    comp = synthetic_comp(role_codes=("R&D", "<b>X</b>"))
    text = shown(
        offer_findings(
            Offer(role="R&D", level="L1", base=150_000, equity_total=0, company="Acme"), comp
        )
    )
    assert "R\\&D" in text and "\\<b\\>X\\</b\\>" in text
    assert "<b>" not in text


def test_findings_escape_dollar_signs_for_markdown(comp):
    """Unescaped, "$387.2k ... $280k" is a LaTeX span to Jupyter and nbconvert."""
    raw = offer_findings(Offer(**EXAMPLE), comp).data
    assert "\\$387.2k" in raw
    assert re.search(r"(?<!\\)\$", raw) is None  # no bare dollar sign


# --- the terminal text ---------------------------------------------------------------------------


def test_offer_text_prints_pandas_tables(real):
    text = offer_text(Offer(**EXAMPLE), real["compensation"], sources=real["sources"])
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Measure"))
    table = placement_table(place_offer(Offer(**EXAMPLE), real["compensation"]))
    table = table.drop(columns="Rule")  # the rules follow, one line per measure
    assert lines[header : header + 11] == table.to_string(index=False).splitlines()
    width = len(lines[header])
    assert all(len(line) == width for line in lines[header : header + 11])  # aligned columns
    assert "Cumulative over 4 years: $1.25M." in text


def test_offer_text_is_plain_text():
    comp = synthetic_comp(companies=("Acme\x1b[2J\nInc",))
    offer = Offer(role="PM", level="L1", base=150_000, equity_total=0)
    text = offer_text(offer, comp)
    assert "\x1b" not in text and "Acme?[2J?Inc" in text


# --- charts ----------------------------------------------------------------------------------


def bars(fig, role=None, part="band"):
    """Per bar trace (one per role and facet row), the (y, base, size, customdata) of each bar
    of ``part`` ("band" or "open_end")."""
    return [
        (t, [(b, x, c) for b, x, c in zip(t.base, t.x, t.customdata, strict=True) if c[2] == part])
        for t in fig.data
        if t.type == "bar" and (role is None or t.name == role)
    ]


def facet(fig, trace) -> str:
    """The facet row title of the axis ``trace`` is drawn on ("Base salary", ...)."""
    domain = fig.layout[trace.yaxis.replace("y", "yaxis")].domain
    (title,) = [a.text for a in fig.layout.annotations if domain[0] <= a.y <= domain[1]
                and a.name != "source"]  # fmt: skip
    return title.replace("<b>", "").replace("</b>", "").replace("<br>", " ")


def test_placement_chart_holds_bands_markers_and_positions(real):
    comp = real["compensation"]
    placement = place_offer(Offer(**EXAMPLE), comp)
    fig = offer_placement_chart(placement, sources=real["sources"])
    band_traces = [t for t in fig.data if t.type == "bar"]
    assert len(band_traces) == 8  # 4 components x 2 roles
    pm_base = next(t for t in band_traces if t.name == "PM" and facet(fig, t) == "Base salary")
    b = band(comp, "PM", "L5", "base")
    assert pm_base.base[0] == b["low"] and pm_base.x[0] == b["high"] - b["low"]
    assert pm_base.marker.color == "#0072B2"
    assert (
        "with a base salary" in pm_base.customdata[0][0]
        or b["quote"][:20] in (pm_base.customdata[0][0])
    )
    assert {t.marker.color for t in band_traces if t.name == "TPM"} == {FIXED_COLORS["TPM"]}
    marks = ("the offer, a year", "total in year 1")
    own = [t for t in fig.data if t.type == "scatter" and t.name in marks]
    assert sorted(x for t in own for x in t.x) == sorted(
        [185_000, 12, 100_000, 387_200, 287_200]
    )  # one per measure, on the offer's own role's band
    assert {y for t in own for y in t.y} == {"PM"}
    base_marker = next(t for t in own if facet(fig, t) == "Base salary")
    assert base_marker.x[0] == 185_000 and base_marker.text[0] == "$185k"
    assert base_marker.marker.symbol == "diamond"
    comparison = next(t for t in fig.data if t.name == "on another role's band"
                      and facet(fig, t) == "Base salary")  # fmt: skip
    assert list(comparison.y) == ["TPM"] and comparison.marker.symbol == "diamond-open"
    labels = {
        (facet(fig, t), y): text
        for t in fig.data
        if getattr(t, "mode", None) == "text"
        for y, text in zip(t.y, t.text, strict=True)
    }
    assert labels[("Base salary", "PM")].endswith("PM $170k\u2013$220k: <b>30% up</b>")
    assert labels[("Total compensation", "TPM")].endswith(
        "<b>year 1: 80% up \u00b7 steady: 17% up</b>"
    )
    assert not [bar for _, found in bars(fig, part="open_end") for bar in found]  # all closed
    source = [a for a in fig.layout.annotations if a.name == "source"][0]
    assert source.text == "Source: Weights &amp; Biases pm vs tpm (2026-05-25)"
    assert fig.layout.title.text.startswith("Where the offer falls: a PM L5 offer")


def test_placement_chart_keeps_open_bounds_open(real):
    offer = Offer(role="PM", level="L6", base=300_000, bonus_pct=20, equity_annual=400_000)
    fig = offer_placement_chart(place_offer(offer, real["compensation"]))
    opened = [(t, found) for t, found in bars(fig, part="open_end") if found]
    assert len(opened) == 4  # equity and total, both roles
    for _, steps in opened:
        assert [c[1] for _, _, c in steps] == [0.5, 0.38, 0.28, 0.19, 0.12, 0.06]  # fading
        assert "a floor for the top of the range" in steps[0][2][0]
    labels = [
        t
        for t in fig.data
        if getattr(t, "mode", None) == "text" and facet(fig, t) == "Total compensation"
    ]
    texts = [text for t in labels for text in t.text]
    assert all("\u2265 stated floor" in label and "% up" not in label for label in texts)
    assert "$650k+" in texts[0]
    # without a sources table the source line names the source id
    source = [a for a in fig.layout.annotations if a.name == "source"][0]
    assert source.text == "Source: wb-pm-vs-tpm"


def test_placement_chart_refuses_an_empty_or_mixed_frame(real):
    placement = place_offer(Offer(**EXAMPLE), real["compensation"])
    with pytest.raises(ValueError, match="the frame is empty"):
        offer_placement_chart(placement.iloc[0:0])
    other = place_offer(Offer(**{**EXAMPLE, "level": "L6"}), real["compensation"])
    with pytest.raises(ValueError, match="holds 2 offers"):
        offer_placement_chart(pd.concat([placement, other]))


def test_years_chart_stacks_the_parts_and_labels_totals():
    offer = Offer(**EXAMPLE)
    years = offer_years(offer)
    fig = offer_years_chart(years, offer=offer)
    assert fig.layout.barmode == "stack"
    names = {"base": "Base salary", "bonus": "Target bonus", "equity": "Equity vested",
             "sign_on": "Sign-on bonus"}  # fmt: skip
    for part, name in names.items():
        (trace,) = [t for t in fig.data if t.name == name]
        assert list(trace.y) == years[part].tolist()
        assert list(trace.x) == ["Year 1", "Year 2", "Year 3", "Year 4"]
    (sign_on,) = [t for t in fig.data if t.name == "Sign-on bonus"]
    assert sign_on.marker.pattern.shape == "/"
    (totals,) = [t for t in fig.data if t.name == "totals"]
    assert list(totals.text) == [
        "<b>$387.2k</b>",
        "<b>$327.2k</b>",
        "<b>$287.2k</b>",
        "<b>$247.2k</b>",
    ]
    (steady,) = [t for t in fig.data if t.name.startswith("steady state")]
    assert list(steady.y) == pytest.approx([287_200] * 3)
    assert steady.name == "steady state $287.2k (average of years 2\u20134)"
    assert list(steady.x) == ["Year 2", "Year 3", "Year 4"]
    base_trace = next(t for t in fig.data if t.name == "Base salary")
    assert base_trace.marker.color == "#0072B2"  # the PM colour
    bonus_trace = next(t for t in fig.data if t.name == "Target bonus")
    assert bonus_trace.marker.color == "rgb(114.75, 177.45, 212.65)"  # 45 % white into #0072B2
    source = [a for a in fig.layout.annotations if a.name == "source"][0]
    assert source.text.startswith("Source: the offer's terms as entered")
    assert fig.layout.title.text == "Pay year by year: a PM L5 offer"


def test_years_chart_leaves_out_parts_that_are_zero_and_one_year_lines():
    offer = Offer(role="TPM", level="L5", base=100_000, equity_total=10_000, vesting=[100])
    fig = offer_years_chart(offer_years(offer), offer=offer)
    names = {t.name for t in fig.data}
    assert "Sign-on bonus" not in names and "Target bonus" not in names
    assert not [n for n in names if n.startswith("steady state")]  # one year: no steady state
    assert next(t for t in fig.data if t.name == "Base salary").marker.color == FIXED_COLORS["TPM"]
    with pytest.raises(ValueError, match="lacks total"):
        offer_years_chart(offer_years(offer).drop(columns="total"), offer=offer)
    with pytest.raises(ValueError, match="the frame is empty"):
        offer_years_chart(offer_years(offer).iloc[0:0], offer=offer)


def test_the_largest_offer_the_number_rule_allows_reads_as_money(real):
    # base 100,000,000 (the top of US dollars a year), grant and sign-on 1,000,000,000 each
    offer = Offer(role="PM", level="L5", base=100_000_000, bonus_pct=100,
                  equity_total=1_000_000_000, vesting=[100], sign_on=1_000_000_000)  # fmt: skip
    text = offer_text(offer, real["compensation"], sources=real["sources"])
    # year 1: 100M + 100M bonus + 1,000M + 1,000M = 2,200M
    assert "Year 1: $2.2B." in text and "inf" not in text
