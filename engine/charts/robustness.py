"""How robust the ranking is: weight sensitivity as a tornado chart, and rank probabilities.

Inputs come from ``engine.scoring`` (``ScoreTable.sensitivity`` as a frame,
``ScoreTable.rank_probabilities``). No Django import.
"""

import pandas as pd
import plotly.graph_objects as go

from .base import (
    GRID,
    OKABE_ITO,
    WARNING,
    Chart,
    empty_chart,
    fmt_percent,
    house_layout,
    in_rank_order,
    short_labels,
)

RANK_COLOURS = [OKABE_ITO["bluish_green"], OKABE_ITO["sky_blue"], OKABE_ITO["orange"], "#c8cdd2"]


def sensitivity_tornado(findings: pd.DataFrame) -> Chart:
    """How far each weight may move before the winner changes: one bar per criterion, most fragile on top.

    ``findings``: criterion, weight, change (signed, on the weights-sum-to-1 scale; NaN when no
    change of this weight alone changes the winner), relative_change, new_leader. Falls are drawn
    left in vermillion, rises right in blue; criteria that cannot change the winner are listed in
    the table only.
    """
    title = "How far each weight may move before the winner changes"
    key = "chart-sensitivity"
    critical = findings.dropna(subset=["change"])
    if critical.empty:
        return empty_chart(key, title, "No change of a single weight changes the winner.")
    critical = critical.reindex(critical["change"].abs().sort_values(kind="stable").index)
    points = critical["change"] * 100
    figure = go.Figure(
        go.Bar(
            y=list(critical["criterion"]),
            x=points,
            orientation="h",
            customdata=list(critical["new_leader"].fillna("–")),
            marker={"color": [WARNING if value < 0 else OKABE_ITO["blue"] for value in points]},
            hovertemplate="%{y}: %{x:+.1f} points of weight → %{customdata} first<extra></extra>",
            name="Critical weight change",
        )
    )
    # Room on both sides of zero, sized to each side's longest bar.
    left, right = min(float(points.min()), 0.0), max(float(points.max()), 0.0)
    pad = max(2.0, 0.12 * (right - left))
    figure.update_layout(
        house_layout(
            title,
            height=max(260, 140 + 30 * len(critical)),
            showlegend=False,
            xaxis={
                "title": {"text": "Change of the weight, percentage points (− lower, + higher)"},
                "range": [left - pad, right + pad],
                "zeroline": True,
                "zerolinecolor": "#1b1f24",
                "gridcolor": GRID,
            },
            yaxis={"autorange": "reversed", "automargin": True},
        )
    )
    rows = tuple(
        (
            str(row["criterion"]),
            f"{100 * row['weight']:.1f}",
            f"{100 * row['change']:+.1f}" if row["change"] == row["change"] else "none",
            fmt_percent(row["relative_change"]) if row["relative_change"] == row["relative_change"] else "–",
            str(row["new_leader"]) if isinstance(row["new_leader"], str) else "–",
        )
        for _, row in findings.iterrows()
    )
    fragile = critical.iloc[0]
    summary = (
        f"Most fragile: {fragile['criterion']}; a change of {100 * fragile['change']:+.1f} points of weight "
        f"puts {fragile['new_leader']} first. {len(findings) - len(critical)} of {len(findings)} weights "
        "cannot change the winner on their own."
    )
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=summary,
        columns=("Criterion", "Weight (%)", "Critical change (points)", "Relative change", "New leader"),
        rows=rows,
    )


def rank_probability_bars(probabilities: pd.DataFrame, vendors: pd.DataFrame) -> Chart:
    """Each vendor's chance of each rank under random weight perturbation, as stacked bars.

    ``probabilities``: vendor × rank (columns 1..n, rows sum to 1). ``vendors``: name, position.
    Ranks past the third are summed into "4th or lower" so the colours stay few and distinct.
    """
    title = "Chance of each rank when the weights wobble"
    key = "chart-rank-probabilities"
    if probabilities is None or probabilities.empty:
        return empty_chart(key, title, "Rank probabilities need at least two candidates and one criterion.")
    vendors = in_rank_order(vendors)
    probabilities = probabilities.reindex(vendors.index)
    buckets = {f"Rank {rank}": probabilities[rank] for rank in probabilities.columns[:3]}
    if len(probabilities.columns) > 3:
        buckets["4th or lower"] = probabilities[list(probabilities.columns[3:])].sum(axis=1)
    names = list(vendors["name"])
    figure = go.Figure()
    for (label, values), colour in zip(buckets.items(), RANK_COLOURS, strict=False):
        figure.add_trace(
            go.Bar(
                y=short_labels(names),
                hovertext=names,
                x=values * 100,
                name=label,
                orientation="h",
                marker={"color": colour, "line": {"color": "#ffffff", "width": 1}},
                hovertemplate="%{hovertext}: %{x:.1f} %<extra>" + label + "</extra>",
            )
        )
    figure.update_layout(
        house_layout(
            title,
            height=max(320, 200 + 34 * len(names)),
            barmode="stack",
            # Up to three rows of legend between the title and the bars in a half-width column.
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
            margin={"l": 60, "r": 30, "t": 140, "b": 50},
            xaxis={"title": {"text": "Share of draws (%)"}, "range": [0, 100], "gridcolor": GRID},
            yaxis={"autorange": "reversed", "automargin": True},
        )
    )
    rows = tuple(
        (str(name), *(fmt_percent(values[vendor_id]) for values in buckets.values()))
        for vendor_id, name in zip(vendors.index, names, strict=True)
    )
    first = probabilities[probabilities.columns[0]]
    favourite = first.idxmax()
    summary = (
        f"{vendors.at[favourite, 'name']} ranks first in {fmt_percent(first[favourite])} of the draws"
        + "".join(
            f"; {vendors.at[vendor_id, 'name']} {fmt_percent(first[vendor_id])}"
            for vendor_id in first.drop(favourite).sort_values(ascending=False).index[:3]
            if first[vendor_id] > 0
        )
        + "."
    )
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=summary,
        columns=("Vendor", *buckets.keys()),
        rows=rows,
    )
