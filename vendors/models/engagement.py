import datetime

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from common.models import MONEY, TrackedModel, non_negative


class ContractQuerySet(models.QuerySet):
    def in_force(self, today: datetime.date):
        """Contracts whose period includes ``today`` (start and end dates included)."""
        return self.filter(start_date__lte=today, end_date__gte=today)


class Contract(TrackedModel):
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="contracts")
    reference = models.CharField(max_length=100, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    notice_period_days = models.PositiveIntegerField(default=90)
    annual_value = models.DecimalField(**MONEY, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    tier = models.CharField(max_length=60, blank=True)
    future_features_clause = models.TextField(
        blank=True, help_text="What the contract says about features released during its term."
    )

    objects = ContractQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="contract_ends_after_start"
            ),
            non_negative("annual_value", "contract_value_non_negative"),
        ]

    def __str__(self):
        return f"{self.vendor} {self.reference or 'contract'} ({self.start_date:%Y}–{self.end_date:%Y})"

    @property
    def notice_deadline(self) -> datetime.date:
        """The last day notice can be given: the end date minus the notice period."""
        return self.end_date - datetime.timedelta(days=self.notice_period_days)

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "The contract must end after it starts."})


BRIEFING_QUESTIONS = {
    "covered_roadmap": "Product roadmap",
    "covered_investment": "Where the investments come from",
    "covered_timeframe": "Timeframe for delivery",
    "covered_contract_terms": "Future capability under current contract terms",
}


class Briefing(TrackedModel):
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="briefings")
    date = models.DateField()
    attendees = models.TextField(blank=True, help_text="One attendee per line")
    covered_roadmap = models.BooleanField("Covered: product roadmap", default=False)
    covered_investment = models.BooleanField("Covered: where the investments come from", default=False)
    covered_timeframe = models.BooleanField("Covered: timeframe for delivery", default=False)
    covered_contract_terms = models.BooleanField(
        "Covered: future capability under current terms", default=False
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor", "-date"]

    def __str__(self):
        return f"{self.vendor} briefing {self.date}"

    @property
    def questions_covered(self) -> list[str]:
        return [label for field, label in BRIEFING_QUESTIONS.items() if getattr(self, field)]

    @property
    def questions_missed(self) -> list[str]:
        return [label for field, label in BRIEFING_QUESTIONS.items() if not getattr(self, field)]
