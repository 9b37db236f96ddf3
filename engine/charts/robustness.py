"""How robust the ranking is: weight sensitivity as a tornado chart, and rank probabilities.

Inputs come from ``engine.scoring`` (``ScoreTable.sensitivity`` as a frame,
``ScoreTable.rank_probabilities``). No Django import.
"""

from typing import Any, cast

import pandas as pd

from engine import mcda
from engine.charts.base import (
    NARROW_TRACES,
    OKABE_ITO,
    WARNING,
    Chart,
    axis,
    empty_chart,
    fmt_number,
    fmt_percent,
    house_layout,
    in_rank_order,
    narrow_row_labels,
    plain,
    plain_all,
    records,
    stacked_bar,
    stacked_bar_layout,
)
from engine.charts.figure import Figure

# A "from → to" label fits right of a segment ending at most this far along the 0–100 % axis (and
# left of one starting at least 1 minus this far); otherwise it goes over the segment's middle.
LABEL_ROOM_UNTIL = 0.6
RANK_COLOURS = [OKABE_ITO["bluish_green"], OKABE_ITO["sky_blue"], OKABE_ITO["orange"], "#c8cdd2"]


def sensitivity_tornado(findings: pd.DataFrame) -> Chart:
    """How little each weight must move before the winner changes, in shares of all weight, fragile on top.

    ``findings``: criterion, weight (its current share, weights summing to 1), change (signed, on
    that scale, before re-normalising; NaN when no change of this weight alone changes the winner),
    relative_change, new_leader. Each criterion that can change the winner is a row from its current
    share (a dot) to the share at which the winner changes (an arrowhead), on an axis from 0 to
    100 % of the weight (re-normalised, a share can go nowhere else). Rows are ordered by how far
    the share must move; the fragile ones (``mcda.FRAGILE_SHARE_CHANGE``) come first, in vermillion
    and marked ⚠. Criteria that cannot change the winner are listed in the table only.
    """
    title = "How little it takes to change the winner"
    key = "chart-sensitivity"
    critical = _with_shares(findings.dropna(subset=["change"]))
    if critical.empty:
        return empty_chart(key, title, "No change of a single weight changes the winner.")
    critical = critical.reindex(critical["moved"].abs().sort_values(kind="stable").index)
    labels = [
        ("⚠ " if fragile else "") + plain(name)
        for name, fragile in zip(critical["criterion"], critical["fragile"], strict=True)
    ]
    traces = _tornado_traces(critical, labels)
    figure = Figure(traces, _tornado_layout(title, labels))
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=_tornado_summary(findings, critical),
        columns=(
            "Criterion",
            "Share of the weight now",
            "Share at which the winner changes",
            "Move (points of share)",
            "New leader",
            "Fragile",
        ),
        rows=_tornado_rows(_with_shares(findings)),
        narrow=_tornado_narrow(labels, traces[-1]["text"], len(traces)),
    )


def _with_shares(findings: pd.DataFrame) -> pd.DataFrame:
    """``findings`` plus share (now), critical (share at the critical point), moved and fragile."""
    share = findings["weight"].astype("float64")
    change = findings["change"].astype("float64")
    critical = (share + change) / (1.0 + change)
    moved = critical - share
    return findings.assign(
        share=share,
        critical=critical,
        moved=moved,
        fragile=[
            mcda.is_fragile(weight, delta if delta == delta else None)
            for weight, delta in zip(share, change, strict=True)
        ],
    )


def _tornado_traces(critical: pd.DataFrame, labels: list[str]) -> list[dict[str, Any]]:
    """The moves as segments, the current shares as dots, the critical shares as arrowheads, their labels
    (plotly scatter traces as dicts: see :class:`Figure`)."""
    colours = [WARNING if fragile else OKABE_ITO["blue"] for fragile in critical["fragile"]]
    leaders = plain_all(critical["new_leader"].fillna("another vendor"))
    traces: list[dict[str, Any]] = []
    limit = f"{100 * mcda.FRAGILE_SHARE_CHANGE:.0f}"
    # The columns read once as Python floats (an .iloc per cell cost most of the traces).
    shares = critical["share"].astype("float64").tolist()
    criticals = critical["critical"].astype("float64").tolist()
    for fragile, name in ((True, f"Fragile: a move of {limit} points or less"), (False, "A larger move")):
        rows = [index for index, flag in enumerate(critical["fragile"]) if flag == fragile]
        if not rows:
            continue
        x: list[float | None] = []
        y: list[str | None] = []
        for index in rows:
            x += [shares[index] * 100, criticals[index] * 100, None]
            y += [labels[index], labels[index], None]
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": y,
                "mode": "lines",
                "line": {"color": WARNING if fragile else OKABE_ITO["blue"], "width": 6},
                "name": name,
                "hoverinfo": "skip",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": critical["share"] * 100,
            "y": labels,
            "mode": "markers",
            "marker": {"symbol": "circle", "size": 11, "color": "#1b1f24"},
            "name": "Share of the weight now",
            "hovertemplate": "%{y}: %{x:.1f} % of the weight now<extra></extra>",
        }
    )
    traces.append(
        {
            "type": "scatter",
            "x": critical["critical"] * 100,
            "y": labels,
            "mode": "markers",
            "marker": {
                "symbol": ["triangle-right" if moved > 0 else "triangle-left" for moved in critical["moved"]],
                "size": 13,
                "color": colours,
                "line": {"color": "#1b1f24", "width": 1},
            },
            "customdata": leaders,
            "name": "Share at which the winner changes",
            "hovertemplate": "%{y}: at %{x:.1f} % of the weight %{customdata} is first<extra></extra>",
        }
    )
    traces.append(_move_labels(critical, labels))
    return traces


def _move_labels(critical: pd.DataFrame, labels: list[str]) -> dict[str, Any]:
    """ "from → to" beside each segment where there is room: right of it, else left of it, else over its middle.

    The labels hang off invisible markers as large as the visible ones, so that plotly keeps them
    clear of the dot and the arrowhead.
    """
    now, then = critical["share"].astype("float64"), critical["critical"].astype("float64")
    places = [_label_place(min(a, b), max(a, b)) for a, b in zip(now, then, strict=True)]
    return {
        "type": "scatter",
        "x": [100 * x for x, _ in places],
        "y": labels,
        "mode": "markers+text",
        "marker": {"size": 14, "opacity": 0},
        "text": [f"{fmt_percent(a)} → {fmt_percent(b)}" for a, b in zip(now, then, strict=True)],
        "textposition": [position for _, position in places],
        "textfont": {"size": 11},
        "showlegend": False,
        "hoverinfo": "skip",
    }


def _label_place(low: float, high: float) -> tuple[float, str]:
    """Where a segment from ``low`` to ``high`` (0–1) has its label: the point and the side of it."""
    if high <= LABEL_ROOM_UNTIL:
        return high, "middle right"
    if low >= 1 - LABEL_ROOM_UNTIL:
        return low, "middle left"
    return (low + high) / 2, "top center"


def _tornado_layout(title: str, labels: list[str]) -> dict[str, Any]:
    return house_layout(
        title,
        height=max(280, 170 + 34 * len(labels)),
        margin={"l": 60, "r": 30, "t": 100, "b": 50},
        xaxis=axis(
            "Share of the total weight (%)",
            range=[-2, 102],
            dtick=20,
            ticksuffix=" %",
            zeroline=False,
        ),
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
    )


def _tornado_narrow(labels: list[str], moves: list[str], traces: int) -> dict[str, Any]:
    """On a phone: each criterion's name and its move over its row (full width), ticks every 25 %."""
    # A no-break space keeps "15.1 %" on one line when the name wraps.
    texts = [f"{label}: {move}".replace(" %", "\u00a0%") for label, move in zip(labels, moves, strict=True)]
    annotations, rows_height = narrow_row_labels(labels, texts)
    return {
        "height": 140 + rows_height,
        "annotations": annotations,
        "xaxis": {"dtick": 25},
        "yaxis": {"showticklabels": False},
        # The "from → to" labels are in the row names: the label trace (the last) keeps its markers only.
        NARROW_TRACES: [{}] * (traces - 1) + [{"mode": "markers"}],
    }


def _tornado_rows(findings: pd.DataFrame) -> tuple[tuple[str, ...], ...]:
    """Every criterion in ``findings``' order, the ones that cannot change the winner included."""
    return tuple(
        (
            str(row["criterion"]),
            fmt_percent(row["share"]),
            fmt_percent(row["critical"]) if row["critical"] == row["critical"] else "none",
            fmt_number(100 * row["moved"], 1) if row["moved"] == row["moved"] else "–",
            str(row["new_leader"]) if isinstance(row["new_leader"], str) else "–",
            "yes" if row["fragile"] else "no",
        )
        for row in records(findings, "criterion", "share", "critical", "moved", "new_leader", "fragile")
    )


def _tornado_summary(findings: pd.DataFrame, critical: pd.DataFrame) -> str:
    fragile = critical.iloc[0]
    count = int(critical["fragile"].sum())
    limit = f"{100 * mcda.FRAGILE_SHARE_CHANGE:.0f}"
    return (
        f"Most fragile: {fragile['criterion']}; its share of the total weight moving from "
        f"{fmt_percent(fragile['share'])} to {fmt_percent(fragile['critical'])} puts {fragile['new_leader']} first. "
        + (
            f"{count} of {len(findings)} weights are fragile (a move of {limit} points of share or less). "
            if count
            else f"No weight is fragile (each must move by more than {limit} points of share). "
        )
        + f"{len(findings) - len(critical)} of {len(findings)} weights cannot change the winner on their own."
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
    figure = Figure(
        [
            stacked_bar(names, values * 100, label, colour, "%{x:.1f} %")
            for (label, values), colour in zip(buckets.items(), RANK_COLOURS, strict=False)
        ],
        stacked_bar_layout(title, len(names), axis("Share of draws (%)", range=[0, 100])),
    )
    # The buckets are in the vendors' order (reindexed above): read by position, a column at a time.
    columns = [values.tolist() for values in buckets.values()]
    rows = tuple(
        (str(name), *(fmt_percent(column[position]) for column in columns))
        for position, name in enumerate(names)
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
