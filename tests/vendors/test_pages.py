"""The vendor pages: what they show, and queries that do not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.factories import (
    AssessmentFactory,
    BriefingFactory,
    ContractFactory,
    FinancialFactFactory,
    FundingEventFactory,
    RoadmapItemFactory,
    VendorFactory,
)
from vendors.models import Capability


def make_vendors(count):
    capabilities = list(Capability.objects.all()[:3])
    for n in range(count):
        vendor = VendorFactory(name=f"Vendor {n:03d}", slug=f"vendor-{n:03d}")
        for capability in capabilities:
            AssessmentFactory(vendor=vendor, capability=capability, maturity=n % 6)
        FinancialFactFactory(vendor=vendor, fiscal_year=2025)
        RoadmapItemFactory(vendor=vendor)


def make_vendor_with(items, slug="deep"):
    vendor = VendorFactory(name=f"Vendor {slug}", slug=slug)
    capabilities = list(Capability.objects.all())
    for n in range(items):
        capability = capabilities[n % len(capabilities)]
        item = RoadmapItemFactory(vendor=vendor, capability=capability, title=f"Item {n}")
        item.rebaseline(item.target_date + datetime.timedelta(days=30), "Slipped")
        item.save()
        AssessmentFactory(
            vendor=vendor,
            capability=capability,
            assessed_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
        )
    for year in range(2020, 2020 + min(items, 6)):
        FinancialFactFactory(vendor=vendor, fiscal_year=year)
    FundingEventFactory(vendor=vendor)
    ContractFactory(vendor=vendor)
    briefing = BriefingFactory(vendor=vendor)
    RoadmapItemFactory(vendor=vendor, briefing=briefing, title="From the briefing")
    return vendor


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_vendor_list_runs_the_same_queries_for_5_and_50_vendors(executive):
    client = client_for(executive)
    make_vendors(5)
    few = count_queries(client, "/vendors/?page=1")
    make_vendors_more = [VendorFactory(name=f"Extra {n:03d}", slug=f"extra-{n:03d}") for n in range(45)]
    assert len(make_vendors_more) == 45
    many = count_queries(client, "/vendors/?page=1")
    # session, user, groups/perms, count, page of vendors, latest assessments,
    # roadmap frame, financial frame, funding frame, domains for the filter.
    assert few == many


def test_the_vendor_page_runs_the_same_queries_for_5_and_50_roadmap_items(executive):
    client = client_for(executive)
    make_vendor_with(5, slug="small")
    make_vendor_with(50, slug="large")
    assert count_queries(client, "/vendors/small/") == count_queries(client, "/vendors/large/")


def test_the_roadmap_page_runs_the_same_queries_for_5_and_50_items(executive):
    client = client_for(executive)
    make_vendor_with(5, slug="small")
    few = count_queries(client, "/vendors/roadmaps/")
    make_vendor_with(45, slug="large")
    assert count_queries(client, "/vendors/roadmaps/") == few


def test_the_vendor_page_shows_the_capability_matrix_with_history_and_rubric(executive):
    vendor = VendorFactory(name="Deepwatch", slug="deepwatch")
    siem = Capability.objects.get(slug="siem")
    AssessmentFactory(vendor=vendor, capability=siem, assessed_on=datetime.date(2025, 1, 1), maturity=2)
    AssessmentFactory(vendor=vendor, capability=siem, assessed_on=datetime.date(2026, 1, 1), maturity=4)
    page = client_for(executive).get("/vendors/deepwatch/").content.decode()
    assert '<span class="maturity maturity-4"' in page  # the latest assessment is the current maturity
    assert '2<span class="sr-only"> on 2025-01-01</span> → 4' in page  # and the history stays
    assert "Leading" in page and "Deep, differentiated expertise" in page  # the written rubric


def test_the_vendor_page_shows_the_roadmap_slip_and_the_delivery_record(executive):
    vendor = VendorFactory(name="Slipstream", slug="slipstream")
    item = RoadmapItemFactory(
        vendor=vendor,
        title="Cross-domain correlation v2",
        first_promised_date=datetime.date(2025, 3, 31),
        target_date=datetime.date(2025, 3, 31),
    )
    item.rebaseline(datetime.date(2025, 6, 30), "Hiring freeze")
    item.save()
    page = client_for(executive).get("/vendors/slipstream/").content.decode()
    assert "Cross-domain correlation v2" in page
    assert ">91<" in page  # slip in days between first promise and current target
    assert "Delivery record" in page and "Overdue open items" in page


def test_executives_see_no_edit_buttons_and_editors_do(executive, procurement):
    VendorFactory(name="Buttons", slug="buttons")
    assert "Edit vendor" not in client_for(executive).get("/vendors/buttons/").content.decode()
    assert "Edit vendor" in client_for(procurement).get("/vendors/buttons/").content.decode()


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("q=harbour", "Harbour Watch", "Inland Shield"),
        ("status=incumbent", "Harbour Watch", "Inland Shield"),
        ("ownership=pe_owned", "Inland Shield", "Harbour Watch"),
        ("domain=video-and-sensors", "Inland Shield", "Harbour Watch"),
    ],
)
def test_the_vendor_list_filters(executive, query, expected, absent):
    VendorFactory(name="Harbour Watch", slug="harbour-watch", status="incumbent", ownership="public")
    inland = VendorFactory(
        name="Inland Shield", slug="inland-shield", status="prospect", ownership="pe_owned"
    )
    AssessmentFactory(vendor=inland, capability=Capability.objects.get(slug="video-analytics"), maturity=3)
    page = client_for(executive).get(f"/vendors/?{query}").content.decode()
    assert expected in page
    assert absent not in page


def test_the_roadmap_page_filters_overdue_items(executive):
    vendor = VendorFactory()
    RoadmapItemFactory(
        vendor=vendor,
        title="Long overdue",
        first_promised_date=datetime.date(2020, 1, 1),
        target_date=datetime.date(2020, 1, 1),
    )
    RoadmapItemFactory(
        vendor=vendor,
        title="Far future",
        first_promised_date=datetime.date(2099, 1, 1),
        target_date=datetime.date(2099, 1, 1),
    )
    page = client_for(executive).get("/vendors/roadmaps/?overdue=1").content.decode()
    assert "Long overdue" in page
    assert "Far future" not in page
