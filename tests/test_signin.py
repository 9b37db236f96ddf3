"""Sign-in protection: lockout with a cool-off, strong passwords, expiring sessions."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from config.client_ip import client_ip
from tests.factories import PASSWORD, UserFactory

LIMIT = 3


@pytest.fixture
def user(db):
    return UserFactory(username="lena.lockout", role="Executive")


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="203.0.113.7"):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password-123", address)
    return response


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_it_locks_a_username_and_address_out_after_repeated_failures(user):
    client = Client()
    assert fail(client, user.username, LIMIT - 1).status_code == 200  # the form again, with an error
    locked = fail(client, user.username, 1)
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.text
    assert "Try again in 15 minutes" in locked.text
    # Even the right password is refused while locked out.
    again = sign_in(client, user.username, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_the_lockout_is_per_username_and_address_pair(user):
    fail(Client(), user.username, LIMIT)
    # The same user from another address, and another user from the locked address, still sign in.
    assert sign_in(Client(), user.username, PASSWORD, address="198.51.100.1").status_code == 302
    other = UserFactory(username="otto.other", role="Executive")
    assert sign_in(Client(), other.username, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=LIMIT, AXES_COOLOFF_TIME=datetime.timedelta(minutes=2))
def test_the_lockout_ends_after_the_cool_off(user):
    client = Client()
    locked = fail(client, user.username, LIMIT)
    assert "Try again in 2 minutes" in locked.text
    assert sign_in(client, user.username, PASSWORD).status_code == 429
    # Let the cool-off pass by ageing the recorded attempts.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=3)
    )
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_a_successful_sign_in_forgets_earlier_failures(user):
    client = Client()
    fail(client, user.username, LIMIT - 1)
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    # The count started again: two more failures do not lock the account.
    assert fail(client, user.username, LIMIT - 1).status_code == 200
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_signed_in_test_clients_still_work_with_the_lockout_backend_first(user):
    client = Client()
    client.force_login(user)
    assert client.get(reverse("vendors:list")).status_code == 200


@pytest.mark.parametrize(
    "password",
    ["short-Pw1!", "password1234", "123456789012345", "lena.lockout1"],
    ids=["too-short", "common", "all-digits", "like-the-username"],
)
def test_it_refuses_weak_passwords(user, password):
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_it_accepts_a_long_uncommon_passphrase(user):
    validate_password("tangerine-orbit-lantern-42", user)


def test_sessions_expire_after_the_configured_age_and_at_browser_close(user, settings):
    client = Client()
    client.force_login(user)
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert client.session.get_expire_at_browser_close() is True
    assert client.session.get_expiry_age() == 8 * 60 * 60
    # A session past its age is gone: the next page asks to sign in again.
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get(reverse("vendors:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


class FakeRequest:
    def __init__(self, remote_addr, forwarded=None):
        self.META = {"REMOTE_ADDR": remote_addr}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_it_takes_the_client_address_from_the_proxy_only_when_behind_one(settings):
    request = FakeRequest("10.0.0.2", forwarded="6.6.6.6, 203.0.113.9")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.2"
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1
    # The forged left-most entry is ignored; the one our proxy appended counts.
    assert client_ip(request) == "203.0.113.9"
    assert client_ip(FakeRequest("10.0.0.2")) == "10.0.0.2"
