"""What every chart shares: the colour-blind-safe palette, the house layout and the Chart wrapper."""

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypedDict, cast

import pandas as pd
import plotly.graph_objects as go

from engine.charts.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every
# common colour-vision deficiency. Names are the authors' own.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
# Series colours in the order they are handed out; yellow last, it is faint on white.
SERIES_COLOURS = [
    OKABE_ITO[name]
    for name in (
        "blue",
        "orange",
        "bluish_green",
        "vermillion",
        "reddish_purple",
        "sky_blue",
        "black",
        "yellow",
    )
]
# Past eight series the colours repeat, so the dash and the marker tell them apart.
SERIES_DASHES = ["solid", "dash", "dot", "dashdot"]
SERIES_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "cross", "hexagon"]
WARNING = OKABE_ITO["vermillion"]
GOOD = OKABE_ITO["bluish_green"]
NEUTRAL = "#5b6470"
GRID = "#e3e7eb"

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


# What changes when a chart is drawn narrower than NARROW_BELOW px (a phone): the legend goes below
# the plot, fewer ticks, smaller type and margins. static/js/charts.js merges a chart's ``narrow``
# layout (this, plus the chart's own) over its layout when its container is that narrow.
NARROW_BELOW = 560
NARROW_LAYOUT: dict[str, Any] = {
    "font": {"size": 11},
    "title": {"font": {"size": 13}},
    "margin": {"l": 10, "r": 10, "t": 50, "b": 60},
    "legend": {
        "orientation": "h",
        "yref": "container",
        "y": 0,
        "yanchor": "bottom",
        "x": 0,
        "xanchor": "left",
        "font": {"size": 10},
    },
    "xaxis": {"nticks": 5, "automargin": True},
    "yaxis": {"automargin": True},
}
# On a narrow chart, titles longer than this many characters are wrapped (the chart's, the x axes', the y axes').
NARROW_TITLE_CHARS = {"title": 40, "xaxis": 30, "yaxis": 34}


def _narrow_titles(layout: dict[str, Any]) -> dict[str, Any]:
    """The chart's and its axes' titles wrapped for a narrow chart, with room above for a longer title."""
    changes: dict[str, Any] = {}
    for key, part in layout.items():
        kind = "xaxis" if key.startswith("xaxis") else "yaxis" if key.startswith("yaxis") else key
        if kind not in NARROW_TITLE_CHARS or not isinstance(part, dict):
            continue
        title = part.get("text", "") if kind == "title" else part.get("title", {}).get("text", "")
        if not title or len(title) <= NARROW_TITLE_CHARS[kind]:
            continue
        text = wrapped(title, NARROW_TITLE_CHARS[kind])
        if kind == "title":
            changes["title"] = {"text": text}
            changes["margin"] = {"t": 50 + 16 * text.count("<br>")}
        else:
            changes[key] = {"title": {"text": text}}
    return changes


NARROW_LEGEND_LINE = 19  # px per legend entry below a narrow chart


def wrapped(text: str, width: int) -> str:
    """``text`` (already :func:`plain`) broken into lines of at most about ``width`` characters with ``<br>``.

    Breaks at spaces; a word longer than ``width`` keeps a line of its own, uncut.
    """
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


NARROW_ROW = 26  # px of a row's own label above it, per line, on a narrow chart


def narrow_row_labels(
    rows: list[str], texts: list[str] | None = None, width: int = 44, gap: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Row labels of a horizontal chart drawn above each row, full width, for a narrow container.

    On a phone a category axis' tick labels would take half the width; instead each row's label
    (``texts``, by default the categories ``rows`` themselves; already :func:`plain`) is an
    annotation over the row, wrapped at ``width`` characters, ``gap`` px higher than it would be
    (room for a label over the row's own marks). Returns the annotations and the height the rows
    need (all rows of a category axis are equally tall: as tall as the tallest).
    """
    annotations = []
    lines = 1
    for row, label in zip(rows, texts or rows, strict=True):
        text = wrapped(label, width)
        lines = max(lines, text.count("<br>") + 1)
        annotations.append(
            {
                "xref": "paper",
                "yref": "y",
                "x": 0,
                "y": row,
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": 12 + gap,
                "align": "left",
                "text": text,
                "showarrow": False,
                "font": {"size": 10},
            }
        )
    return annotations, len(rows) * (NARROW_ROW + gap + 13 * lines)


def merged(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``overrides`` merged in, nested dictionaries key by key (neither is changed)."""
    result = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def series_styles() -> Iterator[tuple[str, str, str]]:
    """An endless supply of (colour, dash, symbol); no two of the first 32 look alike."""
    colours = len(SERIES_COLOURS)
    index = 0
    while True:
        yield (
            SERIES_COLOURS[index % colours],
            # Dashes cycle on their own so that overlapping lines stay apart even among the first eight,
            # shifted by one per round of colours so that series 9-32 do not repeat 1-8.
            SERIES_DASHES[(index + index // colours) % len(SERIES_DASHES)],
            SERIES_SYMBOLS[index % len(SERIES_SYMBOLS)],
        )
        index += 1


def plain(text: object) -> str:
    """``text`` as plotly must be given it to show it as typed.

    plotly draws a subset of HTML in every text it is handed (labels, titles, hovers, legends,
    category ticks): ``<b>Acme</b>`` would come out bold and ``&amp;`` as ``&``. Escaping ``&``,
    ``<`` and ``>`` (in that order) makes it print the characters themselves.
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_all(texts: Iterable[object]) -> list[str]:
    """:func:`plain` for each of ``texts``."""
    return [plain(text) for text in texts]


# A chart labels a vendor with at most this many characters; the hover and the table give the name in full.
LABEL_CHARS = 32


def short_labels(names: Iterable[object], limit: int = LABEL_CHARS) -> list[str]:
    """``names`` cut to ``limit`` characters with an ellipsis, kept distinct (a bar per label).

    The labels are for plotly, so escaped with :func:`plain` (after cutting, so an entity is never cut).
    """
    labels = [name if len(name) <= limit else name[: limit - 1] + "…" for name in map(str, names)]
    seen: dict[str, int] = {}
    for index, label in enumerate(labels):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[index] = f"{label} ({seen[label]})"
    return plain_all(labels)


def house_layout(title: str, height: int = 380, **overrides: Any) -> dict[str, Any]:
    """The layout every chart starts from: plain background, light grid, legend on top.

    ``template="none"`` keeps plotly.py's 10 kB default template out of the
    page; the few settings that matter are spelt out here instead.
    """
    axis = {"gridcolor": GRID, "zerolinecolor": GRID, "linecolor": NEUTRAL, "automargin": True}
    layout = {
        "template": "none",
        # Pinned to the top edge, so a tall legend under it never overlaps it.
        "title": {
            "text": plain(title),
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 10},
            "font": {"size": 15},
        },
        "height": height,
        "margin": {"l": 60, "r": 30, "t": 70, "b": 50},
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", "size": 12},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"},
        "hoverlabel": {"namelength": -1},
        "xaxis": dict(axis),
        "yaxis": dict(axis),
    }
    layout.update(overrides)
    return layout


def axis(title: str | None = None, **settings: Any) -> dict[str, Any]:
    """An axis of a chart's own: its title (when it has one), its settings, the house grid colour."""
    titled: dict[str, Any] = {"title": {"text": title}} if title is not None else {}
    return {**titled, **settings, "gridcolor": GRID}


def stacked_bar(names: list[str], values: pd.Series, label: str, colour: str, hover_value: str) -> Any:
    """One segment of a horizontal stacked bar per vendor: a plotly bar trace, for ``add_trace``.

    ``hover_value`` is the value's part of the hover text, e.g. ``"%{x:.3f}"``. A dict rather than
    a ``go.Bar``: the figure validates what it is given, so a ``go.Bar`` was validated twice.
    """
    return {
        "type": "bar",
        "y": short_labels(names),
        "hovertext": plain_all(names),  # the full name: the axis label may be cut (short_labels)
        "x": values,
        "name": plain(label),
        "orientation": "h",
        "marker": {"color": colour, "line": {"color": "#ffffff", "width": 1}},
        "hovertemplate": "%{hovertext}: " + hover_value + "<extra>" + plain(label) + "</extra>",
    }


def stacked_bar_layout(title: str, bars: int, xaxis: dict[str, Any]) -> dict[str, Any]:
    """The layout of horizontal stacked bars, one per vendor, rank 1 on top."""
    return house_layout(
        title,
        height=max(320, 200 + 34 * bars),
        barmode="stack",
        # Up to three rows of legend between the title and the bars in a half-width column.
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        margin={"l": 60, "r": 30, "t": 140, "b": 50},
        xaxis=xaxis,
        yaxis={"autorange": "reversed", "automargin": True},
    )


class Payload(TypedDict):
    """What a page hands to static/js/charts.js: plotly's figure JSON and its config."""

    data: list[Any]
    layout: dict[str, Any]
    config: dict[str, Any]
    narrow: dict[str, Any]
    narrowTraces: list[dict[str, Any]]


# The key of a chart's ``narrow`` that holds per-trace changes (by trace index) instead of layout.
NARROW_TRACES = "traces"


@dataclass(frozen=True)
class Chart:
    """A figure and its text alternative, ready for a page.

    ``key`` names the DOM elements (``<key>`` for the container, ``<key>-data``
    for the JSON); ``summary`` is one or two sentences a screen reader reads
    out; ``columns``/``rows`` are the numbers behind the chart as a table.
    An empty chart (no data) is shown as its summary alone, with ``link`` (address, text) when the
    page knows where to fix what is missing. ``narrow`` is the chart's own part of the layout used
    below ``NARROW_BELOW`` px, over ``NARROW_LAYOUT``; under ``NARROW_TRACES`` it may hold a list
    of changes to the traces, by index (``{}`` for a trace that stays as it is).
    ``figure`` is a :class:`~engine.charts.figure.Figure` (plain dicts, plotly's JSON without its
    validation, a ``go.Figure`` on demand) or anything else with plotly's ``to_json``.
    """

    key: str
    title: str
    figure: go.Figure
    summary: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    empty: bool = False
    link: tuple[str, str] | None = None
    narrow: dict[str, Any] = field(default_factory=dict)

    @property
    def data_id(self) -> str:
        return f"{self.key}-data"

    @property
    def aria_label(self) -> str:
        return f"{self.title}. {self.summary}"

    @property
    def payload(self) -> Payload:
        """Plain JSON types (plotly's encoder turns numpy and dates into strings), the plotly config and
        the layout changes for a narrow container."""
        figure = json.loads(self.figure.to_json())
        data, layout = figure.get("data", []), figure.get("layout", {})
        narrow = self._narrow(data, layout)
        traces = narrow.pop(NARROW_TRACES, [])
        return {
            "data": data,
            "layout": layout,
            "config": PLOTLY_CONFIG,
            "narrow": narrow,
            "narrowTraces": traces,
        }

    def _narrow(self, data: list[Any], layout: dict[str, Any]) -> dict[str, Any]:
        """``NARROW_LAYOUT`` and the chart's own ``narrow``, with room below the plot for the legend.

        The bottom margin and the figure grow by a line per legend entry (the most a legend below
        the plot takes on a phone).
        """
        narrow = merged(merged(NARROW_LAYOUT, _narrow_titles(layout)), self.narrow)
        entries = sum(1 for trace in data if trace.get("showlegend", True) and trace.get("name"))
        if layout.get("showlegend", True) is False or narrow.get("showlegend") is False:
            entries = 0
        if entries:
            # plotly makes room for the x axis or for the legend below it, whichever needs more, not
            # for both: the bottom margin holds both, and the figure grows so the plot keeps its height.
            legend_height = NARROW_LEGEND_LINE * entries + 10
            margin = narrow.get("margin", {})
            narrow["margin"] = {**margin, "b": margin.get("b", 60) + legend_height}
            narrow["height"] = narrow.get("height", layout.get("height", 380)) + legend_height
        return narrow


def empty_chart(key: str, title: str, summary: str) -> Chart:
    """A placeholder for a chart without data: the page shows the summary instead of blank axes."""
    return Chart(key=key, title=title, figure=Figure(layout=house_layout(title)), summary=summary, empty=True)


def fmt_date(value: datetime.date | None) -> str:
    """ISO date or an en dash for a missing one (NaT, None).

    pandas' NaT is a ``datetime`` at run time (though pandas-stubs does not say so).
    """
    if value is None or value != value:  # NaT and NaN are not equal to themselves
        return "–"
    return value.strftime("%Y-%m-%d")


def fmt_number(value: float | None, decimals: int = 0, suffix: str = "") -> str:
    """Thousands-separated number or an en dash when missing."""
    if value is None or value != value:
        return "–"
    return f"{value:,.{decimals}f}{suffix}"


def fmt_percent(share: float | None) -> str:
    """A 0–1 share as a percentage with one decimal, or an en dash when missing."""
    return fmt_number(None if share is None else 100 * share, 1, " %")


def records(frame: pd.DataFrame, *columns: str) -> list[dict[str, Any]]:
    """``frame``'s rows as dicts of ``columns``, with Python's own values (float, int, str, bool).

    What ``iterrows`` gives for a frame with a text column, without building a Series per row.
    """
    # The keys are the column names asked for (pandas-stubs types them Hashable).
    return cast(list[dict[str, Any]], frame[list(columns)].to_dict("records"))


def in_rank_order(vendors: pd.DataFrame) -> pd.DataFrame:
    """Vendors sorted for display (rank 1 first) when the frame carries ``position``."""
    return vendors.sort_values("position") if "position" in vendors else vendors


__all__ = [
    "GOOD",
    "GRID",
    "NARROW_BELOW",
    "NARROW_LAYOUT",
    "NARROW_TRACES",
    "NEUTRAL",
    "OKABE_ITO",
    "PLOTLY_CONFIG",
    "SERIES_COLOURS",
    "WARNING",
    "Chart",
    "axis",
    "empty_chart",
    "fmt_date",
    "fmt_number",
    "fmt_percent",
    "house_layout",
    "in_rank_order",
    "merged",
    "narrow_row_labels",
    "plain",
    "plain_all",
    "records",
    "series_styles",
    "stacked_bar",
    "stacked_bar_layout",
    "wrapped",
]
