"""From the demo dashboard an executive clicks through to a vendor scorecard and a head-to-head; charts draw."""

import io

import pytest
from django.core.management import call_command

from demo.evaluations import DEMO_EVALUATION
from demo.users import DEMO_PASSWORD
from evaluator.models import Evaluation
from tests.browser.conftest import log_in, requires_chromium, save_screenshot

pytestmark = [pytest.mark.browser, requires_chromium]

SCORECARD_CHARTS = ("chart-radar", "chart-roadmap", "chart-rd")


@pytest.mark.django_db(transaction=True)
def test_the_executive_opens_a_scorecard_from_the_dashboard_and_every_chart_draws(live_server, page):
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    evaluation = Evaluation.objects.get(name=DEMO_EVALUATION)

    log_in(page, live_server, "executive", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/dashboard/")
    page.locator("#ranking ol.podium a").first.click()

    assert "/scorecard/" in page.url
    for key in SCORECARD_CHARTS:
        page.wait_for_selector(f"#{key}[data-drawn='true'] svg.main-svg", state="attached")
        assert page.locator(f"#{key}").get_attribute("aria-label")
    assert page.locator("#headline").count() == 1 and page.locator("#risk-flags").count() == 1
    assert page.problems == []
    save_screenshot(page, "vendor-scorecard", full_page=True)

    page.get_by_role("link", name="← Dashboard of").click()
    page.get_by_role("link", name="Head-to-head").click()
    checkboxes = page.locator("input[name='vendor']")
    checkboxes.nth(0).check()
    checkboxes.nth(1).check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_selector("table.compare")
    assert page.locator("table.compare tbody tr").count() > 1
    assert page.problems == []


@pytest.mark.django_db(transaction=True)
def test_the_executive_goes_from_the_login_page_to_a_scorecard_pdf_in_three_clicks(live_server, page):
    from pypdf import PdfReader

    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    log_in(
        page, live_server, "executive", DEMO_PASSWORD
    )  # lands on the home page, which lists their evaluations
    assert page.url == f"{live_server.url}/"

    page.get_by_role("link", name=DEMO_EVALUATION).first.click()  # 1: the selection dashboard
    vendor_link = page.locator("#ranking ol.podium a").first
    vendor_name = vendor_link.inner_text().strip()
    vendor_link.click()  # 2: the leader's scorecard
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name="Download PDF").click()  # 3: the PDF
    pdf = download.value.path().read_bytes()

    assert pdf.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert vendor_name in text
    assert page.problems == []
