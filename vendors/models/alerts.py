"""Who watches which vendor, and the notifications they receive."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class VendorWatch(models.Model):
    """A user asked to be told when something happens to this vendor (e.g. a roadmap slip)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor_watches"
    )
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)
    # The watcher's rule for signals (vendors/signals/): which kinds (empty: every kind), from which severity.
    signal_kinds = models.JSONField(
        default=list, blank=True, help_text="Signal kinds to be told about; empty: every kind."
    )
    signal_min_severity = models.CharField(
        max_length=10,
        default="high",
        help_text='The lowest severity to be told about ("info" … "critical"); "off": none.',
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "vendor"], name="vendor_watch_once_per_user")]

    def __str__(self):
        return f"{self.user} watches {self.vendor}"

    def set_signal_rule(self, kinds, min_severity: str) -> None:
        """Which signals the watcher hears about; ValueError names what is not a kind or severity."""
        from vendors.models.signals import SEVERITY_ORDER, SignalKind

        kinds = sorted(set(kinds))
        unknown = [kind for kind in kinds if kind not in SignalKind.values]
        if unknown:
            raise ValueError(f"Not a signal kind: {', '.join(unknown)}.")
        if min_severity not in (*SEVERITY_ORDER, "off"):
            raise ValueError(f"Not a severity: {min_severity!r}.")
        self.signal_kinds, self.signal_min_severity = kinds, min_severity


class NotificationKind(models.TextChoices):
    ROADMAP_SLIP = "roadmap_slip", "Presumed roadmap slip"
    VENDOR_SIGNAL = "vendor_signal", "Vendor signal"
    DECISION = "decision", "Decision sign-off"
    PORTAL = "portal", "Vendor portal"
    DOCUMENT_EXPIRY = "document_expiry", "Document expiring"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def pending_email(self):
        return self.filter(emailed_at__isnull=True)


class Notification(models.Model):
    """One message for one user, shown in the app and sent once by email.

    ``dedupe_key`` names the event (e.g. "roadmap_slip:12:2026-09-30": item 12
    missing its 30 September target); the unique constraint on (user,
    dedupe_key) is what guarantees nobody hears about the same event twice,
    however often the daily job runs.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    message = models.TextField()
    url = models.CharField(max_length=300, blank=True, help_text="A path inside the application.")
    roadmap_item = models.ForeignKey(
        "vendors.RoadmapItem", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    signal = models.ForeignKey(
        "vendors.Signal", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    dedupe_key = models.CharField(max_length=200)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the email went out; empty while it is still to be sent."
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_once_per_event"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.message
