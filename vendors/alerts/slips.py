"""Presumed roadmap slips: find them, tell the people who care, once.

``check_roadmaps`` (the daily management command) calls ``run_daily_check``.
Who hears about a slip is decided in ``slip_recipients`` (the vendor's
watchers and the people of every evaluation that has it as a candidate);
``notify`` takes any set of users, so other audiences can be added there.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vendors.alerts.audience import people_concerned
from vendors.models import Notification, NotificationKind, RoadmapItem, RoadmapStatus

PRESUMABLY_ON_TRACK = (RoadmapStatus.PLANNED, RoadmapStatus.IN_PROGRESS)


@dataclass(frozen=True)
class CheckResult:
    marked: int
    notified: int
    emailed: int


def mark_presumed_slips(today: datetime.date) -> int:
    """Set planned / in-progress items whose target date has passed to "slipped".

    The target date is left alone: moving it is a re-baseline, which needs a
    reason from a person. The version goes up so that an editor holding the
    old version learns that the item changed under them.
    """
    now = timezone.now()
    with transaction.atomic():
        items = list(
            RoadmapItem.objects.select_for_update().filter(
                status__in=PRESUMABLY_ON_TRACK, target_date__lt=today
            )
        )
        marked = RoadmapItem.objects.filter(pk__in=[item.pk for item in items]).update(
            status=RoadmapStatus.SLIPPED, version=F("version") + 1, updated_at=now
        )
        for item in items:
            item.status, item.version, item.updated_at = RoadmapStatus.SLIPPED, item.version + 1, now
        # The UPDATE writes no audit history by itself: one history row per item, in one INSERT.
        RoadmapItem.history.bulk_history_create(
            items,
            update=True,
            default_change_reason="Presumed slip: the target date passed",
            default_date=now,
        )
    return marked


def slip_dedupe_key(item: RoadmapItem) -> str:
    # A re-baselined item that misses its new date again is a new slip.
    return f"{NotificationKind.ROADMAP_SLIP}:{item.pk}:{item.target_date.isoformat()}"


def slip_message(item: RoadmapItem, today: datetime.date) -> str:
    days = (today - item.target_date).days
    return (
        f"{item.vendor.name}: “{item.title}” ({item.capability.name}) was due on "
        f"{item.target_date:%d %b %Y} and has not been delivered ({days} day{'s' if days != 1 else ''} late). "
        "It is now marked as a presumed slip; record the delivery or re-baseline it with a reason."
    )


def notify(
    users: Iterable, *, kind: str, dedupe_key: str, message: str, url: str = "", roadmap_item=None
) -> list[Notification]:
    """Give each user a notification for this event unless they already have one; return the new ones."""
    users = {user.pk: user for user in users}
    if not users:
        return []
    already = set(
        Notification.objects.filter(user_id__in=users, dedupe_key=dedupe_key).values_list(
            "user_id", flat=True
        )
    )
    fresh = [
        Notification(
            user=user, kind=kind, dedupe_key=dedupe_key, message=message, url=url, roadmap_item=roadmap_item
        )
        for pk, user in users.items()
        if pk not in already
    ]
    # ignore_conflicts: a concurrent run that got there first wins, still only one each.
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    return fresh


def slip_recipients(items: list[RoadmapItem]) -> dict[int, set]:
    """Item pk -> the users to tell about its slip (four queries, however many items).

    Those are the watchers of its vendor and everyone an app registered as concerned with the
    vendor (the evaluator: owner and members of every evaluation that has it as a candidate).
    """
    vendor_ids = {item.vendor_id for item in items}
    user_ids = people_concerned(vendor_ids)
    all_ids = set().union(*user_ids.values()) if user_ids else set()
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=all_ids, is_active=True)}
    return {item.pk: {users[pk] for pk in user_ids[item.vendor_id] if pk in users} for item in items}


def notify_slips(today: datetime.date) -> int:
    """Notify the recipients of every slipped item that is past its target date; return how many were new."""
    items = list(
        RoadmapItem.objects.filter(status=RoadmapStatus.SLIPPED, target_date__lt=today).select_related(
            "vendor", "capability"
        )
    )
    recipients = slip_recipients(items)
    created = 0
    for item in items:
        created += len(
            notify(
                recipients[item.pk],
                kind=NotificationKind.ROADMAP_SLIP,
                dedupe_key=slip_dedupe_key(item),
                message=slip_message(item, today),
                url=item.get_absolute_url(),
                roadmap_item=item,
            )
        )
    return created


def send_pending_emails() -> int:
    """Email every notification not yet emailed, one message per user; return how many messages went out.

    A notification is marked as emailed only after its message was handed to
    the mail server, so a run that fails half-way sends the rest next time.
    """
    pending = defaultdict(list)
    for notification in Notification.objects.pending_email().select_related("user").order_by("created", "pk"):
        pending[notification.user].append(notification)
    sent = 0
    for user, notifications in pending.items():
        if user.email:
            mailers.default.send_messages([slip_email(user, notifications)])
            sent += 1
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())
    return sent


def slip_email(user, notifications: list[Notification]) -> EmailMessage:
    count = len(notifications)
    if any(n.kind != NotificationKind.ROADMAP_SLIP for n in notifications):
        # Vendor signals (vendors/signals/) go out in the same daily message.
        first = notifications[0]
        subject = (
            f"{first.get_kind_display()}: {first.message.split(':', 1)[0]}"
            if count == 1
            else f"{count} vendor alerts"
        )
    else:
        subject = (
            f"Roadmap slip: {notifications[0].message.split(':', 1)[0]}"
            if count == 1
            else f"{count} roadmap items presumed slipped"
        )
    lines = [f"Hello {user.get_full_name() or user.username},", ""]
    lines += [f"- {n.message}\n  {settings.SITE_URL}{n.url}" for n in notifications]
    lines += [
        "",
        "You receive this because you watch these vendors in the vendor tracker.",
        f"{settings.SITE_URL}/vendors/notifications/",
    ]
    return EmailMessage(subject=subject, body="\n".join(lines), to=[user.email])


def run_daily_check(today: datetime.date | None = None) -> CheckResult:
    """Mark presumed slips and create their notifications in one transaction, then send the emails."""
    today = today or timezone.localdate()
    with transaction.atomic():
        marked = mark_presumed_slips(today)
        notified = notify_slips(today)
    emailed = send_pending_emails()
    return CheckResult(marked=marked, notified=notified, emailed=emailed)
