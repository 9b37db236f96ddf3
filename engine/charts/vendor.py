"""The vendor page's capability chart: maturity over time (the roadmap timeline: roadmap.py).

Inputs are plain DataFrames (built by ``vendors/chart_selectors.py``); dates are
``datetime64`` columns with NaT where unknown. Nothing here touches the database.
"""

import datetime
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from engine.charts.base import (
    Chart,
    axis,
    empty_chart,
    fmt_date,
    house_layout,
    series_styles,
)


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
    rows: list[tuple[str, ...]] = []
    now_parts = []
    styles = series_styles()
    for name, part in history.sort_values("assessed_on").groupby(group, sort=True):
        mean, assessed = _mean_maturity(part)
        rows += _maturity_rows(str(name), mean, assessed)
        now_parts.append(f"{name} {mean.iloc[-1]:.1f} (first {mean.iloc[0]:.1f})")
        figure.add_trace(_maturity_line(str(name), mean, until, next(styles)))
    figure.update_layout(
        house_layout(
            title,
            height=380,
            xaxis=axis("Assessment date", type="date"),
            yaxis=axis("Mean maturity (0–5)", range=[-0.2, 5.3], dtick=1),
        )
    )
    first, last = history["assessed_on"].min(), history["assessed_on"].max()
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


def _mean_maturity(part: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """A group's mean maturity at each assessment date, and how many capabilities it averages."""
    by_date = part.pivot_table(index="assessed_on", columns="capability", values="maturity", aggfunc="last")
    by_date = by_date.sort_index().ffill()
    return by_date.mean(axis=1), by_date.notna().sum(axis=1)


def _maturity_rows(name: str, mean: pd.Series, assessed: pd.Series) -> list[tuple[str, ...]]:
    return [
        # Series.items() yields its labels as Hashable, which pandas-stubs' __getitem__ refuses;
        # here they are the assessment dates of the index.
        (name, fmt_date(day), f"{value:.1f}", str(int(assessed[day])))  # type: ignore[arg-type, call-overload]
        for day, value in mean.items()
    ]


def _maturity_line(
    name: str, mean: pd.Series, until: datetime.date | None, style: tuple[str, str, str]
) -> Any:
    """A group's step line (a ``go.Scatter``), its last value carried on to ``until``."""
    x, y = list(mean.index), list(mean.values)
    if until is not None and pd.Timestamp(until) > x[-1]:
        x.append(pd.Timestamp(until))
        y.append(y[-1])
    colour, dash, symbol = style
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode="lines+markers",
        line={"shape": "hv", "color": colour, "dash": dash, "width": 2.5},
        marker={"symbol": symbol, "size": 7, "color": colour},
        hovertemplate="%{x|%Y-%m-%d}: %{y:.1f}<extra>%{fullData.name}</extra>",
    )
