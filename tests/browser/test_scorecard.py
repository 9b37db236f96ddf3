"""From the demo dashboard an executive clicks through to a vendor scorecard and a head-to-head; charts draw."""

import io

import pytest
from django.core.management import call_command

from evaluator.demo_evaluations import DEMO_EVALUATION
from evaluator.models import Evaluation
from vendors.demo import DEMO_PASSWORD

from .conftest import log_in, requires_chromium, save_screenshot

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
