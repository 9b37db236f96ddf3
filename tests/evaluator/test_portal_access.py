"""Opening the portal: the token is the only key; dead links say nothing; one-time codes; limits."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from evaluator.models import InvitationState, PortalEvent
from evaluator.portal import access, otp
from evaluator.portal.invitations import revoke
from tests.evaluator.portal_fixtures import (  # noqa: F401
    fresh_rate_counts_fixture,
    invited_fixture,
    make_invitation,
    portal_fixture,
    url,
)

pytestmark = pytest.mark.django_db


def test_it_opens_the_portal_with_the_token_and_marks_the_invitation_opened(portal):
    client, invitation, token = portal
    page = client.get(url(token))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Test questionnaire" in html and "Portalia Sensors" in html
    assert "Please answer the basics first." in html
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.OPENED and invitation.opened_at is not None
    assert list(PortalEvent.objects.filter(invitation=invitation).values_list("action", flat=True)) == [
        "opened"
    ]
    client.get(url(token))
    assert PortalEvent.objects.filter(invitation=invitation, action="opened").count() == 1


def test_unknown_revoked_and_expired_links_get_the_same_plain_page(portal):
    client, invitation, token = portal
    unknown = client.get(url("x" * 43))
    expired_invitation, expired_token = make_invitation(vendor_name="Old Vendor")
    expired_invitation.deadline = timezone.localdate() - datetime.timedelta(days=30)
    expired_invitation.save()
    expired = client.get(url(expired_token))
    revoke(invitation, None)
    revoked = client.get(url(token))
    assert (unknown.status_code, expired.status_code, revoked.status_code) == (404, 410, 410)
    assert unknown.content == expired.content == revoked.content
    assert access.INVALID_TEXT.encode() in unknown.content
    # Every page under the dead link answers the same, not only the overview.
    assert client.get(url(token, "documents/")).content == unknown.content
    assert client.post(url(token, "submit/")).status_code == 410


def test_the_portal_never_signs_anyone_in(portal):
    client, _, token = portal
    client.get(url(token))
    assert "_auth_user_id" not in client.session
    answer = client.get("/vendors/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")


def test_every_answer_carries_no_referrer_and_no_store(portal):
    client, _, token = portal
    for path in (url(token), url(token, "documents/"), url(token, "upload/"), url("nope")):
        answer = client.get(path)
        assert answer["Referrer-Policy"] == "no-referrer", path
        assert "no-store" in answer["Cache-Control"], path


def test_the_portal_loads_nothing_from_another_site(portal):
    client, _, token = portal
    html = client.get(url(token)).content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)


def _code_from_mail() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_a_code_is_sent_on_first_open_and_lets_this_browser_in(db):
    invitation, token = make_invitation(require_code=True)
    client = Client()
    first = client.get(url(token))
    assert first.status_code == 302 and first["Location"] == url(token, "code/")
    assert client.get(url(token, "section/1/")).status_code == 302
    page = client.get(url(token, "code/"))
    assert page.status_code == 200 and invitation.email in page.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [invitation.email]
    code = _code_from_mail()
    invitation.refresh_from_db()
    assert invitation.code_hash and code not in invitation.code_hash and invitation.code_sent_at
    assert client.post(url(token, "code/"), {"code": code})["Location"] == url(token)
    assert client.get(url(token)).status_code == 200
    invitation.refresh_from_db()
    assert invitation.code_verified_at and invitation.state == InvitationState.OPENED
    actions = set(PortalEvent.objects.filter(invitation=invitation).values_list("action", flat=True))
    assert {"code sent", "code verified", "opened"} <= actions
    # Another browser with the same link must prove the code again.
    assert Client().get(url(token)).status_code == 302


def test_a_new_code_is_limited(db):
    invitation, token = make_invitation(require_code=True)
    client = Client()
    client.get(url(token, "code/"))
    client.post(url(token, "code/new/"))
    assert len(mail.outbox) == 1  # too soon after the first
    invitation.code_sent_at = timezone.now() - datetime.timedelta(minutes=2)
    invitation.save()
    client.post(url(token, "code/new/"))
    assert len(mail.outbox) == 2


def test_an_expired_code_is_refused(db):
    invitation, token = make_invitation(require_code=True)
    client = Client()
    client.get(url(token, "code/"))
    code = _code_from_mail()
    invitation.refresh_from_db()
    invitation.code_sent_at = timezone.now() - otp.CODE_VALID - datetime.timedelta(seconds=1)
    invitation.save()
    page = client.post(url(token, "code/"), {"code": code})
    assert page.status_code == 200 and "run out" in page.content.decode()
    assert client.get(url(token)).status_code == 302


def test_five_wrong_codes_lock_the_link_for_fifteen_minutes(db):
    invitation, token = make_invitation(require_code=True)
    client = Client()
    client.get(url(token, "code/"))
    code = _code_from_mail()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):
        assert client.post(url(token, "code/"), {"code": wrong}).status_code == 200
    locked = client.post(url(token, "code/"), {"code": wrong})
    assert locked.status_code == 429
    invitation.refresh_from_db()
    assert invitation.locked_until > timezone.now() + datetime.timedelta(minutes=14)
    until = timezone.localtime(invitation.locked_until).strftime("%H:%M")
    assert f"Try again at {until}" in locked.content.decode()
    # Even the right code does not open it now.
    assert client.post(url(token, "code/"), {"code": code}).status_code == 429
    assert client.get(url(token, "code/")).status_code == 429


@override_settings(PORTAL_RATE_LIMITS={"bad_token": (3, 600)})
def test_too_many_dead_links_from_one_address_get_429(portal):
    client, _, token = portal
    for attempt in range(3):
        assert client.get(url(f"guess-{attempt}")).status_code == 404
    assert client.get(url("guess-4")).status_code == 429
    # The address is refused even with a good link until the window ends.
    assert client.get(url(token)).status_code == 429
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.get(url(token)).status_code == 200


@override_settings(PORTAL_RATE_LIMITS={"token": (5, 600)})
def test_one_link_has_a_request_cap(portal):
    client, _, token = portal
    statuses = [client.get(url(token)).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_its_forms_pass_the_csrf_check_with_the_null_origin_of_no_referrer(portal):
    _, _, token = portal
    client = Client(enforce_csrf_checks=True)
    client.get(url(token))
    token_value = client.cookies["csrftoken"].value
    same_site = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    posted = client.post(url(token, "submit/"), {"csrfmiddlewaretoken": token_value}, headers=same_site)
    assert posted.status_code == 302  # refused by the lifecycle (items missing), not by CSRF
    cross_site = {"Origin": "null", "Sec-Fetch-Site": "cross-site"}
    assert (
        client.post(
            url(token, "submit/"), {"csrfmiddlewaretoken": token_value}, headers=cross_site
        ).status_code
        == 403
    )
    assert client.post(url(token, "submit/"), {}, headers=same_site).status_code == 403  # no token
