"""Small synthetic frames for the chart tests: a second company with a third level (L7) and a
third role, so that the builders are shown not to be tied to two roles, two levels or one
company. The numbers are made up for the tests and cite a made-up source id.
"""

from __future__ import annotations

import pandas as pd

from wbroles.schemas import TABLES
from wbroles.validation import columns

SYNTHETIC_COMPANY = "Example Labs"
SYNTHETIC_SOURCE = "example-survey"
SYNTHETIC_SOURCE_LINE = "Example Labs survey (2026-01-15)"

COMP_COLUMNS = columns(TABLES["compensation"])
_UNITS = {"total": "usd_per_year", "base": "usd_per_year", "bonus": "pct_of_base"}

# role, level -> component -> (low, high, open_high). L7 TPM equity is above L7 PM equity,
# so that the gap chart has a difference in the other direction; L7 PM total is open.
SYNTHETIC_BANDS = {
    ("PM", "L5"): {
        "total": (200_000, 300_000, False),
        "base": (150_000, 180_000, False),
        "bonus": (10, 10, False),
        "equity": (40_000, 100_000, False),
    },
    ("TPM", "L5"): {
        "total": (190_000, 290_000, False),
        "base": (140_000, 175_000, False),
        "bonus": (10, 10, False),
        "equity": (35_000, 95_000, False),
    },
    ("PM", "L6"): {
        "total": (280_000, 420_000, False),
        "base": (190_000, 230_000, False),
        "bonus": (15, 15, False),
        "equity": (60_000, 150_000, False),
    },
    ("TPM", "L6"): {
        "total": (270_000, 400_000, False),
        "base": (185_000, 225_000, False),
        "bonus": (15, 15, False),
        "equity": (55_000, 140_000, False),
    },
    ("PM", "L7"): {
        "total": (400_000, 600_000, True),
        "base": (240_000, 280_000, False),
        "bonus": (20, 20, False),
        "equity": (100_000, 250_000, True),
    },
    ("TPM", "L7"): {
        "total": (390_000, 560_000, False),
        "base": (235_000, 270_000, False),
        "bonus": (20, 25, False),
        "equity": (110_000, 260_000, False),
    },
    ("EM", "L7"): {
        "total": (380_000, 540_000, False),
        "base": (230_000, 265_000, False),
        "bonus": (20, 20, False),
        "equity": (100_000, 220_000, False),
    },
}


def synthetic_quote(role: str, level: str, component: str) -> str:
    return f"Example Labs {role} {level} {component} band (synthetic test row)"


def synthetic_compensation() -> pd.DataFrame:
    """Example Labs bands, long form like ``load_compensation``; plain string columns."""
    rows = [
        {
            "company": SYNTHETIC_COMPANY,
            "role": role,
            "level": level,
            "component": component,
            "low": float(low),
            "high": float(high),
            "open_high": open_high,
            "unit": _UNITS.get(component, "usd_per_year"),
            "source_id": SYNTHETIC_SOURCE,
            "quote": synthetic_quote(role, level, component),
        }
        for (role, level), components in SYNTHETIC_BANDS.items()
        for component, (low, high, open_high) in components.items()
    ]
    return pd.DataFrame(rows, columns=COMP_COLUMNS)


def two_companies(real: pd.DataFrame) -> pd.DataFrame:
    """The real bands and the synthetic company's in one frame."""
    both = pd.concat(
        [real.astype({"role": str, "level": str}), synthetic_compensation()],
        ignore_index=True,
    )
    return both


def synthetic_sources() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "source_id": SYNTHETIC_SOURCE,
                "keyword": "Example Labs survey",
                "company": SYNTHETIC_COMPANY,
                "date": "2026-01-15",
                "publisher": "tests",
                "file": None,
            }
        ]
    )


def synthetic_offers() -> pd.DataFrame:
    """One Example Labs offer at L7: base (exact), sign-on and an equity share."""
    common = {
        "company": SYNTHETIC_COMPANY,
        "offer_id": "example-offer",
        "role": "TPM",
        "level": "L7",
        "source_id": SYNTHETIC_SOURCE,
        "context_quote": None,
    }
    return pd.DataFrame(
        [
            {
                **common,
                "component": "base",
                "value": 250_000.0,
                "unit": "usd_per_year",
                "approximate": False,
                "quote": "a TPM L7 base of $250,000 (synthetic)",
            },
            {
                **common,
                "component": "sign_on",
                "value": 40_000.0,
                "unit": "usd",
                "approximate": False,
                "quote": "a $40,000 sign-on (synthetic)",
            },
            {
                **common,
                "component": "equity_share",
                "value": 0.1,
                "unit": "pct_of_company",
                "approximate": False,
                "quote": "0.1 % equity (synthetic)",
            },
        ]
    )


def synthetic_negotiations() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "company": SYNTHETIC_COMPANY,
                "role": "PM",
                "level": "L7",
                "component": "first_year_equity",
                "amount": 60_000.0,
                "unit": "usd",
                "source_id": SYNTHETIC_SOURCE,
                "quote": "an extra $60,000 in first-year equity (synthetic)",
            }
        ]
    )
