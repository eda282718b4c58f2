"""Findings in words, with every number computed from the data (never typed in).

Each function takes frames and returns an ``IPython.display.Markdown`` object, so that a
notebook cell is one call. Text from the data goes through ``format.markdown_text``: a data
file cannot add a link, emphasis, markup or a maths span to a report.
"""

from __future__ import annotations

import pandas as pd

from . import offer as _offer
from .derive import reconciliation, role_gap
from .format import NO_MATH, band, label, money, percent, signed_money, source_label
from .format import markdown_text as _e
from .observations import is_synthetic
from .tables import where_text

# How a placement reads in a sentence, by case (``tables.where_text``): {role} and {band} are
# the band's role and range, {gap} the distance from its end, {pct} the percent of the way up.
WHERE = {
    "below": "below the {role} band of {band} ({gap} under its low end)",
    "above": "above the {role} band of {band} ({gap} over its top)",
    "at_or_above_floor": _offer.OPEN_FLOOR_TEXT + " for {role} ({band})",
    "open": "inside the {role} band of {band} ({gap} over its low end)",
    "inside": "inside the {role} band of {band} ({pct:.0f}% of the way up)",
    "low_end": "inside the {role} band of {band} (at its low end)",
    "top": "inside the {role} band of {band} (at its top)",
    "not_stated": "not placed for {role} (not stated)",
    "not_valued": "not placed for {role} (not valued)",
}


def markdown(text: str):
    """IPython Markdown that no maths typesetter touches: every "$" escaped (two amounts such
    as "$190k ... $280k" would be read as a LaTeX span) and the text in a block that
    JupyterLab's MathJax skips (it scans the page after Markdown has turned "\\$" into "$")."""
    from IPython.display import Markdown

    escaped = text.replace("$", "\\$")
    return Markdown(f'<div class="{NO_MATH}">\n\n{escaped}\n\n</div>')


def _band(row) -> str:
    text = band(row["low"], row["high"], open_high=bool(row["open_high"]), unit=row["unit"])
    return text + (" of base" if row["unit"] == "pct_of_base" else "")


def _difference(value: float, pct: float, unit: str) -> str:
    if value == 0:
        return "level with"
    side = "above" if value > 0 else "below"
    if unit == "pct_of_base":
        return f"{abs(value):g} percentage points {side}"
    return f"{money(abs(value))} ({abs(pct):.1f}%) {side}"


def compensation_findings(
    data: dict[str, pd.DataFrame],
    *,
    company: str,
    level: str,
    component: str = "total",
    role: str = "PM",
    versus: str = "TPM",
):
    """Two or three sentences on one level: the role gap and the stated-vs-derived gap."""
    comp = data["compensation"]
    comp = comp[comp["company"] == company]
    levels = data["levels"]
    title = levels.loc[(levels["company"] == company) & (levels["level"] == level), "title"]
    name = f"{_e(level)} ({_e(title.iloc[0])})" if len(title) else _e(level)
    what = label(component).lower()
    sentences = []
    gaps = role_gap(comp, role=role, versus=versus)
    gap = gaps[(gaps["level"] == level) & (gaps["component"] == component)]
    bands = comp[(comp["level"] == level) & (comp["component"] == component)].set_index("role")
    if len(gap) and role in bands.index and versus in bands.index:
        g = gap.iloc[0]
        ours, theirs = _band(bands.loc[role]), _band(bands.loc[versus])
        if g["diff_low"] == 0 and g["diff_high"] == 0:
            sentences.append(
                f"At {name}, the {_e(role)} and {_e(versus)} {what} bands are the same ({ours})."
            )
        else:
            sentences.append(
                f"At {name}, the {_e(role)} {what} band ({ours}) starts "
                f"{_difference(g['diff_low'], g['diff_low_pct'], g['unit'])} the {_e(versus)} "
                f"band ({theirs}); at the top it is "
                f"{_difference(g['diff_high'], g['diff_high_pct'], g['unit'])} it."
            )
        if g["high_open"]:
            sentences.append(
                "At least one upper bound is open (\u201c+\u201d in the source), so the top-end "
                "difference compares stated floors of open ranges, not true maxima."
            )
    else:
        sentences.append(f"The data holds no {_e(role)} and {_e(versus)} {what} bands at {name}.")
    recon = reconciliation(comp)
    if len(recon):
        gaps = recon[["gap_low_pct", "gap_high_pct"]].set_axis(["low", "high"], axis=1)
        row, bound = gaps.abs().stack().idxmax()
        worst = recon.loc[row]
        derived, stated = worst[f"derived_{bound}"], worst[f"stated_{bound}"]
        sentences.append(
            "The stated totals are not the sums of their parts: base + bonus + equity differs "
            f"from the stated bound by {gaps.min().min():+.1f}% to {gaps.max().max():+.1f}%, "
            f"most at the {bound} end of {_e(worst['role'])} {_e(worst['level'])} "
            f"({money(derived)} against a stated {money(stated)})."
        )
    return markdown(" ".join(sentences))


def skills_findings(data: dict[str, pd.DataFrame], *, company: str, roles: list[str]):
    """Where the roles' emphasis meets and where it parts, axis by axis."""
    skills = data["skills"]
    skills = skills[(skills["company"] == company) & skills["role"].isin(roles)]
    wide = skills.pivot_table(index="skill", columns="role", values="score", observed=True)
    order = data["skill_axes"].set_index("skill")["axis_order"]
    wide = wide.loc[[s for s in order.sort_values().index if s in wide.index]]
    if len(roles) < 2 or wide.shape[1] < 2:
        return markdown("Only one role is selected; there is nothing to compare.")
    first, second = roles[0], roles[1]
    diff = wide[first] - wide[second]
    shared, lean_first, lean_second = (wide.index[d] for d in (diff == 0, diff > 0, diff < 0))

    def listed(items):
        return ", ".join(f"*{_e(i)}*" for i in items) or "no axis"

    return markdown(
        f"On {len(wide)} shared axes, the articles give {_e(first)} and {_e(second)} the same "
        f"emphasis on {listed(shared)}; {_e(first)} leans further on {listed(lean_first)}, "
        f"{_e(second)} on {listed(lean_second)}. Scores are an encoding of the articles' prose "
        "(1 peripheral, 2 required, 3 core); the evidence for each is in the table below."
    )


def interview_findings(data: dict[str, pd.DataFrame], *, company: str, roles: list[str]):
    """Loop sizes, rounds in common, the process length and the rubric's top weight, from the
    tables in ``data``, for one ``company`` and the chosen ``roles``."""
    rounds = data["interview_rounds"]
    rounds = rounds[(rounds["company"] == company) & rounds["role"].isin(roles)]
    sources = data["sources"].set_index("source_id")
    sentences = []
    for source_id, loops in rounds.groupby("source_id", sort=False):
        counts = loops.groupby("role", observed=True)["round"].count()
        parts = [f"{_e(r)} {n} rounds" for r, n in counts.items()]
        names = [set(loops[loops["role"] == r]["round"]) for r in counts.index]
        keyword = _e(sources.at[source_id, "keyword"])
        line = f"The \u201c{keyword}\u201d article lists {' and '.join(parts)}"
        if len(names) > 1:
            common = ", ".join(_e(c) for c in sorted(set.intersection(*names)))
            line += f"; in common: {common or 'none'}"
        sentences.append(line + ".")
    process = data["interview_process"]
    process = process[(process["company"] == company) & process["role"].isin(roles)]
    for (role, _source_id), rows in process.groupby(["role", "source_id"], observed=True):
        values = rows.set_index("measure")["value"]
        if {"rounds", "duration"} <= set(values.index):
            sentences.append(
                f"For {_e(role)}s it gives the process as {values['rounds']:g} rounds over "
                f"{values['duration']:g} days (no per-round dates are stated)."
            )
    rubric = data["rubric"]
    rubric = rubric[(rubric["company"] == company) & rubric["role"].isin(roles)]
    for (role, round_name), rows in rubric.groupby(["role", "round"], observed=True):
        top = rows.sort_values("weight_pct", ascending=False).iloc[0]
        sentences.append(
            f"The {_e(role)} {_e(round_name.lower())} round is scored {top['weight_pct']:g}% on "
            f"{_e(top['criterion'].lower())}, the largest of {len(rows)} weights "
            f"(they add up to {rows['weight_pct'].sum():g}%)."
        )
    return markdown(" ".join(sentences))


def no_observations():
    """The overview's note where no observations file was given."""
    return markdown(
        "No observations file was given (parameter `observations`): this section shows "
        "individual data points, such as offers you collected, beside the published bands."
    )


def observations_findings(
    summary: pd.DataFrame, *, company: str, sources: pd.DataFrame | None = None
):
    """How many observations, how many groups are too thin to show, and the median totals.

    ``summary`` is ``wbroles.summarize_observations``'s (every component: base, which every
    row reports, counts the rows); ``sources``, the sources the company's rows cite, tells
    whether the data is synthetic.
    """
    mine = summary[summary["company"] == company]
    cited = [] if sources is None else sources["source_id"].astype(str)
    note = " (synthetic example data, not real offers)" if is_synthetic(sources, cited) else ""
    totals = mine[mine["component"] == "total"]
    shown = totals[totals["suppressed"].isna()]
    thin = totals[totals["suppressed"].notna()]
    rows = int(mine.loc[mine["component"] == "base", "n"].sum())
    sentences = [
        f"{rows:,} observations of {_e(company)}{note} in {len(totals)} role and level groups."
    ]
    if len(thin):
        groups = ", ".join(f"{_e(r.role)} {_e(r.level)}" for r in thin.itertuples())
        sentences.append(
            f"{len(thin)} group(s) hold too few to summarise ({groups}): they are shown as "
            f"\u201c{_e(thin['suppressed'].iloc[0])}\u201d, never as numbers."
        )
    if len(shown):
        medians = "; ".join(
            f"{_e(r.role)} {_e(r.level)} {money(r.p50)} (n = {r.n})" for r in shown.itertuples()
        )
        sentences.append(f"Median total compensation: {medians}.")
    return markdown(" ".join(sentences))


# --- offers: the words of an offer check (wbroles.offer) ----------------------------------------


def _year_one(years, totals) -> str:
    """Why year 1 differs from the steady state: the sign-on and the vesting schedule."""
    if totals.steady_state is None:
        return "With a one-year schedule the whole grant and sign-on fall in year 1"
    later = len(years) - 1
    parts = [
        f"{signed_money(first - sum(rest) / later)} from {what}"
        for what, (first, *rest) in [
            ("the sign-on", years["sign_on"].tolist()),
            ("the vesting schedule", years["equity"].tolist()),
        ]
        if abs(first - sum(rest) / later) > _offer.MONEY_TOLERANCE
    ]
    diff = totals.first_year - totals.steady_state
    if abs(diff) <= _offer.MONEY_TOLERANCE:
        why = f"({' and '.join(parts)} cancel out)" if parts else "(no sign-on, even vesting)"
        return f"Year 1 pays the same as the average later year {why}"
    side = "more" if diff > 0 else "less"
    return f"Year 1 pays {money(abs(diff))} {side} than the steady state ({', '.join(parts)})"


@_offer.docs
def offer_findings(offer, comp: pd.DataFrame):
    """Two sentences, every number computed: where the offer's total falls in year 1 and in
    the steady state against each role's band, what makes year 1 differ (sign-on, vesting),
    and where the base falls; a third when no equity is counted.

    Parameters
    ----------
    {offer}
    {comp}
    """
    offer = _offer.check_offer(offer, comp)
    placement = _offer.place_offer(offer, comp)
    years = _offer.offer_years(offer)
    totals = _offer.offer_totals(years)

    def places(measure: str) -> str:
        rows = placement[placement["measure"] == measure].itertuples()
        texts = [where_text(r, WHERE, role=_e(r.role)) for r in rows]
        return " and ".join(texts) or "not comparable"

    who, pays = f"{_e(offer.role)} {_e(offer.level)}", money(totals.first_year)
    if totals.missing:
        pays = f"at least {pays} (without {' and '.join(totals.missing)})"
    if totals.steady_state is None:
        first = f"In year 1 this {who} offer pays {pays}, {places('total_first_year')}; its "
        first += "schedule has one year, so a steady state (years 2 on) is undefined."
    elif abs(totals.first_year - totals.steady_state) <= _offer.MONEY_TOLERANCE:
        first = f"This {who} offer pays {pays} in each of its {totals.years} years, "
        first += f"{places('total_first_year')}."
    else:
        first = f"In year 1 this {who} offer pays {pays}, {places('total_first_year')}; from "
        first += f"year 2 on it averages {'at least ' * bool(totals.missing)}"
        first += f"{money(totals.steady_state)}, "
        first += f"{places('total_steady_state')}."
    second = _year_one(years, totals)
    if (placement["measure"] == "base").any():
        second += f"; the base of {money(offer.base)} is {places('base')}"
    sentences = [first, second + "."]
    if totals.missing:
        sentences.append(
            f"Each total is a lower bound: it leaves out {' and '.join(totals.missing)}, "
            "so neither is placed and a total under a band's low end cannot be placed either."
        )
    elif offer.grant == 0:
        sentences.append(
            "No equity is counted (it is $0 here), so the equity and total placements leave "
            "any equity grant out."
        )
    return markdown(" ".join(sentences))


@_offer.docs
def leaving_note(offer, month):
    """What leaving after ``month`` pays, part by part, beside the whole schedule; a part not
    stated or not valued is named, and the totals are then lower bounds.

    Parameters
    ----------
    {offer}
    month : int
        Months worked (``params.coerce``).
    """
    paid, full = _offer.leave_after(offer, month), _offer.leave_after(offer, 12 * offer.years)
    missing = _offer.offer_totals(_offer.offer_years(offer)).missing
    least = "at least " if missing else ""
    shown = {n: money(paid[n]) for n in ("base", "bonus", "equity")}
    shown["equity"] = shown["equity"] if offer.valued else _offer.NOT_VALUED
    parts = f"base {shown['base']}, bonus {shown['bonus']}, equity vested {shown['equity']}"
    cliff = f" (the cliff is month {offer.cliff_months})" if offer.cliff_months else ""
    text = (
        f"Leaving after month {int(month)} pays {least}{money(paid['total'])}: "
        f"{parts}, sign-on {money(paid['sign_on'])}{cliff}. The whole {12 * offer.years}-month "
        f"schedule pays {least}{money(full['total'])}, with {_e(_offer.vesting_text(offer))}."
    )
    if missing:
        text += f" Both leave out {' and '.join(missing)}."
    return markdown(text)


@_offer.docs
def reference_note(data: dict[str, pd.DataFrame], offer):
    """What the notebook's defaults are (the offer a source reports, read from the data; a
    bonus it does not state is not stated, an equity share without valuation not valued)
    and whether this run uses them.

    Parameters
    ----------
    {data}
    {offer}
    """
    try:
        reported = _offer.reported_offer(data, company=offer.company)
    except ValueError as err:
        return markdown(f"No single reported offer to compare with: {_e(err)}.")
    about = set(reported["approximate"])
    stated = [
        f"{words} {'about ' if name in about else ''}"
        + (f"{percent(reported[name])} of base" if name == "bonus" else money(reported[name]))
        for name, words in [
            ("base", "base salary"),
            ("bonus", "target bonus"),
            ("equity_annual", "equity a year"),
            ("sign_on", "sign-on"),
        ]
        if reported[name] is not None
    ]
    if reported["equity_share"] is not None:
        stated.append(f"equity of {percent(reported['equity_share'])} of the company")
    cited = _e(source_label(reported["source_id"], data["sources"]))
    text = (
        f"The parameter defaults (None) take the {_e(reported['role'])} "
        f"{_e(reported['level'])} offer reported in {cited}: {', '.join(stated)}."
    )
    if reported["bonus"] is None:
        text += " The source states no bonus, so the bonus is not stated (never 0%)."
    if reported["equity_share"] is not None and reported["equity_annual"] is None:
        text += (
            " The equity is a share of the company and the source gives no valuation, so it is "
            "not valued (never $0); each total below leaves it out and is a lower bound."
        )
    terms = _offer.reported_terms(reported)
    if offer == _offer.check_offer(_offer.Offer(**terms), data["compensation"]):
        text += " This run uses those values."
    else:
        text += f" This run checks a different offer: {_e(offer.describe())}."
    return markdown(text)
