"""API representations of the vendor record. Every serializer lists its fields.

Records that belong to a vendor take the vendor's id on creation and keep it;
related records are written by id and read nested, from querysets that the
viewsets load with select_related/prefetch_related (no query per row).
"""

from rest_framework import serializers

from common.models import currency_code
from common.rest.serializers import VersionedModelSerializer, username
from vendors.directory.serializers import VendorSummarySerializer
from vendors.models import (
    CONFIRM_FIELD,
    MATURITY_RUBRIC,
    Briefing,
    CapabilityAssessment,
    Contract,
    FinancialFact,
    FundingEvent,
)
from vendors.taxonomy.serializers import CapabilitySummarySerializer


class VendorRecordSerializer(VersionedModelSerializer):
    """A record that belongs to one vendor: named by id when created, never moved to another."""

    vendor_detail = VendorSummarySerializer(source="vendor", read_only=True)

    def validate_vendor(self, vendor):
        if self.instance is not None and vendor.pk != self.instance.vendor_id:
            raise serializers.ValidationError("A record cannot move to another vendor.")
        return vendor

    def validate_currency(self, value):
        return currency_code(value)


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


class ConfirmFiguresSerializer(VendorRecordSerializer):
    """Implausible figures (the model's rule) are saved only with ``confirm_implausible: true``."""

    confirm_implausible = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=(
            "Send true to save figures that look implausible (R&D spend above revenue, a fiscal year in "
            "the future, funding dated before the vendor was founded); without it the answer is 400 "
            "listing the reasons. Needed on every write that keeps such figures."
        ),
    )
    implausibilities = serializers.SerializerMethodField(
        help_text="Why the stored figures look implausible (empty when they do not)."
    )
    figures_confirmed_by = username("figures_confirmed_by")

    def get_implausibilities(self, record) -> list[str]:
        return record.implausibilities()

    def prepare_candidate(self, candidate, attrs) -> None:
        super().prepare_candidate(candidate, attrs)
        request = self.context.get("request")
        # Refused (400 on confirm_implausible) or recorded; Meta.derived_fields saves the record.
        candidate.confirm_figures(attrs.pop(CONFIRM_FIELD, False), getattr(request, "user", None))


CONFIRMATION = [CONFIRM_FIELD, "implausibilities", "figures_confirmed", "figures_confirmed_by"]
CONFIRMED = ["figures_confirmed", "figures_confirmed_by"]  # set by confirm_figures()


class FinancialFactSerializer(ConfirmFiguresSerializer):
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
            *CONFIRMATION,
            *TRACKING,
        ]
        read_only_fields = ["figures_confirmed"]
        derived_fields = CONFIRMED


class FundingEventSerializer(ConfirmFiguresSerializer):
    class Meta:
        model = FundingEvent
        fields = [*RECORD_META, "date", "kind", "amount", "currency", "note", *CONFIRMATION, *TRACKING]
        read_only_fields = ["figures_confirmed"]
        derived_fields = CONFIRMED


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
