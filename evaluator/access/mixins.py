"""Who may see and change an evaluation or a questionnaire response, for every page.

Role permission first (403), then membership (404).

Checking the role before looking the evaluation up means a refusal says nothing about whether
an evaluation exists; a signed-in user who may use the page but is not a member gets 404. Once
the evaluation is decided every POST through these pages is refused (evaluator/decisions/guard.py).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from common.pages import RolePermissionMixin
from engine.scoring.table import TOPSIS
from evaluator.access.blind import HIDDEN_MESSAGE, results_hidden_from
from evaluator.decisions.guard import frozen_message, is_decided, is_frozen
from evaluator.models import DecisionSnapshot, Evaluation, EvaluationStatus, Response
from evaluator.results.service import Results, evaluation_results


class EvaluationMixin(RolePermissionMixin):
    """Loads ``self.evaluation`` among the evaluations the user owns or is a member of."""

    # Result pages (ranking, charts, scorecards, exports) are withheld from evaluators of a
    # blind evaluation until it is decided (evaluator/access/blind.py).
    shows_results = False
    # The sign-off's own pages (approve, reject, withdraw, copy) post on a frozen evaluation.
    allowed_when_frozen = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_permission():
            return self.handle_no_permission()
        self.evaluation = get_object_or_404(
            Evaluation.objects.visible_to(request.user).select_related("owner"), pk=kwargs["pk"]
        )
        writes = request.method not in ("GET", "HEAD", "OPTIONS")
        if writes and is_frozen(self.evaluation) and not self.allowed_when_frozen:
            # Decided is final, and proposed waits for its approvers: no page changes the inputs.
            messages.error(request, frozen_message(self.evaluation))
            return redirect(self.evaluation.get_absolute_url())
        if self.shows_results and results_hidden_from(self.evaluation, request.user):
            context = {"evaluation": self.evaluation, "message": HIDDEN_MESSAGE}
            return render(request, "evaluator/evaluations/results_hidden.html", context, status=403)
        return super().dispatch(request, *args, **kwargs)

    def decision(self) -> DecisionSnapshot | None:
        """The evaluation's snapshot without its content (one query, only once decided)."""
        if not hasattr(self, "_decision"):
            self._decision = (
                DecisionSnapshot.objects.filter(evaluation=self.evaluation)
                .select_related("decided_by")
                .defer("content")
                .first()
                if is_decided(self.evaluation)
                else None
            )
        return self._decision

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evaluation"] = self.evaluation
        context["can_change"] = self.request.user.has_perm("evaluator.change_evaluation")
        context["can_score"] = self.request.user.has_perm("evaluator.add_manualscore")
        context["can_govern"] = self.evaluation.is_governed_by(self.request.user)
        context["frozen"] = is_frozen(self.evaluation)
        context["decided"] = is_decided(self.evaluation)
        context["status_steps"] = EvaluationStatus.choices
        context["status_index"] = EvaluationStatus.values.index(self.evaluation.status)
        context["decision"] = self.decision()
        return context

    def results(self) -> Results:
        """The evaluation's results (evaluator/results/service.py), read once per request."""
        if not hasattr(self, "_results"):
            self._results = evaluation_results(self.evaluation)
        return self._results

    def score(self, context) -> Results:
        """The results, with ``table`` and ``topsis`` where every results template reads them."""
        results = self.results()
        context.update(table=results.table, topsis=results.table.method == TOPSIS)
        return results


class ResponseMixin(RolePermissionMixin):
    """Loads the questionnaire response of the URL (``get_response``), once per request."""

    def get_response(self) -> Response:
        if not hasattr(self, "_response"):
            self._response = get_object_or_404(
                Response.objects.visible_to(self.request.user).select_related(
                    "vendor", "questionnaire", "entered_by", "submitted_by", "reviewed_by", "locked_by"
                ),
                pk=self.kwargs["pk"],
            )
        return self._response
