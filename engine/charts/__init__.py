"""Pure plotly figures: DataFrames in, figures (wrapped with their text alternative) out.

No Django import here. Pages receive ``Chart.payload`` through the
``json_script`` filter and ``static/js/charts.js`` draws it with the vendored
plotly.js bundle, so every chart works under a strict CSP and offline.
"""

from . import investment, roadmap, robustness, scorecard, selection, vendor
from .base import OKABE_ITO, WARNING, Chart
from .memo import memoised
from .selection import NO_REQUIREMENTS

# Every builder is reused for the same inputs (memo.py); tests of one builder call the modules.
rd_and_funding = memoised(investment.rd_and_funding)
rank_probability_bars = memoised(robustness.rank_probability_bars)
sensitivity_tornado = memoised(robustness.sensitivity_tornado)
domain_radar = memoised(scorecard.domain_radar)
contributions_by_group = memoised(selection.contributions_by_group)
depth_vs_breadth = memoised(selection.depth_vs_breadth)
positioning = memoised(selection.positioning)
maturity_over_time = memoised(vendor.maturity_over_time)
roadmap_timeline = memoised(roadmap.roadmap_timeline)

__all__ = [
    "OKABE_ITO",
    "NO_REQUIREMENTS",
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
