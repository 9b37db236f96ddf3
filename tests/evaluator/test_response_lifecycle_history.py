"""Issue 12, finding 5: every status change of a response is in its history, with who and why.

Submit, request changes, accept and lock move the status with a conditional UPDATE (so two
reviewers cannot both act); each still writes a history row, and accepting writes one for every
answer it accepted. Who accepted a response stays known after it is locked.
"""

import pytest

from evaluator.models import ResponseStatus, ReviewState
from evaluator.responses import lifecycle
from evaluator.responses.importing import import_answers
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import VendorFactory


@pytest.fixture
def filled(procurement):
    result = import_answers(
        csv_bytes(GOOD_ROWS), "a.csv", VendorFactory(), small_questionnaire(), procurement
    )
    assert result.ok
    return result.response


def status_rows(response):
    """(status, who, reason) of each history row that changed the status, oldest first."""
    rows = list(response.history.order_by("history_date", "history_id"))
    changes, previous = [], None
    for row in rows:
        if row.status != previous:
            changes.append((row.status, row.history_user, row.history_change_reason))
        previous = row.status
    return changes


def test_every_status_change_has_a_history_row_with_who_and_why(filled, procurement, risk_leader):
    lifecycle.submit(filled, procurement)
    answer = filled.answers.first()
    lifecycle.review_answer(answer, risk_leader, ReviewState.CHANGES_REQUESTED, "Give the year")
    lifecycle.request_changes(filled, risk_leader)
    lifecycle.submit(filled, procurement)
    lifecycle.review_answer(answer, risk_leader, ReviewState.ACCEPTED)
    lifecycle.accept(filled, risk_leader, feed_capabilities=False)
    lifecycle.lock(filled, risk_leader)
    changes = status_rows(filled)
    assert [status for status, _, _ in changes] == [
        ResponseStatus.DRAFT,
        ResponseStatus.SUBMITTED,
        ResponseStatus.CHANGES_REQUESTED,
        ResponseStatus.SUBMITTED,
        ResponseStatus.ACCEPTED,
        ResponseStatus.LOCKED,
    ]
    who = [user for _, user, _ in changes[1:]]
    assert who == [procurement, risk_leader, procurement, risk_leader, risk_leader]
    reasons = [reason for _, _, reason in changes[1:]]
    assert reasons[0].startswith("Submitted for review")
    assert reasons[1] == "Changes requested on 1 answer(s)"
    assert reasons[3].startswith("Accepted")
    assert reasons[4].startswith("Locked")


def test_accepting_records_each_accepted_answer_with_the_reviewer(filled, procurement, risk_leader):
    lifecycle.submit(filled, procurement)
    lifecycle.accept(filled, risk_leader, feed_capabilities=False)
    for answer in filled.answers.all():
        latest = answer.history.order_by("-history_date", "-history_id").first()
        assert latest.review_state == ReviewState.ACCEPTED
        assert latest.history_user == risk_leader
        assert latest.history_change_reason == "Accepted with the response"


def test_the_history_page_still_names_who_accepted_after_locking(filled, procurement, risk_leader):
    lifecycle.submit(filled, procurement)
    lifecycle.accept(filled, risk_leader, feed_capabilities=False)
    lifecycle.lock(filled, risk_leader)
    page = client_for(risk_leader).get(f"/questionnaires/responses/{filled.pk}/history/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Accepted (" in text and "Locked: nothing in it can change any more" in text
