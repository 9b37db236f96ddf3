import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common.models import MONEY, TrackedModel, non_negative


class CommitmentKind(models.TextChoices):
    PUBLIC_ROADMAP = "public_roadmap", "Public roadmap"
    NDA_BRIEFING = "nda_briefing", "NDA briefing"
    CONTRACTUAL = "contractual", "Contractual commitment"
    SALES_PROMISE = "sales_promise", "Sales promise"


class RoadmapStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DELIVERED = "delivered", "Delivered"
    SLIPPED = "slipped", "Slipped"
    CANCELLED = "cancelled", "Cancelled"
    SILENTLY_DROPPED = "silently_dropped", "Silently dropped"


OPEN_STATUSES = (RoadmapStatus.PLANNED, RoadmapStatus.IN_PROGRESS, RoadmapStatus.SLIPPED)


class DeliveredAs(models.TextChoices):
    GA = "ga", "Generally available"
    BETA = "beta", "Beta"


class ContractCoverage(models.TextChoices):
    INCLUDED = "included", "Included"
    TIER_UPGRADE = "tier_upgrade", "Tier upgrade"
    PAID_ADDON = "paid_addon", "Paid add-on"
    SERVICES = "services", "Services"
    WHEN_IF_AVAILABLE = "when_if_available", "When and if available"
    EXCLUDED = "excluded", "Excluded"
    UNKNOWN = "unknown", "Unknown"


class RebaselineRequired(ValidationError):
    """Raised when a target date would change without a logged reason."""


class RoadmapItemQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # A bulk update would move target dates without writing the log.
        if "target_date" in kwargs:
            raise RebaselineRequired(
                "Target dates change one item at a time through RoadmapItem.rebaseline(), "
                "so that every change is logged."
            )
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if "target_date" in fields:
            raise RebaselineRequired("bulk_update cannot change target dates; use RoadmapItem.rebaseline().")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None):
        return self.open().filter(target_date__lt=today or timezone.localdate())


class RoadmapItem(TrackedModel):
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="roadmap_items")
    capability = models.ForeignKey(
        "vendors.Capability", on_delete=models.PROTECT, related_name="roadmap_items"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    commitment_kind = models.CharField(
        max_length=20, choices=CommitmentKind.choices, default=CommitmentKind.PUBLIC_ROADMAP
    )
    first_promised_date = models.DateField(help_text="The delivery date first promised; never changes.")
    target_date = models.DateField(help_text="The currently promised delivery date.")
    status = models.CharField(max_length=20, choices=RoadmapStatus.choices, default=RoadmapStatus.PLANNED)
    delivered_date = models.DateField(null=True, blank=True)
    delivered_as = models.CharField(max_length=4, choices=DeliveredAs.choices, blank=True)
    contract_coverage = models.CharField(
        max_length=20, choices=ContractCoverage.choices, default=ContractCoverage.UNKNOWN
    )
    coverage_cost = models.DecimalField(
        **MONEY, null=True, blank=True, help_text="Extra cost to obtain it, when not included."
    )
    currency = models.CharField(max_length=3, default="EUR")
    source = models.CharField(max_length=200, blank=True)
    briefing = models.ForeignKey(
        "vendors.Briefing",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_items",
        help_text="The briefing that produced this item, if any.",
    )

    objects = RoadmapItemQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["target_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="delivered") | models.Q(delivered_date__isnull=False),
                name="roadmap_delivered_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status="delivered") | models.Q(delivered_date__isnull=True),
                name="roadmap_date_only_when_delivered",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="delivered") | ~models.Q(delivered_as=""),
                name="roadmap_delivered_says_ga_or_beta",
            ),
            models.CheckConstraint(
                condition=models.Q(target_date__gte=models.F("first_promised_date")),
                name="roadmap_target_not_before_first_promise",
            ),
            non_negative("coverage_cost", "roadmap_cost_non_negative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("vendors:roadmap_item", args=[self.pk])

    # --- re-baselines -------------------------------------------------------

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._loaded_target_date = instance.__dict__.get("target_date")
        return instance

    def refresh_from_db(self, using=None, fields=None, **kwargs):
        super().refresh_from_db(using=using, fields=fields, **kwargs)
        if fields is None or "target_date" in fields:
            self._loaded_target_date = self.__dict__.get("target_date")
            self._pending_change = None

    def rebaseline(self, new_date: datetime.date, reason: str, user=None) -> None:
        """Set a new target date; the change is logged when the item is saved."""
        reason = (reason or "").strip()
        if not reason:
            raise RebaselineRequired({"target_date": "Say why the target date changes."})
        pending = getattr(self, "_pending_change", None)
        old_date = pending[0] if pending else self.target_date
        self.target_date = new_date
        self._pending_change = (old_date, reason, user)

    def clean(self):
        errors = {}
        if self.status == RoadmapStatus.DELIVERED and not self.delivered_date:
            errors["delivered_date"] = "A delivered item needs the date it was delivered."
        if self.delivered_date and self.status != RoadmapStatus.DELIVERED:
            errors["delivered_date"] = (
                "Only a delivered item has a delivery date; set the status to Delivered."
            )
        if self.status == RoadmapStatus.DELIVERED and not self.delivered_as:
            errors["delivered_as"] = "Say whether it was delivered as GA or beta."
        if self.target_date and self.first_promised_date and self.target_date < self.first_promised_date:
            # Vendors do deliver early, but a target earlier than the first promise is a typing error.
            errors["target_date"] = "The target date cannot be before the first promised date."
        if self.coverage_cost is not None and self.coverage_cost < 0:
            errors["coverage_cost"] = "A cost cannot be negative."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        pending = getattr(self, "_pending_change", None)
        if self._state.adding:
            # A new item may be recorded already re-baselined: log from the first date.
            old_date = pending[0] if pending else None
        elif "_loaded_target_date" not in self.__dict__ or self._loaded_target_date is None:
            # Loaded without its target date (.only()/.defer()): ask the database.
            old_date = (
                type(self)._base_manager.filter(pk=self.pk).values_list("target_date", flat=True).first()
            )
        else:
            old_date = self._loaded_target_date
        changed = old_date is not None and old_date != self.target_date
        if changed and pending is None:
            raise RebaselineRequired(
                {"target_date": "The target date changed without a reason; use rebaseline()."}
            )
        if changed:
            # The audit history row of this save carries the re-baseline's reason too.
            self._change_reason = pending[1]
        with transaction.atomic():
            super().save(*args, **kwargs)
            if changed:
                _, reason, user = pending
                RoadmapChange.objects.create(
                    item=self, old_date=old_date, new_date=self.target_date, reason=reason, changed_by=user
                )
        self._loaded_target_date = self.target_date
        self._pending_change = None

    # --- derived facts for display -----------------------------------------

    @property
    def slip_days(self) -> int | None:
        """Days between the first promise and delivery (or the current target if open)."""
        end = self.delivered_date or self.target_date
        if end is None or self.first_promised_date is None:
            return None
        return (end - self.first_promised_date).days

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.target_date < timezone.localdate()


class RoadmapChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The re-baseline log is append-only.")

    def delete(self):
        raise TypeError("The re-baseline log is append-only.")


class RoadmapChange(models.Model):
    """Append-only: one row per re-baseline of a roadmap item's target date."""

    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="changes")
    old_date = models.DateField()
    new_date = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = RoadmapChangeQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="roadmap_change_has_reason"),
        ]

    def __str__(self):
        return f"{self.item}: {self.old_date} → {self.new_date}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The re-baseline log is append-only; entries cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The re-baseline log is append-only; entries cannot be deleted.")

    @property
    def shift_days(self) -> int:
        return (self.new_date - self.old_date).days
