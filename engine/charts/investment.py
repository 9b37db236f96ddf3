"""R&D spend and intensity over the fiscal years, with where outside money came from."""

import functools
import json
import math
from typing import Any, cast

import pandas as pd
from plotly.subplots import make_subplots

from engine.charts.base import GRID, OKABE_ITO, Chart, empty_chart, fmt_percent, house_layout, merged, plain
from engine.charts.figure import Figure

# One fixed colour per funding source, so the same source looks the same on every page.
FUNDING_COLOURS = {
    "organic": OKABE_ITO["bluish_green"],
    "venture": OKABE_ITO["orange"],
    "private_equity": OKABE_ITO["vermillion"],
    "public_equity": OKABE_ITO["blue"],
    "debt": OKABE_ITO["black"],
    "grant": OKABE_ITO["yellow"],
    "parent": OKABE_ITO["reddish_purple"],
}
RD_SPEND_COLOUR = OKABE_ITO["sky_blue"]
# Both y axes of the R&D panel run from 0 in the same number of equal steps (one of these) of a
# round size, so that the right axis' ticks sit on the left axis' grid lines and read 0 / 10 / 20 %,
# not 4.7 / 9.41.
TICK_STEPS = (3, 4, 5)
INTENSITY_COLOUR = OKABE_ITO["blue"]


def _money(value: float | None) -> str:
    """Millions with one decimal: executives compare magnitudes, not cents."""
    if value is None or value != value:
        return "–"
    return f"{value / 1e6:,.1f} M"


def round_step(top: float, steps: int) -> float:
    """The smallest step of 1, 2, 2.5 or 5 times a power of ten with which ``steps`` steps reach ``top``."""
    if not top > 0 or not math.isfinite(top):
        return 1.0
    rough = top / steps
    power = 10.0 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * power >= rough * (1 - 1e-9):
            return multiple * power
    return 10 * power  # unreachable: 10 × power ≥ rough always


def round_ticks(*tops: float) -> list[list[float]]:
    """For each of ``tops``, 0 and round steps up to at least it, the same number of steps for all.

    The number of steps (one of ``TICK_STEPS``) is the one that wastes least room above the tops.
    """

    def waste(steps: int) -> float:
        return sum(steps * round_step(top, steps) / top for top in tops if top > 0)

    steps = min(TICK_STEPS, key=waste)
    return [[round(round_step(top, steps) * index, 10) for index in range(steps + 1)] for top in tops]


def _currency(*columns: pd.Series) -> str:
    values = pd.concat([column for column in columns if not column.empty])
    values = values[values != ""] if not values.empty else values
    if values.empty:
        return ""
    distinct = values.unique()
    return distinct[0] if len(distinct) == 1 else "mixed currencies"


def rd_and_funding(
    financials: pd.DataFrame, funding: pd.DataFrame, kind_labels: dict[str, str] | None = None
) -> Chart:
    """R&D spend (bars) and intensity (line, % of revenue) per fiscal year; below it, funding raised per year by source.

    ``financials``: fiscal_year, revenue, rd_spend, currency (NaN where
    unknown). ``funding``: date, kind, amount, currency (amount NaN when not
    disclosed; such events are listed in the table but cannot be drawn).
    """
    title = "R&D and funding"
    key = "chart-rd"
    if financials.empty and funding.empty:
        return empty_chart(key, title, "No financial facts or funding events recorded yet.")
    kind_labels = kind_labels or {}
    currency = _currency(
        financials.get("currency", pd.Series(dtype=str)), funding.get("currency", pd.Series(dtype=str))
    )
    unit = f" ({currency})" if currency else ""

    years = financials.sort_values("fiscal_year")
    intensity = (years["rd_spend"] / years["revenue"].where(years["revenue"] > 0)) * 100
    funding = funding.assign(year=funding["date"].dt.year)
    raised = funding.dropna(subset=["amount"]).groupby(["kind", "year"])["amount"].sum()

    panels = 1 if raised.empty else 2
    figure = Figure(
        _rd_traces(years, intensity) + _funding_traces(raised, kind_labels),
        _lay_out(title, unit, panels, years, intensity, raised),
    )
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=_summary(years, intensity, raised, kind_labels, currency),
        columns=("Year", f"Revenue{unit}", f"R&D spend{unit}", "R&D intensity", "Funding events"),
        rows=_rows(years, intensity, funding, kind_labels),
        # The panel titles sit under the chart's own: a phone's smaller top margin leaves them no room.
        narrow={"margin": {"t": 75}},
    )


# The axes of the panels (plotly's names, as make_subplots lays them out): the R&D panel's year
# axis, its spend and its intensity axes; the funding panel's year and amount axes.
RD_X, SPEND_Y, SHARE_Y = "xaxis", "yaxis", "yaxis2"
FUNDING_X, FUNDING_Y = "xaxis2", "yaxis3"


def _reference(axis: str) -> str:
    """How a trace names an axis: "yaxis2" is "y2"."""
    return axis[0] + axis[5:]


@functools.cache
def _panels_json(panels: int) -> str:
    """The subplot grid's layout as JSON (plotly's make_subplots, run once per number of panels).

    R&D on top (spend and intensity on two y axes), funding below when any amount is known, sharing
    the years. Without a funding amount there is no funding panel: an empty one would hold the shared
    year axis and show no year at all.
    """
    if panels == 1:
        grid = make_subplots(rows=1, cols=1, specs=[[{"secondary_y": True}]])
    else:
        grid = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            vertical_spacing=0.14,
            row_heights=[0.62, 0.38],
            specs=[[{"secondary_y": True}], [{}]],
            subplot_titles=("R&D spend and intensity", "Funding raised, by source"),
        )
    layout = json.loads(grid.to_json())["layout"]
    layout.pop("template")  # the house layout names its own
    return json.dumps(layout)


def _panels(panels: int) -> dict[str, Any]:
    """A fresh copy of the grid's layout: its axes (domains, anchors, the shared year axis), the panel titles."""
    layout: dict[str, Any] = json.loads(_panels_json(panels))
    return layout


def _rd_traces(years: pd.DataFrame, intensity: pd.Series) -> list[dict[str, Any]]:
    """R&D spend as bars and its intensity as a line on the second y axis, in the top panel."""
    return [
        {
            "type": "bar",
            "x": years["fiscal_year"],
            "y": years["rd_spend"],
            "name": "R&D spend",
            "marker": {"color": RD_SPEND_COLOUR},
            "hovertemplate": "FY%{x}: %{y:,.0f}<extra>R&D spend</extra>",
            "xaxis": _reference(RD_X),
            "yaxis": _reference(SPEND_Y),
        },
        {
            "type": "scatter",
            "x": years["fiscal_year"],
            "y": intensity,
            "name": "R&D intensity (% of revenue)",
            "mode": "lines+markers",
            "line": {"color": INTENSITY_COLOUR, "width": 3},
            "marker": {"symbol": "diamond", "size": 9},
            "hovertemplate": "FY%{x}: %{y:.1f} %<extra>R&D intensity</extra>",
            "xaxis": _reference(RD_X),
            "yaxis": _reference(SHARE_Y),
        },
    ]


def _funding_traces(raised: pd.Series, kind_labels: dict[str, str]) -> list[dict[str, Any]]:
    """The disclosed amounts raised per year, stacked by source in the bottom panel."""
    traces = []
    for kind in FUNDING_COLOURS:
        if kind not in raised.index.get_level_values(0):
            continue
        per_year = raised.loc[kind]
        traces.append(
            {
                "type": "bar",
                "x": list(per_year.index),
                "y": list(per_year.values),
                "name": plain(f"Funding: {kind_labels.get(kind, kind)}"),
                "marker": {"color": FUNDING_COLOURS[kind], "line": {"color": "#333333", "width": 0.5}},
                "hovertemplate": "%{x}: %{y:,.0f}<extra>" + plain(kind_labels.get(kind, kind)) + "</extra>",
                "xaxis": _reference(FUNDING_X),
                "yaxis": _reference(FUNDING_Y),
            }
        )
    return traces


def _lay_out(
    title: str,
    unit: str,
    panels: int,
    years: pd.DataFrame,
    intensity: pd.Series,
    raised: pd.Series,
) -> dict[str, Any]:
    """The house layout with room for the legend, round ticks on both R&D axes, a label for every year.

    Over the grid's layout, merged key by key as plotly's ``update_layout`` and ``update_xaxes`` do.
    """
    layout = merged(
        _panels(panels),
        house_layout(
            title,
            height=580 if panels == 2 else 420,
            barmode="stack",
            margin={"l": 70, "r": 70, "t": 130 if panels == 2 else 100, "b": 50},
            legend={
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.09 if panels == 2 else 1.04,
                "x": 0,
                "xanchor": "left",
                "traceorder": "normal",
            },
        ),
    )
    every_year = (
        sorted(
            set(years["fiscal_year"].dropna().astype(int))
            | {int(year) for year in raised.index.get_level_values("year")}
        )
        if not raised.empty
        else sorted(set(years["fiscal_year"].dropna().astype(int)))
    )
    x_axes = [RD_X] if panels == 1 else [RD_X, FUNDING_X]
    y_axes = [SPEND_Y, SHARE_Y] if panels == 1 else [SPEND_Y, SHARE_Y, FUNDING_Y]
    spend_ticks, share_ticks = round_ticks(
        float(years["rd_spend"].max()) if years["rd_spend"].notna().any() else 0.0,
        float(intensity.max()) if intensity.notna().any() else 0.0,
    )
    changes: list[tuple[list[str], dict[str, Any]]] = [
        (x_axes, {"gridcolor": GRID, "tickmode": "array", "tickvals": every_year, "tickformat": "d"}),
        ([x_axes[-1]], {"title": {"text": "Fiscal year" if panels == 1 else "Fiscal year / year"}}),
        (y_axes, {"gridcolor": GRID, "automargin": True}),
        ([SPEND_Y], {"title": {"text": f"R&D spend{unit}"}, **_ticks(spend_ticks, tickformat="~s")}),
        (
            [SHARE_Y],
            {
                "title": {"text": "R&D intensity (% of revenue)"},
                "showgrid": False,
                **_ticks(share_ticks, ticktext=[f"{value:g} %" for value in share_ticks]),
            },
        ),
    ]
    if panels == 2:
        changes.append(([FUNDING_Y], {"title": {"text": f"Raised{unit}"}, "tickformat": "~s"}))
    for axes, settings in changes:
        for name in axes:
            layout[name] = merged(layout.get(name, {}), settings)
    return layout


def _ticks(values: list[float], **settings: Any) -> dict[str, Any]:
    """An axis from 0 to its last round tick, with exactly those ticks."""
    return {"range": [0, values[-1]], "tickmode": "array", "tickvals": values, **settings}


def _rows(
    years: pd.DataFrame, intensity: pd.Series, funding: pd.DataFrame, kind_labels: dict[str, str]
) -> tuple[tuple[str, ...], ...]:
    """One row per fiscal year or funding year: revenue, R&D spend and intensity, the funding events."""
    funding_by_year: dict[int, list[str]] = {}
    for _, event in funding.sort_values("date").iterrows():
        funding_by_year.setdefault(int(event["year"]), []).append(
            f"{kind_labels.get(event['kind'], event['kind'])}: "
            + (_money(event["amount"]) if event["amount"] == event["amount"] else "undisclosed")
        )
    all_years = sorted(set(years["fiscal_year"].astype(int)) | set(funding_by_year))
    by_year = years.set_index("fiscal_year")
    rows = []
    for year in all_years:
        known = year in by_year.index
        rows.append(
            (
                str(year),
                # A cell read with .at is any scalar to pandas-stubs; these columns hold numbers or NaN.
                _money(cast(float, by_year.at[year, "revenue"])) if known else "–",
                _money(cast(float, by_year.at[year, "rd_spend"])) if known else "–",
                # Fiscal years are unique, so get_loc gives one position and iloc one number; pandas-stubs
                # also allows the slice or mask of a non-unique index.
                fmt_percent(intensity.iloc[by_year.index.get_loc(year)] / 100 if known else None),  # type: ignore[arg-type]
                "; ".join(funding_by_year.get(year, [])) or "–",
            )
        )
    return tuple(rows)


def _summary(
    years: pd.DataFrame, intensity: pd.Series, raised: pd.Series, kind_labels: dict[str, str], currency: str
) -> str:
    parts = []
    spend = years.dropna(subset=["rd_spend"])
    if not spend.empty:
        first, last = spend.iloc[0], spend.iloc[-1]
        parts.append(
            f"R&D spend went from {_money(first['rd_spend'])} in FY{int(first['fiscal_year'])} to "
            f"{_money(last['rd_spend'])} {currency} in FY{int(last['fiscal_year'])}".replace("  ", " ")
        )
    known = intensity.dropna()
    if not known.empty:
        parts.append(
            f"intensity from {fmt_percent(known.iloc[0] / 100)} to {fmt_percent(known.iloc[-1] / 100)} of revenue"
        )
    if not raised.empty:
        totals = raised.groupby(level=0).sum().sort_values(ascending=False)
        parts.append(
            "funding raised: "
            # Series.items() yields labels typed Hashable; these are funding kinds (str).
            + ", ".join(f"{kind_labels.get(kind, kind)} {_money(amount)}" for kind, amount in totals.items())  # type: ignore[call-overload]
        )
    else:
        parts.append("no funding amounts disclosed")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
