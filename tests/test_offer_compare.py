"""Private-company equity valued only with the user's valuation, always a range (issue 15),
and several offers side by side from an offers file: hand-checked numbers, the bundled
fictitious example, and one line naming the offer, the field and the rule for bad files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wbroles.compare import (
    Valuation,
    compare_offers,
    cumulative_pay,
    offer_differences,
    read_offers,
    valued,
)
from wbroles.offer import Offer
from wbroles.params import ParameterError
from wbroles.plots.offer import offers_chart
from wbroles.tables import comparison_table, differences_table

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_FILE = ROOT / "data" / "examples" / "offers_fictitious.csv"


def test_a_share_valued_with_dilution_is_a_range():
    offer = Offer(role="PM", level="L5", base=170_000, equity_share=0.05)
    low, high, text = valued(offer, Valuation(1e9, 3e9, dilution_pct=15, rounds=2))
    # 0.05 % of $1B = $500k, kept 0.85^2 = 72.25 % after two rounds: $361,250; of $3B $1,083,750
    assert low.equity_total == pytest.approx(361_250) and high.equity_total == pytest.approx(
        1_083_750
    )
    assert low.valued and high.valued and low.equity_share is None
    assert text == (
        "Equity valued $361.2k to $1.08M: 0.05% of a company valued $1B to $3B, diluted 15% in "
        "each of 2 future rounds (keeping 72.2%)"
    )


def test_options_are_worth_the_price_over_the_strike():
    offer = Offer(role="PM", level="L5", base=170_000, equity_units=10_000)
    low, high, text = valued(offer, Valuation(price_low=2, price_high=12, strike=4))
    # 10,000 x max(2 - 4, 0) = 0 (under water); 10,000 x (12 - 4) = 80,000
    assert (low.equity_total, high.equity_total) == (0, 80_000)
    assert "options at a strike of $4" in text
    rsus = valued(offer, Valuation(price_low=2, price_high=12))
    assert (rsus[0].equity_total, rsus[1].equity_total) == (20_000, 120_000)


@pytest.mark.parametrize(
    "terms, message",
    [
        ({"company_value_low": -1, "company_value_high": 5}, r"^company_value_low: -1 is below 0"),
        ({"company_value_low": 5}, r"^company_value: give both company_value_low and"),
        ({"company_value_low": 9, "company_value_high": 5}, r"^company_value_low: 9 is above"),
        ({"dilution_pct": 100}, r"^dilution_pct: 100 is outside the rule: from 0 to under 100"),
        ({"rounds": -1}, r"^rounds: -1 is below 0"),
    ],
)
def test_bad_valuations_name_the_field_and_the_rule(terms, message):
    with pytest.raises(ParameterError, match=message):
        Valuation(**terms)


def test_a_valuation_must_fit_the_grant():
    share = Offer(role="PM", level="L5", base=1, equity_share=0.05)
    with pytest.raises(ParameterError, match=r"^company_value_low: a share of the company needs"):
        valued(share, Valuation(price_low=1, price_high=2))
    with pytest.raises(ParameterError, match=r"already in dollars"):
        valued(Offer(role="PM", level="L5", base=1, equity_total=5), Valuation(1, 2))


def test_the_fictitious_example_side_by_side(real):
    offers = read_offers(EXAMPLE_FILE, real["compensation"])
    assert all("Fictitious" in label for label in offers)  # labelled as made up
    comparison = compare_offers(offers, leave_month=18).set_index("label")
    a = comparison.loc["Fictitious offer A (PM L5)"]
    # 185k + 12 % (22.2k) + 40 % of 400k (160k, at the cliff) + 20k sign-on
    assert a["first_year"] == pytest.approx(387_200) and a["next_12_months"] == 160_000
    # 18 months: 277.5k base + 22.2k bonus + 20k + 160k + 6 x 10k (30 % of 400k / 12)
    #            + a 40k refresher (10 %) from month 12, 40 % a year: 6 x 1,333.33 = 8k
    assert a["leave_after"] == pytest.approx(547_700)
    low = comparison.loc["Fictitious offer C (PM L5 startup share) (low)"]
    assert low["missing"] == "bonus (not stated)"
    assert low["four_years"] == pytest.approx(4 * 175_000 + 361_250)
    table = comparison_table(comparison.reset_index(), leave_month=18)
    assert (
        table.loc[2, "4-year total"] == "at least $1.06M"
        and table.loc[0, "4-year total"] == "$1.33M"
    )
    assert table.loc[2, "Leaves out"] == "bonus (not stated)"
    pairs = offer_differences(comparison.reset_index())
    # A-B, A-C low, A-C high, B-C low, B-C high: never C low - C high (one offer's range)
    assert len(pairs) == 5 * 4 and not (pairs["label_a"].str.startswith("Fictitious offer C")).any()


def test_differences_and_close_within_the_margin():
    offers = {
        "A": Offer(role="PM", level="L5", base=100_000, bonus_pct=0, equity_total=0),
        "B": Offer(role="PM", level="L5", base=98_500, bonus_pct=0, equity_total=0),
    }
    diffs = offer_differences(compare_offers(offers)).set_index("measure")
    # 100k - 98.5k = 1.5k, 1.52 % of B: close within 2 %, not within 1 %
    assert diffs.loc["first_year", "difference"] == 1_500
    assert diffs.loc["first_year", "difference_pct"] == pytest.approx(1500 / 98_500 * 100)
    assert diffs.loc["first_year", "close"]
    strict = offer_differences(compare_offers(offers), margin_pct=1).set_index("measure")
    assert not strict.loc["first_year", "close"]
    table = differences_table(diffs.reset_index())
    assert table.loc[0].tolist()[3:] == ["+$1.5k", "+1.5%", "close (within 2%)"]
    assert table.loc[1, "Close"] == "not comparable"  # no equity in either: 0 vs 0


def test_the_chart_draws_a_valued_range_as_a_band(real):
    offers = read_offers(EXAMPLE_FILE, real["compensation"])
    fig = offers_chart(cumulative_pay(offers), leave_month=18)
    lines = {t.name: t for t in fig.data if t.mode == "lines"}
    assert len(lines) == 4
    high = lines["Fictitious offer C (PM L5 startup share) (high)"]
    assert high.fill == "tonexty" and not lines["Fictitious offer A (PM L5)"].fill
    assert (
        lines["Fictitious offer A (PM L5)"].line.color
        != lines["Fictitious offer B (TPM L5)"].line.color
    )
    (ends,) = [t for t in fig.data if t.mode == "text"]
    assert "\u2265 $1.06M" in ends.text and "$1.33M" in ends.text
    assert any(a.text == "leaving after month 18" for a in fig.layout.annotations)


@pytest.mark.parametrize(
    "text, suffix, message",
    [
        ("label,role,level,base,equity_total\n,PM,L5,1,0\n", ".csv",
         "offers file row 1: label is missing; each offer needs one"),
        ("label,role,level,base,equity_total\nA,PM,L5,1,0\nA,PM,L5,2,0\n", ".csv",
         "offer 'A' (row 2): label is a duplicate; each label once"),
        ("- {label: A, role: PM, level: L5, base: 1, equity_total: 1, refresher_pct: 120}\n",
         ".yaml", "offer 'A' (row 1): refresher_pct: 120 is above 100"),
        ("- {label: A, role: PM, level: L5, base: 1, equity_share: 1, company_value_low: -3,"
         " company_value_high: 1}\n", ".yml",
         "offer 'A' (row 1): company_value_low: -3 is below 0"),
        ("label,role,level,base,equity_total,cliff_months\nA,PM,L5,1,1,60\n", ".csv",
         "offer 'A' (row 1): cliff_months: 60 is longer than the 48-month vesting schedule"),
    ],
)  # fmt: skip
def test_bad_offers_files_exit_2_with_one_line(tmp_path, text, suffix, message):
    path = tmp_path / f"offers{suffix}"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wbroles", "offer", "--offers", str(path)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"wbroles offer: {message}") and result.stderr.count("\n") == 1


def test_the_offers_command_prints_one_table_and_the_differences():
    result = subprocess.run(
        [sys.executable, "-m", "wbroles", "offer", "--offers", str(EXAMPLE_FILE),
         "--leave-after", "18", "--margin-pct", "5"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Leaving after month 18" in out and "at least $1.06M" in out
    assert "Differences, A - B (close: within 5% of B)" in out
    assert "+$71.4k" in out  # A - B in year 1: 387.2k - 315.8k
