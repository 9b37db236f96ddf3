"""The roadmap timeline of the vendor page and the scorecard: promises, slips, deliveries, drops.

Inputs are plain DataFrames (built by ``vendors/chart_selectors.py``); dates are
``datetime64`` columns with NaT where unknown. Nothing here touches the database.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from engine.charts.base import (
    GOOD,
    NEUTRAL,
    OKABE_ITO,
    WARNING,
    Chart,
    axis,
    empty_chart,
    fmt_date,
    fmt_number,
    house_layout,
    narrow_row_labels,
    plain_all,
    wrapped,
)
from engine.charts.figure import Figure

FINISHED_UNDELIVERED = {"cancelled", "silently_dropped"}
LABEL_ROOM = 18  # px for each date line's label at the top of the plot
# A roadmap row names the item and its capability in full, in lines of about this many characters.
ITEM_LINE_CHARS = 44
ROW_LINE = 15  # px per line of a row label


def _item_texts(items: pd.DataFrame) -> list[str]:
    """One distinct row name per item, in full and :func:`plain` (two items with the same title would share a row)."""
    texts = [
        f"{title} · {capability}"
        for title, capability in zip(items["title"], items["capability"], strict=True)
    ]
    seen: dict[str, int] = {}
    for index, text in enumerate(texts):
        seen[text] = seen.get(text, 0) + 1
        if seen[text] > 1:
            texts[index] = f"{text} ({seen[text]})"
    return plain_all(texts)


def _item_labels(texts: list[str]) -> list[str]:
    """The row names wrapped into lines for the y axis, never cut."""
    return [wrapped(text, ITEM_LINE_CHARS) for text in texts]


ROADMAP_TABLE_COLUMNS = (
    "Item",
    "Capability",
    "First promised",
    "Current target",
    "Delivered",
    "Re-baselines",
    "Slip (days)",
    "Status",
    "After contract end",
)


def roadmap_timeline(
    items: pd.DataFrame,
    changes: pd.DataFrame,
    contract_ends: Sequence[datetime.date] = (),
    today: datetime.date | None = None,
    status_labels: dict[str, str] | None = None,
    horizon: datetime.date | None = None,
) -> Chart:
    """A Gantt-style timeline of promises: first promised, every re-baseline, delivery; slips in vermillion.

    ``items``: item_id, title, capability, first_promised_date, target_date,
    status, delivered_date, delivered_as. ``changes``: item_id, old_date,
    new_date (one row per logged re-baseline). Each contract end is drawn as a
    dashed vertical line, today as a dotted one, the evaluation ``horizon`` (when given) as a
    dash-dotted one. The slip runs from the first
    promise to the delivery (or, while open, to the current target).
    """
    title = "Roadmap timeline"
    key = "chart-roadmap"
    if items.empty:
        return empty_chart(key, title, "No roadmap items recorded yet.")
    status_labels = status_labels or {}
    roadmap = _roadmap(items, contract_ends)
    shapes, annotations = _date_lines(contract_ends, today, horizon)
    figure = Figure(
        _roadmap_traces(roadmap, changes, status_labels),
        _roadmap_layout(title, roadmap.labels, shapes, annotations),
    )
    row_labels, rows_height = narrow_row_labels(roadmap.labels, roadmap.texts)
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=_roadmap_summary(roadmap, changes),
        columns=ROADMAP_TABLE_COLUMNS,
        rows=_roadmap_rows(roadmap, changes, status_labels),
        # On a phone each item's name runs over its row, the full width, instead of beside it.
        narrow={
            "height": 120 + rows_height + LABEL_ROOM * len(annotations),
            "annotations": annotations + row_labels,
            "yaxis": {"showticklabels": False},
        },
    )


@dataclass(frozen=True)
class _Roadmap:
    """The items in chart order (top to bottom) and what the chart reads off each; Series are per item."""

    items: pd.DataFrame
    labels: list[str]  # the y axis categories: texts wrapped
    texts: list[str]
    delivered: pd.Series
    ended: pd.Series  # the delivery date, or the current target while not delivered
    slip_days: pd.Series
    slipped: pd.Series
    still_open: pd.Series
    after_contract: pd.Series  # open and targeted after the latest contract end
    contract_end: datetime.date | None

    def labels_of(self, subset: pd.DataFrame) -> list[str]:
        """The chart rows of some of the items (a slice of ``items``)."""
        return [self.labels[index] for index in subset.index]


def _roadmap(items: pd.DataFrame, contract_ends: Sequence[datetime.date]) -> _Roadmap:
    items = items.sort_values(["first_promised_date", "title"], kind="stable").reset_index(drop=True)
    delivered = items["status"] == "delivered"
    ended = items["delivered_date"].where(delivered, items["target_date"])
    slip_days = (ended - items["first_promised_date"]).dt.days
    contract_end = max(contract_ends) if contract_ends else None
    still_open = ~delivered & ~items["status"].isin(FINISHED_UNDELIVERED)
    after_contract = (
        still_open & (items["target_date"] > pd.Timestamp(contract_end))
        if contract_end
        else pd.Series(False, index=items.index)
    )
    texts = _item_texts(items)
    return _Roadmap(
        items=items,
        labels=_item_labels(texts),
        texts=texts,
        delivered=delivered,
        ended=ended,
        slip_days=slip_days,
        slipped=slip_days > 0,
        still_open=still_open,
        after_contract=after_contract,
        contract_end=contract_end,
    )


def _roadmap_traces(
    roadmap: _Roadmap, changes: pd.DataFrame, status_labels: dict[str, str]
) -> list[dict[str, Any]]:
    """The chart's trace families (plotly scatter traces as dicts: see :class:`Figure`), bottom layer first."""
    traces = [_slip_bars(roadmap), _first_promises(roadmap)]
    if not changes.empty:
        traces.append(_rebaselines(roadmap, changes))
    traces += [_deliveries(roadmap), _open_targets(roadmap), _drops(roadmap, status_labels)]
    return traces


def _slip_bars(roadmap: _Roadmap) -> dict[str, Any]:
    """A thick vermillion segment from the first promise to the delivery (or current target) per slip."""
    slip_x, slip_y = [], []
    for index in roadmap.items.index[roadmap.slipped]:
        label = roadmap.labels[index]
        slip_x += [roadmap.items.at[index, "first_promised_date"], roadmap.ended[index], None]
        slip_y += [label, label, None]
    return {
        "type": "scatter",
        "x": slip_x,
        "y": slip_y,
        "name": "Slip after the first promise",
        "mode": "lines",
        "line": {"color": WARNING, "width": 7},
        "hoverinfo": "skip",
    }


def _markers(
    name: str,
    x: pd.Series,
    y: list[str],
    marker: dict[str, Any],
    hovertemplate: str,
    customdata: list[str] | None = None,
) -> dict[str, Any]:
    """One marker per item on its row (a scatter trace); ``customdata`` feeds the hover text."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "customdata": customdata,
        "name": name,
        "mode": "markers",
        "marker": marker,
        "hovertemplate": hovertemplate,
    }


def _first_promises(roadmap: _Roadmap) -> dict[str, Any]:
    return _markers(
        "First promised",
        roadmap.items["first_promised_date"],
        roadmap.labels,
        {"symbol": "circle-open", "size": 11, "color": OKABE_ITO["blue"], "line": {"width": 2.5}},
        "First promised %{x|%Y-%m-%d}<extra>%{y}</extra>",
    )


def _rebaselines(roadmap: _Roadmap, changes: pd.DataFrame) -> dict[str, Any]:
    label_of = dict(zip(roadmap.items["item_id"], roadmap.labels, strict=True))
    moved = changes[changes["item_id"].isin(label_of)]
    return _markers(
        "Re-baselined to",
        moved["new_date"],
        [label_of[item] for item in moved["item_id"]],
        {"symbol": "diamond", "size": 10, "color": OKABE_ITO["orange"], "line": {"width": 1}},
        "Re-baselined %{customdata} → %{x|%Y-%m-%d}<extra>%{y}</extra>",
        customdata=[fmt_date(day) for day in moved["old_date"]],
    )


def _deliveries(roadmap: _Roadmap) -> dict[str, Any]:
    done = roadmap.items[roadmap.delivered]
    return _markers(
        "Delivered (filled: GA, open: beta)",
        done["delivered_date"],
        roadmap.labels_of(done),
        {
            "symbol": ["star-open" if kind == "beta" else "star" for kind in done["delivered_as"]],
            "size": 14,
            "color": GOOD,
            "line": {"width": 1.5, "color": GOOD},
        },
        "Delivered %{x|%Y-%m-%d} as %{customdata}<extra>%{y}</extra>",
        customdata=["beta" if kind == "beta" else "GA" for kind in done["delivered_as"]],
    )


def _open_targets(roadmap: _Roadmap) -> dict[str, Any]:
    pending = roadmap.items[roadmap.still_open]
    return _markers(
        "Current target (open)",
        pending["target_date"],
        roadmap.labels_of(pending),
        {"symbol": "square", "size": 9, "color": OKABE_ITO["black"]},
        "Current target %{x|%Y-%m-%d}<extra>%{y}</extra>",
    )


def _drops(roadmap: _Roadmap, status_labels: dict[str, str]) -> dict[str, Any]:
    gone = roadmap.items[roadmap.items["status"].isin(FINISHED_UNDELIVERED)]
    return _markers(
        "Cancelled or dropped",
        gone["target_date"],
        roadmap.labels_of(gone),
        {"symbol": "x-thin-open", "size": 12, "color": OKABE_ITO["reddish_purple"], "line": {"width": 3}},
        "%{customdata} (was due %{x|%Y-%m-%d})<extra>%{y}</extra>",
        customdata=plain_all(status_labels.get(status, status) for status in gone["status"]),
    )


def _date_lines(
    contract_ends: Sequence[datetime.date], today: datetime.date | None, horizon: datetime.date | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Vertical lines and their labels: each contract end, today, the evaluation horizon.

    The labels hang inside the top of the plot, each a line lower than the one before, so that
    they meet neither each other nor the legend above the plot (room is kept for them: LABEL_ROOM).
    """
    lines: list[tuple[datetime.date, str, str, str]] = [
        (end, OKABE_ITO["black"], "dash", f"Contract ends {fmt_date(end)}")
        for end in sorted(set(contract_ends))
    ]
    if today is not None:
        lines.append((today, NEUTRAL, "dot", "Today"))
    if horizon is not None:
        lines.append((horizon, OKABE_ITO["blue"], "dashdot", f"Horizon {fmt_date(horizon)}"))
    shapes = [_vline(day, colour, dash) for day, colour, dash, _ in lines]
    annotations = [_vlabel(day, text, level) for level, (day, _, _, text) in enumerate(lines)]
    return shapes, annotations


def _roadmap_layout(
    title: str, labels: list[str], shapes: list[dict[str, Any]], annotations: list[dict[str, Any]]
) -> dict[str, Any]:
    """One row per item in chart order, first promised on top, as tall as its longest label needs;
    room at the top of the plot for the date lines' labels."""
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    row = max(28, ROW_LINE * lines + 10)
    # Category rows are one unit apart: the labels' room in rows, above the first one.
    headroom = LABEL_ROOM * len(annotations) / row
    return house_layout(
        title,
        height=max(280, 150 + row * len(labels) + LABEL_ROOM * len(annotations)),
        margin={"l": 20, "r": 30, "t": 110, "b": 50},
        shapes=shapes,
        annotations=annotations,
        xaxis=axis("Date", type="date"),
        yaxis=axis(
            type="category",
            categoryorder="array",
            categoryarray=labels,
            range=[len(labels) - 0.5, -0.5 - headroom],
            automargin=True,
        ),
    )


def _date_at(items: pd.DataFrame, index: int, column: str) -> datetime.date | None:
    # A cell read with .at is any scalar to pandas-stubs: the date columns hold Timestamps or NaT.
    return cast(datetime.date | None, items.at[index, column])


def _roadmap_rows(
    roadmap: _Roadmap, changes: pd.DataFrame, status_labels: dict[str, str]
) -> tuple[tuple[str, ...], ...]:
    """``ROADMAP_TABLE_COLUMNS`` for every item, in chart order."""
    items = roadmap.items
    rebaselines = changes.groupby("item_id").size() if not changes.empty else pd.Series(dtype="int64")
    rows: list[tuple[str, ...]] = []
    for index in items.index:
        status = cast(str, items.at[index, "status"])
        rows.append(
            (
                str(items.at[index, "title"]),
                str(items.at[index, "capability"]),
                fmt_date(_date_at(items, index, "first_promised_date")),
                fmt_date(_date_at(items, index, "target_date")),
                fmt_date(_date_at(items, index, "delivered_date")),
                str(int(rebaselines.get(items.at[index, "item_id"], 0))),
                fmt_number(roadmap.slip_days[index]),
                status_labels.get(status, status),
                "yes" if roadmap.after_contract[index] else "no",
            )
        )
    return tuple(rows)


def _roadmap_summary(roadmap: _Roadmap, changes: pd.DataFrame) -> str:
    slipped, contract_end = roadmap.slipped, roadmap.contract_end
    median_slip = roadmap.slip_days[slipped].median() if slipped.any() else None
    dropped = int(roadmap.items["status"].isin(FINISHED_UNDELIVERED).sum())
    return (
        f"{len(roadmap.items)} roadmap items: {int(slipped.sum())} slipped past their first promise"
        + (f" (median slip {median_slip:.0f} days)" if median_slip is not None else "")
        + f", {int(roadmap.delivered.sum())} delivered, {len(changes)} re-baselines logged, "
        f"{dropped} cancelled or dropped"
        + (
            f"; {int(roadmap.after_contract.sum())} open items land after the contract ends on {fmt_date(contract_end)}."
            if contract_end
            else "; no contract on record."
        )
    )


def _vline(day: datetime.date, colour: str, dash: str) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": fmt_date(day),
        "x1": fmt_date(day),
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "dash": dash, "width": 1.5},
    }


def _vlabel(day: datetime.date, text: str, level: int = 0) -> dict[str, Any]:
    return {
        "xref": "x",
        "yref": "paper",
        "x": fmt_date(day),
        "y": 1,
        "yanchor": "top",
        "yshift": -LABEL_ROOM * level - 2,
        "text": text,
        "showarrow": False,
        "font": {"size": 11},
        "bgcolor": "rgba(255,255,255,0.85)",
    }
