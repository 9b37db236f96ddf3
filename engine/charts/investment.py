"""R&D spend and intensity over the fiscal years, with where outside money came from."""

from typing import cast

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.charts.base import GRID, OKABE_ITO, Chart, empty_chart, fmt_number, house_layout

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
INTENSITY_COLOUR = OKABE_ITO["blue"]


def _money(value: float | None) -> str:
    """Millions with one decimal: executives compare magnitudes, not cents."""
    if value is None or value != value:
        return "–"
    return f"{value / 1e6:,.1f} M"


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

    figure = _two_panels()
    _add_rd_traces(figure, years, intensity)
    _add_funding_traces(figure, raised, kind_labels)
    _lay_out(figure, title, unit)
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=_summary(years, intensity, raised, kind_labels, currency),
        columns=("Year", f"Revenue{unit}", f"R&D spend{unit}", "R&D intensity", "Funding events"),
        rows=_rows(years, intensity, funding, kind_labels),
    )


def _two_panels() -> go.Figure:
    """R&D on top (spend and intensity on two y axes), funding below, sharing the years."""
    return make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.14,
        row_heights=[0.62, 0.38],
        specs=[[{"secondary_y": True}], [{}]],
        subplot_titles=("R&D spend and intensity", "Funding raised, by source"),
    )


def _add_rd_traces(figure: go.Figure, years: pd.DataFrame, intensity: pd.Series) -> None:
    """R&D spend as bars and its intensity as a line on the second y axis, in the top panel."""
    figure.add_trace(
        go.Bar(
            x=years["fiscal_year"],
            y=years["rd_spend"],
            name="R&D spend",
            marker={"color": RD_SPEND_COLOUR},
            hovertemplate="FY%{x}: %{y:,.0f}<extra>R&D spend</extra>",
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Scatter(
            x=years["fiscal_year"],
            y=intensity,
            name="R&D intensity (% of revenue)",
            mode="lines+markers",
            line={"color": INTENSITY_COLOUR, "width": 3},
            marker={"symbol": "diamond", "size": 9},
            hovertemplate="FY%{x}: %{y:.1f} %<extra>R&D intensity</extra>",
        ),
        row=1,
        col=1,
        secondary_y=True,
    )


def _add_funding_traces(figure: go.Figure, raised: pd.Series, kind_labels: dict[str, str]) -> None:
    """The disclosed amounts raised per year, stacked by source in the bottom panel."""
    for kind in FUNDING_COLOURS:
        if kind not in raised.index.get_level_values(0):
            continue
        per_year = raised.loc[kind]
        figure.add_trace(
            go.Bar(
                x=list(per_year.index),
                y=list(per_year.values),
                name=f"Funding: {kind_labels.get(kind, kind)}",
                marker={"color": FUNDING_COLOURS[kind], "line": {"color": "#333333", "width": 0.5}},
                hovertemplate="%{x}: %{y:,.0f}<extra>" + kind_labels.get(kind, kind) + "</extra>",
            ),
            row=2,
            col=1,
        )


def _lay_out(figure: go.Figure, title: str, unit: str) -> None:
    """The house layout with room for the legend over two panels, and the four axes' titles."""
    figure.update_layout(
        house_layout(
            title,
            height=580,
            barmode="stack",
            margin={"l": 70, "r": 70, "t": 130, "b": 50},
            legend={
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.09,
                "x": 0,
                "xanchor": "left",
                "traceorder": "normal",
            },
        )
    )
    figure.update_xaxes(gridcolor=GRID, dtick=1, tickformat="d")
    figure.update_xaxes(title_text="Fiscal year / year", row=2, col=1)
    figure.update_yaxes(gridcolor=GRID, automargin=True)
    figure.update_yaxes(title_text=f"R&D spend{unit}", row=1, col=1, secondary_y=False)
    figure.update_yaxes(
        title_text="R&D intensity (%)", row=1, col=1, secondary_y=True, rangemode="tozero", showgrid=False
    )
    figure.update_yaxes(title_text=f"Raised{unit}", row=2, col=1)


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
                fmt_number(intensity.iloc[by_year.index.get_loc(year)] if known else None, 1, " %"),  # type: ignore[arg-type]
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
        parts.append(f"intensity from {known.iloc[0]:.1f} % to {known.iloc[-1]:.1f} % of revenue")
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
