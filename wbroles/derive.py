"""Numbers computed from the bands, never stored: dollars of bonus, derived totals, gaps.

All functions take the tidy compensation frame (as ``load_compensation`` returns it) and
return tidy frames. An open upper bound stays open in everything computed from it.
"""

from __future__ import annotations

import pandas as pd

GROUP = ["company", "role", "level"]
DOLLAR_COMPONENTS = ["base", "bonus", "equity"]
BOUNDS = ["low", "high", "open_high"]


def component_dollars(comp: pd.DataFrame) -> pd.DataFrame:
    """Base, bonus and equity per role and level, all in dollars a year.

    The bonus is stated as a percent of base: its dollar range runs from
    ``base low x bonus low %`` to ``base high x bonus high %``. Groups that lack a
    component are left out of that component only. Columns: company, role, level,
    component, low, high, open_high, unit ('usd_per_year').
    """
    parts = comp.loc[comp["component"].isin(DOLLAR_COMPONENTS), [*GROUP, "component", *BOUNDS]]
    base = parts[parts["component"] == "base"].drop(columns="component")
    bonus = parts[parts["component"] == "bonus"].merge(base, on=GROUP, suffixes=("", "_base"))
    bonus = bonus.assign(
        low=bonus["low"] * bonus["low_base"] / 100,
        high=bonus["high"] * bonus["high_base"] / 100,
        open_high=bonus["open_high"].astype(bool) | bonus["open_high_base"].astype(bool),
    )
    out = pd.concat([parts[parts["component"] != "bonus"], bonus[parts.columns]])
    out = out.assign(
        open_high=out["open_high"].astype(bool),
        unit="usd_per_year",
        component=pd.Categorical(out["component"].astype(str), categories=DOLLAR_COMPONENTS),
    )
    return out.sort_values([*GROUP, "component"], kind="stable").reset_index(drop=True)


def derived_totals(comp: pd.DataFrame) -> pd.DataFrame:
    """Total compensation as the sum of its parts: base + bonus % x base + equity.

    Only groups that state all three components get a derived total. Columns: company,
    role, level, low, high, open_high.
    """
    parts = component_dollars(comp)
    complete = parts.groupby(GROUP, observed=True)["component"].transform("nunique") == 3
    totals = parts[complete].groupby(GROUP, observed=True)
    sums = totals.agg(low=("low", "sum"), high=("high", "sum"), open_high=("open_high", "any"))
    return sums.reset_index()


def reconciliation(comp: pd.DataFrame) -> pd.DataFrame:
    """Stated total vs the total derived from the components, per role and level.

    ``gap_*`` is derived minus stated, in dollars and in percent of the stated bound.
    Columns: company, role, level, stated_low, stated_high, stated_open_high,
    derived_low, derived_high, derived_open_high, gap_low, gap_high, gap_low_pct,
    gap_high_pct.
    """
    stated = comp[comp["component"] == "total"][[*GROUP, *BOUNDS]]
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
    mine = comp[comp["role"] == role].set_index(keys)[BOUNDS].add_prefix("role_")
    theirs = comp[comp["role"] == versus].set_index(keys)[BOUNDS].add_prefix("versus_")
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
        table["component"], categories=["total", *DOLLAR_COMPONENTS]
    )
    table = table.sort_values(["company", "level", "component"], kind="stable")
    return table.reset_index(drop=True)
