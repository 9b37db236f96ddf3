"""The vendor form: who the vendor is. Its name rule is the model's (Vendor.clean)."""

from django import forms

from vendors.models import Vendor


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
