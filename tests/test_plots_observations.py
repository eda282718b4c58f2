"""Observation charts: what each figure holds, suppressed groups as gaps, companies kept apart."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from wbroles.derive import component_dollars
from wbroles.load import load_compensation, load_sources
from wbroles.observations import (
    EXAMPLE_SOURCES,
    load_example_observations,
    load_observation_sources,
    load_observations,
)
from wbroles.percentiles import percentile_summary
from wbroles.plots.base import FIXED_COLORS
from wbroles.plots.observations import company_comparison, percentile_bands

WB = "Weights & Biases"
# Made-up test observations for the real company: (role, level, count, median base).
WB_GROUPS = [("PM", "L5", 30, 195_000), ("PM", "L6", 12, 250_000), ("TPM", "L5", 20, 185_000),
             ("TPM", "L6", 3, 240_000)]  # fmt: skip


@pytest.fixture(scope="module")
def wb_obs(tmp_path_factory) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = []
    for role, level, count, median in WB_GROUPS:
        for _ in range(count):
            base = round(median * rng.lognormal(0, 0.08), -2)
            equity = round(median * 0.6 * rng.lognormal(0, 0.3), -2)
            rows.append(
                (WB, role, level, base, round(base * 0.12, -2), equity, None, "wb-pm-vs-tpm")
            )
    path = tmp_path_factory.mktemp("obs") / "wb.csv"
    pd.DataFrame(
        rows,
        columns=["company", "role", "level", "base", "bonus", "equity", "sign_on", "source_id"],
    ).to_csv(path, index=False)
    return load_observations(path)


@pytest.fixture(scope="module")
def example() -> pd.DataFrame:
    return load_example_observations()


@pytest.fixture(scope="module")
def example_sources() -> pd.DataFrame:
    return load_observation_sources(EXAMPLE_SOURCES)


def parts(fig: go.Figure, part: str, role: str | None = None) -> list:
    return [
        t
        for t in fig.data
        if t.meta and t.meta.get("part") == part and (role is None or t.meta.get("role") == role)
    ]


# --- percentile bands beside the published ranges --------------------------------------------


def test_boxes_hold_the_summary_percentiles(wb_obs):
    fig = percentile_bands(wb_obs)
    summary = percentile_summary(wb_obs, components="total").set_index(["role", "level"])
    for role, color in FIXED_COLORS.items():
        (box,) = parts(fig, "box", role)
        assert box.type == "box" and box.fillcolor == color
        for i, x in enumerate(box.x):
            row = summary.loc[(role, x)]
            assert (box.q1[i], box.median[i], box.q3[i]) == (row["p25"], row["p50"], row["p75"])
            assert (box.lowerfence[i], box.upperfence[i]) == (row["p10"], row["p90"])
    assert fig.layout.yaxis.tickformat == "$~s"


def test_hover_gives_n_and_the_percentiles(wb_obs):
    fig = percentile_bands(wb_obs)
    (box,) = parts(fig, "box", "PM")
    hover = dict(zip(box.x, box.hovertext, strict=True))
    assert "n = 30 observations" in hover["L5"]
    assert "n = 12 observations" in hover["L6"]
    assert "median $" in hover["L5"] and "p10 $" in hover["L5"] and "p90 $" in hover["L5"]


def test_thin_group_is_a_labelled_gap_not_a_box(wb_obs):
    fig = percentile_bands(wb_obs)
    (box,) = parts(fig, "box", "TPM")
    assert list(box.x) == ["L5"]  # TPM L6 has 3 observations
    (gap,) = parts(fig, "suppressed", "TPM")
    assert list(gap.x) == ["L6"] and list(gap.text) == ["n < 5"]
    assert gap.meta["n"] == [3]
    assert "n = 3: too few for percentiles (n < 5)" in gap.hovertext[0]
    assert not parts(fig, "suppressed", "PM")
    every_box_x = [x for t in parts(fig, "box") for x in t.x]
    assert every_box_x.count("L6") == 1  # PM's box only


def test_min_n_moves_the_threshold(wb_obs):
    fig = percentile_bands(wb_obs, min_n=2)
    assert not parts(fig, "suppressed")
    fig = percentile_bands(wb_obs, min_n=13)
    (gap,) = parts(fig, "suppressed", "PM")
    assert list(gap.x) == ["L6"] and list(gap.text) == ["n < 13"]


def test_published_ranges_are_the_bands_of_the_same_role_and_level(wb_obs):
    comp = load_compensation()
    fig = percentile_bands(wb_obs, bands=comp)
    for role in ("PM", "TPM"):
        (published,) = parts(fig, "published", role)
        for x, low, high in zip(
            published.meta["levels"], published.meta["low"], published.meta["high"], strict=True
        ):
            row = comp[(comp["company"] == WB) & (comp["role"] == role) & (comp["level"] == x)
                       & (comp["component"] == "total")].iloc[0]  # fmt: skip
            assert (low, high) == (row["low"], row["high"])
        assert published.offsetgroup != parts(fig, "box", role)[0].offsetgroup
    assert "vs published ranges" in fig.layout.title.text


def test_published_bonus_is_the_percentage_in_dollars(wb_obs):
    comp = load_compensation()
    fig = percentile_bands(wb_obs, component="bonus", bands=comp)
    dollars = component_dollars(comp[comp["company"] == WB])
    (published,) = parts(fig, "published", "PM")
    for x, low, high in zip(
        published.meta["levels"], published.meta["low"], published.meta["high"], strict=True
    ):
        row = dollars[(dollars["role"] == "PM") & (dollars["level"] == x)
                      & (dollars["component"] == "bonus")].iloc[0]  # fmt: skip
        assert (low, high) == (row["low"], row["high"])
    assert "target bonus % of the base range" in published.customdata[0][0]


def test_published_ranges_keep_open_bounds_and_quotes_and_the_source_line(wb_obs):
    fig = percentile_bands(wb_obs, bands=load_compensation(), sources=load_sources())
    (pm,) = parts(fig, "published", "PM")
    assert "$400k\u2013$650k+" in list(pm.text)  # L6: an open upper bound keeps its "+"
    assert min(pm.marker.opacity) < max(pm.marker.opacity)  # and fades out
    hover = pm.customdata[0][0]
    assert "\u201cFor a Senior PM (L5)" in hover and "Source: Weights &amp; Biases pm vs" in hover
    assert "Source: Weights &amp; Biases pm vs tpm" in fig.layout.annotations[-1].text


def test_no_published_ranges_without_bands_for_sign_on_or_when_turned_off(wb_obs):
    assert not parts(percentile_bands(wb_obs), "published")
    assert not parts(
        percentile_bands(wb_obs, bands=load_compensation(), published=False), "published"
    )
    fig = percentile_bands(wb_obs, component="sign_on", min_n=1, bands=load_compensation())
    assert not parts(fig, "published")


# --- the synthetic company stays apart ----------------------------------------------------------


def test_synthetic_example_is_labelled_and_has_no_published_ranges(example, example_sources):
    fig = percentile_bands(example, bands=load_compensation(), sources=example_sources)
    assert not parts(fig, "published")
    assert "(no published range)" in fig.layout.title.text
    assert "Synthetic example data, not real observations" in fig.layout.title.subtitle.text
    assert "not real data" in fig.layout.annotations[-1].text


def test_mixed_companies_need_a_choice_and_never_mix(wb_obs, example, example_sources):
    mixed = pd.concat([wb_obs, example], ignore_index=True)
    mixed["company"] = mixed["company"].astype(str)
    mixed["source_id"] = mixed["source_id"].astype(str)
    synthetic = str(example["company"].iloc[0])
    with pytest.raises(ValueError, match="several companies; choose one with company=: "):
        percentile_bands(mixed)
    sources = [example_sources, load_sources()]
    fig = percentile_bands(mixed, company=WB, sources=sources)
    wb_only = percentile_bands(wb_obs)
    assert [list(t.q1) for t in parts(fig, "box")] == [list(t.q1) for t in parts(wb_only, "box")]
    assert "not real data" not in fig.layout.annotations[-1].text
    assert "Synthetic" not in fig.layout.title.subtitle.text
    other = percentile_bands(mixed, company=synthetic)
    assert not parts(other, "published")
    with pytest.raises(ValueError, match="unknown company 'Initech'; choose from: "):
        percentile_bands(mixed, company="Initech")


# --- companies compared --------------------------------------------------------------------------


def test_company_comparison_draws_each_company_at_the_level(wb_obs, example):
    mixed = pd.concat([wb_obs, example], ignore_index=True)
    mixed["company"] = mixed["company"].astype(str)
    synthetic = str(example["company"].iloc[0])
    fig = company_comparison(mixed, level="L5")
    summary = percentile_summary(mixed, components="total")
    (pm,) = parts(fig, "box", "PM")
    assert sorted(pm.x) == sorted([WB, synthetic])
    for x, base in zip(pm.x, pm.q1, strict=True):
        row = summary[
            (summary["company"] == x) & (summary["role"] == "PM") & (summary["level"] == "L5")
        ]
        assert base == row["p25"].iloc[0]
    assert fig.layout.title.text == "Total compensation at level L5: companies compared"
    assert "level codes are each company's own" in fig.layout.title.subtitle.text


def test_company_comparison_labels_gaps_and_missing_companies(wb_obs, example):
    mixed = pd.concat([wb_obs, example], ignore_index=True)
    mixed["company"] = mixed["company"].astype(str)
    synthetic = str(example["company"].iloc[0])
    fig = company_comparison(mixed, level="L6")
    (gap,) = parts(fig, "suppressed", "TPM")
    assert sorted(gap.x) == sorted([WB, synthetic])  # both have fewer than 5 TPMs at L6
    fig = company_comparison(mixed, level="L4")
    (missing,) = parts(fig, "no_data")
    assert list(missing.x) == [WB] and list(missing.text) == ["no data at L4"]


def test_company_comparison_checks_its_choices(wb_obs):
    with pytest.raises(ValueError, match="unknown level 'L9'; choose from: L5, L6"):
        company_comparison(wb_obs, level="L9")
    with pytest.raises(
        ValueError, match="unknown company 'Initech'; choose from: Weights & Biases"
    ):
        company_comparison(wb_obs, level="L5", companies=["Initech"])
    with pytest.raises(ValueError, match="unknown component 'salary'; choose from: "):
        company_comparison(wb_obs, level="L5", component="salary")


# --- summaries as input --------------------------------------------------------------------------


def test_a_summary_draws_like_its_observations(wb_obs):
    summary = percentile_summary(wb_obs, min_n=4)
    from_summary = percentile_bands(summary, bands=load_compensation())
    from_obs = percentile_bands(wb_obs, min_n=4, bands=load_compensation())
    assert [list(t.q1) for t in parts(from_summary, "box")] == [
        list(t.q1) for t in parts(from_obs, "box")
    ]
    assert [list(t.x) for t in parts(from_summary, "published")] == [
        list(t.x) for t in parts(from_obs, "published")
    ]
    with pytest.raises(ValueError, match="min_n=5 cannot change a summary; pass the observations"):
        percentile_bands(summary, min_n=5)


def test_empty_observations_are_refused(wb_obs):
    with pytest.raises(ValueError, match="no observations to draw"):
        percentile_bands(wb_obs.iloc[0:0])


def test_builders_neither_show_nor_save(wb_obs, monkeypatch):
    monkeypatch.setattr(go.Figure, "show", lambda *a, **k: pytest.fail("shown"))
    monkeypatch.setattr(go.Figure, "write_image", lambda *a, **k: pytest.fail("saved"))
    assert isinstance(percentile_bands(wb_obs), go.Figure)
    assert isinstance(company_comparison(wb_obs, level="L5"), go.Figure)


def test_charts_render_to_png(wb_obs, example, tmp_path):
    from browser import require_chromium

    os.environ.setdefault("BROWSER_PATH", require_chromium())
    for name, fig in {
        "bands": percentile_bands(wb_obs),
        "example": percentile_bands(example),
        "compare": company_comparison(wb_obs, level="L5"),
    }.items():
        png = fig.to_image(format="png", width=900, height=540)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000, name
