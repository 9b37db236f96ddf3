"""Charts an executive can read: names shown as typed, labels never cut, gaps never drawn as 0, phone layouts."""

import datetime
import json

import pandas as pd

from engine import charts
from engine.charts import memo
from engine.charts.base import NARROW_LAYOUT, plain, plain_all, short_labels, wrapped
from tests.engine.test_charts import dates, history_frame, rd_frames, roadmap_frames, trace
from tests.engine.test_charts_selection import metrics_frame, score_frames, sensitivity_findings

TAGGED = "<b>Acme</b> & Co"
ESCAPED = "&lt;b&gt;Acme&lt;/b&gt; &amp; Co"
TODAY = datetime.date(2026, 11, 27)


def test_plain_escapes_what_plotly_would_read_as_html_and_nothing_else():
    assert plain(TAGGED) == ESCAPED
    assert plain("R&D 5 % <= 6") == "R&amp;D 5 % &lt;= 6"
    assert plain_all(["a<b", 3]) == ["a&lt;b", "3"]


def test_short_labels_escape_after_cutting_so_that_no_entity_is_cut_in_half():
    label = short_labels(["x" * 30 + "&&&&"], limit=32)[0]
    assert label == "x" * 30 + "&amp;…"


def every_text(payload) -> str:
    """All the text a payload hands plotly (figure data and layout, the narrow layout too)."""
    return json.dumps(payload, ensure_ascii=False)


def test_a_vendor_name_with_html_reaches_plotly_escaped_in_every_chart():
    vendors, contributions, criteria = score_frames()
    vendors = vendors.assign(name=[TAGGED, "Suite", "Startup"])
    metrics = metrics_frame().assign(name=[TAGGED, "Suite", "Startup", "Unknown"])
    findings = sensitivity_findings().assign(
        criterion=[TAGGED, "Record", "Cost"], new_leader=[TAGGED, "B", None]
    )
    profile = pd.DataFrame({"domain": [TAGGED, "B", "C"], "vendor": [3.0, 2.0, 1.0], "best": [4.0, 3.0, 2.0]})
    items, changes = roadmap_frames()
    items = items.assign(title=[TAGGED, "Late open", "Dropped", "Late delivered beta"])
    history = history_frame().assign(domain=[TAGGED, TAGGED, TAGGED, "Physical"])
    built = [
        charts.selection.contributions_by_group(vendors, contributions, criteria),
        charts.selection.positioning(metrics),
        charts.selection.depth_vs_breadth(metrics),
        charts.robustness.sensitivity_tornado(findings),
        charts.scorecard.domain_radar(profile, TAGGED),
        charts.roadmap.roadmap_timeline(items, changes, today=TODAY),
        charts.vendor.maturity_over_time(history),
    ]
    for chart in built:
        text = every_text(chart.payload)
        assert TAGGED not in text and "<b>Acme" not in text, chart.key
        assert "&lt;b&gt;Acme&lt;/b&gt;" in text, chart.key
    # The page's own text (summary, table) is HTML-escaped by Django: there the name stays as typed.
    assert built[1].rows[0][0] == TAGGED


def test_roadmap_item_names_are_wrapped_in_full_never_cut():
    items, changes = roadmap_frames()
    long_title = "Streaming correlation of badge, video and login events across every site we run"
    items.loc[0, "title"] = long_title
    chart = charts.roadmap_timeline(items, changes, today=TODAY)
    label = next(name for name in chart.figure.layout.yaxis.categoryarray if name.startswith("Streaming"))
    assert "…" not in label
    assert label.replace("<br>", " ") == f"{long_title} · SIEM"
    assert all(len(line) <= 44 for line in label.split("<br>"))
    assert label in list(trace(chart.figure, "Delivered (filled: GA, open: beta)").y)


def test_the_date_line_labels_hang_inside_the_plot_each_a_line_lower_clear_of_the_legend():
    items, changes = roadmap_frames()
    chart = charts.roadmap_timeline(
        items,
        changes,
        contract_ends=[datetime.date(2027, 12, 31)],
        today=TODAY,
        horizon=datetime.date(2027, 6, 30),
    )
    labels = list(chart.figure.layout.annotations)
    assert [a.text for a in labels] == ["Contract ends 2027-12-31", "Today", "Horizon 2027-06-30"]
    assert all(
        a.yref == "paper" and a.y == 1 and a.yanchor == "top" for a in labels
    )  # under the plot's top edge
    shifts = [a.yshift for a in labels]
    assert (
        shifts == sorted(shifts, reverse=True) and len(set(shifts)) == 3
    )  # one line each, never on top of another
    low, high = chart.figure.layout.yaxis.range
    assert high < -0.5  # room above the first item's row for the labels


def test_on_a_phone_each_roadmap_item_is_named_over_its_row():
    items, changes = roadmap_frames()
    chart = charts.roadmap_timeline(items, changes, today=TODAY)
    narrow = chart.payload["narrow"]
    assert narrow["yaxis"]["showticklabels"] is False
    names = [a["text"] for a in narrow["annotations"] if a.get("yref") == "y"]
    assert names == [label.replace("<br>", " ") for label in chart.figure.layout.yaxis.categoryarray]
    assert "Today" in [a["text"] for a in narrow["annotations"]]


def test_the_radar_leaves_a_gap_where_nobody_was_assessed_instead_of_a_spike_to_zero():
    profile = pd.DataFrame(
        {"domain": ["A", "B", "C"], "vendor": [3.0, float("nan"), 1.0], "best": [4.0, float("nan"), 2.0]}
    )
    chart = charts.scorecard.domain_radar(profile, "Acme")
    best, mine = chart.figure.data
    assert list(mine.r) == [3.0, None, 1.0, 3.0] and list(best.r) == [4.0, None, 2.0, 4.0]
    assert mine.connectgaps is False and best.connectgaps is False
    assert "B (not assessed)" in list(mine.theta)
    assert ("B", "not assessed", "–") in chart.rows


def many_domains(count=8):
    rows = [
        {"capability": f"cap{d}", "domain": f"Domain {d}", "assessed_on": day, "maturity": 1 + (d + step) % 5}
        for d in range(count)
        for step, day in enumerate(dates("2024-01-01", "2025-01-01"))
    ]
    return pd.DataFrame(rows)


def test_more_than_four_domains_become_small_multiples_each_line_over_the_others_in_grey():
    chart = charts.vendor.maturity_over_time(many_domains(8), until=TODAY)
    layout = chart.figure.layout
    titles = [a.text for a in layout.annotations]
    assert titles == [f"Domain {d}" for d in range(8)]  # one panel each
    assert layout.showlegend is False  # the panel titles say which line is which
    coloured = [t for t in chart.figure.data if t.name]
    grey = [t for t in chart.figure.data if not t.name]
    assert [t.name for t in coloured] == titles
    assert len(grey) == 8 * 7 and all(t.line.color == "#c9ced4" and t.hoverinfo == "skip" for t in grey)
    assert len({t.line.color for t in coloured}) == 8
    assert len(chart.rows) == 16  # the table keeps every number


def test_up_to_four_domains_share_one_plot():
    chart = charts.vendor.maturity_over_time(many_domains(4))
    assert len(chart.figure.data) == 4 and all(t.name for t in chart.figure.data)
    assert not chart.figure.layout.annotations


def test_a_narrow_chart_gets_its_legend_below_with_room_for_it_and_wrapped_titles():
    chart = charts.selection.depth_vs_breadth(metrics_frame())
    narrow = chart.payload["narrow"]
    assert {key: narrow["legend"][key] for key in NARROW_LAYOUT["legend"]} == NARROW_LAYOUT["legend"]
    assert narrow["legend"]["entrywidth"] == 1  # one name a line on a phone
    entries = sum(1 for t in chart.figure.data if t.name and t.showlegend is not False)
    assert entries == 3  # three vendors placed
    assert narrow["height"] == 420 + 80 + 19 * entries + 10  # the plot keeps about its height
    assert narrow["margin"]["b"] == 60 + 19 * entries + 10
    assert narrow["xaxis"]["nticks"] == 5
    wrapped_title = charts.selection.positioning(metrics_frame()).payload["narrow"]["title"]["text"]
    assert wrapped_title == wrapped("Positioning: depth today against credibility of the roadmap", 40)
    assert "<br>" in wrapped_title


def test_on_a_phone_the_bubble_key_is_wrapped_and_has_room():
    chart = charts.selection.positioning(metrics_frame())
    narrow = chart.payload["narrow"]
    key = narrow["legend"]["title"]["text"]
    assert key.replace("<br>", " ") == chart.figure.layout.legend.title.text and "<br>" in key
    assert narrow["margin"]["b"] == 60 + 20 * 2 + 19 * 3 + 10  # two lines of key, three names


def test_a_chart_without_a_legend_gets_no_room_for_one():
    chart = charts.vendor.maturity_over_time(many_domains(8))
    assert "height" not in chart.payload["narrow"]


def test_the_memo_keeps_the_narrow_layout():
    memo.CACHE.clear()
    build = memo.memoised(charts.robustness.sensitivity_tornado)
    first = build(sensitivity_findings())
    again = build(sensitivity_findings())
    assert again.payload["narrow"] == first.payload["narrow"] and again.narrow


def test_wrapped_breaks_at_spaces_and_keeps_long_words_whole():
    assert wrapped("one two three four", 9) == "one two<br>three<br>four"
    assert wrapped("Averyveryverylongword x", 5) == "Averyveryverylongword<br>x"


def test_the_rd_chart_escapes_funding_labels():
    financials, funding = rd_frames()
    chart = charts.investment.rd_and_funding(financials, funding, kind_labels={"venture": "<i>VC</i>"})
    assert "<i>VC</i>" not in every_text(chart.payload)
    assert trace(chart.figure, "Funding: &lt;i&gt;VC&lt;/i&gt;")


def test_on_a_phone_the_radar_wraps_its_domain_names_and_leaves_them_room():
    profile = pd.DataFrame(
        {
            "domain": ["Security monitoring and analytics", "Threat and risk intelligence", "Video"],
            "vendor": [float("nan"), 4.0, 2.0],
            "best": [3.0, 4.0, 5.0],
        }
    )
    chart = charts.scorecard.domain_radar(profile, "Alertwell Labs")
    axis = chart.narrow["polar"]["angularaxis"]
    assert axis["tickvals"][0] == "Security monitoring and analytics (not assessed)"
    for text in axis["ticktext"]:
        assert all(len(line) <= 12 for line in text.split("<br>")), text
    x0, x1 = chart.narrow["polar"]["domain"]["x"]
    assert x0 >= 0.2 and x1 <= 0.8  # the circle leaves a fifth of the width each side for the names
