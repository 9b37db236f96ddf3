"""API representations of the capability taxonomy (reference data that administrators maintain)."""

from rest_framework import serializers

from common.rest.serializers import ModelRulesMixin
from vendors.models import (
    Capability,
    CapabilityDomain,
)


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
