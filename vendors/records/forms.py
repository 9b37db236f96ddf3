"""Entry forms for the vendor record. Every form lists its fields explicitly."""

from django import forms
from django.core.exceptions import ValidationError

from common.models import currency_code
from vendors.directory.forms import NoSilentCutMixin
from vendors.models import (
    CONFIRM_FIELD,
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


class ConfirmFiguresMixin:
    """The model's implausibility rule on a form: a "confirm these figures" box appears with the warning.

    Without the box ticked, implausible figures get a form error listing the reasons
    (FinancialFact/FundingEvent.confirm_figures, the rule the API applies too).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        confirmed = bool(self.instance.pk and self.instance.figures_confirmed)
        self.fields[CONFIRM_FIELD] = forms.BooleanField(
            label="Confirm these figures: they are right even though they look implausible",
            required=False,
            initial=confirmed,
            # Shown only with the warning (or on a record already confirmed).
            widget=forms.CheckboxInput() if confirmed else forms.HiddenInput(),
        )

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the submitted values
        try:
            self.instance.confirm_figures(bool(self.cleaned_data.get(CONFIRM_FIELD)), self.user)
        except ValidationError as error:
            self.fields[CONFIRM_FIELD].widget = forms.CheckboxInput()
            self.add_error(None, error.message_dict[CONFIRM_FIELD])
            self.add_error(CONFIRM_FIELD, "Tick this box if the figures are right.")


class FinancialFactForm(ConfirmFiguresMixin, VendorChildForm):
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


class FundingEventForm(ConfirmFiguresMixin, VendorChildForm):
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
