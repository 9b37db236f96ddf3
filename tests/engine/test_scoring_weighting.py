"""engine.weighting: AHP within and between criterion groups (no database)."""

import pytest

from engine import weighting


def test_it_reads_a_missing_judgement_as_equally_important():
    matrix = weighting.pairwise_matrix(["a", "b", "c"], {("a", "b"): 3})
    assert matrix[0, 1] == 3 and matrix[1, 0] == pytest.approx(1 / 3)
    assert matrix[0, 2] == 1 and matrix[2, 1] == 1


def test_it_composes_group_and_local_weights_into_weights_that_sum_to_one():
    weights, checks = weighting.hierarchical_weights(
        {"depth": [1, 2], "delivery": [3]},
        {("depth", "delivery"): 3},
        {(1, 2): 3},
    )
    # groups 0.75 / 0.25; within depth 0.75 / 0.25
    assert weights == pytest.approx({1: 0.5625, 2: 0.1875, 3: 0.25})
    assert [c.scope for c in checks] == ["groups", "depth", "delivery"]
    assert all(c.acceptable for c in checks)


def test_it_flags_inconsistent_judgements_above_a_ratio_of_ten_percent():
    # a > b, b > c, yet c > a: a circular, inconsistent set of judgements.
    check = weighting.local_weights("groups", ["a", "b", "c"], {("a", "b"): 5, ("b", "c"): 5, ("c", "a"): 5})
    assert check.consistency_ratio > weighting.CR_WARNING
    assert not check.acceptable
