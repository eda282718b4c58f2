"""Checking an offer against the published bands: pay year by year, and where each part falls.

An :class:`Offer` holds the terms (role, level, base, target bonus, equity, sign-on) and checks
them on construction; :func:`check_offer` checks its role, level and company against the data.
From there:

- :func:`offer_years`: total compensation for each vesting year, as a tidy frame;
  :func:`offer_totals`: first year, steady state (the average of years 2..N) and the cumulative
  total.
- :func:`place_offer`: for base, bonus (% of base), equity per year and total (first year and
  steady state), whether the offer is below, inside (with its position, 0-100 %) or above the
  band of its level, for its own role and for every other role. Against an open upper bound
  ("$650,000+") a value above the stated top is "at or above the stated floor of the open
  range": such a range has no top, so no percent of it is given.
- :func:`reference_points`: the offer and the negotiation outcomes that the sources report,
  with their quotes, as reported cases, not advice.

Equity reported as a share of the company (0.05 %) has no dollar value without a valuation,
which the sources do not give; it is named, never converted.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from .narrative import markdown
from .plots.style import money, money_range, source_names

__all__ = [
    "ANNUAL_EQUITY_YEARS",
    "MEASURES",
    "OPEN_FLOOR_TEXT",
    "POSITIONS",
    "VESTING_SCHEDULES",
    "Offer",
    "OfferTotals",
    "check_offer",
    "offer_findings",
    "offer_from_params",
    "offer_text",
    "offer_totals",
    "offer_years",
    "place_offer",
    "place_value",
    "placement_table",
    "reference_note",
    "reference_points",
    "reference_table",
    "reported_offer",
    "vesting_schedule",
    "years_table",
]

# Yearly percentages of the grant that vest, by name.
VESTING_SCHEDULES: dict[str, tuple[float, ...]] = {
    "even": (25.0, 25.0, 25.0, 25.0),
    "front": (40.0, 30.0, 20.0, 10.0),
    "back": (5.0, 15.0, 40.0, 40.0),
}
DEFAULT_VESTING = "even"
# An annual equity value is paid over this many years: the length of the named schedules.
ANNUAL_EQUITY_YEARS = 4
# How far a schedule may be from 100 % and still count as whole (float sums of thirds etc.).
VESTING_TOLERANCE = 1e-9
# Money sums compared to the cent.
MONEY_TOLERANCE = 0.005

# Where a value falls in a band; "at_or_above_floor" only against an open upper bound.
POSITIONS = ("below", "inside", "above", "at_or_above_floor")
OPEN_FLOOR_TEXT = "at or above the stated floor of the open range"

# What of the offer is compared with which band, in display order.
MEASURES = {
    "base": ("base", "Base salary"),
    "bonus_pct": ("bonus", "Target bonus (% of base)"),
    "equity_per_year": ("equity", "Equity per year (average vest)"),
    "total_first_year": ("total", "Total, year 1"),
    "total_steady_state": ("total", "Total, steady state"),
}


# --- the offer ---------------------------------------------------------------------------------


def _number(name: str, value) -> float:
    """A finite real number (not a bool), else a ValueError naming the field."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def _money(name: str, value) -> float:
    value = _number(name, value)
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value:g} (US dollars)")
    return value


def vesting_schedule(spec: str | Sequence[float] | None = None) -> tuple[float, ...]:
    """Yearly vesting percentages from a name, a list, or comma-separated text.

    ``"even"`` (25/25/25/25, the default for ``None``), ``"front"`` (40/30/20/10), ``"back"``
    (5/15/40/40), any list of yearly percentages such as ``[50, 50]``, or the same as text,
    ``"40,30,20,10"``. The schedule must be non-empty, have no negative year and add up to 100
    (within 1e-9); otherwise ``ValueError`` names the problem.
    """
    if spec is None:
        spec = DEFAULT_VESTING
    if isinstance(spec, str):
        text = spec.strip()
        if text.lower() in VESTING_SCHEDULES:
            return VESTING_SCHEDULES[text.lower()]
        try:
            spec = [float(part) for part in text.split(",") if part.strip()]
        except ValueError:
            raise ValueError(
                f"vesting must be one of {', '.join(VESTING_SCHEDULES)} or yearly percentages "
                f"such as 40,30,20,10; got {text!r}"
            ) from None
    elif not isinstance(spec, Sequence):
        raise ValueError(
            f"vesting must be a schedule name ({', '.join(VESTING_SCHEDULES)}) or a list of "
            f"yearly percentages, got {spec!r}"
        )
    years = tuple(_number(f"vesting year {i}", pct) for i, pct in enumerate(spec, start=1))
    if not years:
        raise ValueError("vesting schedule is empty: give at least one yearly percentage")
    negative = [i for i, pct in enumerate(years, start=1) if pct < 0]
    if negative:
        raise ValueError(
            f"vesting schedule has a negative year (year {negative[0]}: "
            f"{years[negative[0] - 1]:g}%); every year must vest 0% or more"
        )
    total = math.fsum(years)
    if abs(total - 100) > VESTING_TOLERANCE:
        raise ValueError(
            f"vesting schedule {_pcts(years)} adds up to {total:g}%, not 100%: it must vest "
            "the whole grant"
        )
    return years


def _pcts(years: Sequence[float]) -> str:
    return "/".join(f"{p:g}" for p in years)


def _vesting_name(years: tuple[float, ...]) -> str:
    for name, schedule in VESTING_SCHEDULES.items():
        if years == schedule:
            return f"{name} {_pcts(years)}"
    return _pcts(years)


@dataclass(frozen=True)
class Offer:
    """The terms of one offer, checked on construction (each error names its field).

    Parameters
    ----------
    role, level : str
        Codes as in the data ("PM", "L5"); :func:`check_offer` checks them against the bands.
    base : float
        Base salary, US dollars a year.
    bonus_pct : float
        Target bonus, percent of base (0-100).
    equity_total : float, optional
        The whole equity grant in dollars, vested by ``vesting`` over its years.
    vesting : str or list of float, optional
        How ``equity_total`` vests: "even" (default), "front", "back", yearly percentages
        such as ``[40, 30, 20, 10]`` or the text "40,30,20,10". See :func:`vesting_schedule`.
    equity_annual : float, optional
        Equity per year in dollars, instead of ``equity_total``: the same value each year for
        ``ANNUAL_EQUITY_YEARS`` (4) years, as an even 4-year schedule of 4 x that value would
        pay. Give exactly one of ``equity_total`` and ``equity_annual`` (0 for no equity).
    sign_on : float
        Sign-on bonus in dollars, paid in year 1 unless ``sign_on_schedule`` spreads it.
    sign_on_schedule : list of float, optional
        Sign-on dollars paid in years 1, 2, ...; must add up to ``sign_on`` and fit within
        the vesting years.
    company : str, optional
        The company whose bands apply; ``None``: the data's only company.
    """

    role: str
    level: str
    base: float
    bonus_pct: float = 0.0
    equity_total: float | None = None
    vesting: str | Sequence[float] | None = None
    equity_annual: float | None = None
    sign_on: float = 0.0
    sign_on_schedule: Sequence[float] | None = None
    company: str | None = None

    def __post_init__(self):
        for name in ("role", "level"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{name} must be a code such as 'PM' or 'L5', got {value!r}")
        if self.company is not None and not isinstance(self.company, str):
            raise ValueError(f"company must be text or None, got {self.company!r}")
        set_ = object.__setattr__  # normalised values in a frozen dataclass
        set_(self, "base", _money("base", self.base))
        set_(self, "sign_on", _money("sign_on", self.sign_on))
        bonus = _number("bonus_pct", self.bonus_pct)
        if not 0 <= bonus <= 100:
            raise ValueError(
                f"bonus_pct must be between 0 and 100 (percent of base), got {bonus:g}"
            )
        set_(self, "bonus_pct", bonus)

        given = [n for n in ("equity_total", "equity_annual") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of equity_total (a grant vested by a schedule) and "
                "equity_annual (the same value each year); "
                + (
                    "both were given"
                    if given
                    else "neither was given (use equity_total=0 for an offer without equity)"
                )
            )
        set_(self, given[0], _money(given[0], getattr(self, given[0])))
        if self.equity_annual is not None:
            if (
                self.vesting is not None
                and vesting_schedule(self.vesting) != VESTING_SCHEDULES["even"]
            ):
                raise ValueError(
                    "vesting applies to equity_total; equity_annual vests the same value every "
                    f"year for {ANNUAL_EQUITY_YEARS} years. For a {self.vesting!r} schedule, "
                    "give the whole grant as equity_total"
                )
            set_(self, "vesting", None)
        else:
            # Keep a schedule's name ("front"); store any other schedule as its percentages.
            schedule = vesting_schedule(self.vesting)
            if self.vesting is None:
                set_(self, "vesting", DEFAULT_VESTING)
            elif (
                isinstance(self.vesting, str) and self.vesting.strip().lower() in VESTING_SCHEDULES
            ):
                set_(self, "vesting", self.vesting.strip().lower())
            else:
                set_(self, "vesting", schedule)

        if self.sign_on_schedule is not None:
            if isinstance(self.sign_on_schedule, str) or not isinstance(
                self.sign_on_schedule, Sequence
            ):
                raise ValueError(
                    f"sign_on_schedule must be a list of dollars per year, got "
                    f"{self.sign_on_schedule!r}"
                )
            paid = tuple(
                _money(f"sign_on_schedule year {i}", v)
                for i, v in enumerate(self.sign_on_schedule, start=1)
            )
            if not paid:
                raise ValueError("sign_on_schedule is empty: give the dollars paid in each year")
            if abs(math.fsum(paid) - self.sign_on) > MONEY_TOLERANCE:
                raise ValueError(
                    f"sign_on_schedule adds up to {math.fsum(paid):,.2f}, not the sign_on of "
                    f"{self.sign_on:,.2f}: the schedule says when the sign-on is paid"
                )
            if len(paid) > self.years:
                raise ValueError(
                    f"sign_on_schedule has {len(paid)} years but the equity vests over "
                    f"{self.years}: the year-by-year view covers the vesting years only"
                )
            set_(self, "sign_on_schedule", paid)

    # --- derived terms ---

    @property
    def vesting_pct(self) -> tuple[float, ...]:
        """Percent of the grant vesting in each year (equity_annual: 25 % a year for 4 years)."""
        if self.equity_annual is not None:
            return VESTING_SCHEDULES["even"]
        return vesting_schedule(self.vesting)

    @property
    def years(self) -> int:
        """Number of years the year-by-year view covers: the vesting years."""
        return len(self.vesting_pct)

    @property
    def grant(self) -> float:
        """The whole equity grant in dollars (equity_annual x 4 for an annual value)."""
        if self.equity_annual is not None:
            return self.equity_annual * ANNUAL_EQUITY_YEARS
        return self.equity_total

    @property
    def bonus(self) -> float:
        """Target bonus in dollars a year."""
        return self.base * self.bonus_pct / 100

    @property
    def equity_by_year(self) -> tuple[float, ...]:
        if self.equity_annual is not None:
            return (self.equity_annual,) * ANNUAL_EQUITY_YEARS
        return tuple(self.grant * pct / 100 for pct in self.vesting_pct)

    @property
    def equity_per_year(self) -> float:
        """The average annual vest: what the bands' "equity per year" compares with."""
        return self.grant / self.years

    @property
    def sign_on_by_year(self) -> tuple[float, ...]:
        paid = self.sign_on_schedule if self.sign_on_schedule is not None else (self.sign_on,)
        return tuple(paid) + (0.0,) * (self.years - len(paid))

    def describe(self) -> str:
        """One line: 'PM L5 offer: base $185k, bonus 12% ($22.2k), equity ..., sign-on $20k'."""
        if self.equity_annual is not None:
            equity = f"equity {money(self.equity_annual)} a year for {self.years} years"
        else:
            equity = (
                f"equity {money(self.grant)} over {self.years} "
                f"{'year' if self.years == 1 else 'years'} ({_vesting_name(self.vesting_pct)})"
            )
        sign_on = f"sign-on {money(self.sign_on)}"
        if self.sign_on_schedule is not None and len(self.sign_on_schedule) > 1:
            sign_on += " paid " + " / ".join(money(v) for v in self.sign_on_schedule)
        where = f" at {self.company}" if self.company else ""
        return (
            f"{self.role} {self.level} offer{where}: base {money(self.base)}, bonus "
            f"{self.bonus_pct:g}% ({money(self.bonus)}), {equity}, {sign_on}"
        )


# --- the offer against the data --------------------------------------------------------------


def _ordered(values) -> list:
    series = pd.Series(values)
    if isinstance(series.dtype, pd.CategoricalDtype):
        present = set(series.dropna())
        return [c for c in series.cat.categories if c in present]
    return list(dict.fromkeys(series.dropna()))


def _company_bands(comp: pd.DataFrame, company: str | None) -> tuple[str, pd.DataFrame]:
    companies = _ordered(comp["company"])
    if company is None:
        if len(companies) != 1:
            raise ValueError(
                "the data holds several companies; set company to one of: "
                + (", ".join(companies) or "none")
            )
        company = companies[0]
    if company not in companies:
        raise ValueError(f"unknown company {company!r}; choose from: {', '.join(companies)}")
    return company, comp[comp["company"] == company]


def check_offer(offer: Offer, comp: pd.DataFrame) -> Offer:
    """The offer with its company filled in, once its company, role and level are in the data.

    ``comp`` is the compensation frame (``wbroles.load_compensation``). Raises ``ValueError``
    naming the valid choices: the companies, the roles of the company, the levels at which the
    role has bands.
    """
    company, bands = _company_bands(comp, offer.company)
    roles = [str(r) for r in _ordered(bands["role"])]
    if offer.role not in roles:
        raise ValueError(
            f"unknown role {offer.role!r} at {company}; choose from: {', '.join(roles)}"
        )
    levels = [str(lv) for lv in _ordered(bands.loc[bands["role"] == offer.role, "level"])]
    if offer.level not in levels:
        raise ValueError(
            f"unknown level {offer.level!r} for {offer.role} at {company}; choose from: "
            + ", ".join(levels)
        )
    return replace(offer, company=company) if offer.company != company else offer


def offer_years(offer: Offer) -> pd.DataFrame:
    """Total compensation in each vesting year, one row a year.

    total = base + bonus (base x bonus %) + equity vested that year + sign-on paid that year.
    Columns: year (1..N), base, bonus, equity, sign_on, total, all US dollars.
    """
    n = offer.years
    frame = pd.DataFrame(
        {
            "year": range(1, n + 1),
            "base": [offer.base] * n,
            "bonus": [offer.bonus] * n,
            "equity": list(offer.equity_by_year),
            "sign_on": list(offer.sign_on_by_year),
        }
    )
    frame["total"] = frame[["base", "bonus", "equity", "sign_on"]].sum(axis=1)
    frame.attrs = {"offer": offer}
    return frame


@dataclass(frozen=True)
class OfferTotals:
    """Year 1, the steady state (average of years 2..N; None when N = 1) and the sum of all."""

    first_year: float
    steady_state: float | None
    cumulative: float
    years: int

    @property
    def steady_state_text(self) -> str:
        if self.steady_state is None:
            return "undefined: the schedule has one year, so there is no year 2 on"
        span = "year 2" if self.years == 2 else f"years 2\u2013{self.years}"
        return f"{money(self.steady_state)} a year (average of {span})"


def offer_totals(years: pd.DataFrame) -> OfferTotals:
    """First-year, steady-state and cumulative totals of :func:`offer_years`' frame."""
    if not len(years):
        raise ValueError("no years to sum: the frame is empty")
    totals = years.sort_values("year")["total"].astype(float).tolist()
    steady = math.fsum(totals[1:]) / (len(totals) - 1) if len(totals) > 1 else None
    return OfferTotals(totals[0], steady, math.fsum(totals), len(totals))


# --- placement -------------------------------------------------------------------------------


def place_value(value: float, low: float, high: float, *, open_high: bool = False):
    """Where ``value`` falls in the band ``low``-``high``: ``(position, percent)``.

    position is "below", "inside", "above", or, against an open upper bound, "at_or_above_floor"
    for a value at or past the stated top (the range goes on beyond it). percent is the position
    inside a closed band (0 at the low end, 100 at the top; 50 for a band of a single value) and
    NaN otherwise: an open range has no top to measure against.
    """
    if value < low:
        return "below", math.nan
    if open_high:
        return ("at_or_above_floor", math.nan) if value >= high else ("inside", math.nan)
    if value > high:
        return "above", math.nan
    if high == low:
        return "inside", 50.0
    # Clamped: float rounding can put a value at the top a hair past 100.
    return "inside", min(100.0, max(0.0, (value - low) / (high - low) * 100))


def _band_text(low: float, high: float, open_high: bool, unit: str) -> str:
    if unit == "pct_of_base":
        return f"{low:g}%\u2013{high:g}%{'+' if open_high else ''}"
    return money_range(low, high, open_high=open_high)


def _amount_text(value: float, unit: str) -> str:
    return f"{value:g}%" if unit == "pct_of_base" else money(value)


def _gap_text(value: float, unit: str) -> str:
    return f"{value:g} pts" if unit == "pct_of_base" else money(value)


def _where(position: str, pct: float, value: float, low: float, high: float, unit: str) -> str:
    """'inside, at 30%', 'below: $15k under the low end', ... for tables and the terminal."""
    if position == "below":
        return f"below: {_gap_text(low - value, unit)} under the low end"
    if position == "above":
        return f"above: {_gap_text(value - high, unit)} over the top"
    if position == "at_or_above_floor":
        return OPEN_FLOOR_TEXT
    if math.isnan(pct):
        return f"inside: {_gap_text(value - low, unit)} over the low end (open top, no percent)"
    return f"inside, at {pct:.0f}% of the range"


def place_offer(offer: Offer, comp: pd.DataFrame) -> pd.DataFrame:
    """Where the offer falls in the bands of its level, for its role and every other role.

    One row per measure and role band. Measures: base (dollars), bonus_pct (% of base),
    equity_per_year (the grant's average annual vest), total_first_year and
    total_steady_state (against the stated total band; no steady-state row for a one-year
    schedule). Columns: company, level, offer_role, role (whose band), own_role, measure,
    label, component, value, unit, low, high, open_high, position (see ``POSITIONS``),
    position_pct (0-100 inside a closed band, else NaN), where (readable), band (readable),
    source_id, quote. Rows for components that a role does not state are left out.
    """
    offer = check_offer(offer, comp)
    _, bands = _company_bands(comp, offer.company)
    bands = bands[bands["level"] == offer.level]
    totals = offer_totals(offer_years(offer))
    values = {
        "base": offer.base,
        "bonus_pct": offer.bonus_pct,
        "equity_per_year": offer.equity_per_year,
        "total_first_year": totals.first_year,
        "total_steady_state": totals.steady_state,
    }
    roles = [offer.role] + [str(r) for r in _ordered(bands["role"]) if str(r) != offer.role]
    rows = []
    for measure, (component, label) in MEASURES.items():
        value = values[measure]
        if value is None:
            continue
        for role in roles:
            match = bands[(bands["role"] == role) & (bands["component"] == component)]
            if not len(match):
                continue
            band = match.iloc[0]
            low, high, open_high = float(band["low"]), float(band["high"]), bool(band["open_high"])
            position, pct = place_value(value, low, high, open_high=open_high)
            rows.append(
                {
                    "company": offer.company,
                    "level": offer.level,
                    "offer_role": offer.role,
                    "role": role,
                    "own_role": role == offer.role,
                    "measure": measure,
                    "label": label,
                    "component": component,
                    "value": float(value),
                    "unit": band["unit"],
                    "low": low,
                    "high": high,
                    "open_high": open_high,
                    "position": position,
                    "position_pct": pct,
                    "where": _where(position, pct, value, low, high, band["unit"]),
                    "band": _band_text(low, high, open_high, band["unit"]),
                    "source_id": band["source_id"],
                    "quote": band["quote"],
                }
            )
    frame = pd.DataFrame(rows)
    # The data folder lets a chart find the sources table for its source line.
    frame.attrs = {"offer": offer, "data_dir": comp.attrs.get("data_dir")}
    return frame


# --- reference points ------------------------------------------------------------------------

_REPORTED_LABELS = {
    "base": "base salary",
    "bonus": "target bonus",
    "equity_annual": "equity per year",
    "equity_share": "equity",
    "sign_on": "sign-on bonus",
    "equity": "equity",
    "first_year_equity": "first-year equity",
}


def _reported_amount(value: float, unit: str, approximate: bool = False) -> str:
    about = "about " if approximate else ""
    if unit == "pct_of_company":
        return f"{about}{value:g}% of the company (no valuation given, so no dollar value)"
    if unit == "pct_of_base":
        return f"{about}{value:g}% of base"
    return f"{about}{money(value)}" + (" a year" if unit == "usd_per_year" else "")


def reference_points(data: dict[str, pd.DataFrame], *, company: str | None = None) -> pd.DataFrame:
    """The offer data points and negotiation outcomes that the sources report, with quotes.

    ``data`` is ``wbroles.load_all()``'s dict (offer_points, negotiations, sources). These are
    single reported cases, not advice or a typical outcome. Columns: kind ("offer" or
    "negotiation"), company, role, level, component, amount, unit, approximate, reported (in
    words: "about $170k a year", "+$50k"), quote, context_quote, source_id, source (article and
    date). An equity share keeps its percent and gets no dollar value.
    """
    sources = data["sources"].set_index("source_id")

    def source_of(source_id: str) -> str:
        if source_id in sources.index:
            return f"{sources.at[source_id, 'keyword']} ({sources.at[source_id, 'date']})"
        return source_id

    rows = []
    for r in data["offer_points"].itertuples():
        rows.append(
            {
                "kind": "offer",
                "company": r.company,
                "role": str(r.role),
                "level": str(r.level),
                "component": r.component,
                "amount": float(r.value),
                "unit": r.unit,
                "approximate": bool(r.approximate),
                "reported": f"{_REPORTED_LABELS.get(r.component, r.component)}: "
                + _reported_amount(r.value, r.unit, bool(r.approximate)),
                "quote": r.quote,
                "context_quote": r.context_quote if isinstance(r.context_quote, str) else None,
                "source_id": r.source_id,
                "source": source_of(r.source_id),
            }
        )
    for r in data["negotiations"].itertuples():
        rows.append(
            {
                "kind": "negotiation",
                "company": r.company,
                "role": str(r.role),
                "level": str(r.level),
                "component": r.component,
                "amount": float(r.amount),
                "unit": r.unit,
                "approximate": False,
                "reported": f"{_REPORTED_LABELS.get(r.component, r.component)}: "
                f"+{money(r.amount)} negotiated on top of the offer",
                "quote": r.quote,
                "context_quote": None,
                "source_id": r.source_id,
                "source": source_of(r.source_id),
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "kind", "company", "role", "level", "component", "amount", "unit", "approximate",
            "reported", "quote", "context_quote", "source_id", "source",
        ],
    )  # fmt: skip
    if company is not None:
        frame = frame[frame["company"] == company]
    return frame.reset_index(drop=True)


def reported_offer(
    data: dict[str, pd.DataFrame], *, offer_id: str | None = None, company: str | None = None
) -> dict:
    """One reported offer as a dict: company, offer_id, role, level, source_id, and each
    component's value under its name (base, sign_on, bonus, equity_annual, equity_share; None
    when the source does not state it), plus ``approximate`` (the components stated as "about").

    Without ``offer_id`` the data must hold exactly one offer (for ``company`` if given).
    """
    points = data["offer_points"]
    if company is not None:
        points = points[points["company"] == company]
    ids = list(dict.fromkeys(points["offer_id"]))
    if offer_id is None:
        if len(ids) != 1:
            raise ValueError(
                f"the data holds {len(ids)} reported offers; choose offer_id from: "
                + (", ".join(ids) or "none")
            )
        offer_id = ids[0]
    if offer_id not in ids:
        raise ValueError(f"unknown offer_id {offer_id!r}; choose from: {', '.join(ids) or 'none'}")
    rows = points[points["offer_id"] == offer_id]
    first = rows.iloc[0]
    found = dict(zip(rows["component"], rows["value"].astype(float), strict=True))
    return {
        "company": first["company"],
        "offer_id": offer_id,
        "role": str(first["role"]),
        "level": str(first["level"]),
        "source_id": first["source_id"],
        **{c: found.get(c) for c in ("base", "sign_on", "bonus", "equity_annual", "equity_share")},
        "approximate": [
            c for c, a in zip(rows["component"], rows["approximate"], strict=True) if a
        ],
    }


# --- parameters (notebook and command) -------------------------------------------------------


def _lenient_number(name: str, value, *, optional: bool = False):
    """A number from a notebook or command parameter: papermill may hand over "185000"."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "None")):
        if optional:
            return None
        raise ValueError(f"{name} must be a number, got {value!r}")
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").replace("_", ""))
        except ValueError:
            raise ValueError(f"{name} must be a number, got {value!r}") from None
    return value


def offer_from_params(
    comp: pd.DataFrame,
    *,
    role: str,
    level: str,
    base,
    bonus_pct=0.0,
    equity_total=None,
    equity_annual=None,
    vesting: str | Sequence[float] | None = None,
    sign_on=0.0,
    sign_on_schedule: Sequence[float] | None = None,
    company: str | None = None,
) -> Offer:
    """An :class:`Offer` from notebook or command parameters, checked against the data.

    Numbers may come as text ("185000", as papermill or a shell passes them). Any problem
    raises ``wbroles.ParameterError`` (a ``ValueError``) with one line naming the field and,
    for codes, the valid choices.
    """
    from .params import ParameterError

    try:
        offer = Offer(
            role=role,
            level=level,
            base=_lenient_number("base", base),
            bonus_pct=_lenient_number("bonus_pct", bonus_pct),
            equity_total=_lenient_number("equity_total", equity_total, optional=True),
            equity_annual=_lenient_number("equity_annual", equity_annual, optional=True),
            vesting=vesting,
            sign_on=_lenient_number("sign_on", sign_on),
            sign_on_schedule=sign_on_schedule,
            company=company,
        )
        return check_offer(offer, comp)
    except ParameterError:
        raise
    except ValueError as err:
        raise ParameterError(str(err)) from None


# --- tables and words --------------------------------------------------------------------------


def placement_table(placement: pd.DataFrame) -> pd.DataFrame:
    """:func:`place_offer`'s frame for reading: Measure, Band of, Offer, Band, Where."""
    return pd.DataFrame(
        {
            "Measure": placement["label"].to_numpy(),
            "Band of": [
                f"{r.role} {r.level}" + (" (offer's role)" if r.own_role else "")
                for r in placement.itertuples()
            ],
            "Offer": [
                _amount_text(v, u)
                for v, u in zip(placement["value"], placement["unit"], strict=True)
            ],
            "Band": placement["band"].to_numpy(),
            "Where": placement["where"].to_numpy(),
        }
    )


def years_table(years: pd.DataFrame) -> pd.DataFrame:
    """:func:`offer_years`' frame for reading, with a running total: money as "$185k"."""
    return pd.DataFrame(
        {
            "Year": years["year"].astype(int).to_numpy(),
            "Base": years["base"].map(money).to_numpy(),
            "Bonus": years["bonus"].map(money).to_numpy(),
            "Equity": years["equity"].map(money).to_numpy(),
            "Sign-on": years["sign_on"].map(money).to_numpy(),
            "Total": years["total"].map(money).to_numpy(),
            "Cumulative": years["total"].cumsum().map(money).to_numpy(),
        }
    )


def reference_table(points: pd.DataFrame) -> pd.DataFrame:
    """:func:`reference_points` for reading: what each source reports, with its quote."""
    return pd.DataFrame(
        {
            "Reported": [
                ("Offer" if k == "offer" else "Negotiation outcome") + f", {r} {lv}"
                for k, r, lv in zip(points["kind"], points["role"], points["level"], strict=True)
            ],
            "What": points["reported"].to_numpy(),
            "Quote": [f"\u201c{q}\u201d" for q in points["quote"]],
            "Source": points["source"].to_numpy(),
        }
    )


def _e(value) -> str:
    return html.escape(str(value))


def _short_where(row) -> str:
    """'below the PM band of $280k–$450k ($90k under its low end)' for a sentence."""
    band = f"the {_e(row.role)} band of {row.band}"
    if row.position == "below":
        return f"below {band} ({_gap_text(row.low - row.value, row.unit)} under its low end)"
    if row.position == "above":
        return f"above {band} ({_gap_text(row.value - row.high, row.unit)} over its top)"
    if row.position == "at_or_above_floor":
        return f"{OPEN_FLOOR_TEXT} for {_e(row.role)} ({row.band})"
    if math.isnan(row.position_pct):
        return f"inside {band} ({_gap_text(row.value - row.low, row.unit)} over its low end)"
    if row.position_pct == 0:
        return f"inside {band} (at its low end)"
    if row.position_pct == 100:
        return f"inside {band} (at its top)"
    return f"inside {band} ({row.position_pct:.0f}% of the way up)"


def offer_findings(offer: Offer, comp: pd.DataFrame):
    """Two sentences, every number computed: where the offer's total falls in year 1 and in
    the steady state against each role's band, and what makes year 1 differ (sign-on,
    vesting); a third when no equity is counted. Returns IPython Markdown; text from the data
    is HTML-escaped and "$" escaped for Markdown."""
    placement = place_offer(offer, comp)
    offer = placement.attrs["offer"]
    totals = offer_totals(offer_years(offer))

    def places(measure: str) -> str:
        rows = placement[placement["measure"] == measure]
        return " and ".join(_short_where(r) for r in rows.itertuples()) or "not comparable"

    who = f"{_e(offer.role)} {_e(offer.level)}"
    first = (
        f"In year 1 this {who} offer pays {money(totals.first_year)}, {places('total_first_year')}"
    )
    if totals.steady_state is not None and (
        abs(totals.first_year - totals.steady_state) <= MONEY_TOLERANCE
    ):
        first = (
            f"This {who} offer pays {money(totals.first_year)} in each of its {totals.years} "
            f"years, {places('total_first_year')}."
        )
    elif totals.steady_state is None:
        first += "; its schedule has one year, so a steady state (years 2 on) is undefined."
    else:
        first += (
            f"; from year 2 on it averages {money(totals.steady_state)}, "
            f"{places('total_steady_state')}."
        )

    sentences = [first]
    if totals.steady_state is not None:
        equity = offer.equity_by_year
        sign_on = offer.sign_on_by_year
        from_sign_on = sign_on[0] - math.fsum(sign_on[1:]) / (offer.years - 1)
        from_vesting = equity[0] - math.fsum(equity[1:]) / (offer.years - 1)
        diff = totals.first_year - totals.steady_state
        parts = []
        if abs(from_sign_on) > MONEY_TOLERANCE:
            parts.append(f"{_signed(from_sign_on)} from the sign-on")
        if abs(from_vesting) > MONEY_TOLERANCE:
            parts.append(f"{_signed(from_vesting)} from the vesting schedule")
        if abs(diff) <= MONEY_TOLERANCE:
            second = "Year 1 pays the same as the average later year " + (
                f"({' and '.join(parts)} cancel out)" if parts else "(no sign-on, even vesting)"
            )
        else:
            side = "more" if diff > 0 else "less"
            second = (
                f"Year 1 pays {money(abs(diff))} {side} than the steady state ({', '.join(parts)})"
            )
    else:
        second = "With a one-year schedule the whole grant and sign-on fall in year 1"
    base_rows = placement[placement["measure"] == "base"]
    if len(base_rows):
        second += f"; the base of {money(offer.base)} is " + " and ".join(
            _short_where(r) for r in base_rows.itertuples()
        )
    sentences.append(second + ".")
    if offer.grant == 0:
        sentences.append(
            "No equity is counted (it is $0 here), so the equity and total placements leave "
            "any equity grant out."
        )
    return markdown(" ".join(sentences))


def _signed(value: float) -> str:
    return ("+" if value > 0 else "\u2212") + money(abs(value))


# --- the terminal ------------------------------------------------------------------------------


def _text_table(frame: pd.DataFrame, *, right: Sequence[str] = ()) -> str:
    """Aligned plain text: a header, a rule, then the rows; ``right`` columns right-aligned."""
    cells = [[str(c) for c in frame.columns]] + [[str(v) for v in row] for row in frame.to_numpy()]
    widths = [max(len(row[i]) for row in cells) for i in range(len(frame.columns))]

    def line(row: list[str]) -> str:
        return "  ".join(
            text.rjust(width) if name in right else text.ljust(width)
            for text, width, name in zip(row, widths, frame.columns, strict=True)
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def offer_text(offer: Offer, comp: pd.DataFrame, *, sources: pd.DataFrame | None = None) -> str:
    """What ``wbroles offer`` prints: the offer, its placement, the year table and the totals."""
    placement = place_offer(offer, comp)
    offer = placement.attrs["offer"]
    years = offer_years(offer)
    totals = offer_totals(years)
    cited = source_names(placement["source_id"], sources)
    return "\n".join(
        [
            offer.describe(),
            "",
            f"Where it falls in the {offer.level} bands",
            _text_table(placement_table(placement), right=("Offer",)),
            "",
            "Year by year (equity as it vests)",
            _text_table(
                years_table(years),
                right=("Year", "Base", "Bonus", "Equity", "Sign-on", "Total", "Cumulative"),
            ),
            "",
            f"Year 1: {money(totals.first_year)}. Steady state: {totals.steady_state_text}. "
            f"Cumulative over {totals.years} {'year' if totals.years == 1 else 'years'}: "
            f"{money(totals.cumulative)}.",
            f"Bands as the sources state them: {'; '.join(cited)}. Offer terms as given here.",
        ]
    )


def reference_note(data: dict[str, pd.DataFrame], offer: Offer):
    """What the notebook's defaults are and whether this run uses them, as IPython Markdown.

    The defaults mirror the offer that a source reports; its equity, a share of the company
    with no valuation, has no dollar value and is left out. Text from the data is escaped.
    """

    try:
        reported = reported_offer(data, company=offer.company)
    except ValueError as err:
        return markdown(f"No single reported offer to compare with: {_e(err)}.")
    sources = data["sources"].set_index("source_id")
    source = reported["source_id"]
    cited = (
        f"*{_e(sources.at[source, 'keyword'])}* ({_e(sources.at[source, 'date'])})"
        if source in sources.index
        else _e(source)
    )
    about = set(reported["approximate"])
    stated = []
    for name, words in [
        ("base", "base salary"),
        ("bonus", "target bonus"),
        ("equity_annual", "equity a year"),
        ("sign_on", "sign-on"),
    ]:
        value = reported[name]
        if value is not None:
            shown = f"{value:g}% of base" if name == "bonus" else money(value)
            stated.append(f"{words} {'about ' if name in about else ''}{shown}")
    if reported["equity_share"] is not None:
        stated.append(f"equity of {reported['equity_share']:g}% of the company")
    text = (
        f"The parameter defaults mirror the {_e(reported['role'])} {_e(reported['level'])} offer "
        f"reported in {cited}: {', '.join(stated)}."
    )
    if reported["equity_share"] is not None and reported["equity_annual"] is None:
        text += (
            " That equity is a share of the company and the source gives no valuation, so it "
            "has no dollar value: the defaults count equity as $0"
            + (
                ", and the equity and total placements below leave it out."
                if offer.grant == 0
                else "."
            )
        )
    same = (
        offer.role == reported["role"]
        and offer.level == reported["level"]
        and offer.base == reported["base"]
        and offer.sign_on == (reported["sign_on"] or 0)
        and offer.bonus_pct == (reported["bonus"] or 0)
        and offer.grant == (reported["equity_annual"] or 0) * ANNUAL_EQUITY_YEARS
    )
    text += (
        " This run uses those values."
        if same
        else f" This run checks a different offer: {_e(offer.describe())}."
    )
    return markdown(text)
