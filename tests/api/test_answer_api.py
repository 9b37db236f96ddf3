"""Answers through the API: entry and review with the UI's rules, versions that catch every writer."""

from decimal import Decimal

import pytest

from evaluator.models import Answer, ResponseStatus, ReviewState
from evaluator.responses import lifecycle
from evaluator.responses.importing import import_answers
from tests.api.conftest import token_client
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import VendorFactory


@pytest.fixture
def filled(procurement):
    """A draft response with every question of the small questionnaire answered (by import)."""
    result = import_answers(
        csv_bytes(GOOD_ROWS), "a.csv", VendorFactory(), small_questionnaire(), procurement
    )
    assert result.ok
    return result.response


def answer_of(response, code) -> Answer:
    return Answer.objects.get(response=response, question__code=code)


def url(answer) -> str:
    return f"/api/answers/{answer.pk}/"


def test_an_answer_is_changed_with_the_value_written_as_in_the_answers_file(filled, procurement):
    answer = answer_of(filled, "Q-02")
    client = token_client(procurement)
    read = client.get(url(answer))
    assert read.json()["value"] == "Medium"
    changed = client.patch(
        url(answer),
        {"value": "high", "evidence_grade": "documented", "comment": " see p. 4 "},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert (body["value"], body["value_choices"], body["comment"]) == ("High", ["High"], "see p. 4")
    assert body["version"] == answer.version + 1
    assert changed["ETag"] == f'"{answer.version + 1}"'
    assert body["updated_by"] == procurement.username


def test_a_value_the_entry_rules_refuse_is_400_naming_the_field_and_changes_nothing(filled, procurement):
    answer = answer_of(filled, "Q-08")
    client = token_client(procurement)
    for bad in ("7", {"nested": 1}, ["4"]):
        refused = client.patch(url(answer), {"value": bad}, format="json")
        assert refused.status_code == 400, bad
        assert refused.json()["errors"][0]["field"] == "value"
    assert (
        "whole number from 0 to 5"
        in client.patch(url(answer), {"value": "7"}, format="json").json()["errors"][0]["message"]
    )
    fresh = answer_of(filled, "Q-08")
    assert (fresh.value_number, fresh.version) == (answer.value_number, answer.version)


def test_a_multiple_choice_answer_takes_a_list_of_labels_and_null_clears_it(filled, procurement):
    answer = answer_of(filled, "Q-03")
    client = token_client(procurement)
    assert client.patch(url(answer), {"value": ["c", "B"]}, format="json").json()["value"] == "B; C"
    cleared = client.patch(url(answer), {"value": None}, format="json").json()
    assert (cleared["value"], cleared["is_answered"]) == (None, False)


def test_clearing_a_required_answer_lowers_the_response_progress(filled, procurement):
    before = filled.required_answered
    token_client(procurement).patch(url(answer_of(filled, "Q-04")), {"value": ""}, format="json")
    filled.refresh_from_db()
    assert filled.required_answered == before - 1


def test_an_unanswered_question_is_answered_with_post_once(procurement):
    response = lifecycle.start_response(VendorFactory(), small_questionnaire(), procurement)
    question = response.questionnaire.questions.get(code="Q-06")
    client = token_client(procurement)
    body = {"response": response.pk, "question": question.pk, "value": "2027-03-31"}
    created = client.post("/api/answers/", body, format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["value"], created.json()["version"], created["ETag"]) == ("2027-03-31", 1, '"1"')
    again = client.post("/api/answers/", body, format="json")
    assert again.status_code == 400
    assert again.json()["errors"][0]["field"] == "question"
    response.refresh_from_db()
    assert response.required_answered == 1


def test_a_question_of_another_questionnaire_or_an_empty_answer_is_refused(procurement):
    response = lifecycle.start_response(VendorFactory(), small_questionnaire(), procurement)
    stranger = small_questionnaire(family="other").questions.get(code="Q-01")
    client = token_client(procurement)
    foreign = client.post("/api/answers/", {"response": response.pk, "question": stranger.pk}, format="json")
    assert foreign.status_code == 400
    assert foreign.json()["errors"][0]["field"] == "question"
    question = response.questionnaire.questions.get(code="Q-01")
    empty = client.post("/api/answers/", {"response": response.pk, "question": question.pk}, format="json")
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["field"] == "value"
    assert not Answer.objects.exists()


def test_answers_of_a_submitted_response_cannot_change_409(filled, procurement):
    lifecycle.submit(filled, procurement)
    answer = answer_of(filled, "Q-07")
    refused = token_client(procurement).patch(url(answer), {"value": "new"}, format="json")
    assert refused.status_code == 409
    assert "submitted" in refused.json()["detail"]
    assert answer_of(filled, "Q-07").value_text == answer.value_text


def test_executives_read_answers_but_never_write_them(filled, executive):
    client = token_client(executive)
    answer = answer_of(filled, "Q-07")
    assert client.get(url(answer)).status_code == 200
    assert client.patch(url(answer), {"value": "x"}, format="json").status_code == 403
    assert (
        client.post(f"{url(answer)}review/", {"review_state": "accepted"}, format="json").status_code == 403
    )
    assert client.delete(url(answer)).status_code == 403


def test_a_reviewer_sends_an_answer_back_with_a_note_then_requests_changes(filled, procurement, risk_leader):
    answer = answer_of(filled, "Q-04")
    client = token_client(risk_leader)
    review = f"{url(answer)}review/"
    assert client.post(review, {"review_state": "accepted"}, format="json").status_code == 409  # draft
    lifecycle.submit(filled, procurement)
    no_note = client.post(review, {"review_state": "changes_requested"}, format="json")
    assert no_note.status_code == 409
    assert "reviewer note" in no_note.json()["detail"]
    sent_back = client.post(
        review, {"review_state": "changes_requested", "reviewer_note": "Which year?"}, format="json"
    )
    assert sent_back.status_code == 200
    assert sent_back.json()["review_state"] == ReviewState.CHANGES_REQUESTED
    assert sent_back.json()["version"] == answer.version + 1
    stale = client.post(review, {"review_state": "accepted", "version": answer.version}, format="json")
    assert stale.status_code == 412
    assert stale.json()["current_version"] == answer.version + 1


def test_answers_are_never_deleted_through_the_api(filled, procurement):
    answer = answer_of(filled, "Q-07")
    assert token_client(procurement).delete(url(answer)).status_code == 405
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_two_clients_editing_the_same_answer_the_second_gets_412_and_changes_nothing(
    filled, procurement, risk_leader
):
    answer = answer_of(filled, "Q-07")
    paula, rick = token_client(procurement), token_client(risk_leader)
    paula_read, rick_read = paula.get(url(answer)), rick.get(url(answer))
    assert paula_read["ETag"] == rick_read["ETag"] == f'"{answer.version}"'
    first = paula.patch(url(answer), {"value": "Paula's"}, format="json", HTTP_IF_MATCH=paula_read["ETag"])
    assert first.status_code == 200
    second = rick.patch(
        url(answer), {"value": "Rick's", "version": rick_read.json()["version"]}, format="json"
    )
    assert second.status_code == 412
    assert second.json()["current_version"] == answer.version + 1
    fresh = answer_of(filled, "Q-07")
    assert (fresh.value_text, fresh.version) == ("Paula's", answer.version + 1)


def test_every_other_writer_moves_the_version_so_a_stale_client_is_caught(filled, procurement, risk_leader):
    """The UI form, a re-import (bulk update), a review and acceptance (a queryset update) all count."""
    client = token_client(procurement)
    answer = answer_of(filled, "Q-04")
    etags = [client.get(url(answer))["ETag"]]
    lifecycle.save_answers(filled, procurement, {answer.question: lifecycle.AnswerChange(value=Decimal(7))})
    etags.append(client.get(url(answer))["ETag"])
    assert import_answers(
        csv_bytes([("Q-04", "8")]), "a.csv", filled.vendor, filled.questionnaire, procurement
    ).ok
    etags.append(client.get(url(answer))["ETag"])
    lifecycle.submit(filled, procurement)
    lifecycle.accept(filled, risk_leader)
    etags.append(client.get(url(answer))["ETag"])
    assert len(set(etags)) == 4, etags
    filled.refresh_from_db()
    assert filled.status == ResponseStatus.ACCEPTED
    # Each stale tag is refused (the response is accepted now, but the version is checked first).
    for etag in etags[:-1]:
        assert (
            client.patch(url(answer), {"comment": "late"}, format="json", HTTP_IF_MATCH=etag).status_code
            == 412
        )


def test_evidence_is_attached_checked_on_its_content_and_downloaded(
    filled, procurement, executive, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    answer = answer_of(filled, "Q-04")
    client = token_client(procurement)
    address = f"{url(answer)}attachment/"
    assert client.get(address).status_code == 404  # none yet
    fake = SimpleUploadedFile("proof.pdf", b"MZ not a pdf at all")
    refused = client.post(address, {"file": fake}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "file"
    proof = SimpleUploadedFile("proof.pdf", b"%PDF-1.7 evidence")
    attached = client.post(address, {"file": proof}, format="multipart", HTTP_IF_MATCH=f'"{answer.version}"')
    assert attached.status_code == 200, attached.json()
    assert (attached.json()["has_attachment"], attached.json()["version"]) == (True, answer.version + 1)
    reader = token_client(executive)
    served = reader.get(address)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"%PDF-1.7 evidence"
    assert served["Content-Disposition"].startswith("attachment;")
    assert reader.post(address, {"file": proof}, format="multipart").status_code == 403
