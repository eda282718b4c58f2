"""Figure builders: a tidy frame in, a plotly Figure out; nothing shown, nothing saved.

Every builder takes the frame a loader returns first and everything else keyword-only
(``company=``, ``roles=``, ``levels=``, ``component=``, ``sources=``), raises ``ValueError``
naming the valid choices for an empty frame or an unknown value, and puts a source line
inside the figure so that an exported chart keeps its provenance.
"""

from .compensation import comp_breakdown, comp_ranges, offer_reference_chart, role_gap_chart
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
    "interview_loops",
    "interview_timeline",
    "offer_reference_chart",
    "role_gap_chart",
    "rubric_chart",
    "skills_radar",
]
