"""Numbers computed from the bands, never stored: dollars of bonus, derived totals, gaps.

All functions take the tidy compensation frame (as ``load_compensation`` returns it) and
return tidy frames. An open upper bound stays open in everything computed from it.
"""

from __future__ import annotations

import pandas as pd

GROUP = ["company", "role", "level"]
DOLLAR_COMPONENTS = ["base", "bonus", "equity"]


def _wide(comp: pd.DataFrame) -> pd.DataFrame:
    """One row per company x role x level, columns like ``base_low``, ``bonus_open``."""
    rows = comp.set_index([*GROUP, "component"])[["low", "high", "open_high"]]
    wide = rows.unstack("component")
    wide.columns = [f"{component}_{bound}" for bound, component in wide.columns]
    return wide.reset_index()


def component_dollars(comp: pd.DataFrame) -> pd.DataFrame:
    """Base, bonus and equity per role and level, all in dollars a year.

    The bonus is stated as a percent of base: its dollar range runs from
    ``base low x bonus low %`` to ``base high x bonus high %``. Groups that lack a
    component are left out of that component only. Columns: company, role, level,
    component, low, high, open_high, unit ('usd_per_year').
    """
    wide = _wide(comp)
    parts = []
    for component in DOLLAR_COMPONENTS:
        if f"{component}_low" not in wide:
            continue
        part = wide[GROUP].copy()
        if component == "bonus":
            if "base_low" not in wide:
                continue
            part["low"] = wide["base_low"] * wide["bonus_low"] / 100
            part["high"] = wide["base_high"] * wide["bonus_high"] / 100
            part["open_high"] = wide["base_open_high"].astype("boolean") | wide[
                "bonus_open_high"
            ].astype("boolean")
        else:
            part["low"] = wide[f"{component}_low"]
            part["high"] = wide[f"{component}_high"]
            part["open_high"] = wide[f"{component}_open_high"].astype("boolean")
        part.insert(3, "component", component)
        parts.append(part.dropna(subset=["low", "high"]))
    if not parts:  # no base, bonus or equity rows (e.g. totals only): empty, not a concat error
        parts.append(
            comp[GROUP]
            .iloc[:0]
            .assign(
                component=pd.Series(dtype=str),
                low=pd.Series(dtype=float),
                high=pd.Series(dtype=float),
                open_high=pd.Series(dtype=bool),
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["open_high"] = out["open_high"].astype(bool)
    out["unit"] = "usd_per_year"
    out["component"] = pd.Categorical(out["component"], categories=DOLLAR_COMPONENTS)
    return out.sort_values([*GROUP, "component"], kind="stable").reset_index(drop=True)


def derived_totals(comp: pd.DataFrame) -> pd.DataFrame:
    """Total compensation as the sum of its parts: base + bonus % x base + equity.

    Only groups that state all three components get a derived total. Columns: company,
    role, level, low, high, open_high.
    """
    parts = component_dollars(comp)
    complete = parts.groupby(GROUP, observed=True)["component"].transform("nunique") == 3
    totals = (
        parts[complete]
        .groupby(GROUP, observed=True)
        .agg(low=("low", "sum"), high=("high", "sum"), open_high=("open_high", "any"))
        .reset_index()
    )
    return totals


def reconciliation(comp: pd.DataFrame) -> pd.DataFrame:
    """Stated total vs the total derived from the components, per role and level.

    ``gap_*`` is derived minus stated, in dollars and in percent of the stated bound.
    Columns: company, role, level, stated_low, stated_high, stated_open_high,
    derived_low, derived_high, derived_open_high, gap_low, gap_high, gap_low_pct,
    gap_high_pct.
    """
    stated = comp[comp["component"] == "total"][[*GROUP, "low", "high", "open_high"]]
    stated = stated.rename(columns=lambda c: c if c in GROUP else f"stated_{c}")
    derived = derived_totals(comp).rename(columns=lambda c: c if c in GROUP else f"derived_{c}")
    table = stated.merge(derived, on=GROUP, how="inner")
    for bound in ("low", "high"):
        table[f"gap_{bound}"] = table[f"derived_{bound}"] - table[f"stated_{bound}"]
    for bound in ("low", "high"):
        table[f"gap_{bound}_pct"] = 100 * table[f"gap_{bound}"] / table[f"stated_{bound}"]
    return table.sort_values(GROUP, kind="stable").reset_index(drop=True)


def role_gap(comp: pd.DataFrame, *, role: str = "PM", versus: str = "TPM") -> pd.DataFrame:
    """How much more (or less) ``role``'s band is than ``versus``'s, per level and component.

    Differences are ``role`` minus ``versus`` for each bound, in the component's unit
    (dollars, or percentage points for the bonus), and in percent of the ``versus`` bound.
    An upper-bound difference involving an open bound is flagged ``high_open``: it compares
    stated floors of open ranges, not true maxima. Columns: company, level, component, unit,
    role, versus, role_low, role_high, versus_low, versus_high, diff_low, diff_high,
    diff_low_pct, diff_high_pct, high_open.
    """
    keys = ["company", "level", "component", "unit"]
    cols = ["low", "high", "open_high"]
    mine = comp[comp["role"] == role].set_index(keys)[cols].add_prefix("role_")
    theirs = comp[comp["role"] == versus].set_index(keys)[cols].add_prefix("versus_")
    table = mine.join(theirs, how="inner").reset_index()
    table.insert(4, "role", role)
    table.insert(5, "versus", versus)
    for bound in ("low", "high"):
        table[f"diff_{bound}"] = table[f"role_{bound}"] - table[f"versus_{bound}"]
    for bound in ("low", "high"):
        table[f"diff_{bound}_pct"] = 100 * table[f"diff_{bound}"] / table[f"versus_{bound}"]
    table["high_open"] = table["role_open_high"] | table["versus_open_high"]
    table = table.drop(columns=["role_open_high", "versus_open_high"])
    table["component"] = pd.Categorical(
        table["component"], categories=["total", "base", "bonus", "equity"]
    )
    return table.sort_values(["company", "level", "component"], kind="stable").reset_index(
        drop=True
    )
