"""Procurement uploads a filled answers file in the browser: progress shows, the outcome replaces the page."""

import pytest

from config.roles import Role
from evaluator.models import Answer
from evaluator.responses.lifecycle import start_response
from tests.browser.conftest import log_in, requires_chromium
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import PASSWORD, UserFactory, VendorFactory

pytestmark = [pytest.mark.browser, requires_chromium]


def test_an_upload_shows_its_progress_then_the_saved_response(page, live_server, transactional_db, tmp_path):
    UserFactory(username="paula", role=Role.PROCUREMENT.value)
    response = start_response(
        VendorFactory(name="Upload Vendor", slug="upload-vendor"), small_questionnaire(), None
    )
    filled = tmp_path / "answers.csv"
    filled.write_bytes(csv_bytes(GOOD_ROWS))

    log_in(page, live_server, "paula", PASSWORD)
    page.goto(f"{live_server.url}/questionnaires/responses/{response.pk}/import/")
    posts = []
    page.on(
        "request", lambda request: posts.append(request.resource_type) if request.method == "POST" else None
    )
    page.set_input_files("input[type=file]", str(filled))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url(f"{live_server.url}{response.get_absolute_url()}")
    page.wait_for_load_state("domcontentloaded")

    assert "Upload Vendor" in page.content()
    assert posts == ["xhr"]  # sent by upload-progress.js, which reports the bytes sent
    assert Answer.objects.filter(response=response, is_answered=True).count() == 8
    assert page.problems == []


def test_a_bad_upload_shows_the_row_report_in_place(page, live_server, transactional_db, tmp_path):
    UserFactory(username="paula", role=Role.PROCUREMENT.value)
    response = start_response(
        VendorFactory(name="Upload Vendor", slug="upload-vendor"), small_questionnaire(), None
    )
    bad = tmp_path / "answers.csv"
    bad.write_bytes(csv_bytes([("NO-SUCH-QUESTION", "yes")]))

    log_in(page, live_server, "paula", PASSWORD)
    import_url = f"{live_server.url}/questionnaires/responses/{response.pk}/import/"
    page.goto(import_url)
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Check and import").click()
    page.get_by_role("alert").filter(has_text="NO-SUCH-QUESTION").wait_for()

    assert page.url == import_url
    assert not Answer.objects.filter(response=response).exists()
    assert page.problems == []
