"""API representations of vendor signals, the review of one, and the webhook's answer."""

from rest_framework import serializers

from vendors.models import Signal, SignalStatus


class SignalSerializer(serializers.ModelSerializer):
    """A dated fact about a vendor, read-only: imports and the webhook write them."""

    vendor_slug = serializers.CharField(source="vendor.slug", read_only=True)
    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    product = serializers.CharField(source="product.name", read_only=True, allow_null=True, default=None)
    product_family = serializers.SerializerMethodField()
    cvss_score = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Signal
        fields = [
            "id",
            "vendor",
            "vendor_slug",
            "vendor_name",
            "product",
            "product_name",
            "product_family",
            "capability",
            "kind",
            "severity",
            "title",
            "summary",
            "source",
            "source_name",
            "url",
            "external_id",
            "occurred_on",
            "first_seen",
            "confidence",
            "ransomware",
            "cvss_score",
            "status",
            "status_reason",
        ]
        read_only_fields = fields

    def get_product_family(self, signal) -> str:
        return signal.product.family_name if signal.product else signal.product_name


class SignalReviewSerializer(serializers.Serializer):
    """Confirm a signal, or dismiss it with a reason (kept in its history)."""

    status = serializers.ChoiceField(choices=[SignalStatus.CONFIRMED, SignalStatus.DISMISSED])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    def validate(self, attrs):
        if attrs["status"] == SignalStatus.DISMISSED and not attrs["reason"].strip():
            raise serializers.ValidationError({"reason": "Say why the signal is dismissed."})
        return attrs


class WebhookResultSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="1 when the entry became a signal of a known vendor.")
    queued = serializers.IntegerField(
        help_text="1 when it matched no vendor or several: it waits in the review queue."
    )
    signal = serializers.IntegerField(allow_null=True, help_text="The new signal's id, or null.")
    detail = serializers.CharField()
