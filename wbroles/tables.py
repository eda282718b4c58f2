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
    """``frame`` for display in notebooks and reports (element ids from ``name``): no index
    column, no truncated text, every cell HTML-escaped (data text must not run as markup),
    marked for MathJax to leave alone (two "$" in a row are money, not maths), prose columns
    left-aligned, stable ids."""
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
    """Stated total vs the sum of base, bonus and equity in ``comp``, per role and level, with
    the gap (one ``company``, or all)."""
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
    """Every band of ``comp`` (one ``company``, or all) with the sentence it rests on."""
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
    """Each role's score in ``skills`` on each of ``axes``, with its label and the sentence it
    rests on (one ``company``, the chosen ``roles``)."""
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
    """Every interview round of ``rounds`` as each source lists it, with what it evaluates
    (one ``company``, the chosen ``roles``)."""
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
    """What each role is accountable for, focuses on and is measured by, from ``facts``, side by
    side (one ``company``, the chosen ``roles`` in their order)."""
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
    """The percentile ``summary`` for reading (one ``component``, or all): "$185k" cells, and
    "n < 5" where suppressed."""
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

from . import offer as _offer  # noqa: E402  (the offers section stands apart, appended)
from .format import amount as _amount  # noqa: E402
from .format import band as _band  # noqa: E402
from .format import money as _money  # noqa: E402
from .format import number as _number  # noqa: E402
from .format import percent as _percent  # noqa: E402
from .format import plain as _plain  # noqa: E402
from .format import source_label as _source_label  # noqa: E402

_REPORTED = {"base": "base salary", "bonus": "target bonus", "equity_annual": "equity per year",
             "equity_share": "equity", "sign_on": "sign-on bonus", "equity": "equity",
             "first_year_equity": "first-year equity"}  # fmt: skip


def gap_text(value: float, unit: str) -> str:
    """A distance from a band's end: '10 pts' for a percent of base, else money ('$15k').

    Parameters
    ----------
    value : float
        The distance.
    unit : str
        The band's unit.
    """
    return f"{_number(value)} pts" if unit == "pct_of_base" else _money(value)


def where_text(row) -> str:
    """'inside, at 30% of the range', 'below: $15k under the low end', ... for a table.

    Parameters
    ----------
    row : namedtuple
        A row of :func:`wbroles.offer.place_offer` (``itertuples``).
    """
    if row.position == "below":
        return f"below: {gap_text(row.low - row.value, row.unit)} under the low end"
    if row.position == "above":
        return f"above: {gap_text(row.value - row.high, row.unit)} over the top"
    if row.position == "at_or_above_floor":
        return _offer.OPEN_FLOOR_TEXT
    if row.position_pct != row.position_pct:  # NaN: inside an open band
        gap = gap_text(row.value - row.low, row.unit)
        return f"inside: {gap} over the low end (open top, no percent)"
    return f"inside, at {row.position_pct:.0f}% of the range"


@_offer.docs
def placement_table(placement: pd.DataFrame) -> pd.DataFrame:
    """The placement for reading: Measure, Band of, Offer, Band, Where.

    Parameters
    ----------
    {placement}
    """
    rows = list(placement.itertuples())
    return pd.DataFrame(
        {
            "Measure": placement["label"].to_numpy(),
            "Band of": [
                f"{r.role} {r.level}" + (" (offer's role)" if r.own_role else "") for r in rows
            ],
            "Offer": [_amount(r.value, r.unit) for r in rows],
            "Band": [_band(r.low, r.high, open_high=r.open_high, unit=r.unit) for r in rows],
            "Where": [where_text(r) for r in rows],
        }
    )


@_offer.docs
def years_table(years: pd.DataFrame) -> pd.DataFrame:
    """The pay of each year for reading, with a running total: money as "$185k".

    Parameters
    ----------
    {years}
    """
    parts = {"Base": "base", "Bonus": "bonus", "Equity": "equity", "Sign-on": "sign_on"}
    table = pd.DataFrame({"Year": years["year"].astype(int).to_numpy()})
    for name, column in {**parts, "Total": "total"}.items():
        table[name] = years[column].map(_money).to_numpy()
    table["Cumulative"] = years["total"].cumsum().map(_money).to_numpy()
    return table


def reported_text(row) -> str:
    """A reference point in words: 'base salary: about $170k a year', 'equity: 0.05% of the
    company (no valuation given, so no dollar value)', 'base: +$50k negotiated on top ...'.

    Parameters
    ----------
    row : namedtuple
        A row of :func:`wbroles.offer.reference_points` (``itertuples``).
    """
    what = f"{_REPORTED.get(row.component, row.component)}: "
    if row.kind != "offer":
        return f"{what}+{_money(row.amount)} negotiated on top of the offer"
    what += "about " if row.approximate else ""
    if row.unit == "pct_of_company":
        return (
            f"{what}{_percent(row.amount)} of the company (no valuation given, so no dollar value)"
        )
    if row.unit == "pct_of_base":
        return f"{what}{_percent(row.amount)} of base"
    return f"{what}{_money(row.amount)}" + (" a year" if row.unit == "usd_per_year" else "")


def reference_table(points: pd.DataFrame) -> pd.DataFrame:
    """What each source reports, in words, with its quote.

    Parameters
    ----------
    points : DataFrame
        As :func:`wbroles.offer.reference_points` returns it.
    """
    rows = list(points.itertuples())
    return pd.DataFrame(
        {
            "Reported": [
                f"{'Offer' if r.kind == 'offer' else 'Negotiation outcome'}, {r.role} {r.level}"
                for r in rows
            ],
            "What": [reported_text(r) for r in rows],
            "Quote": [f"\u201c{q}\u201d" for q in points["quote"]],
            "Source": points["source"].to_numpy(),
        }
    )


def steady_state_text(totals) -> str:
    """'$287.2k a year (average of years 2–4)', or why a one-year schedule has none.

    Parameters
    ----------
    totals : OfferTotals
        As :func:`wbroles.offer.offer_totals` returns them.
    """
    if totals.steady_state is None:
        return "undefined: the schedule has one year, so there is no year 2 on"
    span = "year 2" if totals.years == 2 else f"years 2\u2013{totals.years}"
    return f"{_money(totals.steady_state)} a year (average of {span})"


@_offer.docs
def offer_text(offer, comp: pd.DataFrame, *, sources: pd.DataFrame | None = None) -> str:
    """What ``wbroles offer`` prints: the offer, its placement, the year table, the totals.

    Parameters
    ----------
    {offer}
    {comp}
    {sources}
    """
    offer = _offer.check_offer(offer, comp)
    placement = _offer.place_offer(offer, comp)
    years = _offer.offer_years(offer)
    totals = _offer.offer_totals(years)
    cited = dict.fromkeys(_source_label(s, sources) for s in placement["source_id"])
    span = f"{totals.years} {'year' if totals.years == 1 else 'years'}"
    lines = [
        _plain(offer.describe()),
        "",
        f"Where it falls in the {_plain(offer.level)} bands",
        placement_table(placement).map(_plain).to_string(index=False),
        "",
        "Year by year (equity as it vests)",
        years_table(years).to_string(index=False),
        "",
        f"Year 1: {_money(totals.first_year)}. Steady state: {steady_state_text(totals)}. "
        f"Cumulative over {span}: {_money(totals.cumulative)}.",
        f"Bands as the sources state them: {_plain('; '.join(cited))}. Offer terms as given here.",
    ]
    return "\n".join(lines)
