"""Telling the people of a sign-off what happened: an in-app notification and an e-mail each.

The notifications go in with the step's transaction; the e-mails leave once it has committed (a
rolled-back step mails nobody) and mark their notifications as e-mailed, so the daily alert mail
(vendors/alerts/slips.send_pending_emails) does not send them a second time.
"""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.utils import timezone

from vendors.alerts.slips import notify
from vendors.models import Notification, NotificationKind


def tell(users, *, key: str, subject: str, message: str, url: str) -> None:
    """Notify ``users`` (once per ``key``) and e-mail those with an address after the commit."""
    fresh = notify(users, kind=NotificationKind.DECISION, dedupe_key=key, message=message, url=url)
    if fresh:
        transaction.on_commit(lambda: _mail(fresh, key, subject))


def _mail(notifications: list[Notification], key: str, subject: str) -> None:
    messages = [
        EmailMessage(
            subject=subject,
            body="\n".join(
                [
                    f"Hello {n.user.get_full_name() or n.user.username},",
                    "",
                    n.message,
                    f"{settings.SITE_URL}{n.url}",
                    "",
                    "You receive this because you take part in this decision in the vendor tracker.",
                ]
            ),
            to=[n.user.email],
        )
        for n in notifications
        if n.user.email
    ]
    if messages:
        mailers.default.send_messages(messages)
    # bulk_create(ignore_conflicts=True) leaves the pks unset: find the rows by user and event.
    Notification.objects.filter(dedupe_key=key, user_id__in=[n.user_id for n in notifications]).update(
        emailed_at=timezone.now()
    )
