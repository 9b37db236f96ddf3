"""API representations of roadmap items and their re-baseline log."""

from rest_framework import serializers

from common.rest.serializers import username
from vendors.models import (
    RoadmapChange,
    RoadmapItem,
)
from vendors.records.serializers import RECORD_META, TRACKING, VendorRecordSerializer
from vendors.taxonomy.serializers import CapabilitySummarySerializer


class RoadmapChangeSerializer(serializers.ModelSerializer):
    changed_by = username("changed_by")

    class Meta:
        model = RoadmapChange
        fields = ["id", "item", "old_date", "new_date", "shift_days", "reason", "changed_by", "changed_at"]
        read_only_fields = fields


class RoadmapItemSerializer(VendorRecordSerializer):
    """A promise. Moving ``target_date`` needs ``change_reason``, which becomes the re-baseline log entry."""

    capability_detail = CapabilitySummarySerializer(source="capability", read_only=True)
    target_date = serializers.DateField(
        required=False, help_text="The currently promised date; on creation defaults to the first promise."
    )
    change_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Required whenever target_date differs from the date on record; logged as a re-baseline.",
    )
    changes = RoadmapChangeSerializer(many=True, read_only=True)
    slip_days = serializers.IntegerField(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = RoadmapItem
        fields = [
            *RECORD_META,
            "capability",
            "capability_detail",
            "title",
            "description",
            "commitment_kind",
            "first_promised_date",
            "target_date",
            "change_reason",
            "status",
            "delivered_date",
            "delivered_as",
            "contract_coverage",
            "coverage_cost",
            "currency",
            "source",
            "briefing",
            "slip_days",
            "is_overdue",
            "changes",
            *TRACKING,
        ]

    def validate_first_promised_date(self, value):
        if self.instance is not None and value != self.instance.first_promised_date:
            raise serializers.ValidationError("The first promised date is history: it never changes.")
        return value

    def validate(self, attrs):
        first = attrs.get("first_promised_date") or getattr(self.instance, "first_promised_date", None)
        recorded = self.instance.target_date if self.instance is not None else first
        target = attrs.get("target_date") or recorded
        if target is not None:
            attrs["target_date"] = target
        moves = target is not None and recorded is not None and target != recorded
        if moves and not attrs.get("change_reason", "").strip():
            raise serializers.ValidationError(
                {"change_reason": f"Say why the target date moves from {recorded} to {target}."}
            )
        vendor = attrs.get("vendor") or getattr(self.instance, "vendor", None)
        briefing = attrs.get("briefing")
        if briefing is not None and vendor is not None and briefing.vendor_id != vendor.pk:
            raise serializers.ValidationError({"briefing": "The briefing must be with the same vendor."})
        reason = attrs.pop("change_reason", "")
        attrs = super().validate(attrs)
        attrs["change_reason"] = reason
        return attrs

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data):
        reason = validated_data.pop("change_reason", "")
        target = validated_data.pop("target_date")
        item = RoadmapItem(**validated_data, target_date=validated_data["first_promised_date"])
        if target != item.target_date:
            # Recorded already re-baselined: the log starts from the first promise.
            item.rebaseline(target, reason, self._user())
        item.save()
        return item

    def update(self, instance, validated_data):
        reason = validated_data.pop("change_reason", "")
        target = validated_data.pop("target_date", instance.target_date)
        if target != instance.target_date:
            instance.rebaseline(target, reason, self._user())
        return super().update(instance, validated_data)
