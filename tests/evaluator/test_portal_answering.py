"""Answering in the portal: sections, evidence files, the spreadsheet, documents, submission,
review notes, what is never shown, and who the history names."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from config.roles import Role
from evaluator.models import Answer, InvitationState, PortalEvent, Question, ResponseStatus, ReviewState
from evaluator.responses import lifecycle
from tests.evaluator.portal_fixtures import (  # noqa: F401
    SECRET_POINTS,
    SECRET_WEIGHT,
    fresh_rate_counts_fixture,
    invited_fixture,
    portal_fixture,
    url,
)
from tests.factories import UserFactory
from vendors.models import VendorDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def questions(invitation):
    return {q.code: q for q in Question.objects.filter(questionnaire=invitation.response.questionnaire)}


def sections(invitation):
    return list(invitation.response.questionnaire.sections.order_by("position"))


FIRST = {"Q-01": "yes", "Q-02": "Medium", "Q-04": "42"}
SECOND = {"Q-06": "2027-03-31", "Q-07": "We run it ourselves.", "Q-08": "4"}


def save(client, token, invitation, section_index, values, files=None):
    qs = questions(invitation)
    data = {f"q{qs[code].pk}": value for code, value in values.items()}
    for code, upload in (files or {}).items():
        data[f"f{qs[code].pk}"] = upload
    section = sections(invitation)[section_index]
    return client.post(url(token, f"section/{section.pk}/"), data)


def answer_everything(client, token, invitation):
    assert save(client, token, invitation, 0, FIRST).status_code == 302
    assert save(client, token, invitation, 1, SECOND).status_code == 302


def test_saving_a_section_saves_its_answers_and_moves_the_invitation_on(portal):
    client, invitation, token = portal
    client.get(url(token))
    page = client.get(url(token, f"section/{sections(invitation)[0].pk}/"))
    assert page.status_code == 200 and "Save section" in page.content.decode()
    answer = save(client, token, invitation, 0, FIRST)
    assert answer.status_code == 302
    response = invitation.response
    response.refresh_from_db()
    assert response.required_answered == 3
    q02 = Answer.objects.get(response=response, question__code="Q-02")
    assert q02.value_choices == ["Medium"] and q02.updated_by is None
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.IN_PROGRESS
    event = PortalEvent.objects.filter(invitation=invitation, action="section saved").get()
    assert event.detail == "Section 1 (Basics): 3 answer(s)" and event.actor_email == invitation.email


def test_a_section_of_another_questionnaire_is_not_found(portal, db):
    from tests.evaluator.portal_fixtures import make_invitation

    client, invitation, token = portal
    other, _ = make_invitation(vendor_name="Other Vendor", email="x@other.example")
    foreign = other.response.questionnaire.sections.first()
    answer = client.get(url(token, f"section/{foreign.pk}/"))
    assert answer.status_code == 404 and "no such page in this questionnaire" in answer.content.decode()
    assert answer["Referrer-Policy"] == "no-referrer"


def test_a_conditional_question_is_saved_only_when_its_condition_holds(portal):
    client, invitation, token = portal
    qs = questions(invitation)
    q05 = qs["Q-05"]
    q05.shown_when = "Q-01 = yes"
    q05.save()
    save(client, token, invitation, 0, {"Q-01": "no", "Q-05": "1000"})
    assert not Answer.objects.filter(question=q05, is_answered=True).exists()
    save(client, token, invitation, 0, {"Q-01": "yes", "Q-05": "1000"})
    assert Answer.objects.get(question=q05).value_number == 1000


def test_an_evidence_file_is_uploaded_and_a_bad_one_refused(portal):
    client, invitation, token = portal
    bad = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = save(client, token, invitation, 0, {"Q-01": "yes"}, {"Q-01": bad})
    assert refused.status_code == 200
    assert "its content is not a PDF file" in refused.content.decode()
    assert not Answer.objects.filter(response=invitation.response).exists()  # nothing half-saved
    good = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    assert save(client, token, invitation, 0, {"Q-01": "yes"}, {"Q-01": good}).status_code == 302
    assert Answer.objects.get(response=invitation.response, question__code="Q-01").attachment
    assert PortalEvent.objects.filter(invitation=invitation, action="file uploaded").exists()


def _filled_workbook(client, token, answers: dict) -> bytes:
    download = client.get(url(token, "answers.xlsx"))
    assert download.status_code == 200
    workbook = load_workbook(
        io.BytesIO(b"".join(download.streaming_content) if download.streaming else download.content)
    )
    sheet = workbook["Answers"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in answers:
            row[5].value = answers[row[0].value]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_spreadsheet_goes_out_and_comes_back_all_or_nothing(portal):
    client, invitation, token = portal
    assert 'type="file"' in client.get(url(token, "upload/")).content.decode()
    bad = _filled_workbook(client, token, {**FIRST, "Q-04": "lots"})
    refused = client.post(url(token, "upload/"), {"file": SimpleUploadedFile("answers.xlsx", bad)})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "nothing was saved" in html and "lots" in html
    assert not Answer.objects.filter(response=invitation.response).exists()
    good = _filled_workbook(client, token, {**FIRST, **SECOND})
    accepted = client.post(url(token, "upload/"), {"file": SimpleUploadedFile("answers.xlsx", good)})
    assert accepted.status_code == 302
    response = invitation.response
    response.refresh_from_db()
    assert response.required_answered == response.required_total == 6
    assert PortalEvent.objects.filter(invitation=invitation, action="excel uploaded").exists()
    reason = response.history.latest("history_date", "history_id").history_change_reason
    assert reason.startswith(f"Vendor contact {invitation.email} (portal): Import:")


def test_documents_are_added_to_the_vault_and_until_before_from_is_refused(portal):
    client, invitation, token = portal
    save(client, token, invitation, 0, FIRST)
    assert 'type="file"' in client.get(url(token, "documents/")).content.decode()
    q01 = Answer.objects.get(response=invitation.response, question__code="Q-01")
    form = {
        "kind": "iso27001",
        "title": "ISO 27001 certificate 2026",
        "issuer": "BSI",
        "scope": "All sites",
        "valid_from": "2026-01-01",
        "valid_until": "2025-12-31",
        "answers": [q01.pk],
    }
    refused = client.post(url(token, "documents/"), {**form, "file": SimpleUploadedFile("iso.pdf", PDF)})
    assert refused.status_code == 200
    assert "cannot be before" in refused.content.decode()
    assert not VendorDocument.objects.exists()
    form["valid_until"] = "2028-12-31"
    added = client.post(url(token, "documents/"), {**form, "file": SimpleUploadedFile("iso.pdf", PDF)})
    assert added.status_code == 302
    document = VendorDocument.objects.get()
    assert document.vendor == invitation.response.vendor
    assert document.uploaded_by_email == invitation.email and document.uploaded_by is None
    assert list(q01.documents.all()) == [document]
    assert "ISO 27001 certificate 2026" in client.get(url(token, "documents/")).content.decode()


def test_submit_is_disabled_while_items_are_missing_then_the_portal_is_read_only(portal):
    client, invitation, token = portal
    home = client.get(url(token)).content.decode()
    assert "disabled" in home and "missing" in home
    refused = client.post(url(token, "submit/"))
    invitation.response.refresh_from_db()
    assert refused.status_code == 302 and invitation.response.status == ResponseStatus.DRAFT
    answer_everything(client, token, invitation)
    assert client.post(url(token, "submit/")).status_code == 302
    response = invitation.response
    response.refresh_from_db()
    invitation.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_by is None
    assert invitation.state == InvitationState.SUBMITTED and invitation.submitted_at
    home = client.get(url(token)).content.decode()
    assert "waiting for review" in home and "Submit for review" not in home
    for rest in ("upload/", "documents/"):
        assert 'type="file"' not in client.get(url(token, rest)).content.decode(), rest
    section = client.get(url(token, f"section/{sections(invitation)[0].pk}/")).content.decode()
    assert "Save section" not in section and "Medium" in section
    # A save posted anyway changes nothing.
    save(client, token, invitation, 0, {"Q-02": "High"})
    assert Answer.objects.get(response=response, question__code="Q-02").value_choices == ["Medium"]


def test_the_history_names_the_vendor_contact(portal):
    client, invitation, token = portal
    answer_everything(client, token, invitation)
    client.post(url(token, "submit/"))
    staff = UserFactory(username="reader", role=Role.PROCUREMENT.value)
    client.force_login(staff)
    page = client.get(f"/questionnaires/responses/{invitation.response.pk}/history/").content.decode()
    assert f"Vendor contact {invitation.email} (portal): Submitted for review" in page
    assert f"Vendor contact {invitation.email} (portal): saved Section 1 (Basics): 3 answer(s)" in page
    # The "Who" column names the address, not "system".
    assert f'<td>{invitation.email} <span class="muted">(vendor portal)</span></td>' in page
    answer = Answer.objects.get(response=invitation.response, question__code="Q-01")
    row = answer.history.latest("history_date", "history_id")
    assert (
        row.history_user is None
        and row.history_change_reason == f"Vendor contact {invitation.email} (portal)"
    )


def test_reviewer_notes_show_only_when_changes_are_requested(portal):
    client, invitation, token = portal
    answer_everything(client, token, invitation)
    client.post(url(token, "submit/"))
    reviewer = UserFactory(username="reviewer", role=Role.PROCUREMENT.value)
    response = invitation.response
    response.refresh_from_db()
    q02 = Answer.objects.select_related("response", "question").get(response=response, question__code="Q-02")
    q04 = Answer.objects.select_related("response", "question").get(response=response, question__code="Q-04")
    lifecycle.review_answer(q02, reviewer, ReviewState.CHANGES_REQUESTED, "Say which tier has this.")
    lifecycle.review_answer(q04, reviewer, ReviewState.ACCEPTED, "Internal: looks fine, checked the deck.")
    first = sections(invitation)[0]
    while_submitted = (
        client.get(url(token)).content.decode()
        + client.get(url(token, f"section/{first.pk}/")).content.decode()
    )
    assert "Say which tier" not in while_submitted
    lifecycle.request_changes(response, reviewer)
    home = client.get(url(token)).content.decode()
    section = client.get(url(token, f"section/{first.pk}/")).content.decode()
    assert "Say which tier has this." in home and "Say which tier has this." in section
    assert "Internal: looks fine" not in home + section
    assert "Save section" in section  # editable again
    save(client, token, invitation, 0, {**FIRST, "Q-02": "High"})
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.IN_PROGRESS
    resubmitted = client.post(url(token, "submit/"), follow=True)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED, resubmitted.content.decode()
    lifecycle.accept(response, reviewer)
    accepted = client.get(url(token)).content.decode()
    assert "Accepted." in accepted and "Submit for review" not in accepted
    assert "Say which tier" not in accepted


def test_no_portal_page_shows_weights_points_or_scores(portal):
    client, invitation, token = portal
    answer_everything(client, token, invitation)
    pages = [url(token), url(token, "upload/"), url(token, "documents/")]
    pages += [url(token, f"section/{section.pk}/") for section in sections(invitation)]
    html = "".join(client.get(page).content.decode() for page in pages).lower()
    for secret in (SECRET_WEIGHT, *SECRET_POINTS):
        assert f"{secret}" not in html and f"{secret.normalize()}" not in html
    for word in ("weight", "score", "points", "evaluation", "inviter-"):
        assert word not in html, word
    assert "low" in html and "high" in html  # the choices themselves are there


def test_the_link_stops_working_when_revoked_mid_way(portal):
    from evaluator.portal.invitations import revoke

    client, invitation, token = portal
    save(client, token, invitation, 0, FIRST)
    revoke(invitation, None)
    assert save(client, token, invitation, 1, SECOND).status_code == 410
    assert not Answer.objects.filter(response=invitation.response, question__code="Q-06").exists()


def test_an_invitation_past_its_grace_days_is_expired(portal):
    client, invitation, token = portal
    invitation.deadline = timezone.localdate() - datetime.timedelta(days=invitation.grace_days + 1)
    invitation.save()
    assert client.get(url(token)).status_code == 410


def test_a_signed_in_staff_member_opening_the_link_acts_as_the_contact_not_as_themselves(portal):
    client, invitation, token = portal
    staff = UserFactory(username="nosy", role=Role.PROCUREMENT.value)
    client.force_login(staff)
    page = client.get(url(token)).content.decode()
    assert "Sign out" not in page and "nosy" not in page
    save(client, token, invitation, 0, FIRST)
    answer = Answer.objects.get(response=invitation.response, question__code="Q-01")
    assert answer.updated_by is None
    assert answer.history.latest("history_date", "history_id").history_user is None
    assert client.session["_auth_user_id"] == str(staff.pk)  # not signed out either


def test_the_overview_and_documents_pages_make_as_many_queries_however_much_is_answered(portal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, invitation, token = portal
    client.get(url(token))

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    empty = queries(url(token)), queries(url(token, "documents/"))
    answer_everything(client, token, invitation)
    for number in range(3):
        client.post(
            url(token, "documents/"),
            {
                "kind": "other",
                "title": f"Doc {number}",
                "valid_from": "2026-01-01",
                "file": SimpleUploadedFile(f"d{number}.pdf", PDF),
            },
        )
    assert VendorDocument.objects.count() == 3
    assert (queries(url(token)), queries(url(token, "documents/"))) == empty
