"""Multi-criteria decision analysis core: weights, scores, rankings and sensitivity.

Pure numpy (no Django), so the scoring layer and tests can call it directly. Conventions:

* A decision matrix is alternatives × criteria, complete and finite. Missing data is the scoring
  layer's job: a NaN or infinity here raises ``ValueError``, as does any other malformed input.
* ``benefit`` is one boolean per criterion: True = more is better, False = cost (less is better).
  Booleans only: ``[1, -1]`` (pymcdm's convention) is rejected rather than read as two benefits.
* Weights may be given on any scale; they are scaled to sum 1 before use.

Where pymcdm 1.4.0 gives the same numbers it is used in the tests as an independent check, but the
code is numpy: pymcdm's AHP uses another random-index table (Tummala & Ling) and does not raise for
oversized matrices, its TOPSIS returns NaN for an all-zero column and warns on dominated
alternatives, and its min-max normalisation loops over columns in Python, too slow for
evaluator × alternative × criterion stacks.

Weight sensitivity, its plain-English description and rank probabilities live in
``evaluator/mcda_sensitivity.py`` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from evaluator.mcda_sensitivity import (
    NOT_FINITE,
    TIE_TOLERANCE,
    WeightSensitivity,
    check_matrix,
    describe_sensitivity,
    normalised_weights,
    rank_probabilities,
    weight_sensitivity,
)

__all__ = [
    "RANDOM_INDEX",
    "AHPResult",
    "WeightSensitivity",
    "ahp_weights",
    "describe_sensitivity",
    "min_max_normalise",
    "rank_order",
    "rank_probabilities",
    "rank_with_ties",
    "topsis",
    "weight_sensitivity",
    "weighted_contributions",
    "weighted_sum",
]

# Saaty's random consistency index for n = 1..10 (Saaty, "The Analytic Hierarchy Process", 1980).
# Larger matrices raise ValueError: Saaty advises at most 7 ± 2 elements per comparison, and
# published RI values beyond 10 disagree with each other, so a CR for them would look more certain
# than it is. Group the criteria into a hierarchy instead.
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)

_RECIPROCAL_TOLERANCE = 1e-6
# Blocks of about 2 MB keep weighted_sum's temporaries in cache when it scores evaluator stacks.
_BLOCK_ELEMENTS = 1 << 18


@dataclass(frozen=True)
class AHPResult:
    """Outcome of :func:`ahp_weights`: priorities and Saaty's consistency measures."""

    weights: np.ndarray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float


def ahp_weights(matrix) -> AHPResult:
    """Weights from a pairwise comparison matrix by Saaty's principal eigenvector method.

    ``matrix[i][j]`` says how many times more important criterion i is than j; it must be square,
    positive and reciprocal (``a_ij · a_ji = 1`` within 1e-6 relative), with n ≤ 10. ``weights`` is
    the principal right eigenvector scaled to sum 1; ``consistency_index`` is
    ``(λmax − n)/(n − 1)`` (0 for n = 1, and never below 0: λmax ≥ n in exact arithmetic, so a
    negative value is rounding); ``consistency_ratio`` is CI / RI with Saaty's RI, 0 when n ≤ 2.
    """
    try:
        a = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError("pairwise comparison matrix must be a square array of numbers") from exc
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError(f"pairwise comparison matrix must be square (n × n), got shape {a.shape}")
    n = a.shape[0]
    if n > len(RANDOM_INDEX):
        raise ValueError(
            f"pairwise comparison matrix has {n} criteria; at most {len(RANDOM_INDEX)} are supported "
            "(Saaty's random index stops there): group the criteria into a hierarchy"
        )
    if not np.isfinite(a).all():
        raise ValueError(f"pairwise comparison matrix {NOT_FINITE}")
    if (a <= 0).any():
        i, j = np.argwhere(a <= 0)[0]
        raise ValueError(f"pairwise comparison matrix must be positive; entry [{i}][{j}] is {a[i, j]!r}")
    off = np.abs(a * a.T - 1.0) > _RECIPROCAL_TOLERANCE
    if off.any():
        i, j = np.argwhere(off)[0]
        raise ValueError(
            f"pairwise comparison matrix is not reciprocal: [{i}][{j}] = {a[i, j]!r} "
            f"but 1 / [{j}][{i}] = {1 / a[j, i]!r}"
        )
    values, vectors = np.linalg.eig(a)
    # Perron-Frobenius: a positive matrix has a real, simple eigenvalue of largest modulus whose
    # eigenvector has one sign; dividing by its sum makes it positive.
    k = int(np.argmax(values.real))
    lambda_max = float(values[k].real)
    weights = vectors[:, k].real
    weights = weights / weights.sum()
    ci = max((lambda_max - n) / (n - 1), 0.0) if n > 1 else 0.0
    cr = ci / RANDOM_INDEX[n - 1] if n > 2 else 0.0
    return AHPResult(weights, lambda_max, ci, cr)


def _benefit_mask(benefit, n_criteria: int) -> np.ndarray:
    mask = np.asarray(benefit)
    if mask.dtype != bool:
        raise ValueError("benefit must be booleans: True for a benefit criterion, False for a cost criterion")
    if mask.shape != (n_criteria,):
        raise ValueError(f"benefit must have one entry per criterion ({n_criteria}), got shape {mask.shape}")
    return mask


def _min_max_frame(x: np.ndarray, benefit: np.ndarray):
    """Per-criterion reference, signed span and constant-column mask for min-max normalisation.

    Normalised value = (x − ref) / denom: ref = min, denom = max − min for a benefit criterion and
    ref = max, denom = min − max for a cost one (the same arithmetic as (max − x)/(max − min)).
    """
    lo = x.min(axis=-2, keepdims=True)
    hi = x.max(axis=-2, keepdims=True)
    # min/max propagate NaN and inf, so this replaces a full scan of the matrix.
    if not (np.isfinite(lo).all() and np.isfinite(hi).all()):
        raise ValueError(f"matrix {NOT_FINITE}")
    span = hi - lo
    if not np.isfinite(span).all():
        raise ValueError("matrix values are too far apart to normalise (max − min overflows)")
    constant = span == 0
    ref = np.where(benefit, lo, hi)
    denom = np.where(constant, 1.0, np.where(benefit, span, -span))
    return ref, denom, constant


def min_max_normalise(matrix, benefit: Sequence[bool]) -> np.ndarray:
    """Min-max normalise each criterion to [0, 1], 1 = best.

    Benefit: (x − min)/(max − min); cost: (max − x)/(max − min). A criterion on which every
    alternative has the same value carries no information and gives every alternative 1.0 (as
    pymcdm does), so its weight is added equally to every total and totals stay comparable with
    and without it. ``matrix`` may carry leading dimensions (e.g. evaluators × alternatives ×
    criteria); each alternatives × criteria slice is normalised on its own.
    """
    x = check_matrix(matrix, batched=True, finite=False)
    ref, denom, constant = _min_max_frame(x, _benefit_mask(benefit, x.shape[-1]))
    normalised = (x - ref) / denom
    # The best cost value comes out as 0 / −span = −0.0, which would print as "-0.00".
    normalised += 0.0
    if constant.any():
        normalised = np.where(constant, 1.0, normalised)
    return normalised


def weighted_contributions(matrix, weights, benefit: Sequence[bool]) -> np.ndarray:
    """Each criterion's share of each alternative's weighted-sum score (same shape as ``matrix``).

    ``min_max_normalise(matrix, benefit) * w`` with ``w`` scaled to sum 1; each row adds up to
    :func:`weighted_sum` (to rounding), which is what the score table shows per criterion.
    """
    x = check_matrix(matrix, batched=True, finite=False)
    return min_max_normalise(x, benefit) * normalised_weights(weights, x.shape[-1])


def weighted_sum(matrix, weights, benefit: Sequence[bool]) -> np.ndarray:
    """Weighted-sum score of each alternative in [0, 1]: min-max normalise, then weight.

    ``matrix`` is alternatives × criteria of raw values, optionally with leading dimensions (each
    slice scored on its own; the result drops the criteria axis). Weights are scaled to sum 1;
    ``benefit`` as in :func:`min_max_normalise`, including its rule for constant criteria.
    """
    x = check_matrix(matrix, batched=True, finite=False)
    m, n = x.shape[-2:]
    w = normalised_weights(weights, n)
    mask = _benefit_mask(benefit, n)
    stack = x.reshape(-1, m, n)
    scores = np.empty(stack.shape[:2])
    step = max(1, _BLOCK_ELEMENTS // (m * n))
    for start in range(0, stack.shape[0], step):
        block = stack[start : start + step]
        ref, denom, constant = _min_max_frame(block, mask)
        # Folding 1/denom into the weights saves a pass over the block; a constant criterion adds
        # its full weight (normalised value 1.0) to everyone instead.
        coef = np.where(constant, 0.0, w / denom)
        offset = (w * constant).sum(axis=-1)
        scores[start : start + step] = np.matmul(block - ref, coef.swapaxes(-1, -2))[..., 0] + offset
    # Rounding can stray ~1e-16 outside [0, 1]; the contract is [0, 1]. Cost terms can make a
    # zero score −0.0, which would print as "-0.00": + 0.0 turns it into 0.0.
    np.clip(scores, 0.0, 1.0, out=scores)
    scores += 0.0
    return scores.reshape(x.shape[:-1])


def topsis(matrix, weights, benefit: Sequence[bool]) -> np.ndarray:
    """TOPSIS closeness coefficients in [0, 1], higher = better (Hwang & Yoon 1981).

    Vector normalisation r = x / ‖column‖, weighting v = w·r, Euclidean distances d⁺ to the ideal
    point (best v per criterion) and d⁻ to the anti-ideal point (worst v), closeness
    d⁻ / (d⁺ + d⁻). Vector normalisation needs ratio-scale data, so negative values raise
    ValueError. An all-zero criterion contributes nothing; if all alternatives are identical on
    every weighted criterion, each gets 0.5 (equally close to both points).
    """
    x = check_matrix(matrix)
    w = normalised_weights(weights, x.shape[1])
    mask = _benefit_mask(benefit, x.shape[1])
    if (x < 0).any():
        raise ValueError("TOPSIS needs non-negative values (vector normalisation assumes a ratio scale)")
    norms = np.sqrt((x * x).sum(axis=0))
    v = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0) * w
    ideal = np.where(mask, v.max(axis=0), v.min(axis=0))
    anti_ideal = np.where(mask, v.min(axis=0), v.max(axis=0))
    d_ideal = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_anti = np.sqrt(((v - anti_ideal) ** 2).sum(axis=1))
    total = d_ideal + d_anti
    return np.divide(d_anti, total, out=np.full(x.shape[0], 0.5), where=total > 0)


def _scores_vector(scores, tolerance: float) -> np.ndarray:
    s = np.asarray(scores, dtype=float)
    if s.ndim != 1:
        raise ValueError(f"scores must be one-dimensional, got shape {s.shape}")
    if not np.isfinite(s).all():
        raise ValueError("scores must be finite numbers")
    if not (np.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance must be a non-negative number, got {tolerance!r}")
    return s


def rank_with_ties(scores, tolerance: float = TIE_TOLERANCE) -> np.ndarray:
    """Competition ranks (1, 2, 2, 4), highest score first, aligned with ``scores``.

    Scores within ``tolerance`` (absolute) of the best score of their group share its rank: going
    down the sorted scores, a new group starts at the first score more than ``tolerance`` below the
    group's first (highest) score, so a chain of small gaps cannot merge far-apart scores. The next
    group's rank counts every alternative above it.
    """
    s = _scores_vector(scores, tolerance)
    order = np.argsort(-s, kind="stable")
    ranks = np.empty(len(s), dtype=int)
    group_top = None
    group_rank = 0
    for position, i in enumerate(order):
        if group_top is None or group_top - s[i] > tolerance:
            group_top, group_rank = s[i], position + 1
        ranks[i] = group_rank
    return ranks


def rank_order(scores, tolerance: float = TIE_TOLERANCE, names: Sequence[str] | None = None) -> np.ndarray:
    """Indices of the alternatives in display order: by tied rank, then name (or index if no names).

    Within a tie the order is alphabetical (or by index), never by the sub-tolerance differences
    between the tied scores, so ties are shown as ties and the order is reproducible.
    """
    ranks = rank_with_ties(scores, tolerance)
    if names is not None and len(names) != len(ranks):
        raise ValueError(f"names must have one entry per score ({len(ranks)}), got {len(names)}")
    secondary = list(names) if names is not None else list(range(len(ranks)))
    return np.array(sorted(range(len(ranks)), key=lambda i: (ranks[i], secondary[i], i)), dtype=int)
