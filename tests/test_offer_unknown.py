"""The reported offer as the source states it (issue 15): no bonus ("not stated") and equity as
a share of the company without a valuation ("not valued"), never 0 %, never $0, never placed;
totals without them are lower bounds that say so, printed and drawn. And the verdict per
component with its rule, hand-checked against the bands of data/."""

from __future__ import annotations

import json
import math

import pytest

from tests.test_offer import EXAMPLE, band, shown
from wbroles.narrative import offer_findings
from wbroles.offer import (
    Offer,
    check_offer,
    offer_totals,
    offer_years,
    place_offer,
    reported_offer,
    reported_terms,
)
from wbroles.plots.offer import offer_placement_chart, offer_years_chart
from wbroles.tables import offer_text, placement_table, years_table

MISSING = "bonus (not stated) and equity (not valued)"


@pytest.fixture
def reported(real):
    """The article's offer as the notebook's defaults build it: from data/, not typed in."""
    return check_offer(Offer(**reported_terms(reported_offer(real))), real["compensation"])


def test_the_reported_offer_has_no_bonus_and_no_dollar_equity(real, reported):
    points = real["offer_points"].set_index("component")["value"]
    assert reported.base == points["base"] and reported.sign_on == points["sign_on"]
    assert reported.bonus_pct is None and reported.equity_share == points["equity_share"]
    years = offer_years(reported)
    assert years["bonus"].isna().all() and years["equity"].isna().all()
    # the known parts only: base + sign-on in year 1, base after
    assert years["total"].tolist() == [points["base"] + points["sign_on"]] + [points["base"]] * 3
    totals = offer_totals(years)
    assert totals.missing == ("bonus (not stated)", "equity (not valued)")
    assert "bonus not stated" in reported.describe()
    assert "0.05% of the company, not valued" in reported.describe()


def test_not_stated_and_not_valued_get_no_position(real, reported):
    comp = real["compensation"]
    placement = place_offer(reported, comp).set_index(["measure", "role"])
    for measure, position in [("bonus_pct", "not_stated"), ("equity_per_year", "not_valued")]:
        rows = placement.loc[measure]
        assert (rows["position"] == position).all() and rows["value"].isna().all()
        assert rows["position_pct"].isna().all()
        assert (rows["verdict"] == position.replace("_", " ")).all()
    totals = placement[placement["component"] == "total"]
    assert totals["lower_bound"].all()
    assert totals["label"].str.endswith(f", without {MISSING}").all()
    # $190k known against the PM L5 total band's low end: the full total cannot be placed
    low = band(comp, "PM", "L5", "total")["low"]
    first = placement.loc[("total_first_year", "PM")]
    assert first["value"] == 190_000 < low
    assert first["verdict"] == "not placed"
    assert first["rule"] == (
        f"the known part is under the low end ${low / 1000:g}k, "
        "a lower bound that leaves a part out"
    )


def test_the_reported_offer_printed(real, reported):
    comp = real["compensation"]
    table = placement_table(place_offer(reported, comp))
    bonus = table[table["Measure"].str.startswith("Target bonus")]
    assert (bonus["Offer"] == "not stated").all() and (
        bonus["Where"] == "no position: not stated"
    ).all()
    equity = table[table["Measure"].str.startswith("Equity")]
    assert (equity["Offer"] == "not valued").all()
    total = table[table["Measure"].str.startswith("Total, year 1")]
    assert (total["Offer"] == "at least $190k").all()
    assert total["Where"].str.startswith("the known part is below").all()
    years = years_table(offer_years(reported))
    assert years["Bonus"].eq("not stated").all() and years["Equity"].eq("not valued").all()
    assert years.columns[-2:].tolist() == [
        f"Total, without {MISSING}",
        f"Cumulative, without {MISSING}",
    ]
    text = offer_text(reported, comp, sources=real["sources"])
    assert f"Year 1, without {MISSING}: $190k." in text and "Each total is a lower bound." in text
    assert "bonus 0%" not in text and "equity $0" not in text
    words = shown(offer_findings(reported, comp))
    assert words.startswith(f"In year 1 this PM L5 offer pays at least $190k (without {MISSING})")
    assert f"Each total is a lower bound: it leaves out {MISSING}" in words


def test_the_reported_offer_drawn(real, reported):
    placement = place_offer(reported, real["compensation"])
    fig = offer_placement_chart(placement, sources=real["sources"])
    marks = [t for t in fig.data if t.type == "scatter" and t.mode != "text" and t.x is not None]
    xs = sorted(x for t in marks for x in t.x)
    assert xs == [170_000, 170_000, 170_000, 170_000, 190_000, 190_000]  # base, totals: no bonus
    assert not any(isinstance(x, float) and math.isnan(x) for x in xs)
    texts = [x for t in marks for x in t.text if x]
    assert sorted(texts) == ["$170k", "\u2265 $170k", "\u2265 $190k"]
    labels = " ".join(
        x for t in fig.data if t.type == "scatter" and t.mode == "text" for x in t.text
    )
    assert "PM 10%\u201315%: <b>not stated</b>" in labels
    assert "not valued (no valuation)" in labels and "known part below" in labels
    subtitle = fig.layout.title.subtitle.text
    assert f"Totals (\u2265) are lower bounds: without {MISSING}" in subtitle
    years = offer_years_chart(offer_years(reported), offer=reported)
    names = {t.name for t in years.data if t.type == "bar"}
    assert names == {"Base salary", "Sign-on bonus"}  # no 0 % bonus bar, no $0 equity bar
    totals = next(t for t in years.data if t.name == "totals")
    assert list(totals.text) == ["<b>\u2265 $190k</b>"] + ["<b>\u2265 $170k</b>"] * 3
    assert f"\u2265 totals without {MISSING}" in years.layout.title.subtitle.text
    assert "$0" not in json.dumps(years.to_plotly_json(), default=str)


def test_an_explicit_zero_bonus_is_placed(real):
    offer = Offer(**{**EXAMPLE, "bonus_pct": 0})
    placement = place_offer(offer, real["compensation"]).set_index(["measure", "role"])
    assert placement.loc[("bonus_pct", "PM"), "position"] == "below"
    assert not placement["lower_bound"].any()


@pytest.mark.parametrize(
    "base, verdict, rule",
    [  # the PM L5 base band of data/: $170k-$220k, midpoint (170 + 220) / 2 = $195k
        (169_999, "below the band", "under the low end $170k"),
        (170_000, "lower half", "from the low end $170k to under the midpoint $195k"),
        (194_999, "lower half", "from the low end $170k to under the midpoint $195k"),
        (195_000, "upper half", "from the midpoint $195k to the top $220k"),
        (220_000, "upper half", "from the midpoint $195k to the top $220k"),
        (220_001, "above the band", "over the top $220k"),
    ],
)
def test_verdict_and_its_rule(real, base, verdict, rule):
    comp = real["compensation"]
    assert band(comp, "PM", "L5", "base")[["low", "high"]].tolist() == [170_000, 220_000]
    placement = place_offer(Offer(**{**EXAMPLE, "base": base}), comp)
    row = placement[(placement["measure"] == "base") & placement["own_role"]].iloc[0]
    assert (row["verdict"], row["rule"]) == (verdict, rule)


def test_verdicts_on_an_open_band(real):
    comp = real["compensation"]
    total = band(comp, "PM", "L6", "total")
    assert total["open_high"] and total["high"] == 650_000
    # 300k + 20 % (60k) + 400k = 760k a year, over the 650k floor of the open top
    placement = place_offer(
        Offer(role="PM", level="L6", base=300_000, bonus_pct=20, equity_annual=400_000), comp
    )
    row = placement[(placement["measure"] == "total_first_year") & placement["own_role"]].iloc[0]
    assert row["verdict"] == "at or above the floor"
    assert row["rule"] == "at or over $650k, the floor of the open top"
    # 250k + 15 % (37.5k) + 150k = 437.5k: over the 400k low end, under the 650k floor
    placement = place_offer(
        Offer(role="PM", level="L6", base=250_000, bonus_pct=15, equity_annual=150_000), comp
    )
    row = placement[(placement["measure"] == "total_first_year") & placement["own_role"]].iloc[0]
    assert row["verdict"] == "inside, under the open top"


def test_a_lower_bound_inside_a_band_reads_at_least(real):
    comp = real["compensation"]
    # no bonus stated: 185k + 100k (400k / 4) = 285k each year, over the $280k PM L5 low end
    offer = Offer(role="PM", level="L5", base=185_000, equity_total=400_000)
    placement = place_offer(offer, comp)
    row = placement[(placement["measure"] == "total_steady_state") & placement["own_role"]].iloc[0]
    assert row["value"] == 285_000 and row["lower_bound"]
    assert row["verdict"] == "at least: lower half"
    assert row["rule"].endswith("(a lower bound: a part left out)")
