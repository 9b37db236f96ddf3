"""Chart inputs for the vendor page: ORM rows to the DataFrames that ``engine.charts`` draws.

Each frame is one query however many items or assessments a vendor has;
``vendor_charts`` adds three queries to the vendor page, always three.
"""

import datetime
from dataclasses import dataclass

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


def roadmap_timeline_frame(vendor_id: int) -> pd.DataFrame:
    """One row per roadmap item with its title and capability name (one query)."""
    rows = RoadmapItem.objects.filter(vendor_id=vendor_id).values(
        "title",
        "first_promised_date",
        "target_date",
        "status",
        "delivered_date",
        "delivered_as",
        "capability__name",
        item_id=F("pk"),
    )
    # "capability" is the foreign key's name, so the ORM cannot alias the name to it.
    frame = pd.DataFrame(list(rows)).rename(columns={"capability__name": "capability"})
    frame = frame.reindex(columns=TIMELINE_COLUMNS)
    return _dates(frame, "first_promised_date", "target_date", "delivered_date")


def roadmap_change_frame(vendor_ids: list[int]) -> pd.DataFrame:
    """Every logged re-baseline of the vendors' roadmap items, oldest first (one query).

    Columns: item_id, old_date, new_date, changed_at.
    """
    rows = (
        RoadmapChange.objects.filter(item__vendor_id__in=vendor_ids)
        .order_by("item_id", "changed_at", "pk")
        .values("item_id", "old_date", "new_date", "changed_at")
    )
    frame = pd.DataFrame(list(rows), columns=CHANGE_COLUMNS)
    return _dates(frame, "old_date", "new_date")


def assessment_history_frame(vendor_id: int) -> pd.DataFrame:
    """Every capability assessment of a vendor with capability and domain names (one query)."""
    rows = (
        CapabilityAssessment.objects.filter(vendor_id=vendor_id)
        .order_by("assessed_on", "pk")
        .values("assessed_on", "maturity", "capability__name", "capability__domain__name")
    )
    names = {"capability__name": "capability", "capability__domain__name": "domain"}
    frame = pd.DataFrame(list(rows)).rename(columns=names).reindex(columns=HISTORY_COLUMNS)
    frame["maturity"] = frame["maturity"].astype("float64")
    return _dates(frame, "assessed_on")


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
    financials: pd.DataFrame | None = None,
    funding: pd.DataFrame | None = None,
) -> VendorCharts:
    """The three charts of the vendor page (five queries: assessment history, items, re-baselines,
    financials, funding; three when the caller passes the vendor's financial and funding frames,
    as the vendor page does from its profile)."""
    if financials is None:
        financials = selectors.financial_frame([vendor.pk])
    if funding is None:
        funding = selectors.funding_frame([vendor.pk])
    return VendorCharts(
        maturity=charts.maturity_over_time(assessment_history_frame(vendor.pk), group="domain", until=today),
        roadmap=charts.roadmap_timeline(
            roadmap_timeline_frame(vendor.pk),
            roadmap_change_frame([vendor.pk]),
            contract_ends=contract_ends,
            today=today,
            status_labels=dict(RoadmapStatus.choices),
        ),
        rd=charts.rd_and_funding(financials, funding, kind_labels=dict(FundingKind.choices)),
    )
