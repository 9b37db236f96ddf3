"""The sign-off's pages: propose a decision, sign it off, read the memo, copy the evaluation.

- Propose (owner and administrators): the ranking, the warnings with a link to fix each, and the
  record to fill in. Only an evaluation in scoring can be proposed; the page says why otherwise.
- Sign-off (everyone who sees the evaluation): the record and every approver's answer; a named
  approver approves or rejects there, the owner withdraws there.
- Memo (everyone who sees the evaluation, ``?format=pdf`` for the PDF): once a decision is
  proposed (marked "awaiting sign-off") and once decided.
- Copy (whoever may create evaluations): a new draft with the set-up, for any evaluation they see.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import FormView, TemplateView

from common.pages import PdfDownloadMixin
from evaluator.access.mixins import EvaluationMixin
from evaluator.decisions import signoff
from evaluator.decisions.forms import ProposalForm, VerdictForm
from evaluator.decisions.memo import memo_content, memo_proposal
from evaluator.decisions.warnings import proposal_warnings
from evaluator.models import DecisionProposal, EvaluationStatus, ProposalState, Verdict
from evaluator.results import printing
from evaluator.setup.services import copy_evaluation


class ProposeView(EvaluationMixin, FormView):
    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/propose.html"
    form_class = ProposalForm

    def refuse_unless_owner(self) -> None:
        if not self.evaluation.is_governed_by(self.request.user):
            raise PermissionDenied(
                f"Only the owner ({self.evaluation.owner}) or an administrator can propose a decision."
            )

    def get(self, request, *args, **kwargs):
        self.refuse_unless_owner()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.refuse_unless_owner()
        if self.evaluation.status != EvaluationStatus.SCORING:
            messages.error(request, "Only an evaluation in scoring can be proposed; this page says why.")
            return redirect("evaluator:propose", pk=self.evaluation.pk)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        results = self.results()
        return {
            **super().get_form_kwargs(),
            "evaluation": self.evaluation,
            "user": self.request.user,
            "leader_ids": [row["vendor_id"] for row in signoff.leaders(results)],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = self.score(context)
        context["ranking"] = results.ranking if results.ranked else []
        context["can_propose"] = self.evaluation.status == EvaluationStatus.SCORING and results.ranked
        context["warnings"] = proposal_warnings(self.evaluation, results) if context["can_propose"] else []
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            signoff.propose(
                self.evaluation,
                self.request.user,
                chosen=list(data["chosen"]),
                rationale=data["rationale"],
                justification=data["justification"],
                conditions=data["conditions"],
                risks_accepted=data["risks_accepted"],
                approvers=list(data["approvers"]),
            )
        except signoff.SignoffRefused as refusal:
            for field, message in refusal.errors.items():
                form.add_error(field or None, message)
            return self.form_invalid(form)
        messages.success(self.request, "Proposed. Each approver has been asked to sign it off.")
        return redirect("evaluator:signoff", pk=self.evaluation.pk)


class SignoffView(EvaluationMixin, TemplateView):
    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/signoff.html"
    allowed_when_frozen = True  # approving, rejecting and withdrawing happen while it is proposed

    def proposal(self) -> DecisionProposal | None:
        return (
            DecisionProposal.objects.filter(evaluation=self.evaluation)
            .select_related("proposed_by")
            .prefetch_related("chosen", "approvals__approver")
            .first()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.proposal()
        mine = None
        if proposal is not None and proposal.state == ProposalState.OPEN:
            mine = next((a for a in proposal.approvals.all() if a.approver_id == self.request.user.pk), None)
        context.update(
            proposal=proposal,
            earlier=DecisionProposal.objects.filter(evaluation=self.evaluation)
            .exclude(pk=getattr(proposal, "pk", None))
            .count(),
            my_approval=mine if mine is not None and mine.verdict == Verdict.PENDING else None,
            verdict_form=kwargs.get("verdict_form") or VerdictForm(),
            can_withdraw=proposal is not None
            and proposal.state == ProposalState.OPEN
            and context["can_govern"],
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        form = VerdictForm(request.POST)
        form.is_valid()
        comment = form.cleaned_data.get("comment", "")
        try:
            if action == "approve":
                snapshot = signoff.approve(self.evaluation, request.user, comment)
                messages.success(
                    request,
                    "Approved. Every approver has signed off: the evaluation is decided."
                    if snapshot
                    else "Approved. The other approvers have still to answer.",
                )
            elif action == "reject":
                signoff.reject(self.evaluation, request.user, comment)
                messages.success(
                    request, "Rejected. The evaluation is back in scoring; the owner has been told why."
                )
            elif action == "withdraw":
                signoff.withdraw(self.evaluation, request.user)
                messages.success(request, "Proposal withdrawn. The evaluation is back in scoring.")
            else:
                messages.error(request, "Choose Approve, Reject or Withdraw.")
        except signoff.SignoffRefused as refusal:
            for field, message in refusal.errors.items():
                form.add_error(field or None, message)
            self.evaluation.refresh_from_db()
            return self.render_to_response(self.get_context_data(verdict_form=form), status=400)
        return redirect("evaluator:signoff", pk=self.evaluation.pk)


class MemoView(PdfDownloadMixin, EvaluationMixin, TemplateView):
    shows_results = True
    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/memo.html"
    extra_context = {"pdf_download": True}

    def pdf_filename(self) -> str:
        return f"{self.evaluation.name} decision memo"

    def pdf_header(self, context):
        return printing.pdf_header(
            self.evaluation, self.decision(), self.results().inputs.today, "Decision memo"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = memo_proposal(self.evaluation)
        if proposal is None:
            raise Http404("No decision has been proposed in this evaluation yet.")
        context["memo"] = memo_content(self.evaluation, self.results(), proposal)
        return context


class CopyView(EvaluationMixin, View):
    """POST: a new draft evaluation with this one's set-up (not its scores); the copier owns it."""

    permission_required = "evaluator.add_evaluation"
    allowed_when_frozen = True  # copying is how a decided evaluation is revisited

    def post(self, request, *args, **kwargs):
        copy = copy_evaluation(self.evaluation, request.user, request.POST.get("name", ""))
        messages.success(
            request,
            f"Copied into “{copy.name}”, a draft with the same candidates, capabilities, criteria and "
            "weights (no scores). Review its settings.",
        )
        return redirect(copy.get_absolute_url())
