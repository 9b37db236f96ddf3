"""Requesting changes re-opens the portal for the contacts who submitted, and tells them what to change."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from evaluator.models import Invitation, InvitationState, ResponseStatus, ReviewState
from evaluator.portal import invitations
from evaluator.responses import lifecycle
from evaluator.responses.importing import import_answers
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import VendorFactory


@pytest.fixture
def submitted(procurement):
    vendor = VendorFactory(name="Acme Guard", slug="acme-guard")
    result = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, small_questionnaire(), procurement)
    assert result.ok
    response = result.response
    return response


def invite(response, user, email, state=InvitationState.SUBMITTED, **kwargs):
    invitation, _ = invitations.invite(response, email, timezone.localdate(), user, **kwargs)
    Invitation.objects.filter(pk=invitation.pk).update(state=state)
    return Invitation.objects.get(pk=invitation.pk)


def send_back(response, reviewer, notes: dict[str, str]):
    lifecycle.submit(response, reviewer)
    for code, note in notes.items():
        answer = response.answers.get(question__code=code)
        lifecycle.review_answer(answer, reviewer, ReviewState.CHANGES_REQUESTED, note)


def test_it_reopens_submitted_invitations_and_emails_the_notes_after_commit(
    submitted, procurement, risk_leader, django_capture_on_commit_callbacks
):
    invite(submitted, procurement, "done@acme.example")
    invite(submitted, procurement, "busy@acme.example", state=InvitationState.IN_PROGRESS)
    revoked = invite(submitted, procurement, "gone@acme.example")
    invitations.revoke(revoked, procurement)
    expired = invite(submitted, procurement, "old@acme.example")
    Invitation.objects.filter(pk=expired.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=9)
    )
    send_back(submitted, risk_leader, {"Q-07": "Name the SOC sites.", "Q-04": "Which year is this?"})

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lifecycle.request_changes(submitted, risk_leader)
        assert not mail.outbox  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    states = dict(Invitation.objects.values_list("email", "state"))
    assert states == {
        "done@acme.example": InvitationState.IN_PROGRESS,
        "busy@acme.example": InvitationState.IN_PROGRESS,
        "gone@acme.example": InvitationState.REVOKED,
        "old@acme.example": InvitationState.SUBMITTED,  # expired: its link no longer works
    }
    (email,) = mail.outbox
    assert email.to == ["done@acme.example"]
    assert "Changes requested" in email.subject
    body = email.body
    assert "- Q-04: Which year is this?" in body and "- Q-07: Name the SOC sites." in body
    assert body.index("Q-04") < body.index("Q-07")  # in questionnaire order
    assert "/respond/" not in body  # a notice, not the link


def test_a_refused_request_for_changes_reopens_nothing_and_sends_nothing(
    submitted, procurement, risk_leader, django_capture_on_commit_callbacks
):
    invite(submitted, procurement, "done@acme.example")
    lifecycle.submit(submitted, risk_leader)  # nothing marked for changes
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(lifecycle.TransitionError):
        lifecycle.request_changes(submitted, risk_leader)
    assert Invitation.objects.get().state == InvitationState.SUBMITTED
    assert not mail.outbox


def test_the_request_changes_button_reopens_the_portal(
    submitted, procurement, risk_leader, django_capture_on_commit_callbacks
):
    invite(submitted, procurement, "done@acme.example")
    send_back(submitted, risk_leader, {"Q-07": "Name the SOC sites."})
    client = client_for(risk_leader)
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(f"/questionnaires/responses/{submitted.pk}/step/request_changes/")
    assert answered.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ResponseStatus.CHANGES_REQUESTED
    assert Invitation.objects.get().state == InvitationState.IN_PROGRESS
    assert [m.to for m in mail.outbox] == [["done@acme.example"]]
    html = client.get(f"/questionnaires/responses/{submitted.pk}/").content.decode()
    assert "invitation-in_progress" in html


def test_accepting_keeps_the_invitations(submitted, procurement, risk_leader):
    invite(submitted, procurement, "done@acme.example")
    lifecycle.submit(submitted, risk_leader)
    lifecycle.accept(submitted, risk_leader)
    invitation = Invitation.objects.get()
    assert invitation.state == InvitationState.SUBMITTED and invitation.is_usable()
    assert not mail.outbox
