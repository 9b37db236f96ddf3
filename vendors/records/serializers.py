"""API representations of the vendor record. Every serializer lists its fields.

Records that belong to a vendor take the vendor's id on creation and keep it;
related records are written by id and read nested, from querysets that the
viewsets load with select_related/prefetch_related (no query per row).
"""

from django.db.models.functions import Lower
from django.utils.text import slugify
from rest_framework import serializers

from common.rest.serializers import ModelRulesMixin, VersionedModelSerializer, username
from vendors.models import (
    MATURITY_RUBRIC,
    Briefing,
    Capability,
    CapabilityAssessment,
    CapabilityDomain,
    Contract,
    FinancialFact,
    FundingEvent,
    RoadmapChange,
    RoadmapItem,
    Vendor,
)
from vendors.records.forms import RESERVED_SLUGS


def clean_currency(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 3 or not value.isascii() or not value.isalpha():
        raise serializers.ValidationError("Use a three-letter ISO currency code such as EUR or USD.")
    return value


class VendorSerializer(VersionedModelSerializer):
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

    def validate_name(self, value):
        name = value.strip()
        clash = Vendor.objects.annotate(lname=Lower("name")).filter(lname=name.lower())
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError("A vendor with this name already exists.")
        slug = slugify(name)
        if not slug:
            raise serializers.ValidationError("The name needs at least one letter or digit.")
        if slug in RESERVED_SLUGS:
            raise serializers.ValidationError(f"{name!r} is reserved by the application; add a word to it.")
        other = Vendor.objects.filter(slug=slug)
        if self.instance is not None:
            other = other.exclude(pk=self.instance.pk)
        if other.exists():
            raise serializers.ValidationError(f"This name is too close to {other.first().name!r}.")
        return name

    def prepare_candidate(self, candidate, attrs):
        candidate.slug = slugify(candidate.name)

    def create(self, validated_data):
        return super().create({**validated_data, "slug": slugify(validated_data["name"])})

    def update(self, instance, validated_data):
        if "name" in validated_data:
            validated_data["slug"] = slugify(validated_data["name"])
        return super().update(instance, validated_data)


class VendorSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = ["id", "name", "slug"]


class CapabilityDomainSerializer(ModelRulesMixin, serializers.ModelSerializer):
    class Meta:
        model = CapabilityDomain
        fields = ["id", "name", "slug", "area", "description", "position"]


class CapabilitySerializer(ModelRulesMixin, serializers.ModelSerializer):
    domain_detail = CapabilityDomainSerializer(source="domain", read_only=True)

    class Meta:
        model = Capability
        fields = ["id", "domain", "domain_detail", "name", "slug", "description", "position"]


class CapabilitySummarySerializer(serializers.ModelSerializer):
    domain = serializers.CharField(source="domain.name", read_only=True)

    class Meta:
        model = Capability
        fields = ["id", "name", "slug", "domain"]


class VendorRecordSerializer(VersionedModelSerializer):
    """A record that belongs to one vendor: named by id when created, never moved to another."""

    vendor_detail = VendorSummarySerializer(source="vendor", read_only=True)

    def validate_vendor(self, vendor):
        if self.instance is not None and vendor.pk != self.instance.vendor_id:
            raise serializers.ValidationError("A record cannot move to another vendor.")
        return vendor

    def validate_currency(self, value):
        return clean_currency(value)


RECORD_META = ["id", "vendor", "vendor_detail"]
TRACKING = ["created_at", "updated_at", "version"]


class CapabilityAssessmentSerializer(VendorRecordSerializer):
    capability_detail = CapabilitySummarySerializer(source="capability", read_only=True)
    assessed_by = username("assessed_by")
    rubric = serializers.SerializerMethodField()

    class Meta:
        model = CapabilityAssessment
        fields = [
            *RECORD_META,
            "capability",
            "capability_detail",
            "assessed_on",
            "maturity",
            "rubric",
            "delivery_model",
            "evidence_grade",
            "note",
            "assessed_by",
            *TRACKING,
        ]

    def get_rubric(self, assessment) -> str:
        title, text = MATURITY_RUBRIC[assessment.maturity]
        return f"{title}: {text}"

    def create(self, validated_data):
        request = self.context.get("request")
        return super().create({**validated_data, "assessed_by": getattr(request, "user", None)})


class FinancialFactSerializer(VendorRecordSerializer):
    class Meta:
        model = FinancialFact
        fields = [
            *RECORD_META,
            "fiscal_year",
            "revenue",
            "rd_spend",
            "rd_headcount",
            "currency",
            "source",
            "confidence",
            *TRACKING,
        ]


class FundingEventSerializer(VendorRecordSerializer):
    class Meta:
        model = FundingEvent
        fields = [*RECORD_META, "date", "kind", "amount", "currency", "note", *TRACKING]


class ContractSerializer(VendorRecordSerializer):
    class Meta:
        model = Contract
        fields = [
            *RECORD_META,
            "reference",
            "start_date",
            "end_date",
            "notice_period_days",
            "annual_value",
            "currency",
            "tier",
            "future_features_clause",
            *TRACKING,
        ]


class BriefingSerializer(VendorRecordSerializer):
    roadmap_items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Briefing
        fields = [
            *RECORD_META,
            "date",
            "attendees",
            "covered_roadmap",
            "covered_investment",
            "covered_timeframe",
            "covered_contract_terms",
            "notes",
            "roadmap_items",
            *TRACKING,
        ]


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
