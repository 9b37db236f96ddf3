"""Responses through the API: issue, lifecycle steps, answers import and export, as on the pages."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from evaluator.models import Answer, Response, ResponseStatus, ReviewState
from evaluator.questionnaires.versions import new_version
from evaluator.responses import lifecycle
from evaluator.responses.importing import import_answers
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import (
    GOOD_ROWS,
    csv_bytes,
    small_questionnaire,
    xlsx_bytes,
)
from tests.factories import VendorFactory
from tests.test_upload_archive_checks import bomb_workbook
from vendors.models import Capability, CapabilityAssessment


@pytest.fixture
def draft(procurement):
    return lifecycle.start_response(VendorFactory(slug="acme-guard"), small_questionnaire(), procurement)


def step(client, response, name, **extra):
    return client.post(f"/api/responses/{response.pk}/{name}/", format="json", **extra)


def upload(client, response, data: bytes, name="answers.csv"):
    file = SimpleUploadedFile(name, data)
    return client.post(f"/api/responses/{response.pk}/import/", {"file": file}, format="multipart")


# Issuing


def test_issuing_a_questionnaire_creates_a_draft_and_freezes_the_version(procurement):
    vendor, questionnaire = VendorFactory(), small_questionnaire()
    client = token_client(procurement)
    created = client.post(
        "/api/responses/", {"vendor": vendor.pk, "questionnaire": questionnaire.pk}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["status"], created.json()["entered_by"]) == ("draft", procurement.username)
    assert created["ETag"] == '"1"'
    questionnaire.refresh_from_db()
    assert questionnaire.is_frozen
    again = client.post(
        "/api/responses/", {"vendor": vendor.pk, "questionnaire": questionnaire.pk}, format="json"
    )
    assert again.status_code == 400
    assert "already has a response" in again.json()["errors"][0]["message"]
    assert Response.objects.count() == 1


def test_a_response_for_an_evaluation_needs_a_candidate_of_an_evaluation_you_can_see(
    procurement, risk_leader
):
    candidate, outsider, questionnaire = VendorFactory(), VendorFactory(), small_questionnaire()
    mine = EvaluationFactory(owner=risk_leader, members=[procurement], candidates=[candidate])
    hidden = EvaluationFactory(owner=risk_leader, candidates=[candidate])
    client = token_client(procurement)

    def issue(vendor, evaluation):
        body = {"vendor": vendor.pk, "questionnaire": questionnaire.pk, "evaluation": evaluation.pk}
        return client.post("/api/responses/", body, format="json")

    for refused in (issue(outsider, mine), issue(candidate, hidden)):
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["field"] == "evaluation"
    assert issue(candidate, mine).status_code == 201
    assert Response.objects.get().evaluation == mine


def test_issuing_carries_forward_the_last_accepted_answers_for_review(procurement, risk_leader):
    vendor, questionnaire = VendorFactory(), small_questionnaire()
    accepted = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, questionnaire, procurement).response
    lifecycle.submit(accepted, procurement)
    lifecycle.accept(accepted, risk_leader)
    body = {"vendor": vendor.pk, "questionnaire": new_version(questionnaire, procurement).pk}
    created = token_client(procurement).post("/api/responses/", body, format="json").json()
    assert created["carried_from"] == accepted.pk
    assert Answer.objects.filter(response_id=created["id"], carried_forward=True).count() == 8


def test_executives_cannot_issue_or_move_a_response(draft, executive):
    client = token_client(executive)
    body = {"vendor": VendorFactory().pk, "questionnaire": draft.questionnaire_id}
    assert client.post("/api/responses/", body, format="json").status_code == 403
    for name in ("submit", "request-changes", "accept", "lock", "import"):
        assert step(client, draft, name).status_code == 403, name
    assert client.get(f"/api/responses/{draft.pk}/export/?format=csv").status_code == 200


# The lifecycle


def test_the_review_lifecycle_runs_with_the_pages_rules_and_side_effects(procurement, risk_leader):
    vendor, questionnaire = VendorFactory(), small_questionnaire()
    questionnaire.questions.filter(code="Q-08").update(capability=Capability.objects.get(slug="siem"))
    response = lifecycle.start_response(vendor, questionnaire, procurement)
    paula, rick = token_client(procurement), token_client(risk_leader)
    missing = step(paula, response, "submit")
    assert missing.status_code == 409
    assert "still missing" in missing.json()["detail"]
    assert upload(paula, response, csv_bytes(GOOD_ROWS)).status_code == 200
    scale = Answer.objects.get(response=response, question__code="Q-08")
    assert step(paula, response, "submit").json()["status"] == "submitted"
    assert step(rick, response, "request-changes").status_code == 409  # no answer marked yet
    rick.post(
        f"/api/answers/{scale.pk}/review/",
        {"review_state": "changes_requested", "reviewer_note": "Show the demo"},
        format="json",
    )
    sent_back = step(rick, response, "request-changes")
    assert (sent_back.json()["status"], sent_back.json()["reviewed_by"]) == ("changes_requested", "rick.risk")
    paula.patch(f"/api/answers/{scale.pk}/", {"value": "5", "evidence_grade": "demonstrated"}, format="json")
    step(paula, response, "submit")
    accepted = step(rick, response, "accept")
    assert accepted.json()["status"] == "accepted"
    assessment = CapabilityAssessment.objects.get(vendor=vendor, capability__slug="siem")
    assert (assessment.maturity, assessment.evidence_grade) == (5, "demonstrated")
    assert not response.answers.exclude(review_state=ReviewState.ACCEPTED).exists()
    locked = step(rick, response, "lock")
    assert (locked.json()["status"], locked.json()["locked_by"]) == ("locked", "rick.risk")
    assert step(paula, response, "submit").status_code == 409


def test_a_step_named_from_a_stale_version_gets_412_and_changes_nothing(procurement):
    vendor = VendorFactory()
    response = import_answers(
        csv_bytes(GOOD_ROWS), "a.csv", vendor, small_questionnaire(), procurement
    ).response
    client = token_client(procurement)
    etag = client.get(f"/api/responses/{response.pk}/")["ETag"]
    assert import_answers(
        csv_bytes([("Q-04", "43")]), "a.csv", vendor, response.questionnaire, procurement
    ).ok
    stale = step(client, response, "submit", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT
    fresh = client.get(f"/api/responses/{response.pk}/")["ETag"]
    assert step(client, response, "submit", HTTP_IF_MATCH=fresh).status_code == 200


def test_responses_are_never_edited_field_by_field_nor_deleted(draft, procurement):
    client = token_client(procurement)
    assert (
        client.patch(f"/api/responses/{draft.pk}/", {"status": "accepted"}, format="json").status_code == 405
    )
    assert client.delete(f"/api/responses/{draft.pk}/").status_code == 405
    draft.refresh_from_db()
    assert draft.status == ResponseStatus.DRAFT


# Import


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_good_answers_file_is_imported_whole_with_a_summary(draft, procurement, kind):
    data = csv_bytes(GOOD_ROWS) if kind == "csv" else xlsx_bytes(GOOD_ROWS)
    result = upload(token_client(procurement), draft, data, f"answers.{kind}")
    assert result.status_code == 200, result.json()
    body = result.json()
    assert (body["rows_read"], body["created"], body["updated"], body["unchanged"]) == (8, 8, 0, 0)
    assert body["response"]["required_answered"] == body["response"]["required_total"] == 6
    assert "8 answer(s) added" in body["summary"]
    again = upload(token_client(procurement), draft, data, f"answers.{kind}").json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 8)


def test_a_file_with_bad_rows_saves_nothing_and_reports_every_row(draft, procurement):
    rows = [*GOOD_ROWS[:3], ("Q-04", "forty"), ("Q-99", "1"), ("Q-08", "9")]
    refused = upload(token_client(procurement), draft, csv_bytes(rows))
    assert refused.status_code == 400
    body = refused.json()
    assert [(r["row"], r["question"], r["column"], r["value"]) for r in body["report"]] == [
        (5, "Q-04", "Answer", "forty"),
        (6, "Q-99", "Question id", "Q-99"),
        (7, "Q-08", "Answer", "9"),
    ]
    assert body["detail"] == "3 problem(s) found; nothing was saved."
    assert {e["field"] for e in body["errors"]} == {"file"}
    assert body["errors"][0]["message"].startswith("Row 5 (Q-04), column Answer ('forty'): Not a number")
    assert not Answer.objects.filter(response=draft).exists()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("answers.xlsx", b"Question id,Answer\nQ-01,Yes\n", "not really an Excel workbook"),
        ("answers.xlsx", bomb_workbook(), "archive bomb"),
        ("answers.csv", b"", "empty"),
    ],
)
def test_files_are_checked_on_their_content_as_on_the_upload_page(draft, procurement, name, data, reason):
    refused = upload(token_client(procurement), draft, data, name)
    assert refused.status_code == 400
    assert reason in refused.json()["errors"][0]["message"]
    assert not Answer.objects.filter(response=draft).exists()


def test_a_file_too_large_is_refused_before_reading_it(draft, procurement, monkeypatch):
    from evaluator.responses import reading
    from evaluator.responses import tasks as import_tasks  # the import runs as a job: it reads the upload

    monkeypatch.setattr(import_tasks, "MAX_BYTES", 100)
    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    monkeypatch.setattr(reading.read_sheet, "__defaults__", (reading.MAX_ROWS, 100))
    refused = upload(token_client(procurement), draft, csv_bytes(GOOD_ROWS))
    assert refused.status_code == 400
    assert "too large" in refused.json()["report"][0]["reason"]


def test_an_import_into_a_submitted_response_is_refused(procurement):
    response = import_answers(
        csv_bytes(GOOD_ROWS), "a.csv", VendorFactory(), small_questionnaire(), procurement
    ).response
    lifecycle.submit(response, procurement)
    refused = upload(token_client(procurement), response, csv_bytes([("Q-04", "1")]))
    assert refused.status_code == 400
    assert "under review" in refused.json()["report"][0]["reason"]
    assert Answer.objects.get(response=response, question__code="Q-04").value_number == Decimal("42.5")


def test_an_import_without_a_file_names_the_field(draft, procurement):
    refused = token_client(procurement).post(f"/api/responses/{draft.pk}/import/", {}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "file"


# Export


def test_the_export_is_the_same_file_as_the_page_download_formulas_neutralised(draft, procurement):
    question = draft.questionnaire.questions.get(code="Q-07")
    lifecycle.save_answers(draft, procurement, {question: lifecycle.AnswerChange(value="=HYPERLINK(1)")})
    api = token_client(procurement).get(f"/api/responses/{draft.pk}/export/?format=csv")
    page = client_for(procurement).get(f"/questionnaires/responses/{draft.pk}/export/csv/")
    assert api.status_code == page.status_code == 200
    assert api.content == page.content
    assert api["Content-Disposition"] == page["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(api.content.decode("utf-8-sig"))))
    assert [rows[7][0], rows[7][5]] == ["Q-07", "'=HYPERLINK(1)"]

    workbook = token_client(procurement).get(f"/api/responses/{draft.pk}/export/")
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(workbook.content))["Answers"]
    assert [sheet.cell(8, 1).value, sheet.cell(8, 6).value] == ["Q-07", "'=HYPERLINK(1)"]


def test_an_unknown_export_format_is_400_naming_it(draft, procurement):
    refused = token_client(procurement).get(f"/api/responses/{draft.pk}/export/?format=pdf")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "format"
