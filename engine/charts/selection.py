"""The selection dashboard's charts: contributions by criterion group, positioning, depth vs breadth.
(How robust the ranking is: ``robustness.py``.)

Inputs are the frames of ``engine.scoring`` (``ScoreTable`` and the metrics frame), indexed by
vendor_id; vendors are listed in ranking order (rank 1 on top). No Django import.
"""

import math
from typing import Any, cast

import pandas as pd

from engine.charts.base import (
    NEUTRAL,
    OKABE_ITO,
    WARNING,
    Chart,
    axis,
    empty_chart,
    fmt_number,
    fmt_percent,
    house_layout,
    in_rank_order,
    plain,
    records,
    series_styles,
    short_labels,
    stacked_bar,
    stacked_bar_layout,
    wrapped,
)
from engine.charts.figure import Figure

# One fixed colour per criterion group (eight groups, eight Okabe-Ito colours).
GROUP_COLOURS = {
    "capability_depth": OKABE_ITO["blue"],
    "delivery_record": OKABE_ITO["bluish_green"],
    "roadmap": OKABE_ITO["orange"],
    "contract_coverage": OKABE_ITO["sky_blue"],
    "rd": OKABE_ITO["reddish_purple"],
    "questionnaire": OKABE_ITO["yellow"],
    "cost": OKABE_ITO["vermillion"],
    "manual": OKABE_ITO["black"],
}
# Quadrant labels of the positioning chart, (x above the field's median, y above it) -> text.
QUADRANTS = {
    (True, True): "Deep today, credible tomorrow",
    (True, False): "Deep today, less credible promises",
    (False, True): "Thinner today, credible promises",
    (False, False): "Thinner today, less credible promises",
}
SPLIT = 0.5
# The numbered charts' legend (a number and a name per vendor): below the plot, at the bottom of
# the figure, two entries a row (one on a phone); the bottom margin holds it (_legend_below).
LEGEND_BELOW = {
    "orientation": "h",
    "yref": "container",
    "y": 0,
    "yanchor": "bottom",
    "x": 0,
    "xanchor": "left",
    "itemsizing": "constant",
    "entrywidth": 0.5,
    "entrywidthmode": "fraction",
}
LEGEND_LINE = 20
KEY_CHARS = 44  # a legend title (a key) is wrapped at this many characters on a phone
NARROW_EXTRA = 80  # px more for a numbered chart on a phone: its titles and ticks take more lines


def _legend_below(height: int, entries: int, key: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
    """Layout settings for LEGEND_BELOW, and the chart's narrow layout for it.

    ``key`` (already plain) is the legend's title, over the entries: what a channel without a
    trace of its own means (the bubble size). Room is made in the bottom margin and the height
    for the rows the legend takes: two entries a row, and on a phone one (the phone layout adds
    those rows itself, see ``Chart.narrow``) plus the key's wrapped lines.
    """
    key_lines = 1 if key else 0
    room = LEGEND_LINE * (math.ceil(entries / 2) + key_lines) + 10
    legend = dict(LEGEND_BELOW)
    narrow_legend: dict[str, Any] = {"entrywidth": 1}
    # On a phone the legend's rows are added by Chart.narrow; the plot keeps about its height.
    narrow: dict[str, Any] = {"legend": narrow_legend, "height": height + NARROW_EXTRA}
    if key:
        legend["title"] = {"text": key, "side": "top", "font": {"size": 11}}
        narrow_key = wrapped(key, KEY_CHARS)
        narrow_legend["title"] = {"text": narrow_key}
        key_room = LEGEND_LINE * (narrow_key.count("<br>") + 1)
        narrow["height"] += key_room
        narrow["margin"] = {"b": 60 + key_room}
    layout = {
        "legend": legend,
        "height": height + room,
        "margin": {"l": 60, "r": 30, "t": 50, "b": 70 + room},
    }
    return layout, narrow


# The depth index (and the credible roadmap) are measured against the required capabilities: with
# none chosen every vendor's value is missing, whatever was assessed.
NO_REQUIREMENTS = "No required capabilities chosen yet: choose them on the Capabilities page."


def _no_requirements(metrics: pd.DataFrame) -> bool:
    """Whether every depth index is missing: the evaluation has no required capability."""
    return bool(len(metrics)) and bool(metrics["depth_index"].isna().all())


def contributions_by_group(
    vendors: pd.DataFrame,
    contributions: pd.DataFrame,
    criteria: pd.DataFrame,
    group_labels: dict[str, str] | None = None,
    missing: pd.DataFrame | None = None,
) -> Chart:
    """Each vendor's total as a stacked bar of its contributions summed per criterion group.

    ``vendors``: name, total, position. ``contributions``: vendor × criterion (weighted sum, so a
    row adds up to the total). ``criteria``: name, group, excluded. ``missing`` (vendor ×
    criterion, booleans): the values filled in by the missing-data rule, named in the text.
    """
    title = "What each vendor's total is made of"
    key = "chart-contributions"
    if vendors.empty or contributions.empty:
        return empty_chart(key, title, "No ranking yet.")
    group_labels = group_labels or {}
    vendors = in_rank_order(vendors)
    by_group, ordered = _group_sums(contributions, criteria, vendors.index)
    names = list(vendors["name"])
    figure = Figure(
        [
            stacked_bar(
                names,
                by_group[group],
                group_labels.get(group, group),
                GROUP_COLOURS.get(group, NEUTRAL),
                "%{x:.3f}",
            )
            for group in ordered
        ],
        stacked_bar_layout(title, len(names), axis("Total score (0–1), by criterion group")),
    )
    # by_group is in the vendors' order (_group_sums): its rows read in one go, not cell by cell.
    rows = tuple(
        (str(name), *(f"{value:.3f}" for value in sums), f"{total:.3f}")
        for name, total, sums in zip(
            names, vendors["total"], by_group[ordered].itertuples(index=False, name=None), strict=True
        )
    )
    summary = _contributions_summary(vendors, by_group, ordered, group_labels)
    summary += _missing_summary(vendors, criteria, missing)
    columns = ("Vendor", *(group_labels.get(group, group) for group in ordered), "Total")
    return Chart(key=key, title=title, figure=figure, summary=summary, columns=columns, rows=rows)


def _group_sums(
    contributions: pd.DataFrame, criteria: pd.DataFrame, vendor_ids: pd.Index
) -> tuple[pd.DataFrame, list[str]]:
    """Vendor × criterion group sums in ``vendor_ids`` order, and the groups in legend order."""
    groups = criteria["group"].reindex(contributions.columns)
    # pandas-stubs leaves ExtensionArray (what .values gives for an extension dtype) out of the
    # keys groupby takes; pandas groups by it all the same.
    by_group = contributions.T.groupby(groups.values).sum().T.reindex(vendor_ids)  # type: ignore[arg-type]
    ordered = [group for group in GROUP_COLOURS if group in by_group.columns]
    ordered += [group for group in by_group.columns if group not in GROUP_COLOURS]
    return by_group, ordered


def _contributions_summary(
    vendors: pd.DataFrame, by_group: pd.DataFrame, ordered: list[str], group_labels: dict[str, str]
) -> str:
    """The leader, the group most of its total comes from, and the runner-up."""
    leader = vendors.iloc[0]
    strongest = cast(str, by_group.loc[vendors.index[0], ordered].idxmax())  # a group name
    summary = (
        f"{leader['name']} ranks first with {leader['total']:.3f}, most of it from "
        f"{group_labels.get(strongest, strongest)}."
    )
    if len(vendors) > 1:
        second = vendors.iloc[1]
        summary += f" {second['name']} follows with {second['total']:.3f}."
    return summary


def _missing_summary(vendors: pd.DataFrame, criteria: pd.DataFrame, missing: pd.DataFrame | None) -> str:
    """The vendors whose bar holds a missing value (counted at the worst observed), and on what."""
    if missing is None:
        return ""
    parts = []
    # Read once as plain values (a vendor's flags, a criterion's name), not with .loc per vendor.
    flags_of = dict(zip(missing.index, missing.to_numpy(dtype=bool).tolist(), strict=True))
    name_of = {cid: str(name) for cid, name in zip(criteria.index, criteria["name"], strict=True)}
    for vendor_id, name in zip(vendors.index, vendors["name"], strict=True):
        if vendor_id not in flags_of:
            continue
        flags = zip(missing.columns, flags_of[vendor_id], strict=True)
        names = [name_of[cid] for cid, flag in flags if flag and cid in name_of]
        if names:
            parts.append(f"{name} ({', '.join(names)})")
    if not parts:
        return ""
    return " Missing, counted at the worst value observed: " + "; ".join(parts) + "."


def _padded(values: pd.Series, top: float = 0.15, bottom: float = 0.15) -> list[float]:
    """An axis range around the values with room for the labels, never narrower than 0.2."""
    low, high = float(values.min()), float(values.max())
    span = max(high - low, 0.2)
    return [low - bottom * span, high + top * span]


def positioning(metrics: pd.DataFrame) -> Chart:
    """Analyst-style positioning: x strength of what ships today, y credibility of what is promised.

    ``metrics``: name, depth_index (evidence-weighted GA depth, 0–1), credible_roadmap (roadmap
    discounted by the vendor's delivery record, 0–1), rd_intensity (bubble size; NaN = unknown,
    drawn small and hollow). Quadrants split at the candidates' medians, as analysts' charts
    position vendors against the field rather than against an absolute bar.
    """
    title = "Positioning: depth today against credibility of the roadmap"
    key = "chart-positioning"
    known = metrics.dropna(subset=["depth_index", "credible_roadmap"])
    if known.empty and _no_requirements(metrics):
        return empty_chart(key, title, NO_REQUIREMENTS)
    if known.empty:
        return empty_chart(key, title, "No vendor has both a depth index and a credible roadmap value yet.")
    known = known.sort_values("position", kind="stable") if "position" in known else known
    split_x, split_y = float(known["depth_index"].median()), float(known["credible_roadmap"].median())
    layout = _positioning_layout(title, known, split_x, split_y)
    figure = Figure(_positioning_bubbles(known), layout)
    rows, counts = _positioning_rows(known, split_x, split_y)
    summary = (
        f"Quadrants split at the candidates' medians (depth {split_x:.2f}, credibility {split_y:.2f}). "
        + "; ".join(f"{quadrant}: {', '.join(names)}" for quadrant, names in counts.items())
        + "."
    )
    missing = metrics.index.difference(known.index)
    if len(missing):
        summary += f" Not placed (data missing): {', '.join(metrics.loc[missing, 'name'])}."
    if "delivery_record" in known.columns:
        unrecorded = known[known["delivery_record"].isna()]
        if len(unrecorded):
            summary += f" No delivery record yet (credibility taken at the prior, 0.5): {', '.join(unrecorded['name'])}."
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=summary,
        columns=("Vendor", "Depth index", "Credible roadmap", "R&D intensity", "Quadrant"),
        rows=tuple(rows),
        narrow={
            **_legend_below(470, len(known), _size_key(known["rd_intensity"]))[1],
            "annotations": _narrow_quadrants(layout["annotations"]),
        },
    )


def _positioning_bubbles(known: pd.DataFrame) -> list[Any]:
    """One bubble per vendor (a scatter trace), numbered, sized by R&D intensity, hollow where it is unknown.

    Each vendor is its own trace, so the legend keys its number and colour to its name; the
    legend's title explains the bubble size (:func:`_size_key`). The numbers are drawn by
    :func:`_number_labels`.
    """
    intensity = known["rd_intensity"]
    biggest = float(intensity.max()) if intensity.notna().any() else 0.0
    styles = series_styles()
    traces: list[Any] = []
    rows = records(known, "depth_index", "credible_roadmap", "rd_intensity")
    for number, (name, label, row) in enumerate(
        zip(known["name"], short_labels(known["name"]), rows, strict=True), start=1
    ):
        value = row["rd_intensity"]
        known_value = bool(biggest) and value == value
        colour = next(styles)[0]
        traces.append(
            {
                "type": "scatter",
                "x": [row["depth_index"]],
                "y": [row["credible_roadmap"]],
                "hovertext": [plain(name)],
                "customdata": [fmt_percent(value) if value == value else "unknown"],
                "mode": "markers",
                "name": f"{number} · {label}",
                "marker": {
                    # The area grows with the intensity: the diameter with its square root.
                    "size": 16 + 34 * math.sqrt(value / biggest) if known_value else 14,
                    "color": colour,
                    "opacity": 0.55,
                    "symbol": "circle" if value == value else "circle-open",
                    "line": {
                        "color": "#1b1f24" if value == value else colour,
                        "width": 1 if value == value else 2,
                    },
                },
                "hovertemplate": (
                    "<b>%{hovertext}</b><br>Depth %{x:.2f}<br>Credible roadmap %{y:.2f}"
                    "<br>R&D intensity %{customdata}<extra></extra>"
                ),
            }
        )
    traces.append(_number_labels(known["depth_index"], known["credible_roadmap"]))
    return traces


def _number_labels(x: pd.Series, y: pd.Series, close: float = 0.1) -> Any:
    """Each point's number (1, 2, …) on it, one label "1, 2" for points too close to tell apart.

    Points closer than ``close`` of the data's span on both axes are grouped (a chain of close
    points is one group), so no two labels are drawn over each other; the group's label sits at
    its centre. The legend gives each number's name.

    The traces here are dicts, not ``go.Scatter``: a ``go.Scatter`` is validated as it is built (and
    was validated again by ``go.Figure``); a :class:`Figure` writes the dicts' JSON unvalidated.
    """
    xs, ys = x.astype("float64").tolist(), y.astype("float64").tolist()
    span_x = max(max(xs) - min(xs), 1e-9)
    span_y = max(max(ys) - min(ys), 1e-9)
    group = list(range(len(xs)))

    def root(index: int) -> int:
        while group[index] != index:
            index = group[index]
        return index

    for i in range(len(xs)):
        for j in range(i):
            if abs(xs[i] - xs[j]) < close * span_x and abs(ys[i] - ys[j]) < close * span_y:
                group[root(i)] = root(j)
    members: dict[int, list[int]] = {}
    for index in range(len(xs)):
        members.setdefault(root(index), []).append(index)
    return {
        "type": "scatter",
        "x": [sum(xs[i] for i in ids) / len(ids) for ids in members.values()],
        "y": [sum(ys[i] for i in ids) / len(ids) for ids in members.values()],
        "text": [", ".join(str(i + 1) for i in ids) for ids in members.values()],
        "mode": "text",
        "textposition": "middle center",
        "textfont": {"size": 12, "color": "#1b1f24"},
        "showlegend": False,
        "hoverinfo": "skip",
    }


def _size_key(intensity: pd.Series) -> str:
    """What the bubble size means, for the legend's title."""
    largest = (
        f"largest {fmt_percent(float(intensity.max()))} of revenue"
        if intensity.notna().any() and intensity.max() > 0
        else "no candidate's intensity known"
    )
    return f"Bubble area: R&D intensity ({largest}); hollow: unknown"


def _positioning_layout(title: str, known: pd.DataFrame, split_x: float, split_y: float) -> dict[str, Any]:
    """Quadrant labels in the corners, dotted lines at the medians, axes padded for the labels."""
    annotations = [
        {
            "x": 0.99 if right else 0.01,
            "y": 0.99 if top else 0.01,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "right" if right else "left",
            "yanchor": "top" if top else "bottom",
            "text": text,
            "showarrow": False,
            "font": {"size": 11, "color": NEUTRAL},
            "bgcolor": "rgba(255,255,255,0.8)",
        }
        for (right, top), text in QUADRANTS.items()
    ]
    lines = [
        {"type": "line", "xref": "x", "yref": "paper", "x0": split_x, "x1": split_x, "y0": 0, "y1": 1},
        {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": split_y, "y1": split_y},
    ]
    for line in lines:
        line["line"] = {"color": NEUTRAL, "dash": "dot"}
    legend, _ = _legend_below(470, len(known), _size_key(known["rd_intensity"]))
    return house_layout(
        title,
        **legend,
        shapes=lines,
        annotations=annotations,
        xaxis=axis("Strength of what ships today (depth index, 0–1)", range=_padded(known["depth_index"])),
        yaxis=axis(
            # Bands free of points above and below, for the corners' quadrant labels (three lines on a phone).
            "Credibility of what is promised (0–1)",
            range=_padded(known["credible_roadmap"], top=0.3, bottom=0.3),
        ),
    )


def _narrow_quadrants(annotations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The quadrant labels wrapped into short lines, so that two in a row do not meet on a phone."""
    return [
        {
            **annotation,
            "text": wrapped(annotation["text"], 16),
            "font": {"size": 10, "color": NEUTRAL},
        }
        for annotation in annotations
    ]


def _positioning_rows(
    known: pd.DataFrame, split_x: float, split_y: float
) -> tuple[list[tuple[str, ...]], dict[str, list[str]]]:
    """The table rows, and the names of the vendors in each quadrant."""
    rows: list[tuple[str, ...]] = []
    counts: dict[str, list[str]] = {}  # quadrant -> names of the vendors in it
    for row in records(known, "name", "depth_index", "credible_roadmap", "rd_intensity"):
        quadrant = QUADRANTS[(row["depth_index"] > split_x, row["credible_roadmap"] > split_y)]
        counts[quadrant] = counts.get(quadrant, []) + [row["name"]]
        rows.append(
            (
                str(row["name"]),
                f"{row['depth_index']:.2f}",
                f"{row['credible_roadmap']:.2f}",
                fmt_percent(row["rd_intensity"]) if row["rd_intensity"] == row["rd_intensity"] else "unknown",
                quadrant,
            )
        )
    return rows, counts


def depth_vs_breadth(metrics: pd.DataFrame) -> Chart:
    """Breadth (capabilities offered) against depth (depth index), so a broad but shallow suite stands apart.

    ``metrics``: name, offered_capabilities, depth_index, shallow_breadth_share (share of offered
    capabilities at maturity ≤ 2; shown in the hover and the table, never rewarded).
    """
    title = "Depth against breadth"
    key = "chart-depth-breadth"
    known = metrics.dropna(subset=["offered_capabilities", "depth_index"])
    if known.empty and _no_requirements(metrics):
        return empty_chart(key, title, NO_REQUIREMENTS)
    if known.empty:
        return empty_chart(key, title, "No capability assessments for the candidates yet.")
    known = known.sort_values("position", kind="stable") if "position" in known else known
    figure = Figure(_depth_breadth_points(known), _depth_breadth_layout(title, len(known)))
    rows = tuple(
        (
            str(row["name"]),
            fmt_number(row["offered_capabilities"]),
            f"{row['depth_index']:.2f}",
            fmt_percent(row["shallow_breadth_share"]),
        )
        for row in records(known, "name", "offered_capabilities", "depth_index", "shallow_breadth_share")
    )
    return Chart(
        key=key,
        title=title,
        figure=figure,
        summary=_depth_breadth_summary(known),
        columns=("Vendor", "Capabilities offered", "Depth index", "Shallow share"),
        rows=rows,
        narrow=_legend_below(420, len(known))[1],
    )


def _depth_breadth_points(known: pd.DataFrame) -> list[Any]:
    """One numbered point per vendor (a scatter trace), a vermillion triangle where most of what it offers is shallow."""
    traces: list[Any] = []
    rows = records(known, "offered_capabilities", "depth_index", "shallow_breadth_share")
    for number, (name, label, row) in enumerate(
        zip(known["name"], short_labels(known["name"]), rows, strict=True), start=1
    ):
        shallow = row["shallow_breadth_share"]
        is_shallow = shallow == shallow and shallow > SPLIT
        traces.append(
            {
                "type": "scatter",
                "x": [row["offered_capabilities"]],
                "y": [row["depth_index"]],
                "hovertext": [plain(name)],
                "customdata": [fmt_percent(shallow)],
                "mode": "markers",
                "name": f"{number} · {label}",
                "marker": {
                    "size": 22,
                    "color": WARNING if is_shallow else OKABE_ITO["sky_blue"],
                    "symbol": "triangle-down" if is_shallow else "circle",
                    "opacity": 0.8,
                    "line": {"color": "#1b1f24", "width": 1},
                },
                "hovertemplate": (
                    "<b>%{hovertext}</b><br>%{x} capabilities offered<br>Depth %{y:.2f}"
                    "<br>Shallow share %{customdata}<extra></extra>"
                ),
            }
        )
    traces.append(_number_labels(known["offered_capabilities"], known["depth_index"]))
    return traces


def _depth_breadth_layout(title: str, points: int) -> dict[str, Any]:
    return house_layout(
        title,
        **_legend_below(420, points)[0],
        xaxis=axis("Breadth: capabilities offered (maturity > 0)", rangemode="tozero"),
        yaxis=axis("Depth index over the required capabilities (0–1)", range=[-0.05, 1.1]),
        annotations=[
            {
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 1,
                "xanchor": "right",
                "yanchor": "top",
                "showarrow": False,
                "bgcolor": "rgba(255,255,255,0.8)",
                "text": "▼ vermillion: more than half<br>of what it offers is shallow (≤ 2)",
                "align": "right",
                "font": {"size": 11, "color": NEUTRAL},
            }
        ],
    )


def _depth_breadth_summary(known: pd.DataFrame) -> str:
    """The broadest and the deepest vendor, each with the other measure."""
    # idxmax gives a label typed Hashable, which pandas-stubs' .loc refuses; it is a vendor_id.
    broadest = known.loc[known["offered_capabilities"].idxmax()]  # type: ignore[call-overload]
    deepest = known.loc[known["depth_index"].idxmax()]  # type: ignore[call-overload]
    return (
        f"Broadest: {broadest['name']} ({broadest['offered_capabilities']:.0f} capabilities, depth "
        f"{broadest['depth_index']:.2f}). Deepest: {deepest['name']} (depth {deepest['depth_index']:.2f}, "
        f"{deepest['offered_capabilities']:.0f} capabilities)."
    )
