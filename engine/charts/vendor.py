"""The vendor page's charts: capability maturity over time, the roadmap timeline, R&D and funding.

Inputs are plain DataFrames (built by ``vendors/chart_selectors.py``); dates are
``datetime64`` columns with NaT where unknown. Nothing here touches the database.
"""

import datetime
from collections.abc import Sequence
from typing import Any, cast

import pandas as pd
import plotly.graph_objects as go

from engine.charts.base import (
    GOOD,
    NEUTRAL,
    OKABE_ITO,
    WARNING,
    Chart,
    empty_chart,
    fmt_date,
    fmt_number,
    house_layout,
    series_styles,
)

FINISHED_UNDELIVERED = {"cancelled", "silently_dropped"}


def maturity_over_time(
    history: pd.DataFrame, group: str = "domain", until: datetime.date | None = None
) -> Chart:
    """Mean maturity of the assessed capabilities per ``group`` ("domain" or "capability"), as step lines.

    ``history`` has one row per assessment: capability, domain, assessed_on,
    maturity. Each capability keeps its latest value until it is assessed
    again, so a group's value at a date is the mean over the capabilities
    assessed by then. ``until`` (usually today) carries the last value to
    the right edge so that the current state is visible.
    """
    title = "Capability maturity over time"
    key = "chart-maturity"
    if history.empty:
        return empty_chart(key, title, "No capability assessments recorded yet.")

    figure = go.Figure()
    rows, now_parts = [], []
    styles = series_styles()
    for name, part in history.sort_values("assessed_on").groupby(group, sort=True):
        by_date = part.pivot_table(
            index="assessed_on", columns="capability", values="maturity", aggfunc="last"
        )
        by_date = by_date.sort_index().ffill()
        mean, assessed = by_date.mean(axis=1), by_date.notna().sum(axis=1)
        rows += [
            # Series.items() yields its labels as Hashable, which pandas-stubs' __getitem__ refuses;
            # here they are the assessment dates of the index.
            (str(name), fmt_date(day), f"{value:.1f}", str(int(assessed[day])))  # type: ignore[arg-type, call-overload]
            for day, value in mean.items()
        ]
        now_parts.append(f"{name} {mean.iloc[-1]:.1f} (first {mean.iloc[0]:.1f})")
        x, y = list(mean.index), list(mean.values)
        if until is not None and pd.Timestamp(until) > x[-1]:
            x.append(pd.Timestamp(until))
            y.append(y[-1])
        colour, dash, symbol = next(styles)
        figure.add_trace(
            go.Scatter(
                x=x,
                y=y,
                name=str(name),
                mode="lines+markers",
                line={"shape": "hv", "color": colour, "dash": dash, "width": 2.5},
                marker={"symbol": symbol, "size": 7, "color": colour},
                hovertemplate="%{x|%Y-%m-%d}: %{y:.1f}<extra>%{fullData.name}</extra>",
            )
        )
    first, last = history["assessed_on"].min(), history["assessed_on"].max()
    figure.update_layout(
        house_layout(
            title,
            height=380,
            xaxis={"title": {"text": "Assessment date"}, "type": "date", "gridcolor": "#e3e7eb"},
            yaxis={
                "title": {"text": "Mean maturity (0–5)"},
                "range": [-0.2, 5.3],
                "dtick": 1,
                "gridcolor": "#e3e7eb",
            },
        )
    )
    summary = (
        f"Mean maturity of the assessed capabilities per {group}, from {fmt_date(first)} to "
        f"{fmt_date(last)}. Latest: " + "; ".join(now_parts) + "."
    )
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=summary,
        columns=(group.capitalize(), "Date", "Mean maturity", "Capabilities assessed"),
        rows=tuple(rows),
    )


def _item_labels(items: pd.DataFrame) -> list[str]:
    labels = []
    for title, capability in zip(items["title"], items["capability"], strict=True):
        label = f"{title} · {capability}"
        labels.append(label if len(label) <= 60 else label[:59] + "…")
    # Two items with the same title would share one row of the chart.
    seen: dict[str, int] = {}
    for index, label in enumerate(labels):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[index] = f"{label} ({seen[label]})"
    return labels


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
    items = items.sort_values(["first_promised_date", "title"], kind="stable").reset_index(drop=True)
    labels = _item_labels(items)
    label_of = dict(zip(items["item_id"], labels, strict=True))
    delivered = items["status"] == "delivered"
    ended = items["delivered_date"].where(delivered, items["target_date"])
    slip_days = (ended - items["first_promised_date"]).dt.days
    rebaselines = changes.groupby("item_id").size() if not changes.empty else pd.Series(dtype="int64")
    contract_end = max(contract_ends) if contract_ends else None
    still_open = ~delivered & ~items["status"].isin(FINISHED_UNDELIVERED)
    after_contract = (
        still_open & (items["target_date"] > pd.Timestamp(contract_end))
        if contract_end
        else pd.Series(False, index=items.index)
    )

    figure = go.Figure()
    slipped = slip_days > 0
    slip_x, slip_y = [], []
    for index in items.index[slipped]:
        slip_x += [items.at[index, "first_promised_date"], ended[index], None]
        slip_y += [labels[index], labels[index], None]
    figure.add_trace(
        go.Scatter(
            x=slip_x,
            y=slip_y,
            name="Slip after the first promise",
            mode="lines",
            line={"color": WARNING, "width": 7},
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=items["first_promised_date"],
            y=labels,
            name="First promised",
            mode="markers",
            marker={"symbol": "circle-open", "size": 11, "color": OKABE_ITO["blue"], "line": {"width": 2.5}},
            hovertemplate="First promised %{x|%Y-%m-%d}<extra>%{y}</extra>",
        )
    )
    if not changes.empty:
        moved = changes[changes["item_id"].isin(label_of)]
        figure.add_trace(
            go.Scatter(
                x=moved["new_date"],
                y=[label_of[item] for item in moved["item_id"]],
                customdata=[fmt_date(day) for day in moved["old_date"]],
                name="Re-baselined to",
                mode="markers",
                marker={"symbol": "diamond", "size": 10, "color": OKABE_ITO["orange"], "line": {"width": 1}},
                hovertemplate="Re-baselined %{customdata} → %{x|%Y-%m-%d}<extra>%{y}</extra>",
            )
        )
    done = items[delivered]
    figure.add_trace(
        go.Scatter(
            x=done["delivered_date"],
            y=[labels[index] for index in done.index],
            customdata=["beta" if kind == "beta" else "GA" for kind in done["delivered_as"]],
            name="Delivered (filled: GA, open: beta)",
            mode="markers",
            marker={
                "symbol": ["star-open" if kind == "beta" else "star" for kind in done["delivered_as"]],
                "size": 14,
                "color": GOOD,
                "line": {"width": 1.5, "color": GOOD},
            },
            hovertemplate="Delivered %{x|%Y-%m-%d} as %{customdata}<extra>%{y}</extra>",
        )
    )
    pending = items[still_open]
    figure.add_trace(
        go.Scatter(
            x=pending["target_date"],
            y=[labels[index] for index in pending.index],
            name="Current target (open)",
            mode="markers",
            marker={"symbol": "square", "size": 9, "color": OKABE_ITO["black"]},
            hovertemplate="Current target %{x|%Y-%m-%d}<extra>%{y}</extra>",
        )
    )
    gone = items[items["status"].isin(FINISHED_UNDELIVERED)]
    figure.add_trace(
        go.Scatter(
            x=gone["target_date"],
            y=[labels[index] for index in gone.index],
            customdata=[status_labels.get(status, status) for status in gone["status"]],
            name="Cancelled or dropped",
            mode="markers",
            marker={
                "symbol": "x-thin-open",
                "size": 12,
                "color": OKABE_ITO["reddish_purple"],
                "line": {"width": 3},
            },
            hovertemplate="%{customdata} (was due %{x|%Y-%m-%d})<extra>%{y}</extra>",
        )
    )
    shapes, annotations = [], []
    for end in sorted(set(contract_ends)):
        shapes.append(_vline(end, OKABE_ITO["black"], "dash"))
        annotations.append(_vlabel(end, f"Contract ends {fmt_date(end)}"))
    if today is not None:
        shapes.append(_vline(today, NEUTRAL, "dot"))
        annotations.append(_vlabel(today, "Today", shift=16))
    if horizon is not None:
        shapes.append(_vline(horizon, OKABE_ITO["blue"], "dashdot"))
        annotations.append(_vlabel(horizon, f"Horizon {fmt_date(horizon)}", shift=32))
    figure.update_layout(
        house_layout(
            title,
            height=max(280, 150 + 28 * len(items)),
            margin={"l": 20, "r": 30, "t": 110, "b": 50},
            shapes=shapes,
            annotations=annotations,
            xaxis={"title": {"text": "Date"}, "type": "date", "gridcolor": "#e3e7eb"},
            yaxis={
                "type": "category",
                "categoryorder": "array",
                "categoryarray": labels,
                "autorange": "reversed",
                "automargin": True,
                "gridcolor": "#e3e7eb",
            },
        )
    )

    # A cell read with .at is any scalar to pandas-stubs: the date columns hold Timestamps or NaT.
    def date_at(index: int, column: str) -> datetime.date | None:
        return cast(datetime.date | None, items.at[index, column])

    rows: list[tuple[str, ...]] = []
    for index in items.index:
        status = cast(str, items.at[index, "status"])
        rows.append(
            (
                str(items.at[index, "title"]),
                str(items.at[index, "capability"]),
                fmt_date(date_at(index, "first_promised_date")),
                fmt_date(date_at(index, "target_date")),
                fmt_date(date_at(index, "delivered_date")),
                str(int(rebaselines.get(items.at[index, "item_id"], 0))),
                fmt_number(slip_days[index]),
                status_labels.get(status, status),
                "yes" if after_contract[index] else "no",
            )
        )
    median_slip = slip_days[slipped].median() if slipped.any() else None
    summary = (
        f"{len(items)} roadmap items: {int(slipped.sum())} slipped past their first promise"
        + (f" (median slip {median_slip:.0f} days)" if median_slip is not None else "")
        + f", {int(delivered.sum())} delivered, {len(changes)} re-baselines logged, "
        f"{len(gone)} cancelled or dropped"
        + (
            f"; {int(after_contract.sum())} open items land after the contract ends on {fmt_date(contract_end)}."
            if contract_end
            else "; no contract on record."
        )
    )
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=summary,
        columns=(
            "Item",
            "Capability",
            "First promised",
            "Current target",
            "Delivered",
            "Re-baselines",
            "Slip (days)",
            "Status",
            "After contract end",
        ),
        rows=tuple(rows),
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


def _vlabel(day: datetime.date, text: str, shift: int = 0) -> dict[str, Any]:
    return {
        "xref": "x",
        "yref": "paper",
        "x": fmt_date(day),
        "y": 1,
        "yanchor": "bottom",
        "yshift": shift,
        "text": text,
        "showarrow": False,
        "font": {"size": 11},
        "bgcolor": "rgba(255,255,255,0.85)",
    }
