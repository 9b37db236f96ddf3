"""The vendor scorecard's own chart: capability domains as a radar, the vendor against the field's best."""

import textwrap
from typing import Any

import pandas as pd

from engine.charts.base import GRID, NEUTRAL, OKABE_ITO, Chart, empty_chart, house_layout, plain, short_labels
from engine.charts.figure import Figure

RADAR_COLUMNS = ["domain", "vendor", "best"]


def domain_radar(profile: pd.DataFrame, vendor_name: str) -> Chart:
    """Mean current maturity (0–5) per capability domain for one vendor, against the best candidate's.

    ``profile`` has one row per domain: domain (name), vendor (this vendor's mean maturity over
    the capabilities it was assessed on, NaN when none), best (the highest such mean among the
    evaluation's candidates). A domain the vendor was never assessed in is not a measured zero: its
    point is left out of the vendor's polygon (a gap in the line), its axis label and the table
    say "not assessed", and the summary names it, so a gap in the evidence is never hidden. A
    domain no candidate was assessed in is a gap in the field's best line too.
    """
    title = "Capability domains against the field's best"
    key = "chart-radar"
    if profile.empty:
        return empty_chart(key, title, "No capability assessments recorded for the candidates yet.")
    figure = Figure(_radar_polygons(profile, vendor_name), _radar_layout(title))
    # pandas-stubs types an itertuples field as any scalar (bytes and Interval included, which
    # pd.isna and a float format refuse); vendor and best are float columns.
    rows = tuple(
        (
            str(row.domain),
            "not assessed" if pd.isna(row.vendor) else f"{row.vendor:.1f}",  # type: ignore[arg-type, str-bytes-safe]
            "–" if pd.isna(row.best) else f"{row.best:.1f}",  # type: ignore[arg-type, str-bytes-safe]
        )
        for row in profile.itertuples()
    )
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=_radar_summary(profile, vendor_name),
        columns=("Domain", vendor_name, "Field's best"),
        rows=rows,
        narrow=_radar_narrow(profile),
    )


# On a phone the domain names around the circle are wrapped to this many characters a line, in
# small type, and the circle leaves them room, so that no name is cut at the edge of the chart.
RADAR_NARROW_LINE = 12


def _radar_narrow(profile: pd.DataFrame) -> dict[str, Any]:
    labels = _radar_labels(profile)
    wrapped = ["<br>".join(textwrap.wrap(label, RADAR_NARROW_LINE)) or label for label in labels]
    return {
        "height": 460,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 40},
        "polar": {
            "domain": {"x": [0.24, 0.76], "y": [0.08, 0.92]},
            "angularaxis": {
                "tickmode": "array",
                "tickvals": labels,
                "ticktext": wrapped,
                "tickfont": {"size": 9},
            },
        },
    }


def _radar_labels(profile: pd.DataFrame) -> list[str]:
    """Each domain's label around the circle, "(not assessed)" added where the vendor never was."""
    return [
        plain(name) if known else plain(f"{name} (not assessed)")
        for name, known in zip(profile["domain"], profile["vendor"].notna().tolist(), strict=True)
    ]


def _radar_polygons(profile: pd.DataFrame, vendor_name: str) -> list[dict[str, Any]]:
    """The field's best (dashed) and the vendor (filled) as closed polygons (plotly scatterpolar traces)."""
    assessed = profile["vendor"].notna().tolist()
    domains = _radar_labels(profile)
    # None, not 0: plotly leaves a gap where the vendor (or, for the best, no candidate) was never assessed.
    mine = [float(value) if known else None for value, known in zip(profile["vendor"], assessed, strict=True)]
    best = [None if value != value else float(value) for value in profile["best"].astype("float64")]
    # A closed polygon: the first point repeated at the end.
    theta = [*domains, domains[0]]
    return [
        {
            "type": "scatterpolar",
            "r": [*best, best[0]],
            "theta": theta,
            "name": "Field's best",
            "mode": "lines",
            "connectgaps": False,
            "line": {"color": NEUTRAL, "dash": "dash", "width": 2},
            "hovertemplate": "%{theta}: best %{r:.1f}<extra></extra>",
        },
        {
            "type": "scatterpolar",
            "r": [*mine, mine[0]],
            "theta": theta,
            "name": short_labels([vendor_name])[0],
            "mode": "lines+markers",
            "fill": "toself",
            "fillcolor": "rgba(0,114,178,0.18)",
            "connectgaps": False,
            "line": {"color": OKABE_ITO["blue"], "width": 2.5},
            "marker": {"size": 7},
            "hovertemplate": "%{theta}: %{r:.1f}<extra></extra>",
        },
    ]


def _radar_layout(title: str) -> dict[str, Any]:
    """The house layout with a 0–5 polar axis in place of the x and y axes."""
    layout = house_layout(title, height=420, margin={"l": 60, "r": 60, "t": 90, "b": 40})
    layout.pop("xaxis")
    layout.pop("yaxis")
    layout["polar"] = {
        "radialaxis": {"range": [0, 5], "dtick": 1, "gridcolor": GRID},
        "angularaxis": {"gridcolor": GRID},
    }
    return layout


def _radar_summary(profile: pd.DataFrame, vendor_name: str) -> str:
    """Domains led or tied and the widest gap (among the assessed ones), the domains not assessed."""
    known = profile[profile["vendor"].notna()]
    gaps = known[known["vendor"].astype("float64") < known["best"].astype("float64") - 1e-9]
    unassessed = [str(name) for name in profile.loc[profile["vendor"].isna(), "domain"]]
    summary = (
        f"{vendor_name} leads or ties the field in {len(known) - len(gaps)} of {len(known)} assessed domains"
    )
    if not gaps.empty:
        widest = gaps.assign(gap=gaps["best"] - gaps["vendor"]).sort_values("gap").iloc[-1]
        summary += f"; the widest gap is {widest['domain']} ({widest['gap']:.1f} below the best)"
    if unassessed:
        summary += "; not assessed in " + ", ".join(unassessed)
    return summary + "."
