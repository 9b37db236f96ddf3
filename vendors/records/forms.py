"""Entry forms for the vendor record. Every form lists its fields explicitly."""

from django import forms

from common.models import currency_code
from vendors.directory.forms import NoSilentCutMixin
from vendors.models import (
    MATURITY_RUBRIC,
    Briefing,
    CapabilityAssessment,
    Contract,
    FinancialFact,
    FundingEvent,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VendorChildForm(NoSilentCutMixin, forms.ModelForm):
    """A record that belongs to one vendor; the view supplies the vendor."""

    def __init__(self, *args, vendor=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vendor = vendor or getattr(self.instance, "vendor", None)
        self.user = user
        if self.vendor is not None:
            self.instance.vendor = self.vendor

    def clean_currency(self):
        return currency_code(self.cleaned_data["currency"])


class AssessmentForm(VendorChildForm):
    class Meta:
        model = CapabilityAssessment
        fields = ["capability", "assessed_on", "maturity", "delivery_model", "evidence_grade", "note"]
        widgets = {"assessed_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "maturity": " · ".join(f"{level} {title}" for level, (title, _) in MATURITY_RUBRIC.items()),
        }

    def clean(self):
        cleaned = super().clean()
        capability, day = cleaned.get("capability"), cleaned.get("assessed_on")
        if capability and day and self.vendor is not None:
            clash = CapabilityAssessment.objects.filter(
                vendor=self.vendor, capability=capability, assessed_on=day
            )
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("assessed_on", "This capability already has an assessment on this date.")
        return cleaned

    def save(self, commit=True):
        assessment = super().save(commit=False)
        if assessment.assessed_by_id is None and self.user is not None:
            assessment.assessed_by = self.user
        if commit:
            assessment.save()
        return assessment


class FinancialFactForm(VendorChildForm):
    class Meta:
        model = FinancialFact
        fields = ["fiscal_year", "revenue", "rd_spend", "rd_headcount", "currency", "source", "confidence"]

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("fiscal_year")
        if year and self.vendor is not None:
            clash = FinancialFact.objects.filter(vendor=self.vendor, fiscal_year=year).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error("fiscal_year", f"FY{year} is already recorded for this vendor.")
        return cleaned


class FundingEventForm(VendorChildForm):
    class Meta:
        model = FundingEvent
        fields = ["date", "kind", "amount", "currency", "note"]
        widgets = {"date": DATE}


class ContractForm(VendorChildForm):
    class Meta:
        model = Contract
        fields = [
            "reference",
            "start_date",
            "end_date",
            "notice_period_days",
            "annual_value",
            "currency",
            "tier",
            "future_features_clause",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "future_features_clause": forms.Textarea(attrs={"rows": 3}),
        }


class BriefingForm(VendorChildForm):
    class Meta:
        model = Briefing
        fields = [
            "date",
            "attendees",
            "covered_roadmap",
            "covered_investment",
            "covered_timeframe",
            "covered_contract_terms",
            "notes",
        ]
        widgets = {
            "date": DATE,
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
