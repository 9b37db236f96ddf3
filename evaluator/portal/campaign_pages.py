"""Campaign pages under /questionnaires/campaigns/: the list, creating one, the board, "remind the late".

Readers (executives too) see the list and boards; those who enter and review answers (risk
leaders, procurement, administrators) create and remind. An evaluation's campaign is seen only
by those who see the evaluation (404 for others, as for its responses).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from common.pages import RolePermissionMixin
from evaluator.models import Questionnaire
from evaluator.portal import campaigns
from evaluator.portal.campaign_forms import CampaignForm, open_evaluations


class CampaignListView(RolePermissionMixin, ListView):
    permission_required = "evaluator.view_campaign"
    template_name = "evaluator/campaigns/campaign_list.html"
    context_object_name = "campaigns"
    paginate_by = 50

    def get_queryset(self):
        # One query: each campaign with its questionnaire, evaluation and invitation counts.
        return (
            campaigns.visible_campaigns(self.request.user)
            .select_related("questionnaire", "evaluation", "created_by")
            .annotate(
                invited=Count("invitations"),
                submitted=Count("invitations", filter=Q(invitations__submitted_at__isnull=False)),
            )
            .order_by("-created_at", "-pk")
        )


class CampaignCreateView(RolePermissionMixin, FormView):
    permission_required = "evaluator.add_campaign"
    form_class = CampaignForm
    template_name = "evaluator/campaigns/campaign_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        params = self.request.GET
        if params.get("questionnaire", "").isdigit():
            initial["questionnaire"] = Questionnaire.objects.filter(pk=params["questionnaire"]).first()
        if params.get("evaluation", "").isdigit():
            evaluation = open_evaluations(self.request.user).filter(pk=params["evaluation"]).first()
            if evaluation is not None:
                # An evaluation's campaign goes to its candidates: start from them.
                initial.update(evaluation=evaluation, vendors=campaigns.candidate_lines(evaluation))
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evaluations"] = open_evaluations(self.request.user).only("name")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            created = campaigns.create_campaign(
                title=data["title"],
                questionnaire=data["questionnaire"],
                evaluation=data["evaluation"],
                entries=form.entries,
                deadline=data["deadline"],
                grace_days=data["grace_days"],
                message=data["message"],
                require_code=data["require_code"],
                user=self.request.user,
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
            return self.form_invalid(form)
        # The links exist only in this answer: shown once, never stored, not cached.
        page = render(
            self.request,
            "evaluator/campaigns/campaign_created.html",
            {"campaign": created.campaign, "links": created.links},
        )
        page["Cache-Control"] = "no-store"
        return page


class CampaignMixin(RolePermissionMixin):
    def get_campaign(self):
        return get_object_or_404(
            campaigns.visible_campaigns(self.request.user).select_related("questionnaire", "evaluation"),
            pk=self.kwargs["pk"],
        )


class CampaignBoardView(CampaignMixin, TemplateView):
    permission_required = "evaluator.view_campaign"
    template_name = "evaluator/campaigns/campaign_board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.get_campaign()
        rows = campaigns.board_rows(campaign)
        context.update(
            campaign=campaign, rows=rows, counts=campaigns.board_counts(rows), today=timezone.localdate()
        )
        return context


class RemindLateView(CampaignMixin, View):
    permission_required = "evaluator.change_campaign"

    def post(self, request, pk):
        campaign = self.get_campaign()
        sent = campaigns.remind_late(campaign)
        if sent:
            messages.success(request, f"{sent} reminder{'s' if sent != 1 else ''} sent to late vendors.")
        else:
            messages.info(
                request,
                "No reminder sent: nobody is late (overdue or due within "
                f"{campaigns.LATE_WITHIN_DAYS} days), or they were all reminded today.",
            )
        return redirect("questionnaires:campaign", pk=campaign.pk)
