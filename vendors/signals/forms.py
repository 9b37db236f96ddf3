"""Forms of the signal pages; the rules live in Signal.review, review.resolve_name and services."""

from django import forms

from vendors.models import SignalKind, SignalSource, SignalStatus, Vendor
from vendors.signals.fetching import max_bytes

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


class SignalImportForm(forms.Form):
    """A published feed file to import as signals (``tasks.start_upload``); URLs are for cron's command."""

    source = forms.ChoiceField(
        label="What the file is",
        choices=[
            ("kev", "CISA Known Exploited Vulnerabilities catalog (.json)"),
            ("nvd", "NVD CVE API 2.0 response (.json)"),
            ("feed", "RSS or Atom feed (.xml): news, or a vendor's own advisories"),
        ],
    )
    file = forms.FileField(
        label="Feed file", widget=forms.ClearableFileInput(attrs={"accept": ".json,.xml,.atom,.rss"})
    )
    kind = forms.ChoiceField(
        label="Feeds: what the entries are",
        choices=SignalKind.choices,
        initial=SignalKind.NEWS,
        required=False,
    )
    vendor = forms.ModelChoiceField(
        label="Feeds: the vendor every entry is about",
        queryset=Vendor.objects.order_by("name"),
        required=False,
        empty_label="(matched by name, entry by entry)",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                f"The file is over the size limit ({upload.size:,} bytes; the limit is {max_bytes():,})."
            )
        return upload
