"""POST /api/signals/: an HMAC-signed body becomes a signal; unsigned, badly signed and replays are refused."""

import datetime
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.vendors.signals.helpers import gatekeep
from vendors.models import Signal, UnmatchedEntry
from vendors.signals.webhook import signature

pytestmark = pytest.mark.django_db
SECRET = "test-webhook-secret"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.SIGNALS_WEBHOOK_SECRET = SECRET


def body(**changes) -> bytes:
    payload = {
        "id": "alert-1",
        "vendor": "Gatekeep Systems Inc.",
        "kind": "breach",
        "severity": "high",
        "title": "Gatekeep customer portal breached",
        "url": "https://alerts.example.invalid/1",
        "time": timezone.now().isoformat(),
        **changes,
    }
    return json.dumps(payload).encode()


def post(content: bytes, signed: str | None = None):
    headers = {} if signed is None else {"HTTP_X_SIGNATURE": signed}
    return APIClient().post("/api/signals/", content, content_type="application/json", **headers)


def test_a_signed_delivery_becomes_a_signal():
    vendor = gatekeep()
    content = body()
    response = post(content, signature(content, SECRET))
    assert response.status_code == 201, response.json()
    signal = Signal.objects.get()
    assert response.json()["signal"] == signal.pk
    assert (signal.vendor, signal.kind, signal.severity, signal.source) == (
        vendor,
        "breach",
        "high",
        "webhook",
    )


def test_an_unknown_vendor_waits_in_the_review_queue():
    content = body(vendor="Someone Else")
    response = post(content, signature(content, SECRET))
    assert response.status_code == 202 and response.json()["queued"] == 1
    assert UnmatchedEntry.objects.get().vendor_name == "Someone Else"


@pytest.mark.parametrize(
    ("signed", "status", "message"),
    [
        (None, 401, "The body is not signed"),
        ("sha256=" + "0" * 64, 401, "The signature does not match the body"),
        ("signed-with-another-secret", 401, "The signature does not match"),
    ],
)
def test_unsigned_or_badly_signed_deliveries_are_refused(signed, status, message):
    gatekeep()
    if signed == "signed-with-another-secret":
        signed = signature(body(), "another")
    response = post(body(), signed)
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert not Signal.objects.exists()


def test_a_replayed_id_or_an_old_timestamp_is_refused():
    gatekeep()
    content = body()
    assert post(content, signature(content, SECRET)).status_code == 201
    replay = post(content, signature(content, SECRET))
    assert replay.status_code == 409 and "already received" in replay.json()["detail"]
    old = body(id="alert-2", time=(timezone.now() - datetime.timedelta(minutes=6)).isoformat())
    stale = post(old, signature(old, SECRET))
    assert stale.status_code == 409 and "more than five minutes" in stale.json()["detail"]
    assert Signal.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "the JSON breaks"),
        (body(kind="rumour"), "kind 'rumour' is not one of"),
        (body(time="yesterday"), "is not an ISO 8601"),
        (json.dumps({"id": "x"}).encode(), "The body has no vendor, kind, severity, title, time"),
    ],
)
def test_a_signed_but_malformed_body_is_a_400_and_saves_nothing(content, message):
    response = post(content, signature(content, SECRET))
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Signal.objects.exists() and not UnmatchedEntry.objects.exists()


def test_without_a_secret_the_webhook_is_off(settings):
    settings.SIGNALS_WEBHOOK_SECRET = ""
    content = body()
    response = post(content, signature(content, ""))
    assert response.status_code == 403 and "not configured" in response.json()["detail"]
