"""A campaign in a browser: pasted "vendor, e-mail" lines, a bad line reported without saving,
the links shown once with working copy buttons under the strict CSP, the board, and reminding."""

import datetime

import pytest

from config.roles import Role
from evaluator.models import Campaign, ReminderSent
from tests.browser.conftest import log_in, requires_chromium
from tests.evaluator.questionnaire_helpers import small_questionnaire
from tests.factories import PASSWORD, UserFactory, VendorFactory

pytestmark = [pytest.mark.browser, requires_chromium]


def test_a_campaign_is_created_from_pasted_lines_and_its_board_reminds(page, live_server, transactional_db):
    UserFactory(username="paula", role=Role.PROCUREMENT.value)
    questionnaire = small_questionnaire()
    VendorFactory(name="Acme Security", slug="acme")
    VendorFactory(name="Beacon", slug="beacon")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server, "paula", PASSWORD)
    page.goto(f"{live_server.url}/questionnaires/")
    page.get_by_role("link", name="Campaigns").first.click()
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Title").fill("Browser round")
    page.get_by_label("Questionnaire version").select_option(str(questionnaire.pk))
    page.get_by_label("Vendors and contacts").fill(
        "Acme Security, anna@acme.example\nNobody, n@nobody.example"
    )
    soon = datetime.date.today() + datetime.timedelta(days=2)
    page.get_by_label("Deadline").fill(soon.isoformat())
    page.get_by_role("button", name="Create and send the invitations").click()
    page.get_by_text("no vendor is called “Nobody”").wait_for()
    assert not Campaign.objects.exists()

    page.get_by_label("Vendors and contacts").fill(
        "Acme Security, anna@acme.example\nbeacon\tbo@beacon.example"
    )
    page.get_by_role("button", name="Create and send the invitations").click()
    page.get_by_role("heading", name="The links, shown this once").wait_for()
    link = page.locator("#link-1").input_value()
    assert "/respond/" in link
    page.get_by_role("button", name="Copy").first.click()
    page.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link

    page.get_by_role("link", name="Open the campaign board").click()
    page.get_by_role("heading", name="Browser round").wait_for()
    assert link.rsplit("/", 2)[-2] not in page.content()
    page.get_by_role("button", name="Remind all who are late").click()
    page.get_by_text("2 reminders sent to late vendors.").wait_for()
    assert ReminderSent.objects.count() == 2
    assert page.problems == []
