"""wbroles: PM vs TPM at Weights & Biases, from cited sources to offline reports.

Public names are imported on first use, so that importing the package (and running the
``wbroles`` command) stays fast; ``from wbroles import load_compensation`` works as usual.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    # errors: lazy too, as dataclasses and pathlib are a third of `wbroles --help`
    "DataError": "wbroles.errors",
    "Problem": "wbroles.errors",
    # loading and validation
    **{
        name: "wbroles.load"
        for name in [
            "load_table",
            "load_all",
            "load_sources",
            "load_roles",
            "load_levels",
            "load_role_facts",
            "load_compensation",
            "load_offer_points",
            "load_negotiations",
            "load_audience",
            "load_skill_axes",
            "load_skills",
            "load_interview_rounds",
            "load_interview_process",
            "load_rubric",
            "load_career_paths",
        ]
    },
    # derived numbers
    "component_dollars": "wbroles.derive",
    "derived_totals": "wbroles.derive",
    "reconciliation": "wbroles.derive",
    "role_gap": "wbroles.derive",
    "resolve_data_dir": "wbroles.paths",
    "check_params": "wbroles.params",
    # observations (bring your own data) and their percentile summary
    "load_observations": "wbroles.observations",
    "load_example_observations": "wbroles.observations",
    "load_observation_sources": "wbroles.observations",
    "is_synthetic": "wbroles.observations",
    "TooManyProblems": "wbroles.observations",
    "percentile_summary": "wbroles.percentiles",
    "ParameterError": "wbroles.params",
    # an offer placed on the bands, year by year (its tables and words: wbroles.offer)
    **{
        name: "wbroles.offer"
        for name in [
            "Offer",
            "OfferTotals",
            "check_offer",
            "offer_from_params",
            "offer_years",
            "offer_totals",
            "place_offer",
            "place_value",
            "vesting_schedule",
            "reference_points",
            "reported_offer",
        ]
    },
}

__all__ = list(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wbroles' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
