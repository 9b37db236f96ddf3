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
from evaluator.questionnaires.conditions import shown_ids
from evaluator.responses.values import stored_value


@dataclass
class QuestionRow:
    question: Question
    answer: Answer | None
    value: object
    choice_labels: tuple[str, ...]
    asked: bool = True  # False: its condition does not hold (set by the pages that show it)
    condition_json: str = ""  # the parsed condition, for the entry page's script


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


def shown_rows(rows: list[QuestionRow]) -> set[int]:
    """The pks of the questions in ``rows`` that are asked (their condition holds); no query."""
    values = {row.question.pk: row.value for row in rows}
    return shown_ids([row.question for row in rows], lambda question: values.get(question.pk))


def mark_asked(rows: list[QuestionRow]) -> list[QuestionRow]:
    """Set ``asked`` on every row from the conditions and the rows' own answers; no query."""
    shown = shown_rows(rows)
    for row in rows:
        row.asked = row.question.pk in shown
    return rows


def known_values(rows: list[QuestionRow], exclude: set[int]) -> dict:
    """Question id -> the answer as JSON-ready data (None when not asked or unanswered), for the
    entry page's script to evaluate conditions on questions of other sections."""
    known = {}
    for row in rows:
        if row.question.pk in exclude:
            continue
        value = row.value if row.asked else None
        if isinstance(value, tuple):
            value = list(value)
        elif value is not None and not isinstance(value, bool):
            value = value.isoformat() if hasattr(value, "isoformat") else str(value)
        known[row.question.code] = value
    return known


def response_score(rows: list[QuestionRow], questionnaire: Questionnaire) -> scoring.ResponseScore:
    """The questionnaire score of the answers in ``rows`` (no query); a question that is not
    asked (its condition does not hold) is left out, never counted as unanswered."""
    shown = shown_rows(rows)
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
        if row.question.pk in shown
    ]
    return scoring.score_questions(items, questionnaire.unanswered_rule == UnansweredRule.ZERO)


def responses_for_list(user):
    """The responses ``user`` may see, with what a list row shows (vendor, questionnaire): one query."""
    return Response.objects.visible_to(user).select_related(
        "vendor", "questionnaire", "entered_by", "reviewed_by"
    )
