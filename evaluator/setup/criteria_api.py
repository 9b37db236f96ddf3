"""Criteria through the API: read, create, change and delete, with the criteria page's rules.

The criteria of the evaluations the caller can see (owner, member, administrator); any other id
is 404. Writing needs the role that may change criteria (risk leaders, administrators), and the
evaluation must not be decided. A change of ``weight`` needs ``change_reason`` (docs/api.md).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view

from common.rest.history import HistoryActionMixin
from common.rest.viewsets import RecordViewSet
from evaluator.decisions.guard import refuse_api_write
from evaluator.models import Criterion, Evaluation
from evaluator.setup.serializers import CriterionSerializer


@extend_schema_view(
    destroy=extend_schema(
        description="Deletes the criterion, its pairwise comparisons and the manual scores given on it."
    )
)
class CriterionViewSet(HistoryActionMixin, RecordViewSet):
    """Criteria of the evaluations the caller can see; filter with ``?evaluation=<id>``."""

    queryset = Criterion.objects.none()
    serializer_class = CriterionSerializer
    filterset_fields = {"evaluation": ["exact"], "group": ["exact"], "source": ["exact"]}
    search_fields = ["name", "description"]
    ordering_fields = ["position", "name", "weight"]
    ordering = ["evaluation", "position", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Criterion.objects.none()
        return Criterion.objects.filter(evaluation__in=Evaluation.objects.visible_to(self.request.user))

    def perform_destroy(self, instance):
        refuse_api_write(instance.evaluation)
        super().perform_destroy(instance)
