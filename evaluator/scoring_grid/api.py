"""Manual scores through the API: each evaluator reads and writes only their own 0–5 ratings.

The same rules as the scoring grid (evaluations_scoring.py): the role needs the manual-score
permissions, the evaluation must be visible to the caller (owner, member, administrator) and
not decided, the criterion must be a manual one and the vendor one of its candidates. Another
evaluator's score, or one in an evaluation the caller cannot see, is 404.

Candidates are named as on the grid (``candidate``): by name, or in a blind evaluation by the
grid's label ("Vendor A", "Vendor B", …); there ``vendor`` reads null and is refused on writes,
so the API reveals no more than the grid does. Changing or removing a score needs a reason.
"""

from django.db.models import Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from common.rest.serializers import VersionedModelSerializer
from common.rest.viewsets import RecordViewSet
from evaluator.decisions.guard import refuse_api_write
from evaluator.models import Criterion, CriterionSource, Evaluation, ManualScore
from evaluator.scoring_grid.history import ManualScoreHistoryMixin
from evaluator.scoring_grid.rules import DISAGREEMENT_SPREAD, disagreements, grid_labels
from evaluator.setup.reason_api import change_reason_field, clean_change_reason
from vendors.models import Vendor

BLIND_VENDOR = "This evaluation scores blind: name the candidate by its grid label in `candidate`."


def candidate_labels(evaluation_ids) -> dict[int, dict[int, str]]:
    """Evaluation id → {vendor id → the grid's label}, for many evaluations in two queries."""
    settings = {
        pk: (secret, blind)
        for pk, secret, blind in Evaluation.objects.filter(pk__in=evaluation_ids).values_list(
            "pk", "blind_secret", "blind_scoring"
        )
    }
    pairs: dict[int, list] = {pk: [] for pk in settings}
    rows = Evaluation.candidates.through.objects.filter(evaluation_id__in=settings).values_list(
        "evaluation_id", "vendor_id", "vendor__name"
    )
    for evaluation_id, vendor_id, name in rows:
        pairs[evaluation_id].append((vendor_id, name))
    return {pk: grid_labels(*settings[pk], pairs[pk]) for pk in settings}


class ManualScoreListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        # One lookup of every label on the page, instead of one per row.
        self.child.labels = candidate_labels({item.criterion.evaluation_id for item in items})
        return super().to_representation(items)


class CandidateField(serializers.CharField):
    """Reads the grid's label of the score's vendor; written as a label (resolved in validate)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, value):
        evaluation_id = value.criterion.evaluation_id
        labels = getattr(self.parent, "labels", None) or candidate_labels([evaluation_id])
        return labels.get(evaluation_id, {}).get(value.vendor_id, "")


class ManualScoreSerializer(VersionedModelSerializer):
    evaluator = serializers.CharField(source="evaluator.username", read_only=True)
    vendor = serializers.PrimaryKeyRelatedField(
        queryset=Vendor.objects.all(),
        required=False,
        allow_null=True,
        help_text="The candidate's id; null (and refused on writes) when the evaluation scores blind.",
    )
    candidate = CandidateField(
        required=False,
        max_length=200,
        help_text=(
            "The candidate as the scoring grid names it: its name, or in blind scoring its label "
            '("Vendor A", "Vendor B", …). Give either this or `vendor`.'
        ),
    )
    change_reason = change_reason_field()

    class Meta:
        model = ManualScore
        list_serializer_class = ManualScoreListSerializer
        fields = [
            "id",
            "criterion",
            "vendor",
            "candidate",
            "evaluator",
            "score",
            "rationale",
            "change_reason",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "criterion" in fields:
            # A criterion of an evaluation the caller cannot see is "invalid", not revealed.
            fields["criterion"].queryset = Criterion.objects.filter(
                evaluation__in=Evaluation.objects.visible_to(request.user), source=CriterionSource.MANUAL
            ).select_related("evaluation")
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.criterion.evaluation.blind_scoring:
            data["vendor"] = None
        return data

    def prepare_candidate(self, candidate, attrs) -> None:
        if candidate.evaluator_id is None:
            candidate.evaluator = self.context["request"].user

    def create(self, validated_data):
        # One's own scores only: the evaluator is always the caller.
        return super().create({**validated_data, "evaluator": self.context["request"].user})

    def update(self, instance, validated_data):
        reason = validated_data.pop("change_reason", None)
        if reason:
            instance._change_reason = reason
        return super().update(instance, validated_data)

    def _vendor(self, attrs, evaluation):
        """The candidate named by ``candidate`` (grid label) or ``vendor`` (id, not when blind)."""
        label = attrs.pop("candidate", None)
        vendor = attrs.get("vendor")
        if vendor is not None and evaluation.blind_scoring:
            raise serializers.ValidationError({"vendor": BLIND_VENDOR})
        if label is not None and vendor is not None:
            raise serializers.ValidationError(
                {"candidate": "Name the candidate once: `candidate` or `vendor`."}
            )
        if label is not None:
            by_label = {name: pk for pk, name in candidate_labels([evaluation.pk])[evaluation.pk].items()}
            if label not in by_label:
                raise serializers.ValidationError(
                    {"candidate": "No candidate of this evaluation has that name on the scoring grid."}
                )
            return Vendor.objects.get(pk=by_label[label])
        if vendor is not None:
            return vendor
        if self.instance is not None and "vendor" not in attrs:
            return self.instance.vendor
        raise serializers.ValidationError({"candidate": "Name the candidate (or give `vendor`)."})

    def validate(self, attrs):
        criterion = attrs.get("criterion") or self.instance.criterion
        evaluation = criterion.evaluation
        refuse_api_write(evaluation)
        vendor = self._vendor(attrs, evaluation)
        attrs["vendor"] = vendor
        if not evaluation.candidates.filter(pk=vendor.pk).exists():
            raise serializers.ValidationError({"vendor": "This vendor is not a candidate of the evaluation."})
        reason = attrs.pop("change_reason", "")
        attrs = super().validate(attrs)
        if self.instance is not None and "score" in attrs and attrs["score"] != self.instance.score:
            # A first score needs no reason (the rationale says why); changing one does.
            attrs["change_reason"] = clean_change_reason(reason)
        return attrs


class ManualScoreFilter(filters.FilterSet):
    # Selecting by vendor would tie a blind label to a vendor: blind evaluations' scores never match.
    vendor = filters.NumberFilter(method="by_vendor", help_text="A vendor id (not for blind evaluations).")

    class Meta:
        model = ManualScore
        fields = {"criterion": ["exact"], "criterion__evaluation": ["exact"]}

    def by_vendor(self, queryset, name, value):
        return queryset.filter(vendor_id=value).exclude(criterion__evaluation__blind_scoring=True)


@extend_schema_view(
    destroy=extend_schema(
        parameters=[
            OpenApiParameter(
                "change_reason",
                str,
                required=True,
                description="Why the score is removed (at most 100 characters).",
            )
        ]
    )
)
class ManualScoreViewSet(ManualScoreHistoryMixin, RecordViewSet):
    """The caller's own manual scores in the evaluations they can see."""

    queryset = ManualScore.objects.none()
    serializer_class = ManualScoreSerializer
    filterset_class = ManualScoreFilter
    ordering_fields = ["updated_at", "score"]
    # Not by vendor: in blind scoring that order would hint at who is who.
    ordering = ["criterion", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ManualScore.objects.none()
        user = self.request.user
        return ManualScore.objects.filter(
            Q(evaluator=user), criterion__evaluation__in=Evaluation.objects.visible_to(user)
        ).select_related("evaluator", "criterion__evaluation")

    def perform_destroy(self, instance):
        refuse_api_write(instance.criterion.evaluation)
        instance._change_reason = clean_change_reason(self.request.query_params.get("change_reason"))
        super().perform_destroy(instance)


class GridCellSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    manual_score = serializers.IntegerField(
        allow_null=True, help_text="Your score's id, null when not scored."
    )
    score = serializers.IntegerField(allow_null=True, help_text="Your score, null when not scored.")
    rationale = serializers.CharField(allow_blank=True)
    evaluators = serializers.IntegerField(help_text="How many evaluators scored this cell.")
    spread = serializers.IntegerField(allow_null=True, help_text="Highest minus lowest score.")
    flagged = serializers.BooleanField(help_text=f"Evaluators {DISAGREEMENT_SPREAD} or more points apart.")


class GridRowSerializer(serializers.Serializer):
    candidate = serializers.CharField(help_text='Its name, or "Vendor A", "Vendor B", … in blind scoring.')
    vendor = serializers.IntegerField(allow_null=True, help_text="Null in blind scoring.")
    cells = GridCellSerializer(many=True)


class GridCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ScoringGridSerializer(serializers.Serializer):
    blind_scoring = serializers.BooleanField()
    criteria = GridCriterionSerializer(many=True)
    rows = GridRowSerializer(many=True)
    flagged = serializers.IntegerField(help_text="Cells with disagreement.")


def scoring_grid_data(evaluation: Evaluation, user) -> dict:
    """The scoring grid as the page shows it to ``user``: their scores, and per cell the spread."""
    criteria = list(
        evaluation.criteria.filter(source=CriterionSource.MANUAL)
        .order_by("position", "pk")
        .values_list("pk", "name")
    )
    labels = grid_labels(
        evaluation.blind_secret,
        evaluation.blind_scoring,
        list(evaluation.candidates.values_list("pk", "name")),
    )
    scores = list(
        ManualScore.objects.filter(criterion__evaluation=evaluation).values_list(
            "vendor_id", "criterion_id", "score", "evaluator_id", "rationale", "pk"
        )
    )
    mine = {(v, c): (s, r, pk) for v, c, s, e, r, pk in scores if e == user.pk}
    spread = disagreements((v, c, s) for v, c, s, _, _, _ in scores)
    rows = []
    for vendor_id, label in labels.items():
        cells = []
        for criterion_id, _ in criteria:
            score, rationale, pk = mine.get((vendor_id, criterion_id), (None, "", None))
            cell = spread.get((vendor_id, criterion_id), {"evaluators": 0, "spread": None, "flagged": False})
            cells.append(
                {
                    "criterion": criterion_id,
                    "manual_score": pk,
                    "score": score,
                    "rationale": rationale,
                    **cell,
                }
            )
        rows.append(
            {"candidate": label, "vendor": None if evaluation.blind_scoring else vendor_id, "cells": cells}
        )
    return {
        "blind_scoring": evaluation.blind_scoring,
        "criteria": [{"id": pk, "name": name} for pk, name in criteria],
        "rows": rows,
        "flagged": sum(1 for cell in spread.values() if cell["flagged"]),
    }
