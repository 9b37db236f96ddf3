"""Chasing vendor contacts before and after their deadline, and telling inviters what is overdue.

``run_daily(today)`` (``manage.py send_reminders``, the daily schedule) does both:

- each usable invitation (sent, opened, in progress) gets a reminder N days before its
  deadline for N in ``PORTAL_REMINDER_DAYS_BEFORE`` and N days after it for N in
  ``PORTAL_REMINDER_DAYS_AFTER``. Each goes out once (a ``ReminderSent`` row, unique per
  invitation and kind); a run that was missed sends only the most recent reminder due, never
  a burst of the ones it skipped, and nothing due before the invitation was sent.
- each inviting user gets one digest a day of their invitations whose deadline has passed
  unanswered: an in-app notification and an e-mail (``DigestSent`` once per user and day).

Reminders carry no link (it is never stored): they point back to the invitation e-mail.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from evaluator.models import DigestSent, Invitation, InvitationState, ReminderSent
from evaluator.models.questionnaires import EDITABLE_STATUSES
from evaluator.portal.emails import send_notice
from vendors.alerts.slips import notify
from vendors.models import Notification, NotificationKind

logger = logging.getLogger(__name__)

# Not submitted, expired or revoked (current_state applies expiry and revocation).
CHASED_STATES = (InvitationState.SENT, InvitationState.OPENED, InvitationState.IN_PROGRESS)


@dataclass
class RemindResult:
    reminders: list[tuple[Invitation, str]] = field(default_factory=list)
    digests: list[tuple[object, int]] = field(default_factory=list)  # (user, overdue count)

    def summary(self) -> str:
        return f"{len(self.reminders)} reminder(s) sent, {len(self.digests)} overdue digest(s) sent."

    def lines(self) -> list[str]:
        out = [
            f"reminder {kind} to {invitation.email} ({invitation.response.vendor.name}, due "
            f"{invitation.deadline:%Y-%m-%d})"
            for invitation, kind in self.reminders
        ]
        out += [f"digest to {user.username}: {count} overdue invitation(s)" for user, count in self.digests]
        return [*out, self.summary()]


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def schedule(deadline: datetime.date) -> list[tuple[datetime.date, str]]:
    """(due day, kind) of every reminder of an invitation with this deadline, earliest first."""
    due = [
        (deadline - datetime.timedelta(days=n), f"before_{n}") for n in settings.PORTAL_REMINDER_DAYS_BEFORE
    ]
    due += [
        (deadline + datetime.timedelta(days=n), f"after_{n}") for n in settings.PORTAL_REMINDER_DAYS_AFTER
    ]
    return sorted(due)


def due_reminder(invitation: Invitation, today: datetime.date, sent_kinds: set[str]) -> str | None:
    """The kind of reminder to send ``today``, or None.

    Only the most recent reminder due counts (a missed run catches up with that one alone),
    and only one due after the day the invitation was sent (that e-mail was the notice).
    """
    if invitation.current_state(start_of(today)) not in CHASED_STATES:
        return None
    sent_on = timezone.localdate(invitation.created_at)
    latest = None
    for day, kind in schedule(invitation.deadline):
        if sent_on < day <= today:
            latest = kind
    if latest is None or latest in sent_kinds:
        return None
    return latest


def reminder_text(invitation: Invitation, kind: str, today: datetime.date) -> tuple[str, str]:
    response = invitation.response
    what = f"the questionnaire “{response.questionnaire.title}” for {response.vendor.name}"
    progress = f"{response.progress_percent} % of the required questions are answered so far."
    if kind.startswith("before_"):
        days = (invitation.deadline - today).days
        when = "tomorrow" if days == 1 else f"in {days} days"
        subject = f"Reminder: {response.vendor.name} questionnaire due {when}"
        message = f"A reminder that {what} is due on {invitation.deadline:%d %B %Y} ({when}). {progress}"
    else:
        subject = f"Overdue: {response.vendor.name} questionnaire"
        message = (
            f"The deadline for {what} was {invitation.deadline:%d %B %Y}. {progress} The link still works "
            f"until {invitation.valid_until:%d %B %Y}; please submit before then."
        )
    return subject, message


def remind_once(invitation: Invitation, kind: str, subject: str, message: str) -> bool:
    """Record the reminder and send it; False if it was already sent (by this or another run).

    The row and the e-mail stand or fall together: a mail server that refuses the message
    rolls the row back, so the next run tries again.
    """
    try:
        with transaction.atomic():
            ReminderSent.objects.create(invitation=invitation, kind=kind)
            send_notice(invitation, subject, message)
    except IntegrityError:
        return False
    return True


def send_reminders(today: datetime.date) -> list[tuple[Invitation, str]]:
    """Send the reminders due ``today``; return (invitation, kind) of each one sent."""
    longest_before = max(settings.PORTAL_REMINDER_DAYS_BEFORE, default=0)
    longest_after = max(settings.PORTAL_REMINDER_DAYS_AFTER, default=0)
    candidates = list(
        Invitation.objects.filter(
            revoked_at__isnull=True,
            state__in=CHASED_STATES,
            deadline__lte=today + datetime.timedelta(days=longest_before),
            deadline__gte=today - datetime.timedelta(days=longest_after),
        )
        .select_related("response__vendor", "response__questionnaire", "invited_by")
        .order_by("deadline", "pk")
    )
    sent_kinds = defaultdict(set)
    for invitation_id, kind in ReminderSent.objects.filter(invitation__in=candidates).values_list(
        "invitation_id", "kind"
    ):
        sent_kinds[invitation_id].add(kind)
    sent = []
    for invitation in candidates:
        kind = due_reminder(invitation, today, sent_kinds[invitation.pk])
        if kind and remind_once(invitation, kind, *reminder_text(invitation, kind, today)):
            sent.append((invitation, kind))
    return sent


def overdue_by_inviter(today: datetime.date) -> dict:
    """Inviting user -> their invitations past the deadline whose response is still unanswered."""
    overdue = (
        Invitation.objects.filter(
            deadline__lt=today,
            revoked_at__isnull=True,
            invited_by__isnull=False,
            invited_by__is_active=True,
            response__status__in=EDITABLE_STATUSES,
        )
        .exclude(state__in=(InvitationState.SUBMITTED, InvitationState.REVOKED))
        .select_related("invited_by", "response__vendor", "response__questionnaire")
        .order_by("deadline", "pk")
    )
    grouped = defaultdict(list)
    for invitation in overdue:
        grouped[invitation.invited_by].append(invitation)
    return grouped


def digest_message(invitations: list[Invitation], today: datetime.date) -> str:
    count = len(invitations)
    names = ", ".join(sorted({i.response.vendor.name for i in invitations}))
    return f"{count} questionnaire invitation{'s are' if count != 1 else ' is'} overdue: {names}."


def digest_email(user, invitations: list[Invitation], today: datetime.date) -> EmailMessage:
    lines = [f"Hello {user.get_full_name() or user.username},", "", digest_message(invitations, today), ""]
    for invitation in invitations:
        response = invitation.response
        late = (today - invitation.deadline).days
        lines.append(
            f"- {response.vendor.name} · {response.questionnaire}: due {invitation.deadline:%d %b %Y} "
            f"({late} day{'s' if late != 1 else ''} late), {response.progress_percent} % answered, "
            f"{invitation.email}\n  {settings.SITE_URL}{response.get_absolute_url()}"
        )
    lines += ["", "You receive this because you sent these invitations in the vendor tracker."]
    return EmailMessage(
        subject=f"{len(invitations)} overdue questionnaire invitation(s)",
        body="\n".join(lines),
        to=[user.email],
    )


def send_digests(today: datetime.date) -> list[tuple[object, int]]:
    """One overdue digest per inviting user and day; return (user, overdue count) of each sent."""
    sent = []
    for user, invitations in overdue_by_inviter(today).items():
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, sent_on=today)
                dedupe_key = f"portal_overdue:{today.isoformat()}"
                notify(
                    [user],
                    kind=NotificationKind.PORTAL,
                    dedupe_key=dedupe_key,
                    message=digest_message(invitations, today),
                    url=reverse("questionnaires:responses"),
                )
                if user.email:
                    mailers.default.send_messages([digest_email(user, invitations, today)])
                # E-mailed here: the daily vendor-alert e-mail must not send it again.
                Notification.objects.filter(user=user, dedupe_key=dedupe_key, emailed_at__isnull=True).update(
                    emailed_at=timezone.now()
                )
        except IntegrityError:
            continue
        sent.append((user, len(invitations)))
    return sent


def run_daily(today: datetime.date | None = None) -> RemindResult:
    """Send today's reminders and overdue digests; safe to run as often as you like."""
    today = today or timezone.localdate()
    return RemindResult(reminders=send_reminders(today), digests=send_digests(today))
