from django.views.generic import DetailView, TemplateView

from vendors.views.history import HistoryPageMixin

from .evaluations_access import EvaluationMixin
from .questionnaires_responses import ResponseMixin


class EvaluationHistoryView(EvaluationMixin, HistoryPageMixin, TemplateView):
    """Members, the owner and administrators only; anyone else gets 404 (see EvaluationMixin)."""

    permission_required = "evaluator.view_evaluation"

    def get_context_data(self, **kwargs):
        self.object = self.evaluation
        context = super().get_context_data(**kwargs)
        context["subject"] = self.evaluation
        return context


class ResponseHistoryView(ResponseMixin, HistoryPageMixin, DetailView):
    permission_required = "evaluator.view_response"

    def get_object(self, queryset=None):
        return self.get_response()
