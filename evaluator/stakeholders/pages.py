"""Stakeholder pages: groups and their weights (the owner edits, members read), the Stakeholders
results page, the consensus step and the live what-if."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from engine.weighting import CR_WARNING
from evaluator.access.mixins import EvaluationMixin
from evaluator.models import Criterion, CriterionGroup, StakeholderGroup, StakeholderWeightMode
from evaluator.results.selectors import criteria_frame
from evaluator.setup.forms import ChangeReasonForm, PairwiseForm
from evaluator.stakeholders import analysis, consensus, services, whatif
from evaluator.stakeholders.forms import ConsensusForm, GroupForm, MethodForm, PointsForm, ProfileForm
from evaluator.stakeholders.selectors import combination_method, group_inputs

GROUP_LABELS = dict(CriterionGroup.choices)


class OwnerEditsMixin(EvaluationMixin):
    """Reading needs the view permission; changing needs the change permission and the owner."""

    permission_required = "evaluator.view_evaluation"

    def may_edit(self) -> bool:
        user = self.request.user
        return user.has_perm("evaluator.change_evaluation") and self.evaluation.is_governed_by(user)

    def require_owner(self) -> None:
        if not self.may_edit():
            raise PermissionDenied(
                f"Only the owner ({self.evaluation.owner}) or an administrator can change the stakeholder groups."
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_edit"] = self.may_edit() and not context["frozen"]
        return context


class GroupsView(OwnerEditsMixin, TemplateView):
    """The groups, their influence and members; add a group; choose the combination."""

    template_name = "evaluator/stakeholders/groups.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = (
            StakeholderGroup.objects.filter(evaluation=self.evaluation)
            .order_by("position", "pk")
            .prefetch_related("members")
        )
        context.update(
            groups=groups,
            group_form=kwargs.get("group_form") or GroupForm(evaluation=self.evaluation),
            method_label=analysis.METHOD_LABELS[combination_method(self.evaluation)],
            method_form=kwargs.get("method_form")
            or MethodForm(initial={"method": combination_method(self.evaluation)}),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.require_owner()
        if "method" in request.POST:
            form = MethodForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(method_form=form), status=400)
            services.set_method(self.evaluation, form.cleaned_data["method"], "Combination method chosen")
            messages.success(request, "Combination method saved.")
            return redirect("evaluator:stakeholder_groups", pk=self.evaluation.pk)
        form = GroupForm(request.POST, evaluation=self.evaluation)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(group_form=form), status=400)
        data = form.cleaned_data
        group = services.save_group(
            self.evaluation,
            name=data["name"],
            description=data["description"],
            influence=data["influence"],
            members=data["members"],
        )
        messages.success(
            request, f"Group “{group.name}” added with the evaluation's own points; now set its weights."
        )
        return redirect("evaluator:stakeholder_weights", pk=self.evaluation.pk, group_pk=group.pk)


class GroupMixin(OwnerEditsMixin):
    """A group of the evaluation (404 for another evaluation's); only its owner edits it."""

    def get_group(self) -> StakeholderGroup:
        if not hasattr(self, "_group"):
            self._group = get_object_or_404(
                StakeholderGroup, pk=self.kwargs["group_pk"], evaluation=self.evaluation
            )
        return self._group

    def get(self, request, *args, **kwargs):
        self.require_owner()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.get_group()
        return context

    def reason(self, form: ChangeReasonForm) -> str | None:
        return form.require(self.evaluation)


class GroupEditView(GroupMixin, TemplateView):
    template_name = "evaluator/stakeholders/group_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or GroupForm(
            instance=self.get_group(), evaluation=self.evaluation
        )
        context["reason_form"] = kwargs.get("reason_form") or ChangeReasonForm()
        return context

    def post(self, request, *args, **kwargs):
        self.require_owner()
        group = self.get_group()
        reason_form = ChangeReasonForm(request.POST)
        if "delete" in request.POST:
            reason = reason_form.require(self.evaluation)
            if reason is None:
                return self.render_to_response(self.get_context_data(reason_form=reason_form), status=400)
            name = group.name
            services.delete_group(group, reason)
            messages.success(request, f"Group “{name}” removed.")
            return redirect("evaluator:stakeholder_groups", pk=self.evaluation.pk)
        form = GroupForm(request.POST, instance=group, evaluation=self.evaluation)
        reason = reason_form.require(self.evaluation)
        if not form.is_valid() or reason is None:
            return self.render_to_response(
                self.get_context_data(form=form, reason_form=reason_form), status=400
            )
        data = form.cleaned_data
        services.save_group(
            self.evaluation,
            group=group,
            name=data["name"],
            description=data["description"],
            influence=data["influence"],
            members=data["members"],
            reason=reason,
        )
        messages.success(request, "Group saved.")
        return redirect("evaluator:stakeholder_groups", pk=self.evaluation.pk)


class GroupWeightsView(GroupMixin, TemplateView):
    """The group's direct points per criterion."""

    template_name = "evaluator/stakeholders/group_weights.html"

    def criteria(self):
        return list(Criterion.objects.filter(evaluation=self.evaluation).order_by("position", "pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.get_group()
        form = kwargs.get("form")
        if form is None:
            points = dict(group.weights.values_list("criterion_id", "points"))
            form = PointsForm(criteria=self.criteria(), points=points)
        context.update(
            form=form,
            fields=[form[name] for name in form.fields],
            reason_form=kwargs.get("reason_form") or ChangeReasonForm(),
            pairwise=group.weight_mode == StakeholderWeightMode.PAIRWISE,
        )
        return context

    def post(self, request, *args, **kwargs):
        self.require_owner()
        form = PointsForm(request.POST, criteria=self.criteria(), points={})
        reason_form = ChangeReasonForm(request.POST)
        reason = reason_form.require(self.evaluation)
        if not form.is_valid() or reason is None:
            return self.render_to_response(
                self.get_context_data(form=form, reason_form=reason_form), status=400
            )
        points = form.points()
        if not sum(points.values()) > 0:
            form.add_error(None, "Give at least one criterion some points.")
            return self.render_to_response(
                self.get_context_data(form=form, reason_form=reason_form), status=400
            )
        services.save_group_points(self.get_group(), points, reason)
        messages.success(request, "The group's weights are saved (direct points).")
        return redirect("evaluator:stakeholders", pk=self.evaluation.pk)


class GroupPairwiseView(GroupMixin, TemplateView):
    """The group's own pairwise judgements, in the evaluation's hierarchy, with its CR."""

    template_name = "evaluator/stakeholders/group_pairwise.html"

    def form_for(self, data=None) -> PairwiseForm:
        grouped: dict[str, list] = {}
        for criterion in Criterion.objects.filter(evaluation=self.evaluation).order_by("position", "pk"):
            grouped.setdefault(criterion.group, []).append(criterion)
        group = self.get_group()
        return PairwiseForm(
            data,
            groups=list(grouped),
            criteria_by_group=grouped,
            group_values={(c.first, c.second): c.value for c in group.group_comparisons.all()},
            criterion_values={(c.first_id, c.second_id): c.value for c in group.criterion_comparisons.all()},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self.form_for()
        inputs = next(i for i in group_inputs(self.evaluation) if i.group.pk == self.get_group().pk)
        checks, problem = [], ""
        if inputs.group.weight_mode == StakeholderWeightMode.PAIRWISE:
            frame = criteria_frame(self.evaluation)
            _, found, problem = analysis.group_weights(inputs, frame)
            names = dict(zip(frame["criterion_id"], frame["name"], strict=True))
            checks = analysis.check_rows(found, names)
        context.update(
            form=form,
            group_fields=[form[name] for name, _, _ in form.group_pairs],
            criterion_fields=[(GROUP_LABELS[g], form[name]) for name, g, _, _ in form.criterion_pairs],
            checks=checks,
            problem=problem,
            cr_warning=CR_WARNING,
            reason_form=kwargs.get("reason_form") or ChangeReasonForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.require_owner()
        form = self.form_for(request.POST)
        reason_form = ChangeReasonForm(request.POST)
        reason = reason_form.require(self.evaluation)
        if not form.is_valid() or reason is None:
            return self.render_to_response(
                self.get_context_data(form=form, reason_form=reason_form), status=400
            )
        groups, criteria = form.judgements()
        try:
            checks = services.save_group_judgements(self.get_group(), groups, criteria, reason)
        except services.StakeholderInputError as error:
            form.add_error(None, str(error))
            return self.render_to_response(
                self.get_context_data(form=form, reason_form=reason_form), status=400
            )
        if any(not c.acceptable for c in checks):
            messages.warning(
                request, f"Judgements saved, but a consistency ratio is above {CR_WARNING:.2f}: revisit them."
            )
        else:
            messages.success(request, "Judgements saved; the group's weights now come from them.")
        return redirect("evaluator:stakeholder_pairwise", pk=self.evaluation.pk, group_pk=self.get_group().pk)


class StakeholdersView(OwnerEditsMixin, TemplateView):
    """Ranking per group and combined, who would choose whom, where the groups disagree, and how
    often each candidate comes first over plausible views."""

    template_name = "evaluator/stakeholders/results.html"
    shows_results = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = analysis.analyse(self.evaluation, self.results())
        context["analysis"] = result
        ranked = [g for g in result["groups"] if g["ranking"]]
        context["groups_ranked"] = ranked
        context["rank_table"] = rank_table(result, ranked)
        context["unresolved"] = consensus.unresolved_disagreements(self.evaluation)
        return context


def rank_table(result: dict, ranked: list[dict]) -> list[dict]:
    """One row per candidate in the combined order: its combined rank and total, then its rank
    and total in every group's view (the side-by-side table)."""
    if not result["combined"] or not result["combined"]["ranking"]:
        return []
    by_group = [{row["vendor"]: row for row in group["ranking"]} for group in ranked]
    return [
        {
            **row,
            "cells": [views[row["vendor"]] for views in by_group],
            "winner_of": [g["name"] for g in ranked if g["winner"]["vendor"] == row["vendor"]],
        }
        for row in result["combined"]["ranking"]
    ]


class ConsensusView(OwnerEditsMixin, TemplateView):
    """Manual scores spread by 2 or more: discuss, then resolve (agreed score) or leave."""

    template_name = "evaluator/stakeholders/consensus.html"
    shows_results = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["disagreements"] = consensus.disagreements(self.evaluation)
        context["form"] = kwargs.get("form")
        return context

    def post(self, request, *args, **kwargs):
        self.require_owner()
        form = ConsensusForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        criterion = get_object_or_404(Criterion, pk=data["criterion"], evaluation=self.evaluation)
        vendor = get_object_or_404(self.evaluation.candidates.all(), pk=data["vendor"])
        try:
            services.note_disagreement(
                criterion,
                vendor,
                outcome=data["outcome"],
                agreed_score=data["agreed_score"],
                reason=data["reason"],
                user=request.user,
            )
        except services.StakeholderInputError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, f"{criterion.name} · {vendor.name}: noted.")
        return redirect("evaluator:consensus", pk=self.evaluation.pk)


class WhatIfView(OwnerEditsMixin, TemplateView):
    """Sliders over the criterion groups' weights, re-ranked in the browser (static/js/whatif.js)."""

    template_name = "evaluator/stakeholders/whatif.html"
    shows_results = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = whatif.whatif_data(self.results())
        context["whatif"] = data
        context["form"] = kwargs.get("form")
        return context

    def post(self, request, *args, **kwargs):
        self.require_owner()
        data = whatif.whatif_data(self.results())
        groups = [(g["key"], g["label"]) for g in data["groups"]]
        form = ProfileForm(request.POST, evaluation=self.evaluation, groups=groups)
        if not groups:
            form.add_error(None, "The candidates cannot be ranked yet: there is nothing to weigh.")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            group = services.save_profile(
                self.evaluation,
                name=form.cleaned_data["name"],
                group_weights=form.group_weights(),
                reason=form.cleaned_data["reason"],
                members=[request.user],
            )
        except services.StakeholderInputError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            f"Saved as the group “{group.name}” with influence 0: it is compared on the Stakeholders page "
            "and moves the combined weights only once it is given an influence.",
        )
        return redirect("evaluator:stakeholders", pk=self.evaluation.pk)
