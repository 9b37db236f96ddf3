"""A browser that opened a vendor portal link (and proved its one-time code) reaches the portal
and nothing else: every other URL of the product answers it exactly as an anonymous visitor
(sign-in redirect, 401 from the API, 404), and the portal under any other token is not found."""

import re

import pytest
from django.core import mail
from django.test import Client

from evaluator.portal import access
from tests.evaluator.portal_fixtures import fresh_rate_counts_fixture, make_invitation, url  # noqa: F401
from tests.test_url_walk import check_outcome
from tests.url_roles import all_routes

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor_browser(db):
    """(client, invitation, token): the link opened, the e-mailed code entered."""
    invitation, token = make_invitation(require_code=True)
    client = Client()
    client.get(url(token, "code/"))
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    assert client.post(url(token, "code/"), {"code": code}).status_code == 302
    assert client.get(url(token)).status_code == 200
    return client, invitation, token


def test_every_other_url_answers_the_portal_visitor_as_anyone_anonymous(vendor_browser):
    client, invitation, token = vendor_browser
    anonymous = Client()
    walked = 0
    for name, route in all_routes().items():
        if name.startswith("portal:"):
            continue
        mine, theirs = client.get(route.path), anonymous.get(route.path)
        check_outcome(mine, route.expected["anonymous"], f"{name} {route.path}")
        assert (mine.status_code, mine.get("Location")) == (theirs.status_code, theirs.get("Location")), name
        if route.post_forbidden_for:
            check_outcome(client.post(route.path, {}), route.expected["anonymous"], f"POST {name}")
        walked += 1
    assert walked > 100
    # The walk left the portal session as it was: the link still opens, nobody is signed in.
    assert client.get(url(token)).status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_portal_under_another_token_is_not_found_with_this_session(vendor_browser):
    client, invitation, token = vendor_browser
    access.forget("bad_token", "127.0.0.1")
    first_section = invitation.response.questionnaire.sections.first().pk
    wrong = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for rest in ("", "code/", "documents/", "upload/", "answers.xlsx", f"section/{first_section}/"):
        assert client.get(url(wrong, rest)).status_code == 404, rest
    assert client.post(url(wrong, "submit/")).status_code == 404


def test_another_invitation_asks_this_session_for_its_own_code(vendor_browser):
    client, _, _ = vendor_browser
    other, other_token = make_invitation(
        vendor_name="Other Vendor", require_code=True, email="b@other.example"
    )
    assert client.get(url(other_token))["Location"] == url(other_token, "code/")
    assert client.get(url(other_token, "documents/")).status_code == 302


def test_every_portal_route_answers_signed_in_staff_without_the_token_with_the_plain_404(cast):
    from tests.conftest import client_for

    routes = {name: route for name, route in all_routes().items() if name.startswith("portal:")}
    for role, user in cast.items():
        access.forget("bad_token", "127.0.0.1")
        client = client_for(user)
        for name, route in routes.items():
            answer = client.get(route.path)
            assert answer.status_code == 404, f"{name} as {role}"
            assert access.INVALID_TEXT in answer.content.decode()
            assert "Sign out" not in answer.content.decode()
