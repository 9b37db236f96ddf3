"""The sign-off through the API: actions of the evaluation endpoint (evaluator/api.py composes it).

``proposal-warnings/`` (GET), ``propose/``, ``proposal/`` (GET, the latest), ``approve/``,
``reject/``, ``withdraw/``, ``memo/`` (GET) and ``copy/``. Each calls evaluator/decisions/signoff.py
(or memo.py, setup/services.copy_evaluation) as the pages do. A refused step answers 400 with the
field that is wrong, or 409 when the evaluation is not in the state the step needs.
"""

from django.contrib.auth import get_user_model
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework import status as http_status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response as ApiResponse

from common.rest.errors import Conflict
from common.rest.permissions import RoleModelPermissions
from evaluator.decisions import signoff
from evaluator.decisions.memo import memo_content, memo_proposal
from evaluator.decisions.warnings import proposal_warnings
from evaluator.models import DecisionProposal
from evaluator.results.service import evaluation_results
from evaluator.setup.services import copy_evaluation
from vendors.models import Vendor


class SeesEvaluations(RoleModelPermissions):
    """Approving and rejecting are for the named approvers, whatever their role: POST needs only
    the right to see evaluations (the sign-off checks the approver)."""

    perms_map = {**RoleModelPermissions.perms_map, "POST": ["evaluator.view_evaluation"]}


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    url = serializers.CharField(allow_blank=True)


class ApprovalSerializer(serializers.Serializer):
    approver = serializers.CharField(source="approver.username")
    name = serializers.SerializerMethodField()
    verdict = serializers.CharField()
    comment = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)

    def get_name(self, approval) -> str:
        return approval.approver.get_full_name() or approval.approver.username


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    proposed_by = serializers.CharField(source="proposed_by.username")
    proposed_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    chosen = serializers.SerializerMethodField()
    ranked_first = serializers.ListField(source="leaders", child=serializers.CharField())
    justification = serializers.CharField()
    rationale = serializers.CharField()
    conditions = serializers.ListField(source="condition_list", child=serializers.CharField())
    risks_accepted = serializers.ListField(source="risk_list", child=serializers.CharField())
    warnings = WarningSerializer(many=True)
    approvals = ApprovalSerializer(many=True, source="approvals.all")

    def get_chosen(self, proposal) -> list[str]:
        return sorted(vendor.slug for vendor in proposal.chosen.all())


class ProposeSerializer(serializers.Serializer):
    chosen = serializers.SlugRelatedField(slug_field="slug", queryset=Vendor.objects.all(), many=True)
    rationale = serializers.CharField(allow_blank=True)
    justification = serializers.CharField(allow_blank=True, required=False, default="")
    conditions = serializers.CharField(allow_blank=True, required=False, default="")
    risks_accepted = serializers.CharField(allow_blank=True, required=False, default="")
    approvers = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.all(), many=True
    )


class VerdictSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, required=False, default="")


class CopySerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, required=False, default="", max_length=160)


class MemoRankingSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    tied = serializers.BooleanField()
    name = serializers.CharField()
    total = serializers.FloatField()
    p_first = serializers.FloatField(allow_null=True)


class MemoSerializer(serializers.Serializer):
    proposal = ProposalSerializer()
    stability = serializers.CharField()
    ranking = MemoRankingSerializer(many=True)
    evidence = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


def refused(error: signoff.SignoffRefused):
    fields = {field: message for field, message in error.errors.items() if field}
    if fields:
        return ValidationError(fields)
    return Conflict(str(error), code="signoff_state")


def _latest(evaluation) -> DecisionProposal:
    proposal = (
        DecisionProposal.objects.filter(evaluation=evaluation)
        .select_related("proposed_by")
        .prefetch_related("chosen", "approvals__approver")
        .first()
    )
    if proposal is None:
        raise Http404("No decision has been proposed in this evaluation.")
    return proposal


class SignoffActions:
    @extend_schema(responses=WarningSerializer(many=True), summary="What to look at before proposing")
    @action(detail=True, url_path="proposal-warnings", pagination_class=None, filter_backends=[])
    def proposal_warnings(self, request, pk=None):
        evaluation = self.results_object()
        warnings = proposal_warnings(evaluation, evaluation_results(evaluation))
        return ApiResponse(WarningSerializer([w.as_dict() for w in warnings], many=True).data)

    @extend_schema(
        request=ProposeSerializer,
        responses={201: ProposalSerializer},
        summary="Propose a decision (owner): chosen vendors, rationale, conditions, risks, approvers",
    )
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def propose(self, request, pk=None):
        evaluation = self.get_object()
        write = ProposeSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        try:
            signoff.propose(evaluation, request.user, **write.validated_data)
        except signoff.SignoffRefused as error:
            raise refused(error) from None
        return ApiResponse(ProposalSerializer(_latest(evaluation)).data, status=http_status.HTTP_201_CREATED)

    @extend_schema(responses=ProposalSerializer, summary="The latest proposal and its approvals")
    @action(detail=True, pagination_class=None, filter_backends=[])
    def proposal(self, request, pk=None):
        return ApiResponse(ProposalSerializer(_latest(self.get_object())).data)

    def _verdict(self, request, step):
        evaluation = self.get_object()
        write = VerdictSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        try:
            step(evaluation, request.user, write.validated_data["comment"])
        except signoff.SignoffRefused as error:
            raise refused(error) from None
        return ApiResponse(ProposalSerializer(_latest(evaluation)).data)

    @extend_schema(
        request=VerdictSerializer,
        responses=ProposalSerializer,
        summary="Approve the proposal (a named approver); the last approval decides",
    )
    @action(detail=True, methods=["post"], permission_classes=[SeesEvaluations])
    def approve(self, request, pk=None):
        return self._verdict(request, signoff.approve)

    @extend_schema(
        request=VerdictSerializer,
        responses=ProposalSerializer,
        summary="Reject the proposal (a named approver; comment required): back to scoring",
    )
    @action(detail=True, methods=["post"], permission_classes=[SeesEvaluations])
    def reject(self, request, pk=None):
        return self._verdict(request, signoff.reject)

    @extend_schema(request=None, responses=ProposalSerializer, summary="Withdraw the proposal (owner)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        evaluation = self.get_object()
        try:
            signoff.withdraw(evaluation, request.user)
        except signoff.SignoffRefused as error:
            raise refused(error) from None
        return ApiResponse(ProposalSerializer(_latest(evaluation)).data)

    @extend_schema(responses=MemoSerializer, summary="The decision memo's content (once proposed)")
    @action(detail=True, pagination_class=None, filter_backends=[])
    def memo(self, request, pk=None):
        evaluation = self.results_object()
        proposal = memo_proposal(evaluation)
        if proposal is None:
            raise Http404("No decision has been proposed in this evaluation yet.")
        content = memo_content(evaluation, evaluation_results(evaluation), proposal)
        return ApiResponse(MemoSerializer(content).data)

    @extend_schema(
        request=CopySerializer,
        responses={201: None},
        summary="Copy into a new draft evaluation (set-up, criteria and weights; not the scores)",
    )
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        evaluation = self.get_object()
        write = CopySerializer(data=request.data)
        write.is_valid(raise_exception=True)
        copy = copy_evaluation(evaluation, request.user, write.validated_data["name"])
        serializer = self.get_serializer(self.get_queryset().get(pk=copy.pk))
        return ApiResponse(serializer.data, status=http_status.HTTP_201_CREATED)
