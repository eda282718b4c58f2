"""Tables for reading: the derived frames with money as "$280k", open bounds as "+", and
every row's source. They take frames and return plain DataFrames; ``show`` styles one for
display in notebooks and reports."""

from __future__ import annotations

import re

import pandas as pd

from .derive import BOUNDS, reconciliation, role_gap
from .format import (
    COMPONENT_LABELS,
    NO_MATH,
    amount,
    band,
    money,
    number,
    percent,
    plain,
    points,
    signed_money,
    source_label,
)
from .offer import (
    NOT_VALUED,
    OPEN_FLOOR_TEXT,
    check_offer,
    docs,
    leave_after,
    offer_totals,
    offer_years,
    place_offer,
    price_scenarios,
    total_label,
    vesting_text,
)
from .schemas import SKILL_SCALE

# A cell that reads as a number or an amount: "$280k", "+$20k", "12%", "3".
_NUMBER_LIKE = re.compile("^\\s*[+\\-\u2212]?\\$?\\d")
NOT_STATED_IN_SOURCE = "(not stated in the source)"
# What a reported amount is, by its unit (after the amount itself, in reported_text).
_UNIT_WORDS = {
    "pct_of_company": " of the company (no valuation given, so no dollar value)",
    "pct_of_base": " of base",
    "usd_per_year": " a year",
}
_REPORTED = {
    "base": "base salary",
    "bonus": "target bonus",
    "equity_annual": "equity per year",
    "equity_share": "equity",
    "sign_on": "sign-on bonus",
    "equity": "equity",
    "first_year_equity": "first-year equity",
}
# How a placement reads in a table, by case (see where_text): {gap} is the distance from the
# band's end, {pct} the percent of the way up, {band} the band's range.
WHERE = {
    "below": "below: {gap} under the low end",
    "above": "above: {gap} over the top",
    "at_or_above_floor": OPEN_FLOOR_TEXT,
    "open": "inside: {gap} over the low end (open top, no percent)",
    "inside": "inside, at {pct:.0f}% of the range",
    "not_stated": "no position: not stated",
    "not_valued": "no position: not valued (no valuation)",
}


def text_columns(frame: pd.DataFrame) -> list:
    """Columns that hold prose rather than numbers or amounts: most of their cells do not
    start like a number. Displayed left-aligned; amounts stay right-aligned."""
    starts = {c: frame[c].dropna().astype(str).str.match(_NUMBER_LIKE) for c in frame.columns}
    return [c for c, numeric in starts.items() if len(numeric) and numeric.mean() < 0.5]


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
        .set_table_attributes(f'class="wbroles-table {NO_MATH}"')
    )


def _for(frame: pd.DataFrame, company: str | None, roles: list[str] | None = None):
    frame = frame if company is None else frame[frame["company"] == company]
    return frame if roles is None else frame[frame["role"].isin(roles)]


def _bands(frame: pd.DataFrame, prefix: str = "") -> list[str]:
    """'$280k–$450k+' for each row's ``{prefix}low``, ``high`` and ``open_high``, in its unit."""
    ends = frame[[f"{prefix}low", f"{prefix}high", f"{prefix}open_high"]].set_axis(BOUNDS, axis=1)
    ends = ends.assign(unit=frame.get("unit", "usd_per_year"))
    return [
        band(r.low, r.high, open_high=bool(r.open_high), unit=r.unit) for r in ends.itertuples()
    ]


def _gaps(frame: pd.DataFrame, column: str, opened=None, note: str = "") -> list[str]:
    """'+$20k (+7.7%)' for each row's ``column`` and ``{column}_pct`` ('+5 pp' for a percent),
    followed by ``note`` where ``opened`` (a bool column) is true."""
    units = frame.get("unit", pd.Series("usd_per_year", index=frame.index))
    opened = [False] * len(frame) if opened is None else opened
    pcts = [percent(p, digits=1, signed=True) for p in frame[f"{column}_pct"]]
    return [
        (points(v) if u == "pct_of_base" else f"{signed_money(v)} ({p})") + (note if o else "")
        for v, p, u, o in zip(frame[column], pcts, units, opened, strict=True)
    ]


def _reading(frame: pd.DataFrame, headings: list[str]) -> pd.DataFrame:
    """``frame`` under ``headings``, with categories as text and rows numbered from 0."""
    kinds = {c: str for c, kind in frame.dtypes.items() if isinstance(kind, pd.CategoricalDtype)}
    return frame.astype(kinds).set_axis(headings, axis=1).reset_index(drop=True)


def reconciliation_table(comp: pd.DataFrame, *, company: str | None = None) -> pd.DataFrame:
    """Stated total vs the sum of base, bonus and equity in ``comp``, per role and level, with
    the gap (one ``company``, or all)."""
    table = reconciliation(_for(comp, company))
    opened = table["stated_open_high"] | table["derived_open_high"]
    return pd.DataFrame(
        {
            "Role": table["role"].astype(str),
            "Level": table["level"].astype(str),
            "Stated total": _bands(table, "stated_"),
            "Base + bonus + equity": _bands(table, "derived_"),
            "Gap at low end": _gaps(table, "gap_low"),
            "Gap at high end": _gaps(table, "gap_high", opened, " vs open bound"),
        }
    )


def gap_table(
    comp: pd.DataFrame, *, role: str = "PM", versus: str = "TPM", company: str | None = None
) -> pd.DataFrame:
    """How much more (or less) ``role``'s band is than ``versus``'s, per level and component."""
    table = role_gap(_for(comp, company), role=role, versus=versus)
    return pd.DataFrame(
        {
            "Level": table["level"].astype(str),
            "Component": table["component"].map(COMPONENT_LABELS),
            f"{role} minus {versus}, low end": _gaps(table, "diff_low"),
            f"{role} minus {versus}, high end": _gaps(
                table, "diff_high", table["high_open"], " (open bound)"
            ),
        }
    )


def band_table(comp: pd.DataFrame, *, company: str | None = None) -> pd.DataFrame:
    """Every band of ``comp`` (one ``company``, or all) with the sentence it rests on."""
    comp = _for(comp, company)
    comp = comp.assign(
        component=comp["component"].map(COMPONENT_LABELS),
        band=[
            text + (" of base" if unit == "pct_of_base" else "")
            for text, unit in zip(_bands(comp), comp["unit"], strict=True)
        ],
    )
    columns = ["role", "level", "component", "band", "quote", "source_id"]
    return _reading(comp[columns], ["Role", "Level", "Component", "Band", "Quote", "Source"])


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
    skills = skills.assign(
        order=skills["skill"].map(order), score=[f"{s} {SKILL_SCALE[s]}" for s in skills["score"]]
    )
    columns = ["skill", "role", "score", "quote", "source_id"]
    return _reading(
        skills.sort_values(["order", "role"])[columns],
        ["Skill", "Role", "Score", "Evidence", "Source"],
    )


def rounds_table(
    rounds: pd.DataFrame, *, company: str | None = None, roles: list[str] | None = None
) -> pd.DataFrame:
    """Every interview round of ``rounds`` as each source lists it, with what it evaluates
    (one ``company``, the chosen ``roles``)."""
    rounds = _for(rounds, company, roles).sort_values(["source_id", "role", "round_order"])
    rounds = rounds.assign(evaluates=rounds["evaluates"].fillna(NOT_STATED_IN_SOURCE))
    columns = ["source_id", "role", "round_order", "round", "evaluates"]
    return _reading(rounds[columns], ["Source", "Role", "#", "Round", "Evaluates"])


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
    columns = ["source_id", "keyword", "date", "publisher"]
    return _reading(sources[columns], ["Source id", "Article", "Date", "Publisher"])


def percentile_table(summary: pd.DataFrame, *, component: str | None = None) -> pd.DataFrame:
    """The percentile ``summary`` for reading (one ``component``, or all): "$185k" cells, and
    "n < 5" where suppressed."""
    if component is not None:
        summary = summary[summary["component"] == component]
    stats = ["p10", "p25", "p50", "p75", "p90"]
    cells = (
        summary[stats].map(money).mask(summary["suppressed"].notna(), summary["suppressed"], axis=0)
    )
    groups = summary[["company", "role", "level", "component"]].astype(str).join(summary["n"])
    return _reading(groups.join(cells), ["Company", "Role", "Level", "Component", "n", *stats])


# --- offers: the tables of an offer check (wbroles.offer) ---------------------------------------


def where_text(row, templates: dict[str, str] | None = None, role: str = "") -> str:
    """'inside, at 30% of the range', 'below: $15k under the low end', ... for a table.

    Parameters
    ----------
    row : namedtuple
        A row of :func:`wbroles.offer.place_offer` (``itertuples``).
    templates : dict, optional
        The text of each case (default ``WHERE``): a position, "open" (inside an open band),
        and, if given, "low_end" and "top" (inside, at 0 or 100 %) for "inside".
    role : str, optional
        The band's role as the templates' {role} shows it.
    """
    templates = WHERE if templates is None else templates
    case, pct = row.position, row.position_pct
    if case == "inside":
        case = "open" if pct != pct else {0: "low_end", 100: "top"}.get(pct, case)  # NaN: open
    distances = {"below": row.low - row.value, "above": row.value - row.high}
    distance = distances.get(case, row.value - row.low)  # inside: from the low end
    gap = f"{number(distance)} pts" if row.unit == "pct_of_base" else money(distance)
    text = band(row.low, row.high, open_high=row.open_high, unit=row.unit)
    template = templates.get(case, templates["inside"])  # no "low_end" or "top": "inside"
    known = "the known part is " if getattr(row, "lower_bound", False) else ""
    return known + template.format(gap=gap, pct=pct, role=role, band=text)


def offer_value(row) -> str:
    """A placed value as a table shows it: '$185k', '12%', 'not stated', 'not valued', or
    'at least $190k' for a total that leaves a part out.

    Parameters
    ----------
    row : namedtuple
        A row of :func:`wbroles.offer.place_offer` (``itertuples``).
    """
    if row.position == "not_valued":
        return NOT_VALUED
    shown = amount(row.value, row.unit)
    return f"at least {shown}" if row.lower_bound else shown


@docs
def placement_table(placement: pd.DataFrame) -> pd.DataFrame:
    """The placement for reading: Measure, Band of, Offer, Band, Where, Verdict, Rule (a
    bonus not stated and equity not valued read so, with no position).

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
            "Offer": [offer_value(r) for r in rows],
            "Band": _bands(placement.reset_index(drop=True)),
            "Where": [where_text(r) for r in rows],
            "Verdict": placement["verdict"].to_numpy(),
            "Rule": placement["rule"].to_numpy(),
        }
    )


@docs
def years_table(years: pd.DataFrame) -> pd.DataFrame:
    """The pay of each year for reading, with a running total: money as "$185k"; a bonus
    not stated and equity not valued read so, and the totals' headings name them.

    Parameters
    ----------
    {years}
    """
    table = years.assign(cumulative=years["total"].cumsum()).set_index("year")
    table = table[["base", "bonus", "equity", "sign_on", "total", "cumulative"]].map(money)
    table["equity"] = table["equity"].replace(money(None), NOT_VALUED)
    missing = offer_totals(years).missing
    totals = [total_label(name, missing) for name in ("Total", "Cumulative")]
    headings = ["Year", "Base", "Bonus", "Equity", "Sign-on", *totals]
    return _reading(table.reset_index().astype({"year": int}), headings)


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
        return f"{what}+{money(row.amount)} negotiated on top of the offer"
    about = "about " if row.approximate else ""
    return f"{what}{about}{amount(row.amount, row.unit)}{_UNIT_WORDS.get(row.unit, '')}"


def reference_table(points: pd.DataFrame) -> pd.DataFrame:
    """What each source reports, in words, with its quote.

    Parameters
    ----------
    points : DataFrame
        As :func:`wbroles.offer.reference_points` returns it.
    """
    kinds = points["kind"].map({"offer": "Offer", "negotiation": "Negotiation outcome"})
    table = points.assign(
        reported=kinds + ", " + points["role"] + " " + points["level"],
        what=[reported_text(r) for r in points.itertuples()],
        quote="\u201c" + points["quote"] + "\u201d",
    )
    columns = ["reported", "what", "quote", "source"]
    return _reading(table[columns], ["Reported", "What", "Quote", "Source"])


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
    return f"{money(totals.steady_state)} a year (average of {span})"


def negotiated_text(points: pd.DataFrame) -> list[str]:
    """The negotiation outcomes the sources report, one line each with its source:
    '+$50k first-year equity (PM L6, Weights & Biases pm vs tpm (2026-05-25))'.

    Parameters
    ----------
    points : DataFrame
        As :func:`wbroles.offer.reference_points` returns it.
    """
    deals = points[points["kind"] == "negotiation"]
    what = (
        deals["component"]
        .map({"first_year_equity": "first-year equity"})
        .fillna(deals["component"].astype(str).str.replace("_", "-"))
    )
    return [
        f"+{money(r.amount)} {w} ({r.role} {r.level}, {r.source})"
        for r, w in zip(deals.itertuples(), what, strict=True)
    ]


@docs
def offer_text(
    offer,
    comp: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    points: pd.DataFrame | None = None,
    leave_month: int | None = None,
    price_changes=None,
) -> str:
    """What ``wbroles offer`` prints: the offer, its placement with a verdict per component
    and the verdicts' rules, the year table, the totals, and the negotiation outcomes the
    sources report (``points``: :func:`wbroles.offer.reference_points`) as cited cases.

    Parameters
    ----------
    {offer}
    {comp}
    {sources}
    points : DataFrame, optional
        The reported cases; without it none are listed.
    leave_month : int, optional
        Also what is paid on leaving after this month (:func:`wbroles.offer.leave_after`).
    price_changes : list of float or text, optional
        Also the total under each yearly share-price change (a range, never one number).
    """
    offer = check_offer(offer, comp)
    placement = place_offer(offer, comp)
    years = offer_years(offer)
    totals = offer_totals(years)
    cited = dict.fromkeys(source_label(s, sources) for s in placement["source_id"])
    span = f"{totals.years} {'year' if totals.years == 1 else 'years'}"
    own = placement[placement["own_role"]]
    rules = [f"  {r.label}: {r.verdict}, {r.rule}" for r in own.itertuples()]
    deals = negotiated_text(points) if points is not None else []
    extra = []
    if leave_month is not None:
        paid = leave_after(offer, leave_month)
        extra.append(
            f"Paid on leaving after month {int(leave_month)}: "
            f"{'at least ' * bool(totals.missing)}{money(paid['total'])} (equity vested "
            f"{NOT_VALUED if paid.isna()['equity'] else money(paid['equity'])})."
        )
    if price_changes is not None and offer.valued:
        ends = price_scenarios(offer, price_changes).groupby("price_change_pct").last()
        extra.append(
            f"Cumulative over {span} by yearly share-price change (assumptions, not forecasts): "
            + ", ".join(
                f"{percent(c, signed=True)} {money(v)}" for c, v in ends["cumulative"].items()
            )
            + "."
        )
    lines = [
        plain(offer.describe()),
        "",
        f"Where it falls in the {plain(offer.level)} bands",
        placement_table(placement).drop(columns="Rule").map(plain).to_string(index=False),
        "",
        f"Verdicts on the {plain(offer.role)} {plain(offer.level)} bands, by rule:",
        *map(plain, rules),
        "",
        f"Year by year (equity as it vests: {plain(vesting_text(offer))})",
        years_table(years).to_string(index=False),
        "",
        f"{total_label('Year 1', totals.missing)}: {money(totals.first_year)}. "
        f"Steady state: {steady_state_text(totals)}. "
        f"Cumulative over {span}: {money(totals.cumulative)}."
        + (" Each total is a lower bound." if totals.missing else ""),
        *map(plain, extra),
        *(
            ["Negotiation outcomes the sources report (single cases, not advice):"]
            + [plain(f"  {d}") for d in deals]
            if deals
            else []
        ),
        f"Bands as the sources state them: {plain('; '.join(cited))}. Offer terms as given here.",
    ]
    return "\n".join(lines)


def comparison_table(comparison: pd.DataFrame, *, leave_month: int = 12) -> pd.DataFrame:
    """Offers side by side for reading: one row per offer, money as "$387k", "at least" where
    a part is left out (named in "Leaves out"), "not valued" for equity not in dollars.

    Parameters
    ----------
    comparison : DataFrame
        As :func:`wbroles.compare.compare_offers` returns it.
    leave_month : int
        The month of its leave_after column, for the heading.
    """
    years = [c for c in comparison if c.startswith("year_")]
    money_columns = [*years, "first_year", "four_years", "leave_after"]
    least = comparison["missing"].ne("").map({True: "at least ", False: ""})
    table = comparison[money_columns].map(money).radd(least, axis=0)
    table = table.mask(comparison[money_columns].isna(), "not stated")
    vesting = (
        comparison["next_12_months"]
        .map(money)
        .where(comparison["next_12_months"].notna(), NOT_VALUED)
    )
    headings = {f"year_{y}": f"Year {y}" for y in range(1, len(years) + 1)}
    headings |= {
        "first_year": "First year",
        "four_years": "4-year total",
        "leave_after": f"Leaving after month {int(leave_month)}",
    }
    out = pd.DataFrame(
        {"Offer": comparison["label"], "Role": comparison["role"] + " " + comparison["level"]}
    )
    out = out.join(table.rename(columns=headings))
    out.insert(out.columns.get_loc("First year") + 1, "Equity vesting, next 12 months", vesting)
    return out.assign(**{"Leaves out": comparison["missing"].replace("", "nothing")})


def differences_table(differences: pd.DataFrame, *, margin_pct: float = 2.0) -> pd.DataFrame:
    """Each pair of offers and measure: A, B, Measure, Difference ("+$71.4k"), Percent of B,
    and whether they are within the margin ("close within 2%").

    Parameters
    ----------
    differences : DataFrame
        As :func:`wbroles.compare.offer_differences` returns it.
    margin_pct : float
        The margin used, for the words.
    """
    from .compare import MEASURES

    close = (
        differences["close"]
        .map(
            {
                True: f"close (within {percent(margin_pct)})",
                False: f"not close (over {percent(margin_pct)})",
            }
        )
        .where(differences["difference_pct"].notna(), "not comparable")
    )
    return pd.DataFrame(
        {
            "A": differences["label_a"],
            "B": differences["label_b"],
            "Measure": differences["measure"].map(MEASURES),
            "Difference": differences["difference"].map(signed_money),
            "Percent of B": differences["difference_pct"].map(
                lambda p: percent(p, digits=1, signed=True)
            ),
            "Close": close,
        }
    )
