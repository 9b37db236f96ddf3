"""evaluator.results.selectors: the ORM → DataFrame step of scoring, including questionnaire sections."""

import math

from django.db import connection
from django.test.utils import CaptureQueriesContext

from engine.scoring import evaluate
from evaluator.models import Answer, Criterion, Response, Section
from evaluator.results import selectors
from tests import factories
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import small_questionnaire


def _answer(response, code, **values):
    question = response.questionnaire.questions.get(code=code)
    Answer.objects.create(response=response, question=question, is_answered=True, **values)


def _evaluation_with_questionnaire_criterion(vendor_count=2):
    questionnaire = small_questionnaire()
    vendors = factories.VendorFactory.create_batch(vendor_count)
    evaluation = EvaluationFactory(candidates=vendors)
    basics = Section.objects.get(questionnaire=questionnaire, title="Basics")
    Criterion.objects.create(
        evaluation=evaluation, name="Due diligence: basics", group="questionnaire",
        source="questionnaire_section", questionnaire_section=basics, weight=10,
    )  # fmt: skip
    return evaluation, questionnaire, vendors, basics


def test_it_scores_a_questionnaire_criterion_from_the_vendors_accepted_response(db):
    evaluation, questionnaire, (accepted, draft), basics = _evaluation_with_questionnaire_criterion()
    response = Response.objects.create(questionnaire=questionnaire, vendor=accepted, status="accepted")
    _answer(response, "Q-01", value_bool=True)
    _answer(response, "Q-02", value_choices=["High"])
    Response.objects.create(questionnaire=questionnaire, vendor=draft, status="draft")

    table = evaluate(selectors.scoring_inputs(evaluation), draws=0).table
    criterion_id = table.raw.columns[0]
    # Yes (5 × weight 1) + High (5 × weight 2) + unanswered multiple choice counted as 0 (weight 1):
    # 15 / (4 × 5) = 0.75; the draft response does not count, so that vendor is missing.
    assert table.raw.loc[accepted.pk, criterion_id] == 0.75
    assert math.isnan(table.raw.loc[draft.pk, criterion_id])
    assert table.missing.loc[draft.pk, criterion_id]


def test_it_reads_questionnaire_scores_in_a_fixed_number_of_queries(db):
    counts = []
    for vendor_count in (2, 20):
        evaluation, questionnaire, vendors, _ = _evaluation_with_questionnaire_criterion(vendor_count)
        for vendor in vendors:
            response = Response.objects.create(questionnaire=questionnaire, vendor=vendor, status="locked")
            _answer(response, "Q-01", value_bool=True)
        with CaptureQueriesContext(connection) as queries:
            selectors.scoring_inputs(evaluation)
        counts.append(len(queries))
        # The next round builds a questionnaire with the same family name.
        questionnaire.family = f"used-{vendor_count}"
        questionnaire.save()
    # nine for the facts, five for the questionnaire sections (sections, questions, choices,
    # responses, answers)
    assert counts == [14, 14]


def test_it_prefers_the_response_given_for_this_evaluation_over_the_general_one(db):
    evaluation, questionnaire, (vendor, _), basics = _evaluation_with_questionnaire_criterion()
    general = Response.objects.create(questionnaire=questionnaire, vendor=vendor, status="accepted")
    _answer(general, "Q-01", value_bool=False)
    own = Response.objects.create(
        questionnaire=questionnaire, vendor=vendor, status="accepted", evaluation=evaluation
    )
    _answer(own, "Q-01", value_bool=True)
    other = EvaluationFactory(candidates=[vendor])
    elsewhere = Response.objects.create(
        questionnaire=questionnaire, vendor=vendor, status="accepted", evaluation=other
    )
    _answer(elsewhere, "Q-02", value_choices=["High"])

    frame = selectors.questionnaire_frame(selectors.criteria_frame(evaluation), [vendor.pk], evaluation.pk)
    # Yes (5 × weight 1) only, from this evaluation's response: 5 / (4 × 5) = 0.25; the
    # general "No" and the other selection's "High" are not used.
    assert list(frame["score"]) == [0.25]
