"""Codes as an authenticator app would show them, for tests."""

import time

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from tests.factories import PASSWORD


def app_code(device: TOTPDevice) -> str:
    """The code the app shows now. Clears the device's replay guard and throttle, so a test can
    use a fresh code several times a minute (each real code works once, tested separately)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Two-factor on for ``user``, as the enrolment page does it: the device and the recovery codes."""
    device = twofactor.enrolment_device(user)
    return device, twofactor.confirm(device)


def password_step(client: Client, user, address="203.0.113.7", next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def code_step(client: Client, code: str, address="203.0.113.7"):
    return client.post(reverse("login_two_factor"), {"code": code}, REMOTE_ADDR=address)


def verified_client(user, device: TOTPDevice) -> Client:
    """A session of ``user`` that has passed the code step, as every session of an enrolled user must."""
    client = Client()
    client.force_login(user)
    response = code_step(client, app_code(device))
    assert response.status_code == 302, response
    return client
