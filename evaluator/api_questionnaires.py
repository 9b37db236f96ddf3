"""REST endpoints for questionnaires (responses: api_responses.py, answers: api_answers.py).

Every signed-in role may read them (view permissions, as in the UI). A list
costs a fixed number of queries: the page, its select_related parents, one
query per prefetched relation.
"""

from django.db.models import Prefetch

from config.rest.history import HistoryActionMixin
from config.rest.viewsets import ReadOnlyRecordViewSet

from . import serializers_questionnaires as serializers
from .models import Question, Questionnaire


class QuestionnaireViewSet(HistoryActionMixin, ReadOnlyRecordViewSet):
    """Questionnaire versions with their sections, questions and choices."""

    queryset = Questionnaire.objects.prefetch_related(
        "sections", Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
    )
    serializer_class = serializers.QuestionnaireSerializer
    filterset_fields = {"family": ["exact"], "is_builtin": ["exact"], "issued_at": ["isnull"]}
    search_fields = ["title", "description", "family"]
    ordering_fields = ["family", "version_number", "created_at"]
    ordering = ["family", "-version_number"]
