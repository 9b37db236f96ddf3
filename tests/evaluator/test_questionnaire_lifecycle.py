"""Responses: issuing freezes the version, carry-forward, answers, review lifecycle, capability feed."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluator.models import Answer, Questionnaire, Response, ResponseStatus, ReviewState
from evaluator.questionnaires.versions import FrozenVersion, ensure_editable, new_version
from evaluator.responses import lifecycle as svc
from evaluator.responses.importing import import_answers
from evaluator.responses.values import parse_value
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, builtin, csv_bytes, small_questionnaire
from tests.factories import VendorFactory
from vendors.models import CapabilityAssessment


@pytest.fixture
def vendor(db):
    return VendorFactory(name="Acme Guard", slug="acme-guard")


@pytest.fixture
def filled(vendor, procurement):
    questionnaire = small_questionnaire()
    result = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, questionnaire, procurement)
    assert result.ok
    return result.response


def test_the_builtin_questionnaire_covers_the_briefing_questions_with_at_least_40_questions(db):
    questionnaire = builtin()
    assert questionnaire.questions.count() >= 40
    titles = list(questionnaire.sections.values_list("title", flat=True))
    for expected in ("Product roadmap", "Investment sources", "Delivery timeframe", "Unique selling points"):
        assert expected in titles
    assert questionnaire.questions.filter(capability__isnull=False).count() >= 10


def test_issuing_a_version_freezes_it_and_a_new_version_copies_it_editable(vendor, procurement):
    questionnaire = small_questionnaire()
    response = svc.start_response(vendor, questionnaire, procurement)
    questionnaire.refresh_from_db()
    assert questionnaire.is_frozen
    with pytest.raises(FrozenVersion):
        ensure_editable(questionnaire)
    copy = new_version(questionnaire, procurement)
    assert copy.version_number == 2 and not copy.is_frozen
    assert list(copy.questions.values_list("code", flat=True)) == list(
        questionnaire.questions.values_list("code", flat=True)
    )
    assert copy.questions.get(code="Q-02").choices.count() == 3
    assert response.questionnaire_id == questionnaire.pk


def test_a_vendor_has_one_response_per_questionnaire_version(vendor):
    questionnaire = small_questionnaire()
    svc.start_response(vendor, questionnaire, None)
    with pytest.raises(svc.TransitionError):
        svc.start_response(vendor, questionnaire, None)


def test_submitting_is_refused_while_required_answers_are_missing(vendor, procurement):
    questionnaire = small_questionnaire()
    response = svc.start_response(vendor, questionnaire, procurement)
    assert (response.required_answered, response.required_total) == (0, 6)
    with pytest.raises(svc.TransitionError, match="6 item"):
        svc.submit(response, procurement)
    assert [q.code for q, _ in svc.missing_items(response)] == [
        "Q-01",
        "Q-02",
        "Q-04",
        "Q-06",
        "Q-07",
        "Q-08",
    ]


def test_the_full_lifecycle_records_who_and_when(filled, procurement, risk_leader):
    svc.submit(filled, procurement)
    assert filled.status == ResponseStatus.SUBMITTED and filled.submitted_by == procurement
    answer = filled.answers.get(question__code="Q-04")
    with pytest.raises(svc.TransitionError, match="note"):
        svc.review_answer(answer, risk_leader, ReviewState.CHANGES_REQUESTED, "")
    svc.review_answer(answer, risk_leader, ReviewState.CHANGES_REQUESTED, "Source?")
    with pytest.raises(svc.TransitionError):
        svc.accept(filled, risk_leader)
    svc.request_changes(filled, risk_leader)
    assert filled.status == ResponseStatus.CHANGES_REQUESTED and filled.reviewed_by == risk_leader
    question = answer.question
    svc.save_answers(
        filled, procurement, {question: svc.AnswerChange(value=parse_value("number", "44").value)}
    )
    answer.refresh_from_db()
    assert answer.review_state == ReviewState.PENDING and answer.value_number == 44
    svc.submit(filled, procurement)
    svc.accept(filled, risk_leader)
    assert filled.status == ResponseStatus.ACCEPTED
    assert not filled.answers.exclude(review_state=ReviewState.ACCEPTED).exists()
    svc.lock(filled, risk_leader)
    assert filled.status == ResponseStatus.LOCKED and filled.locked_by == risk_leader and filled.locked_at
    with pytest.raises(svc.TransitionError, match="locked"):
        svc.save_answers(filled, procurement, {question: svc.AnswerChange(value=Decimal(1))})


def test_a_transition_from_a_stale_status_is_refused(filled, procurement):
    stale = Response.objects.get(pk=filled.pk)
    svc.submit(filled, procurement)
    with pytest.raises(svc.TransitionError):
        svc._transition(stale, procurement, (ResponseStatus.DRAFT,), ResponseStatus.SUBMITTED, "Submitted")


def test_accepting_feeds_linked_capability_answers_into_the_assessment(vendor, procurement, risk_leader):
    questionnaire = builtin()
    response = svc.start_response(vendor, questionnaire, procurement)
    siem = questionnaire.questions.get(code="DP-01")
    svc.save_answers(
        response, procurement, {siem: svc.AnswerChange(value=Decimal(4), evidence_grade="demonstrated")}
    )
    Response.objects.filter(pk=response.pk).update(status=ResponseStatus.SUBMITTED)
    response.refresh_from_db()
    svc.accept(response, risk_leader)
    assessment = CapabilityAssessment.objects.get(vendor=vendor, capability__slug="siem")
    assert (assessment.maturity, assessment.evidence_grade) == (4, "demonstrated")


def test_a_new_response_can_carry_forward_the_last_accepted_answers_for_review(
    filled, procurement, risk_leader
):
    svc.submit(filled, procurement)
    svc.accept(filled, risk_leader)
    next_version = new_version(filled.questionnaire, procurement)
    response = svc.start_response(filled.vendor, next_version, procurement, carry_forward=True)
    carried = Answer.objects.filter(response=response)
    assert carried.count() == 8
    assert all(a.carried_forward and a.review_state == ReviewState.PENDING for a in carried)
    assert response.carried_from == filled
    assert (response.required_answered, response.required_total) == (6, 6)


def test_evidence_required_questions_need_an_attachment_before_submission(
    vendor, procurement, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    questionnaire = small_questionnaire()
    questionnaire.questions.filter(code="Q-04").update(evidence_required=True)
    result = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, questionnaire, procurement)
    response = result.response
    assert svc.missing_items(response) == [
        (questionnaire.questions.get(code="Q-04"), "evidence (an attachment) is required")
    ]
    # Progress counts what submission needs: not "6/6" while the file is missing.
    assert (response.required_answered, response.required_total) == (5, 6)
    with pytest.raises(svc.TransitionError):
        svc.submit(response, procurement)
    pdf = SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    svc.save_answers(
        response, procurement, {questionnaire.questions.get(code="Q-04"): svc.AnswerChange(attachment=pdf)}
    )
    assert (response.required_answered, response.required_total) == (6, 6)
    svc.submit(response, procurement)
    assert response.status == ResponseStatus.SUBMITTED


def test_questionnaire_versions_are_unique_per_family(db):
    Questionnaire.objects.create(family="x", version_number=1, title="x")
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Questionnaire.objects.create(family="x", version_number=1, title="y")


def test_the_response_page_says_what_is_missing_before_submit_is_offered(
    vendor, procurement, settings, tmp_path
):
    from tests.conftest import client_for

    settings.MEDIA_ROOT = tmp_path
    questionnaire = small_questionnaire()
    questionnaire.questions.filter(code="Q-04").update(evidence_required=True)
    response = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, questionnaire, procurement).response
    page = client_for(procurement).get(response.get_absolute_url()).content.decode()
    # Every required question is answered, but one lacks its evidence: no live Submit button.
    assert '<button type="submit" disabled aria-describedby="missing-list">Submit for review</button>' in page
    assert "1 still missing before it can be submitted" in page
    assert "5/6 required" in page


def test_an_optional_answer_needing_evidence_counts_in_progress_until_its_file_is_there(vendor, procurement):
    questionnaire = small_questionnaire()
    questionnaire.questions.filter(code="Q-05").update(evidence_required=True)  # optional
    rows = [row for row in GOOD_ROWS if row[0] != "Q-05"]
    response = import_answers(csv_bytes(rows), "a.csv", vendor, questionnaire, procurement).response
    assert (response.required_answered, response.required_total) == (6, 6)  # Q-05 left blank
    q05 = questionnaire.questions.get(code="Q-05")
    svc.save_answers(response, procurement, {q05: svc.AnswerChange(value=Decimal(10))})
    # Answered, so its evidence is now needed: progress and submission agree.
    assert (response.required_answered, response.required_total) == (6, 7)
    assert svc.missing_items(response) == [(q05, "evidence (an attachment) is required")]
