"""In a real browser: a VSAQ file is imported through the page (preview, then import), and on the
entry page its conditional questions and tips appear and disappear as the answers change."""

from pathlib import Path

import pytest

from config.roles import Role
from evaluator.models import Questionnaire
from evaluator.responses.lifecycle import start_response
from tests.browser.conftest import log_in, requires_chromium
from tests.factories import PASSWORD, UserFactory, VendorFactory

pytestmark = [pytest.mark.browser, requires_chromium]
SMALL = Path(__file__).resolve().parents[1] / "evaluator" / "data" / "vsaq_small.json"


def test_a_vsaq_import_is_previewed_then_its_conditions_work_on_the_entry_page(
    page, live_server, transactional_db
):
    UserFactory(username="paula", role=Role.PROCUREMENT.value)
    log_in(page, live_server, "paula", PASSWORD)
    page.goto(f"{live_server.url}/questionnaires/import/")
    page.set_input_files("input[type=file]", str(SMALL))
    page.get_by_role("button", name="Check and import").click()
    page.get_by_role("heading", name="Preview: Converged SOC vendor check").wait_for()
    assert not Questionnaire.objects.filter(family="vsaq_small").exists()
    page.get_by_role("button", name="Import as a new version of vsaq_small").click()
    page.get_by_role("heading", name="Converged SOC vendor check v1").wait_for()

    questionnaire = Questionnaire.objects.get(family="vsaq_small")
    response = start_response(
        VendorFactory(name="Browser Vendor", slug="browser-vendor"), questionnaire, None
    )
    hosting = questionnaire.sections.get(title="Hosting")
    page.goto(f"{live_server.url}/questionnaires/responses/{response.pk}/sections/{hosting.pk}/")
    tip = page.locator("[data-code=warn_hosting_region]")
    plan = page.locator("[data-code=hosting_dr_plan]")
    assert tip.is_hidden() and plan.is_hidden()
    page.locator("fieldset[data-code=hosting_region] select").first.select_option(label="In the US only")
    assert tip.is_visible() and "High" in tip.inner_text()
    page.locator("fieldset[data-code=hosting_dr] input[value=yes]").check()
    assert plan.is_visible()
    page.locator("fieldset[data-code=hosting_dr] input[value=no]").check()
    assert plan.is_hidden()
    page.locator("fieldset[data-code=hosting_region] select").first.select_option(label="In the EU only")
    assert tip.is_hidden()
    assert page.problems == []
