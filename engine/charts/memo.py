"""Build a chart once per distinct input, per process.

Building a plotly figure is most of what a chart page costs (plotly validates every
property it is given), and the same vendor page, dashboard or scorecard is drawn
again and again from the same facts. Every builder here is a pure function of its
arguments (and of today's date, for the "Today" markers), so a chart is reused when
the pickled arguments and the date are the same; a changed fact is a different key
(the cache lives and dies with the process, so it never outlives the code that filled it). The cache holds the chart's text parts and its figure as
JSON; a reused chart rebuilds a plotly figure only if someone asks for ``.figure``
(the tests do, the pages never: they send ``payload``).
"""

import base64
import dataclasses
import datetime
import functools
import json
import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import plotly.graph_objects as go

from engine.charts.base import Chart
from engine.memo import LruCache, input_key

MAX_CHARTS = 256  # per process: a few MB of figure JSON at most


def typed_arrays_decoded(value: Any) -> Any:
    """``value`` (plotly JSON, parsed) with plotly's typed arrays ({"dtype", "bdata"[, "shape"]},
    how its encoder writes numpy arrays) back as numpy arrays: ``go.Figure`` does not read them,
    and a figure rebuilt without this had the keys "dtype" and "bdata" as its x values."""
    if isinstance(value, dict):
        if set(value) in ({"dtype", "bdata"}, {"dtype", "bdata", "shape"}):
            array = np.frombuffer(
                base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]).newbyteorder("<")
            )
            if "shape" in value:
                array = array.reshape([int(size) for size in str(value["shape"]).split(",")])
            return array
        return {key: typed_arrays_decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed_arrays_decoded(item) for item in value]
    return value


class LazyFigure:
    """A figure kept as plotly JSON; the plotly object is built on first use."""

    def __init__(self, figure_json: str) -> None:
        self._json = figure_json
        self._figure: go.Figure | None = None

    def to_json(self) -> str:
        return self._json

    def __getattr__(self, name: str) -> Any:
        if self._figure is None:
            self._figure = go.Figure(typed_arrays_decoded(json.loads(self._json)))
        return getattr(self._figure, name)


class JsonCachedFigure:
    """A built plotly figure with its JSON already made: ``to_json`` returns it, the rest is the figure's."""

    def __init__(self, figure: go.Figure, figure_json: str) -> None:
        self._figure = figure
        self._json = figure_json

    def to_json(self) -> str:
        return self._json

    def __getattr__(self, name: str) -> Any:
        return getattr(self._figure, name)


# A chart's fields in Chart's order, with the figure as plotly JSON.
type Entry = tuple[str, str, str, str, tuple[str, ...], tuple[tuple[str, ...], ...], bool, str]

CACHE: LruCache[Entry] = LruCache(MAX_CHARTS)


def memoised[**P](builder: Callable[P, Chart]) -> Callable[P, Chart]:
    @functools.wraps(builder)
    def build(*args: P.args, **kwargs: P.kwargs) -> Chart:
        try:
            digest = input_key(args, kwargs, datetime.date.today())
        except (pickle.PicklingError, TypeError, AttributeError):
            return builder(*args, **kwargs)  # an argument that cannot be keyed: just build
        key = f"{builder.__module__}.{builder.__qualname__}:{digest}"
        entry = CACHE.get(key)
        if entry is None:
            chart = builder(*args, **kwargs)
            figure_json = chart.figure.to_json()
            CACHE.put(
                key,
                (
                    chart.key,
                    chart.title,
                    figure_json,
                    chart.summary,
                    chart.columns,
                    chart.rows,
                    chart.empty,
                    json.dumps(chart.narrow),
                ),
            )
            # The figure's JSON, made once: the page's payload reads it again (plotly's to_json
            # of a large figure costs milliseconds); the figure itself stays for whoever asks.
            return dataclasses.replace(chart, figure=JsonCachedFigure(chart.figure, figure_json))
        chart_key, title, figure_json, summary, columns, rows, empty, narrow = entry
        return Chart(
            key=chart_key,
            title=title,
            figure=LazyFigure(figure_json),
            summary=summary,
            columns=columns,
            rows=rows,
            empty=empty,
            narrow=json.loads(narrow),
        )

    return build
