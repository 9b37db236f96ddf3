"""Chart inputs for the vendor page: ORM rows to the DataFrames that ``engine.charts`` draws.

Each frame is one query however many items or assessments a vendor has;
``vendor_charts`` adds no query to the vendor page: it draws the rows the page's profile read.
"""

import datetime
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db.models import F

from engine import charts
from vendors import selectors
from vendors.models import CapabilityAssessment, FundingKind, RoadmapChange, RoadmapItem, RoadmapStatus

TIMELINE_COLUMNS = [
    "item_id",
    "title",
    "capability",
    "first_promised_date",
    "target_date",
    "status",
    "delivered_date",
    "delivered_as",
]
CHANGE_COLUMNS = ["item_id", "old_date", "new_date", "changed_at"]
HISTORY_COLUMNS = ["capability", "domain", "assessed_on", "maturity"]


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _build(
    rows: list[dict], columns: list[str], sources: dict[str, str], dates: tuple[str, ...]
) -> pd.DataFrame:
    """The frame of ``columns`` (each read from ``sources.get(column, column)`` of the rows),
    ``dates`` as datetime64 (what ``pd.to_datetime`` makes of dates: seconds, NaT for None).

    Made a column at a time from lists: a frame of dicts renamed, reindexed and converted
    cost three times as much, for the same frame.
    """
    if not rows:  # no rows: no values to read the column types from
        return _dates(pd.DataFrame(rows).reindex(columns=columns), *dates)
    data = {}
    for column in columns:
        values = [row[sources.get(column, column)] for row in rows]
        data[column] = np.array(values, dtype="datetime64[s]") if column in dates else values
    return pd.DataFrame(data, columns=columns)


TIMELINE_FIELDS = ["title", "first_promised_date", "target_date", "status", "delivered_date", "delivered_as"]


def roadmap_timeline_frame(vendor_id: int) -> pd.DataFrame:
    """One row per roadmap item with its title and capability name (one query)."""
    rows = RoadmapItem.objects.filter(vendor_id=vendor_id).values(
        *TIMELINE_FIELDS, "capability__name", item_id=F("pk")
    )
    return _timeline(list(rows))


def roadmap_timeline_frame_of(items: list[RoadmapItem]) -> pd.DataFrame:
    """``roadmap_timeline_frame`` of one vendor's items already read in the model's order,
    with their capability (no query)."""
    rows = [
        {
            **{name: getattr(item, name) for name in TIMELINE_FIELDS},
            "capability__name": item.capability.name,
            "item_id": item.pk,
        }
        for item in items
    ]
    return _timeline(rows)


def _timeline(rows: list[dict]) -> pd.DataFrame:
    # "capability" is the foreign key's name, so the ORM cannot alias the name to it.
    return _build(
        rows,
        TIMELINE_COLUMNS,
        {"capability": "capability__name"},
        ("first_promised_date", "target_date", "delivered_date"),
    )


def roadmap_change_frame(vendor_ids: list[int]) -> pd.DataFrame:
    """Every logged re-baseline of the vendors' roadmap items, oldest first (one query).

    Columns: item_id, old_date, new_date, changed_at.
    """
    rows = (
        RoadmapChange.objects.filter(item__vendor_id__in=vendor_ids)
        .order_by("item_id", "changed_at", "pk")
        .values(*CHANGE_COLUMNS)
    )
    return _changes(list(rows))


def roadmap_change_frame_of(items: list[RoadmapItem]) -> pd.DataFrame:
    """``roadmap_change_frame`` of items already read with their ``changes`` prefetched (no query)."""
    rows = [
        {
            "item_id": item.pk,
            "old_date": change.old_date,
            "new_date": change.new_date,
            "changed_at": change.changed_at,
        }
        for item in sorted(items, key=lambda item: item.pk)
        for change in sorted(item.changes.all(), key=lambda change: (change.changed_at, change.pk))
    ]
    return _changes(rows)


def _changes(rows: list[dict]) -> pd.DataFrame:
    if not rows:  # the columns named, as object columns (not _build's floats)
        return _dates(pd.DataFrame(rows, columns=CHANGE_COLUMNS), "old_date", "new_date")
    return _build(rows, CHANGE_COLUMNS, {}, ("old_date", "new_date"))


def assessment_history_frame(vendor_id: int) -> pd.DataFrame:
    """Every capability assessment of a vendor with capability and domain names (one query)."""
    rows = (
        CapabilityAssessment.objects.filter(vendor_id=vendor_id)
        .order_by("assessed_on", "pk")
        .values("assessed_on", "maturity", "capability__name", "capability__domain__name")
    )
    return _history(list(rows))


def assessment_history_frame_of(assessments: list[CapabilityAssessment]) -> pd.DataFrame:
    """``assessment_history_frame`` of one vendor's assessments already read with their capability
    and its domain (no query)."""
    rows = [
        {
            "assessed_on": assessment.assessed_on,
            "maturity": assessment.maturity,
            "capability__name": assessment.capability.name,
            "capability__domain__name": assessment.capability.domain.name,
        }
        for assessment in sorted(assessments, key=lambda assessment: (assessment.assessed_on, assessment.pk))
    ]
    return _history(rows)


def _history(rows: list[dict]) -> pd.DataFrame:
    names = {"capability": "capability__name", "domain": "capability__domain__name"}
    frame = _build(rows, HISTORY_COLUMNS, names, ("assessed_on",))
    frame["maturity"] = frame["maturity"].astype("float64")
    return frame


@dataclass(frozen=True)
class VendorCharts:
    maturity: charts.Chart
    roadmap: charts.Chart
    rd: charts.Chart

    def __iter__(self):
        return iter((self.maturity, self.roadmap, self.rd))


def vendor_charts(
    vendor,
    contract_ends: list[datetime.date],
    today: datetime.date,
    *,
    history: pd.DataFrame | None = None,
    timeline: pd.DataFrame | None = None,
    changes: pd.DataFrame | None = None,
    financials: pd.DataFrame | None = None,
    funding: pd.DataFrame | None = None,
) -> VendorCharts:
    """The three charts of the vendor page: five queries (assessment history, items,
    re-baselines, financials, funding), one fewer for each frame the caller passes (the
    vendor page passes them all, from the rows its profile read: no query)."""
    if history is None:
        history = assessment_history_frame(vendor.pk)
    if timeline is None:
        timeline = roadmap_timeline_frame(vendor.pk)
    if changes is None:
        changes = roadmap_change_frame([vendor.pk])
    if financials is None:
        financials = selectors.financial_frame([vendor.pk])
    if funding is None:
        funding = selectors.funding_frame([vendor.pk])
    return VendorCharts(
        maturity=charts.maturity_over_time(history, group="domain", until=today),
        roadmap=charts.roadmap_timeline(
            timeline,
            changes,
            contract_ends=contract_ends,
            today=today,
            status_labels=dict(RoadmapStatus.choices),
        ),
        rd=charts.rd_and_funding(financials, funding, kind_labels=dict(FundingKind.choices)),
    )
