"""Stakeholder groups through the API: actions of the evaluation endpoint (evaluator/api.py).

``stakeholders/`` the combined results (GET) and the combination method (PUT);
``stakeholder-groups/`` the groups (GET, POST); ``stakeholder-groups/{group}/`` one group (GET,
PATCH; POST ``…/remove/``); ``…/points/`` and ``…/pairwise/`` its weights (PUT); ``consensus/`` the score
disputes (GET) and their outcome (POST). Reading follows the evaluation's visibility (and the
blind rule for results); writing needs the owner (or an administrator), 403 otherwise, and a
decided evaluation answers 409. Bad input is a 400 naming the field, and changes nothing.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework import status as http_status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response as ApiResponse

from common.rest.concurrency import claim_version
from evaluator.decisions.guard import refuse_api_write
from evaluator.models import (
    CombinationMethod,
    ConsensusOutcome,
    Criterion,
    Evaluation,
    StakeholderGroup,
)
from evaluator.results.selectors import criteria_frame
from evaluator.results.service import evaluation_results
from evaluator.setup.reason_api import change_reason_field, clean_weight_reason
from evaluator.setup.weights_api import PairwiseWriteSerializer
from evaluator.stakeholders import analysis, consensus, services
from evaluator.stakeholders.selectors import group_inputs

GROUP = r"stakeholder-groups/(?P<group_pk>[0-9]+)"


VERSION_HELP = (
    "The evaluation's version: stakeholder weights change the evaluation as a whole; send it back "
    "(If-Match or the body's `version`) with a change, which answers 412 if it has moved on."
)


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647, help_text=VERSION_HELP
    )


class GroupWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    influence = serializers.FloatField(min_value=0, max_value=100, help_text="Relative say, 0–100.")
    members = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="User ids among the evaluation's people."
    )
    change_reason = change_reason_field()
    version = version_field()


class PointSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    points = serializers.FloatField(min_value=0, max_value=1_000_000)


class PointsWriteSerializer(serializers.Serializer):
    points = PointSerializer(many=True, allow_empty=False, help_text="Criteria left out keep their points.")
    change_reason = change_reason_field()
    version = version_field()


class ReasonSerializer(serializers.Serializer):
    change_reason = change_reason_field()


class MethodWriteSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=CombinationMethod.choices)
    version = version_field()


class ConsensusWriteSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    vendor = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=ConsensusOutcome.choices)
    agreed_score = serializers.IntegerField(min_value=0, max_value=5, required=False, allow_null=True)
    reason = serializers.CharField(max_length=100)


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    influence = serializers.FloatField()
    weight_mode = serializers.CharField()
    group_version = serializers.IntegerField(help_text="The group's own version (its audit history).")
    version = serializers.IntegerField(help_text=VERSION_HELP)
    members = serializers.JSONField(help_text="[{id, username}]")
    points = serializers.JSONField(help_text="[{criterion, points}] (direct weights)")
    group_comparisons = serializers.JSONField(help_text="[{first, second, value}] between criterion groups")
    criterion_comparisons = serializers.JSONField(
        help_text="[{first, second, value}] within a criterion group"
    )
    weights = serializers.JSONField(
        help_text="[{criterion, name, weight}]: the group's weights, summing to 1"
    )
    consistency = serializers.JSONField(
        help_text="[{scope, consistency_ratio, acceptable, weights}] (pairwise)"
    )
    problem = serializers.CharField()


class StakeholdersSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=VERSION_HELP)
    method = serializers.CharField()
    method_label = serializers.CharField()
    note = serializers.CharField()
    problem = serializers.CharField()
    draws = serializers.IntegerField()
    seed = serializers.IntegerField()
    groups = serializers.JSONField(
        help_text="Per group: weights, ranking, winner, combined_winner_rank, score_gap"
    )
    criteria = serializers.JSONField(help_text="Per criterion: combined, recorded, spread, by_group")
    combined = serializers.JSONField(help_text="weights, ranking, winner (null without usable groups)")
    disagreements = serializers.JSONField(
        help_text="Largest spread first: the winner at each end, rank_shift"
    )
    views = serializers.JSONField(help_text="p_first_views beside p_first_perturbation, per candidate")


def group_data(evaluation: Evaluation, group: StakeholderGroup, inputs=None, frame=None) -> dict:
    """One group with its members, points, judgements and the weights they give (``inputs`` and
    ``frame``, the criteria, may be passed when already read for a list)."""
    if inputs is None:
        inputs = next(i for i in group_inputs(evaluation) if i.group.pk == group.pk)
    if frame is None:
        frame = criteria_frame(evaluation)
    weights, checks, problem = analysis.group_weights(inputs, frame)
    names = dict(zip(frame["criterion_id"], frame["name"], strict=True))
    return {
        "id": group.pk,
        "name": group.name,
        "description": group.description,
        "influence": group.influence,
        "weight_mode": group.weight_mode,
        "group_version": group.version,
        "version": evaluation.version,
        "members": [{"id": m.pk, "username": m.username} for m in inputs.group.members.all()],
        "points": [{"criterion": c, "points": p} for c, p in sorted(inputs.points.items())],
        "group_comparisons": [
            {"first": a, "second": b, "value": v} for (a, b), v in inputs.group_judgements.items()
        ],
        "criterion_comparisons": [
            {"first": a, "second": b, "value": v} for (a, b), v in inputs.criterion_judgements.items()
        ],
        "weights": [{"criterion": c, "name": names.get(c, ""), "weight": w} for c, w in weights.items()],
        "consistency": analysis.check_rows(checks, names),
        "problem": problem,
    }


def _errors(error: services.StakeholderInputError) -> ValidationError:
    return ValidationError({error.field or "non_field_errors": [str(error)]})


class StakeholderActions:
    """The stakeholder actions of the evaluation endpoint (see the module docstring)."""

    def _writable(self) -> Evaluation:
        evaluation = self.get_object()
        refuse_api_write(evaluation)
        if not (
            self.request.user.has_perm("evaluator.change_evaluation")
            and evaluation.is_governed_by(self.request.user)
        ):
            raise PermissionDenied(
                f"Only the owner ({evaluation.owner}) or an administrator can change the stakeholder groups."
            )
        return evaluation

    def _group_response(
        self, evaluation: Evaluation, group: StakeholderGroup, status=http_status.HTTP_200_OK
    ):
        evaluation.refresh_from_db(fields=["version"])
        group.refresh_from_db()
        return ApiResponse(GroupSerializer(group_data(evaluation, group)).data, status=status)

    def _group(self, evaluation: Evaluation, group_pk) -> StakeholderGroup:
        return get_object_or_404(StakeholderGroup, pk=group_pk, evaluation=evaluation)

    def _members(self, evaluation: Evaluation, ids) -> list | None:
        if ids is None:
            return None
        allowed = {evaluation.owner_id, *evaluation.members.values_list("pk", flat=True)}
        unknown = set(ids) - allowed
        if unknown:
            raise ValidationError({"members": [f"Not among the evaluation's people: {sorted(unknown)}."]})
        return list(get_user_model().objects.filter(pk__in=ids))

    @extend_schema(
        methods=["GET"],
        responses=StakeholdersSerializer,
        summary="Rankings per stakeholder group and combined",
    )
    @extend_schema(
        methods=["PUT"],
        request=MethodWriteSerializer,
        responses=StakeholdersSerializer,
        summary="Choose how the groups' weights combine (mean, AIJ, AIP)",
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None, filter_backends=[])
    def stakeholders(self, request, pk=None):
        if request.method == "PUT":
            evaluation = self._writable()
            write = MethodWriteSerializer(data=request.data)
            write.is_valid(raise_exception=True)
            with transaction.atomic():
                claim_version(evaluation)
                services.set_method(evaluation, write.validated_data["method"], "Combination method chosen")
        evaluation = self.results_object()
        data = analysis.analyse(evaluation, evaluation_results(evaluation))
        return ApiResponse(StakeholdersSerializer({**data, "version": evaluation.version}).data)

    @extend_schema(methods=["GET"], responses=GroupSerializer(many=True), summary="The stakeholder groups")
    @extend_schema(
        methods=["POST"],
        request=GroupWriteSerializer,
        responses={201: GroupSerializer},
        summary="Add a group (it starts from the evaluation's own points)",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="stakeholder-groups",
        url_name="stakeholder-groups",
        pagination_class=None,
        filter_backends=[],
    )
    def stakeholder_groups(self, request, pk=None):
        if request.method == "POST":
            evaluation = self._writable()
            write = GroupWriteSerializer(data=request.data)
            write.is_valid(raise_exception=True)
            data = write.validated_data
            members = self._members(evaluation, data.get("members"))
            try:
                group = services.save_group(
                    evaluation,
                    name=data["name"],
                    description=data["description"],
                    influence=data["influence"],
                    members=members,
                )
            except services.StakeholderInputError as error:
                raise _errors(error) from None
            return self._group_response(evaluation, group, http_status.HTTP_201_CREATED)
        evaluation = self.get_object()
        frame = criteria_frame(evaluation)
        rows = [group_data(evaluation, i.group, i, frame) for i in group_inputs(evaluation)]
        return ApiResponse(GroupSerializer(rows, many=True).data)

    @extend_schema(
        methods=["GET"],
        responses=GroupSerializer,
        summary="One stakeholder group",
        operation_id="evaluations_stakeholder_group_retrieve",
    )
    @extend_schema(
        methods=["PATCH"],
        request=GroupWriteSerializer,
        responses=GroupSerializer,
        summary="Change a group",
        operation_id="evaluations_stakeholder_group_partial_update",
    )
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=GROUP,
        url_name="stakeholder-group",
        pagination_class=None,
        filter_backends=[],
    )
    def stakeholder_group(self, request, pk=None, group_pk=None):
        if request.method == "GET":
            evaluation = self.get_object()
            return self._group_response(evaluation, self._group(evaluation, group_pk))
        evaluation = self._writable()
        group = self._group(evaluation, group_pk)
        write = GroupWriteSerializer(data=request.data, partial=True)
        write.is_valid(raise_exception=True)
        data = write.validated_data
        reason = clean_weight_reason(evaluation, data.get("change_reason"))
        members = self._members(evaluation, data.get("members"))
        try:
            with transaction.atomic():
                claim_version(evaluation)
                services.save_group(
                    evaluation,
                    group=group,
                    name=data.get("name", group.name),
                    description=data.get("description", group.description),
                    influence=data.get("influence", group.influence),
                    members=members,
                    reason=reason,
                )
        except services.StakeholderInputError as error:
            raise _errors(error) from None
        return self._group_response(evaluation, group)

    @extend_schema(request=ReasonSerializer, responses={204: None}, summary="Remove a group")
    @action(
        detail=True,
        methods=["post"],
        url_path=GROUP + "/remove",
        url_name="stakeholder-remove",
        pagination_class=None,
        filter_backends=[],
    )
    def stakeholder_remove(self, request, pk=None, group_pk=None):
        # The evaluation endpoint takes no DELETE (an evaluation is never deleted through it).
        evaluation = self._writable()
        group = self._group(evaluation, group_pk)
        write = ReasonSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        services.delete_group(
            group, clean_weight_reason(evaluation, write.validated_data.get("change_reason"))
        )
        return ApiResponse(status=http_status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=PointsWriteSerializer, responses=GroupSerializer, summary="Set a group's direct points"
    )
    @action(
        detail=True,
        methods=["put"],
        url_path=GROUP + "/points",
        url_name="stakeholder-points",
        pagination_class=None,
        filter_backends=[],
    )
    def stakeholder_points(self, request, pk=None, group_pk=None):
        evaluation = self._writable()
        group = self._group(evaluation, group_pk)
        write = PointsWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        reason = clean_weight_reason(evaluation, write.validated_data.get("change_reason"))
        points = {row["criterion"]: row["points"] for row in write.validated_data["points"]}
        try:
            with transaction.atomic():
                claim_version(evaluation)
                services.save_group_points(group, points, reason)
        except services.StakeholderInputError as error:
            raise _errors(error) from None
        return self._group_response(evaluation, group)

    @extend_schema(
        request=PairwiseWriteSerializer,
        responses=GroupSerializer,
        summary="Replace a group's pairwise judgements (its weights become pairwise)",
    )
    @action(
        detail=True,
        methods=["put"],
        url_path=GROUP + "/pairwise",
        url_name="stakeholder-pairwise",
        pagination_class=None,
        filter_backends=[],
    )
    def stakeholder_pairwise(self, request, pk=None, group_pk=None):
        evaluation = self._writable()
        group = self._group(evaluation, group_pk)
        # The evaluation's own pairwise serializer checks pairs, groups and the reason the same way.
        write = PairwiseWriteSerializer(data=request.data, context={"evaluation": evaluation})
        write.is_valid(raise_exception=True)
        judged = write.validated_data
        try:
            with transaction.atomic():
                claim_version(evaluation)
                services.save_group_judgements(group, judged["groups"], judged["criteria"], judged["reason"])
        except services.StakeholderInputError as error:
            raise _errors(error) from None
        return self._group_response(evaluation, group)

    @extend_schema(methods=["GET"], responses=OpenApiTypes.OBJECT, summary="Manual scores in dispute")
    @extend_schema(
        methods=["POST"],
        request=ConsensusWriteSerializer,
        responses=OpenApiTypes.OBJECT,
        summary="Resolve (agreed score) or leave a dispute",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def consensus(self, request, pk=None):
        if request.method == "POST":
            evaluation = self._writable()
            write = ConsensusWriteSerializer(data=request.data)
            write.is_valid(raise_exception=True)
            data = write.validated_data
            criterion = Criterion.objects.filter(pk=data["criterion"], evaluation=evaluation).first()
            if criterion is None:
                raise ValidationError({"criterion": ["Not a criterion of this evaluation."]})
            vendor = evaluation.candidates.filter(pk=data["vendor"]).first()
            if vendor is None:
                raise ValidationError({"vendor": ["Not a candidate of this evaluation."]})
            try:
                services.note_disagreement(
                    criterion,
                    vendor,
                    outcome=data["outcome"],
                    agreed_score=data.get("agreed_score"),
                    reason=data["reason"],
                    user=request.user,
                )
            except services.StakeholderInputError as error:
                raise _errors(error) from None
        evaluation = self.results_object()
        return ApiResponse(consensus.unresolved_disagreements(evaluation))
