"""The manual scoring grid: each evaluator rates every candidate on every manual criterion 0–5.

Several evaluators score independently: the grid shows only the signed-in evaluator's own scores,
plus, per cell, how many colleagues scored and whether they disagree (spread ≥ 2 points). In
blind mode candidates appear as "Vendor A, B, …" in an order that does not follow their names.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.views.generic import TemplateView

from evaluator.access.mixins import EvaluationMixin
from evaluator.models import CriterionSource, ManualScore
from evaluator.scoring_grid.rules import DISAGREEMENT_SPREAD, candidate_token, disagreements, grid_labels
from evaluator.setup.forms import ChangeReasonForm, ManualScoreForm


class ScoringGridView(EvaluationMixin, TemplateView):
    permission_required = "evaluator.add_manualscore"
    template_name = "evaluator/evaluations/scoring.html"

    def setup_grid(self):
        self.criteria = list(
            self.evaluation.criteria.filter(source=CriterionSource.MANUAL).order_by("position", "pk")
        )
        by_id = {v.pk: v for v in self.evaluation.candidates.all()}
        self.labels = grid_labels(
            self.evaluation.blind_secret,
            self.evaluation.blind_scoring,
            [(v.pk, v.name) for v in by_id.values()],
        )
        self.candidates = [by_id[pk] for pk in self.labels]
        all_scores = list(
            ManualScore.objects.filter(criterion__evaluation=self.evaluation).values_list(
                "vendor_id", "criterion_id", "score", "evaluator_id", "rationale", "pk"
            )
        )
        self.mine = {(v, c): (s, r, pk) for v, c, s, e, r, pk in all_scores if e == self.request.user.pk}
        self.spread = disagreements((v, c, s) for v, c, s, _, _, _ in all_scores)

    def forms(self, data=None):
        forms = {}
        for vendor in self.candidates:
            for criterion in self.criteria:
                score, rationale, _ = self.mine.get((vendor.pk, criterion.pk), (None, "", None))
                forms[(vendor.pk, criterion.pk)] = ManualScoreForm(
                    data,
                    prefix=f"s{self.field_id(vendor.pk)}_{criterion.pk}",
                    initial={"score": "" if score is None else str(score), "rationale": rationale},
                )
        return forms

    def field_id(self, vendor_id: int) -> str:
        """How a candidate is named in form fields: by id when open, by an opaque token when blind."""
        if self.evaluation.blind_scoring:
            return candidate_token(self.evaluation.blind_secret, vendor_id)
        return str(vendor_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = kwargs.get("forms") or self.forms()
        context["criteria"] = self.criteria
        context["rows"] = [
            {
                "label": self.labels[vendor.pk],
                "cells": [
                    {
                        "form": forms[(vendor.pk, criterion.pk)],
                        "spread": self.spread.get((vendor.pk, criterion.pk)),
                    }
                    for criterion in self.criteria
                ],
            }
            for vendor in self.candidates
        ]
        context["reason_form"] = kwargs.get("reason_form") or ChangeReasonForm()
        context["flagged"] = sum(1 for cell in self.spread.values() if cell["flagged"])
        context["disagreement_spread"] = DISAGREEMENT_SPREAD
        return context

    def get(self, request, *args, **kwargs):
        self.setup_grid()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_grid()
        forms = self.forms(request.POST)
        reason_form = ChangeReasonForm(request.POST)
        valid = all(form.is_valid() for form in forms.values()) and reason_form.is_valid()
        reason = ""
        if valid and self.changes_existing_scores(forms):
            # A first score needs no reason (its rationale says why); changing or removing one does.
            reason = reason_form.require()
            valid = reason is not None
        if not valid:
            messages.error(request, "Nothing was saved: correct the cells marked below.")
            return self.render_to_response(self.get_context_data(forms=forms, reason_form=reason_form))
        saved = removed = 0
        with transaction.atomic():
            for (vendor_id, criterion_id), form in forms.items():
                score, rationale = form.cleaned_data["score"], form.cleaned_data["rationale"].strip()
                existing = self.mine.get((vendor_id, criterion_id))
                if score is None:
                    if existing:
                        record = ManualScore.objects.get(pk=existing[2])
                        record._change_reason = reason
                        record.delete()
                        removed += 1
                    continue
                if existing and existing[:2] == (score, rationale):
                    continue
                if existing:
                    record = ManualScore.objects.get(pk=existing[2])
                    record.score, record.rationale = score, rationale
                    if existing[0] != score:
                        record._change_reason = reason
                    record.save()
                else:
                    ManualScore.objects.create(
                        criterion_id=criterion_id,
                        vendor_id=vendor_id,
                        evaluator=request.user,
                        score=score,
                        rationale=rationale,
                    )
                saved += 1
        messages.success(request, f"{saved} score(s) saved, {removed} removed.")
        return redirect("evaluator:scoring", pk=self.evaluation.pk)

    def changes_existing_scores(self, forms) -> bool:
        for cell, form in forms.items():
            existing = self.mine.get(cell)
            if existing and form.cleaned_data["score"] != existing[0]:
                return True
        return False
