"""A plotly figure kept as plain data (trace dicts and a layout dict), serialised without plotly's validation.

A page only sends a chart's figure JSON (``Chart.payload``), yet a ``go.Figure`` validates every
property it is given, key path by key path: building the dashboard's five figures that way was
most of what a page with nothing cached cost. :class:`Figure` keeps the dicts and writes the JSON
plotly would write for them (the same coercions: pandas and numpy arrays as typed arrays, unset
properties left out, the named template spelt out, plotly's own encoder). Whoever asks for
anything else (``figure.data``, ``figure.layout``, as the tests do) gets a real ``go.Figure``,
built from the same dicts on first use, so plotly still validates them there.
"""

import functools
import json
from collections.abc import Iterable
from typing import Any

import plotly.graph_objects as go
from _plotly_utils.basevalidators import is_homogeneous_array
from _plotly_utils.utils import is_skipped_key, to_typed_array_spec
from plotly.io.json import to_json_plotly


class Figure:
    """Trace dicts (each with its ``type``) and a layout dict; ``to_json`` as ``go.Figure(data, layout)`` has it."""

    def __init__(self, data: Iterable[dict[str, Any]] = (), layout: dict[str, Any] | None = None) -> None:
        self._traces = list(data)
        self._layout = dict(layout or {})
        self._figure: go.Figure | None = None

    @property
    def traces(self) -> list[dict[str, Any]]:
        """The trace dicts as given (not validated: plotly's ``.data`` holds the validated traces)."""
        return self._traces

    @property
    def layout_dict(self) -> dict[str, Any]:
        """The layout dict as given."""
        return self._layout

    def to_json(self) -> str:
        if self._figure is not None:  # built, so perhaps changed since: the plotly figure's own JSON
            return str(self._figure.to_json())
        layout = _plotly_dict(self._layout)
        layout["template"] = _template_json(layout.get("template"))
        return str(
            to_json_plotly({"data": [_plotly_dict(trace) for trace in self._traces], "layout": layout})
        )

    def plotly(self) -> go.Figure:
        """The validated plotly figure (built once)."""
        if self._figure is None:
            self._figure = go.Figure(data=self._traces, layout=self._layout)
        return self._figure

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # not set yet (copy and pickle look before __init__ runs)
            raise AttributeError(name)
        return getattr(self.plotly(), name)


# The properties that hold a list of objects (plotly's compound arrays, as named in its schema):
# plotly leaves one out when it is empty, while an empty list of values (x=[]) stays.
OBJECT_LISTS = frozenset(
    {
        "annotations",
        "buttons",
        "dimensions",
        "images",
        "layers",
        "rangebreaks",
        "selections",
        "shapes",
        "sliders",
        "steps",
        "tickformatstops",
        "updatemenus",
    }
)


def _plotly_dict(properties: dict[str, Any]) -> dict[str, Any]:
    """``properties`` as plotly stores them: ``None`` is unset, an empty object or list of objects is left out."""
    result: dict[str, Any] = {}
    for key, value in properties.items():
        if value is None:
            continue
        converted = _plotly_value(key, value)
        # (isinstance first: a numpy array's truth is ambiguous)
        if (
            isinstance(converted, dict | list)
            and not converted
            and (isinstance(converted, dict) or key in OBJECT_LISTS)
        ):
            continue
        result[key] = converted
    return result


# Values written as they are (numpy's float64 is a float): most of a figure, so tested first.
_SCALARS = (str, float, int)


def _plotly_value(key: str, value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, dict):
        return _plotly_dict(value)
    if isinstance(value, list | tuple):
        # Objects in a list (annotations, shapes) keep their place even when empty.
        return [_plotly_dict(item) if isinstance(item, dict) else item for item in value]
    if is_homogeneous_array(value):
        # What plotly's figure export does to a numpy array or a pandas Series (a range stays a list).
        return value.tolist() if is_skipped_key(key) else to_typed_array_spec(value)
    return value


@functools.cache
def _template_json_cached(name: str | None) -> str:
    layout = {} if name is None else {"template": name}
    return str(go.Figure(layout=layout).to_json())


def _template_json(name: object) -> Any:
    """The template as plotly spells out a template given by name (none given: plotly's default)."""
    if name is not None and not isinstance(name, str):
        raise TypeError(f"a template is named here, not given as {type(name).__name__}")
    # Parsed afresh (it is a few bytes): the cached text cannot change with what one figure does.
    return json.loads(_template_json_cached(name))["layout"].get("template")
