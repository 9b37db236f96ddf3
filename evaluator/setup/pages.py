"""Evaluation list, creation and set-up pages (settings, required capabilities, criteria)."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from common.pages import RolePermissionMixin, StaleEditGuardMixin
from evaluator.access.mixins import EvaluationMixin
from evaluator.models import Criterion, Evaluation, RequiredCapability
from evaluator.setup import services
from evaluator.setup.forms import (
    ChangeReasonForm,
    CriterionFormSet,
    EvaluationForm,
    RequiredCapabilitiesForm,
)
from evaluator.setup.rules import weights_in_use
from vendors.models import Capability


class EvaluationListView(RolePermissionMixin, ListView):
    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/list.html"
    context_object_name = "evaluations"
    paginate_by = 25

    def get_queryset(self):
        return (
            Evaluation.objects.visible_to(self.request.user)
            .select_related("owner")
            .annotate(candidate_count=Count("candidates", distinct=True))
            .order_by("-created_at", "name")
        )


class EvaluationCreateView(RolePermissionMixin, FormView):
    permission_required = "evaluator.add_evaluation"
    template_name = "evaluator/evaluations/form.html"
    form_class = EvaluationForm

    def form_valid(self, form):
        data = form.cleaned_data
        evaluation = services.create_evaluation(
            owner=self.request.user,
            name=data["name"],
            description=data["description"],
            horizon_date=data["horizon_date"],
            method=data["method"],
            blind_scoring=data["blind_scoring"],
            as_of_date=data["as_of_date"],
            candidates=data["candidates"],
            members=data["members"],
        )
        messages.success(
            self.request, "Evaluation created with the default criteria; now choose the capabilities."
        )
        return redirect("evaluator:capabilities", pk=evaluation.pk)


class EvaluationDetailView(EvaluationMixin, TemplateView):
    """Overview and set-up summary of one evaluation."""

    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.evaluation
        criteria = list(evaluation.criteria.order_by("position", "pk"))
        _, shares = services.point_shares([c.weight for c in criteria])
        context.update(
            candidates=evaluation.candidates.order_by("name"),
            members=evaluation.members.order_by("username"),
            required=RequiredCapability.objects.filter(evaluation=evaluation).select_related("capability"),
            criteria=list(zip(criteria, shares, strict=True)),
        )
        return context


class EvaluationEditView(StaleEditGuardMixin, EvaluationMixin, UpdateView):
    permission_required = "evaluator.change_evaluation"
    template_name = "evaluator/evaluations/form.html"
    form_class = EvaluationForm

    def get_object(self, queryset=None):
        return self.evaluation

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.evaluation.get_absolute_url()

    def form_valid(self, form):
        response = super().form_valid(form)  # the stale-page check, then the save
        if response.status_code == 302:
            messages.success(self.request, "Evaluation saved.")
        return response


class RequiredCapabilitiesView(EvaluationMixin, FormView):
    permission_required = "evaluator.change_evaluation"
    template_name = "evaluator/evaluations/capabilities.html"
    form_class = RequiredCapabilitiesForm

    def get_form_kwargs(self):
        current = dict(
            RequiredCapability.objects.filter(evaluation=self.evaluation).values_list(
                "capability_id", "importance"
            )
        )
        capabilities = Capability.objects.select_related("domain").order_by(
            "domain__position", "position", "name"
        )
        return {**super().get_form_kwargs(), "capabilities": capabilities, "current": current}

    @transaction.atomic
    def form_valid(self, form):
        services.replace_required_capabilities(self.evaluation, form.importance())
        messages.success(self.request, f"{len(form.importance())} required capabilities saved.")
        return redirect(self.evaluation.get_absolute_url())


class CriteriaView(EvaluationMixin, TemplateView):
    """Criteria with their group, direction, source and direct weights (points)."""

    permission_required = "evaluator.change_evaluation"
    template_name = "evaluator/evaluations/criteria.html"

    def formset(self, data=None):
        formset = CriterionFormSet(
            data, instance=self.evaluation, queryset=Criterion.objects.filter(evaluation=self.evaluation)
        )
        # One query for the section choices, shared by every row instead of one per row.
        choices = list(formset.form().fields["questionnaire_section"].choices)
        for form in [*formset.forms, formset.empty_form]:
            form.fields["questionnaire_section"].choices = choices
        return formset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        formset = context.setdefault("formset", self.formset())
        context.setdefault("reason_form", ChangeReasonForm())
        # The saved weights: their running total and the share each criterion ends up with.
        saved = [form for form in formset.forms if form.instance.pk]
        total, shares = services.point_shares([form.instance.weight for form in saved])
        share_of = {form.prefix: 100 * share for form, share in zip(saved, shares, strict=True)}
        context["rows"] = [(form, share_of.get(form.prefix)) for form in formset.forms]
        context["points_total"] = total
        context["asks_reason"] = weights_in_use(self.evaluation)
        return context

    def post(self, request, *args, **kwargs):
        if "add_defaults" in request.POST:
            added = services.add_default_criteria(self.evaluation)
            messages.success(request, f"{len(added)} default criteria added.")
            return redirect("evaluator:criteria", pk=self.evaluation.pk)
        formset = self.formset(request.POST)
        reason_form = ChangeReasonForm(request.POST)
        valid = formset.is_valid() and reason_form.is_valid()
        # A weight that changes on a criterion already recorded needs a reason once the weights
        # are in use (issue 7; not in a draft: rules.weight_reason_error).
        reweighted = [f for f in formset.forms if valid and f.instance.pk and "weight" in f.changed_data]
        reason = reason_form.require(self.evaluation) if reweighted else ""
        if not valid or reason is None:
            return self.render_to_response(self.get_context_data(formset=formset, reason_form=reason_form))
        with transaction.atomic():
            weights_changed = any("weight" in form.changed_data for form in formset.forms)
            for form in reweighted:
                form.instance._change_reason = reason or None
            formset.save()
            if weights_changed:
                services.make_weights_direct(self.evaluation, reason)
        messages.success(request, "Criteria saved.")
        return redirect(self.evaluation.get_absolute_url())
