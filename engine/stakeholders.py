"""Stakeholder groups over the evaluation's criteria: combined weights and sampled views.

Pure Python/pandas over ``engine.mcda.groups`` and ``engine.weighting`` (no Django). Each group
sets its own weights, directly (points per criterion) or by pairwise judgements in the same
hierarchy as the evaluation (between criterion groups, then within each). docs/scoring.md §4.7.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine import mcda, weighting
from engine.mcda import groups as mg
from engine.mcda.checks import FloatArray

MEAN, AIJ, AIP = "mean", "aij", "aip"
METHODS = (MEAN, AIJ, AIP)


@dataclass(frozen=True)
class Judgements:
    """One stakeholder group's pairwise judgements (the evaluation's hierarchy)."""

    groups: weighting.Judgements
    criteria: weighting.Judgements


def criterion_order(criteria_by_group: Mapping[Hashable, Sequence[Hashable]]) -> list[Hashable]:
    return [key for members in criteria_by_group.values() for key in members]


def aij_hierarchical(
    criteria_by_group: Mapping[Hashable, Sequence[Hashable]],
    judgements: Sequence[Judgements],
    influence: Sequence[float],
) -> tuple[dict[Hashable, float], list[weighting.Consistency]]:
    """AIJ in the hierarchy: every comparison matrix (between groups, within each group) is the
    influence-weighted geometric mean of the stakeholders' matrices (a pair one of them left
    unjudged counts as 1 for them), then composed as in ``weighting.hierarchical_weights``."""
    groups = [group for group, members in criteria_by_group.items() if members]

    def combined(
        scope: str, keys: Sequence[Hashable], pick: Callable[[Judgements], weighting.Judgements]
    ) -> weighting.Consistency:
        stack = np.stack([weighting.pairwise_matrix(keys, pick(j)) for j in judgements])
        result = mcda.ahp_weights(mg.geometric_mean_matrix(stack, influence))
        return weighting.Consistency(
            scope, tuple(keys), tuple(float(w) for w in result.weights), result.consistency_ratio
        )

    between = combined("groups", groups, lambda j: j.groups)
    weights: dict[Hashable, float] = {}
    checks = [between]
    for group, group_weight in zip(groups, between.weights, strict=True):
        within = combined(str(group), list(criteria_by_group[group]), lambda j: j.criteria)
        checks.append(within)
        for key, local in zip(within.keys, within.weights, strict=True):
            weights[key] = group_weight * local
    return weights, checks


def aip_hierarchical(
    criteria_by_group: Mapping[Hashable, Sequence[Hashable]],
    judgements: Sequence[Judgements],
    influence: Sequence[float],
) -> dict[Hashable, float]:
    """AIP: each stakeholder's global priorities, then their weighted geometric mean (sum 1)."""
    order = criterion_order(criteria_by_group)
    rows = []
    for j in judgements:
        own, _ = weighting.hierarchical_weights(criteria_by_group, j.groups, j.criteria)
        rows.append([own[key] for key in order])
    combined = mg.aip_weights(np.array(rows), influence)
    return dict(zip(order, (float(w) for w in combined), strict=True))


def view_options(
    normalised: pd.DataFrame,
    filled: pd.DataFrame,
    benefit: pd.Series,
    manual: pd.DataFrame,
    manual_criteria: Sequence[Hashable],
) -> tuple[FloatArray, np.ndarray, list[tuple[Hashable, Hashable | None]]]:
    """The performance columns a plausible view can take, for ``group_rank_probabilities``.

    ``normalised`` and ``filled`` are the score table's vendors × active criteria frames. Every
    criterion has its normalised column; a manual criterion that two or more evaluators scored
    has instead one column per evaluator: their own scores (the mean, as in the table, for a
    vendor they did not score), min-max normalised like the table. Returns the options ×
    vendors array, each option's criterion position and (criterion, evaluator or None) labels.
    """
    columns: list[FloatArray] = []
    positions: list[int] = []
    labels: list[tuple[Hashable, Hashable | None]] = []
    by_criterion = dict(list(manual.groupby("criterion_id"))) if not manual.empty else {}
    for k, criterion in enumerate(normalised.columns):
        scored = by_criterion.get(criterion) if criterion in manual_criteria else None
        evaluators = [] if scored is None else sorted(scored["evaluator_id"].unique())
        if len(evaluators) < 2:
            columns.append(normalised[criterion].to_numpy(dtype=float))
            positions.append(k)
            labels.append((criterion, None))
            continue
        assert scored is not None
        for evaluator in evaluators:
            own = scored[scored["evaluator_id"] == evaluator].set_index("vendor_id")["score"]
            values = filled[criterion].copy()
            present = own.reindex(values.index)
            values = present.where(present.notna(), values).to_numpy(dtype=float)
            column = mcda.min_max_normalise(values[:, None], np.array([bool(benefit[criterion])]))[:, 0] + 0.0
            columns.append(column)
            positions.append(k)
            labels.append((criterion, evaluator))
    return np.array(columns), np.array(positions, dtype=np.int64), labels


def score_spread(manual: pd.DataFrame, threshold: int = 2) -> pd.DataFrame:
    """(criterion, vendor) pairs whose evaluators' manual scores differ by ``threshold`` or more:
    criterion_id, vendor_id, low, high, spread, evaluators (the count), largest spread first."""
    if manual.empty:
        return pd.DataFrame(columns=["criterion_id", "vendor_id", "low", "high", "spread", "evaluators"])
    grouped = manual.groupby(["criterion_id", "vendor_id"])["score"]
    frame = pd.DataFrame({"low": grouped.min(), "high": grouped.max(), "evaluators": grouped.size()})
    frame["spread"] = frame["high"] - frame["low"]
    frame = frame[frame["spread"] >= threshold].reset_index()
    return frame.sort_values(["spread", "criterion_id", "vendor_id"], ascending=[False, True, True])[
        ["criterion_id", "vendor_id", "low", "high", "spread", "evaluators"]
    ].reset_index(drop=True)
