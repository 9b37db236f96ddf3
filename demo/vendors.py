"""Demo data for the vendor record: a fictional converged-SOC vendor landscape.

Called by ``manage.py seed_demo``; the landscape itself is ``demo/data/vendors/*.json`` (read and
checked by :mod:`demo.vendor_data`). Every name, company, person and figure is invented.
Deterministic (no randomness, no clock: all dates hang off ``DEMO_TODAY``) and idempotent: a row
is created only when its natural key is missing, and nothing that exists is saved again, so a
second run changes no row, timestamp or version number.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model

from demo import vendor_data
from demo.roadmap import create_item
from vendors.models import (
    Briefing,
    Capability,
    CapabilityAssessment,
    Contract,
    FinancialFact,
    FundingEvent,
    RoadmapItem,
    Vendor,
)

LANDSCAPE = vendor_data.landscape()
DEMO_TODAY = LANDSCAPE["today"]
MILLION = Decimal(1_000_000)
VENDOR_FIELDS = (
    "name",
    "website",
    "country",
    "founded",
    "headcount",
    "ownership",
    "status",
    "unique_selling_points",
    "description",
)


def _millions(amount: Decimal | None) -> Decimal | None:
    return amount * MILLION if amount is not None else None


def _add_missing(model, vendor, rows: list, key: tuple[str, ...]) -> int:
    """bulk_create the rows whose natural key is not there yet; return how many."""
    existing = set(model.objects.filter(vendor=vendor).values_list(*key))
    missing = [row for row in rows if tuple(getattr(row, name) for name in key) not in existing]
    model.objects.bulk_create(missing)
    return len(missing)


def _assessments(vendor, spec: dict, capabilities, user) -> list[CapabilityAssessment]:
    return [
        CapabilityAssessment(
            vendor=vendor,
            capability=capabilities[slug],
            assessed_on=day,
            maturity=level,
            delivery_model=row["delivery_model"],
            evidence_grade=row["evidence_grade"],
            assessed_by=user,
        )
        for slug, row in spec["capabilities"].items()
        for day, level in zip(LANDSCAPE["assessment_dates"], row["maturity"], strict=True)
        if level is not None
    ]


def _financials(vendor, spec: dict) -> list[FinancialFact]:
    return [
        FinancialFact(
            vendor=vendor,
            fiscal_year=row["fiscal_year"],
            currency=spec["currency"],
            confidence=spec["confidence"],
            revenue=_millions(row["revenue"]),
            rd_spend=_millions(row["rd_spend"]),
            rd_headcount=row["rd_headcount"],
            source=spec["source"],
        )
        for row in spec["financials"]
    ]


def _funding(vendor, spec: dict) -> list[FundingEvent]:
    return [
        FundingEvent(vendor=vendor, currency=spec["currency"], **{**row, "amount": _millions(row["amount"])})
        for row in spec["funding"]
    ]


def _seed_record(vendor, spec: dict, capabilities, user) -> dict:
    """Add the vendor's missing assessments, finances, contracts and briefings; the briefings by date."""
    _add_missing(
        CapabilityAssessment,
        vendor,
        _assessments(vendor, spec, capabilities, user),
        ("capability_id", "assessed_on"),
    )
    _add_missing(FinancialFact, vendor, _financials(vendor, spec), ("fiscal_year",))
    _add_missing(FundingEvent, vendor, _funding(vendor, spec), ("date", "kind"))
    contracts = [Contract(vendor=vendor, currency=spec["currency"], **row) for row in spec["contracts"]]
    _add_missing(Contract, vendor, contracts, ("reference",))
    _add_missing(Briefing, vendor, [Briefing(vendor=vendor, **row) for row in spec["briefings"]], ("date",))
    return {briefing.date: briefing for briefing in Briefing.objects.filter(vendor=vendor)}


def _seed_vendor(spec: dict, capabilities, users) -> tuple[Vendor, int]:
    vendor, _ = Vendor.objects.get_or_create(
        slug=spec["slug"], defaults={field: spec[field] for field in VENDOR_FIELDS}
    )
    briefings = _seed_record(vendor, spec, capabilities, users["procurement"])
    context = {
        "currency": spec["currency"],
        "capabilities": capabilities,
        "briefings": briefings,
        "user": users["risk"],
        "sources": LANDSCAPE["sources"],
        "today": DEMO_TODAY,
    }
    existing = set(RoadmapItem.objects.filter(vendor=vendor).values_list("title", flat=True))
    new_items = [item for item in spec["roadmap"] if item["title"] not in existing]
    for item in new_items:
        create_item(vendor, item, context)
    return vendor, len(new_items)


def seed(stdout) -> None:
    """Create the demo vendors with their full record (needs seed_users first)."""
    specs = vendor_data.vendors()
    users = {
        user.username: user for user in get_user_model().objects.filter(username__in=["risk", "procurement"])
    }
    capabilities = {capability.slug: capability for capability in Capability.objects.all()}
    vendor_data.check_capabilities(specs, set(capabilities))
    for spec in specs:
        vendor, new_items = _seed_vendor(spec, capabilities, users)
        stdout.write(f"  vendor {vendor.name}: {new_items} new roadmap items")
