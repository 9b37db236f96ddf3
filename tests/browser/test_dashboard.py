"""The executive demo user goes from the login page to the selection dashboard; every chart draws."""

import io

import pytest
from django.core.management import call_command

from demo.evaluations import DEMO_EVALUATION
from demo.users import DEMO_PASSWORD
from evaluator.models import Evaluation
from tests.browser.conftest import log_in, requires_chromium, save_screenshot

pytestmark = [pytest.mark.browser, requires_chromium]

CHARTS = (
    "chart-contributions",
    "chart-rank-probabilities",
    "chart-positioning",
    "chart-depth-breadth",
    "chart-sensitivity",
)


@pytest.mark.django_db(transaction=True)
def test_the_executive_reaches_the_demo_dashboard_by_clicking_and_every_chart_draws(live_server, page):
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    evaluation = Evaluation.objects.get(name=DEMO_EVALUATION)

    log_in(page, live_server, "executive", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/evaluations/")
    page.get_by_role("link", name=DEMO_EVALUATION).first.click()
    page.get_by_role("link", name="Dashboard").click()

    assert page.url.endswith(f"/evaluations/{evaluation.pk}/dashboard/")
    for key in CHARTS:
        page.wait_for_selector(f"#{key}[data-drawn='true'] svg.main-svg", state="attached")
        assert page.locator(f"#{key}").get_attribute("aria-label")
    positioning = page.locator("#chart-positioning")
    assert positioning.locator("text=Deep today, credible tomorrow").count() == 1
    assert page.problems == []

    save_screenshot(page, "selection-dashboard", full_page=True)
    save_screenshot(page.locator("#chart-positioning-figure"), "selection-positioning")
