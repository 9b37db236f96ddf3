"""The questionnaire pages as procurement, risk leaders and executives use them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from evaluator.models import Answer, Question, Questionnaire, Response, ResponseStatus
from evaluator.responses.importing import import_answers
from evaluator.responses.lifecycle import start_response
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, builtin, csv_bytes, small_questionnaire
from tests.factories import VendorFactory


@pytest.fixture
def draft(db, procurement):
    vendor = VendorFactory(name="Acme Guard", slug="acme-guard")
    return start_response(vendor, small_questionnaire(), procurement)


def section_url(response, title):
    section = response.questionnaire.sections.get(title=title)
    return f"/questionnaires/responses/{response.pk}/sections/{section.pk}/", section


def test_procurement_saves_a_section_as_draft_with_typed_widgets(draft, procurement):
    client = client_for(procurement)
    url, section = section_url(draft, "Basics")
    page = client.get(url)
    assert page.status_code == 200
    assert b'type="radio"' in page.content and b'type="checkbox"' in page.content
    q = {question.code: question.pk for question in section.questions.all()}
    saved = client.post(
        url, {f"q{q['Q-01']}": "yes", f"q{q['Q-02']}": "High", f"q{q['Q-04']}": "12.5"}, follow=True
    )
    assert b"Saved as draft" in saved.content
    assert Answer.objects.filter(response=draft, is_answered=True).count() == 3
    draft.refresh_from_db()
    assert (draft.required_answered, draft.required_total) == (3, 6)
    assert b"Still missing (3)" in saved.content


def test_a_bad_value_gets_a_plain_error_and_nothing_is_saved(draft, procurement):
    client = client_for(procurement)
    url, section = section_url(draft, "Basics")
    q = {question.code: question.pk for question in section.questions.all()}
    page = client.post(url, {f"q{q['Q-01']}": "yes", f"q{q['Q-04']}": "twelve"})
    assert page.status_code == 200
    assert "Enter a number, e.g. 1250.5." in page.content.decode()
    assert not Answer.objects.exists()


def test_an_attachment_with_the_wrong_content_is_refused(draft, procurement, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url, section = section_url(draft, "Basics")
    question = section.questions.get(code="Q-04")
    fake = SimpleUploadedFile("proof.pdf", b"<html>not a pdf</html>")
    page = client_for(procurement).post(url, {f"q{question.pk}": "1", f"f{question.pk}": fake})
    assert "content is not a PDF" in page.content.decode()
    assert not Answer.objects.exists()


def test_attachments_download_as_attachments_to_readers_only(
    draft, procurement, executive, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url, section = section_url(draft, "Basics")
    question = section.questions.get(code="Q-04")
    pdf = SimpleUploadedFile("proof.pdf", b"%PDF-1.4 <script>alert(1)</script>")
    client_for(procurement).post(url, {f"q{question.pk}": "1", f"f{question.pk}": pdf})
    answer = Answer.objects.get()
    served = client_for(executive).get(f"/questionnaires/attachments/{answer.pk}/")
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Type"] == "application/octet-stream"
    assert b"".join(served.streaming_content).startswith(b"%PDF")
    assert client_for(None).get(f"/questionnaires/attachments/{answer.pk}/").status_code == 302


def test_the_ui_import_shows_the_report_and_offers_it_as_csv(draft, procurement):
    client = client_for(procurement)
    bad = SimpleUploadedFile("answers.csv", csv_bytes([*GOOD_ROWS, ("Q-77", "1")]))
    page = client.post(f"/questionnaires/responses/{draft.pk}/import/", {"file": bad})
    text = page.content.decode()
    assert "nothing was saved" in text and "No question with this id" in text and ">10<" in text
    report = client.get(f"/questionnaires/responses/{draft.pk}/import/report.csv")
    assert report["Content-Disposition"].startswith("attachment;")
    assert report.content.decode().splitlines()[1].startswith("10,Q-77,Question id,Q-77,")
    assert not Answer.objects.exists()
    good = SimpleUploadedFile("answers.csv", csv_bytes(GOOD_ROWS))
    done = client.post(f"/questionnaires/responses/{draft.pk}/import/", {"file": good}, follow=True)
    assert "8 answer(s) added" in done.content.decode()


def test_the_review_lifecycle_through_the_pages(draft, procurement, risk_leader):
    import_answers(csv_bytes(GOOD_ROWS), "a.csv", draft.vendor, draft.questionnaire, procurement)
    base = f"/questionnaires/responses/{draft.pk}"
    client_for(procurement).post(f"{base}/step/submit/")
    draft.refresh_from_db()
    assert draft.status == ResponseStatus.SUBMITTED
    reviewer = client_for(risk_leader)
    answer = Answer.objects.get(question__code="Q-04")
    page = reviewer.post(
        f"{base}/answers/{answer.pk}/review/",
        {"state": "changes_requested", "note": "Which year?"},
        follow=True,
    )
    assert "Which year?" in page.content.decode()
    reviewer.post(f"{base}/step/request_changes/")
    draft.refresh_from_db()
    assert draft.status == ResponseStatus.CHANGES_REQUESTED
    url, section = section_url(draft, "Basics")
    page = client_for(procurement).get(url)
    assert "Reviewer asks: Which year?" in page.content.decode()
    client_for(procurement).post(
        url,
        {
            f"q{answer.question_id}": "13",
            f"q{section.questions.get(code='Q-01').pk}": "yes",
            f"q{section.questions.get(code='Q-02').pk}": "Medium",
            f"q{section.questions.get(code='Q-03').pk}": ["A", "C"],
        },
    )
    client_for(procurement).post(f"{base}/step/submit/")
    reviewer.post(f"{base}/step/accept/")
    reviewer.post(f"{base}/step/lock/")
    draft.refresh_from_db()
    assert draft.status == ResponseStatus.LOCKED and draft.locked_by == risk_leader
    assert client_for(procurement).get(url).status_code == 302  # locked: back to the read-only page


def test_the_response_page_shows_progress_score_and_missing(draft, executive):
    import_answers(csv_bytes(GOOD_ROWS[:3]), "a.csv", draft.vendor, draft.questionnaire, None)
    page = client_for(executive).get(f"/questionnaires/responses/{draft.pk}/").content.decode()
    assert "2/6 required" in page
    assert "Still missing (4)" in page
    assert "Questionnaire score" in page
    assert "Submit for review" not in page  # executives read only


def test_the_workbook_download_has_the_questions(draft, executive):
    served = client_for(executive).get(f"/questionnaires/responses/{draft.pk}/export/xlsx/")
    assert served["Content-Disposition"] == 'attachment; filename="acme-guard-test-q-v1.xlsx"'
    sheet = load_workbook(io.BytesIO(served.content))["Answers"]
    assert sheet.max_row == 9


def test_the_response_list_filters_by_vendor_and_runs_the_same_queries_for_1_or_5_rows(db, executive):
    questionnaire = small_questionnaire()
    client = client_for(executive)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/questionnaires/responses/").status_code == 200
        return len(queries)

    start_response(VendorFactory(), questionnaire, None)
    one = count()
    for _ in range(4):
        start_response(VendorFactory(), questionnaire, None)
    # session, user, groups/permissions, count, responses+vendor+questionnaire+users, vendors, questionnaires
    assert count() == one
    vendor = Response.objects.first().vendor
    page = client.get(f"/questionnaires/responses/?vendor={vendor.slug}").content.decode()
    assert page.count("/questionnaires/responses/") >= 1 and vendor.name in page


def test_the_response_page_runs_the_same_queries_however_many_answers(db, executive):
    questionnaire = builtin()
    client = client_for(executive)
    few = start_response(VendorFactory(), questionnaire, None)
    many = start_response(VendorFactory(), questionnaire, None)
    rows = [(q.code, "2") for q in Question.objects.filter(questionnaire=questionnaire, kind="scale")]
    import_answers(csv_bytes(rows), "a.csv", many.vendor, questionnaire, None)

    def count(response):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/questionnaires/responses/{response.pk}/").status_code == 200
        return len(queries)

    # session, user, permissions, response (+ joins), questions, choices, answers, plus template perms
    assert count(few) == count(many)


def test_questions_are_built_in_the_app_and_frozen_versions_refuse_edits(db, risk_leader):
    client = client_for(risk_leader)
    created = client.post(
        "/questionnaires/new/",
        {
            "title": "Cloud due diligence",
            "family": "cloud-dd",
            "description": "",
            "unanswered_rule": "leave_out",
        },
    )
    questionnaire = Questionnaire.objects.get(family="cloud-dd")
    assert created.status_code == 302
    client.post(f"/questionnaires/{questionnaire.pk}/sections/add/", {"title": "Hosting", "position": 1})
    section = questionnaire.sections.get()
    added = client.post(
        f"/questionnaires/{questionnaire.pk}/questions/add/",
        {
            "section": section.pk,
            "code": "H-01",
            "position": 1,
            "text": "Where is data hosted?",
            "kind": "single_choice",
            "required": "on",
            "weight": "1",
            "choices_text": "EU = 5\nUS = 2\nElsewhere = 0",
        },
    )
    assert added.status_code == 302
    question = Question.objects.get(code="H-01")
    assert [(c.label, int(c.score)) for c in question.choices.all()] == [
        ("EU", 5),
        ("US", 2),
        ("Elsewhere", 0),
    ]
    bad = client.post(
        f"/questionnaires/{questionnaire.pk}/questions/add/",
        {
            "section": section.pk,
            "code": "h-01",
            "position": 2,
            "text": "x",
            "kind": "single_choice",
            "weight": "1",
            "choices_text": "Only = 9",
        },
    )
    text = bad.content.decode()
    assert "already has this id" in text and "from 0 to 5" in text
    start_response(VendorFactory(), questionnaire, risk_leader)
    refused = client.get(f"/questionnaires/questions/{question.pk}/edit/", follow=True)
    assert "frozen" in refused.content.decode()
    client.post(f"/questionnaires/{questionnaire.pk}/new-version/")
    assert Questionnaire.objects.filter(family="cloud-dd", version_number=2, issued_at__isnull=True).exists()


def test_the_blank_workbook_is_offered_for_every_version(db, executive):
    served = client_for(executive).get(f"/questionnaires/{builtin().pk}/blank/csv/")
    assert served["Content-Disposition"].startswith("attachment;")
    assert served.content.decode("utf-8-sig").startswith("Question id,Section")


def test_the_builtin_round_trips_through_a_spreadsheet_edit_in_the_ui(db, procurement):
    vendor = VendorFactory(slug="round-trip")
    response = start_response(vendor, builtin(), procurement)
    client = client_for(procurement)
    workbook = load_workbook(
        io.BytesIO(client.get(f"/questionnaires/responses/{response.pk}/export/xlsx/").content)
    )
    sheet = workbook["Answers"]
    edits = {
        "RM-02": "Yes",
        "TF-01": "Within 6 months",
        "DP-01": 4,
        "RD-01": 12_500_000,
        "INV-02": "Debt; Grant",
    }
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in edits:
            row[5].value = edits[row[0].value]
    edited = io.BytesIO()
    workbook.save(edited)
    upload = SimpleUploadedFile("edited.xlsx", edited.getvalue())
    page = client.post(f"/questionnaires/responses/{response.pk}/import/", {"file": upload})
    assert (
        page.status_code == 200 and "not one of the allowed values" in page.content.decode()
    )  # Grant is no choice
    assert not Answer.objects.exists()
    sheet_row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "INV-02")
    sheet_row[5].value = "Debt; Venture capital"
    edited = io.BytesIO()
    workbook.save(edited)
    done = client.post(
        f"/questionnaires/responses/{response.pk}/import/",
        {"file": SimpleUploadedFile("e.xlsx", edited.getvalue())},
    )
    assert done.status_code == 302
    saved = {a.question.code: a for a in Answer.objects.select_related("question")}
    assert saved["TF-01"].value_choices == ["Within 6 months"]
    assert saved["DP-01"].value_number == 4 and saved["RD-01"].value_number == 12_500_000
    assert saved["INV-02"].value_choices == ["Venture capital", "Debt"]
