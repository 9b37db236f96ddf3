"""API representations of a vendor; the name rule is the model's (Vendor.clean), run by
``ModelRulesMixin`` before saving."""

from rest_framework import serializers

from common.rest.serializers import PlainFieldsFastMixin, VersionedModelSerializer
from vendors.models import Vendor


class VendorSerializer(PlainFieldsFastMixin, VersionedModelSerializer):
    class Meta:
        model = Vendor
        fields = [
            "id",
            "name",
            "slug",
            "website",
            "country",
            "founded",
            "headcount",
            "ownership",
            "status",
            "unique_selling_points",
            "description",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["slug", "created_at", "updated_at"]
        derived_fields = ["slug"]  # from the name, by Vendor.clean()

    def validate_name(self, value):
        # Checked with the other fields, so that one answer names every field at fault.
        problem = Vendor.name_problem(value, getattr(self.instance, "pk", None))
        if problem:
            raise serializers.ValidationError(problem)
        return value.strip()


class VendorSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = ["id", "name", "slug"]
