"""The questionnaire score (docs/scoring.md §2): points, section and overall means (pure)."""

from decimal import Decimal

import pytest

from engine.questionnaire_scoring import QuestionInput, question_points, score_questions


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
