"""Procurement's invitation pages: the panel on the response page, inviting, the link shown once,
revoking, and the portal activity."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluator.models import Invitation, InvitationState, PortalEvent, ResponseStatus
from evaluator.models.portal import hash_token
from evaluator.portal import invitations
from evaluator.portal.emails import send_invitation
from evaluator.responses import lifecycle
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import small_questionnaire
from tests.factories import VendorFactory

LINK = re.compile(r'id="invitation-link"[^>]*>([^<]+)</textarea>')


@pytest.fixture
def response(procurement):
    return lifecycle.start_response(
        VendorFactory(name="Acme Guard", slug="acme-guard"), small_questionnaire(), procurement
    )


def page(response):
    return f"/questionnaires/responses/{response.pk}/"


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def invite_form(**overrides):
    return {
        "email": "Dana@Acme.example",
        "deadline": in_days(14),
        "grace_days": "3",
        "message": "",
        **overrides,
    }


def post_invite(client, response, **overrides):
    return client.post(f"{page(response)}invitations/new/", invite_form(**overrides))


# Inviting and the link shown once


def test_inviting_shows_the_link_once_and_emails_it_and_keeps_only_its_hash(response, procurement):
    client = client_for(procurement)
    sent = post_invite(client, response, require_code="on", message="Thanks in advance.")
    invitation = Invitation.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == f"{page(response)}invitations/{invitation.pk}/link/"
    assert (invitation.email, invitation.invited_by, invitation.grace_days) == (
        "dana@acme.example",
        procurement,
        3,
    )
    assert invitation.require_code and invitation.message == "Thanks in advance."

    shown = client.get(sent["Location"])
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    html = shown.content.decode()
    link = LINK.search(html).group(1)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert link.startswith("http") and "/respond/" in link
    assert "It was also sent by e-mail to dana@acme.example; it will not be shown again" in html
    assert "Copy the link" in html
    # Stored: the SHA-256 only; the raw token in no column of the invitation.
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    values = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert all(token not in str(value) for value in values.values())
    # The e-mail carries the same link to the invited address.
    (email,) = mail.outbox
    assert email.to == ["dana@acme.example"] and link in email.body and "Thanks in advance." in email.body

    again = client.get(sent["Location"])
    assert again.status_code == 200
    assert "The link was shown once" in again.content.decode()
    assert token not in again.content.decode()
    assert token not in client.get(page(response)).content.decode()
    assert token not in client.get(f"{page(response)}invitations/{invitation.pk}/").content.decode()


def test_the_link_page_shows_nothing_to_another_user_of_the_same_role(response, procurement, risk_leader):
    post_invite(client_for(procurement), response)
    invitation = Invitation.objects.get()
    other = client_for(risk_leader).get(f"{page(response)}invitations/{invitation.pk}/link/")
    assert other.status_code == 200
    assert "The link was shown once" in other.content.decode()
    assert 'id="invitation-link"' not in other.content.decode()


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("deadline", {"deadline": in_days(-1)}, "cannot be in the past"),
        ("email", {"email": "not-an-address"}, "valid email"),
        ("grace_days", {"grace_days": "61"}, "less than or equal to 60"),
        ("grace_days", {"grace_days": "-1"}, "greater than or equal to 0"),
        ("deadline", {"deadline": "31/31/2026"}, "valid date"),
        # A mistyped year: the link's last day would overflow the calendar.
        ("deadline", {"deadline": "9999-12-31"}, "more than two years away"),
    ],
)
def test_bad_input_comes_back_on_the_field_and_saves_nothing(
    response, procurement, field, overrides, message
):
    answered = post_invite(client_for(procurement), response, **overrides)
    assert answered.status_code == 200
    assert message in str(answered.context["form"].errors[field])
    assert not Invitation.objects.exists() and not mail.outbox


@pytest.mark.parametrize("status", [ResponseStatus.SUBMITTED, ResponseStatus.ACCEPTED, ResponseStatus.LOCKED])
def test_a_response_that_cannot_be_answered_now_takes_no_invitation(response, procurement, status):
    type(response).objects.filter(pk=response.pk).update(status=status)
    answered = post_invite(client_for(procurement), response)
    assert answered.status_code == 200
    assert "cannot be answered now" in " ".join(answered.context["form"].non_field_errors())
    assert not Invitation.objects.exists() and not mail.outbox
    html = client_for(procurement).get(page(response)).content.decode()
    assert "Invite a vendor contact" not in html
    assert "vendor contacts can be invited while it is a draft or changes are requested" in html


def test_an_email_that_cannot_be_sent_leaves_no_invitation(response, procurement, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("evaluator.portal.manage_pages.send_invitation", refuse)
    answered = post_invite(client_for(procurement), response)
    assert answered.status_code == 200
    assert "could not be sent" in " ".join(answered.context["form"].non_field_errors())
    assert not Invitation.objects.exists()


def test_executives_see_the_invitations_but_cannot_invite_or_revoke(response, procurement, executive):
    invitation, _ = invitations.invite(response, "dana@acme.example", timezone.localdate(), procurement)
    client = client_for(executive)
    html = client.get(page(response)).content.decode()
    assert "dana@acme.example" in html and "Invitations" in html
    assert "Invite a vendor contact" not in html and "Revoke" not in html
    assert post_invite(client, response).status_code == 403
    assert client.post(f"{page(response)}invitations/{invitation.pk}/revoke/").status_code == 403
    assert Invitation.objects.count() == 1 and not Invitation.objects.get().revoked_at


def test_an_invitation_of_another_response_is_not_found_under_this_one(response, procurement):
    other = lifecycle.start_response(VendorFactory(), small_questionnaire(family="other"), procurement)
    invitation, _ = invitations.invite(other, "x@other.example", timezone.localdate(), procurement)
    client = client_for(procurement)
    for suffix in ("", "link/", "revoke/"):
        assert client.get(f"{page(response)}invitations/{invitation.pk}/{suffix}").status_code == 404


# The panel


def test_the_invite_form_starts_with_a_deadline_in_14_days_and_3_grace_days(response, procurement):
    html = client_for(procurement).get(page(response)).content.decode()
    form = html.split('class="invite-form"', 1)[1].split("</form>", 1)[0]
    # ISO, as a date input needs it (a localised 18/12/2026 would show an empty field).
    assert f'name="deadline" value="{in_days(14)}"' in form
    assert 'name="grace_days" value="3" min="0" max="60"' in form
    assert 'name="require_code"' in form and 'name="message"' in form


def test_the_panel_lists_each_invitation_with_its_current_state(response, procurement):
    today = timezone.localdate()
    live, _ = invitations.invite(
        response, "live@acme.example", today + datetime.timedelta(days=10), procurement
    )
    opened, _ = invitations.invite(response, "opened@acme.example", today, procurement, grace_days=0)
    Invitation.objects.filter(pk=opened.pk).update(
        state=InvitationState.OPENED, last_activity_at=timezone.now()
    )
    expired, _ = invitations.invite(response, "old@acme.example", today, procurement, grace_days=0)
    Invitation.objects.filter(pk=expired.pk).update(deadline=today - datetime.timedelta(days=5))
    gone, _ = invitations.invite(response, "gone@acme.example", today, procurement)
    invitations.revoke(gone, procurement)
    html = client_for(procurement).get(page(response)).content.decode()
    panel = html.split('id="invitations"', 1)[1].split("</section>", 1)[0]
    states = dict(
        re.findall(r'>([a-z]+@acme\.example)</a>.*?class="badge invitation-([a-z_]+)"', panel, re.S)
    )
    assert states == {
        "live@acme.example": "sent",
        "opened@acme.example": "opened",
        "old@acme.example": "expired",
        "gone@acme.example": "revoked",
    }
    valid_until = (today + datetime.timedelta(days=13)).strftime("%-d %b %Y")
    assert valid_until in panel  # deadline + 3 grace days
    # Revoke only where the link still works.
    assert panel.count("Revoke<span") == 2
    assert "none yet" in panel  # last activity of those never opened


def test_the_panel_costs_the_same_queries_for_1_and_10_invitations(response, procurement):
    client = client_for(procurement)

    def queries() -> int:
        client.get(page(response))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page(response)).status_code == 200
        return len(captured)

    def add(n):
        for i in range(n):
            invitation, _ = invitations.invite(
                response, f"c{i}-{n}@acme.example", timezone.localdate(), procurement
            )
            invitations.record(invitation, "saved", f"Q-0{i % 8 + 1}")

    add(1)
    one = queries()
    add(9)
    assert queries() == one


# Revoking


def test_revoking_asks_first_then_stops_the_link(response, procurement):
    invitation, token = invitations.invite(response, "dana@acme.example", timezone.localdate(), procurement)
    client = client_for(procurement)
    url = f"{page(response)}invitations/{invitation.pk}/revoke/"
    asked = client.get(url)
    assert (
        asked.status_code == 200 and "Revoke the invitation to dana@acme.example?" in asked.content.decode()
    )
    assert not Invitation.objects.get().revoked_at
    done = client.post(url)
    assert done.status_code == 302 and done["Location"] == f"{page(response)}#invitations"
    invitation.refresh_from_db()
    assert invitation.revoked_by == procurement and invitation.current_state() == InvitationState.REVOKED
    assert not invitation.is_usable()
    revoked_at = invitation.revoked_at
    assert client.post(url).status_code == 302  # again: nothing changes
    invitation.refresh_from_db()
    assert invitation.revoked_at == revoked_at
    assert "Already revoked" in client.get(url).content.decode()


# Portal activity


def test_the_response_page_lists_the_latest_20_portal_actions_and_the_invitation_page_all(
    response, procurement
):
    invitation, _ = invitations.invite(response, "dana@acme.example", timezone.localdate(), procurement)
    start = timezone.now() - datetime.timedelta(hours=1)
    PortalEvent.objects.bulk_create(
        PortalEvent(
            invitation=invitation,
            at=start + datetime.timedelta(minutes=i),
            actor_email="dana@acme.example",
            action="saved",
            detail=f"answer number {i:02d}",
        )
        for i in range(25)
    )
    client = client_for(procurement)
    html = client.get(page(response)).content.decode()
    activity = html.split('id="portal-activity"', 1)[1].split("</section>", 1)[0]
    assert activity.count("<li>") == 20
    assert "answer number 24" in activity and "answer number 04" not in activity
    detail_url = f"{page(response)}invitations/{invitation.pk}/"
    assert detail_url in activity
    detail = client.get(detail_url).content.decode()
    assert "Portal activity (25)" in detail
    assert "answer number 00" in detail and "answer number 24" in detail
    assert detail.index("answer number 24") < detail.index("answer number 00")  # newest first


@pytest.mark.django_db
def test_every_surface_names_the_same_last_day_of_the_link(response, procurement, client):
    """The once page, the e-mail, the portal and the API all say the link works until the
    deadline plus the grace days (not the midnight after, which is the next day's date)."""
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    last_day = deadline + datetime.timedelta(days=3)
    invitation, token = invitations.invite(response, "dana@acme.example", deadline, procurement, grace_days=3)
    send_invitation(invitation, token)
    assert f"works until {last_day:%d %B %Y}" in mail.outbox[-1].body
    portal = client.get(f"/respond/{token}/").content.decode()
    assert f"until the end of {last_day.day} {last_day:%B %Y}" in portal
    api = client_for(procurement).get(f"/api/invitations/{invitation.pk}/").json()
    assert api["valid_until"] == last_day.isoformat()
