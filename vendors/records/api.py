"""REST endpoints for the vendor record (registered in config/api.py).

Each list is one query for the page plus one per prefetched relation, however
many rows it holds (tests/api/test_query_counts.py).
"""

import django_filters
from django.db.models import Prefetch

from common.rest.history import HistoryActionMixin
from common.rest.viewsets import RecordViewSet
from vendors.models import (
    Briefing,
    CapabilityAssessment,
    Contract,
    FinancialFact,
    FundingEvent,
    RoadmapItem,
)
from vendors.records.serializers import (
    BriefingSerializer,
    CapabilityAssessmentSerializer,
    ContractSerializer,
    FinancialFactSerializer,
    FundingEventSerializer,
)


class VendorRecordFilter(django_filters.FilterSet):
    vendor_slug = django_filters.CharFilter(field_name="vendor__slug", help_text="The vendor's slug.")


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
    serializer_class = CapabilityAssessmentSerializer
    filterset_class = AssessmentFilter
    search_fields = ["note", "capability__name", "vendor__name"]
    ordering_fields = ["assessed_on", "maturity", "updated_at"]
    ordering = ["vendor__name", "capability__domain__position", "capability__position", "-assessed_on"]


class FinancialFactViewSet(HistoryActionMixin, RecordViewSet):
    queryset = FinancialFact.objects.select_related("vendor")
    serializer_class = FinancialFactSerializer
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
    serializer_class = FundingEventSerializer
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
    serializer_class = ContractSerializer
    filterset_fields = {"vendor": ["exact"], "vendor__slug": ["exact"], "end_date": ["gte", "lte"]}
    search_fields = ["reference", "tier", "future_features_clause", "vendor__name"]
    ordering_fields = ["start_date", "end_date", "annual_value"]
    ordering = ["vendor__name", "-start_date"]


class BriefingViewSet(HistoryActionMixin, RecordViewSet):
    queryset = Briefing.objects.select_related("vendor").prefetch_related(
        Prefetch("roadmap_items", queryset=RoadmapItem.objects.only("pk", "briefing_id"))
    )
    serializer_class = BriefingSerializer
    filterset_fields = {"vendor": ["exact"], "vendor__slug": ["exact"], "date": ["gte", "lte"]}
    search_fields = ["notes", "attendees", "vendor__name"]
    ordering_fields = ["date"]
    ordering = ["vendor__name", "-date"]
