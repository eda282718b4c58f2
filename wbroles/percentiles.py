"""Percentile bands of observations, per company, role, level and pay component.

``percentile_summary`` turns observations (as ``wbroles.observations.load_observations``
returns them) into one row per company x role x level x component with the sample size and
the 10th, 25th, 50th, 75th and 90th percentiles, minimum and maximum.

Percentiles use numpy's default method, ``"linear"`` (Hyndman & Fan type 7, also the
default of pandas, R and Excel's PERCENTILE.INC): the p-th percentile of n sorted values
x[0] <= ... <= x[n-1] sits at position h = (n - 1) * p / 100 and is interpolated linearly
between x[floor(h)] and x[floor(h) + 1]. The arithmetic is numpy's own, so the numbers equal
``numpy.percentile`` on the same values.

A group with fewer than ``min_n`` values of a component is suppressed: its statistics are
missing and ``suppressed`` says why ("n < 5"), so that a thin sample is never read as a
percentile. Its ``n`` stays, to show how far it is from the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .observations import natural_key

__all__ = [
    "COMPONENTS",
    "DEFAULT_MIN_N",
    "PERCENTILES",
    "SUMMARY_COLUMNS",
    "percentile_summary",
    "suppression_label",
]

PERCENTILES = (10, 25, 50, 75, 90)
# total = base + bonus + equity, for observations that report all three.
COMPONENTS = ("base", "bonus", "equity", "sign_on", "total")
TOTAL_PARTS = ("base", "bonus", "equity")
GROUP = ("company", "role", "level")
DEFAULT_MIN_N = 5
STATS = tuple(f"p{p}" for p in PERCENTILES) + ("min", "max")
SUMMARY_COLUMNS = (*GROUP, "component", "n", *STATS, "suppressed")


def suppression_label(min_n: int) -> str:
    """The text that stands in for a suppressed group's numbers: 'n < 5'."""
    return f"n < {min_n}"


def _check_min_n(min_n) -> int:
    if isinstance(min_n, bool) or not isinstance(min_n, (int, np.integer)) or min_n < 1:
        raise ValueError(f"min_n must be a whole number of at least 1, not {min_n!r}")
    return int(min_n)


def _components(components: str | Iterable[str] | None) -> list[str]:
    if components is None:
        return list(COMPONENTS)
    wanted = [components] if isinstance(components, str) else list(components)
    unknown = [c for c in wanted if c not in COMPONENTS]
    if unknown or not wanted:
        raise ValueError(
            f"unknown component {', '.join(map(repr, unknown)) or 'nothing'}; "
            f"choose from: {', '.join(COMPONENTS)}"
        )
    return [c for c in COMPONENTS if c in wanted]


def _for_company(obs: pd.DataFrame, company: str | Iterable[str] | None) -> pd.DataFrame:
    if company is None:
        return obs
    wanted = [company] if isinstance(company, str) else list(company)
    present = sorted(str(c) for c in pd.unique(obs["company"].dropna()))
    unknown = [c for c in wanted if c not in present]
    if unknown or not wanted:
        raise ValueError(
            f"unknown company {', '.join(map(repr, unknown)) or 'nothing'}; "
            f"choose from: {', '.join(present) or 'none'}"
        )
    return obs[obs["company"].isin(wanted)]


def _codes(series: pd.Series, *, natural: bool) -> tuple[np.ndarray, pd.Categorical]:
    """Integer codes per row and the categories they index (category order kept)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        cat = series.array
    else:
        values = pd.unique(series.dropna())
        order = sorted(values, key=natural_key if natural else str)
        cat = pd.Categorical(series, categories=order, ordered=natural)
    return np.asarray(cat.codes, dtype=np.int64), cat


def _linear(sorted_values: np.ndarray, starts: np.ndarray, n: np.ndarray, q: float) -> np.ndarray:
    """numpy's "linear" percentile of each group's sorted values, with numpy's arithmetic."""
    virtual = (n - 1) * (q / 100)
    previous = np.floor(virtual)
    gamma = virtual - previous
    previous = previous.astype(np.int64)
    upper = np.minimum(previous + 1, n - 1)  # at the top, numpy takes the last value twice
    a = sorted_values[starts + previous]
    b = sorted_values[starts + upper]
    diff = b - a
    out = a + diff * gamma
    np.subtract(b, diff * (1 - gamma), out=out, where=gamma >= 0.5)  # numpy's _lerp
    return out


def _dense(key: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys (sorted) and each row's position among them (-1 where key < 0)."""
    if bins <= 4 * len(key) + 1024:  # a lookup table: linear, no sort
        counts = np.bincount(key[key >= 0], minlength=bins)
        present = np.flatnonzero(counts)
        lookup = np.full(bins + 1, -1, dtype=np.int64)
        lookup[present] = np.arange(len(present))
        return present, lookup[key]  # key -1 reads the last slot: -1
    present, inverse = np.unique(key[key >= 0], return_inverse=True)
    group = np.full(len(key), -1, dtype=np.int64)
    group[key >= 0] = inverse
    return present, group


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
        missing when suppressed) and suppressed ("n < 5", else missing). ``attrs`` holds
        ``min_n``, ``method`` ("linear") and the observations' ``sources`` and ``file``.

    Raises
    ------
    ValueError
        For missing columns, an unknown company or component, or a min_n below 1.
    """
    min_n = _check_min_n(min_n)
    wanted = _components(components)
    needed = {*GROUP, *(TOTAL_PARTS if "total" in wanted else ()), *wanted} - {"total"}
    missing = sorted(needed - set(obs.columns))
    if missing:
        raise ValueError(f"observations lack column(s): {', '.join(missing)}")
    frame = _for_company(obs, company)

    # One integer per company x role x level, dense over the groups present, in sort order.
    codes, cats = zip(
        *(_codes(frame[name], natural=name != "company") for name in GROUP), strict=True
    )
    sizes = [max(len(c.categories), 1) for c in cats]
    key = (codes[0] * sizes[1] + codes[1]) * sizes[2] + codes[2]
    keep = (codes[0] >= 0) & (codes[1] >= 0) & (codes[2] >= 0)  # a row missing a key: left out
    if not keep.all():
        key = np.where(keep, key, -1)
    present, group = _dense(key, sizes[0] * sizes[1] * sizes[2])
    # Rows grouped, in group order; a stable sort of small integers is a linear radix sort.
    small = group.astype(np.int16) if len(present) < 2**15 - 1 else group
    order = np.argsort(small, kind="stable")[int((group < 0).sum()) :]
    sizes_g = np.bincount(group[group >= 0], minlength=len(present))
    starts = (np.cumsum(sizes_g) - sizes_g).astype(np.int64)
    ends = starts + sizes_g

    parts = []
    for component in wanted:
        if component == "total":
            values = sum(frame[p].to_numpy(dtype=np.float64) for p in TOTAL_PARTS)
        else:
            values = frame[component].to_numpy(dtype=np.float64)
        in_order = values[order]  # a copy, grouped; each group is sorted in place below
        if len(starts):
            n = np.add.reduceat(~np.isnan(in_order), starts, dtype=np.int64)
            n[sizes_g == 0] = 0
        else:
            n = np.zeros(0, dtype=np.int64)
        shown = np.flatnonzero(n >= min_n)
        for g in shown:
            in_order[starts[g] : ends[g]].sort()  # missing values sort last
        stats = {name: np.full(len(present), np.nan) for name in STATS}
        if len(shown):
            s, k = starts[shown], n[shown]
            for p in PERCENTILES:
                stats[f"p{p}"][shown] = _linear(in_order, s, k, p)
            stats["min"][shown] = in_order[s]
            stats["max"][shown] = in_order[s + k - 1]
        part = pd.DataFrame({"component": component, "n": n, **stats})
        part["_group"] = np.arange(len(present))
        parts.append(part)

    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    group_key = present[table["_group"].to_numpy()] if len(table) else np.zeros(0, np.int64)
    level_code = group_key % sizes[2]
    role_code = (group_key // sizes[2]) % sizes[1]
    company_code = group_key // (sizes[2] * sizes[1])
    out = pd.DataFrame(
        {
            name: pd.Categorical.from_codes(
                code, categories=cat.categories, ordered=cat.ordered or name == "level"
            )
            for name, code, cat in zip(
                GROUP, (company_code, role_code, level_code), cats, strict=True
            )
        }
    )
    out["component"] = pd.Categorical(table["component"], categories=wanted)
    for column in ("n", *STATS):
        out[column] = table[column].to_numpy()
    out["suppressed"] = pd.Series(
        np.where(out["n"] < min_n, suppression_label(min_n), None), dtype="str"
    )
    out = out.sort_values([*GROUP, "component"], kind="stable").reset_index(drop=True)
    out.attrs = {
        "table": "percentile_summary",
        "min_n": min_n,
        "method": "linear",
        "sources": obs.attrs.get("sources"),
        "file": obs.attrs.get("file"),
        "data_dir": obs.attrs.get("data_dir"),
    }
    return out
