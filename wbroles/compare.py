"""Offers as people weigh them: private-company equity valued only with the user's valuation,
always as a low-high range with its assumptions (:class:`Valuation`, :func:`valued`), and
several offers side by side (:func:`compare_offers`, :func:`offer_differences`), read from an
offers file (:func:`read_offers`: CSV or YAML, one labelled offer a row)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from .errors import ParameterError
from .format import money, number, percent, to_number
from .offer import Offer, leave_after, offer_from_params, offer_months, offer_years
from .offer import offer_totals as _totals
from .params import coerce
from .paths import EXAMPLES_DIR

CLOSE_MARGIN_PCT = 2.0  # two offers within this percent of each other are "close"
EXAMPLE_OFFERS = EXAMPLES_DIR / "offers_fictitious.csv"  # made up, each label says so


@dataclass(frozen=True)
class Valuation:
    """The user's valuation, checked on construction (each error names its field).

    Parameters
    ----------
    company_value_low, company_value_high : float, optional
        The company's value in US dollars, for a grant given as a share of the company.
    price_low, price_high : float, optional
        The price per share in US dollars, for a grant given as options or RSUs.
    strike : float, optional
        The options' exercise price per share (None: RSUs, worth the whole price).
    dilution_pct, rounds : float, int
        Each future round dilutes a share of the company by ``dilution_pct`` (0 up to, not
        including, 100), over ``rounds`` rounds (default none).
    """

    company_value_low: float | None = None
    company_value_high: float | None = None
    price_low: float | None = None
    price_high: float | None = None
    strike: float | None = None
    dilution_pct: float = 0.0
    rounds: int = 0

    def __post_init__(self):
        for name in (
            "company_value_low",
            "company_value_high",
            "price_low",
            "price_high",
            "strike",
        ):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, to_number(name, getattr(self, name)))
                if getattr(self, name) < 0:
                    raise ParameterError(f"{name}: {number(getattr(self, name))} is below 0")
        for kind in ("company_value", "price"):
            low, high = getattr(self, f"{kind}_low"), getattr(self, f"{kind}_high")
            if (low is None) != (high is None):
                raise ParameterError(f"{kind}: give both {kind}_low and {kind}_high (a range)")
            if low is not None and low > high:
                raise ParameterError(
                    f"{kind}_low: {number(low)} is above {kind}_high {number(high)}"
                )
        dilution = to_number("dilution_pct", self.dilution_pct)
        if not 0 <= dilution < 100:
            raise ParameterError(
                f"dilution_pct: {number(dilution)} is outside the rule: from 0 to under 100 "
                "(a round cannot dilute the whole company)"
            )
        object.__setattr__(self, "dilution_pct", dilution)
        object.__setattr__(self, "rounds", coerce("rounds", self.rounds, "int"))
        if self.rounds < 0:
            raise ParameterError(f"rounds: {self.rounds} is below 0")


def valued(offer: Offer, valuation: Valuation) -> tuple[Offer, Offer, str]:
    """The offer with its equity share or units in dollars at the low and the high end of
    ``valuation``, and the assumptions in words; ParameterError when the valuation does not
    fit the grant (a share needs a company value, units a price per share).

    Parameters
    ----------
    offer : Offer
        An offer whose equity is not valued (``equity_share`` or ``equity_units``).
    valuation : Valuation
        The user's valuation.
    """
    v = valuation
    kept = (1 - v.dilution_pct / 100) ** v.rounds
    diluted = (
        f", diluted {percent(v.dilution_pct)} in each of {v.rounds} future rounds "
        f"(keeping {percent(kept * 100, digits=1)})"
        if v.rounds and v.dilution_pct
        else ", no dilution assumed"
    )
    if offer.equity_share is not None:
        if v.company_value_low is None:
            raise ParameterError(
                "company_value_low: a share of the company needs a company value "
                "(company_value_low and company_value_high) to be valued"
            )
        ends = [
            offer.equity_share / 100 * c * kept for c in (v.company_value_low, v.company_value_high)
        ]
        text = (
            f"{percent(offer.equity_share)} of a company valued {money(v.company_value_low)} to "
            f"{money(v.company_value_high)}{diluted}"
        )
    elif offer.equity_units is not None:
        if v.price_low is None:
            raise ParameterError(
                "price_low: options or RSUs need a price per share (price_low and price_high)"
            )
        strike = v.strike or 0.0
        ends = [offer.equity_units * max(p - strike, 0.0) for p in (v.price_low, v.price_high)]
        kind = f"options at a strike of {money(strike)}" if v.strike is not None else "RSUs"
        text = (
            f"{number(offer.equity_units)} {kind}, a share price of {money(v.price_low)} to "
            f"{money(v.price_high)} (no dilution: a price per share is after it)"
        )
    else:
        raise ParameterError("valuation: the offer's equity is already in dollars")
    low, high = (replace(offer, equity_share=None, equity_units=None, equity_total=e) for e in ends)
    return low, high, f"Equity valued {money(ends[0])} to {money(ends[1])}: {text}"


def compare_offers(offers: dict[str, Offer], *, leave_month: int = 12) -> pd.DataFrame:
    """One row per offer: label, role, level, year_1..year_N (total pay each year),
    first_year, next_12_months (equity vesting in months 1-12), four_years (pay in months
    1-48), leave_after (pay on leaving after ``leave_month``) and missing (the parts left out:
    the money columns are then lower bounds).

    Parameters
    ----------
    offers : dict of str to Offer
        The offers by label.
    leave_month : int
        Months worked for ``leave_after`` (default 12).
    """
    rows = []
    for label, offer in offers.items():
        months, years = offer_months(offer), offer_years(offer)
        rows.append(
            {
                "label": label,
                "role": offer.role,
                "level": offer.level,
                **{f"year_{int(y)}": t for y, t in zip(years["year"], years["total"], strict=True)},
                "first_year": years["total"].iloc[0],
                "next_12_months": months["equity"].iloc[:12].sum(min_count=1),
                "four_years": months["total"].iloc[:48].sum(),
                "leave_after": leave_after(offer, min(leave_month, 12 * offer.years))["total"],
                "missing": ", ".join(_totals(years).missing),
            }
        )
    return pd.DataFrame(rows)


MEASURES = {
    "first_year": "First year",
    "next_12_months": "Equity vesting in the next 12 months",
    "four_years": "4-year total",
    "leave_after": "Paid on leaving after month N",
}


def offer_differences(comparison: pd.DataFrame, *, margin_pct: float = CLOSE_MARGIN_PCT):
    """Each pair of offers (a before b; not the low and high end of one offer) and measure:
    difference a - b in dollars and in percent of b, and close (within ``margin_pct``
    percent); NaN where a part is not known.

    Parameters
    ----------
    comparison : DataFrame
        As :func:`compare_offers` returns it.
    margin_pct : float
        The margin for "close", percent (default 2; 0 to 100).
    """
    margin = to_number("margin_pct", margin_pct, "pct")
    long = comparison.melt(id_vars="label", value_vars=list(MEASURES), var_name="measure")
    pairs = long.merge(long, on="measure", suffixes=("_a", "_b"))
    order = {label: i for i, label in enumerate(comparison["label"])}
    pairs = pairs[pairs["label_a"].map(order) < pairs["label_b"].map(order)]
    same = pairs["label_a"].str.replace(r" \(low\)$", "", regex=True)  # one offer's two ends
    pairs = pairs[same != pairs["label_b"].str.replace(r" \(high\)$", "", regex=True)]
    diff = pairs["value_a"] - pairs["value_b"]
    pct = diff / pairs["value_b"].where(pairs["value_b"] != 0) * 100
    return pairs.assign(difference=diff, difference_pct=pct, close=pct.abs() <= margin).reset_index(
        drop=True
    )


def read_offers(path: str | Path, comp: pd.DataFrame) -> dict[str, Offer]:
    """The offers of an offers file, by label: CSV (a header row, one offer a row) or YAML (a
    list of mappings), each with a ``label`` and the terms of :class:`Offer`; every error
    names the offer (its label or row) and the field.

    Parameters
    ----------
    path : str or Path
        The file (.csv, .yaml or .yml).
    comp : DataFrame
        The bands, to check each offer's company, role and level.
    """
    import yaml

    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ParameterError(f"offers file {path.name}: expected a list of offers (mappings)")
        rows = [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in rows]
    elif path.suffix.lower() == ".csv":
        rows = pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records")
    else:
        raise ParameterError(f"offers file {path.name}: give a .csv, .yaml or .yml file")
    if not rows:
        raise ParameterError(f"offers file {path.name}: holds no offers")
    offers: dict[str, Offer] = {}
    for row_number, row in enumerate(rows, start=1):
        label = str(row.pop("label", "") or "").strip()
        if not label:
            raise ParameterError(
                f"offers file row {row_number}: label is missing; each offer needs one"
            )
        if label in offers or f"{label} (low)" in offers:
            raise ParameterError(
                f"offer '{label}' (row {row_number}): label is a duplicate; each label once"
            )
        terms = {k: v for k, v in row.items() if str(v).strip() != ""}
        worth = {f.name: terms.pop(f.name) for f in fields(Valuation) if f.name in terms}
        try:
            offer = offer_from_params(comp, **terms)
            if worth:  # a range: the offer at the low and at the high end of the valuation
                low, high, _ = valued(offer, Valuation(**worth))
                offers |= {f"{label} (low)": low, f"{label} (high)": high}
            else:
                offers[label] = offer
        except ParameterError as err:
            raise ParameterError(f"offer '{label}' (row {row_number}): {err}") from None
    return offers


def cumulative_pay(offers: dict[str, Offer]) -> pd.DataFrame:
    """Cumulative pay month by month for each offer: label, role, company, month, cumulative
    (the known parts) and lower_bound (a part left out).

    Parameters
    ----------
    offers : dict of str to Offer
        The offers by label.
    """
    frames = [
        offer_months(o)[["month", "cumulative"]].assign(
            label=label,
            role=o.role,
            company=o.company,
            lower_bound=bool(_totals(offer_years(o)).missing),
        )
        for label, o in offers.items()
    ]
    return pd.concat(frames, ignore_index=True)
