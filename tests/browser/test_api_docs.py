"""The Swagger UI at /api/docs/ draws the API in a real browser under the strict CSP, with a clean console."""

import pytest

from config.roles import Role
from tests.browser.conftest import log_in, requires_chromium
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.mark.django_db(transaction=True)
def test_the_api_docs_draw_every_endpoint_with_no_csp_violation(live_server, page):
    UserFactory(username="paula.procurement", role=Role.PROCUREMENT.value)
    log_in(page, live_server, "paula.procurement", PASSWORD)
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".opblock-tag", has_text="roadmap-items").first.wait_for()
    # Tags start folded (SWAGGER_UI_SETTINGS); opening one draws its operations.
    page.locator(".opblock-tag", has_text="answers").first.click()
    page.locator(".opblock", has_text="/api/answers/{id}/review/").first.wait_for()
    assert page.locator(".opblock").count() > 0 or page.locator(".opblock-tag").count() >= 10
    assert page.problems == []
