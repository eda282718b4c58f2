"""wbroles: PM vs TPM at Weights & Biases, from cited sources to offline reports.

The public names: one loader per table (``load_compensation``, ...; ``load_all``), the derived
numbers, notebook parameter checks, observations and their percentiles, and the offer check.
Charts are in ``wbroles.plots``, tables for reading in ``wbroles.tables``, findings in words in
``wbroles.narrative``. The ``wbroles`` command lives outside the package (``wbroles_cli``), so
that it starts without importing any of this.
"""

from __future__ import annotations

from .derive import component_dollars, derived_totals, reconciliation, role_gap
from .errors import DataError, ParameterError, Problem
from .load import (
    load_all,
    load_audience,
    load_career_paths,
    load_compensation,
    load_interview_process,
    load_interview_rounds,
    load_levels,
    load_negotiations,
    load_offer_points,
    load_role_facts,
    load_roles,
    load_rubric,
    load_skill_axes,
    load_skills,
    load_sources,
    load_table,
)
from .observations import (
    is_synthetic,
    load_example_observations,
    load_observation_sources,
    load_observations,
)
from .offer import (
    Offer,
    OfferTotals,
    check_offer,
    offer_from_params,
    offer_totals,
    offer_years,
    place_offer,
    place_value,
    reference_points,
    reported_offer,
    vesting_schedule,
)
from .params import check_params
from .paths import resolve_data_dir
from .percentiles import percentile_summary, summarize_observations

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Offer",
    "OfferTotals",
    "ParameterError",
    "Problem",
    "check_offer",
    "check_params",
    "component_dollars",
    "derived_totals",
    "is_synthetic",
    "load_all",
    "load_audience",
    "load_career_paths",
    "load_compensation",
    "load_example_observations",
    "load_interview_process",
    "load_interview_rounds",
    "load_levels",
    "load_negotiations",
    "load_observation_sources",
    "load_observations",
    "load_offer_points",
    "load_role_facts",
    "load_roles",
    "load_rubric",
    "load_skill_axes",
    "load_skills",
    "load_sources",
    "load_table",
    "offer_from_params",
    "offer_totals",
    "offer_years",
    "percentile_summary",
    "place_offer",
    "place_value",
    "reconciliation",
    "reference_points",
    "reported_offer",
    "resolve_data_dir",
    "role_gap",
    "summarize_observations",
    "vesting_schedule",
]
