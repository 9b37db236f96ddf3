"""vendors.selectors: vendor facts as DataFrames, one query each however many vendors."""

import datetime
from decimal import Decimal

import pandas as pd
import pytest

from engine import facts
from vendors import selectors
from vendors.models import (
    Capability,
    CapabilityAssessment,
    FinancialFact,
    FundingEvent,
    RoadmapItem,
    Vendor,
)

D = datetime.date
pytestmark = pytest.mark.django_db

SELECTORS = [
    selectors.roadmap_frame,
    selectors.financial_frame,
    selectors.funding_frame,
    selectors.assessment_frame,
    lambda vendor_ids=None: selectors.assessment_frame(vendor_ids, latest_only=False),
]
SELECTOR_IDS = ["roadmap", "financial", "funding", "assessment_latest", "assessment_history"]


def make_vendor(n: int) -> Vendor:
    """A vendor with two items (one re-baselined twice), two years, one round, two assessments."""
    vendor = Vendor.objects.create(name=f"Test vendor {n}", slug=f"test-vendor-{n}")
    siem, soar = Capability.objects.get(slug="siem"), Capability.objects.get(slug="soar")
    RoadmapItem.objects.create(
        vendor=vendor,
        capability=siem,
        title="On time",
        first_promised_date=D(2025, 3, 1),
        target_date=D(2025, 3, 1),
        status="delivered",
        delivered_date=D(2025, 2, 20),
        delivered_as="ga",
        contract_coverage="paid_addon",
        coverage_cost=Decimal("12500.50"),
    )
    moved = RoadmapItem.objects.create(
        vendor=vendor,
        capability=soar,
        title="Moved",
        first_promised_date=D(2025, 6, 1),
        target_date=D(2025, 6, 1),
    )
    for new_date in (D(2025, 9, 1), D(2026, 1, 1)):
        moved.rebaseline(new_date, "Dependency on cloud partner API")
        moved.save()
    FinancialFact.objects.create(
        vendor=vendor, fiscal_year=2024, revenue=Decimal("1000000.00"), rd_spend=None
    )
    FinancialFact.objects.create(
        vendor=vendor,
        fiscal_year=2025,
        revenue=Decimal("1200000.00"),
        rd_spend=Decimal("180000.00"),
        rd_headcount=9,
    )
    FundingEvent.objects.create(
        vendor=vendor, date=D(2025, 4, 1), kind="venture", amount=Decimal("5000000.00")
    )
    for when, maturity in ((D(2025, 5, 1), 2), (D(2026, 5, 1), 3)):
        CapabilityAssessment.objects.create(
            vendor=vendor, capability=siem, assessed_on=when, maturity=maturity
        )
    return vendor


@pytest.mark.parametrize("select", SELECTORS, ids=SELECTOR_IDS)
def test_it_reads_five_vendors_in_the_same_single_query_as_one(select, django_assert_num_queries):
    one = [make_vendor(1).pk]
    five = one + [make_vendor(n).pk for n in range(2, 6)]
    # The one query, for each selector:
    # roadmap: SELECT item columns, COUNT(roadmapchange.id) FROM roadmapitem
    #          LEFT JOIN roadmapchange ... WHERE vendor_id IN (...) GROUP BY item ORDER BY vendor_id, id
    # financial / funding: SELECT ... FROM financialfact / fundingevent WHERE vendor_id IN (...) ORDER BY ...
    # assessment: SELECT ..., capability.domain_id FROM assessment INNER JOIN capability
    #             WHERE vendor_id IN (...) [AND NOT EXISTS (a newer assessment)] ORDER BY ...
    with django_assert_num_queries(1):
        small = select(one)
    with django_assert_num_queries(1):
        large = select(five)
    with django_assert_num_queries(1):
        everyone = select()
    assert len(large) == 5 * len(small) > 0
    assert len(everyone) == len(large)


@pytest.mark.parametrize("select", SELECTORS, ids=SELECTOR_IDS)
def test_it_runs_no_query_for_an_empty_list_of_vendors(select, django_assert_num_queries):
    make_vendor(1)
    with django_assert_num_queries(0):
        frame = select([])
    assert frame.empty


@pytest.mark.parametrize(
    ("select", "dtypes"),
    [
        (selectors.roadmap_frame, selectors.ROADMAP_DTYPES),
        (selectors.financial_frame, selectors.FINANCIAL_DTYPES),
        (selectors.funding_frame, selectors.FUNDING_DTYPES),
        (selectors.assessment_frame, selectors.ASSESSMENT_DTYPES),
    ],
)
def test_it_returns_the_same_columns_and_dtypes_with_or_without_rows(select, dtypes):
    empty = select()
    assert empty.empty
    make_vendor(1)
    full = select()
    assert not full.empty
    assert list(empty.columns) == list(full.columns) == list(dtypes)
    assert dict(empty.dtypes.astype(str)) == dict(full.dtypes.astype(str))


def test_it_gives_the_metrics_the_columns_they_read():
    assert list(selectors.roadmap_frame().columns) == facts.ROADMAP_COLUMNS
    assert list(selectors.financial_frame().columns) == facts.FINANCIAL_COLUMNS
    assert list(selectors.funding_frame().columns)[: len(facts.FUNDING_COLUMNS)] == facts.FUNDING_COLUMNS


def test_it_counts_the_rebaselines_logged_for_each_item():
    vendor = make_vendor(1)
    frame = selectors.roadmap_frame([vendor.pk]).set_index("item_id")
    moved = RoadmapItem.objects.get(vendor=vendor, title="Moved")
    on_time = RoadmapItem.objects.get(vendor=vendor, title="On time")
    assert frame.loc[moved.pk, "rebaselines"] == 2
    assert frame.loc[on_time.pk, "rebaselines"] == 0
    assert frame.loc[moved.pk, "target_date"] == pd.Timestamp("2026-01-01")
    assert frame.loc[moved.pk, "first_promised_date"] == pd.Timestamp("2025-06-01")


def test_it_hands_money_over_as_float_and_missing_values_as_nan_or_blank():
    vendor = make_vendor(1)
    items = selectors.roadmap_frame([vendor.pk]).set_index("item_id")
    on_time = RoadmapItem.objects.get(vendor=vendor, title="On time")
    moved = RoadmapItem.objects.get(vendor=vendor, title="Moved")
    assert items.loc[on_time.pk, "coverage_cost"] == 12500.5
    assert isinstance(items.loc[on_time.pk, "coverage_cost"], float)
    assert pd.isna(items.loc[moved.pk, "coverage_cost"])
    assert pd.isna(items.loc[moved.pk, "delivered_date"])
    assert items.loc[moved.pk, "delivered_as"] == ""
    assert items.loc[on_time.pk, "delivered_as"] == "ga"

    financials = selectors.financial_frame([vendor.pk]).set_index("fiscal_year")
    assert financials.loc[2025, "rd_spend"] == 180000.0
    assert pd.isna(financials.loc[2024, "rd_spend"])
    assert financials.loc[2025, "rd_headcount"] == 9
    assert pd.isna(financials.loc[2024, "rd_headcount"])
    assert selectors.funding_frame([vendor.pk]).loc[0, "amount"] == 5_000_000.0


def test_it_keeps_to_the_vendors_asked_for():
    first, second = make_vendor(1), make_vendor(2)
    for select in SELECTORS:
        assert set(select([second.pk])["vendor_id"]) == {second.pk}
    assert set(selectors.roadmap_frame()["vendor_id"]) == {first.pk, second.pk}


def test_it_keeps_only_the_latest_assessment_per_capability_unless_asked_for_history():
    vendor = make_vendor(1)
    latest = selectors.assessment_frame([vendor.pk])
    history = selectors.assessment_frame([vendor.pk], latest_only=False)
    assert latest[["assessed_on", "maturity"]].values.tolist() == [[pd.Timestamp("2026-05-01"), 3]]
    assert history["maturity"].tolist() == [2, 3]
    siem = Capability.objects.get(slug="siem")
    assert latest.loc[0, "domain_id"] == siem.domain_id
    assert latest.loc[0, "delivery_model"] == "native"
    assert latest.loc[0, "evidence_grade"] == "self_asserted"


def test_it_gives_frames_the_metrics_turn_into_a_delivery_record_and_rd_profile():
    vendor = make_vendor(1)
    record = facts.delivery_record(selectors.roadmap_frame([vendor.pk]), D(2026, 11, 1))
    # "On time" delivered early; "Moved" is still planned, past its first promise and its target.
    assert (record.items_due, record.delivered_on_time, record.overdue_open) == (2, 1.0, 1)
    assert record.rebaselines_per_item == 1.0
    profile = facts.rd_profile(selectors.financial_frame([vendor.pk]), selectors.funding_frame([vendor.pk]))
    assert profile.intensity_by_year == {2025: pytest.approx(0.15)}
    assert profile.organic_share == 0.0
    assert profile.outside_funding_by_kind == {"venture": 5_000_000.0}
