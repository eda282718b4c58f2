"""Percentile bands of observations, per company, role, level and pay component.

Percentiles are numpy's default, "linear" (type 7; pandas' ``quantile``, DuckDB's
``quantile_cont``): the p-th percentile of n sorted values sits at position (n - 1) * p / 100,
interpolated between its neighbours. A group with fewer than ``min_n`` values is suppressed:
its statistics are missing and ``suppressed`` says why ("n < 5"); its ``n`` stays. DuckDB
computes them, one query grouped by company, role and level, over a frame in memory
(:func:`percentile_summary`) or over files of any size (:func:`summarize_observations`).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import numpy as np
import pandas as pd

from .format import choose_many
from .observations import (
    DEFAULT_MEMORY_LIMIT,
    EXAMPLE_OBSERVATIONS,
    EXAMPLE_SOURCES,
    PathLike,
    load_observation_sources,
    natural_key,
    validated,
)
from .paths import resolve_data_dir

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


def _wanted(min_n, components) -> list[str]:
    """The components asked for, in their order; ValueError for a bad min_n or component."""
    if isinstance(min_n, bool) or not isinstance(min_n, int | np.integer) or min_n < 1:
        raise ValueError(f"min_n must be a whole number of at least 1, not {min_n!r}")
    return [c for c in COMPONENTS if c in choose_many("component", components, COMPONENTS)]


def _checked(obs: pd.DataFrame, *, company, min_n, components) -> tuple[pd.DataFrame, list]:
    """The rows of the companies asked for, and the components in their order; ValueError
    for a bad min_n, a missing column, an unknown company or component."""
    wanted = _wanted(min_n, components)
    parts = ("base", "bonus", "equity") if "total" in wanted else ()
    missing = sorted({*GROUP, *parts, *wanted} - {"total"} - set(obs.columns))
    if missing:
        raise ValueError(f"observations lack column(s): {', '.join(missing)}")
    if company is not None:
        present = sorted(str(c) for c in obs["company"].dropna().unique())
        obs = obs[obs["company"].isin(choose_many("company", company, present))]
    return obs, wanted


def _query(source: str, wanted: list[str]) -> str:
    """One row per company x role x level of ``source`` (a query): for each component c,
    n_c (values reported), q_c (the percentiles, a list), min_c and max_c."""
    money = {m: f"TRY_CAST({m} AS DOUBLE)" for m in ("base", "bonus", "equity", "sign_on")}
    money["total"] = " + ".join(money[m] for m in ("base", "bonus", "equity"))  # NULL if any is
    keys = ", ".join(f"CAST({k} AS VARCHAR) AS {k}" for k in GROUP)
    values = ", ".join(f"{money[c]} AS {c}" for c in wanted)
    share = ", ".join(str(p / 100) for p in PERCENTILES)
    stats = ", ".join(
        f"count({c}) AS n_{c}, quantile_cont({c}, [{share}]) AS q_{c}, min({c}) AS min_{c}, "
        f"max({c}) AS max_{c}"
        for c in wanted
    )
    known = " AND ".join(f"{k} IS NOT NULL" for k in GROUP)
    return (
        f"SELECT {', '.join(GROUP)}, {stats} FROM (SELECT {keys}, {values} FROM ({source}) "
        f"WHERE {known}) GROUP BY ALL"
    )


def _summary(con, source: str, wanted: list[str], min_n: int, order: dict) -> pd.DataFrame:
    """The summary of ``source`` (a query DuckDB runs on ``con``): only the small result of
    :func:`_query` comes back; ``order`` gives each grouping column its categories."""
    groups = con.sql(_query(source, wanted)).fetchall()
    if not groups:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    missing = [np.nan] * len(PERCENTILES)
    rows = [
        (
            *g[:3],
            c,
            *g[3 + 4 * i : 4 + 4 * i],
            *(g[4 + 4 * i] or missing),
            *g[5 + 4 * i : 7 + 4 * i],
        )
        for g in groups
        for i, c in enumerate(wanted)
    ]
    out = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS[:-1]))
    for name in GROUP:
        present = out[name].unique()
        categories = order.get(name) or sorted(
            present, key=str if name == "company" else natural_key
        )
        out[name] = pd.Categorical(out[name], categories, ordered=name == "level")
    out["component"] = pd.Categorical(out["component"], categories=wanted)
    out = out.astype({s: float for s in STATS} | {"n": np.int64})
    out = out.sort_values([*GROUP, "component"], kind="stable").reset_index(drop=True)
    thin = out["n"] < min_n
    out.loc[thin, list(STATS)] = np.nan
    out["suppressed"] = pd.Series(suppression_label(min_n), out.index, dtype="str").where(thin)
    return out


def percentile_summary(
    obs: pd.DataFrame,
    *,
    company: str | Iterable[str] | None = None,
    min_n: int = DEFAULT_MIN_N,
    components: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Sample size and percentile bands per company, role, level and component, of a frame.

    The same DuckDB query as :func:`summarize_observations`, over observations already in
    memory (such as ``load_observations`` returns or a frame you build).

    Parameters
    ----------
    obs : DataFrame
        Observations: company, role, level and the money columns base, bonus, equity,
        sign_on (NaN = not reported).
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
    parts = ("base", "bonus", "equity") if "total" in wanted else ()
    columns = list(dict.fromkeys([*GROUP, *parts, *(c for c in wanted if c != "total")]))
    order = {name: list(_key(obs[name], name).cat.categories) for name in GROUP}
    with duckdb.connect() as con:
        con.register("obs", obs[columns])
        return _summary(con, "SELECT * FROM obs", wanted, min_n, order)


def summarize_observations(
    path: PathLike,
    *,
    company: str | Iterable[str] | None = None,
    sources: PathLike | pd.DataFrame | None = None,
    data_dir: PathLike | None = None,
    min_n: int = DEFAULT_MIN_N,
    components: str | Iterable[str] | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
) -> pd.DataFrame:
    """Validate observations of any size and return their percentile summary, never the rows.

    ``path`` is a CSV or Parquet file, a folder of them (a partitioned dataset) or a glob
    pattern; every rule of :func:`wbroles.load_observations` is checked, then one DuckDB
    query groups the rows. DuckDB keeps to ``memory_limit`` (such as "2GB", the default) and
    spills to a temporary folder beyond it, so a file larger than memory works. ``company``,
    ``min_n`` and ``components`` are those of :func:`percentile_summary`, whose layout the
    result has; ``sources`` and ``data_dir`` those of ``load_observations``.

    Raises
    ------
    wbroles.DataError
        For problems in the files, as ``load_observations`` gives them.
    wbroles.ParameterError
        For an unknown company or component, a min_n below 1 or a bad ``memory_limit``.
    """
    check = {"sources": sources, "data_dir": data_dir, "memory_limit": memory_limit}
    return _observed(path, company, min_n, components, check, cited=False)[0]


def _observed(path, company, min_n, components, check: dict, *, cited: bool = True):
    """The summary of the files of ``path`` and, if ``cited``, how many rows cite each
    source id, by company (columns company, source_id, n)."""
    wanted = _wanted(min_n, components)
    with validated(path, **check) as (con, scan):
        summary = _summary(con, scan, wanted, min_n, {})
        cited = (
            con.sql(
                f"SELECT CAST(company AS VARCHAR) AS company, CAST(source_id AS VARCHAR) AS "
                f"source_id, count(*) AS n FROM ({scan}) GROUP BY ALL ORDER BY 1, 2"
            ).df()
            if cited
            else pd.DataFrame({"company": [], "source_id": [], "n": []})
        )
    if company is not None:
        present = [str(c) for c in summary["company"].cat.categories]
        chosen = choose_many("company", company, present)
        summary = summary[summary["company"].isin(chosen)].reset_index(drop=True)
        summary["company"] = summary["company"].cat.remove_unused_categories()
        cited = cited[cited["company"].isin(chosen)].reset_index(drop=True)
    return summary, cited


def open_observations(
    path: PathLike | None = None,
    *,
    sources: PathLike | pd.DataFrame | None = None,
    data_dir: PathLike | None = None,
    min_n: int = DEFAULT_MIN_N,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """For a notebook: the percentile summary of ``path`` (None: the shipped synthetic example
    with its own sources), and the rows of its ``sources`` table (default: the ``sources.csv``
    of ``data_dir``, by default ``WBROLES_DATA_DIR``, else the project's ``data/``) that the
    observations cite, one per company and source: ``company`` (the observations', in place of
    the table's own) and ``n`` (rows) first."""
    if path is None:
        path, sources = EXAMPLE_OBSERVATIONS, EXAMPLE_SOURCES
    elif sources is None:
        sources = resolve_data_dir(data_dir) / "sources.csv"
    if not isinstance(sources, pd.DataFrame):
        sources = load_observation_sources(sources)
    check = {"sources": sources, "data_dir": data_dir, "memory_limit": memory_limit}
    summary, cited = _observed(path, None, min_n, None, check)
    table = sources.drop(columns=["company", "n"], errors="ignore").astype({"source_id": str})
    return summary, cited.merge(table, on="source_id")
