"""The webhook for alerting services: an HMAC-signed JSON body becomes one signal.

The sender signs the exact bytes of the body with the shared secret (``SIGNALS_WEBHOOK_SECRET``)
and sends ``X-Signature: sha256=<hex HMAC-SHA256>``. Refused, with nothing saved: no secret
configured (403), no or a bad signature (401), a body that is not the documented JSON (400), a
``time`` more than five minutes away from now or an ``id`` already received (409, a replay).
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from vendors.models import WebhookDelivery
from vendors.signals import formats
from vendors.signals.services import ImportReport, import_records

REPLAY_WINDOW = datetime.timedelta(minutes=5)
SIGNATURE_HEADER = "X-Signature"


class WebhookRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def signature(body: bytes, secret: str) -> str:
    """The header value a sender puts in ``X-Signature`` for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def receive(body: bytes, signed: str, now: datetime.datetime | None = None) -> ImportReport:
    secret = getattr(settings, "SIGNALS_WEBHOOK_SECRET", "")
    if not secret:
        raise WebhookRefused(403, "The signals webhook is not configured (no SIGNALS_WEBHOOK_SECRET).")
    if not signed:
        raise WebhookRefused(
            401, f"The body is not signed: send {SIGNATURE_HEADER}: sha256=<HMAC-SHA256 of the body>."
        )
    if not hmac.compare_digest(signed.strip(), signature(body, secret)):
        raise WebhookRefused(401, "The signature does not match the body.")
    try:
        record, moment = formats.parse_webhook(body)
    except formats.FormatError as error:
        raise WebhookRefused(400, f"Nothing was saved. {error}") from None
    now = now or timezone.now()
    if abs(now - moment) > REPLAY_WINDOW:
        raise WebhookRefused(
            409,
            f"time {moment.isoformat()} is more than five minutes from now: refused as a possible replay.",
        )
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(delivery_id=record.external_id, received_at=now)
            return import_records([record], source="webhook")
    except IntegrityError:
        raise WebhookRefused(
            409, f"Delivery {record.external_id!r} was already received: refused as a replay."
        ) from None
