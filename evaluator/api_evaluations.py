"""REST endpoints for evaluations and their results (ranking, sensitivity, scorecard data).

Only the owner, members and administrators see an evaluation; any other id is 404.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from config.rest.viewsets import ReadOnlyRecordViewSet

from . import api_results, selectors
from . import serializers_evaluations as serializers
from .models import Evaluation
from .scoring import evaluate


class EvaluationViewSet(ReadOnlyRecordViewSet):
    """Evaluations the caller owns or is a member of (administrators: all). Any other id is 404,
    so an evaluation's existence is not revealed to those who may not see it."""

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
        if self.action in ("list", "retrieve"):
            return visible.prefetch_related("members", "candidates", "criteria")
        return visible  # the results read their own inputs (selectors.scoring_inputs)

    # The results: computed per request by the same selectors and scoring as the results page,
    # in a fixed number of queries (the evaluation, then the nine of scoring_inputs).

    @extend_schema(
        responses=api_results.RankingSerializer, summary="Ranking with per-criterion contributions"
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def ranking(self, request, pk=None):
        evaluation = self.get_object()
        inputs = selectors.scoring_inputs(evaluation)
        data = api_results.ranking_data(evaluation, inputs, evaluate(inputs))
        return ApiResponse(api_results.RankingSerializer(data).data)

    @extend_schema(
        responses=api_results.SensitivitySerializer,
        summary="Weight sensitivity per criterion and rank probabilities",
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def sensitivity(self, request, pk=None):
        evaluation = self.get_object()
        result = evaluate(selectors.scoring_inputs(evaluation))
        return ApiResponse(
            api_results.SensitivitySerializer(api_results.sensitivity_data(evaluation, result)).data
        )

    @extend_schema(
        responses=api_results.ScorecardSerializer,
        summary="A candidate's scorecard data",
        parameters=[
            OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The candidate's slug.")
        ],
    )
    @action(
        detail=True,
        url_path=r"vendors/(?P<slug>[^/]+)/scorecard",
        url_name="scorecard",
        pagination_class=None,
        filter_backends=[],
    )
    def scorecard(self, request, pk=None, slug=None):
        evaluation = self.get_object()
        # Only a candidate of this evaluation has a scorecard here; any other slug is 404.
        vendor = get_object_or_404(evaluation.candidates.all(), slug=slug)
        inputs = selectors.scoring_inputs(evaluation)
        data = api_results.scorecard_data(evaluation, vendor, inputs, evaluate(inputs))
        return ApiResponse(api_results.ScorecardSerializer(data).data)
