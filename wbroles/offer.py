"""An offer and its place in the published bands: the model (:class:`Offer`, checked on
construction, every number by ``format.to_number``), pay year by year, and the placement of
each measure in each role's band: below, inside (0-100 %) or above, and against an open upper
bound ("$650,000+") "at or above the stated floor", never a percent. An equity share of the
company has no dollar value without a valuation: "not valued", and a bonus the terms do not
state "not stated", never 0; neither gets a position, and a total without them is a lower
bound that names what it leaves out. Tables of an offer are
in ``wbroles.tables``, its findings in words in ``wbroles.narrative``."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .errors import ParameterError
from .format import (
    NOT_STATED,
    amount,
    choices_text,
    choose,
    documented,
    money,
    number,
    percent,
    source_label,
    to_number,
)
from .params import UNITS, coerce

# Yearly percentages of the grant that vest, by name.
VESTING_SCHEDULES = {
    "even": (25.0, 25.0, 25.0, 25.0),
    "front": (40.0, 30.0, 20.0, 10.0),
    "back": (5.0, 15.0, 40.0, 40.0),
}
ANNUAL_EQUITY_YEARS = 4  # an annual equity value is paid over the named schedules' 4 years
VESTING_TOLERANCE = 1e-9  # a schedule this close to 100 % vests the whole grant
MONEY_TOLERANCE = 0.005  # money compared to the cent
POSITIONS = ("below", "inside", "above", "at_or_above_floor", "not_stated", "not_valued")
NOT_VALUED = "not valued"
# Why a part of the pay has no dollar value, by column of offer_years.
UNKNOWN = {"bonus": NOT_STATED, "equity": NOT_VALUED}
PLACEMENT_COLUMNS = [
    "company",
    "level",
    "offer_role",
    "role",
    "own_role",
    "measure",
    "label",
    "component",
    "value",
    "unit",
    "low",
    "high",
    "open_high",
    "position",
    "position_pct",
    "lower_bound",
    "verdict",
    "rule",
    "source_id",
    "quote",
]
OPEN_FLOOR_TEXT = "at or above the stated floor of the open range"
# What of the offer is compared with which band, in display order.
MEASURES = {
    "base": ("base", "Base salary"),
    "bonus_pct": ("bonus", "Target bonus (% of base)"),
    "equity_per_year": ("equity", "Equity per year (average vest)"),
    "total_first_year": ("total", "Total, year 1"),
    "total_steady_state": ("total", "Total, steady state"),
}
# The declared type of each parameter of offer_from_params (papermill's names), and the unit
# (so the range, format.LIMITS) of each number of an offer (params.UNITS, the one place).
PARAMS = {
    "role": "str",
    "level": "str",
    "base": "float",
    "bonus_pct": "Optional[float]",
    "equity_total": "Optional[float]",
    "equity_annual": "Optional[float]",
    "equity_share": "Optional[float]",
    "sign_on": "float",
    "company": "Optional[str]",
    "cliff_months": "int",
    "vest_every": "str",
    "refresher": "Optional[float]",
    "refresher_pct": "Optional[float]",
    "price_change_pct": "float",
}
EQUITY = ("equity_total", "equity_annual", "equity_share", "equity_units")
TERMS = (*PARAMS, "vesting", "sign_on_schedule")  # what offer_from_params takes
NUMBERS = {
    n: UNITS[n]
    for n in ("base", "bonus_pct", *EQUITY, "sign_on", "cliff_months", "refresher", "refresher_pct")
}
VEST_EVERY = {"month": 1, "quarter": 3, "year": 12}  # months between vests after the cliff
PRICE_CHANGE = (-100.0, 1000.0)  # a yearly share-price change, percent: above -100, at most
# Shared parameter docs of the offer functions (here, in tables, narrative and plots.offer).
DOCS = {
    name: f"{name} : {kind}\n        {text}"
    for name, kind, text in [
        ("offer", "Offer", "The offer's terms (:class:`wbroles.offer.Offer`)."),
        ("comp", "DataFrame", "The bands, ``load_all()['compensation']``."),
        ("placement", "DataFrame", "As :func:`wbroles.offer.place_offer` returns it."),
        ("years", "DataFrame", "As :func:`wbroles.offer.offer_years` returns it."),
        ("data", "dict of DataFrame", "``load_all()``: offer_points, negotiations, sources."),
        ("sources", "DataFrame, optional", "The sources table, for source names."),
        ("title", "str, optional", "Replaces the default title."),
    ]
}


docs = documented(**DOCS)  # {offer}, {comp}, ... in the offer functions' docstrings


def _pcts(years: Sequence[float]) -> str:
    return "/".join(number(p) for p in years)


def vesting_schedule(spec: str | Sequence[float] | None = None) -> tuple[float, ...]:
    """Yearly vesting percentages (each 0-100, adding up to 100 within 1e-9).

    Parameters
    ----------
    spec : str or list of float, optional
        "even" (25/25/25/25, also ``None``), "front" (40/30/20/10), "back" (5/15/40/40), or
        yearly percentages: ``[50, 50]`` or the text "40,30,20,10".
    """
    spec = "even" if spec is None else spec
    if isinstance(spec, str):
        text = spec.strip().lower()
        if text.replace(" ", "").isalpha():
            return VESTING_SCHEDULES[choose("vesting", text, list(VESTING_SCHEDULES))]
        spec = [part for part in text.split(",") if part.strip()]
    elif not isinstance(spec, Sequence):
        raise ParameterError(
            f"vesting must be a schedule name ({choices_text(VESTING_SCHEDULES)}) or a list of "
            f"yearly percentages, got {spec!r}"
        )
    years = tuple(to_number(f"vesting year {i}", p, "pct") for i, p in enumerate(spec, start=1))
    if not years:
        raise ParameterError("vesting schedule is empty: give at least one yearly percentage")
    total = math.fsum(years)
    if abs(total - 100) > VESTING_TOLERANCE:
        raise ParameterError(
            f"vesting schedule {_pcts(years)} adds up to {number(total)}%, not 100%: it must "
            "vest the whole grant"
        )
    return years


def _code(name: str, value, *, optional: bool = False) -> None:
    if not (optional and value is None) and (not isinstance(value, str) or not value.strip()):
        raise ParameterError(f"{name} must be a code such as 'PM' or 'L5', got {value!r}")


@dataclass(frozen=True)
class Offer:
    """The terms of one offer, checked on construction; each error names its field.

    Parameters
    ----------
    role, level, company : str
        Codes as in the data ("PM", "L5"); company ``None``: the data's only company.
    base, sign_on : float
        Base in US dollars a year; sign-on in dollars.
    bonus_pct : float, optional
        Target bonus in percent of base; ``None``: not stated (never counted as 0).
    equity_total, equity_annual, equity_share : float, optional
        Exactly one: the whole grant, vested by ``vesting`` (:func:`vesting_schedule`, kept as
        its name or percentages); equity per year, the same for 4 years (0: no equity); or a
        share of the company in percent, which has no dollar value ("not valued"); or
    equity_units : float, optional
        a number of options or RSUs, likewise not valued (see ``wbroles.compare.valued``).
    sign_on_schedule : list of float, optional
        Sign-on paid in years 1, 2, ...: adds up to ``sign_on``, within the vesting years.
    cliff_months : int
        Nothing of the initial grant vests before this month; what was due vests then
        (default 12, a one-year cliff; 0: none). At most the schedule's length.
    vest_every : str
        After the cliff the grant vests each "month" (default), "quarter" or "year".
    refresher, refresher_pct : float, optional
        An assumed refresher granted at the start of each year from year 2, as dollars or as a
        percent of the initial grant (at most 100), vesting on the same schedule without a
        cliff; none by default. Never with an equity share (no dollar value to refresh).
    price_change_pct : float
        Yearly change of the share price, percent (default 0; above -100, at most 1000):
        equity vesting m months after its grant is worth (1 + change) ** (m / 12) times its
        grant value.
    """

    role: str
    level: str
    base: float
    bonus_pct: float | None = None
    equity_total: float | None = None
    vesting: str | Sequence[float] | None = None
    equity_annual: float | None = None
    sign_on: float = 0.0
    sign_on_schedule: Sequence[float] | None = None
    company: str | None = None
    equity_share: float | None = None
    equity_units: float | None = None
    cliff_months: int = 12
    vest_every: str = "month"
    refresher: float | None = None
    refresher_pct: float | None = None
    price_change_pct: float = 0.0

    def __post_init__(self):
        set_ = object.__setattr__  # normalised values in a frozen dataclass
        for name in ("role", "level", "company"):
            _code(name, getattr(self, name), optional=name == "company")
        for name, unit in NUMBERS.items():
            if name in ("base", "sign_on") or getattr(self, name) is not None:
                set_(self, name, to_number(name, getattr(self, name), unit))
        given = [n for n in EQUITY if getattr(self, n) is not None]
        if len(given) != 1:
            raise ParameterError(
                "give exactly one of equity_total (a grant vested by a schedule), "
                "equity_annual (the same value each year), equity_share (percent of the "
                "company) and equity_units (options or RSUs); "
                + (
                    "none was given (use equity_total=0 for an offer without equity)"
                    if not given
                    else f"{' and '.join(given)} were given"
                )
            )
        schedule = vesting_schedule(self.vesting)
        if self.equity_annual is not None and schedule != VESTING_SCHEDULES["even"]:
            raise ParameterError(
                "vesting applies to equity_total; equity_annual vests the same value every year "
                f"for {ANNUAL_EQUITY_YEARS} years. For a {self.vesting!r} schedule, give the "
                "whole grant as equity_total"
            )
        named = [n for n, s in VESTING_SCHEDULES.items() if s == schedule]
        set_(self, "vesting", None if self.equity_annual is not None else (named or [schedule])[0])
        if self.sign_on_schedule is not None:
            set_(self, "sign_on_schedule", self._sign_on_paid())
        self._check_vesting()

    def _check_vesting(self) -> None:
        """The cliff, the refresher and the price change against their rules."""
        set_ = object.__setattr__
        set_(self, "vest_every", choose("vest_every", self.vest_every, list(VEST_EVERY)))
        if not float(self.cliff_months).is_integer():
            raise ParameterError(f"cliff_months must be a whole number, got {self.cliff_months}")
        set_(self, "cliff_months", int(self.cliff_months))
        if self.cliff_months > 12 * self.years:
            raise ParameterError(
                f"cliff_months: {self.cliff_months} is longer than the {12 * self.years}-month "
                "vesting schedule: the cliff must fall within the schedule"
            )
        if self.refresher is not None and self.refresher_pct is not None:
            raise ParameterError("give at most one of refresher (dollars) and refresher_pct")
        if not self.valued and (self.refresher or self.refresher_pct):
            raise ParameterError(
                "refresher: an equity share has no dollar value, so a refresher cannot be "
                "added to it; give the grant in dollars (equity_total)"
            )
        change = to_number("price_change_pct", self.price_change_pct)
        if not PRICE_CHANGE[0] < change <= PRICE_CHANGE[1]:
            raise ParameterError(
                f"price_change_pct: {number(change)} is outside the rule: above "
                f"{number(PRICE_CHANGE[0])} and at most {number(PRICE_CHANGE[1])} (percent a year)"
            )
        set_(self, "price_change_pct", change)

    def _sign_on_paid(self) -> tuple[float, ...]:
        given = self.sign_on_schedule
        if isinstance(given, str) or not isinstance(given, Sequence) or not given:
            raise ParameterError(
                f"sign_on_schedule must be a list of dollars per year, got {given!r}"
            )
        paid = tuple(
            to_number(f"sign_on_schedule year {i}", v, "usd") for i, v in enumerate(given, 1)
        )
        if abs(math.fsum(paid) - self.sign_on) > MONEY_TOLERANCE:
            raise ParameterError(
                f"sign_on_schedule adds up to {math.fsum(paid):,.2f}, not the sign_on of "
                f"{self.sign_on:,.2f}: the schedule says when the sign-on is paid"
            )
        if len(paid) > self.years:
            raise ParameterError(
                f"sign_on_schedule has {len(paid)} years but the equity vests over {self.years}: "
                "the year-by-year view covers the vesting years only"
            )
        return paid

    # Derived: percent vesting each year, the years, the whole grant, the bonus in dollars,
    # equity vested each year, its average (the bands' "equity per year"), sign-on each year;
    # NaN for a bonus not stated and for equity not valued (never 0).
    vesting_pct = property(lambda self: vesting_schedule(self.vesting))
    years = property(lambda self: len(self.vesting_pct))
    valued = property(lambda self: self.equity_share is None and self.equity_units is None)
    grant = property(
        lambda s: (
            s.equity_total
            if s.equity_total is not None
            else (4 * s.equity_annual if s.valued else math.nan)
        )
    )
    bonus = property(lambda s: math.nan if s.bonus_pct is None else s.base * s.bonus_pct / 100)
    equity_by_year = property(lambda self: tuple(self.grant * p / 100 for p in self.vesting_pct))
    equity_per_year = property(lambda self: self.grant / self.years)
    refresher_amount = property(
        lambda s: s.refresher_pct * s.grant / 100 if s.refresher_pct else s.refresher or 0.0
    )

    @property
    def sign_on_by_year(self) -> tuple[float, ...]:
        paid = tuple(self.sign_on_schedule or (self.sign_on,))
        return paid + (0.0,) * (self.years - len(paid))

    def describe(self) -> str:
        """One line: 'PM L5 offer: base $185k, bonus 12% ($22.2k), equity ..., sign-on $20k'."""
        if not self.valued:
            what = (
                f"{percent(self.equity_share)} of the company"
                if self.equity_units is None
                else (f"{number(self.equity_units)} options or RSUs")
            )
            equity = f"{what}, {NOT_VALUED} (no valuation)"
        elif self.equity_annual is not None:
            equity = f"{money(self.equity_annual)} a year for {self.years} years"
        else:
            name = f"{self.vesting} " if isinstance(self.vesting, str) else ""
            span = f"{self.years} {'year' if self.years == 1 else 'years'}"
            equity = f"{money(self.grant)} over {span} ({name}{_pcts(self.vesting_pct)})"
        sign_on = money(self.sign_on)
        if self.sign_on_schedule is not None and len(self.sign_on_schedule) > 1:
            sign_on += " paid " + " / ".join(money(v) for v in self.sign_on_schedule)
        where = f" at {self.company}" if self.company else ""
        bonus = NOT_STATED
        if self.bonus_pct is not None:
            bonus = f"{percent(self.bonus_pct)} ({money(self.bonus)})"
        return (
            f"{self.role} {self.level} offer{where}: base {money(self.base)}, bonus {bonus}, "
            f"equity {equity}, sign-on {sign_on}"
        )


def vesting_text(offer: Offer) -> str:
    """The vesting assumptions in words: '12-month cliff, then monthly; no refresher; share
    price +0% a year'."""
    if not offer.valued:
        return f"equity {NOT_VALUED}: no vesting in dollars"
    cliff = f"{offer.cliff_months}-month cliff, then" if offer.cliff_months else "no cliff,"
    every = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}[offer.vest_every]
    refresher = "no refresher"
    if offer.refresher_amount:
        share = f" ({percent(offer.refresher_pct)} of the grant)" if offer.refresher_pct else ""
        refresher = f"refresher {money(offer.refresher_amount)}{share} a year from year 2"
    change = percent(offer.price_change_pct, signed=True)
    return f"{cliff} {every}; {refresher}; share price {change} a year"


def _present(series: pd.Series) -> list[str]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        seen = set(series.dropna())
        return [str(c) for c in series.cat.categories if c in seen]
    return [str(v) for v in dict.fromkeys(series.dropna())]


@docs
def check_offer(offer: Offer, comp: pd.DataFrame) -> Offer:
    """The offer with its company filled in, once its company, role and level are in the data
    (else ParameterError naming the choices).

    Parameters
    ----------
    {offer}
    {comp}
    """
    companies = _present(comp["company"])
    if offer.company is None and len(companies) > 1:
        raise ParameterError(
            f"the data holds several companies; set company to one of: {choices_text(companies)}"
        )
    company = choose("company", offer.company or (companies or [None])[0], companies)
    bands = comp[comp["company"] == company]
    choose("role", offer.role, _present(bands["role"]))
    choose("level", offer.level, _present(bands.loc[bands["role"] == offer.role, "level"]))
    return replace(offer, company=company) if offer.company != company else offer


def vest_shares(offer: Offer, *, cliff: bool = True) -> np.ndarray:
    """The share of a grant vesting in each month 1..12N of its schedule (adding up to 1):
    each year's percent spread over its months, summed into each vest (``vest_every``), and
    with ``cliff`` all that falls before ``cliff_months`` vesting at it.

    Parameters
    ----------
    {offer}
    cliff : bool
        Apply the offer's cliff (the initial grant; refreshers have none).
    """
    step = VEST_EVERY[offer.vest_every]
    monthly = np.repeat(np.asarray(offer.vesting_pct) / 1200, 12)
    shares = np.zeros(monthly.size)
    shares[step - 1 :: step] = monthly.reshape(-1, step).sum(axis=1)
    if cliff and offer.cliff_months:
        shares[offer.cliff_months - 1] = shares[: offer.cliff_months].sum()
        shares[: offer.cliff_months - 1] = 0.0
    return shares


@docs
def offer_months(offer: Offer) -> pd.DataFrame:
    """Pay in each month of the vesting years: month (1..12N), year, base (a twelfth a
    month), bonus (at each year's end), equity (the initial grant after its cliff and each
    refresher, granted at the start of years 2.., at the share price of the month it vests),
    sign_on (at each year's start), total (the known parts) and cumulative. A bonus not stated
    and equity not valued are NaN.

    Parameters
    ----------
    {offer}
    """
    months = np.arange(1, 12 * offer.years + 1)
    starts = np.arange(1, offer.years) * 12  # the refreshers' grant months
    grants = np.stack(
        [offer.grant * vest_shares(offer)]
        + [np.roll(vest_shares(offer, cliff=False), s) * (months > s) for s in starts]
    )
    granted = np.concatenate([[0], starts])[:, None]
    growth = (1 + offer.price_change_pct / 100) ** ((months - granted) / 12)
    sizes = np.concatenate([[1.0], np.full(starts.size, offer.refresher_amount)])[:, None]
    grants[1:] *= sizes[1:]
    year_end, year_start = months % 12 == 0, months % 12 == 1
    frame = pd.DataFrame(
        {
            "month": months,
            "year": (months - 1) // 12 + 1,
            "base": offer.base / 12,
            "bonus": np.where(year_end, offer.bonus, 0.0)
            if offer.bonus_pct is not None
            else np.nan,
            "equity": (grants * growth).sum(axis=0),
            "sign_on": np.where(year_start, np.repeat(offer.sign_on_by_year, 12), 0.0),
        }
    )
    total = frame[["base", "bonus", "equity", "sign_on"]].sum(axis=1)
    return frame.assign(total=total, cumulative=total.cumsum())


@docs
def offer_years(offer: Offer) -> pd.DataFrame:
    """Pay in each vesting year, the months (:func:`offer_months`) summed: year
    (1..N), base, bonus, equity, sign_on (US dollars; NaN for a bonus not stated or equity
    not valued) and total, the sum of the known parts.

    Parameters
    ----------
    {offer}
    """
    parts = ["base", "bonus", "equity", "sign_on"]
    years = offer_months(offer).groupby("year", as_index=False)[parts].sum(min_count=1)
    years = years.round(9)  # the float noise of summing months, far under a cent
    return years.assign(total=years[parts].sum(axis=1))


@docs
def leave_after(offer: Offer, month: int) -> pd.Series:
    """What the offer has paid if one leaves after ``month`` (0..12N): base, bonus, equity,
    sign_on and total; equity only as vested by then (nothing before the cliff).

    Parameters
    ----------
    {offer}
    month : int
        Months worked; read by ``params.coerce`` ("18" as 18).
    """
    month = coerce("leave_after", month, "int")
    if not 0 <= month <= 12 * offer.years:
        raise ParameterError(
            f"leave_after: {month} is outside the schedule: 0 to {12 * offer.years} months"
        )
    months = offer_months(offer)
    parts = months[["base", "bonus", "equity", "sign_on"]]
    paid = parts[months["month"] <= month].sum().where(parts.notna().any()).round(9)
    return pd.concat([paid, pd.Series({"total": paid.sum()})])


@docs
def price_scenarios(offer: Offer, changes: str | Sequence[float] = (-50, 0, 50)) -> pd.DataFrame:
    """Cumulative pay month by month under each yearly share-price change: month,
    price_change_pct, equity (vested so far, at that month's price), cumulative (total).

    Parameters
    ----------
    {offer}
    changes : list of float or text
        Yearly changes in percent ("-50,0,50"), each by the rule of ``price_change_pct``.
    """
    if isinstance(changes, str):
        changes = coerce("price_changes", changes, "list[str]")
    if not len(changes):
        raise ParameterError("price_changes is empty: give at least one yearly change")
    frames = [
        offer_months(replace(offer, price_change_pct=to_number("price_changes", c))).assign(
            price_change_pct=to_number("price_changes", c)
        )
        for c in dict.fromkeys(changes)
    ]
    frame = pd.concat(frames, ignore_index=True)
    frame["equity"] = frame.groupby("price_change_pct")["equity"].cumsum()
    return frame[["month", "price_change_pct", "equity", "cumulative"]]


@docs
def unknown_parts(years: pd.DataFrame) -> list[str]:
    """The parts a total leaves out: ['bonus (not stated)', 'equity (not valued)'].

    Parameters
    ----------
    {years}
    """
    return [f"{part} ({why})" for part, why in UNKNOWN.items() if years[part].isna().all()]


def total_label(name: str, missing: Sequence[str]) -> str:
    """'Total, year 1' or 'Total, year 1, without bonus (not stated)': what a total counts.

    Parameters
    ----------
    name : str
        The total's name.
    missing : list of str
        The parts it leaves out (:func:`unknown_parts`).
    """
    return f"{name}, without {' and '.join(missing)}" if missing else name


@dataclass(frozen=True)
class OfferTotals:
    """Year 1, the steady state (average of years 2..N; None when N = 1) and the sum of all;
    ``missing`` names the parts left out (each total is then a lower bound)."""

    first_year: float
    steady_state: float | None
    cumulative: float
    years: int
    missing: tuple[str, ...] = ()


@docs
def offer_totals(years: pd.DataFrame) -> OfferTotals:
    """First-year, steady-state and cumulative totals of the known parts.

    Parameters
    ----------
    {years}
    """
    if not len(years):
        raise ValueError("no years to sum: the frame is empty")
    totals = years.sort_values("year")["total"].astype(float).tolist()
    steady = math.fsum(totals[1:]) / (len(totals) - 1) if len(totals) > 1 else None
    missing = tuple(unknown_parts(years)) if set(UNKNOWN) <= set(years) else ()
    return OfferTotals(totals[0], steady, math.fsum(totals), len(totals), missing)


def place_value(value: float, low: float, high: float, *, open_high: bool = False):
    """Where ``value`` falls in a band: ``(position, percent)``, position one of POSITIONS,
    percent 0-100 inside a closed band (50 for a band of one value), NaN otherwise.

    Parameters
    ----------
    value, low, high : float
        The value and the band's ends.
    open_high : bool
        The top is open ("+"): a value at or past it is "at_or_above_floor".
    """
    if value < low:
        return "below", math.nan
    if open_high:
        return ("at_or_above_floor", math.nan) if value >= high else ("inside", math.nan)
    if value > high:
        return "above", math.nan
    if high == low:
        return "inside", 50.0
    return "inside", min(100.0, max(0.0, (value - low) / (high - low) * 100))  # float rounding


# The verdict of each case and the rule that gives it ({low}, {mid}, {high}: the band's ends
# and midpoint as written); "lower"/"upper" are the halves of a closed band.
VERDICTS = {
    "below": ("below the band", "under the low end {low}"),
    "lower": ("lower half", "from the low end {low} to under the midpoint {mid}"),
    "upper": ("upper half", "from the midpoint {mid} to the top {high}"),
    "above": ("above the band", "over the top {high}"),
    "open": ("inside, under the open top", "from the low end {low} to under {high}, an open top"),
    "at_or_above_floor": ("at or above the floor", "at or over {high}, the floor of the open top"),
    "not_stated": (NOT_STATED, "the terms state no value, so it has no position"),
    "not_valued": (NOT_VALUED, "a share of the company without a valuation has no dollar value"),
}
LOWER_BOUND = ("not placed", "the known part is under the low end {low}, a lower bound that")


def verdict(row) -> tuple[str, str]:
    """The verdict on a placed value and its rule: ('lower half', 'from the low end $280k to
    under the midpoint $365k'); a lower bound reads 'at least ...' (or 'not placed' below).

    Parameters
    ----------
    row : namedtuple
        A row of :func:`place_offer` (position, position_pct, low, high, unit, lower_bound).
    """
    case = row.position
    if case == "inside":
        case = "open" if row.open_high else ("lower" if row.position_pct < 50 else "upper")
    ends = {"low": row.low, "mid": (row.low + row.high) / 2, "high": row.high}
    text = {k: amount(v, row.unit) for k, v in ends.items()}
    name, rule = LOWER_BOUND if row.lower_bound and case == "below" else VERDICTS[case]
    if row.lower_bound:
        name = name if case == "below" else f"at least: {name}"
        rule += " leaves a part out" if case == "below" else " (a lower bound: a part left out)"
    return name, rule.format(**text)


@docs
def place_offer(offer: Offer, comp: pd.DataFrame) -> pd.DataFrame:
    """Where the offer falls in the bands of its level, for its own role and every other role.

    Parameters
    ----------
    {offer}
    {comp}

    One row per measure (``MEASURES``; no steady state for one year) and role band, the
    offer's role first, with the ``PLACEMENT_COLUMNS``: company, level, offer_role, role,
    own_role, measure, label, component, value, unit, low, high, open_high, position,
    position_pct, lower_bound, verdict, rule, source_id, quote. A bonus not stated or equity
    not valued has value NaN and position "not_stated" / "not_valued"; a total that leaves
    them out is a lower bound (its label names what it leaves out).
    """
    offer = check_offer(offer, comp)
    totals = offer_totals(offer_years(offer))
    values = dict(
        zip(
            MEASURES,
            [
                offer.base,
                math.nan if offer.bonus_pct is None else offer.bonus_pct,
                offer.equity_per_year,
                totals.first_year,
                totals.steady_state,
            ],
            strict=True,
        )
    )
    bands = comp[(comp["company"] == offer.company) & (comp["level"] == offer.level)]
    roles = [offer.role] + [r for r in _present(bands["role"]) if r != offer.role]
    bands = bands.assign(role=bands["role"].astype(str))
    bands = bands.assign(order=bands["role"].map(roles.index))
    measures = pd.DataFrame(
        [
            (m, c, total_label(lab, totals.missing) if c == "total" else lab, values[m])
            for m, (c, lab) in MEASURES.items()
            if values[m] is not None
        ],
        columns=["measure", "component", "label", "value"],
    )
    rows = measures.merge(bands.sort_values("order", kind="stable"), on="component")
    rows = rows.assign(
        offer_role=offer.role,
        own_role=rows["role"] == offer.role,
        lower_bound=rows["component"].eq("total") & bool(totals.missing),
    )
    rows = rows.astype({"value": float, "low": float, "high": float, "open_high": bool})
    unknown = {"bonus_pct": "not_stated", "equity_per_year": "not_valued"}
    placed = [
        (unknown[r.measure], math.nan)
        if r.value != r.value  # NaN: not stated or not valued
        else place_value(r.value, r.low, r.high, open_high=r.open_high)
        for r in rows.itertuples()
    ]
    rows[["position", "position_pct"]] = pd.DataFrame(placed, index=rows.index)
    rows[["verdict", "rule"]] = pd.DataFrame(
        [verdict(r) for r in rows.itertuples()], index=rows.index
    )
    return rows[PLACEMENT_COLUMNS].reset_index(drop=True)


@docs
def reference_points(data: dict[str, pd.DataFrame], *, company: str | None = None) -> pd.DataFrame:
    """The offers and negotiation outcomes the sources report (single cases, not advice):
    kind, company, role, level, component, amount, unit, approximate, quote, context_quote,
    source_id, source.

    Parameters
    ----------
    {data}
    company : str, optional
        Only this company's points.
    """
    offers, deals = data["offer_points"], data["negotiations"]
    offers = offers.assign(
        kind="offer",
        amount=offers["value"].astype(float),
        approximate=offers["approximate"].astype(bool),
        context_quote=offers["context_quote"].where(offers["context_quote"].map(type).eq(str)),
    )
    deals = deals.assign(
        kind="negotiation",
        amount=deals["amount"].astype(float),
        approximate=False,
        context_quote=None,
    )
    frame = pd.concat([offers, deals], ignore_index=True).astype({"role": str, "level": str})
    frame["source"] = [source_label(s, data["sources"]) for s in frame["source_id"]]
    if company is not None:
        frame = frame[frame["company"] == company]
    columns = [
        "kind",
        "company",
        "role",
        "level",
        "component",
        "amount",
        "unit",
        "approximate",
        "quote",
        "context_quote",
        "source_id",
        "source",
    ]
    return frame[columns].reset_index(drop=True)


@docs
def reported_offer(
    data: dict[str, pd.DataFrame], *, offer_id: str | None = None, company: str | None = None
) -> dict:
    """One reported offer: company, offer_id, role, level, source_id, base, sign_on, bonus,
    equity_annual, equity_share (None if not stated), approximate (components "about").

    Parameters
    ----------
    {data}
    offer_id : str, optional
        Which offer; without it the data must hold exactly one.
    company : str, optional
        Only this company's offers.
    """
    points = data["offer_points"]
    if company is not None:
        points = points[points["company"] == company]
    ids = list(dict.fromkeys(points["offer_id"]))
    if offer_id is None and len(ids) != 1:
        raise ParameterError(
            f"the data holds {len(ids)} reported offers; choose offer_id from: {choices_text(ids)}"
        )
    offer_id = choose("offer_id", ids[0] if offer_id is None else offer_id, ids)
    rows = points[points["offer_id"] == offer_id]
    found = dict(zip(rows["component"], rows["value"].astype(float), strict=True))
    first = {k: str(rows[k].iloc[0]) for k in ("company", "role", "level", "source_id")}
    found = {c: found.get(c) for c in ("base", "sign_on", "bonus", "equity_annual", "equity_share")}
    approximate = rows.loc[rows["approximate"].astype(bool), "component"].tolist()
    return {**first, "offer_id": offer_id, **found, "approximate": approximate}


def reported_terms(reported: dict, **given) -> dict:
    """The terms of :class:`Offer` for a reported offer (:func:`reported_offer`), each given
    parameter that is not None replacing its term; one equity term given replaces the
    reported equity. A component the source does not state stays None ("not stated").

    Parameters
    ----------
    reported : dict
        As :func:`reported_offer` returns it.
    **given
        Parameters of :func:`offer_from_params`; None: the reported offer's.
    """
    terms = {"role": reported["role"], "level": reported["level"], "company": reported["company"]}
    terms |= {"base": reported["base"], "bonus_pct": reported["bonus"]}
    terms |= {"sign_on": reported["sign_on"] or 0.0, "equity_annual": reported["equity_annual"]}
    terms["equity_share"] = reported["equity_share"]
    given = {n: v for n, v in given.items() if v is not None}
    if any(n in given for n in EQUITY) or all(terms[n] is None for n in EQUITY[1:]):
        terms = {n: v for n, v in terms.items() if n not in EQUITY}
    return {n: v for n, v in terms.items() if v is not None} | given


@docs
def offer_from_params(comp: pd.DataFrame, **params) -> Offer:
    """An :class:`Offer` from notebook or command parameters, checked against the data.

    Parameters
    ----------
    {comp}
    **params
        The terms of :class:`Offer`; text (papermill's, a shell's) read by ``params.coerce``
        as ``PARAMS`` declares; vesting and sign_on_schedule may be comma-separated text.
    """
    for name in params:
        choose("parameter", name, TERMS)
    terms = {n: coerce(n, v, PARAMS[n]) if n in PARAMS else v for n, v in params.items()}
    if isinstance(terms.get("sign_on_schedule"), str):
        terms["sign_on_schedule"] = coerce("sign_on_schedule", terms["sign_on_schedule"], "list")
    return check_offer(Offer(**terms), comp)


@docs
def reported_or_given(data: dict[str, pd.DataFrame], **given) -> Offer:
    """The offer of the offer_check notebook (and of its check before a report build): the
    reported offer of ``given['company']`` (:func:`reported_offer`), each term in ``given``
    that is not None replacing the reported one (:func:`reported_terms`).

    Parameters
    ----------
    {data}
    **given
        Terms of :func:`offer_from_params` (``TERMS``), None: the reported offer's.
    """
    reported = reported_offer(data, company=given.get("company"))
    return offer_from_params(data["compensation"], **reported_terms(reported, **given))
