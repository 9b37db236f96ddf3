"""Responses: the list, issuing, section-by-section entry, review, export, import and attachments."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from common.downloads import CSV_TYPE, download, stored_file
from common.jobs import JobStatus
from common.pages import RolePermissionMixin
from evaluator.access.mixins import ResponseMixin
from evaluator.models import Answer, Evaluation, Questionnaire, ResponseStatus, ReviewState
from evaluator.questionnaires import conditions
from evaluator.questionnaires.forms import ImportForm, ReviewForm, SectionAnswersForm, StartResponseForm
from evaluator.responses import lifecycle
from evaluator.responses.answers_file import ANSWERS_FORMATS, answers_download
from evaluator.responses.completeness import completeness
from evaluator.responses.documents import attach_documents
from evaluator.responses.importing import report_csv
from evaluator.responses.reading import RowError
from evaluator.responses.selectors import (
    known_values,
    mark_asked,
    question_rows,
    response_score,
    responses_for_list,
)
from evaluator.responses.tasks import outcome, start_import
from vendors.models import Vendor

REPORT_SESSION_KEY = "questionnaire_import_report"


class ResponseListView(RolePermissionMixin, ListView):
    permission_required = "evaluator.view_response"
    template_name = "evaluator/questionnaires/response_list.html"
    context_object_name = "responses"
    paginate_by = 50

    def get_queryset(self):
        params = self.request.GET
        responses = responses_for_list(self.request.user)
        if params.get("vendor"):
            responses = responses.filter(vendor__slug=params["vendor"])
        if params.get("status") in ResponseStatus.values:
            responses = responses.filter(status=params["status"])
        if params.get("questionnaire", "").isdigit():
            responses = responses.filter(questionnaire_id=params["questionnaire"])
        return responses.order_by("vendor__name", "-questionnaire__version_number")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            vendors=Vendor.objects.order_by("name").only("name", "slug"),
            questionnaires=Questionnaire.objects.order_by("family", "-version_number"),
            statuses=ResponseStatus.choices,
            filters=self.request.GET,
        )
        return context


class StartResponseView(RolePermissionMixin, FormView):
    permission_required = "evaluator.add_response"
    form_class = StartResponseForm
    template_name = "evaluator/questionnaires/form.html"
    extra_context = {"heading": "Issue a questionnaire to a vendor"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("questionnaire", "").isdigit():
            initial["questionnaire"] = self.request.GET["questionnaire"]
        if self.request.GET.get("vendor"):
            initial["vendor"] = Vendor.objects.filter(slug=self.request.GET["vendor"]).first()
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        response = lifecycle.start_response(
            data["vendor"],
            data["questionnaire"],
            self.request.user,
            data["carry_forward"],
            evaluation=data.get("evaluation"),
        )
        carried = (
            " Earlier accepted answers were carried forward for review." if response.carried_from_id else ""
        )
        messages.success(self.request, f"Questionnaire issued to {response.vendor}.{carried}")
        return redirect(response)


class ResponseDetailView(ResponseMixin, TemplateView):
    permission_required = "evaluator.view_response"
    template_name = "evaluator/questionnaires/response_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        response = self.get_response()
        rows = mark_asked(question_rows(response, response.questionnaire))
        sections = {}
        for row in rows:
            sections.setdefault(row.question.section, []).append(row)
        score = response_score(rows, response.questionnaire)
        attach_documents(response, [row.answer for row in rows if row.answer], timezone.localdate())
        user = self.request.user
        context.update(
            response=response,
            sections=list(sections.items()),
            score=score,
            section_scores={s.title: s for s in score.sections},
            missing=_missing(rows),
            can_edit=user.has_perm("evaluator.change_response") and response.is_editable,
            can_review=user.has_perm("evaluator.change_response")
            and response.status == ResponseStatus.SUBMITTED,
            can_change=user.has_perm("evaluator.change_response"),
            review_states=[c for c in ReviewState.choices if c[0] != ReviewState.PENDING],
            # Named only to those who may see the evaluation: others must not learn it exists.
            evaluation=(
                Evaluation.objects.visible_to(user).filter(pk=response.evaluation_id).first()
                if response.evaluation_id
                else None
            ),
        )
        return context


def _missing(rows) -> list[tuple]:
    """What keeps the response from being submitted, from rows already loaded (no query)."""
    return completeness([row.question for row in rows], {row.question.pk: row.answer for row in rows}).missing


class SectionEntryView(ResponseMixin, FormView):
    permission_required = "evaluator.change_response"
    template_name = "evaluator/questionnaires/response_section.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            response = self.get_response()
            if not response.is_editable:
                messages.error(
                    request,
                    f"This response is {response.get_status_display().lower()}; it cannot be edited now.",
                )
                return redirect(response)
            if request.method != "POST":
                self.load_rows()  # a save reads them under the response's lock (post)
        return super().dispatch(request, *args, **kwargs)

    def load_rows(self) -> None:
        response = self.get_response()
        self.all_rows = mark_asked(question_rows(response, response.questionnaire))
        self.section_ids = list(dict.fromkeys(row.question.section_id for row in self.all_rows))
        if self.kwargs["section_pk"] not in self.section_ids:
            raise Http404("No such section in this questionnaire.")

    def post(self, request, *args, **kwargs):
        # Two people saving the same response take turns: the second one's form is checked
        # against the answers as the first one left them (SectionAnswersForm refuses stale
        # changes). The lock is a write, so SQLite serialises too (it has no row locks).
        with transaction.atomic():
            lifecycle.lock_response(self.get_response())
            self.load_rows()
            return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        rows = [row for row in self.all_rows if row.question.section_id == self.kwargs["section_pk"]]
        return SectionAnswersForm(**self.get_form_kwargs(), rows=rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        section_id = self.kwargs["section_pk"]
        index = self.section_ids.index(section_id)
        for row in self.all_rows:
            if row.question.shown_when and row.question.section_id == section_id:
                row.condition_json = conditions.as_json(row.question.shown_when)
        sections = {row.question.section_id: row.question.section for row in self.all_rows}
        context.update(
            response=self.get_response(),
            section=sections[self.kwargs["section_pk"]],
            sections=[sections[pk] for pk in self.section_ids],
            next_section=sections[self.section_ids[index + 1]] if index + 1 < len(self.section_ids) else None,
            missing=_missing(self.all_rows),
            known_values=json.dumps(
                known_values(
                    self.all_rows,
                    exclude={r.question.pk for r in self.all_rows if r.question.section_id == section_id},
                )
            ),
        )
        return context

    def form_valid(self, form):
        response = self.get_response()
        try:
            changed = lifecycle.save_answers(response, self.request.user, form.changes())
        except lifecycle.TransitionError as error:
            messages.error(self.request, error.message)
            return redirect(response)
        messages.success(
            self.request,
            f"Saved as draft ({changed} answer(s) changed). {response.required_answered}/{response.required_total} "
            "required questions answered.",
        )
        target = self.request.POST.get("next_section", "")
        if target.isdigit() and int(target) in self.section_ids:
            return redirect("questionnaires:section", pk=response.pk, section_pk=int(target))
        return redirect("questionnaires:section", pk=response.pk, section_pk=self.kwargs["section_pk"])


TRANSITIONS = {
    "submit": (lifecycle.submit, "Submitted for review."),
    "request_changes": (lifecycle.request_changes, "Sent back with the requested changes."),
    "accept": (lifecycle.accept, "Accepted; linked capability answers were recorded as assessments."),
    "lock": (lifecycle.lock, "Locked; nothing in this response can change any more."),
}


class TransitionView(ResponseMixin, View):
    permission_required = "evaluator.change_response"
    http_method_names = ["post"]

    def post(self, request, pk, action):
        if action not in TRANSITIONS:
            raise Http404("Unknown action.")
        step, done = TRANSITIONS[action]
        response = self.get_response()
        try:
            step(response, request.user)
        except lifecycle.TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return redirect(response)


class ReviewAnswerView(ResponseMixin, View):
    permission_required = "evaluator.change_response"
    http_method_names = ["post"]

    def post(self, request, pk, answer_pk):
        answer = get_object_or_404(
            Answer.objects.select_related("response", "question"), pk=answer_pk, response=self.get_response()
        )
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose accept or request changes.")
        else:
            try:
                lifecycle.review_answer(
                    answer, request.user, form.cleaned_data["state"], form.cleaned_data["note"]
                )
            except lifecycle.TransitionError as error:
                messages.error(request, f"{answer.question.code}: {error.message}")
            else:
                messages.success(
                    request, f"{answer.question.code}: {answer.get_review_state_display().lower()}."
                )
        return redirect(f"{answer.response.get_absolute_url()}#answer-{answer.pk}")


class ResponseExportView(ResponseMixin, View):
    permission_required = "evaluator.view_response"

    def get(self, request, pk, fmt):
        if fmt not in ANSWERS_FORMATS:
            raise Http404("Unknown format.")
        response = self.get_response()
        return answers_download(response, response.questionnaire, fmt)


class ImportView(ResponseMixin, FormView):
    permission_required = "evaluator.change_response"
    form_class = ImportForm
    template_name = "evaluator/questionnaires/response_import.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["response"] = self.get_response()
        return context

    def form_valid(self, form):
        response = self.get_response()
        # A background job (tasks.py): with a worker, its page shows the progress and then the
        # result or the report; without one it has run already and this page answers as before.
        job = start_import(response, form.cleaned_data["file"], self.request.user)
        if not job.finished or job.status == JobStatus.FAILED:
            return redirect(job)
        result = outcome(job)
        self.request.session[REPORT_SESSION_KEY] = {
            "response": response.pk,
            "errors": [[e.row, e.column, e.value, e.reason, e.question] for e in result.errors],
        }
        if result.ok:
            messages.success(self.request, result.summary())
            return redirect(response)
        return self.render_to_response(self.get_context_data(form=form, result=result))


class ImportReportView(ResponseMixin, View):
    """The last import's row-level report for this response, as CSV."""

    permission_required = "evaluator.change_response"

    def get(self, request, pk):
        response = self.get_response()
        stored = request.session.get(REPORT_SESSION_KEY) or {}
        errors = (
            [RowError(*row) for row in stored.get("errors", [])]
            if stored.get("response") == response.pk
            else []
        )
        return download(report_csv(errors).encode("utf-8"), f"import-report-{response.pk}.csv", CSV_TYPE)


class AttachmentView(RolePermissionMixin, View):
    """Evidence files, only to users who may see the response, always as a download."""

    permission_required = "evaluator.view_response"

    def get(self, request, pk):
        answer = get_object_or_404(Answer.objects.visible_to(request.user).select_related("response"), pk=pk)
        if not answer.attachment:
            raise Http404("This answer has no attachment.")
        if not request.user.has_perm("evaluator.view_answer"):
            raise PermissionDenied
        try:
            return stored_file(answer.attachment)
        except FileNotFoundError:
            raise Http404("The attachment file is missing.") from None
