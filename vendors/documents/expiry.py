"""Telling people before a vault document expires: its owner (in the app and by e-mail) and the
vendor contact named on it (by e-mail), once per document and "valid until" date.

``notify_expiring(today)`` is meant for a daily schedule (the scheduler calls
"vendors.documents.expiry.notify_expiring"; by hand: ``manage.py notify_document_expiry``).
Safe to run as often as you like: a document is claimed (``expiry_notice_sent_at``) by a
conditional UPDATE in the same transaction that notifies, so two runs never both tell, and a
failed e-mail rolls the claim back for the next run. Changing the "valid until" date clears the
claim (documents.services.update_document), so the new date is announced again.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.utils import timezone

from vendors.alerts.slips import notify
from vendors.documents.rules import EXPIRY_WINDOW_DAYS, day_label
from vendors.models import Notification, NotificationKind, VendorDocument


def due_for_notice(today: datetime.date):
    """Documents expiring from today to ``EXPIRY_WINDOW_DAYS`` ahead that nobody was told about yet."""
    last = today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    return VendorDocument.objects.filter(
        valid_until__gte=today, valid_until__lte=last, expiry_notice_sent_at__isnull=True
    ).select_related("vendor", "owner")


def dedupe_key(document: VendorDocument) -> str:
    return f"document-expiry:{document.pk}:{document.valid_until.isoformat()}"


def expiry_message(document: VendorDocument, today: datetime.date) -> str:
    days = (document.valid_until - today).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return (
        f"{document.vendor.name}: {document.get_kind_display()} “{document.title}” expires {when} "
        f"({day_label(document.valid_until)})"
    )


def _owner_email(document: VendorDocument, message: str, url: str) -> EmailMessage:
    owner = document.owner
    body = [
        f"Hello {owner.get_full_name() or owner.username},",
        "",
        f"{message}.",
        "A documented or verified grade it backs stops counting in evaluations once it has expired;",
        "ask the vendor for the renewed document and add it to the vault.",
        f"{settings.SITE_URL}{url}",
    ]
    return EmailMessage(subject=f"Document expiring: {message}", body="\n".join(body), to=[owner.email])


def _contact_email(document: VendorDocument) -> EmailMessage:
    body = [
        "Hello,",
        "",
        f"The {document.get_kind_display()} “{document.title}” you provided for {document.vendor.name} "
        f"expires on {day_label(document.valid_until)}.",
        "Please send us the renewed document before then.",
    ]
    subject = f"Your {document.get_kind_display()} expires on {day_label(document.valid_until)}"
    return EmailMessage(subject=subject, body="\n".join(body), to=[document.contact_email])


def _notice(document: VendorDocument, today: datetime.date) -> bool:
    owner = document.owner if document.owner is not None and document.owner.is_active else None
    if owner is None and not document.contact_email:
        return False  # nobody to tell: left for a later run, once someone is named
    with transaction.atomic():
        claimed = VendorDocument.objects.filter(pk=document.pk, expiry_notice_sent_at__isnull=True).update(
            expiry_notice_sent_at=timezone.now()
        )
        if not claimed:
            return False
        message, url = expiry_message(document, today), document.get_absolute_url()
        emails = []
        if owner is not None:
            key = dedupe_key(document)
            notify([owner], kind=NotificationKind.DOCUMENT_EXPIRY, dedupe_key=key, message=message, url=url)
            if owner.email:
                emails.append(_owner_email(document, message, url))
            # Told here by e-mail already: the daily alert digest must not repeat it.
            Notification.objects.filter(user=owner, dedupe_key=key, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            )
        if document.contact_email:
            emails.append(_contact_email(document))
        if emails:
            mailers.default.send_messages(emails)
    return True


def notify_expiring(today: datetime.date | None = None) -> int:
    """Tell the owner and the vendor contact of every document expiring within
    ``EXPIRY_WINDOW_DAYS`` of ``today`` not told yet; return how many documents were noticed."""
    today = today or timezone.localdate()
    return sum(_notice(document, today) for document in due_for_notice(today).order_by("valid_until", "pk"))
