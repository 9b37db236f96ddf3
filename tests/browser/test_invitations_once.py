"""Inviting from the response page in a browser: the link page shows the link once, its copy
button works under the strict CSP, and going back to it shows nothing."""

import pytest

from config.roles import Role
from evaluator.models import Invitation
from evaluator.responses.lifecycle import start_response
from tests.browser.conftest import log_in, requires_chromium
from tests.evaluator.questionnaire_helpers import small_questionnaire
from tests.factories import PASSWORD, UserFactory, VendorFactory

pytestmark = [pytest.mark.browser, requires_chromium]


def test_the_invitation_link_is_shown_once_and_copied(page, live_server, transactional_db):
    UserFactory(username="paula", role=Role.PROCUREMENT.value)
    response = start_response(
        VendorFactory(name="Once Vendor", slug="once-vendor"), small_questionnaire(), None
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server, "paula", PASSWORD)
    page.goto(f"{live_server.url}/questionnaires/responses/{response.pk}/")
    page.get_by_label("Vendor contact's e-mail").fill("dana@once.example")
    page.get_by_label("Ask for a one-time e-mail code").check()
    page.get_by_role("button", name="Send the invitation").click()
    link = page.locator("#invitation-link").input_value()
    assert "/respond/" in link
    page.get_by_role("button", name="Copy the link").click()
    page.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert Invitation.objects.get().require_code
    page.reload()
    page.get_by_role("heading", name="The link was shown once").wait_for()
    assert page.locator("#invitation-link").count() == 0
    page.goto(f"{live_server.url}/questionnaires/responses/{response.pk}/")
    assert link.rsplit("/", 2)[-2] not in page.content()
    assert page.problems == []
