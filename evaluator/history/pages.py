from django.views.generic import DetailView, TemplateView

from common.pages import HistoryPageMixin
from evaluator.access.mixins import EvaluationMixin, ResponseMixin
from evaluator.history.trail import evaluation_history


class EvaluationHistoryView(EvaluationMixin, HistoryPageMixin, TemplateView):
    """Members, the owner and administrators only; anyone else gets 404 (see EvaluationMixin).

    Lists the evaluation's own changes and those of its criteria, weights, comparisons, required
    capabilities and manual scores, with the reason given for each weight or score change.
    """

    permission_required = "evaluator.view_evaluation"

    def get_context_data(self, **kwargs):
        self.object = self.evaluation
        context = super().get_context_data(**kwargs)
        context["subject"] = self.evaluation
        context["entries"] = evaluation_history(self.evaluation)
        return context


class ResponseHistoryView(ResponseMixin, HistoryPageMixin, DetailView):
    permission_required = "evaluator.view_response"

    def get_object(self, queryset=None):
        return self.get_response()
