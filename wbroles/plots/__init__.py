"""Figure builders: a tidy frame in, a plotly Figure out; nothing shown, nothing saved.

Every builder takes the frame a loader returns first and everything else keyword-only
(``company=``, ``roles=``, ``levels=``, ``component=``, ``sources=``), raises ``ValueError``
naming the valid choices for an empty frame or an unknown value, and puts a source line
inside the figure so that an exported chart keeps its provenance.
"""

from __future__ import annotations

import importlib

# Imported on first use: wbroles.offer and wbroles.narrative use plots.style for money
# labels, and an eager import of every builder here would import them back in a cycle.
_LAZY = {
    "comp_breakdown": "compensation",
    "comp_ranges": "compensation",
    "offer_reference_chart": "compensation",
    "role_gap_chart": "compensation",
    "offer_placement_chart": "offer",
    "offer_years_chart": "offer",
    "career_paths_chart": "roles",
    "interview_loops": "roles",
    "interview_timeline": "roles",
    "rubric_chart": "roles",
    "skills_radar": "roles",
    "company_comparison": "observations",
    "percentile_bands": "observations",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
