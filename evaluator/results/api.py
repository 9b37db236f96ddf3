"""The results of an evaluation through the API: ranking, sensitivity, a candidate's scorecard,
the export. Actions of the evaluation endpoint (evaluator/api.py composes it).

Read by ``service.evaluation_results`` and shaped by ``presentation``, as the pages are, in a
fixed number of queries (the evaluation, then the nine of ``selectors.scoring_inputs``).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response as ApiResponse

from common.rest.negotiation import JsonErrorsNegotiation
from evaluator.access.blind import HIDDEN_MESSAGE, results_hidden_from
from evaluator.models import Evaluation
from evaluator.results import export_api
from evaluator.results import serializers as result_serializers
from evaluator.results.service import evaluation_results


class EvaluationResultsActions:
    """``ranking/``, ``sensitivity/``, ``vendors/{slug}/scorecard/`` and ``export/``."""

    def results_object(self) -> Evaluation:
        """The evaluation, if the caller may see its results (evaluator/access/blind.py): 403 otherwise."""
        evaluation = self.get_object()
        if results_hidden_from(evaluation, self.request.user):
            raise PermissionDenied(detail=HIDDEN_MESSAGE, code="blind_scoring")
        return evaluation

    @extend_schema(
        responses=result_serializers.RankingSerializer, summary="Ranking with per-criterion contributions"
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def ranking(self, request, pk=None):
        results = evaluation_results(self.results_object())
        data = result_serializers.ranking_data(results)
        return ApiResponse(result_serializers.RankingSerializer(data).data)

    @extend_schema(
        responses=result_serializers.SensitivitySerializer,
        summary="Weight sensitivity per criterion and rank probabilities",
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def sensitivity(self, request, pk=None):
        results = evaluation_results(self.results_object())
        data = result_serializers.sensitivity_data(results)
        return ApiResponse(result_serializers.SensitivitySerializer(data).data)

    @extend_schema(
        responses=result_serializers.ScorecardSerializer,
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
        evaluation = self.results_object()
        # Only a candidate of this evaluation has a scorecard here; any other slug is 404.
        vendor = get_object_or_404(evaluation.candidates.all(), slug=slug)
        data = result_serializers.scorecard_data(evaluation_results(evaluation), vendor)
        return ApiResponse(result_serializers.ScorecardSerializer(data).data)

    @extend_schema(
        parameters=export_api.PARAMETERS,
        responses=export_api.RESPONSES,
        summary="Download the results as CSV (one table) or .xlsx (every table)",
    )
    @action(
        detail=True,
        pagination_class=None,
        filter_backends=[],
        content_negotiation_class=JsonErrorsNegotiation,
    )
    def export(self, request, pk=None):
        return export_api.export_response(self.results_object(), request.query_params)
