"""How robust the ranking is: weight sensitivity as a tornado chart, and rank probabilities.

Inputs come from ``engine.scoring`` (``ScoreTable.sensitivity`` as a frame,
``ScoreTable.rank_probabilities``). No Django import.
"""

from typing import Any, cast

import pandas as pd
import plotly.graph_objects as go

from engine.charts.base import (
    OKABE_ITO,
    WARNING,
    Chart,
    axis,
    empty_chart,
    fmt_percent,
    house_layout,
    in_rank_order,
    stacked_bar,
    stacked_bar_layout,
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
    figure = go.Figure(_tornado_bars(critical, points))
    figure.update_layout(_tornado_layout(title, points))
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=_tornado_summary(findings, critical),
        columns=("Criterion", "Weight (%)", "Critical change (points)", "Relative change", "New leader"),
        rows=_tornado_rows(findings),
    )


def _tornado_bars(critical: pd.DataFrame, points: pd.Series) -> Any:
    """The critical change of each weight as a horizontal bar (a plotly ``go.Bar``)."""
    return go.Bar(
        y=list(critical["criterion"]),
        x=points,
        orientation="h",
        customdata=list(critical["new_leader"].fillna("–")),
        marker={"color": [WARNING if value < 0 else OKABE_ITO["blue"] for value in points]},
        hovertemplate="%{y}: %{x:+.1f} points of weight → %{customdata} first<extra></extra>",
        name="Critical weight change",
    )


def _tornado_layout(title: str, points: pd.Series) -> dict[str, Any]:
    # Room on both sides of zero, sized to each side's longest bar.
    left, right = min(float(points.min()), 0.0), max(float(points.max()), 0.0)
    pad = max(2.0, 0.12 * (right - left))
    return house_layout(
        title,
        height=max(260, 140 + 30 * len(points)),
        showlegend=False,
        xaxis=axis(
            "Change of the weight, percentage points (− lower, + higher)",
            range=[left - pad, right + pad],
            zeroline=True,
            zerolinecolor="#1b1f24",
        ),
        yaxis={"autorange": "reversed", "automargin": True},
    )


def _tornado_rows(findings: pd.DataFrame) -> tuple[tuple[str, ...], ...]:
    """Every criterion, the ones that cannot change the winner included."""
    return tuple(
        (
            str(row["criterion"]),
            f"{100 * row['weight']:.1f}",
            f"{100 * row['change']:+.1f}" if row["change"] == row["change"] else "none",
            fmt_percent(row["relative_change"]) if row["relative_change"] == row["relative_change"] else "–",
            str(row["new_leader"]) if isinstance(row["new_leader"], str) else "–",
        )
        for _, row in findings.iterrows()
    )


def _tornado_summary(findings: pd.DataFrame, critical: pd.DataFrame) -> str:
    fragile = critical.iloc[0]
    return (
        f"Most fragile: {fragile['criterion']}; a change of {100 * fragile['change']:+.1f} points of weight "
        f"puts {fragile['new_leader']} first. {len(findings) - len(critical)} of {len(findings)} weights "
        "cannot change the winner on their own."
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
    buckets = _rank_buckets(probabilities)
    names = list(vendors["name"])
    figure = go.Figure()
    for (label, values), colour in zip(buckets.items(), RANK_COLOURS, strict=False):
        figure.add_trace(stacked_bar(names, values * 100, label, colour, "%{x:.1f} %"))
    figure.update_layout(stacked_bar_layout(title, len(names), axis("Share of draws (%)", range=[0, 100])))
    rows = tuple(
        (str(name), *(fmt_percent(values[vendor_id]) for values in buckets.values()))
        for vendor_id, name in zip(vendors.index, names, strict=True)
    )
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=_rank_summary(probabilities, vendors),
        columns=("Vendor", *buckets.keys()),
        rows=rows,
    )


def _rank_buckets(probabilities: pd.DataFrame) -> dict[str, pd.Series]:
    """Rank 1, 2 and 3 each on their own, the ranks past the third summed."""
    buckets = {f"Rank {rank}": probabilities[rank] for rank in probabilities.columns[:3]}
    if len(probabilities.columns) > 3:
        buckets["4th or lower"] = probabilities[list(probabilities.columns[3:])].sum(axis=1)
    return buckets


def _rank_summary(probabilities: pd.DataFrame, vendors: pd.DataFrame) -> str:
    """The favourite's chance of ranking first, then the next three's."""
    first = probabilities[probabilities.columns[0]]
    favourite = cast(int, first.idxmax())  # a vendor_id (pandas-stubs: any Hashable)
    # A cell read with .at is any scalar to pandas-stubs, bytes included: names are str.
    return (
        f"{vendors.at[favourite, 'name']} ranks first in {fmt_percent(first[favourite])} of the draws"  # type: ignore[str-bytes-safe]
        + "".join(
            f"; {vendors.at[vendor_id, 'name']} {fmt_percent(first[vendor_id])}"  # type: ignore[str-bytes-safe]
            for vendor_id in first.drop(favourite).sort_values(ascending=False).index[:3]
            if first[vendor_id] > 0
        )
        + "."
    )
