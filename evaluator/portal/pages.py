"""The vendor portal's pages under /respond/<token>/: the code step, the overview, a section,
submission. Files (the answers spreadsheet, evidence documents) are in ``file_pages``.

What the contact sees is their own response only: questions, their answers and comments, what
is missing, and a reviewer's note on an answer only while the response is sent back for changes.
Never weights, choice points, scores, the evaluation, other vendors or the staff's names.
"""

import json

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import FormView, TemplateView

from evaluator.models import QuestionKind, ResponseStatus, ReviewState
from evaluator.portal import access, actions, otp
from evaluator.portal.forms import CodeForm
from evaluator.questionnaires import conditions
from evaluator.questionnaires.forms import SectionAnswersForm
from evaluator.responses import lifecycle
from evaluator.responses.completeness import completeness
from evaluator.responses.selectors import known_values, mark_asked, question_rows
from evaluator.responses.values import format_value


def portal_rows(response):
    """Every question with this response's answer, ``asked`` set; the reviewer's note kept only
    where the contact may read it (the response was sent back and this answer is flagged)."""
    rows = mark_asked(question_rows(response, response.questionnaire))
    sent_back = response.status == ResponseStatus.CHANGES_REQUESTED
    for row in rows:
        row.shown_value = format_value(row.question.kind, row.value)
        flagged = row.answer is not None and row.answer.review_state == ReviewState.CHANGES_REQUESTED
        row.note = row.answer.reviewer_note if sent_back and flagged else ""
    return rows


def overview(rows):
    """Per section: questions asked, answered, and what is still missing (completeness rules)."""
    checked = completeness([row.question for row in rows], {row.question.pk: row.answer for row in rows})
    missing_by_section = {}
    for question, reason in checked.missing:
        missing_by_section.setdefault(question.section_id, []).append((question, reason))
    sections = {}
    for row in rows:
        entry = sections.setdefault(
            row.question.section_id,
            {"section": row.question.section, "asked": 0, "answered": 0, "notes": 0},
        )
        if row.asked and row.question.kind != QuestionKind.NOTE:
            entry["asked"] += 1
            entry["answered"] += bool(row.answer and row.answer.is_answered)
            entry["notes"] += bool(row.note)
    for pk, entry in sections.items():
        entry["missing"] = missing_by_section.get(pk, [])
    return list(sections.values()), checked


class PortalPage(access.PortalMixin):
    @property
    def editable(self) -> bool:
        return self.response.is_editable


class HomeView(PortalPage, TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = portal_rows(self.response)
        sections, checked = overview(rows)
        context.update(
            sections=sections,
            missing=checked.missing,
            required_total=checked.total,
            required_done=checked.complete,
            percent=round(100 * checked.complete / checked.total) if checked.total else 100,
            notes=[row for row in rows if row.note],
        )
        return context


class SectionView(PortalPage, FormView):
    template_name = "portal/section.html"

    def load_rows(self):
        self.rows = portal_rows(self.response)
        self.section_ids = list(dict.fromkeys(row.question.section_id for row in self.rows))
        if self.kwargs["section_pk"] not in self.section_ids:
            raise Http404("No such section in this questionnaire.")

    def get(self, request, *args, **kwargs):
        self.load_rows()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.editable:
            messages.error(request, "The questionnaire is not open for changes now.")
            return redirect("portal:home", self.token)
        with transaction.atomic():  # as the staff entry page: the response first, then the rows
            lifecycle.lock_response(self.response)
            self.load_rows()
            return super().post(request, *args, **kwargs)

    def section_rows(self):
        return [row for row in self.rows if row.question.section_id == self.kwargs["section_pk"]]

    def get_form(self, form_class=None):
        return SectionAnswersForm(**self.get_form_kwargs(), rows=self.section_rows(), grades=False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        section_id = self.kwargs["section_pk"]
        for row in self.section_rows():
            if row.question.shown_when:
                row.condition_json = conditions.as_json(row.question.shown_when)
        sections = {row.question.section_id: row.question.section for row in self.rows}
        index = self.section_ids.index(section_id)
        context.update(
            section=sections[section_id],
            number=index + 1,
            sections=[sections[pk] for pk in self.section_ids],
            next_section=sections[self.section_ids[index + 1]] if index + 1 < len(self.section_ids) else None,
            rows=self.section_rows(),
            known_values=json.dumps(
                known_values(self.rows, exclude={row.question.pk for row in self.section_rows()})
            ),
        )
        return context

    def form_valid(self, form):
        section = next(row.question.section for row in self.section_rows())
        try:
            number = self.section_ids.index(section.pk) + 1
            changed = actions.save_section(self.invitation, section, number, form.changes())
        except lifecycle.TransitionError as error:
            messages.error(self.request, error.message)
            return redirect("portal:home", self.token)
        self.response.refresh_from_db()
        messages.success(
            self.request,
            f"Section saved ({changed} answer(s) changed). {self.response.required_answered} of "
            f"{self.response.required_total} required items done.",
        )
        target = self.request.POST.get("next_section", "")
        if target.isdigit() and int(target) in self.section_ids:
            return redirect("portal:section", self.token, int(target))
        return redirect("portal:section", self.token, self.kwargs["section_pk"])


class SubmitView(access.PortalMixin, View):
    http_method_names = ["post"]

    def post(self, request, token):
        try:
            actions.submit(self.invitation)
        except lifecycle.TransitionError as error:
            messages.error(request, f"Not submitted: {error.message}")
        else:
            messages.success(request, "Submitted for review. Thank you: you will hear back by e-mail.")
        return redirect("portal:home", token)


class CodeView(access.PortalMixin, FormView):
    """The one-time code step (only for invitations that require one)."""

    needs_code = False
    template_name = "portal/code.html"
    form_class = CodeForm

    def get(self, request, *args, **kwargs):
        invitation = self.invitation
        if not invitation.require_code or access.verified(request, invitation):
            return redirect("portal:home", self.token)
        if otp.is_locked(invitation):
            return access.locked_page(request, invitation)
        if not otp.code_is_live(invitation):
            otp.send_code(invitation)  # the first open (or the last code ran out)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.invitation.require_code or access.verified(request, self.invitation):
            return redirect("portal:home", self.token)
        if otp.is_locked(self.invitation):
            return access.locked_page(request, self.invitation)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        outcome = otp.check_code(self.invitation, form.cleaned_data["code"])
        if outcome == "ok":
            access.mark_verified(self.request, self.invitation)
            access.mark_opened(self.invitation)
            return redirect("portal:home", self.token)
        if outcome == "locked":
            return access.locked_page(self.request, self.invitation)
        if outcome == "expired":
            form.add_error("code", "This code has run out. Ask for a new one below.")
        else:
            form.add_error("code", "That is not the code we sent. Check the latest e-mail and try again.")
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_send"] = otp.can_send(self.invitation)
        return context


class ResendCodeView(access.PortalMixin, View):
    needs_code = False
    http_method_names = ["post"]

    def post(self, request, token):
        if otp.is_locked(self.invitation):
            return access.locked_page(request, self.invitation)
        if otp.send_code(self.invitation):
            messages.success(request, f"A new code was sent to {self.invitation.email}.")
        else:
            messages.error(request, "A code was sent very recently; wait a minute, then ask again.")
        return redirect("portal:code", token)
