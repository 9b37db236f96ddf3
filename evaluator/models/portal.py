"""The vendor portal: invitations that let a vendor contact answer one response without an
account, campaigns that send one questionnaire to many vendors, and the record of what was
sent (reminders, digests) so that chasing is idempotent.

An invitation's token is 256 random bits shown once; only its SHA-256 is stored (as for API
tokens), so a database reader cannot answer as the vendor.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from common.models import TrackedModel

DEFAULT_GRACE_DAYS = 3


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationState(models.TextChoices):
    SENT = "sent", "Sent"
    OPENED = "opened", "Opened"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


# States in which the link still opens the portal (before expiry and revocation are applied).
USABLE_STATES = (
    InvitationState.SENT,
    InvitationState.OPENED,
    InvitationState.IN_PROGRESS,
    InvitationState.SUBMITTED,
)


class Campaign(TrackedModel):
    """One questionnaire version sent to many vendors at once; each vendor gets a response and an invitation."""

    title = models.CharField(max_length=200)
    questionnaire = models.ForeignKey(
        "evaluator.Questionnaire", on_delete=models.PROTECT, related_name="campaigns"
    )
    evaluation = models.ForeignKey(
        "evaluator.Evaluation", on_delete=models.PROTECT, null=True, blank=True, related_name="campaigns"
    )
    deadline = models.DateField()
    grace_days = models.PositiveSmallIntegerField(default=DEFAULT_GRACE_DAYS)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The invitations of the responses ``user`` may see."""
        from evaluator.models.questionnaires import Response

        return self.filter(response__in=Response.objects.visible_to(user).values("pk"))


class Invitation(TrackedModel):
    response = models.ForeignKey("evaluator.Response", on_delete=models.CASCADE, related_name="invitations")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    email = models.EmailField()
    deadline = models.DateField()
    grace_days = models.PositiveSmallIntegerField(
        default=DEFAULT_GRACE_DAYS, help_text="Days after the deadline during which the link still works."
    )
    message = models.TextField(blank=True)
    require_code = models.BooleanField(
        default=False, help_text="Ask for a one-time code sent by e-mail when the link is first opened."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    state = models.CharField(max_length=20, choices=InvitationState.choices, default=InvitationState.SENT)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # One-time e-mail code (hash only) and the lockout after repeated wrong codes.
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_verified_at = models.DateTimeField(null=True, blank=True)
    failed_code_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} · {self.response}"

    @property
    def valid_until(self) -> datetime.date:
        """The last day the link opens the portal: the deadline plus the grace days."""
        return self.deadline + datetime.timedelta(days=self.grace_days)

    @property
    def expires_at(self) -> datetime.datetime:
        """The end of ``valid_until`` (the next day's midnight), in the site's time zone."""
        end = datetime.datetime.combine(self.valid_until + datetime.timedelta(days=1), datetime.time.min)
        return timezone.make_aware(end)

    def current_state(self, now: datetime.datetime | None = None) -> str:
        """The stored state, with revocation and expiry applied: what procurement and the portal go by."""
        if self.revoked_at:
            return InvitationState.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return InvitationState.EXPIRED
        return self.state

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        return self.current_state(now) in USABLE_STATES


class PortalEvent(models.Model):
    """One thing a vendor contact did in the portal, attributed to the invited address."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor_email = models.EmailField()
    action = models.CharField(max_length=40)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.actor_email} {self.action} {self.detail}".strip()


class ReminderKind(models.TextChoices):
    BEFORE_7 = "before_7", "7 days before the deadline"
    BEFORE_3 = "before_3", "3 days before the deadline"
    BEFORE_1 = "before_1", "1 day before the deadline"
    AFTER_1 = "after_1", "The day after the deadline"


class ReminderSent(models.Model):
    """A reminder that went out: its uniqueness makes ``send_reminders`` send each one once."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["invitation", "kind"], name="reminder_once_per_kind")]

    def __str__(self):
        return f"{self.invitation} · {self.kind}"


class DigestSent(models.Model):
    """The overdue digest a user got on a day: at most one per user and day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="digest_once_per_day")]

    def __str__(self):
        return f"{self.user} · {self.sent_on}"
