"""Stakeholder groups (engine.mcda.groups, engine.stakeholders): combination, views, sampling.

Plain pytest, no Django. The worked example is docs/scoring.md §4.7.
"""

import numpy as np
import pandas as pd
import pytest
from pymcdm import normalizations
from pymcdm.methods import WSM

from engine import stakeholders
from engine.mcda import ahp_weights, min_max_normalise
from engine.mcda import groups as g

SOC = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
PHYSICAL = np.array([[1, 1 / 2, 1], [2, 1, 2], [1, 1 / 2, 1]])
INFLUENCE = [3, 2]  # shares 0.6 and 0.4
PERFORMANCE = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.0], [0.6, 0.5, 1.0]])


def test_it_combines_the_worked_example_as_computed_by_hand():
    # docs/scoring.md §4.7: AIJ matrix entries 3^0.6 · (1/2)^0.4, 5^0.6, 3^0.6 · 2^0.4.
    matrix = g.geometric_mean_matrix([SOC, PHYSICAL], INFLUENCE)
    assert matrix[0, 1] == pytest.approx(1.4651, abs=1e-4)
    assert matrix[0, 2] == pytest.approx(2.6265, abs=1e-4)
    assert matrix[1, 2] == pytest.approx(2.5508, abs=1e-4)
    assert matrix[1, 0] == pytest.approx(1 / 1.4651, abs=1e-4)
    aij = g.aij_weights([SOC, PHYSICAL], INFLUENCE)
    assert aij.weights == pytest.approx([0.4748, 0.3645, 0.1607], abs=1e-4)
    assert aij.consistency_ratio == pytest.approx(0.012, abs=1e-3)
    soc, physical = ahp_weights(SOC).weights, ahp_weights(PHYSICAL).weights
    assert g.aip_weights([soc, physical], INFLUENCE) == pytest.approx([0.4748, 0.3645, 0.1607], abs=1e-4)
    assert g.mean_weights([soc, physical], INFLUENCE) == pytest.approx([0.4822, 0.3550, 0.1628], abs=1e-4)


def test_it_ranks_per_group_and_measures_the_winners_distance():
    soc, physical = ahp_weights(SOC).weights, ahp_weights(PHYSICAL).weights
    combined = g.mean_weights([soc, physical], INFLUENCE)
    scores = g.group_scores(PERFORMANCE, [soc, physical])
    assert scores[0] == pytest.approx([0.6894, 0.2583, 0.6161], abs=1e-4)
    assert scores[1] == pytest.approx([0.375, 0.5, 0.65])
    distances = g.winner_distances(PERFORMANCE, [soc, physical], combined)
    # Combined: C 0.6299 beats A 0.5636, so SOC's winner A is 0.0733 ahead of C in SOC's view.
    assert [d.group_winner for d in distances] == [0, 2]
    assert [d.combined_winner_rank for d in distances] == [2, 1]
    assert distances[0].score_gap == pytest.approx(0.0733, abs=1e-4)
    assert distances[1].score_gap == 0


def test_it_lists_the_criteria_the_groups_disagree_on_most_with_their_effect():
    soc, physical = ahp_weights(SOC).weights, ahp_weights(PHYSICAL).weights
    combined = g.mean_weights([soc, physical], INFLUENCE)
    found = g.disagreements(PERFORMANCE, [soc, physical], combined)
    assert [d.criterion for d in found] == [0, 1, 2]
    top = found[0]
    assert top.spread == pytest.approx(0.637 - 0.25, abs=1e-3)
    assert (top.low_group, top.high_group) == (1, 0)
    # At SOC's share of criterion 0 A wins; at physical security's, C does.
    assert (top.high_winner, top.low_winner) == (0, 2)
    assert top.rank_shift > 0
    assert found[2].rank_shift == 0


def test_it_agrees_with_an_independent_computation_on_random_inputs():
    rng = np.random.default_rng(18)
    for _ in range(50):
        groups, n = rng.integers(1, 6), rng.integers(2, 10)
        influence = rng.random(groups) + 0.01
        p = influence / influence.sum()
        priorities = rng.random((groups, n)) + 0.01
        # Random reciprocal matrices on Saaty's scale.
        upper = rng.choice([1 / 9, 1 / 5, 1 / 3, 1, 2, 3, 5, 7, 9], size=(groups, n, n))
        matrices = np.triu(upper, 1) + np.transpose(1 / np.triu(upper, 1).clip(1e-300), (0, 2, 1)) * (
            np.tril(np.ones((n, n)), -1)
        )
        matrices[:, np.arange(n), np.arange(n)] = 1
        expected_matrix = np.ones((n, n))
        for k in range(groups):
            expected_matrix = expected_matrix * matrices[k] ** p[k]
        assert g.geometric_mean_matrix(matrices, influence) == pytest.approx(expected_matrix, rel=1e-12)
        vals, vecs = np.linalg.eig(expected_matrix)
        v = np.abs(vecs[:, np.argmax(vals.real)].real)
        assert g.aij_weights(matrices, influence).weights == pytest.approx(v / v.sum(), rel=1e-9)
        rows = priorities / priorities.sum(axis=1, keepdims=True)
        geo = np.prod(rows ** p[:, None], axis=0)
        assert g.aip_weights(priorities, influence) == pytest.approx(geo / geo.sum(), rel=1e-12)
        assert g.mean_weights(priorities, influence) == pytest.approx((rows * p[:, None]).sum(axis=0))
        # pymcdm's weighted sum agrees with each group's view (its WSM min-max normalises itself).
        raw = rng.random((6, n))
        normalised = min_max_normalise(raw, np.ones(n, dtype=bool))
        ours = g.group_scores(normalised, priorities)
        for k in range(groups):
            assert ours[k] == pytest.approx(
                WSM(normalization_function=normalizations.minmax_normalization)(raw, rows[k], np.ones(n)),
                abs=1e-12,
            )


def test_the_sampled_rank_probabilities_are_reproducible_with_a_seed():
    rng = np.random.default_rng(3)
    options = rng.random((8, 5))
    criterion_of = np.array([0, 1, 2, 2, 2, 3, 3, 4])
    weights = rng.random((4, 5))
    first = g.group_rank_probabilities(options, criterion_of, weights, [1, 2, 3, 4], draws=2000, seed=7)
    again = g.group_rank_probabilities(options, criterion_of, weights, [1, 2, 3, 4], draws=2000, seed=7)
    other = g.group_rank_probabilities(options, criterion_of, weights, [1, 2, 3, 4], draws=2000, seed=8)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    assert first.sum(axis=0) == pytest.approx(np.ones(5))
    assert first.sum(axis=1) == pytest.approx(np.ones(5))


def test_the_sampling_follows_influence_and_the_evaluators_own_scores():
    # One criterion per group favours a different vendor: the first place follows influence.
    options = np.array([[1.0, 0.0], [0.0, 1.0]])
    weights = np.array([[1.0, 0.0], [0.0, 1.0]])
    probabilities = g.group_rank_probabilities(options, np.array([0, 1]), weights, [3, 1], draws=20_000)
    assert probabilities[0, 0] == pytest.approx(0.75, abs=0.02)
    # One group, one criterion scored by two evaluators who disagree: each wins half the views.
    options = np.array([[1.0, 0.0], [0.0, 1.0]])
    probabilities = g.group_rank_probabilities(options, np.array([0, 0]), [[1.0]], [1], draws=20_000)
    assert probabilities[0, 0] == pytest.approx(0.5, abs=0.02)
    # Against a direct simulation of the same rule with the same draws.
    rng = np.random.default_rng(5)
    options = rng.random((6, 4))
    criterion_of = np.array([0, 1, 1, 2, 2, 2])
    weights = rng.random((3, 3))
    influence = np.array([0.2, 0.3, 0.5])
    ours = g.group_rank_probabilities(options, criterion_of, weights, influence, draws=40_000, seed=2)
    first = np.zeros(4)
    w = weights / weights.sum(axis=1, keepdims=True)
    for group in range(3):
        for pick in ((0, 1, 3), (0, 1, 4), (0, 1, 5), (0, 2, 3), (0, 2, 4), (0, 2, 5)):
            scores = w[group] @ options[list(pick)]
            first[np.argmax(scores)] += influence[group] / 6
    assert ours[:, 0] == pytest.approx(first, abs=0.015)


def test_it_refuses_bad_input_with_a_reason():
    with pytest.raises(ValueError, match="influence"):
        g.mean_weights([[1, 2]], [0])
    with pytest.raises(ValueError, match="no positive weight"):
        g.mean_weights([[0, 0], [1, 1]], [1, 1])
    with pytest.raises(ValueError, match="positive"):
        g.geometric_mean_matrix([[[1, -1], [1, 1]]], [1])
    with pytest.raises(ValueError, match="no option"):
        g.group_rank_probabilities(np.ones((1, 3)), np.array([0]), [[1, 1]], [1])


def test_hierarchical_aij_and_aip_on_the_evaluations_hierarchy():
    by_group = {"depth": ["a", "b"], "record": ["c"]}
    soc = stakeholders.Judgements({("depth", "record"): 3}, {("a", "b"): 2})
    physical = stakeholders.Judgements({("depth", "record"): 1 / 3}, {})
    weights, checks = stakeholders.aij_hierarchical(by_group, [soc, physical], [1, 1])
    # Between groups: sqrt(3 · 1/3) = 1, equal; within depth: sqrt(2 · 1) = √2.
    assert weights["c"] == pytest.approx(0.5)
    assert weights["a"] / weights["b"] == pytest.approx(2**0.5)
    assert [c.scope for c in checks] == ["groups", "depth", "record"]
    aip = stakeholders.aip_hierarchical(by_group, [soc, physical], [1, 1])
    assert sum(aip.values()) == pytest.approx(1)
    # SOC's priorities a, b, c = 0.5, 0.25, 0.25; physical security's 0.125, 0.125, 0.75.
    geo = np.sqrt([0.5 * 0.125, 0.25 * 0.125, 0.25 * 0.75])
    assert [aip[k] for k in "abc"] == pytest.approx(geo / geo.sum())


def test_view_options_use_each_evaluators_own_scores():
    normalised = pd.DataFrame({1: [1.0, 0.0, 0.5], 2: [0.5, 1.0, 0.0]}, index=[10, 11, 12])
    filled = pd.DataFrame({1: [4.0, 2.0, 3.0], 2: [0.5, 1.0, 0.0]}, index=[10, 11, 12])
    manual = pd.DataFrame(
        {
            "criterion_id": [1, 1, 1, 1, 1],
            "vendor_id": [10, 11, 12, 10, 11],
            "evaluator_id": [7, 7, 7, 8, 8],
            "score": [5, 1, 3, 3, 3],
        }
    )
    options, of, labels = stakeholders.view_options(
        normalised, filled, pd.Series({1: True, 2: True}), manual, [1]
    )
    assert list(of) == [0, 0, 1]
    assert labels == [(1, 7), (1, 8), (2, None)]
    assert options[0] == pytest.approx([1.0, 0.0, 0.5])
    # Evaluator 8 gave 3 and 3 and did not score vendor 12 (the mean, 3, stands): all equal → 1.
    assert options[1] == pytest.approx([1.0, 1.0, 1.0])
    assert options[2] == pytest.approx([0.5, 1.0, 0.0])
    spread = stakeholders.score_spread(manual)
    assert spread[["criterion_id", "vendor_id", "low", "high"]].values.tolist() == [
        [1, 10, 3, 5],
        [1, 11, 1, 3],
    ]


def test_batch_ranks_are_rank_with_ties_row_by_row():
    from engine.mcda import rank_with_ties

    rng = np.random.default_rng(9)
    scores = rng.integers(0, 4, size=(200, 7)) / 3.0 + rng.choice([0, 1e-10, 3e-9], size=(200, 7))
    expected = np.array([rank_with_ties(row) for row in scores])
    assert np.array_equal(g.batch_ranks(scores), expected)
