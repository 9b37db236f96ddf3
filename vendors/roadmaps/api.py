"""REST endpoints for roadmap items (each with its re-baseline log) and the log itself, read-only."""

import django_filters
from django.db.models import Prefetch

from common.rest.history import HistoryActionMixin
from common.rest.viewsets import ReadOnlyRecordViewSet, RecordViewSet
from vendors.models import (
    RoadmapChange,
    RoadmapItem,
)
from vendors.records.api import VendorRecordFilter
from vendors.roadmaps.serializers import RoadmapChangeSerializer, RoadmapItemSerializer


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
    serializer_class = RoadmapItemSerializer
    filterset_class = RoadmapItemFilter
    search_fields = ["title", "description", "source", "vendor__name", "capability__name"]
    ordering_fields = ["target_date", "first_promised_date", "title", "status", "updated_at"]
    ordering = ["target_date", "vendor__name", "title"]


class RoadmapChangeViewSet(ReadOnlyRecordViewSet):
    """The append-only re-baseline log; entries are written by roadmap item updates."""

    queryset = RoadmapChange.objects.select_related("changed_by", "item")
    serializer_class = RoadmapChangeSerializer
    filterset_fields = {"item": ["exact"], "item__vendor": ["exact"], "changed_at": ["gte", "lte"]}
    search_fields = ["reason"]
    ordering_fields = ["changed_at", "new_date"]
    ordering = ["changed_at", "pk"]
