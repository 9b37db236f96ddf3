"""Reading a questionnaire and a response in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Prefetch

from engine import questionnaire_scoring as scoring
from evaluator.models.questionnaires import (
    Answer,
    Choice,
    Question,
    Questionnaire,
    Response,
    UnansweredRule,
)
from evaluator.responses.values import stored_value


@dataclass
class QuestionRow:
    question: Question
    answer: Answer | None
    value: object
    choice_labels: tuple[str, ...]


def questions_with_choices(questionnaire: Questionnaire):
    """Every question of the version with its section and choices: two queries."""
    return list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("section", "capability")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")))
        .order_by("section__position", "section_id", "position", "pk")
    )


def question_rows(response: Response | None, questionnaire: Questionnaire) -> list[QuestionRow]:
    """Questions in order with the response's answer to each (three queries)."""
    questions = questions_with_choices(questionnaire)
    answers = {}
    if response is not None:
        answers = {answer.question_id: answer for answer in Answer.objects.filter(response=response)}
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        rows.append(
            QuestionRow(
                question=question,
                answer=answer,
                value=stored_value(answer, question.kind),
                choice_labels=tuple(choice.label for choice in question.choices.all()),
            )
        )
    return rows


def response_score(rows: list[QuestionRow], questionnaire: Questionnaire) -> scoring.ResponseScore:
    """The questionnaire score of the answers in ``rows`` (no query)."""
    items = [
        scoring.QuestionInput(
            code=row.question.code,
            section=row.question.section.title,
            kind=row.question.kind,
            weight=row.question.weight,
            value=row.value,
            choice_scores={choice.label: choice.score for choice in row.question.choices.all()},
        )
        for row in rows
    ]
    return scoring.score_questions(items, questionnaire.unanswered_rule == UnansweredRule.ZERO)


def responses_for_list(user):
    """The responses ``user`` may see, with what a list row shows (vendor, questionnaire): one query."""
    return Response.objects.visible_to(user).select_related(
        "vendor", "questionnaire", "entered_by", "reviewed_by"
    )
