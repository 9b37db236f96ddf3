"""Entry forms for the vendor record. Every form lists its fields explicitly."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.text import slugify

from vendors.models import (
    MATURITY_RUBRIC,
    Briefing,
    CapabilityAssessment,
    Contract,
    FinancialFact,
    FundingEvent,
    RoadmapItem,
    Vendor,
)

# Words the vendor pages use in their own addresses (vendors/urls.py).
RESERVED_SLUGS = {"new", "capabilities", "roadmaps", "notifications"}

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VendorForm(forms.ModelForm):
    class Meta:
        model = Vendor
        fields = [
            "name",
            "website",
            "country",
            "founded",
            "headcount",
            "ownership",
            "status",
            "unique_selling_points",
            "description",
        ]
        widgets = {
            "unique_selling_points": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Vendor.objects.annotate(lname=Lower("name")).filter(lname=name.lower())
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("A vendor with this name already exists.")
        slug = slugify(name)
        if not slug:
            raise ValidationError("The name needs at least one letter or digit.")
        if slug in RESERVED_SLUGS:
            raise ValidationError(f"{name!r} is reserved by the application; add a word to it.")
        slug_clash = Vendor.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if slug_clash.exists():
            raise ValidationError(f"This name is too close to {slug_clash.first().name!r}.")
        return name

    def save(self, commit=True):
        vendor = super().save(commit=False)
        vendor.slug = slugify(vendor.name)
        if commit:
            vendor.save()
        return vendor


class VendorChildForm(forms.ModelForm):
    """A record that belongs to one vendor; the view supplies the vendor."""

    def __init__(self, *args, vendor=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vendor = vendor or getattr(self.instance, "vendor", None)
        self.user = user
        if self.vendor is not None:
            self.instance.vendor = self.vendor


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

    def clean_currency(self):
        return _currency(self.cleaned_data["currency"])

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

    def clean_currency(self):
        return _currency(self.cleaned_data["currency"])


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

    def clean_currency(self):
        return _currency(self.cleaned_data["currency"])


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


class RoadmapItemForm(VendorChildForm):
    """Creating or editing a roadmap item; moving its target date needs a reason.

    The reason becomes the re-baseline log entry. A new item whose target
    already differs from the first promise is stored at the first promise and
    re-baselined at once, so its history starts complete.
    """

    change_reason = forms.CharField(
        label="Reason for the new target date",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required whenever the target date differs from the one on record.",
    )

    class Meta:
        model = RoadmapItem
        fields = [
            "capability",
            "title",
            "description",
            "commitment_kind",
            "first_promised_date",
            "target_date",
            "status",
            "delivered_date",
            "delivered_as",
            "contract_coverage",
            "coverage_cost",
            "currency",
            "source",
            "briefing",
        ]
        widgets = {
            "first_promised_date": DATE,
            "target_date": DATE,
            "delivered_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_date"].required = False
        self.fields["target_date"].help_text = "Leave empty on a new item to use the first promised date."
        if self.instance.pk:
            # The first promise is history: it never changes after creation.
            self.fields["first_promised_date"].disabled = True
        vendor = self.vendor
        if vendor is not None and "briefing" in self.fields:
            self.fields["briefing"].queryset = Briefing.objects.filter(vendor=vendor)

    def clean_currency(self):
        return _currency(self.cleaned_data["currency"])

    def clean(self):
        cleaned = super().clean()
        first = cleaned.get("first_promised_date")
        target = cleaned.get("target_date") or first
        cleaned["target_date"] = target
        recorded = self.instance.target_date if self.instance.pk else first
        self._target_moves = target is not None and recorded is not None and target != recorded
        if self._target_moves and not cleaned.get("change_reason", "").strip():
            self.add_error("change_reason", f"Say why the target date moves from {recorded} to {target}.")
        return cleaned

    def _post_clean(self):
        # The model's clean() must see the target as it will be saved.
        if self.instance.pk is None and self.cleaned_data.get("target_date"):
            self.instance.target_date = self.cleaned_data["target_date"]
        super()._post_clean()

    def save(self, commit=True):
        item = super().save(commit=False)
        if self._target_moves:
            # Put back the date on record so that rebaseline() logs the move from it.
            item.target_date = item.first_promised_date if item.pk is None else item._loaded_target_date
            item.rebaseline(self.cleaned_data["target_date"], self.cleaned_data["change_reason"], self.user)
        if commit:
            item.save()
            self.save_m2m()
        return item


def _currency(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 3 or not value.isalpha():
        raise ValidationError("Use a three-letter ISO currency code such as EUR or USD.")
    return value
