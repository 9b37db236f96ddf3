"""REST endpoints for the capability taxonomy: domains and capabilities."""

from common.rest.viewsets import RecordViewSet
from vendors.models import (
    Capability,
    CapabilityDomain,
)
from vendors.taxonomy.serializers import CapabilityDomainSerializer, CapabilitySerializer


class CapabilityDomainViewSet(RecordViewSet):
    """The capability taxonomy's domains; reference data that administrators maintain."""

    queryset = CapabilityDomain.objects.all()
    serializer_class = CapabilityDomainSerializer
    filterset_fields = ["area"]
    search_fields = ["name", "description"]
    ordering_fields = ["position", "name"]
    ordering = ["position", "name"]


class CapabilityViewSet(RecordViewSet):
    queryset = Capability.objects.select_related("domain")
    serializer_class = CapabilitySerializer
    filterset_fields = {"domain": ["exact"], "domain__slug": ["exact"], "domain__area": ["exact"]}
    search_fields = ["name", "description"]
    ordering_fields = ["position", "name"]
    ordering = ["domain__position", "position", "name"]
