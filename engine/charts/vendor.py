"""The vendor page's capability chart: maturity over time (the roadmap timeline: roadmap.py).

Inputs are plain DataFrames (built by ``vendors/chart_selectors.py``); dates are
``datetime64`` columns with NaT where unknown. Nothing here touches the database.
"""

import datetime
import functools
import json
import math
from typing import Any

import pandas as pd
from plotly.subplots import make_subplots

from engine.charts.base import (
    GRID,
    Chart,
    axis,
    empty_chart,
    fmt_date,
    house_layout,
    merged,
    plain,
    series_styles,
    wrapped,
)
from engine.charts.figure import Figure

# Up to this many lines share one plot; more are drawn as small multiples, one panel per group
# with its line in colour over the others in light grey, two panels a row.
MAX_LINES = 4
COLUMNS = 2
PANEL_HEIGHT = 170
CONTEXT_LINE = "#c9ced4"


def maturity_over_time(
    history: pd.DataFrame, group: str = "domain", until: datetime.date | None = None
) -> Chart:
    """Mean maturity of the assessed capabilities per ``group`` ("domain" or "capability"), as step lines.

    ``history`` has one row per assessment: capability, domain, assessed_on,
    maturity. Each capability keeps its latest value until it is assessed
    again, so a group's value at a date is the mean over the capabilities
    assessed by then. ``until`` (usually today) carries the last value to
    the right edge so that the current state is visible. Up to ``MAX_LINES`` groups share one
    plot; more are small multiples (:func:`_small_multiples`).
    """
    title = "Capability maturity over time"
    key = "chart-maturity"
    if history.empty:
        return empty_chart(key, title, "No capability assessments recorded yet.")

    rows: list[tuple[str, ...]] = []
    now_parts = []
    lines: list[tuple[str, pd.Series]] = []
    for name, part in history.sort_values("assessed_on").groupby(group, sort=True):
        mean, assessed = _mean_maturity(part)
        rows += _maturity_rows(str(name), mean, assessed)
        now_parts.append(f"{name} {mean.iloc[-1]:.1f} (first {mean.iloc[0]:.1f})")
        lines.append((str(name), mean))
    if len(lines) <= MAX_LINES:
        styles = series_styles()
        figure = Figure(
            [_maturity_line(name, mean, until, next(styles)) for name, mean in lines],
            house_layout(
                title,
                height=380,
                xaxis=axis("Assessment date", type="date"),
                yaxis=axis("Mean maturity (0–5)", range=[-0.2, 5.3], dtick=1),
            ),
        )
        narrow: dict[str, Any] = {}
    else:
        figure, narrow = _small_multiples(title, lines, until)
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
        narrow=narrow,
    )


def _small_multiples(
    title: str, lines: list[tuple[str, pd.Series]], until: datetime.date | None
) -> tuple[Figure, dict[str, Any]]:
    """One panel per group: its own line in colour, every other group's in light grey behind it.

    Eight lines in one plot are spaghetti; a panel each keeps every line readable and still shows
    it against the rest. Returns the figure and its narrow layout (fewer date ticks per panel).

    The grid's layout (panel domains, shared axes, titles) is make_subplots'; the traces and the
    settings are plain dicts merged into it as add_trace(row, col), update_layout and
    update_xaxes/update_yaxes did, so plotly validates nothing twice (see :class:`Figure`).
    """
    panels = math.ceil(len(lines) / COLUMNS)
    layout: dict[str, Any] = json.loads(_grid_json(panels, len(lines)))
    # The panel titles in the grid's order (their places do not depend on their text).
    for annotation, (name, _) in zip(layout["annotations"], lines, strict=True):
        annotation["text"] = wrapped(plain(name), 26)
    styles = series_styles()
    traces: list[dict[str, Any]] = []
    for index, (name, mean) in enumerate(lines):
        # make_subplots numbers the panels' axes row by row: panel n has x{n} and y{n} ("x" for 1).
        number = "" if index == 0 else str(index + 1)
        on_panel = {"xaxis": f"x{number}", "yaxis": f"y{number}"}
        for other, other_mean in lines:
            if other != name:
                traces.append({**_context_line(other_mean, until), **on_panel})
        colour, _, symbol = next(styles)
        # One coloured line a panel: solid, the dashes that tell lines apart in one plot are not needed.
        traces.append({**_maturity_line(name, mean, until, (colour, "solid", symbol)), **on_panel})
    layout = merged(
        layout,
        house_layout(
            title,
            height=110 + PANEL_HEIGHT * panels,
            showlegend=False,
            margin={"l": 60, "r": 30, "t": 90, "b": 50},
        ),
    )
    for key in [key for key in layout if key.startswith("xaxis")]:
        layout[key] = merged(layout[key], {"type": "date", "gridcolor": GRID, "nticks": 6})
    for key in [key for key in layout if key.startswith("yaxis")]:
        layout[key] = merged(layout[key], {"range": [-0.2, 5.3], "dtick": 1, "gridcolor": GRID})
    for row in range(panels):  # the first column's y axes
        key = "yaxis" if row == 0 else f"yaxis{row * COLUMNS + 1}"
        layout[key] = merged(layout[key], {"title": {"text": "Maturity"}})
    layout["annotations"] = [
        merged(annotation, {"font": {"size": 12}}) for annotation in layout["annotations"]
    ]
    narrow: dict[str, Any] = {key: {"nticks": 3} for key in layout if key.startswith("xaxis")}
    narrow["margin"] = {"t": 90}
    return Figure(traces, layout), narrow


@functools.cache
def _grid_json(panels: int, titles: int) -> str:
    """make_subplots' layout for ``panels`` rows of COLUMNS panels and ``titles`` panel titles, as JSON.

    Run once per shape (make_subplots cost most of the chart); the titles are placeholders, their
    annotations get the groups' names. The template is left out: the house layout names its own.
    """
    grid = make_subplots(
        rows=panels,
        cols=COLUMNS,
        shared_xaxes=True,
        shared_yaxes=True,
        vertical_spacing=0.4 / panels,
        horizontal_spacing=0.06,
        subplot_titles=[f"title {number}" for number in range(titles)],
    )
    layout = json.loads(grid.to_json())["layout"]
    layout.pop("template")
    return json.dumps(layout)


def _context_line(mean: pd.Series, until: datetime.date | None) -> dict[str, Any]:
    """Another group's line, thin and light grey, without a hover (a scatter trace)."""
    x, y = list(mean.index), list(mean.values)
    if until is not None and pd.Timestamp(until) > x[-1]:
        x.append(pd.Timestamp(until))
        y.append(y[-1])
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "line": {"shape": "hv", "color": CONTEXT_LINE, "width": 1.5},
        "hoverinfo": "skip",
    }


def _mean_maturity(part: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """A group's mean maturity at each assessment date, and how many capabilities it averages."""
    # pivot_table(aggfunc="last") at half the cost: the last known value per date and capability,
    # dates and capabilities without one left out (as pivot_table's dropna leaves them out).
    last = part.groupby(["assessed_on", "capability"])["maturity"].last()
    by_date = last[last.notna()].unstack("capability")
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
) -> dict[str, Any]:
    """A group's step line (a scatter trace), its last value carried on to ``until``."""
    x, y = list(mean.index), list(mean.values)
    if until is not None and pd.Timestamp(until) > x[-1]:
        x.append(pd.Timestamp(until))
        y.append(y[-1])
    colour, dash, symbol = style
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "name": plain(name),
        "mode": "lines+markers",
        "line": {"shape": "hv", "color": colour, "dash": dash, "width": 2.5},
        "marker": {"symbol": symbol, "size": 7, "color": colour},
        "hovertemplate": "%{x|%Y-%m-%d}: %{y:.1f}<extra>%{fullData.name}</extra>",
    }
