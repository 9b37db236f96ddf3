"""REST endpoint for vendors: who they are (their records have their own endpoints)."""

from common.rest.history import HistoryActionMixin
from common.rest.viewsets import RecordViewSet
from vendors.directory.serializers import VendorSerializer
from vendors.models import (
    Vendor,
)


class VendorViewSet(HistoryActionMixin, RecordViewSet):
    """Vendors: who they are. Deleting one deletes its whole record."""

    queryset = Vendor.objects.all()
    serializer_class = VendorSerializer
    filterset_fields = {"status": ["exact"], "ownership": ["exact"], "country": ["exact", "icontains"]}
    search_fields = ["name", "description", "unique_selling_points", "country"]
    ordering_fields = ["name", "founded", "headcount", "status", "updated_at"]
    ordering = ["name"]
