"""Tables for reading: the derived frames with money as "$280k", open bounds as "+", and
every row's source. They take frames and return plain DataFrames; ``show`` styles one for
display in notebooks and reports."""

from __future__ import annotations

import re

import pandas as pd

from .derive import reconciliation, role_gap
from .format import COMPONENT_LABELS, band, money, percent, points, signed_money
from .schemas import SKILL_SCALE

# A cell that reads as a number or an amount: "$280k", "+$20k", "12%", "3".
_NUMBER_LIKE = re.compile("^\\s*[+\\-\u2212]?\\$?\\d")
NOT_STATED_IN_SOURCE = "(not stated in the source)"


def text_columns(frame: pd.DataFrame) -> list:
    """Columns that hold prose rather than numbers or amounts: most of their cells do not
    start like a number. Displayed left-aligned; amounts stay right-aligned."""
    columns = []
    for column in frame.columns:
        values = frame[column].dropna().astype(str)
        if len(values) and values.str.match(_NUMBER_LIKE).mean() < 0.5:
            columns.append(column)
    return columns


def show(frame: pd.DataFrame, *, name: str = "table"):
    """The frame for display in notebooks and reports: no index column, no truncated text,
    every cell HTML-escaped (data text must not run as markup), marked for MathJax to leave
    alone (two "$" in a row are money, not maths), prose columns left-aligned, stable ids."""
    left = set(text_columns(frame))
    styles = [
        {"selector": f"td.col{i}, th.col{i}", "props": "text-align: left;"}
        for i, column in enumerate(frame.columns)
        if column in left
    ]
    return (
        frame.style.hide(axis="index")
        .format(escape="html", na_rep="")
        .format_index(escape="html", axis=1)
        .set_table_styles(styles)
        .set_uuid(name)
        .set_table_attributes('class="wbroles-table tex2jax_ignore mathjax_ignore"')
    )


def _for(frame: pd.DataFrame, company: str | None, roles: list[str] | None = None):
    frame = frame if company is None else frame[frame["company"] == company]
    return frame if roles is None else frame[frame["role"].isin(roles)]


def _gap(value: float, pct: float) -> str:
    return f"{signed_money(value)} ({percent(pct, digits=1, signed=True)})"


def reconciliation_table(comp: pd.DataFrame, *, company: str | None = None) -> pd.DataFrame:
    """Stated total vs the sum of base, bonus and equity, per role and level, with the gap."""
    table = reconciliation(_for(comp, company))
    rows = list(table.itertuples())
    return pd.DataFrame(
        {
            "Role": table["role"].astype(str),
            "Level": table["level"].astype(str),
            "Stated total": [
                band(r.stated_low, r.stated_high, open_high=r.stated_open_high) for r in rows
            ],
            "Base + bonus + equity": [
                band(r.derived_low, r.derived_high, open_high=r.derived_open_high) for r in rows
            ],
            "Gap at low end": [_gap(r.gap_low, r.gap_low_pct) for r in rows],
            "Gap at high end": [
                _gap(r.gap_high, r.gap_high_pct)
                + (" vs open bound" if r.stated_open_high or r.derived_open_high else "")
                for r in rows
            ],
        }
    )


def gap_table(
    comp: pd.DataFrame, *, role: str = "PM", versus: str = "TPM", company: str | None = None
) -> pd.DataFrame:
    """How much more (or less) ``role``'s band is than ``versus``'s, per level and component."""
    table = role_gap(_for(comp, company), role=role, versus=versus)

    def diff(value, pct, unit):
        return points(value) if unit == "pct_of_base" else _gap(value, pct)

    rows = list(table.itertuples())
    return pd.DataFrame(
        {
            "Level": table["level"].astype(str),
            "Component": table["component"].map(COMPONENT_LABELS),
            f"{role} minus {versus}, low end": [
                diff(r.diff_low, r.diff_low_pct, r.unit) for r in rows
            ],
            f"{role} minus {versus}, high end": [
                diff(r.diff_high, r.diff_high_pct, r.unit)
                + (" (open bound)" if r.high_open else "")
                for r in rows
            ],
        }
    )


def band_table(comp: pd.DataFrame, *, company: str | None = None) -> pd.DataFrame:
    """Every published band with the sentence it rests on and its source."""
    comp = _for(comp, company)
    return pd.DataFrame(
        {
            "Role": comp["role"].astype(str).to_numpy(),
            "Level": comp["level"].astype(str).to_numpy(),
            "Component": comp["component"].map(COMPONENT_LABELS).to_numpy(),
            "Band": [
                band(r.low, r.high, open_high=r.open_high, unit=r.unit)
                + (" of base" if r.unit == "pct_of_base" else "")
                for r in comp.itertuples()
            ],
            "Quote": comp["quote"].to_numpy(),
            "Source": comp["source_id"].to_numpy(),
        }
    )


def skill_evidence_table(
    skills: pd.DataFrame,
    *,
    axes: pd.DataFrame,
    company: str | None = None,
    roles: list[str] | None = None,
) -> pd.DataFrame:
    """Each role's score on each skill axis, with its label and the sentence it rests on."""
    skills = _for(skills, company, roles)
    order = axes.set_index("skill")["axis_order"]
    skills = skills.assign(_order=skills["skill"].map(order)).sort_values(["_order", "role"])
    return pd.DataFrame(
        {
            "Skill": skills["skill"].to_numpy(),
            "Role": skills["role"].astype(str).to_numpy(),
            "Score": [f"{s} {SKILL_SCALE[s]}" for s in skills["score"]],
            "Evidence": skills["quote"].to_numpy(),
            "Source": skills["source_id"].to_numpy(),
        }
    )


def rounds_table(
    rounds: pd.DataFrame, *, company: str | None = None, roles: list[str] | None = None
) -> pd.DataFrame:
    """Every interview round as each source lists it, with what it evaluates."""
    rounds = _for(rounds, company, roles).sort_values(["source_id", "role", "round_order"])
    return pd.DataFrame(
        {
            "Source": rounds["source_id"].to_numpy(),
            "Role": rounds["role"].astype(str).to_numpy(),
            "#": rounds["round_order"].to_numpy(),
            "Round": rounds["round"].to_numpy(),
            "Evaluates": rounds["evaluates"].fillna(NOT_STATED_IN_SOURCE).to_numpy(),
        }
    )


def role_facts_table(
    facts: pd.DataFrame, *, company: str | None = None, roles: list[str] | None = None
) -> pd.DataFrame:
    """What each role is accountable for, focuses on and is measured by, side by side."""
    facts = _for(facts, company, roles)
    wide = facts.pivot(index="aspect", columns="role", values="statement")
    wide = wide.reindex(list(dict.fromkeys(facts["aspect"])))
    wide = wide[[r for r in (roles or wide.columns) if r in wide.columns]]
    wide.index = [a.replace("_", " ").capitalize() for a in wide.index]
    wide.index.name = "Aspect"
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """The articles every number cites."""
    return pd.DataFrame(
        {
            "Source id": sources["source_id"].to_numpy(),
            "Article": sources["keyword"].to_numpy(),
            "Date": sources["date"].to_numpy(),
            "Publisher": sources["publisher"].to_numpy(),
        }
    )


def percentile_table(summary: pd.DataFrame, *, component: str | None = None) -> pd.DataFrame:
    """The percentile summary for reading: "$185k" cells, and "n < 5" where suppressed."""
    if component is not None:
        summary = summary[summary["component"] == component]
    out = pd.DataFrame(
        {
            "Company": summary["company"].astype(str).to_numpy(),
            "Role": summary["role"].astype(str).to_numpy(),
            "Level": summary["level"].astype(str).to_numpy(),
            "Component": summary["component"].astype(str).to_numpy(),
            "n": summary["n"].to_numpy(),
        }
    )
    suppressed = summary["suppressed"].fillna("").astype(str).to_numpy()
    for column in ["p10", "p25", "p50", "p75", "p90"]:
        out[column] = [
            s if s else money(v) for s, v in zip(suppressed, summary[column], strict=True)
        ]
    return out


# --- offers: the tables of an offer check (wbroles.offer) ---------------------------------------
