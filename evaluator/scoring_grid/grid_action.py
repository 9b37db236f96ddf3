"""The scoring grid through the API: an action of the evaluation endpoint (evaluator/api.py)."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response as ApiResponse

from evaluator.scoring_grid import api as api_scores


class ScoringGridActions:
    """``scoring-grid/``: the caller's own scores and, per cell, how far the evaluators disagree."""

    @extend_schema(
        responses=api_scores.ScoringGridSerializer,
        summary="The manual scoring grid: your scores and, per cell, how far the evaluators disagree",
    )
    @action(detail=True, url_path="scoring-grid", pagination_class=None, filter_backends=[])
    def scoring_grid(self, request, pk=None):
        # As the grid page: only the roles that score (executives do not) see it.
        if not request.user.has_perm("evaluator.add_manualscore"):
            raise PermissionDenied("Your role does not score.")
        evaluation = self.get_object()
        return ApiResponse(
            api_scores.ScoringGridSerializer(api_scores.scoring_grid_data(evaluation, request.user)).data
        )
