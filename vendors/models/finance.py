from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
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


CONFIRM_FIELD = "confirm_implausible"


class ImplausibleFigures(models.Model):
    """Figures that can be true but rarely are: saved only with an explicit confirmation, then flagged.

    ``implausibilities()`` is the one rule (the form, the API and the vendor page use it);
    ``confirm_figures()`` refuses unconfirmed implausible figures and records who confirmed them.
    """

    figures_confirmed = models.BooleanField(
        default=False, help_text="Someone confirmed figures that look implausible (see the reasons)."
    )
    figures_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def implausibilities(self) -> list[str]:
        """Why these figures look implausible, in plain words; empty when they do not."""
        raise NotImplementedError

    def confirm_figures(self, confirmed: bool, user=None) -> None:
        """Raise ValidationError (on ``confirm_implausible``) listing the reasons unless ``confirmed``.

        Implausible figures must be confirmed on every save that keeps them; the confirmation and
        who gave it are stored, and cleared once the figures are plausible again.
        """
        reasons = self.implausibilities()
        if not reasons:
            self.figures_confirmed, self.figures_confirmed_by = False, None
            return
        if not confirmed:
            raise ValidationError(
                {
                    CONFIRM_FIELD: "These figures look implausible: "
                    + "; ".join(reasons)
                    + ". Check them; if they are right, confirm them."
                }
            )
        if not self.figures_confirmed or user is not None:
            self.figures_confirmed_by = user if getattr(user, "is_authenticated", False) else None
        self.figures_confirmed = True


class FinancialFact(ImplausibleFigures, TrackedModel):
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

    @property
    def rd_intensity(self):
        """R&D spend over revenue (a fraction), or None when either is unknown or revenue is zero."""
        if self.revenue is None or self.rd_spend is None or not self.revenue:
            return None
        return self.rd_spend / self.revenue

    def implausibilities(self, today=None) -> list[str]:
        today = today or timezone.localdate()
        reasons = []
        if self.revenue is not None and self.rd_spend is not None and self.rd_spend > self.revenue:
            intensity = self.rd_intensity  # None when revenue is zero
            shown = f"{intensity:.0%}" if intensity is not None else "infinite"
            reasons.append(f"R&D spend is more than revenue (R&D intensity {shown}, above 100 %)")
        if self.fiscal_year and self.fiscal_year > today.year:
            reasons.append(f"FY{self.fiscal_year} is in the future")
        return reasons


class FundingEvent(ImplausibleFigures, TrackedModel):
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

    def implausibilities(self) -> list[str]:
        vendor = self.vendor if self.vendor_id else None
        founded = getattr(vendor, "founded", None)
        if self.date and founded and self.date.year < founded:
            return [f"dated {self.date.year}, before the vendor was founded ({founded})"]
        return []
