"""An executive signs in and reads a vendor page: every chart draws, the console stays clean under the CSP."""

import datetime

import pytest

from config.roles import Role
from tests.browser.conftest import log_in, requires_chromium, save_screenshot
from tests.factories import (
    PASSWORD,
    AssessmentFactory,
    ContractFactory,
    FinancialFactFactory,
    FundingEventFactory,
    RoadmapItemFactory,
    UserFactory,
    VendorFactory,
)
from vendors.models import Capability, FundingKind, RoadmapStatus

pytestmark = [pytest.mark.browser, requires_chromium]

CHARTS = ("chart-maturity", "chart-roadmap", "chart-rd")


def a_vendor_with_history():
    """A vendor with assessments over two years, slipped and delivered promises, R&D and funding."""
    vendor = VendorFactory(name="Sentinel Fusion", slug="sentinel-fusion")
    for slug, maturities in {"siem": (2, 3, 4), "soar": (1, 2, 3), "access-control": (3, 3, 4)}.items():
        assessed = Capability.objects.get(slug=slug)
        for year, maturity in zip((2024, 2025, 2026), maturities, strict=True):
            AssessmentFactory(
                vendor=vendor, capability=assessed, assessed_on=datetime.date(year, 2, 1), maturity=maturity
            )
    siem = Capability.objects.get(slug="siem")
    RoadmapItemFactory(
        vendor=vendor,
        capability=siem,
        title="Streaming correlation",
        first_promised_date=datetime.date(2025, 3, 31),
        status=RoadmapStatus.DELIVERED,
        delivered_date=datetime.date(2025, 3, 15),
        delivered_as="ga",
    )
    late = RoadmapItemFactory(
        vendor=vendor,
        capability=siem,
        title="Badge and login fusion",
        first_promised_date=datetime.date(2025, 9, 30),
    )
    late.rebaseline(datetime.date(2026, 3, 31), "Integration partner changed")
    late.save()
    late.rebaseline(datetime.date(2028, 6, 30), "Re-platforming")
    late.save()
    RoadmapItemFactory(
        vendor=vendor,
        capability=siem,
        title="Travel risk feed",
        first_promised_date=datetime.date(2025, 6, 30),
        status=RoadmapStatus.SILENTLY_DROPPED,
    )
    ContractFactory(vendor=vendor, end_date=datetime.date(2027, 12, 31))
    for year, revenue, spend in ((2022, 80, 14), (2023, 95, 15), (2024, 110, 14), (2025, 120, 12)):
        FinancialFactFactory(
            vendor=vendor, fiscal_year=year, revenue=revenue * 1_000_000, rd_spend=spend * 1_000_000
        )
    FundingEventFactory(
        vendor=vendor, date=datetime.date(2022, 4, 1), kind=FundingKind.VENTURE, amount=30_000_000
    )
    FundingEventFactory(
        vendor=vendor, date=datetime.date(2024, 9, 1), kind=FundingKind.PRIVATE_EQUITY, amount=150_000_000
    )
    return vendor


@pytest.mark.django_db(transaction=True)
def test_it_draws_every_vendor_chart_for_an_executive_with_a_clean_console(live_server, page):
    vendor = a_vendor_with_history()
    UserFactory(username="erin.executive", role=Role.EXECUTIVE.value)

    log_in(page, live_server, "erin.executive", PASSWORD)
    response = page.goto(f"{live_server.url}/vendors/{vendor.slug}/")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    for key in CHARTS:
        page.wait_for_selector(f"#{key}[data-drawn='true'] svg.main-svg", state="attached")
        assert page.locator(f"#{key} svg.main-svg").count() >= 1
        assert page.locator(f"#{key}").get_attribute("aria-label")
    # The timeline shows the slip, the re-baselines and the contract end.
    roadmap = page.locator("#chart-roadmap")
    assert roadmap.locator("text=Contract ends 2027-12-31").count() == 1
    assert roadmap.locator(".legendtext", has_text="Slip after the first promise").count() == 1
    assert roadmap.locator(".legendtext", has_text="Re-baselined to").count() == 1
    # The numbers behind the chart are one click away.
    page.get_by_text("The numbers behind “Roadmap timeline”").click()
    assert (
        page.locator("#chart-roadmap-figure").get_by_role("cell", name="Badge and login fusion").is_visible()
    )
    assert page.problems == []

    save_screenshot(page, "vendor-page", full_page=True)
    save_screenshot(page.locator("#chart-roadmap-figure"), "vendor-roadmap-timeline")
    save_screenshot(page.locator("#chart-rd-figure"), "vendor-rd-funding")
    save_screenshot(page.locator("#chart-maturity-figure"), "vendor-maturity")


@pytest.mark.django_db(transaction=True)
def test_it_serves_plotly_from_the_app_and_draws_nothing_from_elsewhere(live_server, page):
    vendor = a_vendor_with_history()
    UserFactory(username="erin.executive", role=Role.EXECUTIVE.value)
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    log_in(page, live_server, "erin.executive", PASSWORD)
    page.goto(f"{live_server.url}/vendors/{vendor.slug}/")
    page.wait_for_selector("#chart-rd[data-drawn='true']", state="attached")

    assert any(url.endswith("/static/vendor/plotly/plotly.min.js") for url in requests)
    assert all(url.startswith((live_server.url, "data:", "blob:")) for url in requests), requests
    # The version static/vendor/plotly/README.md names; update both when plotly is upgraded.
    assert page.evaluate("window.Plotly.version") == "4.1.1"
    assert page.problems == []


@pytest.mark.django_db(transaction=True)
def test_the_vendor_page_fits_a_phone_screen(live_server, page):
    """Nothing on the page (tables, screen-reader text, charts) makes it wider than a 390 px phone."""
    vendor = a_vendor_with_history()
    UserFactory(username="erin", role=Role.EXECUTIVE.value)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "erin", PASSWORD)
    page.goto(f"{live_server.url}{vendor.get_absolute_url()}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
