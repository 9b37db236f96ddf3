"""API representations of evaluations and their criteria (explicit fields), readable and writable.

The rules are the set-up pages' own: ``EvaluationForm``'s horizon check (forms_evaluations),
``Criterion.clean()`` through ``VersionedModelSerializer``, ``services.create_evaluation`` for a new
evaluation, ``evaluation_changes`` for decided evaluations, status changes and change reasons.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from common.rest.serializers import VersionedModelSerializer, username
from evaluator.decisions.guard import refuse_api_write
from evaluator.models import (
    Criterion,
    DecisionSnapshot,
    Evaluation,
    RequiredCapability,
    Section,
)
from evaluator.setup import services
from evaluator.setup.forms import horizon_error
from evaluator.setup.reason_api import change_reason_field, clean_weight_reason
from evaluator.setup.rules import SIGNOFF_ONLY, SIGNOFF_STATUSES, change_status
from vendors.directory.serializers import VendorSummarySerializer
from vendors.models import Capability, Vendor


class CriterionSerializer(VersionedModelSerializer):
    """A criterion; a change of ``weight`` needs ``change_reason`` and makes the weights direct."""

    evaluation = serializers.PrimaryKeyRelatedField(
        queryset=Evaluation.objects.none(), help_text="The evaluation it belongs to; set on creation only."
    )
    questionnaire_section = serializers.PrimaryKeyRelatedField(
        queryset=Section.objects.all(), required=False, allow_null=True
    )
    change_reason = change_reason_field()

    class Meta:
        model = Criterion
        fields = [
            "id",
            "evaluation",
            "name",
            "group",
            "direction",
            "source",
            "metric",
            "questionnaire_section",
            "weight",
            "change_reason",
            "position",
            "description",
            "version",
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "evaluation" in fields:
            # An evaluation the caller cannot see is "invalid", never revealed.
            fields["evaluation"].queryset = Evaluation.objects.visible_to(request.user)
        return fields

    def validate_evaluation(self, evaluation):
        if self.instance is not None and evaluation.pk != self.instance.evaluation_id:
            raise serializers.ValidationError("A criterion cannot move to another evaluation.")
        return evaluation

    def validate_weight(self, value):
        if value != value or value in (float("inf"), float("-inf")):
            raise serializers.ValidationError("Give the weight as a finite number of points.")
        return value

    def validate(self, attrs):
        evaluation = attrs.get("evaluation") or self.instance.evaluation
        refuse_api_write(evaluation)
        reason = attrs.pop("change_reason", "")
        weight_moves = (
            self.instance is not None and "weight" in attrs and attrs["weight"] != self.instance.weight
        )
        attrs = super().validate(attrs)
        if weight_moves:
            attrs["change_reason"] = clean_weight_reason(evaluation, reason)
        return attrs

    @transaction.atomic
    def update(self, instance, validated_data):
        reason = validated_data.pop("change_reason", None)
        if reason is not None:  # the weight moves (a draft's may move without a reason)
            instance._change_reason = reason or None
            services.make_weights_direct(instance.evaluation, reason)
        return super().update(instance, validated_data)


class RequiredCapabilitySerializer(serializers.ModelSerializer):
    capability = serializers.PrimaryKeyRelatedField(queryset=Capability.objects.all())
    capability_name = serializers.CharField(source="capability.name", read_only=True)
    importance = serializers.IntegerField(
        min_value=1, max_value=5, help_text="1 = nice to have … 5 = essential."
    )

    class Meta:
        model = RequiredCapability
        fields = ["capability", "capability_name", "importance"]


class DecisionSummarySerializer(serializers.ModelSerializer):
    """Who decided, when, and the hash to check the snapshot against (GET …/decision/ in the UI
    gives the snapshot itself; ``manage.py verify_decisions`` recomputes the hash)."""

    decided_by = username("decided_by")

    class Meta:
        model = DecisionSnapshot
        fields = ["decided_at", "decided_by", "algorithm_version", "sha256"]
        read_only_fields = fields


class EvaluationSerializer(VersionedModelSerializer):
    """An evaluation. Members are written by username, candidates by vendor slug
    (``candidate_slugs``; ``candidates`` reads them nested), required capabilities as the whole list."""

    owner = username("owner")
    members = serializers.SlugRelatedField(
        many=True,
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        help_text="Usernames of the people who take part; the owner always does.",
    )
    candidates = VendorSummarySerializer(many=True, read_only=True)
    candidate_slugs = serializers.SlugRelatedField(
        source="candidates",
        many=True,
        slug_field="slug",
        queryset=Vendor.objects.all(),
        required=False,
        help_text="The candidate vendors, by slug (replaces the whole set).",
    )
    required_capabilities = RequiredCapabilitySerializer(
        many=True, required=False, help_text="Required capabilities with importance (replaces the whole set)."
    )
    criteria = CriterionSerializer(many=True, read_only=True)
    decision = DecisionSummarySerializer(
        read_only=True,
        allow_null=True,
        help_text="The recorded decision; null until the evaluation is decided.",
    )

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "name",
            "description",
            "owner",
            "members",
            "candidates",
            "candidate_slugs",
            "required_capabilities",
            "horizon_date",
            "as_of_date",
            "status",
            "method",
            "weight_mode",
            "blind_scoring",
            "criteria",
            "decision",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["weight_mode", "created_at", "updated_at"]

    def validate_required_capabilities(self, rows):
        seen = set()
        for row in rows:
            if row["capability"].pk in seen:
                raise serializers.ValidationError(f"{row['capability'].name} is listed twice.")
            seen.add(row["capability"].pk)
        return rows

    def validate(self, attrs):
        instance = self.instance
        # Decided is final: no change at all, not even of the status (409).
        refuse_api_write(instance)
        if instance is not None:
            refused = instance.owner_only_changes(self.context["request"].user, attrs)
            if refused:
                raise PermissionDenied(instance.owner_only_message(refused))
        status = attrs.get("status")
        if instance is not None and status in SIGNOFF_STATUSES and status != instance.status:
            raise serializers.ValidationError({"status": SIGNOFF_ONLY})
        if instance is None and attrs.get("status", "draft") != "draft":
            raise serializers.ValidationError({"status": "A new evaluation starts as a draft."})
        horizon = attrs.get("horizon_date", getattr(instance, "horizon_date", None))
        as_of = attrs.get("as_of_date", getattr(instance, "as_of_date", None))
        error = horizon_error(horizon, as_of)
        if error:
            raise serializers.ValidationError({"horizon_date": error})
        related = {
            name: attrs.pop(name)
            for name in ("members", "candidates", "required_capabilities")
            if name in attrs
        }
        attrs = super().validate(attrs)
        return {**attrs, **related}

    def prepare_candidate(self, candidate, attrs) -> None:
        if candidate.owner_id is None:
            candidate.owner = self.context["request"].user

    @transaction.atomic
    def create(self, validated_data):
        validated_data.pop("version", None)
        validated_data.pop("status", None)
        required = validated_data.pop("required_capabilities", [])
        evaluation = services.create_evaluation(
            owner=self.context["request"].user,
            name=validated_data["name"],
            description=validated_data.get("description", ""),
            horizon_date=validated_data["horizon_date"],
            method=validated_data.get("method", "weighted_sum"),
            blind_scoring=validated_data.get("blind_scoring", False),
            candidates=validated_data.get("candidates", []),
            members=validated_data.get("members", []),
            capabilities={row["capability"]: row["importance"] for row in required},
            as_of_date=validated_data.get("as_of_date"),
        )
        return evaluation

    @transaction.atomic
    def update(self, instance, validated_data):
        members = validated_data.pop("members", None)
        candidates = validated_data.pop("candidates", None)
        required = validated_data.pop("required_capabilities", None)
        status = validated_data.pop("status", None)
        if status is not None and status != instance.status:
            change_status(instance, status)
        instance = super().update(instance, validated_data)
        if members is not None:
            instance.members.set(members)
        if candidates is not None:
            instance.candidates.set(candidates)
        if required is not None:
            services.replace_required_capabilities(
                instance, {row["capability"]: row["importance"] for row in required}
            )
        return instance
