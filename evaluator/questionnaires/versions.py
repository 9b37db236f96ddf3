"""Questionnaire versions: a frozen version is never edited; a copy becomes the next draft version."""

from django.db import transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from evaluator.models.questionnaires import Choice, Question, Questionnaire, Section


class FrozenVersion(Exception):
    """Raised when code tries to change a version that has been issued."""


def ensure_editable(questionnaire: Questionnaire) -> None:
    if questionnaire.is_frozen:
        raise FrozenVersion(
            f"{questionnaire} has been issued to a vendor and is frozen; create a new version to change it."
        )


@transaction.atomic
def new_version(questionnaire: Questionnaire, user) -> Questionnaire:
    """Copy ``questionnaire`` with its sections, questions and choices into the next version number.

    The copy is not issued, so it can be edited; responses keep pointing at the
    version they were answered against. Question ids (codes) are kept, which is
    what carry-forward matches on.
    """
    latest = Questionnaire.objects.filter(family=questionnaire.family).aggregate(Max("version_number"))
    copy = Questionnaire.objects.create(
        family=questionnaire.family,
        version_number=(latest["version_number__max"] or 0) + 1,
        title=questionnaire.title,
        description=questionnaire.description,
        unanswered_rule=questionnaire.unanswered_rule,
        is_builtin=False,
        created_by=user,
    )
    sections = {}
    for section in questionnaire.sections.all():
        sections[section.pk] = Section.objects.create(
            questionnaire=copy,
            position=section.position,
            title=section.title,
            description=section.description,
        )
    choices_by_question = {}
    for choice in Choice.objects.filter(question__questionnaire=questionnaire):
        choices_by_question.setdefault(choice.question_id, []).append(choice)
    new_choices = []
    for question in Question.objects.filter(questionnaire=questionnaire):
        old_pk = question.pk
        question.pk = None
        question._state.adding = True
        question.questionnaire = copy
        question.section = sections[question.section_id]
        question.save()
        new_choices += [
            Choice(question=question, position=c.position, label=c.label, code=c.code, score=c.score)
            for c in choices_by_question.get(old_pk, [])
        ]
    Choice.objects.bulk_create(new_choices)
    return copy


def replace_choices(question: Question, choices: list[tuple[str, object]]) -> None:
    """Give ``question`` exactly these (label, points) choices, in order; a yes/no question
    with none gets Yes = 5, No = 0. Used by the question page and the API alike."""
    ensure_editable(question.questionnaire)
    question.choices.all().delete()
    if question.kind == "yes_no" and not choices:
        choices = [("Yes", 5), ("No", 0)]
    bulk_create_with_history(
        [
            Choice(question=question, position=i, label=label, score=score)
            for i, (label, score) in enumerate(choices, start=1)
        ],
        Choice,
    )
