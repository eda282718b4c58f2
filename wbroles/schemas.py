"""What a valid row of each table is: one pandera model per table, plus keys and references.

The models say the types and the per-value rules; ``TABLES`` adds what pandera does not
express per table: the file name, the unique key, and the tables whose rows it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

import pandera.pandas as pa
from pandera.typing import Series

from .format import LIMITS, number

COMPONENTS = ("base", "bonus", "equity", "total")
MONEY_UNITS = ("usd_per_year", "usd")
COMPONENT_UNITS = {
    "base": "usd_per_year",
    "bonus": "pct_of_base",
    "equity": "usd_per_year",
    "total": "usd_per_year",
}
SKILL_SCALE = {1: "peripheral", 2: "required", 3: "core"}
CODE = r"^[A-Za-z][A-Za-z0-9_+-]*$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


# Text that shows something: not only spaces or invisible characters (zero-width, BOM).
VISIBLE = r"[^\s\u200b-\u200f\u2060\ufeff]"
# What a value that breaks one of these patterns reads as, in validation and observations.
CODE_TEXT = "'{v}' is not a code (a letter, then letters, digits, _ + -)"
DATE_TEXT = "'{v}' is not a date written YYYY-MM-DD"
BLANK = "is blank (text is required)"
# The message of each failed pandera check, by its name (by its pattern for str_matches).
CHECK_TEXT = {
    "greater_than_or_equal_to": "{v} is below {min_value}",
    "less_than_or_equal_to": "{v} is above {max_value}",
    "isin": "'{v}' is not one of: {allowed}",
    "real_date": "'{v}' is not a real calendar date",
    CODE: CODE_TEXT,
    ISO_DATE: DATE_TEXT,
    VISIBLE: BLANK,
}


def _within_unit(df, column: str):
    """``column`` at most the largest plausible value of each row's unit (``format.LIMITS``);
    percentages have their own rule, and an unknown unit has its own problem."""
    top = df["unit"].map(lambda unit: LIMITS.get(unit, (0, float("inf")))[1])
    return df["unit"].str.startswith("pct_") | (df[column] <= top)


def _text():
    return pa.Field(str_matches=VISIBLE)


def _code():
    return pa.Field(str_matches=CODE)


def _is_date(text: str) -> bool:
    try:
        Date.fromisoformat(text)
    except ValueError:
        return False
    return True


class Provenance(pa.DataFrameModel):
    source_id: Series[str] = _code()
    quote: Series[str] = _text()


class Claim(Provenance):  # a fact about a company, with its provenance
    company: Series[str] = _text()


class RoleClaim(Claim):  # a fact about one role of a company
    role: Series[str] = _code()


class Sources(pa.DataFrameModel):
    source_id: Series[str] = _code()
    keyword: Series[str] = _text()
    company: Series[str] = _text()
    date: Series[str] = pa.Field(str_matches=ISO_DATE)
    publisher: Series[str] = _text()
    file: Series[str] = pa.Field(nullable=True)

    @pa.check("date", error="real_date")
    def real_date(cls, dates):
        # the pattern admits 2026-02-30; the calendar does not (other shapes fail the pattern)
        return ~dates.str.match(ISO_DATE) | dates.map(_is_date)


class Roles(RoleClaim):
    title: Series[str] = _text()


class Levels(Claim):
    level: Series[str] = _code()
    title: Series[str] = _text()
    rank: Series[int] = pa.Field(ge=0)


class RoleFacts(RoleClaim):
    aspect: Series[str] = _code()
    statement: Series[str] = _text()


class Compensation(RoleClaim):
    level: Series[str] = _code()
    component: Series[str] = pa.Field(isin=list(COMPONENTS))
    low: Series[float] = pa.Field(ge=0)
    high: Series[float] = pa.Field(ge=0)
    open_high: Series[bool]
    unit: Series[str] = pa.Field(isin=sorted(set(COMPONENT_UNITS.values())))

    @pa.dataframe_check(error="low_le_high")
    def low_le_high(cls, df):
        return df["low"] <= df["high"]

    @pa.dataframe_check(error="unit_matches_component")
    def unit_matches_component(cls, df):
        # an unknown component has its own problem; do not report its unit as well
        known = df["component"].isin(COMPONENTS)
        return ~known | (df["unit"] == df["component"].map(COMPONENT_UNITS))

    @pa.dataframe_check(error="percent_le_100")
    def percent_le_100(cls, df):
        return (df["unit"] != "pct_of_base") | (df["high"] <= 100)

    @pa.dataframe_check(error="high_within_unit")
    def high_within_unit(cls, df):
        return _within_unit(df, "high")


class OfferPoints(Claim):
    offer_id: Series[str] = _code()
    role: Series[str] = _code()
    level: Series[str] = _code()
    component: Series[str] = pa.Field(
        isin=["base", "bonus", "equity_annual", "equity_share", "sign_on"]
    )
    value: Series[float] = pa.Field(ge=0)
    unit: Series[str] = pa.Field(isin=["usd_per_year", "usd", "pct_of_base", "pct_of_company"])
    approximate: Series[bool]
    context_quote: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(error="value_percent_le_100")
    def value_percent_le_100(cls, df):
        return ~df["unit"].str.startswith("pct_") | (df["value"] <= 100)

    @pa.dataframe_check(error="value_within_unit")
    def value_within_unit(cls, df):
        return _within_unit(df, "value")


class Negotiations(RoleClaim):
    level: Series[str] = _code()
    component: Series[str] = pa.Field(isin=["base", "equity", "first_year_equity", "sign_on"])
    amount: Series[float] = pa.Field(ge=0)
    unit: Series[str] = pa.Field(isin=list(MONEY_UNITS))

    @pa.dataframe_check(error="amount_within_unit")
    def amount_within_unit(cls, df):
        return _within_unit(df, "amount")


class Audience(Claim):
    audience: Series[str] = _text()
    measure: Series[str] = pa.Field(isin=["total_comp", "earnings", "experience"])
    low: Series[float] = pa.Field(ge=0)
    high: Series[float] = pa.Field(ge=0)
    open_high: Series[bool]
    unit: Series[str] = pa.Field(isin=["usd_per_year", "years"])

    @pa.dataframe_check(error="low_le_high")
    def low_le_high(cls, df):
        return df["low"] <= df["high"]

    @pa.dataframe_check(error="high_within_unit")
    def high_within_unit(cls, df):
        return _within_unit(df, "high")


class SkillAxes(pa.DataFrameModel):
    skill: Series[str] = _text()
    axis_order: Series[int] = pa.Field(ge=1)
    description: Series[str] = _text()


class Skills(RoleClaim):
    skill: Series[str] = _text()
    score: Series[int] = pa.Field(isin=list(SKILL_SCALE))


class InterviewRounds(RoleClaim):
    round_order: Series[int] = pa.Field(ge=1)
    round: Series[str] = _text()
    evaluates: Series[str] = pa.Field(nullable=True)


class InterviewProcess(RoleClaim):
    measure: Series[str] = pa.Field(isin=["rounds", "duration"])
    value: Series[float] = pa.Field(ge=0)
    unit: Series[str] = pa.Field(isin=["rounds", "days"])

    @pa.dataframe_check(error="value_within_unit")
    def value_within_unit(cls, df):
        return _within_unit(df, "value")


class Rubric(RoleClaim):
    round: Series[str] = _text()
    criterion: Series[str] = _text()
    weight_pct: Series[float] = pa.Field(ge=0, le=100)


class CareerPaths(RoleClaim):
    step_order: Series[int] = pa.Field(ge=1)
    step: Series[str] = _text()
    branch: Series[str] = pa.Field(nullable=True)


# Messages for the row-level rules above, by the name each check is registered under:
# (the column the problem is reported in, the text, from the row's values).
ROW_RULES = {
    "low_le_high": ("low", "{low} is above high {high}"),
    "unit_matches_component": (
        "unit",
        "'{unit}' does not fit component '{component}' (expected '{expected}')",
    ),
    "percent_le_100": ("high", "{high} is above 100 (a percentage)"),
    "value_percent_le_100": ("value", "{value} is above 100 (unit '{unit}' is a percentage)"),
    # a value above its unit's limit (format.LIMITS), for each column that holds one
    **{
        f"{c}_within_unit": (
            c,
            f"{{{c}}} is above {{limit}}, the largest plausible value in {{unit}}",
        )
        for c in ("high", "value", "amount")
    },
}


def row_message(check: str, row) -> str:
    """The words for ``row`` (a Series) breaking the frame check ``check`` of ``ROW_RULES``."""
    values = {k: number(v) if isinstance(v, float) else str(v) for k, v in row.items()}
    expected = COMPONENT_UNITS.get(values.get("component"), "?")
    limit = number(LIMITS.get(values.get("unit"), (0, 0))[1])
    return ROW_RULES[check][1].format(**values, expected=expected, limit=limit)


@dataclass(frozen=True)
class Table:
    """A data file: its pandera model, its key (column names, space-separated) and the tables
    whose rows it names (space-separated): each row's values of a named table's key columns
    must be the key of one of its rows (every ``source_id`` a known source, every role and
    level a known code)."""

    name: str
    model: type[pa.DataFrameModel]
    keys: str
    refers_to: str = ""
    description: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(self.keys.split())

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(self.refers_to.split())

    @property
    def file(self) -> str:
        return f"{self.name}.csv"


TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table("sources", Sources, "source_id", "", "the articles every fact cites"),
        Table("roles", Roles, "company role", "sources", "role codes and titles"),
        Table("levels", Levels, "company level", "sources", "level codes, titles, rank"),
        Table(
            "role_facts",
            RoleFacts,
            "company role aspect",
            "sources roles",
            "accountability, focus and other statements about each role",
        ),
        Table(
            "compensation",
            Compensation,
            "company role level component",
            "sources roles levels",
            "published pay bands per role, level and component",
        ),
        Table(
            "offer_points",
            OfferPoints,
            "company offer_id component",
            "sources roles levels",
            "offers reported by a source, one row per component",
        ),
        Table(
            "negotiations",
            Negotiations,
            "company role level component source_id",
            "sources roles levels",
            "negotiation outcomes reported by a source",
        ),
        Table(
            "audience",
            Audience,
            "company source_id measure",
            "sources",
            "who each article is written for, with their pay band",
        ),
        Table("skill_axes", SkillAxes, "skill", "", "the shared skill axes"),
        Table(
            "skills",
            Skills,
            "company role skill",
            "sources roles skill_axes",
            "skill emphasis per role, scored 1-3 with its evidence",
        ),
        Table(
            "interview_rounds",
            InterviewRounds,
            "company role source_id round_order",
            "sources roles",
            "interview rounds per role, as each source lists them",
        ),
        Table(
            "interview_process",
            InterviewProcess,
            "company role source_id measure",
            "sources roles",
            "number of rounds and length of the interview process",
        ),
        Table(
            "rubric",
            Rubric,
            "company role round criterion",
            "sources roles",
            "scoring rubric weights of an interview round",
        ),
        Table(
            "career_paths",
            CareerPaths,
            "company role step_order step",
            "sources roles",
            "each track's next steps",
        ),
    ]
}
