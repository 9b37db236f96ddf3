"""Vendor signals: dated facts about a vendor from public feeds, and the names that match them.

A ``Signal`` is append-only: an import adds new ones and never rewrites what it saved; a person
may only confirm one or dismiss it with a reason (``Signal.review``), kept in its history. Feed
entries that name no known vendor, or several, wait in the review queue (``UnmatchedEntry``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from vendors.models.finance import Confidence


class SignalKind(models.TextChoices):
    EXPLOITED_VULNERABILITY = "exploited_vulnerability", "Known exploited vulnerability"
    VULNERABILITY = "vulnerability", "Vulnerability"
    ADVISORY = "advisory", "Advisory"
    BREACH = "breach", "Breach or incident"
    OWNERSHIP_CHANGE = "ownership_change", "Ownership change"
    FINANCIAL_DISTRESS = "financial_distress", "Financial distress"
    SANCTION = "sanction", "Sanction or banned-equipment listing"
    NEWS = "news", "News"


class Severity(models.TextChoices):
    INFO = "info", "Information"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


# Lowest first: a watch rule "high or above" keeps the severities at or after "high".
SEVERITY_ORDER = [choice.value for choice in Severity]


class SignalSource(models.TextChoices):
    KEV = "kev", "CISA Known Exploited Vulnerabilities"
    NVD = "nvd", "NVD CVE API 2.0"
    FEED = "feed", "RSS or Atom feed"
    WEBHOOK = "webhook", "Webhook"
    MANUAL = "manual", "Entered by hand"


class SignalStatus(models.TextChoices):
    NEW = "new", "New"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"


class AliasKind(models.TextChoices):
    NAME = "name", "Name in feeds"
    CPE_VENDOR = "cpe_vendor", "CPE vendor"


def normalise_name(text: str) -> str:
    """How names are compared: case, spacing and the underscores of CPE names do not matter."""
    return " ".join((text or "").replace("_", " ").casefold().split())


class VendorAlias(models.Model):
    """A name the vendor appears under in feeds ("Hangzhou Hikvision Digital Technology", CPE "hikvision")."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(max_length=20, choices=AliasKind.choices, default=AliasKind.NAME)
    name = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor", "kind", "name"]
        verbose_name_plural = "vendor aliases"
        constraints = [
            # The same name for two vendors is allowed: entries under it go to the review queue.
            models.UniqueConstraint(fields=["vendor", "kind", "normalised"], name="vendor_alias_once"),
        ]

    def __str__(self):
        return f"{self.name} → {self.vendor}"

    def save(self, *args, **kwargs):
        self.normalised = normalise_name(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        # The unique constraint is on the normalised name, which no form holds: check it here so a
        # duplicate is a field error, not a database error.
        self.normalised = normalise_name(self.name)
        duplicate = VendorAlias.objects.filter(
            vendor_id=self.vendor_id, kind=self.kind, normalised=self.normalised
        ).exclude(pk=self.pk)
        if self.vendor_id and duplicate.exists():
            raise ValidationError(
                {"name": "This vendor already has this name (ignoring case and punctuation)."}
            )


class VendorProduct(models.Model):
    """One of the vendor's products as feeds name it (KEV ``product``, the CPE product part).

    ``family`` groups products for the "product security record" criterion (docs/scoring.md §3);
    ``capability`` ties a product to the capability it delivers, so a signal about it names one.
    """

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="products")
    name = models.CharField(max_length=200)
    cpe_product = models.CharField(
        max_length=200, blank=True, help_text='The CPE product part, e.g. "exchange_server".'
    )
    family = models.CharField(
        max_length=120, blank=True, help_text="Product family; empty: the product's name."
    )
    capability = models.ForeignKey(
        "vendors.Capability", on_delete=models.SET_NULL, null=True, blank=True, related_name="products"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor", "name"]
        constraints = [
            models.UniqueConstraint("vendor", Lower("name"), name="vendor_product_name_once"),
        ]

    def __str__(self):
        return f"{self.vendor} {self.name}"

    @property
    def family_name(self) -> str:
        return self.family or self.name


def product_family(product: "VendorProduct | None", product_name: str) -> str:
    """The product family a signal counts under: its product's family, else the name the source gave."""
    return product.family_name if product is not None else (product_name or "unnamed product")


class SignalQuerySet(models.QuerySet):
    def standing(self):
        """Signals that count: not dismissed."""
        return self.exclude(status=SignalStatus.DISMISSED)


class Signal(models.Model):
    """A dated fact about a vendor, with its source. Append-only (see the module docstring)."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="signals")
    product = models.ForeignKey(
        VendorProduct, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    capability = models.ForeignKey(
        "vendors.Capability", on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    product_name = models.CharField(
        max_length=300, blank=True, help_text="The product as the source names it."
    )
    kind = models.CharField(max_length=30, choices=SignalKind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=SignalSource.choices)
    source_name = models.CharField(
        max_length=200, blank=True, help_text="The feed or catalog, e.g. its title and version."
    )
    url = models.URLField(max_length=500, blank=True)
    external_id = models.CharField(
        max_length=300, help_text="The entry's id in its source (a CVE id, an Atom id)."
    )
    occurred_on = models.DateField(help_text="When the fact became public (KEV dateAdded, NVD published).")
    first_seen = models.DateTimeField(default=timezone.now, help_text="When this application first saw it.")
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM)
    ransomware = models.BooleanField(
        default=False, help_text="Known to be used in ransomware campaigns (KEV)."
    )
    cvss_score = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    status = models.CharField(max_length=10, choices=SignalStatus.choices, default=SignalStatus.NEW)
    status_reason = models.TextField(blank=True)

    objects = SignalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            # Re-importing the same catalog adds nothing.
            models.UniqueConstraint(
                fields=["vendor", "source", "external_id"], name="signal_once_per_source"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="dismissed") | ~models.Q(status_reason=""),
                name="signal_dismissal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["vendor", "occurred_on"], name="signal_vendor_date_idx")]

    def __str__(self):
        return f"{self.vendor}: {self.title}"

    def review(self, status: str, reason: str, user=None) -> None:
        """Confirm the signal or dismiss it with a reason; the one change a signal allows.

        Raises ValueError with the explanation when the change is refused.
        """
        reason = (reason or "").strip()
        if status not in (SignalStatus.CONFIRMED, SignalStatus.DISMISSED):
            raise ValueError("A signal can only be confirmed or dismissed.")
        if status == SignalStatus.DISMISSED and not reason:
            raise ValueError("Say why the signal is dismissed.")
        self.status, self.status_reason = status, reason
        self._history_user = user
        self._change_reason = (
            f"{self.get_status_display()}: {reason}" if reason else self.get_status_display()
        )
        self.save(update_fields=["status", "status_reason"])


class UnmatchedEntry(models.Model):
    """A feed entry that names no known vendor, or more than one: it waits here for a person."""

    source = models.CharField(max_length=10, choices=SignalSource.choices)
    external_id = models.CharField(max_length=300)
    vendor_name = models.CharField(max_length=300, help_text="The vendor as the entry names it.")
    product_name = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300)
    problem = models.CharField(
        max_length=300, help_text="Why it matched no vendor, or which ones it matched."
    )
    record = models.JSONField(help_text="The parsed entry, saved as a signal once a vendor is chosen.")
    first_seen = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_signal = models.ForeignKey(
        Signal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-first_seen", "-pk"]
        verbose_name_plural = "unmatched entries"
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="unmatched_entry_once")]

    def __str__(self):
        return f"{self.vendor_name}: {self.title}"


class FeedState(models.Model):
    """What the last fetch of a URL returned, so the next one asks only for what changed."""

    url = models.URLField(max_length=500, unique=True)
    source = models.CharField(max_length=10, choices=SignalSource.choices)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """A webhook delivery already accepted: the same id again is a replay."""

    delivery_id = models.CharField(max_length=200, unique=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return self.delivery_id
