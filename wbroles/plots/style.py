"""Look and labels fixed once for every chart: role colours, category order, money format,
and the source line that keeps a chart's provenance inside the exported image."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

# Okabe-Ito, a palette that stays distinct under the common colour-vision deficiencies.
# The first two go to PM and TPM; further roles take the next free colour, in order.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
ROLE_COLORS = {"PM": OKABE_ITO[0], "TPM": OKABE_ITO[1]}
NEUTRAL = "#555555"
FONT = "Inter, Helvetica Neue, Arial, sans-serif"

COMPONENT_LABELS = {
    "total": "Total compensation",
    "base": "Base salary",
    "bonus": "Target bonus",
    "equity": "Equity per year",
}
ROLE_LABELS = {"PM": "Product Manager (PM)", "TPM": "Technical Program Manager (TPM)"}


def role_color(role: str, roles: Iterable[str] = ()) -> str:
    """The role's colour: fixed for PM and TPM, stable by position for any other role."""
    if role in ROLE_COLORS:
        return ROLE_COLORS[role]
    others = [r for r in dict.fromkeys(roles) if r not in ROLE_COLORS]
    free = [c for c in OKABE_ITO if c not in ROLE_COLORS.values()]
    index = others.index(role) if role in others else len(others)
    return free[index % len(free)]


def money(value: float, *, open_high: bool = False) -> str:
    """Dollars as people say them: $280k, $1.2M, $950; a '+' marks an open upper bound."""
    if value is None or pd.isna(value):
        return "n/a"
    sign = "-" if value < 0 else ""
    value = abs(float(value))
    if value >= 1_000_000:
        text = f"${value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    elif value >= 1_000:
        thousands = value / 1_000
        text = f"${thousands:.1f}".rstrip("0").rstrip(".") + "k"
    else:
        text = f"${value:,.0f}"
    return f"{sign}{text}{'+' if open_high else ''}"


def money_range(low: float, high: float, *, open_high: bool = False) -> str:
    """'$280k-$450k', or '$400k-$650k+' when the upper bound is open."""
    return f"{money(low)}\u2013{money(high, open_high=open_high)}"


def percent(value: float, *, digits: int = 0) -> str:
    return f"{value:.{digits}f}%"


def source_names(source_ids: Iterable[str], sources: pd.DataFrame | None = None) -> list[str]:
    """'Weights & Biases pm vs tpm (2026-05-25)' for each distinct source id, in order; the
    id itself where the sources table does not know it."""
    ids = list(dict.fromkeys(str(s) for s in source_ids))
    if sources is None or not len(sources):
        return ids
    index = sources.set_index("source_id")
    return [
        f"{index.at[i, 'keyword']} ({index.at[i, 'date']})" if i in index.index else i for i in ids
    ]


def source_line(source_ids: Iterable[str], sources: pd.DataFrame | None = None) -> str:
    """'Source: Weights & Biases pm vs tpm (2026-05-25)' for each source a chart draws on."""
    parts = source_names(source_ids, sources)
    noun = "Source" if len(parts) == 1 else "Sources"
    return f"{noun}: " + "; ".join(parts)
