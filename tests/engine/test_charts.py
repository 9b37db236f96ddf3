"""The chart builders: pure functions, no database. What the figure says and what its text alternative says."""

import datetime
import json
import math

import pandas as pd

from engine import charts
from engine.charts.base import SERIES_COLOURS, series_styles
from engine.charts.investment import FUNDING_COLOURS

TODAY = datetime.date(2026, 11, 27)


def dates(*values):
    return pd.to_datetime(list(values))


def history_frame():
    return pd.DataFrame(
        {
            "capability": ["SIEM", "SOAR", "SIEM", "Access control"],
            "domain": ["Cyber ops", "Cyber ops", "Cyber ops", "Physical"],
            "assessed_on": dates("2024-01-01", "2024-06-01", "2025-01-01", "2025-01-01"),
            "maturity": [2.0, 4.0, 4.0, 3.0],
        }
    )


def roadmap_frames():
    items = pd.DataFrame(
        {
            "item_id": [1, 2, 3, 4],
            "title": ["On time", "Late open", "Dropped", "Late delivered beta"],
            "capability": ["SIEM", "SIEM", "PSIM", "SOAR"],
            "first_promised_date": dates("2025-03-31", "2025-06-30", "2025-01-31", "2025-02-28"),
            "target_date": dates("2025-03-31", "2028-03-31", "2025-01-31", "2025-05-31"),
            "status": ["delivered", "slipped", "silently_dropped", "delivered"],
            "delivered_date": dates("2025-03-01", None, None, "2025-05-31"),
            "delivered_as": ["ga", "", "", "beta"],
        }
    )
    changes = pd.DataFrame(
        {
            "item_id": [2, 2, 4],
            "old_date": dates("2025-06-30", "2026-06-30", "2025-02-28"),
            "new_date": dates("2026-06-30", "2028-03-31", "2025-05-31"),
            "changed_at": dates("2025-05-01", "2026-05-01", "2025-02-01"),
        }
    )
    return items, changes


def trace(figure, name):
    matches = [t for t in figure.data if t.name == name]
    assert len(matches) == 1, [t.name for t in figure.data]
    return matches[0]


# --- maturity over time -----------------------------------------------------------


def test_it_draws_one_step_line_per_domain_averaging_the_capabilities_assessed_so_far():
    chart = charts.maturity_over_time(history_frame(), group="domain", until=TODAY)

    cyber = trace(chart.figure, "Cyber ops")
    assert cyber.line.shape == "hv"
    # SIEM 2 alone; then SIEM 2 and SOAR 4 -> 3; then SIEM 4 and SOAR 4 -> 4; carried to today.
    assert list(cyber.y) == [2.0, 3.0, 4.0, 4.0]
    assert pd.Timestamp(cyber.x[-1]) == pd.Timestamp(TODAY)
    assert chart.figure.layout.yaxis.title.text == "Mean maturity (0–5)"
    assert ("Cyber ops", "2024-06-01", "3.0", "2") in chart.rows
    assert "Cyber ops 4.0 (first 2.0)" in chart.summary and "Physical 3.0" in chart.summary


def test_it_gives_every_domain_its_own_colour_dash_and_marker():
    chart = charts.maturity_over_time(history_frame(), group="domain")
    styles = {(t.line.color, t.line.dash, t.marker.symbol) for t in chart.figure.data}
    assert len(styles) == len(chart.figure.data) == 2
    assert {t.line.color for t in chart.figure.data} <= set(SERIES_COLOURS)


def test_it_can_follow_each_capability_instead_of_each_domain():
    chart = charts.maturity_over_time(history_frame(), group="capability")
    assert sorted(t.name for t in chart.figure.data) == ["Access control", "SIEM", "SOAR"]
    assert chart.columns[0] == "Capability"


def test_it_says_so_instead_of_drawing_empty_axes_when_nothing_was_assessed():
    chart = charts.maturity_over_time(history_frame().iloc[0:0])
    assert chart.empty and "No capability assessments" in chart.summary


def test_the_first_eight_series_never_share_a_colour():
    styles = series_styles()
    first = [next(styles) for _ in range(8)]
    assert len({colour for colour, _, _ in first}) == 8
    assert len(set(first + [next(styles) for _ in range(24)])) == 32


# --- roadmap timeline -------------------------------------------------------------


def test_it_draws_slips_in_the_warning_colour_from_first_promise_to_delivery_or_target():
    items, changes = roadmap_frames()
    chart = charts.roadmap_timeline(items, changes, contract_ends=[datetime.date(2027, 12, 31)], today=TODAY)

    slip = trace(chart.figure, "Slip after the first promise")
    assert slip.line.color == charts.WARNING
    # Two slipped items (late open, late delivered), each a segment closed by None.
    assert len(slip.x) == 6 and slip.x[2] is None and slip.x[5] is None
    assert set(slip.y) - {None} == {"Late open · SIEM", "Late delivered beta · SOAR"}


def test_it_marks_every_rebaseline_delivery_and_drop():
    items, changes = roadmap_frames()
    chart = charts.roadmap_timeline(items, changes, today=TODAY)

    rebaselines = trace(chart.figure, "Re-baselined to")
    assert len(rebaselines.x) == 3
    delivered = trace(chart.figure, "Delivered (filled: GA, open: beta)")
    assert dict(zip(delivered.y, delivered.marker.symbol, strict=True)) == {
        "On time · SIEM": "star",
        "Late delivered beta · SOAR": "star-open",
    }
    assert list(trace(chart.figure, "Cancelled or dropped").y) == ["Dropped · PSIM"]
    assert list(trace(chart.figure, "Current target (open)").y) == ["Late open · SIEM"]


def test_it_draws_the_contract_end_and_today_as_vertical_lines():
    items, changes = roadmap_frames()
    chart = charts.roadmap_timeline(items, changes, contract_ends=[datetime.date(2027, 12, 31)], today=TODAY)
    lines = {(shape.x0, shape.line.dash) for shape in chart.figure.layout.shapes}
    assert lines == {("2027-12-31", "dash"), ("2026-11-27", "dot")}
    assert {a.text for a in chart.figure.layout.annotations} == {"Contract ends 2027-12-31", "Today"}


def test_its_text_alternative_lists_each_item_with_slip_rebaselines_and_contract_overrun():
    items, changes = roadmap_frames()
    chart = charts.roadmap_timeline(
        items,
        changes,
        contract_ends=[datetime.date(2027, 12, 31)],
        status_labels={"slipped": "Slipped"},
    )
    late = next(row for row in chart.rows if row[0] == "Late open")
    assert late[5:] == ("2", "1,005", "Slipped", "yes")
    assert chart.summary.startswith("4 roadmap items: 2 slipped past their first promise")
    assert "3 re-baselines logged" in chart.summary
    assert "1 open items land after the contract ends on 2027-12-31" in chart.summary


def test_items_with_the_same_title_keep_their_own_rows():
    items, changes = roadmap_frames()
    items["title"] = "Same"
    items["capability"] = "SIEM"
    chart = charts.roadmap_timeline(items, changes)
    assert len(set(chart.figure.layout.yaxis.categoryarray)) == 4


# --- R&D and funding ----------------------------------------------------------------


def rd_frames():
    financials = pd.DataFrame(
        {
            "fiscal_year": [2023, 2024, 2025],
            "revenue": [100e6, 0.0, 200e6],
            "rd_spend": [20e6, 10e6, 30e6],
            "currency": ["EUR"] * 3,
        }
    )
    funding = pd.DataFrame(
        {
            "date": dates("2023-05-01", "2023-09-01", "2025-01-01", "2025-02-01"),
            "kind": ["venture", "venture", "private_equity", "debt"],
            "amount": [10e6, 5e6, 100e6, float("nan")],
            "currency": ["EUR"] * 4,
        }
    )
    return financials, funding


def test_it_shows_rd_spend_and_intensity_on_two_axes_and_skips_years_without_revenue():
    chart = charts.rd_and_funding(*rd_frames())

    spend = trace(chart.figure, "R&D spend")
    assert list(spend.y) == [20e6, 10e6, 30e6]
    intensity = trace(chart.figure, "R&D intensity (% of revenue)")
    assert intensity.yaxis == "y2"
    assert intensity.y[0] == 20.0 and intensity.y[1] != intensity.y[1] and intensity.y[2] == 15.0
    titles = {axis.title.text for axis in (chart.figure.layout.yaxis, chart.figure.layout.yaxis2)}
    assert titles == {"R&D spend (EUR)", "R&D intensity (% of revenue)"}


def test_the_rd_axes_tick_at_round_values_on_the_same_grid_lines():
    chart = charts.rd_and_funding(*rd_frames())  # spend up to 30 M, intensity up to 20 %
    spend, share = chart.figure.layout.yaxis, chart.figure.layout.yaxis2
    assert list(share.tickvals) == [0, 5, 10, 15, 20] and list(share.ticktext) == [
        "0 %",
        "5 %",
        "10 %",
        "15 %",
        "20 %",
    ]
    assert list(spend.tickvals) == [0, 10e6, 20e6, 30e6, 40e6]
    assert len(spend.tickvals) == len(share.tickvals)  # the right ticks sit on the left grid lines
    assert list(share.range) == [0, share.tickvals[-1]] and list(spend.range) == [0, spend.tickvals[-1]]


def test_round_ticks_never_print_steps_like_4_7_or_9_41():
    from engine.charts.investment import round_ticks

    spend, share = round_ticks(12.1e6, 14.11)
    assert share == [0, 5, 10, 15] and spend == [0, 5e6, 10e6, 15e6]
    for top in (0.9, 3.3, 14.11, 47, 230, 1234.5):
        (ticks,) = round_ticks(top)
        step = ticks[1]
        assert ticks[-1] >= top and round(step / 10 ** math.floor(math.log10(step)), 6) in (1, 2, 2.5, 5)


def test_a_vendor_without_funding_events_still_has_its_fiscal_years_on_the_axis():
    financials, _ = rd_frames()
    no_funding = pd.DataFrame({"date": dates(), "kind": [], "amount": [], "currency": []})
    chart = charts.rd_and_funding(financials, no_funding)

    layout = chart.figure.layout
    assert "xaxis2" not in layout.to_plotly_json()  # one panel: no empty funding panel to hold the years
    assert list(layout.xaxis.tickvals) == list(financials["fiscal_year"])
    assert layout.xaxis.showticklabels is not False and layout.xaxis.title.text == "Fiscal year"
    assert "no funding amounts disclosed" in chart.summary


def test_intensity_reads_as_a_percentage_in_the_table_and_the_summary():
    chart = charts.rd_and_funding(*rd_frames())
    intensities = [row[3] for row in chart.rows]
    assert "20.0 %" in intensities and "15.0 %" in intensities
    assert "intensity from 20.0 % to 15.0 % of revenue" in chart.summary


def test_it_stacks_funding_by_source_in_fixed_colours_and_lists_undisclosed_amounts():
    chart = charts.rd_and_funding(*rd_frames(), kind_labels={"venture": "Venture capital"})

    venture = trace(chart.figure, "Funding: Venture capital")
    assert list(venture.x) == [2023] and list(venture.y) == [15e6]  # two rounds in one year, summed
    assert venture.marker.color == FUNDING_COLOURS["venture"]
    assert chart.figure.layout.barmode == "stack"
    assert not [t for t in chart.figure.data if t.name == "Funding: debt"]  # nothing to draw
    year_2025 = next(row for row in chart.rows if row[0] == "2025")
    assert year_2025[4] == "private_equity: 100.0 M; debt: undisclosed"
    assert "Venture capital 15.0 M" in chart.summary and "intensity from 20.0 % to 15.0 %" in chart.summary


def test_the_table_reads_each_years_intensity_whatever_the_frames_row_labels():
    # A frame sliced out of a larger one (the scorecard filters one vendor) keeps its labels.
    financials, funding = rd_frames()
    shuffled = financials.iloc[[2, 0, 1]].set_axis([7, 3, 5])
    chart = charts.rd_and_funding(shuffled, funding)
    intensity = {row[0]: row[3] for row in chart.rows}
    assert intensity == {"2023": "20.0 %", "2024": "–", "2025": "15.0 %"}


def test_it_says_so_when_there_is_no_financial_fact_nor_funding():
    financials, funding = rd_frames()
    chart = charts.rd_and_funding(financials.iloc[0:0], funding.iloc[0:0])
    assert chart.empty and "No financial facts" in chart.summary


# --- what the page receives ---------------------------------------------------------


def test_the_payload_is_plain_json_with_the_plotly_config_and_no_heavy_template():
    items, changes = roadmap_frames()
    payload = charts.roadmap_timeline(items, changes, today=TODAY).payload
    text = json.dumps(payload)  # raises if anything is not plain JSON
    assert payload["config"]["displaylogo"] is False
    assert len(json.dumps(payload["layout"]["template"])) < 200  # not plotly.py's 10 kB default
    assert len(text) < 20_000


def test_the_aria_label_names_the_chart_and_summarises_it():
    chart = charts.maturity_over_time(history_frame())
    assert chart.aria_label.startswith("Capability maturity over time. Mean maturity")
    assert chart.data_id == "chart-maturity-data"
