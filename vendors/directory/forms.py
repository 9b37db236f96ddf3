"""The vendor form: who the vendor is. Its name rule is the model's (Vendor.clean)."""

from django import forms

from vendors.models import Vendor


class NoSilentCutMixin:
    """Text inputs without ``maxlength``: the browser would cut pasted text silently at the limit.

    The server sees the whole text and answers with the field's error, which names the limit
    ("Ensure this value has at most 120 characters (it has 10000)."). For every vendor-facing form
    (the vendor's and its records').
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is not None:
                field.widget.attrs.pop("maxlength", None)


class VendorForm(NoSilentCutMixin, forms.ModelForm):
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
