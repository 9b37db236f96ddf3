"""REST endpoints for evaluations and their set-up (direct and pairwise weights, default criteria).

evaluator/api.py adds the results, scoring-grid actions to this viewset (one URL prefix).

Only the owner, members and administrators see an evaluation; any other id is 404. Writing
needs the role that changes evaluations on the pages (risk leaders, administrators); there is
no delete, as on the pages.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status as http_status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response as ApiResponse

from common.rest.concurrency import claim_version
from common.rest.history import HistoryActionMixin
from common.rest.viewsets import RecordViewSet
from evaluator.decisions.guard import refuse_api_write
from evaluator.history.trail import evaluation_history
from evaluator.models import Evaluation
from evaluator.setup import serializers, services
from evaluator.setup import weights_api as api_weights


class EvaluationSetupViewSet(HistoryActionMixin, RecordViewSet):
    """Evaluations the caller owns or is a member of (administrators: all). Any other id is 404,
    so an evaluation's existence is not revealed to those who may not see it."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    queryset = Evaluation.objects.none()
    serializer_class = serializers.EvaluationSerializer
    filterset_fields = {"status": ["exact"], "method": ["exact"]}
    search_fields = ["name", "description"]
    ordering_fields = ["created_at", "name", "horizon_date"]
    ordering = ["-created_at", "name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Evaluation.objects.none()
        visible = Evaluation.objects.visible_to(self.request.user).select_related("owner")
        if self.action in ("list", "retrieve", "create", "update", "partial_update"):
            # The decision's summary, without its snapshot content (tens of kB each).
            return (
                visible.select_related("decision__decided_by")
                .defer("decision__content")
                .prefetch_related("members", "candidates", "criteria", "required_capabilities__capability")
            )
        return visible  # the results read their own inputs (selectors.scoring_inputs)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        # Re-read with the nested data the answer shows (members, candidates, default criteria).
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)
        self._etag_instance = serializer.instance

    def perform_update(self, serializer):
        super().perform_update(serializer)
        # The prefetched members, candidates and capabilities are those read before the change.
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)
        self._etag_instance = serializer.instance

    # Set-up: the default criteria set and the pairwise (AHP) judgements.

    @extend_schema(
        request=None,
        responses={201: serializers.CriterionSerializer(many=True)},
        summary="Add the default criteria set (names the evaluation already has are skipped)",
    )
    @action(
        detail=True, methods=["post"], url_path="default-criteria", pagination_class=None, filter_backends=[]
    )
    def default_criteria(self, request, pk=None):
        evaluation = self.get_object()
        refuse_api_write(evaluation)
        added = services.add_default_criteria(evaluation)
        context = self.get_serializer_context()
        return ApiResponse(
            serializers.CriterionSerializer(added, many=True, context=context).data,
            status=http_status.HTTP_201_CREATED,
        )

    @extend_schema(
        methods=["GET"],
        responses=api_weights.DirectWeightsSerializer,
        summary="Every criterion's weight (points) and its normalised share",
    )
    @extend_schema(
        methods=["PUT"],
        request=api_weights.DirectWeightsWriteSerializer,
        responses=api_weights.DirectWeightsSerializer,
        summary="Set several criteria weights at once (one reason); the weights become direct",
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None, filter_backends=[])
    def weights(self, request, pk=None):
        evaluation = self.get_object()
        if request.method == "PUT":
            write = api_weights.DirectWeightsWriteSerializer(
                data=request.data, context={"evaluation": evaluation}
            )
            write.is_valid(raise_exception=True)
            if write.validated_data["changed"]:
                with transaction.atomic():
                    claim_version(evaluation)
                    services.save_direct_weights(
                        evaluation, write.validated_data["changed"], write.validated_data["reason"]
                    )
        return ApiResponse(
            api_weights.DirectWeightsSerializer(api_weights.direct_weights_data(evaluation)).data
        )

    @extend_schema(
        methods=["GET"],
        responses=api_weights.PairwiseSerializer,
        summary="Pairwise (AHP) judgements, the weights they give and their consistency",
    )
    @extend_schema(
        methods=["PUT"],
        request=api_weights.PairwiseWriteSerializer,
        responses=api_weights.PairwiseSerializer,
        summary="Replace the pairwise judgements; the criteria weights become the AHP weights",
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None, filter_backends=[])
    def pairwise(self, request, pk=None):
        evaluation = self.get_object()
        if request.method == "PUT":
            write = api_weights.PairwiseWriteSerializer(data=request.data, context={"evaluation": evaluation})
            write.is_valid(raise_exception=True)
            judged = write.validated_data
            try:
                with transaction.atomic():
                    claim_version(evaluation)
                    services.save_pairwise_judgements(
                        evaluation, judged["groups"], judged["criteria"], reason=judged["reason"]
                    )
            except ValueError as error:
                raise ValidationError({"criterion_comparisons": str(error)}) from None
        return ApiResponse(api_weights.PairwiseSerializer(api_weights.pairwise_data(evaluation)).data)

    def history_of(self, subject):
        """The evaluation's whole trail, as on its History page: its own changes and those of its
        required capabilities, criteria (weights, with reasons), pairwise judgements, manual scores
        (named as the scoring grid names candidates) and the decision."""
        return evaluation_history(subject)
