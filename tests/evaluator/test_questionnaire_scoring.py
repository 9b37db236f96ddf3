"""The questionnaire score (docs/scoring.md §2) on a real response."""

import pytest

from evaluator.responses.importing import import_answers
from evaluator.responses.selectors import question_rows, response_score
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import VendorFactory


def test_a_real_response_scores_as_the_formula_says(db):
    vendor = VendorFactory()
    questionnaire = small_questionnaire()
    response = import_answers(csv_bytes(GOOD_ROWS), "a.csv", vendor, questionnaire, None).response
    score = response_score(question_rows(response, questionnaire), questionnaire)
    # Q-01 yes 5×1, Q-02 Medium 3×2, Q-03 A;C 4×1 → Basics = 15 / (4 × 5); Q-08 scale 4 → Depth 0.8
    assert score.sections[0].score == pytest.approx(15 / 20)
    assert score.sections[1].score == pytest.approx(0.8)
    assert score.overall == pytest.approx(19 / 25)
