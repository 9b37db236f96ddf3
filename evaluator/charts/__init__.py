"""Pure plotly figures: DataFrames in, figures (wrapped with their text alternative) out.

No Django import here. Pages receive ``Chart.payload`` through the
``json_script`` filter and ``static/js/charts.js`` draws it with the vendored
plotly.js bundle, so every chart works under a strict CSP and offline.
"""

from .base import OKABE_ITO, WARNING, Chart
from .investment import rd_and_funding
from .robustness import rank_probability_bars, sensitivity_tornado
from .scorecard import domain_radar
from .selection import contributions_by_group, depth_vs_breadth, positioning
from .vendor import maturity_over_time, roadmap_timeline

__all__ = [
    "OKABE_ITO",
    "WARNING",
    "Chart",
    "contributions_by_group",
    "depth_vs_breadth",
    "domain_radar",
    "maturity_over_time",
    "positioning",
    "rank_probability_bars",
    "rd_and_funding",
    "roadmap_timeline",
    "sensitivity_tornado",
]
