"""Figure builders: a tidy frame in, a plotly Figure out; nothing shown, saved or read.

Every builder takes the frame a loader returns first and everything else keyword-only
(``company=``, ``roles=``, ``levels=``, ``sources=``, ``level_titles=``), raises a ValueError
naming the valid choices for an empty frame or an unknown value, and puts a source line
inside the figure so that an exported chart keeps its provenance. What they share is in
``wbroles.plots.base``.
"""

from .compensation import comp_breakdown, comp_ranges, offer_reference_chart, role_gap_chart
from .observations import company_comparison, percentile_bands
from .offer import offer_placement_chart, offer_years_chart
from .roles import (
    career_paths_chart,
    interview_loops,
    interview_timeline,
    rubric_chart,
    skills_radar,
)

__all__ = [
    "career_paths_chart",
    "comp_breakdown",
    "comp_ranges",
    "company_comparison",
    "interview_loops",
    "interview_timeline",
    "offer_placement_chart",
    "offer_reference_chart",
    "offer_years_chart",
    "percentile_bands",
    "role_gap_chart",
    "rubric_chart",
    "skills_radar",
]
