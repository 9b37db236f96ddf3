from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from common.models import MONEY, TrackedModel, non_negative


class Confidence(models.TextChoices):
    LOW = "low", "Low (estimate or hearsay)"
    MEDIUM = "medium", "Medium (vendor statement)"
    HIGH = "high", "High (audited or filed)"


class FundingKind(models.TextChoices):
    ORGANIC = "organic", "Organic (operations)"
    VENTURE = "venture", "Venture capital"
    PRIVATE_EQUITY = "private_equity", "Private equity"
    PUBLIC_EQUITY = "public_equity", "Public equity"
    DEBT = "debt", "Debt"
    GRANT = "grant", "Grant"
    PARENT = "parent", "Parent company"


class FinancialFact(TrackedModel):
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="financials")
    fiscal_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    revenue = models.DecimalField(**MONEY, null=True, blank=True)
    rd_spend = models.DecimalField("R&D spend", **MONEY, null=True, blank=True)
    rd_headcount = models.PositiveIntegerField("R&D headcount", null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    source = models.CharField(max_length=200, blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "fiscal_year"], name="financial_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=1990, fiscal_year__lte=2100),
                name="financial_year_plausible",
            ),
            non_negative("revenue", "financial_revenue_non_negative"),
            non_negative("rd_spend", "financial_rd_spend_non_negative"),
        ]

    def __str__(self):
        return f"{self.vendor} FY{self.fiscal_year}"


class FundingEvent(TrackedModel):
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="funding_events")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=FundingKind.choices)
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    note = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor", "-date"]
        constraints = [non_negative("amount", "funding_amount_non_negative")]

    def __str__(self):
        return f"{self.vendor} {self.get_kind_display()} {self.date}"
