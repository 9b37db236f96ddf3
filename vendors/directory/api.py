"""REST endpoint for vendors: who they are (their records have their own endpoints)."""

from django_filters import rest_framework as filters
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.response import Response

from common.rest.filters import FilterWhenAskedBackend
from common.rest.history import HistoryActionMixin
from common.rest.viewsets import RecordViewSet
from vendors.directory.serializers import VendorSerializer
from vendors.models import (
    Vendor,
)


class VendorFilter(filters.FilterSet):
    # A class of its own: with ``filterset_fields`` django-filter makes a new one per request.
    class Meta:
        model = Vendor
        fields = {"status": ["exact"], "ownership": ["exact"], "country": ["exact", "icontains"]}


class VendorViewSet(HistoryActionMixin, RecordViewSet):
    """Vendors: who they are. Deleting one deletes its whole record."""

    queryset = Vendor.objects.all()
    serializer_class = VendorSerializer
    filter_backends = [FilterWhenAskedBackend, SearchFilter, OrderingFilter]
    filterset_class = VendorFilter
    search_fields = ["name", "description", "unique_selling_points", "country"]
    ordering_fields = ["name", "founded", "headcount", "status", "updated_at"]
    ordering = ["name"]

    def list(self, request, *args, **kwargs):
        # The rows as tuples, straight into DRF's representation (PlainFieldsFastMixin): the
        # same answer as ListModelMixin.list without a model instance or field set per row.
        queryset = self.filter_queryset(self.get_queryset())
        rows = queryset.values_list(*VendorSerializer.row_columns())
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(VendorSerializer.represent_rows(rows))
        return self.get_paginated_response(VendorSerializer.represent_rows(page))
