"""Mapping a version's questions to capabilities in bulk (issue 15 §4): /questionnaires/<pk>/capabilities/.

An imported questionnaire (VSAQ, a spreadsheet) arrives without capability links; this page
sets them all in one POST, so that once a response is accepted its 0–5 answers become
capability assessments (responses/lifecycle.feed_capability_assessments).

Only a version that has not been issued can be mapped. A link does not change an answer, but
it decides what accepting a response records, and an issued version is frozen as a whole
(the question form, the admin and the API refuse every change to it): a mapping added later
would treat responses accepted before and after differently. As for any other change, map
a new version (the questionnaire's "Create a new version").
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from common.pages import RolePermissionMixin
from engine.questionnaire_scoring import SCORED
from evaluator.models import Question, Questionnaire
from evaluator.questionnaires.pages import EditableVersionMixin
from vendors.models import Capability

FIELD = "capability-{}"


def feeds_maturity(question: Question) -> bool:
    """Whether an accepted answer to ``question`` can record a maturity (lifecycle's rule)."""
    scores = [choice.score for choice in question.choices.all()]
    return question.kind in SCORED and not (scores and not any(scores))


def capability_groups() -> list[tuple[str, list[Capability]]]:
    """The taxonomy as (domain name, capabilities) in its own order (one query)."""
    groups: dict[str, list[Capability]] = {}
    for capability in Capability.objects.select_related("domain"):
        groups.setdefault(capability.domain.name, []).append(capability)
    return list(groups.items())


def parse_mapping(
    data, questions: list[Question], capability_ids: set[int]
) -> tuple[dict[int, int | None], list[str]]:
    """Question pk -> capability pk (or None) from the POST; errors name the question's code."""
    mapping, errors = {}, []
    for question in questions:
        raw = data.get(FIELD.format(question.pk), "").strip()
        if not raw:
            mapping[question.pk] = None
        elif raw.isdigit() and int(raw) in capability_ids:
            mapping[question.pk] = int(raw)
        else:
            errors.append(f"{question.code}: “{raw[:40]}” is not a capability of the taxonomy.")
    return mapping, errors


@transaction.atomic
def save_mapping(questions: list[Question], mapping: dict[int, int | None]) -> int:
    """Set each question's capability; return how many changed. Saved one by one, so each
    change has its audit history entry and a new version number, as from the question form."""
    changed = 0
    for question in questions:
        if question.pk in mapping and question.capability_id != mapping[question.pk]:
            question.capability_id = mapping[question.pk]
            question.save(update_fields=["capability"])
            changed += 1
    return changed


class CapabilityMappingView(EditableVersionMixin, RolePermissionMixin, TemplateView):
    permission_required = "evaluator.view_questionnaire"
    template_name = "evaluator/questionnaires/capability_mapping.html"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and request.user.is_authenticated:
            # Reading is for every reader; saving needs the role that edits questions.
            self.permission_required = "evaluator.change_question"
        return super().dispatch(request, *args, **kwargs)

    def get_questionnaire(self) -> Questionnaire:
        return get_object_or_404(Questionnaire, pk=self.kwargs["pk"])

    def questions(self, questionnaire) -> list[Question]:
        return list(
            questionnaire.questions.select_related("section", "capability")
            .prefetch_related("choices")
            .order_by(*Question._meta.ordering)
        )

    def get_context_data(self, errors=None, posted=None, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = self.get_questionnaire()
        questions = self.questions(questionnaire)
        rows = []
        for question in questions:
            chosen = (
                posted.get(FIELD.format(question.pk), "") if posted is not None else question.capability_id
            )
            rows.append(
                {"question": question, "field": FIELD.format(question.pk), "chosen": str(chosen or "")}
            )
        context.update(
            questionnaire=questionnaire,
            rows=rows,
            groups=capability_groups(),
            errors=errors or [],
            scored_kinds=SCORED,
            unscored={question.pk for question in questions if not feeds_maturity(question)},
            mapped=sum(1 for question in questions if question.capability_id),
            editable=not questionnaire.is_frozen and self.request.user.has_perm("evaluator.change_question"),
        )
        return context

    def post(self, request, pk):
        questionnaire = self.get_questionnaire()
        refused = self.frozen_redirect(questionnaire)
        if refused:
            return refused
        questions = self.questions(questionnaire)
        mapping, errors = parse_mapping(
            request.POST, questions, set(Capability.objects.values_list("pk", flat=True))
        )
        if errors:
            return self.render_to_response(self.get_context_data(errors=errors, posted=request.POST))
        changed = save_mapping(questions, mapping)
        messages.success(
            request,
            f"{changed} question{'s' if changed != 1 else ''} mapped anew."
            if changed
            else "Nothing changed.",
        )
        return redirect("questionnaires:capabilities", pk=questionnaire.pk)
