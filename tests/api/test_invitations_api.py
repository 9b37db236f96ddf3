"""Invitations through the API: invite (the link in that answer only), list, read, revoke."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from evaluator.models import Invitation, InvitationState, ResponseStatus
from evaluator.models.portal import hash_token
from evaluator.portal import invitations
from evaluator.responses import lifecycle
from tests.api.conftest import token_client
from tests.conftest import CAST
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import small_questionnaire
from tests.factories import VendorFactory


@pytest.fixture
def response(procurement):
    return lifecycle.start_response(VendorFactory(slug="acme-guard"), small_questionnaire(), procurement)


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def body(target, **overrides):
    return {"response": target.pk, "email": "dana@acme.example", "deadline": in_days(14), **overrides}


def create(client, target, **overrides):
    return client.post("/api/invitations/", body(target, **overrides), format="json")


def test_inviting_answers_201_with_the_link_once_and_emails_it(response, procurement):
    client = token_client(procurement)
    created = create(client, response, grace_days=5, message="Thanks", require_code=True)
    assert created.status_code == 201, created.json()
    data = created.json()
    invitation = Invitation.objects.get()
    assert created["Location"] == f"/api/invitations/{invitation.pk}/"
    assert (data["email"], data["state"], data["grace_days"], data["require_code"]) == (
        "dana@acme.example",
        "sent",
        5,
        True,
    )
    assert data["invited_by"] == procurement.username
    assert data["valid_until"] == in_days(19)
    token = data["link"].rstrip("/").rsplit("/", 1)[-1]
    assert invitation.token_hash == hash_token(token)
    assert "token_hash" not in data
    (email,) = mail.outbox
    assert email.to == ["dana@acme.example"] and data["link"] in email.body

    # Nowhere else: neither the list, nor the detail, nor the response page.
    for url in (
        "/api/invitations/",
        f"/api/invitations/{invitation.pk}/",
        f"/api/invitations/?response={response.pk}",
    ):
        text = client.get(url).content.decode()
        assert token not in text and invitation.token_hash not in text and '"link"' not in text, url
    detail = client.get(f"/api/invitations/{invitation.pk}/").json()
    assert "link" not in detail and "token_hash" not in detail and detail["state"] == "sent"


def test_the_defaults_are_three_grace_days_no_code_no_message(response, procurement):
    created = create(token_client(procurement), response)
    assert created.status_code == 201, created.json()
    assert (created.json()["grace_days"], created.json()["require_code"], created.json()["message"]) == (
        3,
        False,
        "",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"deadline": in_days(-1)}, "deadline"),
        ({"deadline": "soon"}, "deadline"),
        ({"email": "not-an-address"}, "email"),
        ({"grace_days": 61}, "grace_days"),
        ({"grace_days": -1}, "grace_days"),
        ({"response": "one"}, "response"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_saves_nothing(response, procurement, overrides, field):
    answered = create(token_client(procurement), response, **overrides)
    assert answered.status_code == 400, answered.json()
    assert [e["field"] for e in answered.json()["errors"]] == [field]
    assert not Invitation.objects.exists() and not mail.outbox


def test_missing_fields_are_named(procurement):
    answered = token_client(procurement).post("/api/invitations/", {}, format="json")
    assert answered.status_code == 400
    assert {e["field"] for e in answered.json()["errors"]} == {"response", "email", "deadline"}


@pytest.mark.parametrize("status", [ResponseStatus.SUBMITTED, ResponseStatus.ACCEPTED, ResponseStatus.LOCKED])
def test_a_response_that_cannot_be_answered_now_is_400_on_the_response(response, procurement, status):
    type(response).objects.filter(pk=response.pk).update(status=status)
    answered = create(token_client(procurement), response)
    assert answered.status_code == 400
    (error,) = answered.json()["errors"]
    assert error["field"] == "response" and "cannot be answered now" in error["message"]
    assert not Invitation.objects.exists()


def test_a_mail_server_that_refuses_is_503_and_saves_nothing(response, procurement, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("down")

    monkeypatch.setattr("evaluator.portal.api.send_invitation", refuse)
    answered = create(token_client(procurement), response)
    assert answered.status_code == 503
    assert "could not be sent" in answered.json()["detail"]
    assert not Invitation.objects.exists()


def test_roles_write_as_on_the_response_page(cast, response, procurement):
    invitation, _ = invitations.invite(response, "x@acme.example", timezone.localdate(), procurement)
    writes = {"anonymous": 401, "executive": 403, "procurement": 201, "risk_leader": 201, "admin": 201}
    reads = {"anonymous": 401, **dict.fromkeys(CAST[1:], 200)}
    for role in CAST:
        client = token_client(cast[role])
        assert client.get("/api/invitations/").status_code == reads[role], role
        assert client.get(f"/api/invitations/{invitation.pk}/").status_code == reads[role], role
        assert create(client, response, email=f"{role}@acme.example").status_code == writes[role], role
        revoke = client.post(f"/api/invitations/{invitation.pk}/revoke/")
        assert revoke.status_code == (200 if writes[role] == 201 else writes[role]), role
        for method in ("put", "patch", "delete"):
            status = getattr(client, method)(
                f"/api/invitations/{invitation.pk}/", {}, format="json"
            ).status_code
            assert status == (405 if writes[role] == 201 else writes[role]), (role, method)
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "x@acme.example",
        "procurement@acme.example",
        "risk_leader@acme.example",
        "admin@acme.example",
    }


def test_invitations_of_a_response_you_cannot_see_are_404(procurement, risk_leader):
    vendor = VendorFactory()
    hidden = EvaluationFactory(owner=risk_leader, candidates=[vendor])
    secret = lifecycle.start_response(vendor, small_questionnaire(), risk_leader, evaluation=hidden)
    invitation, _ = invitations.invite(secret, "x@acme.example", timezone.localdate(), risk_leader)
    client = token_client(procurement)
    assert client.get(f"/api/invitations/{invitation.pk}/").status_code == 404
    assert client.post(f"/api/invitations/{invitation.pk}/revoke/").status_code == 404
    assert client.get(f"/api/invitations/?response={secret.pk}").json()["count"] == 0
    refused = create(client, secret)
    assert refused.status_code == 404 and refused.json()["errors"][0]["code"] == "not_found"
    assert create(client, secret, response=999999).status_code == 404  # the same as an unknown id
    assert Invitation.objects.count() == 1 and not Invitation.objects.get().revoked_at
    assert token_client(risk_leader).get(f"/api/invitations/{invitation.pk}/").status_code == 200


def test_revoking_is_idempotent_and_says_so(response, procurement, risk_leader):
    invitation, _ = invitations.invite(response, "x@acme.example", timezone.localdate(), procurement)
    client = token_client(risk_leader)
    first = client.post(f"/api/invitations/{invitation.pk}/revoke/")
    assert first.status_code == 200
    assert first.json()["state"] == "revoked" and first.json()["revoked_by"] == risk_leader.username
    assert first.json()["detail"].startswith("Revoked")
    invitation.refresh_from_db()
    revoked_at = invitation.revoked_at
    again = token_client(procurement).post(f"/api/invitations/{invitation.pk}/revoke/")
    assert again.status_code == 200
    assert (
        again.json()["detail"].startswith("Already revoked")
        and risk_leader.username in again.json()["detail"]
    )
    invitation.refresh_from_db()
    assert (invitation.revoked_at, invitation.revoked_by) == (revoked_at, risk_leader)


def test_the_list_filters_by_response_and_shows_the_current_state(response, procurement):
    other = lifecycle.start_response(VendorFactory(), small_questionnaire(family="other"), procurement)
    mine, _ = invitations.invite(response, "a@acme.example", timezone.localdate(), procurement)
    Invitation.objects.filter(pk=mine.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=10), state=InvitationState.OPENED
    )
    invitations.invite(other, "b@other.example", timezone.localdate(), procurement)
    page = token_client(procurement).get(f"/api/invitations/?response={response.pk}").json()
    assert [(row["email"], row["state"]) for row in page["results"]] == [("a@acme.example", "expired")]
    assert token_client(procurement).get("/api/invitations/?response=x").status_code == 400


def test_the_list_costs_the_same_queries_for_5_and_50_invitations(
    response, procurement, django_assert_num_queries
):
    client = token_client(procurement)

    def add(count):
        for i in range(count):
            invitation, _ = invitations.invite(
                response, f"c{i}@acme.example", timezone.localdate(), procurement
            )
            if i % 2:
                invitations.revoke(invitation, procurement)

    add(5)
    client.get("/api/invitations/")  # warm-up: the token's last use is written once a minute
    # token + user, count, page of invitations with who invited and who revoked
    with django_assert_num_queries(3):
        assert client.get("/api/invitations/").json()["count"] == 5
    add(45)
    with django_assert_num_queries(3):
        assert client.get("/api/invitations/").json()["count"] == 50
