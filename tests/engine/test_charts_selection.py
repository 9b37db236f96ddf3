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


def vendor_points(chart):
    """The one-point traces of a numbered scatter chart, by vendor name (the legend says "n · name")."""
    return {t.name.split(" · ", 1)[1]: t for t in chart.figure.data if t.name and " · " in t.name}


def number_labels(chart):
    return next(t for t in chart.figure.data if t.mode == "text")


def test_the_positioning_chart_splits_quadrants_at_the_field_median_and_sizes_bubbles_by_rd_intensity():
    chart = charts.positioning(metrics_frame())
    points = vendor_points(chart)
    assert list(points) == ["Deepwatch", "Suite", "Startup"]  # Unknown has no values to place
    assert points["Deepwatch"].marker.size > points["Suite"].marker.size > 0
    assert points["Startup"].marker.symbol == "circle-open"  # unknown intensity
    vertical = next(s for s in chart.figure.layout.shapes if s.xref == "x")
    assert vertical.x0 == 0.3  # median depth of the three placed
    assert {a.text for a in chart.figure.layout.annotations} >= {"Deep today, credible tomorrow"}
    assert chart.figure.layout.xaxis.title.text.startswith("Strength of what ships today")
    assert chart.figure.layout.yaxis.title.text.startswith("Credibility of what is promised")
    deepwatch = next(row for row in chart.rows if row[0] == "Deepwatch")
    assert deepwatch[3:] == ("20.0 %", "Deep today, credible tomorrow")
    assert "Not placed (data missing): Unknown." in chart.summary


def test_the_positioning_chart_keys_the_bubble_size_in_its_legend():
    chart = charts.positioning(metrics_frame())
    legend = chart.figure.layout.legend
    assert chart.figure.layout.showlegend is not False
    assert legend.title.text == "Bubble area: R&D intensity (largest 20.0 % of revenue); hollow: unknown"
    assert legend.title.side == "top"  # over the entries, the full width
    assert legend.entrywidth == 0.5 and legend.entrywidthmode == "fraction"  # two names a row
    assert [n for n in (t.name for t in chart.figure.data) if n and " · " in n] == [
        "1 · Deepwatch",
        "2 · Suite",
        "3 · Startup",
    ]


def test_close_candidates_share_one_number_label_instead_of_two_overlapping_ones():
    metrics = metrics_frame()
    metrics.loc[20, ["depth_index", "credible_roadmap"]] = [0.79, 0.69]  # Suite right beside Deepwatch
    labels = number_labels(charts.positioning(metrics))
    assert list(labels.text) == ["1, 2", "3"]
    assert labels.x[0] == np.mean([0.8, 0.79]) and labels.y[0] == np.mean([0.7, 0.69])
    apart = number_labels(charts.positioning(metrics_frame()))
    assert list(apart.text) == ["1", "2", "3"]


def test_the_positioning_chart_numbers_vendors_in_rank_order_when_it_knows_it():
    metrics = metrics_frame().assign(position=[2, 0, 1, 3])
    assert list(vendor_points(charts.positioning(metrics))) == ["Suite", "Startup", "Deepwatch"]


def test_the_depth_breadth_chart_sets_the_broad_but_shallow_suite_apart():
    chart = charts.depth_vs_breadth(metrics_frame())
    points = vendor_points(chart)
    suite = points["Suite"]
    assert suite.marker.color == charts.WARNING and suite.marker.symbol == "triangle-down"
    assert points["Deepwatch"].marker.color != charts.WARNING
    assert list(number_labels(chart).text) == ["1", "2", "3"]
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


def tornado_rows(chart):
    """The criteria in chart order (top first) and their current and critical shares in %, from the markers."""
    now = next(t for t in chart.figure.data if t.name == "Share of the weight now")
    then = next(t for t in chart.figure.data if t.name == "Share at which the winner changes")
    return list(now.y), list(now.x), list(then.x), then


def test_the_tornado_shows_shares_of_the_total_weight_from_now_to_where_the_winner_changes():
    chart = charts.sensitivity_tornado(sensitivity_findings())
    names, now, then, arrows = tornado_rows(chart)
    # Depth: (0.5 − 0.1) / (1 − 0.1) = 44.4 %; Record: (0.3 + 0.25) / 1.25 = 44 %. Cost: table only.
    assert [name.removeprefix("⚠ ") for name in names] == ["Depth", "Record"]
    assert np.allclose(now, [50.0, 30.0]) and np.allclose(then, [400 / 9, 44.0])
    assert list(arrows.marker.symbol) == ["triangle-left", "triangle-right"]
    assert list(chart.figure.layout.xaxis.range) == [-2, 102]  # a share runs from 0 to 100 %, no further
    assert chart.figure.layout.xaxis.ticksuffix == " %"
    assert ("Cost", "20.0 %", "none", "–", "–", "no") in chart.rows
    assert ("Depth", "50.0 %", "44.4 %", "-5.6", "Suite", "no") in chart.rows


def test_the_tornado_orders_by_how_little_the_share_must_move_and_marks_the_fragile_ones_first():
    findings = pd.DataFrame(
        {
            "criterion": ["Big but robust", "Fragile", "Tiny"],
            "weight": [0.6, 0.3, 0.1],
            "change": [-0.3, 0.04, 0.5],  # shares move by −25.7, +2.9 and +30 points
            "relative_change": [0.5, 0.13, 5.0],
            "new_leader": ["B", "C", "B"],
        }
    )
    chart = charts.sensitivity_tornado(findings)
    names, _, _, arrows = tornado_rows(chart)
    assert names == ["⚠ Fragile", "Big but robust", "Tiny"]
    assert list(arrows.marker.color) == [charts.WARNING, charts.OKABE_ITO["blue"], charts.OKABE_ITO["blue"]]
    assert {t.name for t in chart.figure.data} >= {"Fragile: a move of 5 points or less", "A larger move"}
    assert chart.summary.startswith(
        "Most fragile: Fragile; its share of the total weight moving from 30.0 % to 32.7 % puts C first. "
        "1 of 3 weights are fragile"
    )


def test_a_weight_that_must_rise_a_lot_still_ends_below_one_hundred_percent():
    findings = sensitivity_findings().assign(change=[-0.1, 2.5, NAN])  # "+250 percentage points" before
    _, _, then, _ = tornado_rows(charts.sensitivity_tornado(findings))
    assert all(0 < value < 100 for value in then)
    assert then[1] == (0.3 + 2.5) / 3.5 * 100  # 80 %


def test_the_tornado_labels_each_move_from_to_beside_it_inside_the_axis():
    findings = sensitivity_findings().assign(weight=[0.5, 0.5, 0.05], change=[-0.1, 1.0, 3.0])
    chart = charts.sensitivity_tornado(findings)
    labels = next(t for t in chart.figure.data if t.mode == "markers+text" and t.text)
    assert list(labels.text) == ["50.0 % → 44.4 %", "50.0 % → 75.0 %", "5.0 % → 76.2 %"]
    # Depth ends at 50 %: right of it; Record runs 50–75 %: left of it; Cost 5–76 %: over its middle.
    assert list(labels.textposition) == ["middle right", "middle left", "top center"]
    assert np.allclose(labels.x, [50.0, 50.0, (5 + 76.25) / 2])


def test_on_a_phone_the_tornado_puts_each_criterion_over_its_row():
    chart = charts.sensitivity_tornado(sensitivity_findings())
    narrow = chart.payload["narrow"]
    assert narrow["yaxis"]["showticklabels"] is False
    # Its move is in the name over the row, so the label beside the segment goes (markers only).
    assert [a["text"] for a in narrow["annotations"]] == [
        "Depth: 50.0\u00a0% → 44.4\u00a0%",
        "Record: 30.0\u00a0% → 44.0\u00a0%",
    ]
    traces = chart.payload["narrowTraces"]
    assert len(traces) == len(chart.figure.data) and traces[-1] == {"mode": "markers"}
    assert chart.figure.data[-1].mode == "markers+text" and not any(traces[:-1])
    assert narrow["legend"]["yref"] == "container" and narrow["legend"]["y"] == 0  # the legend below


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
