"""Rank probabilities of a weighted-sum ranking under random weight perturbation (numpy only)."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from engine.mcda.checks import FloatArray, check_matrix, normalised_weights

_SIGN_CLEAR = np.int64(0x7FFF_FFFF_FFFF_FFFF)


def rank_probabilities(
    performance: npt.ArrayLike,
    weights: npt.ArrayLike,
    draws: int = 10_000,
    seed: int | None = 0,
    concentration: float = 4.0,
) -> FloatArray:
    """Probability of each alternative taking each rank when the weights are uncertain.

    Each draw multiplies every weight by an independent factor drawn uniformly from
    ``[1 − 1/concentration, 1 + 1/concentration)`` (default ±25 %); larger ``concentration`` keeps the
    draws closer to the current weights, and it must exceed 1 so no weight reaches zero. Uniform
    multiplicative perturbation rather than a Dirichlet: every weight stays positive and gets the
    same relative uncertainty, large or small (a Dirichlet with α = c·w lets small weights collapse
    towards zero), and numpy's gamma sampler alone costs about 15 matrix products, which would
    break the benchmark's 10× budget. Zero weights stay zero.

    All draws are scored with one matrix product and ranked by weighted sum, highest first; ties
    go to the lower index (alternatives with identical rows get bit-identical scores). Returns an
    alternatives × ranks array (column 0 = first place); rows and columns each sum to 1. The
    factors come from numpy's SFC64 generator seeded with ``seed``: the same seed gives identical
    output, ``seed=None`` draws fresh entropy.
    """
    a = check_matrix(performance, "performance")
    w = normalised_weights(weights, a.shape[1])
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a positive integer, got {draws!r}")
    if not (math.isfinite(concentration) and concentration > 1):
        raise ValueError(f"concentration must be a finite number greater than 1, got {concentration!r}")
    # Identical rows must tie exactly so that the lower index wins, whatever summation order BLAS
    # uses for different output columns: their score columns are copied from the first such row.
    first_seen: dict[bytes, int] = {}
    twin_of = np.array([first_seen.setdefault((row + 0.0).tobytes(), i) for i, row in enumerate(a)])
    twins = np.flatnonzero(twin_of != np.arange(a.shape[0]))
    half = 1.0 / concentration
    # SFC64 is the fastest of numpy's generators and is statistically sound for simulation.
    u = np.random.Generator(np.random.SFC64(seed)).random((draws, a.shape[1]))
    # Weights w ⊙ (1 − h + 2h·u) give scores (1 − h)·(A w) + 2h·u @ (A ⊙ w)ᵀ. Dividing a draw's
    # scores by 2h > 0 keeps its ranking, so the affine step is applied to the (smaller) scores
    # rather than to the draws; the + 0.0 makes sure no score is -0.0 (it would sort below +0.0).
    scores = u @ (a * w).T
    scores += (a @ w) * ((1.0 - half) / (2.0 * half)) + 0.0
    if twins.size:
        scores[:, twins] = scores[:, twin_of[twins]]
    return _count_ranks(scores, draws, nonnegative=bool((a >= 0).all()))


def _count_ranks(scores: FloatArray, draws: int, *, nonnegative: bool) -> FloatArray:
    """Count how often each alternative lands on each rank, sorting one int64 key per score.

    The key holds the score's bits (order-preserving) in the high bits and the alternative's index
    in the low ``b = bit_length(m − 1)`` bits, so one plain sort orders by score, highest first,
    with the lower index first among equal scores. A plain integer sort is several times faster
    than a stable argsort of the scores. The price: scores closer than about 2**(b − 52) relative
    (floating-point noise) count as equal.
    """
    m = scores.shape[1]
    bits = max(1, (m - 1).bit_length())
    mask = np.int64((1 << bits) - 1)
    keys = np.ascontiguousarray(scores).view(np.int64)
    if not nonnegative:
        # Negative floats order backwards as integers: flip their non-sign bits.
        keys ^= (keys >> 63) & _SIGN_CLEAR
    # Want ~key (descending) with the low bits replaced by the index: ~(k | mask) | i == (k | mask) ^ ~i.
    keys |= mask
    keys ^= ~np.arange(m, dtype=np.int64)
    keys.sort(axis=1)
    keys &= mask  # the alternative at each position
    keys |= np.arange(m, dtype=np.int64) << bits
    counts = np.bincount(keys.ravel(), minlength=m << bits).reshape(m, 1 << bits)[:, :m]
    return counts.T / draws
