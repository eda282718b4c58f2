"""Vesting month by month (issue 15): a cliff, monthly or quarterly vests after it, refreshers
stacking, a yearly share-price change and its scenarios (a band), what leaving after month N
pays; hand-checked arithmetic beside each expected number, and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_offer import EXAMPLE
from wbroles.offer import (
    Offer,
    leave_after,
    offer_months,
    offer_years,
    price_scenarios,
    vest_shares,
)
from wbroles.params import ParameterError
from wbroles.plots.offer import offer_scenarios_chart
from wbroles.tables import offer_text

# A round offer: $120k base ($10k a month), a $48k grant over 4 even years ($1k a month).
ROUND = dict(role="PM", level="L5", base=120_000, bonus_pct=10, equity_total=48_000)


def test_a_cliff_with_monthly_vesting():
    equity = offer_months(Offer(**ROUND))["equity"]
    assert (equity[:11] == 0).all()  # months 1-11: nothing before the cliff
    assert equity[11] == pytest.approx(12_000)  # month 12: the 12 months due, 25 % of 48k
    assert equity[12:].tolist() == pytest.approx([1_000] * 36)  # then 48k x 25 % / 12 a month


def test_quarterly_and_yearly_vests_and_no_cliff():
    quarterly = offer_months(Offer(**ROUND, vest_every="quarter"))["equity"]
    assert quarterly[11] == pytest.approx(12_000) and quarterly[14] == pytest.approx(3_000)
    assert quarterly[12] == quarterly[13] == 0  # month 15: a quarter, 3 x 1k
    none = offer_months(Offer(**ROUND, cliff_months=0))["equity"]
    assert none.tolist() == pytest.approx([1_000] * 48)
    yearly = Offer(**ROUND, vest_every="year", cliff_months=0)
    assert vest_shares(yearly).nonzero()[0].tolist() == [11, 23, 35, 47]  # months 12, 24, 36, 48
    # an 18-month cliff: months 1-18 (12k + 6k) vest at month 18
    assert offer_months(Offer(**ROUND, cliff_months=18))["equity"][17] == pytest.approx(18_000)


def test_refreshers_stack_over_four_years():
    # $8k granted at the start of years 2, 3 and 4, each vesting 25 % a year (2k), no cliff:
    # year 1 12k; year 2 12k + 2k; year 3 12k + 2 x 2k; year 4 12k + 3 x 2k
    years = offer_years(Offer(**ROUND, refresher=8_000))
    assert years["equity"].tolist() == [12_000, 14_000, 16_000, 18_000]
    # 25 % of the 48k grant is 12k a refresher: 12k, 12k + 3k, 12k + 6k, 12k + 9k
    by_pct = offer_years(Offer(**ROUND, refresher_pct=25))
    assert by_pct["equity"].tolist() == [12_000, 15_000, 18_000, 21_000]


def test_a_yearly_price_change():
    # +50 % a year, yearly vests: 12k x 1.5, 12k x 1.5^2, ...
    years = offer_years(Offer(**ROUND, vest_every="year", price_change_pct=50))
    assert years["equity"].tolist() == pytest.approx([18_000, 27_000, 40_500, 60_750])


def test_leave_after_month_n_before_and_after_the_cliff():
    offer = Offer(**ROUND, sign_on=20_000)
    before = leave_after(offer, 11)
    # 11 x 10k base, the sign-on of month 1, no bonus yet (paid at year end), no equity
    assert before.to_dict() == {
        "base": 110_000, "bonus": 0, "equity": 0, "sign_on": 20_000, "total": 130_000,
    }  # fmt: skip
    after = leave_after(offer, 18)
    # 18 x 10k; 12k bonus; 12k at the cliff + 6 x 1k; 20k sign-on
    assert after.to_dict() == pytest.approx(
        {"base": 180_000, "bonus": 12_000, "equity": 18_000, "sign_on": 20_000, "total": 230_000}
    )
    assert leave_after(offer, "0")["total"] == 0
    with pytest.raises(ParameterError, match=r"^leave_after: 49 is outside the schedule: 0 to 48"):
        leave_after(offer, 49)


def test_leave_after_keeps_not_stated_and_not_valued():
    paid = leave_after(Offer(role="PM", level="L5", base=120_000, equity_share=0.05), 13)
    assert math.isnan(paid["bonus"]) and math.isnan(paid["equity"])
    assert paid["total"] == 130_000  # the known part: 13 x 10k


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"cliff_months": 49}, r"^cliff_months: 49 is longer than the 48-month vesting schedule"),
        ({"cliff_months": 1.5}, r"^cliff_months must be a whole number"),
        ({"refresher_pct": 100.5}, r"^refresher_pct: 100.5 is above 100 \(percent of the initial"),
        ({"refresher": -1}, r"^refresher: -1 is below 0"),
        ({"refresher": 1, "refresher_pct": 1}, r"^give at most one of refresher"),
        ({"price_change_pct": -100}, r"^price_change_pct: -100 is outside the rule: above -100"),
        ({"price_change_pct": 1000.5}, r"^price_change_pct: 1000.5 is outside the rule"),
        ({"vest_every": "week"}, r"^unknown vest_every 'week'; choose from: month, quarter"),
        (
            {"equity_total": None, "equity_share": 0.05, "refresher": 10},
            r"^refresher: an equity share has no dollar value",
        ),
    ],
)
def test_bad_vesting_terms_name_the_field_and_the_rule(changes, message):
    with pytest.raises(ParameterError, match=message):
        Offer(**{**ROUND, **changes})


def test_scenarios_are_drawn_as_a_band(real):
    offer = Offer(**EXAMPLE)
    scenarios = price_scenarios(offer, "-50,0,50")
    assert sorted(scenarios["price_change_pct"].unique()) == [-50, 0, 50]
    fig = offer_scenarios_chart(scenarios, offer=offer)
    lines = [t for t in fig.data if t.mode == "lines"]
    filled = [t for t in lines if t.fill == "tonexty"]
    assert len(filled) == 1 and "\u221250% to +50%" in filled[0].name  # a band, not a line
    ends = next(t for t in fig.data if t.mode == "text")
    # 0 % a year: the years' cumulative total, 4 x (185k + 22.2k) + 400k + 20k = 1,248,800
    assert offer_years(offer)["total"].sum() == pytest.approx(1_248_800)
    assert "0%: $1.25M" in list(ends.text)
    assert list(ends.y) == sorted(ends.y)  # -50 % < 0 % < +50 %
    assert any(a.text == "cliff: month 12" for a in fig.layout.annotations)


def test_offer_text_prints_leaving_and_scenarios(real):
    text = offer_text(
        Offer(**ROUND, sign_on=20_000), real["compensation"], leave_month=18,
        price_changes=[-50, 0, 50],
    )  # fmt: skip
    assert "Paid on leaving after month 18: $230k (equity vested $18k)." in text
    assert "12-month cliff, then monthly; no refresher; share price 0% a year" in text
    # 0 %: 4 x 120k + 4 x 12k + 48k + 20k = 596k
    assert "(assumptions, not forecasts): \u221250% " in text and ", 0% $596k, +50% " in text


@st.composite
def offers(draw):
    return Offer(
        role="PM",
        level="L5",
        base=draw(st.floats(0, 1e6)),
        bonus_pct=draw(st.floats(0, 100)),
        equity_total=draw(st.floats(0, 1e7)),
        vesting=draw(st.sampled_from(["even", "front", "back", [50, 50], [100]])),
        cliff_months=draw(st.integers(0, 12)),
        vest_every=draw(st.sampled_from(["month", "quarter", "year"])),
        refresher_pct=draw(st.one_of(st.none(), st.floats(0, 100))),
        price_change_pct=draw(st.floats(-99, 200)),
        sign_on=draw(st.floats(0, 1e5)),
    )


@settings(max_examples=80, deadline=None)
@given(offers())
def test_pay_is_never_negative_and_cumulative_pay_is_monotone(offer):
    months = offer_months(offer)
    assert (months[["base", "bonus", "equity", "sign_on"]] >= 0).all().all()
    assert months["cumulative"].is_monotonic_increasing
    paid = [leave_after(offer, n)["total"] for n in range(0, 12 * offer.years + 1, 5)]
    assert paid == sorted(paid)


@settings(max_examples=80, deadline=None)
@given(offers())
def test_without_refresher_or_price_change_the_grant_vests_exactly_once(offer):
    from dataclasses import replace

    offer = replace(offer, refresher_pct=None, price_change_pct=0.0)
    assert vest_shares(offer).sum() == pytest.approx(1.0, abs=1e-12)
    vested = offer_months(offer)["equity"].sum()
    assert vested == pytest.approx(offer.grant, rel=1e-9, abs=1e-6)
