"""Percentile summary: the numbers equal numpy's, thin groups are suppressed, companies apart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbroles.observations import load_example_observations
from wbroles.percentiles import (
    COMPONENTS,
    PERCENTILES,
    SUMMARY_COLUMNS,
    percentile_summary,
)

STATS = [f"p{p}" for p in PERCENTILES]


def _obs(rows: list[tuple]) -> pd.DataFrame:
    """Observations with plain (non-categorical) columns, as a user might build them."""
    return pd.DataFrame(
        rows, columns=["company", "role", "level", "base", "bonus", "equity", "sign_on"]
    )


@pytest.fixture
def obs() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    rows = []
    for company, role, level, n in [
        ("Acme", "PM", "L4", 9),
        ("Acme", "PM", "L10", 6),
        ("Acme", "TPM", "L4", 4),  # below the default minimum
        ("Globex", "PM", "L4", 25),
    ]:
        for i in range(n):
            base = float(rng.integers(100, 300) * 1000)
            bonus = np.nan if i == 0 else float(rng.integers(0, 40) * 1000)
            rows.append(
                (company, role, level, base, bonus, float(rng.integers(0, 200) * 1000), np.nan)
            )
    return _obs(rows)


def _expected(obs: pd.DataFrame, company, role, level, component) -> np.ndarray:
    mine = obs[(obs["company"] == company) & (obs["role"] == role) & (obs["level"] == level)]
    if component == "total":
        values = mine["base"] + mine["bonus"] + mine["equity"]
    else:
        values = mine[component]
    return values.dropna().to_numpy()


def test_every_statistic_equals_numpy(obs):
    summary = percentile_summary(obs, min_n=1)
    checked = 0
    for r in summary.itertuples():
        values = _expected(obs, r.company, r.role, r.level, r.component)
        assert r.n == len(values)
        if not len(values):
            assert all(pd.isna(getattr(r, s)) for s in STATS)
            continue
        np.testing.assert_allclose(
            [getattr(r, s) for s in STATS], np.percentile(values, PERCENTILES), rtol=1e-12
        )
        assert (r.min, r.max) == (values.min(), values.max())
        checked += 1
    assert checked == 4 * 4  # 4 groups x base, bonus, equity, total (sign_on is never reported)


def test_linear_interpolation_on_a_hand_checked_sample():
    obs = _obs([("A", "PM", "L1", v, 0.0, 0.0, np.nan) for v in (50.0, 10.0, 40.0, 20.0, 30.0)])
    row = percentile_summary(obs, components="base").iloc[0]
    # position (n - 1) * p / 100 in 10, 20, 30, 40, 50: 0.4, 1, 2, 3, 3.6
    assert [row[s] for s in STATS] == pytest.approx([14.0, 20.0, 30.0, 40.0, 46.0])
    assert (row["min"], row["max"], row["n"]) == (10.0, 50.0, 5)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B"]),
            st.sampled_from(["L1", "L2", "L3"]),
            st.one_of(st.none(), st.floats(0, 1e7, allow_nan=False)),
        ),
        min_size=1,
        max_size=80,
    ),
    st.integers(1, 6),
)
def test_random_samples_match_numpy(rows, min_n):
    obs = _obs([("Co", role, level, 1.0, 0.0, 0.0, v) for role, level, v in rows])
    obs["sign_on"] = obs["sign_on"].astype(float)
    summary = percentile_summary(obs, min_n=min_n, components="sign_on")
    for r in summary.itertuples():
        values = _expected(obs, "Co", r.role, r.level, "sign_on")
        assert r.n == len(values)
        if len(values) >= min_n:
            # pandas interpolates as numpy does, up to the last bit of the last digit
            np.testing.assert_allclose(
                [getattr(r, s) for s in STATS],
                np.percentile(values, PERCENTILES),
                rtol=1e-12,
                atol=1e-12 * max(1.0, float(np.max(np.abs(values)))),
            )
            assert pd.isna(r.suppressed)
        else:
            assert all(pd.isna(getattr(r, s)) for s in [*STATS, "min", "max"])
            assert r.suppressed == f"n < {min_n}"


def test_thin_groups_are_suppressed_with_their_n_kept(obs):
    summary = percentile_summary(obs)
    thin = summary[(summary["role"] == "TPM")]
    assert set(thin["n"]) == {0, 3, 4}  # bonus lacks one value; no sign-on is reported
    assert set(thin["suppressed"]) == {"n < 5"}
    assert thin[[*STATS, "min", "max"]].isna().all().all()
    shown = summary[summary["role"] == "PM"]
    assert shown.loc[shown["component"] != "sign_on", "suppressed"].isna().all()


def test_min_n_is_a_parameter(obs):
    summary = percentile_summary(obs, min_n=4)
    tpm_base = summary[(summary["role"] == "TPM") & (summary["component"] == "base")].iloc[0]
    assert tpm_base["n"] == 4 and pd.isna(tpm_base["suppressed"]) and pd.notna(tpm_base["p50"])
    tpm_bonus = summary[(summary["role"] == "TPM") & (summary["component"] == "bonus")].iloc[0]
    assert tpm_bonus["suppressed"] == "n < 4"


@pytest.mark.parametrize("bad", [0, -1, 2.5, "5", True])
def test_min_n_must_be_a_whole_number_of_at_least_one(obs, bad):
    with pytest.raises(ValueError, match="min_n must be a whole number of at least 1"):
        percentile_summary(obs, min_n=bad)


def test_missing_values_are_left_out_and_total_needs_all_three_parts(obs):
    summary = percentile_summary(obs).set_index(["company", "role", "level", "component"])
    group = ("Acme", "PM", "L4")
    assert summary.loc[(*group, "base"), "n"] == 9
    assert summary.loc[(*group, "bonus"), "n"] == 8
    assert summary.loc[(*group, "total"), "n"] == 8
    assert summary.loc[(*group, "sign_on"), "n"] == 0
    assert summary.loc[(*group, "sign_on"), "suppressed"] == "n < 5"


def test_layout_and_order(obs):
    summary = percentile_summary(obs)
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert len(summary) == 4 * len(COMPONENTS)
    assert list(summary["level"].cat.categories) == ["L4", "L10"]  # L10 after L4
    keys = summary[["company", "role", "level"]].drop_duplicates().astype(str)
    assert keys.values.tolist() == [
        ["Acme", "PM", "L4"],
        ["Acme", "PM", "L10"],
        ["Acme", "TPM", "L4"],
        ["Globex", "PM", "L4"],
    ]
    assert list(summary["component"].iloc[:5]) == list(COMPONENTS)
    assert summary["n"].dtype == np.int64


def test_company_filter_and_companies_kept_apart(obs):
    acme = percentile_summary(obs, company="Acme")
    assert set(acme["company"].astype(str)) == {"Acme"}
    both = percentile_summary(obs)
    # Globex's L4 PMs and Acme's L4 PMs are separate groups, never pooled.
    l4 = both[(both["level"] == "L4") & (both["role"] == "PM") & (both["component"] == "base")]
    assert list(l4["n"]) == [9, 25]
    with pytest.raises(ValueError, match="unknown company 'Initech'; choose from: Acme, Globex"):
        percentile_summary(obs, company="Initech")


def test_synthetic_example_stays_apart_from_other_companies(obs):
    example = load_example_observations()
    synthetic = str(example["company"].iloc[0])
    mixed = pd.concat([obs, example.assign(company=example["company"].astype(str))])
    acme = percentile_summary(mixed, company="Acme")
    assert synthetic not in set(acme["company"].astype(str))
    pd.testing.assert_frame_equal(
        acme.reset_index(drop=True), percentile_summary(obs, company="Acme").reset_index(drop=True)
    )
    alone = percentile_summary(mixed, company=synthetic)
    assert set(alone["company"].astype(str)) == {synthetic}
    assert alone["n"].sum() == percentile_summary(example)["n"].sum()


def test_components_and_columns_are_checked(obs):
    assert list(percentile_summary(obs, components=["total", "base"])["component"].unique()) == [
        "base",
        "total",
    ]
    with pytest.raises(ValueError, match="unknown component 'salary'; choose from: base, bonus"):
        percentile_summary(obs, components="salary")
    with pytest.raises(ValueError, match="observations lack column\\(s\\): equity"):
        percentile_summary(obs.drop(columns="equity"))


def test_empty_observations_give_an_empty_summary(obs):
    summary = percentile_summary(obs.iloc[0:0])
    assert list(summary.columns) == list(SUMMARY_COLUMNS) and len(summary) == 0


def test_example_summary_shows_its_thin_group():
    summary = percentile_summary(load_example_observations(), components="total")
    thin = summary[summary["suppressed"].notna()]
    assert len(thin) == 1 and thin.iloc[0]["n"] < 5
    assert thin.iloc[0]["suppressed"] == "n < 5"
