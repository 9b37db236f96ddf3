"""The dashboard's chart builders, without a database: what each figure and its table say."""

import json

import numpy as np
import pandas as pd

from engine import charts
from engine.charts.robustness import RANK_COLOURS
from engine.charts.selection import GROUP_COLOURS

NAN = float("nan")


def score_frames():
    vendors = pd.DataFrame(
        {"name": ["Deepwatch", "Suite", "Startup"], "total": [0.7, 0.5, 0.2], "position": [0, 1, 2]},
        index=pd.Index([10, 20, 30], name="vendor_id"),
    ).iloc[[2, 0, 1]]  # display order comes from position, not from the frame's order
    criteria = pd.DataFrame(
        {
            "name": ["Depth", "Evenness", "Record"],
            "group": ["capability_depth", "capability_depth", "delivery_record"],
        },
        index=pd.Index([1, 2, 3], name="criterion_id"),
    )
    contributions = pd.DataFrame(
        [[0.4, 0.1, 0.2], [0.2, 0.1, 0.2], [0.1, 0.0, 0.1]], index=[10, 20, 30], columns=[1, 2, 3]
    )
    return vendors, contributions, criteria


def metrics_frame():
    return pd.DataFrame(
        {
            "name": ["Deepwatch", "Suite", "Startup", "Unknown"],
            "depth_index": [0.8, 0.3, 0.2, NAN],
            "credible_roadmap": [0.7, 0.6, 0.1, NAN],
            "rd_intensity": [0.2, 0.05, NAN, NAN],
            "offered_capabilities": [4, 25, 3, NAN],
            "shallow_breadth_share": [0.0, 0.8, 0.34, NAN],
        },
        index=[10, 20, 30, 40],
    )


def test_the_contributions_chart_stacks_one_bar_per_group_in_rank_order_and_adds_up_to_the_total():
    vendors, contributions, criteria = score_frames()
    chart = charts.contributions_by_group(
        vendors, contributions, criteria, group_labels={"capability_depth": "Capability depth"}
    )
    depth = next(t for t in chart.figure.data if t.name == "Capability depth")
    assert list(depth.y) == ["Deepwatch", "Suite", "Startup"]
    assert np.allclose(depth.x, [0.5, 0.3, 0.1])  # two depth criteria summed
    assert depth.marker.color == GROUP_COLOURS["capability_depth"]
    assert chart.figure.layout.barmode == "stack"
    assert chart.rows[0] == ("Deepwatch", "0.500", "0.200", "0.700")
    assert chart.summary.startswith("Deepwatch ranks first with 0.700, most of it from Capability depth.")


def test_the_positioning_chart_splits_quadrants_at_the_field_median_and_sizes_bubbles_by_rd_intensity():
    chart = charts.positioning(metrics_frame())
    bubbles = chart.figure.data[0]
    assert list(bubbles.text) == ["Deepwatch", "Suite", "Startup"]  # Unknown has no values to place
    sizes = list(bubbles.marker.size)
    assert sizes[0] > sizes[1] > 0 and bubbles.marker.symbol[2] == "circle-open"  # unknown intensity
    vertical = next(s for s in chart.figure.layout.shapes if s.xref == "x")
    assert vertical.x0 == 0.3  # median depth of the three placed
    assert {a.text for a in chart.figure.layout.annotations} >= {"Deep today, credible tomorrow"}
    assert chart.figure.layout.xaxis.title.text.startswith("Strength of what ships today")
    assert chart.figure.layout.yaxis.title.text.startswith("Credibility of what is promised")
    deepwatch = next(row for row in chart.rows if row[0] == "Deepwatch")
    assert deepwatch[3:] == ("20.0 %", "Deep today, credible tomorrow")
    assert "Not placed (data missing): Unknown." in chart.summary


def test_the_depth_breadth_chart_sets_the_broad_but_shallow_suite_apart():
    chart = charts.depth_vs_breadth(metrics_frame())
    points = chart.figure.data[0]
    suite = list(points.text).index("Suite")
    assert points.marker.color[suite] == charts.WARNING and points.marker.symbol[suite] == "triangle-down"
    assert points.marker.color[0] != charts.WARNING
    assert chart.figure.layout.xaxis.title.text.startswith("Breadth")
    assert "Broadest: Suite (25 capabilities, depth 0.30)" in chart.summary


def sensitivity_findings():
    return pd.DataFrame(
        {
            "criterion": ["Depth", "Record", "Cost"],
            "weight": [0.5, 0.3, 0.2],
            "change": [-0.1, 0.25, NAN],
            "relative_change": [0.2, 0.83, NAN],
            "new_leader": ["Suite", "Startup", None],
        }
    )


def test_the_tornado_puts_the_most_fragile_weight_on_top_falls_in_vermillion_and_rises_in_blue():
    chart = charts.sensitivity_tornado(sensitivity_findings())
    bars = chart.figure.data[0]
    assert list(bars.y) == ["Depth", "Record"]  # Cost cannot change the winner: table only
    assert list(bars.x) == [-10.0, 25.0]
    assert list(bars.marker.color) == [charts.WARNING, charts.OKABE_ITO["blue"]]
    low, high = chart.figure.layout.xaxis.range
    assert low < -10 and high > 25
    assert ("Cost", "20.0", "none", "–", "–") in chart.rows
    assert chart.summary.startswith(
        "Most fragile: Depth; a change of -10.0 points of weight puts Suite first."
    )


def test_the_tornado_says_so_when_no_single_weight_can_change_the_winner():
    findings = sensitivity_findings().assign(change=NAN)
    assert charts.sensitivity_tornado(findings).empty


def test_rank_probabilities_stack_to_one_hundred_percent_with_ranks_past_third_summed():
    vendors = pd.DataFrame({"name": ["A", "B", "C", "D", "E"], "position": range(5)}, index=[1, 2, 3, 4, 5])
    probabilities = pd.DataFrame(np.eye(5) * 0.5 + 0.1, index=[1, 2, 3, 4, 5], columns=[1, 2, 3, 4, 5])
    chart = charts.rank_probability_bars(probabilities, vendors)
    assert [t.name for t in chart.figure.data] == ["Rank 1", "Rank 2", "Rank 3", "4th or lower"]
    assert [t.marker.color for t in chart.figure.data] == RANK_COLOURS
    totals = sum(np.array(t.x) for t in chart.figure.data)
    assert np.allclose(totals, 100)
    assert chart.rows[0] == ("A", "60.0 %", "10.0 %", "10.0 %", "20.0 %")
    assert chart.summary.startswith("A ranks first in 60.0 % of the draws")


def test_every_dashboard_chart_travels_as_plain_json():
    vendors, contributions, criteria = score_frames()
    built = [
        charts.contributions_by_group(vendors, contributions, criteria),
        charts.positioning(metrics_frame()),
        charts.depth_vs_breadth(metrics_frame()),
        charts.sensitivity_tornado(sensitivity_findings()),
    ]
    for chart in built:
        assert json.loads(json.dumps(chart.payload))["data"]
        assert chart.aria_label.startswith(chart.title)
