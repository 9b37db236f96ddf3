"""Questionnaire score: per question, per section and overall (formulas in docs/scoring.md §2).

Pure Python, no Django: plain values in, plain values out.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

MAX_POINTS = Decimal(5)
SCORED = ("yes_no", "single_choice", "multiple_choice", "scale")

# The canonical answer of each kind (evaluator/responses/values.py): bool for yes/no, a tuple of
# choice labels for single and multiple choice, Decimal for a number or scale, date, str; None if
# unanswered. Which one a value is follows from the question's kind, not from its type.
type Labels = tuple[str, ...]
type Answer = bool | Decimal | datetime.date | str | Labels | None


@dataclass(frozen=True)
class QuestionInput:
    code: str
    section: str
    kind: str
    weight: Decimal
    value: Answer  # the canonical answer, None if unanswered
    choice_scores: dict[str, Decimal]


@dataclass(frozen=True)
class QuestionScore:
    code: str
    section: str
    weight: Decimal
    points: Decimal | None  # 0–5 earned, None when unanswered
    counted: bool  # False when left out of the score


@dataclass(frozen=True)
class SectionScore:
    title: str
    score: float | None  # 0–1, None when nothing in the section counts
    counted: int
    unanswered: int


@dataclass(frozen=True)
class ResponseScore:
    overall: float | None
    sections: list[SectionScore]
    questions: list[QuestionScore]


def question_points(kind: str, value: Answer, choice_scores: dict[str, Decimal]) -> Decimal | None:
    """Points 0–5 for one answer: the picked choice's score, the sum of picked choices'
    scores (capped at 5) for multiple choice, the number itself on the 0–5 scale. Yes/no
    uses the scores of its "Yes" and "No" choices, 5 and 0 when they have none."""
    if value is None or value == ():
        return None
    if kind == "yes_no":
        label = "Yes" if value else "No"
        default = MAX_POINTS if value else Decimal(0)
        return Decimal(choice_scores.get(label, default))
    if kind == "single_choice":
        return Decimal(choice_scores.get(cast(Labels, value)[0], 0))
    if kind == "multiple_choice":
        return min(
            MAX_POINTS,
            sum((Decimal(choice_scores.get(label, 0)) for label in cast(Labels, value)), Decimal(0)),
        )
    if kind == "scale":
        return min(MAX_POINTS, max(Decimal(0), Decimal(cast(Decimal, value))))
    return None


def score_questions(items: list[QuestionInput], unanswered_counts_as_zero: bool) -> ResponseScore:
    """Weighted scores 0–1 per section and overall.

    Only scored kinds with a weight above zero take part. An unanswered one is
    either left out (it changes neither numerator nor denominator) or counted
    as zero points (it adds its weight to the denominator only), as the
    questionnaire says. The overall score weighs every question directly, so a
    section with more weight in it counts for more.
    """
    scored: list[QuestionScore] = []
    for item in items:
        if item.kind not in SCORED or item.weight <= 0:
            continue
        points = question_points(item.kind, item.value, item.choice_scores)
        counted = points is not None or unanswered_counts_as_zero
        scored.append(QuestionScore(item.code, item.section, Decimal(item.weight), points, counted))

    sections: list[SectionScore] = []
    for title in dict.fromkeys(item.section for item in items):
        in_section = [q for q in scored if q.section == title]
        sections.append(
            SectionScore(
                title=title,
                score=_weighted(in_section),
                counted=sum(q.counted for q in in_section),
                unanswered=sum(q.points is None for q in in_section),
            )
        )
    return ResponseScore(overall=_weighted(scored), sections=sections, questions=scored)


def _weighted(questions: list[QuestionScore]) -> float | None:
    counted = [q for q in questions if q.counted]
    total_weight = sum((q.weight for q in counted), Decimal(0))
    if not total_weight:
        return None
    earned = sum((q.weight * (q.points or Decimal(0)) for q in counted), Decimal(0))
    return float(earned / (total_weight * MAX_POINTS))
