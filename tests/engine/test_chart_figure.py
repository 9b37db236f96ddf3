"""engine.charts.figure.Figure: the JSON plotly would write for the same dicts, without its validation."""

import datetime
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from engine.charts import investment, roadmap, robustness, scorecard, selection, vendor
from engine.charts.figure import Figure
from tests.engine.test_charts import TODAY, history_frame, rd_frames, roadmap_frames
from tests.engine.test_charts_selection import metrics_frame, score_frames, sensitivity_findings


def plotly_json(traces, layout):
    """What the same dicts give through plotly's validating figure."""
    return json.loads(go.Figure(data=traces, layout=layout).to_json())


def test_arrays_dates_unset_and_empty_properties_come_out_as_plotly_writes_them():
    traces = [
        {
            "type": "scatter",
            "x": pd.Series([1.5, float("nan"), 3.0]),  # a float Series: a typed array
            "y": pd.Series([1, 2, 300]),  # int64 narrowed to the smallest int type that holds it
            "text": pd.Series(["a", "<b>"]),  # strings stay a list (and "<" is escaped in the JSON)
            "customdata": None,  # unset: left out
            "marker": {},  # an empty object: left out
            "line": {"color": None, "width": 2},
        },
        {
            "type": "scatter",
            "x": pd.Series(pd.to_datetime(["2025-01-31", "2026-02-28"])),
            "y": [pd.Timestamp("2025-01-31"), None, float("nan")],
            "hovertext": np.array(["one", "two"]),
        },
        {"type": "bar", "x": [], "y": np.array([], dtype="float64")},
    ]
    layout = {
        "template": "none",
        "title": {"text": "A & B"},
        "shapes": [],  # an empty list of objects: left out
        "annotations": [{"text": "kept", "x": np.float64(0.5)}],
        "xaxis": {"range": np.array([0.0, 1.0]), "tickvals": []},  # a range stays a list
        "yaxis": {},
    }
    written = Figure(traces, layout).to_json()
    assert json.loads(written) == plotly_json(traces, layout)
    assert "<b>" not in written  # plotly's HTML-safe escapes, as in the page's script tag


def test_a_figure_without_a_template_gets_plotlys_default_one_as_plotly_gives_it():
    layout = {"height": 300}
    assert json.loads(Figure([], layout).to_json()) == plotly_json([], layout)


def test_the_dicts_are_not_changed_by_writing_the_json():
    x = pd.Series([1.0, 2.0])
    traces = [{"type": "bar", "x": x, "marker": {}}]
    Figure(traces).to_json()
    assert traces == [{"type": "bar", "x": x, "marker": {}}]


def test_everything_else_is_a_validated_plotly_figure_whose_changes_the_json_follows():
    figure = Figure([{"type": "bar", "x": [1, 2], "name": "bars"}], {"template": "none"})
    assert figure.data[0].name == "bars" and figure.layout.template.data.scatter
    figure.update_layout(height=321)
    assert json.loads(figure.to_json())["layout"]["height"] == 321


def test_a_property_plotly_does_not_know_fails_as_soon_as_the_plotly_figure_is_asked_for():
    figure = Figure([{"type": "bar", "colour": "red"}])
    with pytest.raises(ValueError, match="colour"):
        figure.plotly()


def radar_profile():
    return pd.DataFrame(
        {
            "domain": ["Cyber ops", "Physical", "Video"],
            "vendor": [3.5, np.nan, 2.0],
            "best": [4.0, 3.0, np.nan],
        }
    )


def many_domains():
    """Five domains' assessments: more lines than one plot takes, so one panel per domain."""
    domains = ["Cyber ops", "Physical", "Video", "Access", "Analytics"]
    return pd.DataFrame(
        {
            "capability": [f"Capability {n}" for n in range(10)],
            "domain": domains * 2,
            "assessed_on": pd.to_datetime(["2024-01-01"] * 5 + ["2025-06-01"] * 5),
            "maturity": [1.0, 2.0, 3.0, 4.0, 5.0, 2.0, 2.0, 4.0, 1.0, 3.0],
        }
    )


def every_chart():
    vendors, contributions, criteria = score_frames()
    probabilities = pd.DataFrame(
        [[0.7, 0.2, 0.1, 0.0], [0.2, 0.5, 0.2, 0.1], [0.1, 0.3, 0.4, 0.2]],
        index=vendors.sort_values("position").index,
        columns=[1, 2, 3, 4],
    )
    items, changes = roadmap_frames()
    return [
        selection.contributions_by_group(vendors, contributions, criteria, missing=contributions < 0.05),
        selection.positioning(metrics_frame()),
        selection.depth_vs_breadth(metrics_frame()),
        robustness.sensitivity_tornado(sensitivity_findings()),
        robustness.rank_probability_bars(probabilities, vendors),
        scorecard.domain_radar(radar_profile(), "Deepwatch"),
        roadmap.roadmap_timeline(
            items, changes, contract_ends=[datetime.date(2027, 12, 31)], today=TODAY, horizon=TODAY
        ),
        roadmap.roadmap_timeline(items, changes.iloc[0:0]),
        investment.rd_and_funding(*rd_frames()),
        investment.rd_and_funding(rd_frames()[0], rd_frames()[1].iloc[0:0]),
        vendor.maturity_over_time(history_frame(), until=TODAY),
        vendor.maturity_over_time(many_domains(), until=TODAY),  # small multiples
        selection.positioning(metrics_frame().iloc[0:0]),  # an empty chart
    ]


@pytest.mark.parametrize("chart", every_chart(), ids=lambda chart: f"{chart.key}-{len(chart.figure.traces)}")
def test_every_chart_sends_what_plotly_would_write_for_its_traces_and_layout(chart):
    figure = chart.figure
    assert isinstance(figure, Figure)
    assert json.loads(figure.to_json()) == plotly_json(figure.traces, figure.layout_dict)
