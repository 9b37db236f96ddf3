"""The evidence vault: a vendor's certificates, reports and statements, each valid for a period.

A document in force on a date can back a "documented" or "verified" evidence grade on that
date; past its "valid until" it no longer does (``evidence_grade_in_force``).
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common.files import remove_unused_files
from common.models import TrackedModel


class DocumentKind(models.TextChoices):
    SOC2_TYPE2 = "soc2_type2", "SOC 2 Type II report"
    ISO27001 = "iso27001", "ISO 27001 certificate"
    PENTEST = "pentest", "Penetration test report"
    INSURANCE = "insurance", "Insurance certificate"
    PRODUCT_CERT = "product_cert", "Product certification (e.g. UL 294, EN 50131)"
    COMPLIANCE = "compliance", "Compliance statement (e.g. NDAA, FCC)"
    OTHER = "other", "Other"


def document_path(document, filename: str) -> str:
    return f"vendor-documents/{document.vendor_id}/{filename.rsplit('/', 1)[-1]}"


class VendorDocumentQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )


class VendorDocument(TrackedModel):
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    issuer = models.CharField(max_length=200, blank=True, help_text="Who issued or audited it.")
    scope = models.TextField(blank=True, help_text="What it covers: products, sites, services.")
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True, help_text="Leave empty if it does not expire.")
    file = models.FileField(upload_to=document_path, max_length=300)
    capabilities = models.ManyToManyField("vendors.Capability", blank=True, related_name="documents")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Told 30 days before the document expires.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when a vendor contact uploaded it through the portal.
    uploaded_by_email = models.EmailField(blank=True)
    contact_email = models.EmailField(blank=True, help_text="The vendor contact told before expiry.")
    expiry_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = VendorDocumentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[capabilities])

    class Meta:
        ordering = ["vendor__name", "-valid_until", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="document_valid_until_after_from",
            ),
        ]

    def __str__(self):
        return f"{self.vendor} · {self.title}"

    def get_absolute_url(self):
        return reverse("vendors:documents", args=[self.vendor.slug]) + f"#document-{self.pk}"

    def in_force_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


remove_unused_files(VendorDocument, "file")
