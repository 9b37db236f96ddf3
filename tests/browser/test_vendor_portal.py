"""A vendor contact answers through the portal link, in a browser that never signed in; the
reviewer sends it back from the response page, the contact fixes it, the reviewer accepts; once
revoked, the same link shows the "not valid" page."""

import io

import pytest
from django.core import mail
from openpyxl import load_workbook

from config.roles import Role
from evaluator.models import Answer, Invitation, InvitationState, Question, ResponseStatus
from evaluator.responses.lifecycle import start_response
from tests.browser.conftest import log_in, requires_chromium, save_screenshot
from tests.evaluator.portal_fixtures import fresh_rate_counts_fixture  # noqa: F401
from tests.evaluator.questionnaire_helpers import small_questionnaire
from tests.factories import PASSWORD, UserFactory, VendorFactory

pytestmark = [pytest.mark.browser, requires_chromium]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def fresh_page(browser, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


def test_a_vendor_contact_answers_is_sent_back_fixes_and_is_accepted(
    browser, page, live_server, transactional_db, tmp_path, settings
):
    settings.SITE_URL = live_server.url  # the e-mailed link must point at this server
    paula = UserFactory(username="paula", role=Role.PROCUREMENT.value)
    response = start_response(
        VendorFactory(name="Portal Vendor", slug="portal-vendor"), small_questionnaire(), paula
    )
    # Procurement invites the contact from the response page; the link is shown once.
    staff = page
    log_in(staff, live_server, "paula", PASSWORD)
    staff.goto(f"{live_server.url}{response.get_absolute_url()}")
    staff.get_by_label("Vendor contact's e-mail").fill("anna@vendor.example")
    staff.get_by_label("Message (optional)").fill("Hello Anna, the basics first please.")
    staff.get_by_role("button", name="Send the invitation").click()
    link = staff.locator("#invitation-link").input_value()
    assert link.startswith(f"{live_server.url}/respond/")
    invitation = Invitation.objects.get(response=response)
    assert [m.to for m in mail.outbox] == [["anna@vendor.example"]] and link in mail.outbox[0].body
    questions = {q.code: q for q in Question.objects.filter(questionnaire=response.questionnaire)}

    vendor = fresh_page(browser)
    vendor.goto(link)
    assert "Hello Anna, the basics first please." in vendor.content()
    assert vendor.get_by_role("button", name="Submit for review").is_disabled()
    save_screenshot(vendor, "portal-home", full_page=True)

    # One section by hand, with an evidence file.
    vendor.get_by_role("link", name="Basics").first.click()
    vendor.locator(f"#q-{questions['Q-01'].pk}").get_by_label("Yes").check()
    vendor.locator(f"#q-{questions['Q-02'].pk} select").select_option("Medium")
    vendor.locator(f"#q-{questions['Q-04'].pk} input[type=number]").fill("42")
    evidence = tmp_path / "policy.pdf"
    evidence.write_bytes(PDF)
    vendor.locator(f"#q-{questions['Q-01'].pk} input[type=file]").set_input_files(str(evidence))
    vendor.get_by_role("button", name="Save section").click()
    vendor.get_by_text("Section saved (3 answer(s) changed)").wait_for()
    save_screenshot(vendor, "portal-section", full_page=True)
    assert Answer.objects.get(response=response, question=questions["Q-01"]).attachment

    # The rest through the spreadsheet: downloaded, filled, uploaded.
    vendor.goto(link)
    with vendor.expect_download() as download:
        vendor.get_by_role("link", name="download your answers as an Excel file").click()
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    filled = {"Q-06": "2027-03-31", "Q-07": "We build it in-house.", "Q-08": "4"}
    for row in workbook["Answers"].iter_rows(min_row=2):
        if row[0].value in filled:
            row[5].value = filled[row[0].value]
    sheet = tmp_path / "answers.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet.write_bytes(buffer.getvalue())
    vendor.get_by_role("link", name="upload it").click()
    vendor.locator("input[type=file]").set_input_files(str(sheet))
    vendor.get_by_role("button", name="Upload").click()
    vendor.get_by_text("Spreadsheet uploaded").wait_for()

    vendor.get_by_role("button", name="Submit for review").click()
    vendor.get_by_text("Submitted: waiting for review.").wait_for()
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED

    # Procurement sends one answer back from the response page.
    staff.goto(f"{live_server.url}{response.get_absolute_url()}")
    q02 = Answer.objects.get(response=response, question=questions["Q-02"])
    staff.locator(f"#note-{q02.pk}").fill("Which tier includes this?")
    staff.locator(f"#note-{q02.pk}").locator("xpath=..").get_by_role("button", name="Request change").click()
    staff.get_by_role("button", name="Request changes on the marked answers").click()
    staff.get_by_text("Sent back with the requested changes.").wait_for()

    # The contact sees the note, fixes the answer, submits again.
    vendor.goto(link)
    assert "Which tier includes this?" in vendor.content()
    vendor.get_by_role("link", name="Basics").first.click()
    vendor.locator(f"#q-{questions['Q-02'].pk} select").select_option("High")
    vendor.get_by_role("button", name="Save section").click()
    vendor.get_by_text("Section saved (1 answer(s) changed)").wait_for()
    vendor.get_by_role("link", name="← Overview").click()
    vendor.get_by_role("button", name="Submit for review").click()
    vendor.get_by_text("Submitted: waiting for review.").wait_for()

    staff.goto(f"{live_server.url}{response.get_absolute_url()}")
    staff.get_by_role("button", name="Accept the response").click()
    staff.get_by_text("Accepted;").wait_for()
    vendor.goto(link)
    assert "Accepted." in vendor.content()
    assert "Which tier includes this?" not in vendor.content()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED

    phone = fresh_page(browser, width=390)
    phone.goto(link)  # the same link in another fresh browser: no code asked for this invitation
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    save_screenshot(phone, "portal-home-phone", full_page=True)

    # Procurement revokes the link from the response page.
    staff.goto(f"{live_server.url}{response.get_absolute_url()}")
    staff.get_by_role("link", name="Revoke").click()
    staff.get_by_role("button", name="Revoke the invitation").click()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    later = fresh_page(browser)
    answer = later.goto(link)
    assert answer.status == 410
    assert "This link is not valid any more or never was." in later.content()
    for used in (vendor, phone, later):
        assert [p for p in used.problems if "410" not in p] == []
        used.context.close()
    assert staff.problems == []
