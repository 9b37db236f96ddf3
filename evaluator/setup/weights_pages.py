"""Pairwise (AHP) comparison of criterion groups and of criteria within each group."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView

from engine.weighting import CR_WARNING
from evaluator.access.mixins import EvaluationMixin
from evaluator.models import CriterionComparison, CriterionGroup, GroupComparison
from evaluator.setup import services
from evaluator.setup.forms import ChangeReasonForm, PairwiseForm

GROUP_LABELS = dict(CriterionGroup.choices)


class PairwiseWeightsView(EvaluationMixin, FormView):
    permission_required = "evaluator.change_evaluation"
    template_name = "evaluator/evaluations/pairwise.html"
    form_class = PairwiseForm

    def criteria_by_group(self):
        grouped: dict[str, list] = {}
        for criterion in self.evaluation.criteria.order_by("position", "pk"):
            grouped.setdefault(criterion.group, []).append(criterion)
        return grouped

    def get_form_kwargs(self):
        grouped = self.criteria_by_group()
        group_values = {
            (c.first, c.second): c.value for c in GroupComparison.objects.filter(evaluation=self.evaluation)
        }
        criterion_values = {
            (c.first_id, c.second_id): c.value
            for c in CriterionComparison.objects.filter(first__evaluation=self.evaluation)
        }
        return {
            **super().get_form_kwargs(),
            "groups": list(grouped),
            "criteria_by_group": grouped,
            "group_values": group_values,
            "criterion_values": criterion_values,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        checks = []
        too_large = ""
        try:
            _, results = services.pairwise_weights(self.evaluation)
            checks = [
                {
                    "scope": "Between groups" if c.scope == "groups" else GROUP_LABELS.get(c.scope, c.scope),
                    "rows": list(zip(self._labels(c), c.weights, strict=True)),
                    "cr": c.consistency_ratio,
                    "acceptable": c.acceptable,
                }
                for c in results
            ]
        except ValueError as error:
            too_large = str(error)
        context.update(
            group_fields=[form[name] for name, _, _ in form.group_pairs],
            criterion_fields=[
                (GROUP_LABELS[group], form[name]) for name, group, _, _ in form.criterion_pairs
            ],
            checks=checks,
            too_large=too_large,
            cr_warning=CR_WARNING,
            reason_form=kwargs.get("reason_form") or ChangeReasonForm(),
        )
        return context

    def _labels(self, check):
        if check.scope == "groups":
            return [GROUP_LABELS.get(key, key) for key in check.keys]
        if not hasattr(self, "_names"):
            self._names = dict(self.evaluation.criteria.values_list("pk", "name"))
        return [self._names.get(key, key) for key in check.keys]

    def form_invalid(self, form, reason_form=None):
        return self.render_to_response(self.get_context_data(form=form, reason_form=reason_form))

    def form_valid(self, form):
        # Saving always rewrites the criteria weights: a reason once they are in use (issue 7, rules.py).
        reason_form = ChangeReasonForm(self.request.POST)
        reason = reason_form.require(self.evaluation)
        if reason is None:
            return self.form_invalid(form, reason_form)
        groups, criteria = form.judgements()
        try:
            checks = services.save_pairwise_judgements(self.evaluation, groups, criteria, reason=reason)
        except ValueError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form, reason_form)
        inconsistent = [c for c in checks if not c.acceptable]
        if inconsistent:
            messages.warning(
                self.request,
                f"Weights saved, but {len(inconsistent)} comparison set(s) have a consistency ratio above "
                f"{CR_WARNING:.2f}: revisit the judgements marked below.",
            )
        else:
            messages.success(
                self.request, "Pairwise judgements saved; the criteria weights now come from them."
            )
        return redirect("evaluator:pairwise", pk=self.evaluation.pk)
