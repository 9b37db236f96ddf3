"""API representations of evaluations and their criteria (explicit fields)."""

from rest_framework import serializers

from config.rest.serializers import username
from vendors.serializers import VendorSummarySerializer

from .models import Criterion, Evaluation


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = [
            "id",
            "name",
            "group",
            "direction",
            "source",
            "metric",
            "questionnaire_section",
            "weight",
            "position",
            "description",
            "version",
        ]


class EvaluationSerializer(serializers.ModelSerializer):
    owner = username("owner")
    members = serializers.SlugRelatedField(many=True, read_only=True, slug_field="username")
    candidates = VendorSummarySerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "name",
            "description",
            "owner",
            "members",
            "candidates",
            "horizon_date",
            "as_of_date",
            "status",
            "method",
            "weight_mode",
            "blind_scoring",
            "criteria",
            "created_at",
            "updated_at",
            "version",
        ]
