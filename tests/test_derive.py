"""Derived numbers, checked against sums worked out by hand from the article's bands."""

from __future__ import annotations

import pandas as pd
import pytest

import wbroles
from wbroles.derive import component_dollars, derived_totals, reconciliation, role_gap

GROUP = ["company", "role", "level"]
UNITS = {
    "base": "usd_per_year",
    "bonus": "pct_of_base",
    "equity": "usd_per_year",
    "total": "usd_per_year",
}


@pytest.fixture(scope="module")
def comp() -> pd.DataFrame:
    return wbroles.load_compensation()


def one(frame: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, f"{where}: {len(rows)} rows"
    return rows.iloc[0]


def keys(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """The sorted (col1, col2, ...) tuples of ``frame``."""
    return sorted(frame[list(columns)].itertuples(index=False, name=None))


def bands(rows: list[tuple], *, levels: list[str] | None = None) -> pd.DataFrame:
    """A compensation frame shaped like ``load_compensation``'s, from
    (company, role, level, component, low, high, open_high) tuples."""
    frame = pd.DataFrame(
        rows, columns=["company", "role", "level", "component", "low", "high", "open_high"]
    )
    frame["low"] = frame["low"].astype(float)
    frame["high"] = frame["high"].astype(float)
    frame["unit"] = frame["component"].map(UNITS)
    frame["source_id"] = "synthetic"
    frame["quote"] = "synthetic"
    if levels is not None:
        frame["level"] = pd.Categorical(frame["level"], categories=levels, ordered=True)
        frame["role"] = pd.Categorical(frame["role"], categories=["PM", "TPM", "EM"])
    return frame


# --- the real bands, worked by hand ----------------------------------------------------------


def test_pm_l5_bonus_in_dollars(comp):
    bonus = one(component_dollars(comp), role="PM", level="L5", component="bonus")
    # 10 % of $170,000 and 15 % of $220,000
    assert (bonus["low"], bonus["high"], bonus["open_high"]) == (17_000, 33_000, False)
    assert bonus["unit"] == "usd_per_year"


def test_component_dollars_keep_base_and_equity_as_stated(comp):
    parts = component_dollars(comp)
    assert len(parts) == 12  # 2 roles x 2 levels x (base, bonus, equity)
    equity = one(parts, role="TPM", level="L6", component="equity")
    assert (equity["low"], equity["high"], equity["open_high"]) == (140_000, 280_000, True)
    base = one(parts, role="PM", level="L6", component="base")
    assert (base["low"], base["high"], base["open_high"]) == (220_000, 280_000, False)


@pytest.mark.parametrize(
    ("role", "level", "low", "high", "open_high"),
    [
        # 170,000 + 17,000 + 80,000 ; 220,000 + 33,000 + 200,000
        ("PM", "L5", 267_000, 453_000, False),
        # 160,000 + 16,000 + 70,000 ; 210,000 + 31,500 + 180,000
        ("TPM", "L5", 246_000, 421_500, False),
        # 220,000 + 33,000 + 150,000 ; 280,000 + 56,000 + 300,000+ (equity open)
        ("PM", "L6", 403_000, 636_000, True),
        # 210,000 + 31,500 + 140,000 ; 270,000 + 54,000 + 280,000+ (equity open)
        ("TPM", "L6", 381_500, 604_000, True),
    ],
)
def test_derived_totals(comp, role, level, low, high, open_high):
    total = one(derived_totals(comp), role=role, level=level)
    assert (total["low"], total["high"], total["open_high"]) == (low, high, open_high)


def test_pm_l5_reconciliation(comp):
    row = one(reconciliation(comp), role="PM", level="L5")
    assert (row["stated_low"], row["stated_high"]) == (280_000, 450_000)
    assert (row["derived_low"], row["derived_high"]) == (267_000, 453_000)
    assert (row["gap_low"], row["gap_high"]) == (-13_000, 3_000)
    assert row["gap_low_pct"] == pytest.approx(-13_000 / 280_000 * 100)  # -4.64 %
    assert row["gap_high_pct"] == pytest.approx(3_000 / 450_000 * 100)  # +0.67 %
    assert not row["stated_open_high"] and not row["derived_open_high"]


def test_reconciliation_covers_every_role_and_level(comp):
    table = reconciliation(comp)
    assert keys(table, "role", "level") == [
        ("PM", "L5"),
        ("PM", "L6"),
        ("TPM", "L5"),
        ("TPM", "L6"),
    ]
    pm_l6 = one(table, role="PM", level="L6")
    assert (pm_l6["gap_low"], pm_l6["gap_high"]) == (3_000, -14_000)  # 403k-400k, 636k-650k
    assert pm_l6["stated_open_high"] and pm_l6["derived_open_high"]


def test_role_gap_l6_total(comp):
    row = one(role_gap(comp), level="L6", component="total")
    assert (row["role"], row["versus"]) == ("PM", "TPM")
    assert (row["role_low"], row["role_high"]) == (400_000, 650_000)
    assert (row["versus_low"], row["versus_high"]) == (380_000, 600_000)
    assert (row["diff_low"], row["diff_high"]) == (20_000, 50_000)
    assert row["diff_low_pct"] == pytest.approx(20_000 / 380_000 * 100)
    assert row["diff_high_pct"] == pytest.approx(50_000 / 600_000 * 100)
    assert row["high_open"]


def test_role_gap_l5_is_closed_and_bonus_is_in_points(comp):
    gap = role_gap(comp)
    total = one(gap, level="L5", component="total")
    assert (total["diff_low"], total["diff_high"], total["high_open"]) == (20_000, 30_000, False)
    bonus = one(gap, level="L5", component="bonus")
    assert bonus["unit"] == "pct_of_base"
    assert (bonus["diff_low"], bonus["diff_high"]) == (0, 0)  # both 10-15 %
    assert len(gap) == 8  # 2 levels x 4 components


def test_role_gap_the_other_way_round(comp):
    row = one(role_gap(comp, role="TPM", versus="PM"), level="L6", component="equity")
    assert (row["diff_low"], row["diff_high"], row["high_open"]) == (-10_000, -20_000, True)


# --- synthetic frames --------------------------------------------------------------------------

SECOND_COMPANY = [
    ("Acme", "PM", "L7", "base", 100_000, 200_000, False),
    ("Acme", "PM", "L7", "bonus", 10, 20, False),
    ("Acme", "PM", "L7", "equity", 50_000, 100_000, True),
    ("Acme", "PM", "L7", "total", 150_000, 350_000, True),
    ("Acme", "TPM", "L7", "base", 90_000, 190_000, False),
    ("Acme", "TPM", "L7", "bonus", 10, 10, False),
    ("Acme", "TPM", "L7", "equity", 40_000, 80_000, False),
    ("Acme", "TPM", "L7", "total", 140_000, 290_000, False),
    ("W&B", "PM", "L5", "base", 100, 200, False),
    ("W&B", "PM", "L5", "bonus", 50, 100, False),
    ("W&B", "PM", "L5", "equity", 0, 0, False),
]


@pytest.mark.parametrize("levels", [None, ["L5", "L6", "L7"]], ids=["strings", "categorical"])
def test_third_level_and_second_company(levels):
    frame = bands(SECOND_COMPANY, levels=levels)
    totals = derived_totals(frame)
    assert keys(totals, "company", "role", "level") == [
        ("Acme", "PM", "L7"),
        ("Acme", "TPM", "L7"),
        ("W&B", "PM", "L5"),
    ]
    acme_pm = one(totals, company="Acme", role="PM", level="L7")
    # 100,000 + 10,000 + 50,000 ; 200,000 + 40,000 + 100,000+
    assert (acme_pm["low"], acme_pm["high"], acme_pm["open_high"]) == (160_000, 340_000, True)
    small = one(totals, company="W&B", role="PM", level="L5")
    assert (small["low"], small["high"]) == (150, 400)  # 100 + 50 + 0 ; 200 + 200 + 0

    recon = reconciliation(frame)
    assert len(recon) == 2  # W&B PM L5 states no total
    acme_tpm = one(recon, company="Acme", role="TPM", level="L7")
    # 90,000 + 9,000 + 40,000 = 139,000 ; 190,000 + 19,000 + 80,000 = 289,000
    assert (acme_tpm["gap_low"], acme_tpm["gap_high"]) == (-1_000, -1_000)

    gap = role_gap(frame)
    assert set(keys(gap, "company", "level")) == {("Acme", "L7")}
    acme_total = one(gap, component="total")
    assert (acme_total["diff_low"], acme_total["diff_high"]) == (10_000, 60_000)
    assert acme_total["high_open"]


def test_group_missing_a_component_gets_no_derived_total():
    rows = [r for r in SECOND_COMPANY if (r[1], r[3]) != ("TPM", "equity")]
    frame = bands(rows)
    totals = derived_totals(frame)
    assert ("Acme", "TPM", "L7") not in keys(totals, "company", "role", "level")
    assert len(totals) == 2
    parts = component_dollars(frame)
    acme_tpm = parts[(parts["company"] == "Acme") & (parts["role"] == "TPM")]
    assert list(acme_tpm["component"]) == ["base", "bonus"]
    assert list(acme_tpm["low"]) == [90_000, 9_000]
    assert ("Acme", "TPM") not in keys(reconciliation(frame), "company", "role")


def test_bonus_needs_a_base():
    rows = [r for r in SECOND_COMPANY if (r[0], r[1], r[3]) != ("Acme", "PM", "base")]
    parts = component_dollars(bands(rows))
    acme_pm = parts[(parts["company"] == "Acme") & (parts["role"] == "PM")]
    assert list(acme_pm["component"]) == ["equity"]


def test_open_bonus_or_base_opens_the_bonus_dollars():
    rows = [
        ("Acme", "PM", "L7", "base", 100_000, 200_000, True),
        ("Acme", "PM", "L7", "bonus", 10, 20, False),
        ("Acme", "PM", "L7", "equity", 50_000, 100_000, False),
    ]
    parts = component_dollars(bands(rows))
    assert list(parts["open_high"]) == [True, True, False]  # base, bonus, equity
    assert one(derived_totals(bands(rows)), role="PM")["open_high"]


@pytest.mark.parametrize("kind", ["totals-only", "empty-selection"])
def test_no_components_gives_empty_tables_not_an_error(comp, kind):
    if kind == "totals-only":
        frame = bands([r for r in SECOND_COMPANY if r[3] == "total"])
    else:
        frame = comp[comp["company"] == "No such company"]
    parts = component_dollars(frame)
    assert parts.empty
    assert list(parts.columns) == [*GROUP, "component", "low", "high", "open_high", "unit"]
    totals = derived_totals(frame)
    assert totals.empty
    assert list(totals.columns) == [*GROUP, "low", "high", "open_high"]
    assert reconciliation(frame).empty
