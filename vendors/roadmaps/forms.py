"""The roadmap item form: a target date never moves without a reason (the re-baseline log)."""

from django import forms

from vendors.models import (
    Briefing,
    RoadmapItem,
)
from vendors.records.forms import DATE, VendorChildForm


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
