"""What the vendor pages show, assembled from the selectors and the pure metrics.

Each function runs a fixed number of queries however many vendors, items or
assessments there are (asserted in tests/vendors/test_query_counts.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd
from django.utils import timezone

from engine import facts
from vendors import selectors
from vendors.models import Capability, CapabilityAssessment, CapabilityDomain, RoadmapItem, Vendor


@dataclass(frozen=True)
class VendorSummary:
    capabilities_offered: int
    mean_maturity: float | None
    delivery_score: float | None
    latest_rd_intensity: float | None
    overdue_open: int


def vendor_summaries(vendor_ids: list[int]) -> dict[int, VendorSummary]:
    """One line of key facts per vendor for the list page (four queries: assessments, roadmap, financials, funding)."""
    if not vendor_ids:
        return {}
    today = timezone.localdate()
    assessments = selectors.assessment_frame(vendor_ids, latest_only=True)
    offered = assessments[assessments["maturity"] > 0].groupby("vendor_id")["maturity"]
    counts, means = offered.count(), offered.mean()
    delivery = facts.delivery_records(selectors.roadmap_frame(vendor_ids), today)
    rd = facts.rd_profiles(selectors.financial_frame(vendor_ids), selectors.funding_frame(vendor_ids))
    # Plain dicts: a pandas lookup per vendor and column cost more than all the rest.
    counts, means = counts.to_dict(), means.to_dict()
    scores, overdue = delivery["score"].to_dict(), delivery["overdue_open"].to_dict()
    intensities = rd["latest_intensity"].to_dict()
    return {
        vendor_id: VendorSummary(
            capabilities_offered=int(counts.get(vendor_id, 0)),
            mean_maturity=_float(means.get(vendor_id)),
            delivery_score=_float(scores.get(vendor_id)),
            latest_rd_intensity=_float(intensities.get(vendor_id)),
            overdue_open=int(overdue.get(vendor_id, 0)),
        )
        for vendor_id in vendor_ids
    }


@dataclass
class CapabilityRow:
    capability: object
    current: CapabilityAssessment | None
    history: list[CapabilityAssessment] = field(default_factory=list)


@dataclass
class DomainBlock:
    domain: CapabilityDomain
    rows: list[CapabilityRow]

    @property
    def offered(self) -> list[CapabilityRow]:
        return [row for row in self.rows if row.current and row.current.maturity > 0]


@dataclass
class VendorProfile:
    domains: list[DomainBlock]
    roadmap: list[RoadmapItem]
    delivery: object
    rd: object
    financial_rows: list[dict]
    capabilities_offered: int
    mean_maturity: float | None
    # What the charts are drawn from too (vendors.chart_selectors.vendor_charts): every
    # assessment of the vendor, and the frames the R&D profile was read from.
    assessments: list[CapabilityAssessment]
    financials: pd.DataFrame
    funding: pd.DataFrame


def vendor_profile(vendor: Vendor) -> VendorProfile:
    """Everything the vendor page shows beyond the vendor's own fields."""
    today = timezone.localdate()
    history = defaultdict(list)
    assessments = list(
        CapabilityAssessment.objects.filter(vendor=vendor).order_by("capability_id", "-assessed_on")
    )
    for assessment in assessments:
        history[assessment.capability_id].append(assessment)

    # One query for the taxonomy: every capability with its domain, in the domains' order (theirs:
    # position, name) and then the capabilities' own. A domain without capabilities shows no row.
    domains: list[DomainBlock] = []
    capabilities = Capability.objects.select_related("domain").order_by(
        "domain__position", "domain__name", "domain_id", "position", "name"
    )
    for capability in capabilities:
        if not domains or domains[-1].domain.pk != capability.domain_id:
            domains.append(DomainBlock(capability.domain, []))
        past = history.get(capability.pk, [])
        for assessment in past:  # its capability and domain, read here: the maturity chart names them
            assessment.capability = capability
        domains[-1].rows.append(CapabilityRow(capability, past[0] if past else None, list(reversed(past))))

    roadmap = list(
        RoadmapItem.objects.filter(vendor=vendor)
        .select_related("capability")
        .prefetch_related("changes")
        .order_by("target_date", "title")
    )
    for item in roadmap:  # what the roadmap table shows; the changes are read anyway (the roadmap chart)
        item.rebaseline_count = len(item.changes.all())
    delivery = facts.delivery_record(selectors.roadmap_frame_of(roadmap), today)
    # The page's vendor comes with its financial facts and funding events (pages.VendorDetailView).
    financials = selectors.financial_frame_of(vendor.financials.all())
    funding = selectors.funding_frame_of(vendor.funding_events.all())
    rd = facts.rd_profile(financials, funding)
    intensity = rd.intensity_by_year
    financial_rows = [
        {"fact": fact, "intensity": intensity.get(fact.fiscal_year)} for fact in vendor.financials.all()
    ]
    offered = [row.current.maturity for block in domains for row in block.offered]
    return VendorProfile(
        domains=domains,
        roadmap=roadmap,
        delivery=delivery,
        rd=rd,
        financial_rows=financial_rows,
        capabilities_offered=len(offered),
        mean_maturity=sum(offered) / len(offered) if offered else None,
        assessments=assessments,
        financials=financials,
        funding=funding,
    )


def _float(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN means missing
