"""What every chart shares: the colour-blind-safe palette, the house layout and the Chart wrapper."""

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypedDict

import pandas as pd
import plotly.graph_objects as go

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


# A chart labels a vendor with at most this many characters; the hover and the table give the name in full.
LABEL_CHARS = 32


def short_labels(names: Iterable[object], limit: int = LABEL_CHARS) -> list[str]:
    """``names`` cut to ``limit`` characters with an ellipsis, kept distinct (a bar per label)."""
    labels = [name if len(name) <= limit else name[: limit - 1] + "…" for name in map(str, names)]
    seen: dict[str, int] = {}
    for index, label in enumerate(labels):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[index] = f"{label} ({seen[label]})"
    return labels


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
            "text": title,
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
    """One segment of a horizontal stacked bar per vendor (a plotly ``go.Bar``, which is Any to mypy).

    ``hover_value`` is the value's part of the hover text, e.g. ``"%{x:.3f}"``.
    """
    return go.Bar(
        y=short_labels(names),
        hovertext=names,  # the full name: the axis label may be cut (short_labels)
        x=values,
        name=label,
        orientation="h",
        marker={"color": colour, "line": {"color": "#ffffff", "width": 1}},
        hovertemplate="%{hovertext}: " + hover_value + "<extra>" + label + "</extra>",
    )


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


@dataclass(frozen=True)
class Chart:
    """A figure and its text alternative, ready for a page.

    ``key`` names the DOM elements (``<key>`` for the container, ``<key>-data``
    for the JSON); ``summary`` is one or two sentences a screen reader reads
    out; ``columns``/``rows`` are the numbers behind the chart as a table.
    An empty chart (no data) is shown as its summary alone, with ``link`` (address, text) when the
    page knows where to fix what is missing.
    """

    key: str
    title: str
    figure: go.Figure
    summary: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    empty: bool = False
    link: tuple[str, str] | None = None

    @property
    def data_id(self) -> str:
        return f"{self.key}-data"

    @property
    def aria_label(self) -> str:
        return f"{self.title}. {self.summary}"

    @property
    def payload(self) -> Payload:
        """Plain JSON types (plotly's encoder turns numpy and dates into strings) plus the plotly config."""
        figure = json.loads(self.figure.to_json())
        return {"data": figure.get("data", []), "layout": figure.get("layout", {}), "config": PLOTLY_CONFIG}


def empty_chart(key: str, title: str, summary: str) -> Chart:
    """A placeholder for a chart without data: the page shows the summary instead of blank axes."""
    return Chart(
        key=key, title=title, figure=go.Figure(layout=house_layout(title)), summary=summary, empty=True
    )


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


def in_rank_order(vendors: pd.DataFrame) -> pd.DataFrame:
    """Vendors sorted for display (rank 1 first) when the frame carries ``position``."""
    return vendors.sort_values("position") if "position" in vendors else vendors


__all__ = [
    "GOOD",
    "GRID",
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
    "series_styles",
    "stacked_bar",
    "stacked_bar_layout",
]
