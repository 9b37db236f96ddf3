"""A 120-character vendor name is shortened with an ellipsis on a chart, in full on hover and in the table."""

import numpy as np
import pandas as pd

from engine import charts
from engine.charts.base import LABEL_CHARS, short_labels

LONG = "Averyveryverylongvendornamewithoutanyspaces" * 3  # 129 characters, no break
TWIN = LONG[:-1] + "Z"  # the same first LABEL_CHARS characters


def test_short_labels_cut_with_an_ellipsis_and_stay_distinct():
    labels = short_labels([LONG, TWIN, "Acme"])
    assert labels[0] == LONG[: LABEL_CHARS - 1] + "…"
    assert len(labels[0]) == LABEL_CHARS
    assert labels[1] != labels[0] and labels[1].endswith("(2)")
    assert labels[2] == "Acme"


def test_bar_charts_label_vendors_short_and_hover_the_full_name():
    vendors = pd.DataFrame(
        {"name": [LONG, TWIN, "Acme"], "total": [0.7, 0.5, 0.2], "position": [0, 1, 2]}, index=[10, 20, 30]
    )
    criteria = pd.DataFrame({"name": ["Depth"], "group": ["capability_depth"]}, index=[1])
    contributions = pd.DataFrame([[0.7], [0.5], [0.2]], index=[10, 20, 30], columns=[1])
    probabilities = pd.DataFrame(np.eye(3) * 0.7 + 0.1, index=[10, 20, 30], columns=[1, 2, 3])
    for chart in (
        charts.selection.contributions_by_group(vendors, contributions, criteria),
        charts.robustness.rank_probability_bars(probabilities, vendors),
    ):
        bars = chart.figure.data[0]
        assert max(len(label) for label in bars.y) <= LABEL_CHARS + 4
        assert len(set(bars.y)) == 3
        assert list(bars.hovertext) == [LONG, TWIN, "Acme"]
        assert "%{hovertext}" in bars.hovertemplate
        assert chart.rows[0][0] == LONG  # the table keeps the full name


def test_scatter_charts_label_vendors_short_and_hover_the_full_name():
    metrics = pd.DataFrame(
        {
            "name": [LONG, "Acme"],
            "depth_index": [0.8, 0.3],
            "credible_roadmap": [0.7, 0.6],
            "rd_intensity": [0.2, 0.05],
            "offered_capabilities": [4, 25],
            "shallow_breadth_share": [0.0, 0.8],
        },
        index=[10, 20],
    )
    for chart in (charts.selection.positioning(metrics), charts.selection.depth_vs_breadth(metrics)):
        first, second = chart.figure.data[:2]  # one numbered point per vendor, named in the legend
        assert [first.name, second.name] == [f"1 · {LONG[: LABEL_CHARS - 1]}…", "2 · Acme"]
        assert [list(first.hovertext), list(second.hovertext)] == [[LONG], ["Acme"]]
        assert "%{hovertext}" in first.hovertemplate


def test_the_radar_legend_names_the_vendor_short():
    profile = pd.DataFrame({"domain": ["A", "B", "C"], "vendor": [3.0, 2.0, 1.0], "best": [4.0, 3.0, 2.0]})
    chart = charts.scorecard.domain_radar(profile, LONG)
    assert chart.figure.data[-1].name == LONG[: LABEL_CHARS - 1] + "…"
