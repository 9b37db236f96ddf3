"""Building questionnaires in the app: versions, sections, typed questions with choices."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from common.pages import RolePermissionMixin
from evaluator.models import Question, Questionnaire, Section
from evaluator.questionnaires.forms import (
    QuestionForm,
    QuestionnaireForm,
    SectionForm,
)
from evaluator.questionnaires.versions import new_version, replace_choices
from evaluator.responses.answers_file import answers_download
from evaluator.responses.selectors import question_rows


class QuestionnaireListView(RolePermissionMixin, ListView):
    permission_required = "evaluator.view_questionnaire"
    template_name = "evaluator/questionnaires/questionnaire_list.html"
    context_object_name = "questionnaires"

    def get_queryset(self):
        # One query: versions with their question and response counts.
        return Questionnaire.objects.annotate(
            question_count=Count("questions", distinct=True), response_count=Count("responses", distinct=True)
        ).order_by("family", "-version_number")


class QuestionnaireDetailView(RolePermissionMixin, DetailView):
    permission_required = "evaluator.view_questionnaire"
    model = Questionnaire
    template_name = "evaluator/questionnaires/questionnaire_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = question_rows(None, self.object)
        sections = {}
        for section in self.object.sections.all():
            sections[section.pk] = (section, [])
        for row in rows:
            sections[row.question.section_id][1].append(row)
        context["sections"] = list(sections.values())
        context["versions"] = Questionnaire.objects.filter(family=self.object.family).order_by(
            "-version_number"
        )
        return context


class EditableVersionMixin:
    """Refuses changes to an issued (frozen) version, pointing to 'new version' instead."""

    def frozen_redirect(self, questionnaire):
        if questionnaire.is_frozen:
            messages.error(
                self.request,
                "This version has been issued to a vendor and is frozen; create a new version to change it.",
            )
            return redirect(questionnaire)
        return None


class QuestionnaireCreateView(RolePermissionMixin, CreateView):
    permission_required = "evaluator.add_questionnaire"
    model = Questionnaire
    form_class = QuestionnaireForm
    template_name = "evaluator/questionnaires/form.html"
    extra_context = {"heading": "New questionnaire"}

    def form_valid(self, form):
        if Questionnaire.objects.filter(family=form.cleaned_data["family"]).exists():
            form.add_error(
                "family", "A questionnaire with this id exists; create a new version of it instead."
            )
            return self.form_invalid(form)
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class QuestionnaireUpdateView(RolePermissionMixin, EditableVersionMixin, UpdateView):
    permission_required = "evaluator.change_questionnaire"
    model = Questionnaire
    form_class = QuestionnaireForm
    template_name = "evaluator/questionnaires/form.html"
    extra_context = {"heading": "Edit questionnaire"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            refused = self.frozen_redirect(get_object_or_404(Questionnaire, pk=kwargs["pk"]))
            if refused:
                return refused
        return super().dispatch(request, *args, **kwargs)


class NewVersionView(RolePermissionMixin, View):
    permission_required = "evaluator.add_questionnaire"
    http_method_names = ["post"]

    def post(self, request, pk):
        copy = new_version(get_object_or_404(Questionnaire, pk=pk), request.user)
        messages.success(request, f"Version {copy.version_number} created; edit it, then issue it.")
        return redirect(copy)


class QuestionnaireChildMixin(RolePermissionMixin, EditableVersionMixin):
    """Sections and questions: the questionnaire comes from the URL or from the object."""

    template_name = "evaluator/questionnaires/form.html"

    def get_questionnaire(self) -> Questionnaire:
        if "questionnaire_pk" in self.kwargs:
            return get_object_or_404(Questionnaire, pk=self.kwargs["questionnaire_pk"])
        return self.get_object().questionnaire

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.questionnaire = self.get_questionnaire()
            refused = self.frozen_redirect(self.questionnaire)
            if refused:
                return refused
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return self.questionnaire.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["questionnaire"] = self.questionnaire
        return context


class SectionCreateView(QuestionnaireChildMixin, CreateView):
    permission_required = "evaluator.add_section"
    model = Section
    form_class = SectionForm
    extra_context = {"heading": "New section"}

    def form_valid(self, form):
        form.instance.questionnaire = self.questionnaire
        return super().form_valid(form)


class SectionUpdateView(QuestionnaireChildMixin, UpdateView):
    permission_required = "evaluator.change_section"
    model = Section
    form_class = SectionForm
    extra_context = {"heading": "Edit section"}


class QuestionFormMixin(QuestionnaireChildMixin):
    model = Question
    form_class = QuestionForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["questionnaire"] = self.questionnaire
        return kwargs

    @transaction.atomic
    def form_valid(self, form):
        form.instance.questionnaire = self.questionnaire
        response = super().form_valid(form)
        question = self.object
        replace_choices(question, form.parsed_choices)
        messages.success(self.request, f"Question {question.code} saved.")
        return response


class QuestionCreateView(QuestionFormMixin, CreateView):
    permission_required = "evaluator.add_question"
    extra_context = {"heading": "New question"}


class QuestionUpdateView(QuestionFormMixin, UpdateView):
    permission_required = "evaluator.change_question"
    extra_context = {"heading": "Edit question"}


class QuestionDeleteView(QuestionnaireChildMixin, DeleteView):
    permission_required = "evaluator.delete_question"
    model = Question
    template_name = "evaluator/questionnaires/confirm_delete.html"


class BlankExportView(RolePermissionMixin, View):
    """The questionnaire as an empty workbook or CSV, to send to a vendor before issuing."""

    permission_required = "evaluator.view_questionnaire"

    def get(self, request, pk, fmt):
        questionnaire = get_object_or_404(Questionnaire, pk=pk)
        return answers_download(None, questionnaire, fmt)
