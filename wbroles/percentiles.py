"""Percentile bands of observations, per company, role, level and pay component.

Percentiles are numpy's default, "linear" (type 7; pandas' ``quantile``, DuckDB's
``quantile_cont``): the p-th percentile of n sorted values sits at position (n - 1) * p / 100,
interpolated between its neighbours. A group with fewer than ``min_n`` values is suppressed: its
statistics are missing and ``suppressed`` says why ("n < 5"); its ``n`` stays.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .format import choose_many
from .observations import natural_key

PERCENTILES = (10, 25, 50, 75, 90)
COMPONENTS = ("base", "bonus", "equity", "sign_on", "total")  # total = base + bonus + equity
GROUP = ("company", "role", "level")
DEFAULT_MIN_N = 5
STATS = (*(f"p{p}" for p in PERCENTILES), "min", "max")
SUMMARY_COLUMNS = (*GROUP, "component", "n", *STATS, "suppressed")


def suppression_label(min_n: int) -> str:
    """The text that stands in for a suppressed group's numbers: 'n < 5'."""
    return f"n < {min_n}"


def _key(series: pd.Series, name: str) -> pd.Series:
    """A grouping column as a categorical: its own categories, else sorted (L2 before L10)."""
    if not isinstance(series.dtype, pd.CategoricalDtype):
        order = sorted(series.dropna().unique(), key=str if name == "company" else natural_key)
        series = series.astype(pd.CategoricalDtype(order))
    return series.cat.as_ordered() if name == "level" else series


def _checked(obs: pd.DataFrame, *, company, min_n, components) -> tuple[pd.DataFrame, list]:
    """The rows of the companies asked for, and the components in their order; ValueError
    for a bad min_n, a missing column, an unknown company or component."""
    if isinstance(min_n, bool) or not isinstance(min_n, int | np.integer) or min_n < 1:
        raise ValueError(f"min_n must be a whole number of at least 1, not {min_n!r}")
    wanted = [c for c in COMPONENTS if c in choose_many("component", components, COMPONENTS)]
    parts = ("base", "bonus", "equity") if "total" in wanted else ()
    missing = sorted({*GROUP, *parts, *wanted} - {"total"} - set(obs.columns))
    if missing:
        raise ValueError(f"observations lack column(s): {', '.join(missing)}")
    if company is not None:
        present = sorted(str(c) for c in obs["company"].dropna().unique())
        obs = obs[obs["company"].isin(choose_many("company", company, present))]
    return obs, wanted


def percentile_summary(
    obs: pd.DataFrame,
    *,
    company: str | Iterable[str] | None = None,
    min_n: int = DEFAULT_MIN_N,
    components: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Sample size and percentile bands per company, role, level and component.

    Parameters
    ----------
    obs : DataFrame
        Observations as ``load_observations`` returns them (company, role, level and the
        money columns base, bonus, equity, sign_on; NaN = not reported).
    company : str or list of str, optional
        Summarise only these companies (default: each company present, kept apart).
    min_n : int
        Groups with fewer values than this are suppressed (default 5).
    components : str or list of str, optional
        Any of base, bonus, equity, sign_on, total (default: all). ``total`` is
        base + bonus + equity of the observations that report all three.

    Returns
    -------
    DataFrame
        One row per company x role x level present, and component: company, role, level,
        component, n (values reported), p10, p25, p50, p75, p90, min, max (US dollars;
        missing when suppressed) and suppressed ("n < 5", else missing).

    Raises
    ------
    ValueError
        For missing columns, an unknown company or component, or a min_n below 1.
    """
    obs, wanted = _checked(obs, company=company, min_n=min_n, components=components)
    if not len(obs):
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    values = pd.DataFrame(
        {c: obs["base"] + obs["bonus"] + obs["equity"] if c == "total" else obs[c] for c in wanted},
        dtype=float,
    )
    grouped = values.groupby([_key(obs[name], name) for name in GROUP], observed=True)
    q = grouped.quantile([p / 100 for p in PERCENTILES])
    stats = {
        "n": grouped.count(),
        **{f"p{p}": q.xs(p / 100, level=-1) for p in PERCENTILES},
        "min": grouped.min(),
        "max": grouped.max(),
    }
    out = pd.concat(stats, axis=1).stack(level=1, future_stack=True)
    out = out.rename_axis([*GROUP, "component"]).reset_index()
    out["component"] = pd.Categorical(out["component"], categories=wanted)
    out = out.reindex(columns=SUMMARY_COLUMNS).sort_values([*GROUP, "component"], kind="stable")
    out["n"] = out["n"].fillna(0).astype(np.int64)
    thin = out["n"] < min_n
    out.loc[thin, list(STATS)] = np.nan
    out["suppressed"] = pd.Series(suppression_label(min_n), out.index, dtype="str").where(thin)
    return out.reset_index(drop=True)
