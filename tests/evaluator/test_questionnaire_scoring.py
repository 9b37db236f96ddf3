"""The questionnaire score (docs/scoring.md §2), pure and on a real response."""

from decimal import Decimal

import pytest

from evaluator.questionnaires.importing import import_answers
from evaluator.questionnaires.scoring import QuestionInput, question_points, score_questions
from evaluator.questionnaires.selectors import question_rows, response_score
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import VendorFactory


def item(code, section, kind, weight, value, scores=None):
    return QuestionInput(code, section, kind, Decimal(weight), value, scores or {})


def test_points_follow_the_choice_scale_and_yes_no_rules():
    assert question_points("single_choice", ("High",), {"High": Decimal(5)}) == 5
    assert question_points("multiple_choice", ("A", "B", "C"), dict.fromkeys("ABC", Decimal(2))) == 5
    assert question_points("scale", Decimal(3), {}) == 3
    assert question_points("yes_no", True, {}) == 5
    assert question_points("yes_no", True, {"Yes": Decimal(0), "No": Decimal(5)}) == 0
    assert question_points("number", Decimal(9), {}) is None
    assert question_points("scale", None, {}) is None


def test_sections_and_overall_are_weighted_means_of_points_over_five():
    items = [
        item("a", "S1", "scale", 1, Decimal(5)),
        item("b", "S1", "scale", 3, Decimal(1)),
        item("c", "S2", "scale", 1, None),
        item("d", "S2", "text", 1, "free text is not scored"),
    ]
    zero = score_questions(items, unanswered_counts_as_zero=True)
    assert zero.sections[0].score == pytest.approx((5 + 3) / (4 * 5))
    assert zero.sections[1].score == 0
    assert zero.overall == pytest.approx(8 / 25)
    left_out = score_questions(items, unanswered_counts_as_zero=False)
    assert left_out.sections[1].score is None
    assert left_out.overall == pytest.approx(8 / 20)


def test_questions_with_zero_weight_do_not_count():
    items = [item("a", "S", "scale", 0, Decimal(0)), item("b", "S", "scale", 1, Decimal(5))]
    assert score_questions(items, True).overall == 1


def test_a_real_response_scores_as_the_formula_says(db):
    vendor = VendorFactory()
    questionnaire = small_questionnaire()
    response = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, questionnaire, None).response
    score = response_score(question_rows(response, questionnaire), questionnaire)
    # Q-01 yes 5×1, Q-02 Medium 3×2, Q-03 A;C 4×1 → Basics = 15 / (4 × 5); Q-08 scale 4 → Depth 0.8
    assert score.sections[0].score == pytest.approx(15 / 20)
    assert score.sections[1].score == pytest.approx(0.8)
    assert score.overall == pytest.approx(19 / 25)
