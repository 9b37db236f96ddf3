"""Forms of the signal pages; the rules live in Signal.review and review.resolve_name."""

from django import forms

from vendors.models import SignalSource, SignalStatus, Vendor

REVIEW_CHOICES = [(SignalStatus.CONFIRMED, "Confirm"), (SignalStatus.DISMISSED, "Dismiss")]


class SignalReviewForm(forms.Form):
    status = forms.ChoiceField(choices=REVIEW_CHOICES)
    reason = forms.CharField(required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("status") == SignalStatus.DISMISSED and not (data.get("reason") or "").strip():
            raise forms.ValidationError("Say why the signal is dismissed.")
        return data


class IgnoreNameForm(forms.Form):
    source = forms.ChoiceField(choices=SignalSource.choices)
    vendor_name = forms.CharField(max_length=300)


class ResolveNameForm(IgnoreNameForm):
    vendor = forms.ModelChoiceField(
        queryset=Vendor.objects.all(), error_messages={"required": "Choose a vendor."}
    )
    remember = forms.BooleanField(required=False)
