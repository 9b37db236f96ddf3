"""Two-factor sign-in: enrolment with a QR code, the code step after the password, recovery codes."""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from accounts.models import RecoveryCode, hash_key, normalise_code
from tests.accounts.twofactor_helpers import app_code, code_step, enrol, password_step, verified_client
from tests.concurrency import at_the_same_moment
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="tina.totp", role="Procurement")


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_enrolment_shows_a_qr_code_and_the_secret_and_turns_on_with_a_code(user):
    client = client_for(user)
    page = client.get(reverse("accounts:two_factor_enable"))
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # The QR code is drawn server-side: an SVG in the page, no script of its own (only the site's files).
    assert "<svg" in html and re.findall(r"<script(?![^>]*\ssrc=)", html) == []
    assert page.context["secret"].replace(" ", "") in twofactor.b32encode(device.bin_key).decode()
    assert page.context["secret"] in html
    # Reloading the page keeps the same secret until it is confirmed.
    assert client.get(reverse("accounts:two_factor_enable")).context["secret"] == page.context["secret"]

    wrong = client.post(reverse("accounts:two_factor_enable"), {"code": "000000"})
    assert wrong.status_code == 400
    assert not twofactor.has_two_factor(user)

    done = client.post(reverse("accounts:two_factor_enable"), {"code": app_code(device)})
    assert done.status_code == 201
    assert twofactor.has_two_factor(user)
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    assert "download=" in done.content.decode()


def test_recovery_codes_are_stored_only_as_hashes(user):
    device, codes = enrol(user)
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert stored == {hash_key(normalise_code(code)) for code in codes}
    assert not stored & {code.replace("-", "") for code in codes}
    # The two-factor page shows how many are left, never the codes.
    page = verified_client(user, device).get(reverse("accounts:two_factor")).content.decode()
    assert "Recovery codes left: <strong>10</strong>" in page
    assert not any(code in page for code in codes)


def test_without_two_factor_the_password_alone_signs_in(user):
    client = Client()
    response = password_step(client, user)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in_user_id(client) == str(user.pk)


def test_with_two_factor_the_password_alone_does_not_sign_in(user):
    device, _ = enrol(user)
    client = Client()
    response = password_step(client, user, next_url="/vendors/")
    assert response.status_code == 302 and response["Location"] == reverse("login_two_factor")
    assert signed_in_user_id(client) is None
    assert client.get("/vendors/").status_code == 302  # still signed out
    assert client.get(reverse("login_two_factor")).status_code == 200
    done = code_step(client, app_code(device))
    assert done.status_code == 302 and done["Location"] == "/vendors/"
    assert signed_in_user_id(client) == str(user.pk)


def test_a_wrong_code_does_not_sign_in(user):
    enrol(user)
    client = Client()
    password_step(client, user)
    response = code_step(client, "123456")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_an_app_code_works_once(user):
    device, _ = enrol(user)
    code = app_code(device)
    first = Client()
    password_step(first, user)
    assert code_step(first, code).status_code == 302
    # Replayed by someone who saw it: refused, even within the same 30 seconds.
    second = Client()
    password_step(second, user, address="198.51.100.9")
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert code_step(second, code, address="198.51.100.9").status_code == 400


def test_a_recovery_code_signs_in_once_and_never_again(user):
    _, codes = enrol(user)
    client = Client()
    password_step(client, user)
    # Typed in capitals without dashes: still accepted.
    response = code_step(client, codes[0].upper().replace("-", " "))
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)
    assert twofactor.remaining_recovery_codes(user) == 9

    again = Client()
    password_step(again, user)
    assert code_step(again, codes[0]).status_code == 400
    assert signed_in_user_id(again) is None


@override_settings(AXES_FAILURE_LIMIT=3)
def test_wrong_codes_count_towards_the_sign_in_lockout(user):
    device, _ = enrol(user)
    client = Client()
    password_step(client, user)
    for wrong in ("111111", "222222"):
        assert code_step(client, wrong).status_code == 400
        # Skip django-otp's seconds-long throttle: this test is about the lockout.
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    locked = code_step(client, "333333")
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    # The pending sign-in is gone, and the password step is refused during the cool-off.
    assert client.get(reverse("login_two_factor")).status_code == 302
    assert password_step(client, user).status_code == 429
    assert signed_in_user_id(client) is None
    # The lockout log keeps no code: a right code refused by the throttle would otherwise sit there.
    logged = "".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "code=" in logged and not any(wrong in logged for wrong in ("111111", "222222", "333333"))


def test_django_otp_throttles_quick_retries(user):
    device, _ = enrol(user)
    client = Client()
    password_step(client, user)
    code_step(client, "111111")
    right = app_code(device)
    # app_code cleared the throttle; fail once more, then the right code a moment later is refused.
    code_step(client, "222222")
    assert code_step(client, right).status_code == 400
    assert signed_in_user_id(client) is None


def test_the_code_step_needs_a_recent_password_step(user):
    device, _ = enrol(user)
    client = Client()
    response = client.get(reverse("login_two_factor"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    password_step(client, user)
    session = client.session
    session[twofactor.PENDING_KEY]["since"] = time.time() - twofactor.PENDING_SECONDS - 1
    session.save()
    assert code_step(client, app_code(device))["Location"] == reverse("login")
    assert signed_in_user_id(client) is None


def test_new_recovery_codes_need_an_app_code_and_replace_the_old_ones(user):
    device, old = enrol(user)
    client = verified_client(user, device)
    refused = client.post(reverse("accounts:recovery_codes"), {"code": old[0]})
    assert refused.status_code == 400  # a recovery code cannot mint new ones
    response = client.post(reverse("accounts:recovery_codes"), {"code": app_code(device)})
    assert response.status_code == 201
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    assert twofactor.verify(user, old[1]) is None
    user.recoverycodedevice_set.update(throttling_failure_count=0)  # no waiting for the throttle
    assert twofactor.verify(user, new[1]) is not None


def test_turning_two_factor_off_needs_a_code(user):
    device, codes = enrol(user)
    client = verified_client(user, device)
    assert client.post(reverse("accounts:two_factor_disable"), {"code": "000000"}).status_code == 400
    assert twofactor.has_two_factor(user)
    response = client.post(reverse("accounts:two_factor_disable"), {"code": app_code(device)})
    assert response.status_code == 302
    assert not twofactor.has_two_factor(user)
    assert not RecoveryCode.objects.exists()
    # The password alone signs in again.
    fresh = Client()
    password_step(fresh, user)
    assert signed_in_user_id(fresh) == str(user.pk)


def test_a_recovery_code_may_turn_two_factor_off(user):
    device, codes = enrol(user)
    response = verified_client(user, device).post(reverse("accounts:two_factor_disable"), {"code": codes[3]})
    assert response.status_code == 302
    assert not twofactor.has_two_factor(user)


def test_the_demo_password_still_signs_in_without_two_factor_by_default(db):
    other = UserFactory(username="risk", role="Risk leader")
    client = Client()
    response = client.post(reverse("login"), {"username": "risk", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(other.pk)


@pytest.mark.django_db(transaction=True)
def test_one_recovery_code_sent_twice_at_the_same_moment_signs_in_only_once():
    racer = UserFactory(username="rita.race", role="Procurement")
    _, codes = enrol(racer)

    def use_code():
        try:
            return twofactor.verify(racer, codes[0]) is not None
        except OperationalError:  # SQLite may refuse the second writer outright: a failure too
            return False

    outcomes = list(at_the_same_moment({1: use_code, 2: use_code}).values())
    assert sorted(outcomes) == [False, True]
    assert twofactor.remaining_recovery_codes(racer) == 9
