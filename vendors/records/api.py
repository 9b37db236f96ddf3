"""REST endpoints for the vendor record (registered in config/api.py).

Each list is one query for the page plus one per prefetched relation, however
many rows it holds (tests/api/test_query_counts.py).
"""

import django_filters
from django.db.models import Prefetch

from common.rest.history import HistoryActionMixin
from common.rest.viewsets import ReadOnlyRecordViewSet, RecordViewSet
from vendors.models import (
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
from vendors.records import serializers


class VendorRecordFilter(django_filters.FilterSet):
    vendor_slug = django_filters.CharFilter(field_name="vendor__slug", help_text="The vendor's slug.")


class VendorViewSet(HistoryActionMixin, RecordViewSet):
    """Vendors: who they are. Deleting one deletes its whole record."""

    queryset = Vendor.objects.all()
    serializer_class = serializers.VendorSerializer
    filterset_fields = {"status": ["exact"], "ownership": ["exact"], "country": ["exact", "icontains"]}
    search_fields = ["name", "description", "unique_selling_points", "country"]
    ordering_fields = ["name", "founded", "headcount", "status", "updated_at"]
    ordering = ["name"]


class CapabilityDomainViewSet(RecordViewSet):
    """The capability taxonomy's domains; reference data that administrators maintain."""

    queryset = CapabilityDomain.objects.all()
    serializer_class = serializers.CapabilityDomainSerializer
    filterset_fields = ["area"]
    search_fields = ["name", "description"]
    ordering_fields = ["position", "name"]
    ordering = ["position", "name"]


class CapabilityViewSet(RecordViewSet):
    queryset = Capability.objects.select_related("domain")
    serializer_class = serializers.CapabilitySerializer
    filterset_fields = {"domain": ["exact"], "domain__slug": ["exact"], "domain__area": ["exact"]}
    search_fields = ["name", "description"]
    ordering_fields = ["position", "name"]
    ordering = ["domain__position", "position", "name"]


class AssessmentFilter(VendorRecordFilter):
    current = django_filters.BooleanFilter(
        method="filter_current", help_text="Only the latest assessment of each vendor × capability."
    )

    class Meta:
        model = CapabilityAssessment
        fields = {
            "vendor": ["exact"],
            "capability": ["exact"],
            "capability__domain": ["exact"],
            "maturity": ["exact", "gte", "lte"],
            "evidence_grade": ["exact"],
            "delivery_model": ["exact"],
            "assessed_on": ["gte", "lte"],
        }

    def filter_current(self, queryset, name, value):
        return queryset.latest_per_capability() if value else queryset


class CapabilityAssessmentViewSet(HistoryActionMixin, RecordViewSet):
    queryset = CapabilityAssessment.objects.select_related("vendor", "capability__domain", "assessed_by")
    serializer_class = serializers.CapabilityAssessmentSerializer
    filterset_class = AssessmentFilter
    search_fields = ["note", "capability__name", "vendor__name"]
    ordering_fields = ["assessed_on", "maturity", "updated_at"]
    ordering = ["vendor__name", "capability__domain__position", "capability__position", "-assessed_on"]


class FinancialFactViewSet(HistoryActionMixin, RecordViewSet):
    queryset = FinancialFact.objects.select_related("vendor")
    serializer_class = serializers.FinancialFactSerializer
    filterset_fields = {
        "vendor": ["exact"],
        "vendor__slug": ["exact"],
        "fiscal_year": ["exact", "gte", "lte"],
    }
    search_fields = ["source", "vendor__name"]
    ordering_fields = ["fiscal_year", "revenue", "rd_spend"]
    ordering = ["vendor__name", "fiscal_year"]


class FundingEventViewSet(HistoryActionMixin, RecordViewSet):
    queryset = FundingEvent.objects.select_related("vendor")
    serializer_class = serializers.FundingEventSerializer
    filterset_fields = {
        "vendor": ["exact"],
        "vendor__slug": ["exact"],
        "kind": ["exact"],
        "date": ["gte", "lte"],
    }
    search_fields = ["note", "vendor__name"]
    ordering_fields = ["date", "amount"]
    ordering = ["vendor__name", "-date"]


class ContractViewSet(HistoryActionMixin, RecordViewSet):
    queryset = Contract.objects.select_related("vendor")
    serializer_class = serializers.ContractSerializer
    filterset_fields = {"vendor": ["exact"], "vendor__slug": ["exact"], "end_date": ["gte", "lte"]}
    search_fields = ["reference", "tier", "future_features_clause", "vendor__name"]
    ordering_fields = ["start_date", "end_date", "annual_value"]
    ordering = ["vendor__name", "-start_date"]


class BriefingViewSet(HistoryActionMixin, RecordViewSet):
    queryset = Briefing.objects.select_related("vendor").prefetch_related(
        Prefetch("roadmap_items", queryset=RoadmapItem.objects.only("pk", "briefing_id"))
    )
    serializer_class = serializers.BriefingSerializer
    filterset_fields = {"vendor": ["exact"], "vendor__slug": ["exact"], "date": ["gte", "lte"]}
    search_fields = ["notes", "attendees", "vendor__name"]
    ordering_fields = ["date"]
    ordering = ["vendor__name", "-date"]


class RoadmapItemFilter(VendorRecordFilter):
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", help_text="Open and past its target date."
    )

    class Meta:
        model = RoadmapItem
        fields = {
            "vendor": ["exact"],
            "capability": ["exact"],
            "capability__slug": ["exact"],
            "status": ["exact"],
            "commitment_kind": ["exact"],
            "contract_coverage": ["exact"],
            "target_date": ["gte", "lte"],
        }

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class RoadmapItemViewSet(HistoryActionMixin, RecordViewSet):
    """Roadmap promises. A new target date needs ``change_reason`` and is logged as a re-baseline."""

    queryset = RoadmapItem.objects.select_related("vendor", "capability__domain").prefetch_related(
        Prefetch("changes", queryset=RoadmapChange.objects.select_related("changed_by"))
    )
    serializer_class = serializers.RoadmapItemSerializer
    filterset_class = RoadmapItemFilter
    search_fields = ["title", "description", "source", "vendor__name", "capability__name"]
    ordering_fields = ["target_date", "first_promised_date", "title", "status", "updated_at"]
    ordering = ["target_date", "vendor__name", "title"]


class RoadmapChangeViewSet(ReadOnlyRecordViewSet):
    """The append-only re-baseline log; entries are written by roadmap item updates."""

    queryset = RoadmapChange.objects.select_related("changed_by", "item")
    serializer_class = serializers.RoadmapChangeSerializer
    filterset_fields = {"item": ["exact"], "item__vendor": ["exact"], "changed_at": ["gte", "lte"]}
    search_fields = ["reason"]
    ordering_fields = ["changed_at", "new_date"]
    ordering = ["changed_at", "pk"]
