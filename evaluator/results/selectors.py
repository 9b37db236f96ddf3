"""Evaluations as DataFrames: the only place where the evaluation ORM meets pandas.

``scoring_inputs`` runs a fixed number of queries (nine, fourteen with questionnaire criteria)
however many candidates, criteria, capabilities or scores an evaluation has; the results page
asserts it for 5 and 50 candidates.
"""

import datetime

import pandas as pd
from django.db.models import F, Q
from django.utils import timezone

from engine import questionnaire_scoring
from engine.scoring import CONTRACT_COLUMNS, CRITERIA_COLUMNS, MANUAL_COLUMNS, ScoringInputs
from evaluator.models import Criterion, Evaluation, ManualScore, Metric
from evaluator.models.questionnaires import (
    Answer,
    Question,
    Response,
    ResponseStatus,
    Section,
    UnansweredRule,
)
from evaluator.questionnaires.conditions import shown_ids
from evaluator.responses.values import stored_value
from vendors import selectors as vendor_selectors
from vendors.models import Contract
from vendors.signals import selectors as signal_selectors

CRITERION_FIELDS = [*CRITERIA_COLUMNS, "questionnaire_section_id"]


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=columns)


def candidate_frame(evaluation: Evaluation) -> pd.DataFrame:
    """vendor_id, name, slug of the candidates, by name (one query); the slug links to scorecards."""
    rows = (
        Evaluation.candidates.through.objects.filter(evaluation=evaluation)
        .order_by("vendor__name", "vendor_id")
        .values("vendor_id", name=F("vendor__name"), slug=F("vendor__slug"))
    )
    return _frame(rows, ["vendor_id", "name", "slug"])


def required_frame(evaluation: Evaluation) -> pd.DataFrame:
    """capability_id, name, importance of the required capabilities (one query)."""
    rows = evaluation.required_capabilities.values("capability_id", "importance", name=F("capability__name"))
    return _frame(rows, ["capability_id", "name", "importance"])


def criteria_frame(evaluation: Evaluation) -> pd.DataFrame:
    """The criteria in display order with ``CRITERIA_COLUMNS`` (one query)."""
    rows = (
        Criterion.objects.filter(evaluation=evaluation)
        .order_by("position", "pk")
        .values(*[f for f in CRITERION_FIELDS if f != "criterion_id"], criterion_id=F("pk"))
    )
    frame = _frame(rows, CRITERION_FIELDS)
    frame["weight"] = frame["weight"].astype("float64")
    return frame


def manual_frame(evaluation: Evaluation) -> pd.DataFrame:
    """Every evaluator's manual score in this evaluation (one query)."""
    # Tuples in the columns' order: thousands of rows, and a dict per row was most of the cost.
    rows = ManualScore.objects.filter(criterion__evaluation=evaluation).values_list(*MANUAL_COLUMNS)
    frame = _frame(rows, MANUAL_COLUMNS)
    frame["score"] = frame["score"].astype("float64")
    return frame


def contract_frame(vendor_ids) -> pd.DataFrame:
    """One row per contract: ``CONTRACT_COLUMNS`` (one query)."""
    rows = Contract.objects.filter(vendor_id__in=list(vendor_ids)).values(*CONTRACT_COLUMNS)
    frame = _frame(rows, CONTRACT_COLUMNS)
    frame["annual_value"] = pd.to_numeric(frame["annual_value"], errors="coerce").astype("float64")
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame


# Only reviewed answers score: a draft or a response waiting for review is "missing".
SCORED_RESPONSE_STATUSES = (ResponseStatus.ACCEPTED, ResponseStatus.LOCKED)
QUESTIONNAIRE_COLUMNS = ["section_id", "vendor_id", "score"]


def questionnaire_frame(criteria: pd.DataFrame, vendor_ids, evaluation_id: int | None = None) -> pd.DataFrame:
    """section_id, vendor_id, score (0–1) for every section a criterion reads.

    The score is the questionnaire's own section score (docs/scoring.md §2) of the vendor's
    accepted or locked response to that version: the one given for this evaluation when
    there is one, otherwise the vendor's general response. Five queries (sections, questions, choices,
    responses, answers) when any criterion reads a section, none otherwise.
    """
    section_ids = {int(s) for s in criteria["questionnaire_section_id"].dropna()}
    used = scored_responses(section_ids, vendor_ids, evaluation_id)
    if used is None:
        return _frame([], QUESTIONNAIRE_COLUMNS)
    questionnaires, questions, responses, answers = used
    rows = []
    for response in responses:
        own = [question for question in questions if question.questionnaire_id == response.questionnaire_id]
        # A question whose condition does not hold is not asked: left out, never "unanswered".
        asked = shown_ids(own, lambda q, r=response: stored_value(answers.get((r.pk, q.pk)), q.kind))
        items = [
            questionnaire_scoring.QuestionInput(
                code=question.code,
                # The section id groups the questions, so sections with equal titles stay apart.
                section=str(question.section_id),
                kind=question.kind,
                weight=question.weight,
                value=stored_value(answers.get((response.pk, question.pk)), question.kind),
                choice_scores={choice.label: choice.score for choice in question.choices.all()},
            )
            for question in own
            if question.pk in asked
        ]
        rule = questionnaires[response.questionnaire_id].unanswered_rule
        result = questionnaire_scoring.score_questions(items, rule == UnansweredRule.ZERO)
        for section in result.sections:
            if int(section.title) in section_ids and section.score is not None:
                rows.append(
                    {
                        "section_id": int(section.title),
                        "vendor_id": response.vendor_id,
                        "score": section.score,
                    }
                )
    return _frame(rows, QUESTIONNAIRE_COLUMNS)


def scored_responses(section_ids: set[int], vendor_ids, evaluation_id: int | None):
    """The responses the scoring reads for these sections, with their questions and answers.

    (questionnaires by id, questions with choices, responses, answers by (response, question)),
    or None when there is nothing to read (no query then). One accepted or locked response per
    vendor and version: the one given for this evaluation beats the general one. Five queries.
    """
    vendor_ids = list(vendor_ids)
    if not section_ids or not vendor_ids:
        return None
    sections = Section.objects.filter(pk__in=section_ids).select_related("questionnaire")
    questionnaires = {section.questionnaire_id: section.questionnaire for section in sections}
    questions = list(Question.objects.filter(questionnaire_id__in=questionnaires).prefetch_related("choices"))
    scored = Response.objects.filter(
        questionnaire_id__in=questionnaires, vendor_id__in=vendor_ids, status__in=SCORED_RESPONSE_STATUSES
    ).filter(Q(evaluation__isnull=True) | Q(evaluation_id=evaluation_id))
    chosen = {}
    for response in scored:
        key = (response.vendor_id, response.questionnaire_id)
        if key not in chosen or response.evaluation_id is not None:
            chosen[key] = response
    responses = list(chosen.values())
    answers = {(a.response_id, a.question_id): a for a in Answer.objects.filter(response__in=responses)}
    return questionnaires, questions, responses, answers


def reads_signals(criteria: pd.DataFrame) -> bool:
    """Whether a criterion reads the product security record (the signals are read only then)."""
    return bool((criteria["metric"] == Metric.PRODUCT_SECURITY_RECORD).any())


def scoring_inputs(evaluation: Evaluation, today: datetime.date | None = None) -> ScoringInputs:
    """Everything ``engine.scoring.evaluate`` needs for one evaluation, in nine queries.

    Plus five when a criterion reads a questionnaire section (``questionnaire_frame``), and two
    (signals, product families) when one reads the product security record.
    """
    candidates = candidate_frame(evaluation)
    vendor_ids = list(candidates["vendor_id"])
    criteria = criteria_frame(evaluation)
    with_signals = reads_signals(criteria)
    today = today or evaluation.as_of_date or timezone.localdate()
    return ScoringInputs(
        candidates=candidates,
        required=required_frame(evaluation),
        criteria=criteria,
        # Evidence grades as in force on the as-of date (expired vault documents back nothing).
        assessments=vendor_selectors.assessment_frame(vendor_ids, latest_only=False, as_of=today),
        roadmap=vendor_selectors.roadmap_frame(vendor_ids),
        contracts=contract_frame(vendor_ids),
        financials=vendor_selectors.financial_frame(vendor_ids),
        funding=vendor_selectors.funding_frame(vendor_ids),
        manual=manual_frame(evaluation),
        today=today,
        horizon=evaluation.horizon_date,
        method=evaluation.method,
        questionnaire=questionnaire_frame(criteria, vendor_ids, evaluation.pk),
        signals=signal_selectors.signal_frame(vendor_ids) if with_signals else None,
        product_families=signal_selectors.family_frame(vendor_ids) if with_signals else None,
    )
