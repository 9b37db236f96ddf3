"""Pairwise (AHP) comparison of criterion groups and of criteria within each group."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView

from engine import weighting
from engine.charts.base import fmt_percent
from engine.weighting import CR_WARNING
from evaluator.access.mixins import EvaluationMixin
from evaluator.models import CriterionComparison, CriterionGroup, GroupComparison
from evaluator.setup import services
from evaluator.setup.forms import ChangeReasonForm, PairwiseForm

GROUP_LABELS = dict(CriterionGroup.choices)


def saaty_text(value: float) -> str:
    """A matrix cell as a judgement reads: "3", "1/3", "1"."""
    if value >= 1:
        return f"{value:g}"
    return f"1/{1 / value:g}"


class PairwiseWeightsView(EvaluationMixin, FormView):
    permission_required = "evaluator.change_evaluation"
    template_name = "evaluator/evaluations/pairwise.html"
    form_class = PairwiseForm

    def criteria_by_group(self):
        grouped: dict[str, list] = {}
        for criterion in self.evaluation.criteria.order_by("position", "pk"):
            grouped.setdefault(criterion.group, []).append(criterion)
        return grouped

    def judgements(self) -> tuple[dict, dict, bool]:
        """The judgements the page shows: the stored ones, or, before any judgement, those that
        reproduce the current points (engine.weighting.judgements_from_weights) so that saving
        the page untouched keeps the weights' order instead of flattening them. The flag says
        which."""
        if hasattr(self, "_judgements"):
            return self._judgements
        grouped = self.criteria_by_group()
        group_values = {
            (c.first, c.second): c.value for c in GroupComparison.objects.filter(evaluation=self.evaluation)
        }
        criterion_values = {
            (c.first_id, c.second_id): c.value
            for c in CriterionComparison.objects.filter(first__evaluation=self.evaluation)
        }
        from_weights = not group_values and not criterion_values
        if from_weights:
            totals = {group: sum(c.weight for c in members) for group, members in grouped.items()}
            group_values = weighting.judgements_from_weights(list(grouped), totals)
            for members in grouped.values():
                points = {c.pk: c.weight for c in members}
                criterion_values.update(weighting.judgements_from_weights([c.pk for c in members], points))
        self._judgements = (group_values, criterion_values, from_weights)
        return self._judgements

    def get_form_kwargs(self):
        grouped = self.criteria_by_group()
        group_values, criterion_values, _ = self.judgements()
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
        grouped = self.criteria_by_group()
        group_values, criterion_values, from_weights = self.judgements()
        checks, finals = [], []
        too_large = ""
        try:
            weights, results = weighting.hierarchical_weights(
                {group: [c.pk for c in members] for group, members in grouped.items()},
                group_values,
                criterion_values,
            )
        except ValueError as error:
            too_large = str(error)
        else:
            checks = [
                self._check(c, group_values if c.scope == "groups" else criterion_values) for c in results
            ]
            finals = self._final_rows(grouped, weights)
        context.update(
            group_fields=[form[name] for name, _, _ in form.group_pairs],
            criterion_fields=[
                (GROUP_LABELS[group], form[name]) for name, group, _, _ in form.criterion_pairs
            ],
            checks=checks,
            finals=finals,
            from_weights=from_weights,
            too_large=too_large,
            cr_warning=CR_WARNING,
            reason_form=kwargs.get("reason_form") or ChangeReasonForm(),
        )
        return context

    def _check(self, check, judgements) -> dict:
        labels = self._labels(check)
        matrix = weighting.pairwise_matrix(list(check.keys), judgements)
        return {
            "scope": "Between groups"
            if check.scope == "groups"
            else GROUP_LABELS.get(check.scope, check.scope),
            "rows": list(zip(labels, check.weights, strict=True)),
            "cr": check.consistency_ratio,
            "acceptable": check.acceptable,
            "labels": labels,
            "matrix": [
                (label, [saaty_text(value) for value in row])
                for label, row in zip(labels, matrix, strict=True)
            ],
        }

    def _final_rows(self, grouped, weights) -> list[dict]:
        criteria = [c for members in grouped.values() for c in members]
        _, shares = services.point_shares([c.weight for c in criteria])
        return [
            {
                "name": c.name,
                "group": GROUP_LABELS.get(c.group, c.group),
                "now": fmt_percent(share),
                "pairwise": fmt_percent(weights.get(c.pk)),
            }
            for c, share in zip(criteria, shares, strict=True)
        ]

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
