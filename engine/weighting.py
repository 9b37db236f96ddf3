"""Criterion weights from pairwise judgements: AHP within each group and between groups.

Pure Python over ``engine.mcda.ahp_weights``, no Django import. A criterion's weight is its
group's weight times its local weight within the group (Saaty's hierarchic composition), so the
weights of all criteria sum to 1. A pair nobody judged counts as "equally important" (1).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engine import mcda
from engine.mcda.checks import FloatArray

CR_WARNING = 0.10
# "a is value times as important as b", keyed by the pair (a, b).
type Judgements = Mapping[tuple[Hashable, Hashable], float]
# Saaty's 1–9 scale; the reciprocals 1/2 … 1/9 say "the second is more important".
SAATY_SCALE = (1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9)


@dataclass(frozen=True)
class Consistency:
    """The AHP outcome of one comparison matrix (the groups, or the criteria of one group)."""

    scope: str
    keys: tuple[Hashable, ...]
    weights: tuple[float, ...]
    consistency_ratio: float

    @property
    def acceptable(self) -> bool:
        return self.consistency_ratio <= CR_WARNING


def pairwise_matrix(keys: Sequence[Hashable], judgements: Judgements) -> FloatArray:
    """Reciprocal matrix over ``keys`` from ``{(a, b): value}`` ("a is value times as important as b")."""
    position = {key: i for i, key in enumerate(keys)}
    matrix = np.ones((len(keys), len(keys)))
    for (first, second), value in judgements.items():
        if first in position and second in position and first != second:
            matrix[position[first], position[second]] = value
            matrix[position[second], position[first]] = 1.0 / value
    return matrix


def local_weights(scope: str, keys: Sequence[Hashable], judgements: Judgements) -> Consistency:
    """AHP weights and consistency ratio of ``keys`` (a single key gets weight 1)."""
    result = mcda.ahp_weights(pairwise_matrix(keys, judgements))
    return Consistency(scope, tuple(keys), tuple(float(w) for w in result.weights), result.consistency_ratio)


def hierarchical_weights(
    criteria_by_group: Mapping[Hashable, Sequence[Hashable]],
    group_judgements: Judgements,
    criterion_judgements: Judgements,
) -> tuple[dict[Hashable, float], list[Consistency]]:
    """Global weight of every criterion (summing to 1) and the consistency of every matrix used.

    ``criteria_by_group`` maps each group to its criteria, in display order. Groups with more than
    ten members cannot be compared (Saaty's random index stops at 10): ``ValueError``.
    """
    groups = [group for group, members in criteria_by_group.items() if members]
    between = local_weights("groups", groups, group_judgements)
    weights: dict[Hashable, float] = {}
    checks = [between]
    for group, group_weight in zip(groups, between.weights, strict=True):
        within = local_weights(str(group), list(criteria_by_group[group]), criterion_judgements)
        checks.append(within)
        for key, local in zip(within.keys, within.weights, strict=True):
            weights[key] = group_weight * local
    return weights, checks


# The judgements the pairwise page offers: Saaty's odd steps and their reciprocals.
OFFERED_STEPS = (1 / 9, 1 / 7, 1 / 5, 1 / 3, 1.0, 3.0, 5.0, 7.0, 9.0)


def nearest_step(ratio: float) -> float:
    """The offered Saaty step closest to ``ratio`` on a log scale (0 → 1/9, infinity → 9)."""
    if ratio <= 0:
        return OFFERED_STEPS[0]
    if not np.isfinite(ratio):
        return OFFERED_STEPS[-1]
    logs = np.abs(np.log(np.array(OFFERED_STEPS)) - np.log(ratio))
    return float(OFFERED_STEPS[int(np.argmin(logs))])


def judgements_from_weights(
    keys: Sequence[Hashable], weights: Mapping[Hashable, float]
) -> dict[tuple[Hashable, Hashable], float]:
    """The judgement for every pair (a, b) of ``keys`` (a before b) that reproduces the ratio
    ``weights[a] / weights[b]`` as closely as the offered steps allow; two zero weights are equal.

    The pairwise page starts from these when nothing has been judged yet, so that saving it
    untouched keeps the current weights' order and rough ratios instead of flattening them.
    """
    judged: dict[tuple[Hashable, Hashable], float] = {}
    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            a, b = float(weights.get(first, 0.0)), float(weights.get(second, 0.0))
            judged[(first, second)] = 1.0 if a == b else nearest_step(a / b if b else float("inf"))
    return judged
