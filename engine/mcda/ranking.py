"""Scores and ranks: min-max normalisation, weighted sum, TOPSIS and competition ranks with ties.

Conventions of the MCDA core (engine/mcda/__init__.py): a complete, finite matrix of
alternatives × criteria, one boolean per criterion for ``benefit``, weights on any scale.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from engine.mcda.checks import (
    NOT_FINITE,
    TIE_TOLERANCE,
    BoolArray,
    FloatArray,
    benefit_mask,
    check_matrix,
    normalised_weights,
)

# Blocks of about 2 MB keep weighted_sum's temporaries in cache when it scores evaluator stacks.
_BLOCK_ELEMENTS = 1 << 18


def _min_max_frame(x: FloatArray, benefit: BoolArray) -> tuple[FloatArray, FloatArray, BoolArray]:
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


def min_max_normalise(matrix: npt.ArrayLike, benefit: npt.ArrayLike) -> FloatArray:
    """Min-max normalise each criterion to [0, 1], 1 = best.

    Benefit: (x − min)/(max − min); cost: (max − x)/(max − min). A criterion on which every
    alternative has the same value carries no information and gives every alternative 1.0 (as
    pymcdm does), so its weight is added equally to every total and totals stay comparable with
    and without it. ``matrix`` may carry leading dimensions (e.g. evaluators × alternatives ×
    criteria); each alternatives × criteria slice is normalised on its own.
    """
    x = check_matrix(matrix, batched=True, finite=False)
    ref, denom, constant = _min_max_frame(x, benefit_mask(benefit, x.shape[-1]))
    normalised = (x - ref) / denom
    # The best cost value comes out as 0 / −span = −0.0, which would print as "-0.00".
    normalised += 0.0
    if constant.any():
        normalised = np.where(constant, 1.0, normalised)
    return normalised


def weighted_contributions(
    matrix: npt.ArrayLike, weights: npt.ArrayLike, benefit: npt.ArrayLike
) -> FloatArray:
    """Each criterion's share of each alternative's weighted-sum score (same shape as ``matrix``).

    ``min_max_normalise(matrix, benefit) * w`` with ``w`` scaled to sum 1; each row adds up to
    :func:`weighted_sum` (to rounding), which is what the score table shows per criterion.
    """
    x = check_matrix(matrix, batched=True, finite=False)
    return min_max_normalise(x, benefit) * normalised_weights(weights, x.shape[-1])


def weighted_sum(matrix: npt.ArrayLike, weights: npt.ArrayLike, benefit: npt.ArrayLike) -> FloatArray:
    """Weighted-sum score of each alternative in [0, 1]: min-max normalise, then weight.

    ``matrix`` is alternatives × criteria of raw values, optionally with leading dimensions (each
    slice scored on its own; the result drops the criteria axis). Weights are scaled to sum 1;
    ``benefit`` as in :func:`min_max_normalise`, including its rule for constant criteria.
    """
    x = check_matrix(matrix, batched=True, finite=False)
    m, n = x.shape[-2:]
    w = normalised_weights(weights, n)
    mask = benefit_mask(benefit, n)
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


def topsis(matrix: npt.ArrayLike, weights: npt.ArrayLike, benefit: npt.ArrayLike) -> FloatArray:
    """TOPSIS closeness coefficients in [0, 1], higher = better (Hwang & Yoon 1981).

    Vector normalisation r = x / ‖column‖, weighting v = w·r, Euclidean distances d⁺ to the ideal
    point (best v per criterion) and d⁻ to the anti-ideal point (worst v), closeness
    d⁻ / (d⁺ + d⁻). Vector normalisation needs ratio-scale data, so negative values raise
    ValueError. An all-zero criterion contributes nothing; if all alternatives are identical on
    every weighted criterion, each gets 0.5 (equally close to both points).
    """
    x = check_matrix(matrix)
    w = normalised_weights(weights, x.shape[1])
    mask = benefit_mask(benefit, x.shape[1])
    if (x < 0).any():
        raise ValueError("TOPSIS needs non-negative values (vector normalisation assumes a ratio scale)")
    norms = np.sqrt((x * x).sum(axis=0))
    v = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0) * w
    ideal = np.where(mask, v.max(axis=0), v.min(axis=0))
    anti_ideal = np.where(mask, v.min(axis=0), v.max(axis=0))
    d_ideal = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_anti = np.sqrt(((v - anti_ideal) ** 2).sum(axis=1))
    total = d_ideal + d_anti
    closeness: FloatArray = np.divide(  # typed Any by numpy's stubs when given out= and where=
        d_anti, total, out=np.full(x.shape[0], 0.5), where=total > 0
    )
    return closeness


def _scores_vector(scores: npt.ArrayLike, tolerance: float) -> FloatArray:
    s = np.asarray(scores, dtype=float)
    if s.ndim != 1:
        raise ValueError(f"scores must be one-dimensional, got shape {s.shape}")
    if not np.isfinite(s).all():
        raise ValueError("scores must be finite numbers")
    if not (np.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance must be a non-negative number, got {tolerance!r}")
    return s


def rank_with_ties(scores: npt.ArrayLike, tolerance: float = TIE_TOLERANCE) -> npt.NDArray[np.int_]:
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


def rank_order(
    scores: npt.ArrayLike, tolerance: float = TIE_TOLERANCE, names: Sequence[str] | None = None
) -> npt.NDArray[np.int_]:
    """Indices of the alternatives in display order: by tied rank, then name (or index if no names).

    Within a tie the order is alphabetical (or by index), never by the sub-tolerance differences
    between the tied scores, so ties are shown as ties and the order is reproducible.
    """
    ranks = rank_with_ties(scores, tolerance)
    if names is not None and len(names) != len(ranks):
        raise ValueError(f"names must have one entry per score ({len(ranks)}), got {len(names)}")
    secondary = list(names) if names is not None else list(range(len(ranks)))
    return np.array(sorted(range(len(ranks)), key=lambda i: (ranks[i], secondary[i], i)), dtype=int)
