"""Who may see and change an evaluation: role permission first (403), then membership (404).

Checking the role before looking the evaluation up means a refusal says nothing about whether
an evaluation exists; a signed-in user who may use the page but is not a member gets 404.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from vendors.views.mixins import RolePermissionMixin

from .. import selectors
from ..models import Evaluation, EvaluationStatus
from ..results_cache import evaluate_cached
from ..scoring.table import TOPSIS


class EvaluationMixin(RolePermissionMixin):
    """Loads ``self.evaluation`` among the evaluations the user owns or is a member of."""

    # Set-up pages refuse changes once the evaluation is decided.
    locks_when_decided = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_permission():
            return self.handle_no_permission()
        self.evaluation = get_object_or_404(
            Evaluation.objects.visible_to(request.user).select_related("owner"), pk=kwargs["pk"]
        )
        if (
            self.locks_when_decided
            and request.method == "POST"
            and self.evaluation.status == EvaluationStatus.DECIDED
        ):
            messages.error(request, "This evaluation is decided; set its status back to change it.")
            return redirect(self.evaluation.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evaluation"] = self.evaluation
        context["can_change"] = self.request.user.has_perm("evaluator.change_evaluation")
        context["can_score"] = self.request.user.has_perm("evaluator.add_manualscore")
        return context

    def score(self, context, inputs=None):
        """Score the evaluation and put ``table`` and ``topsis`` where every results template reads them."""
        inputs = inputs if inputs is not None else selectors.scoring_inputs(self.evaluation)
        result = evaluate_cached(inputs)
        context.update(table=result.table, topsis=result.table.method == TOPSIS)
        return inputs, result
