"""Weight sensitivity and rank probabilities for weighted-sum rankings.

Part of the MCDA core: import the public names from :mod:`evaluator.mcda`. This module also holds
the input checks shared with ``evaluator.mcda``; keeping them here means the import runs one way
only (``mcda`` imports from ``mcda_sensitivity``), so either module can be imported first.

Pure numpy, no Django. Every function needs a complete, finite matrix: missing data is resolved
by the scoring layer before it calls in here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["WeightSensitivity", "describe_sensitivity", "rank_probabilities", "weight_sensitivity"]


def check_matrix(matrix, name: str = "matrix", *, batched: bool = False, finite: bool = True) -> np.ndarray:
    """Return ``matrix`` as a float array of alternatives × criteria, or raise ValueError.

    ``batched`` allows leading dimensions (``(..., alternatives, criteria)``). ``finite=False``
    skips the NaN/inf scan for callers that detect it more cheaply themselves (min-max does, from
    the column minima and maxima it needs anyway).
    """
    try:
        array = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a rectangular array of numbers") from exc
    if array.ndim < 2 or (array.ndim > 2 and not batched):
        shape = "(..., alternatives, criteria)" if batched else "(alternatives, criteria)"
        raise ValueError(f"{name} must have shape {shape}, got shape {array.shape}")
    if array.shape[-2] == 0 or array.shape[-1] == 0 or array.size == 0:
        raise ValueError(f"{name} needs at least one alternative and one criterion, got shape {array.shape}")
    if finite and not np.isfinite(array).all():
        raise ValueError(f"{name} {NOT_FINITE}")
    return array


# Scores closer than this are a tie (rank_with_ties' default tolerance and weight_sensitivity's).
TIE_TOLERANCE = 1e-9

NOT_FINITE = (
    "contains NaN or infinite values; MCDA needs a complete, finite matrix "
    "(resolve missing data in the scoring layer first)"
)


def normalised_weights(weights, n_criteria: int) -> np.ndarray:
    """Return ``weights`` scaled to sum 1, or raise ValueError if they are not usable weights."""
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError("weights must be a sequence of numbers") from exc
    if w.ndim != 1 or w.shape[0] != n_criteria:
        raise ValueError(f"weights must have one entry per criterion ({n_criteria}), got shape {w.shape}")
    if not np.isfinite(w).all():
        raise ValueError("weights must be finite numbers (no NaN or infinity)")
    if (w < 0).any():
        raise ValueError(f"weights must not be negative; criterion {int(np.argmin(w))} has {w.min()!r}")
    if not (w > 0).any():
        raise ValueError("at least one weight must be positive; all weights are zero")
    # Dividing by the largest weight first keeps the sum finite even for absurdly large inputs.
    w = w / w.max()
    return w / w.sum()


@dataclass(frozen=True)
class WeightSensitivity:
    """Smallest change of one criterion's weight that puts a different alternative first.

    ``change`` is new − old on the normalised scale (weights summing to 1), before the weights are
    re-normalised; ``relative_change`` is ``abs(change) / current weight`` (``math.inf`` for a
    criterion whose weight is 0); ``new_leader`` is the index of the alternative that leads just
    beyond the change. All three are ``None`` when no feasible change of this weight alone does it.
    """

    change: float | None
    relative_change: float | None
    new_leader: int | None


_NO_CHANGE = WeightSensitivity(None, None, None)


def weight_sensitivity(performance, weights) -> list[WeightSensitivity]:
    """Critical change of each criterion's weight for the top alternative of a weighted sum.

    Triantaphyllou & Sánchez (1997), "A sensitivity analysis approach for some deterministic
    multi-criteria decision-making methods", Decision Sciences 28(1): the absolute-top critical
    criterion for the weighted sum model (WSM).

    ``performance`` is an already normalised alternatives × criteria matrix, scored by
    ``performance @ w``; ``weights`` are first scaled to sum 1 and all changes are reported on that
    scale. Changing ``w_k`` by ``δ`` (others unchanged) and re-normalising divides every score by the
    same positive ``1 + δ``, so only the raw change matters: the leader ``l`` keeps its lead over
    ``j`` while ``D_lj + δ·(a_lk − a_jk) > 0``, with ``D_lj = S_l − S_j`` now. The critical change
    for the pair is ``δ = −D_lj / (a_lk − a_jk)`` and is feasible only if ``w_k + δ > 0`` strictly (a
    weight cannot fall to zero or below; within 1e-9·w_k of zero counts as zero); the reported
    change is the feasible one of smallest ``|δ|``. At exactly that value the two alternatives tie;
    strictly beyond it ``new_leader`` is first. Ties among candidates: a fall is reported before an
    equally large rise, then the alternative that gains fastest beyond the tie, then the lower index.
    The current leader is the top scorer; scores within ``TIE_TOLERANCE`` (1e-9, as in
    ``rank_with_ties``) of the best are tied and the lowest index among them leads, the others
    getting a change of 0.0.

    Returns one :class:`WeightSensitivity` per criterion, in criterion order.
    """
    a = check_matrix(performance, "performance")
    w = normalised_weights(weights, a.shape[1])
    scores = a @ w
    # As in rank_with_ties: scores within TIE_TOLERANCE of the best are tied, the lowest index leads.
    leader = int(np.flatnonzero(scores >= scores.max() - TIE_TOLERANCE)[0])
    gap = np.maximum(scores[leader] - scores, 0.0)  # D_lj >= 0; the tied ones count as level (0)
    index = np.arange(a.shape[0])
    return [_critical_change(a[:, k], w[k], gap, leader, index) for k in range(a.shape[1])]


def _critical_change(column, weight, gap, leader, index) -> WeightSensitivity:
    slope = column[leader] - column  # d(S_l − S_j)/dδ
    moving = slope != 0
    moving[leader] = False
    if not moving.any():
        return _NO_CHANGE
    # The weight must move against the sign of the slope for j to catch up: down if the leader is
    # better on this criterion, up if j is.
    direction = np.where(slope > 0, -1.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = direction * gap / np.abs(slope)
    # Rises are always feasible; a fall must stop short of zero so that a point strictly beyond
    # the tie (where j leads) still has a positive weight. A fall that lands within rounding of
    # zero (below a billionth of the current weight) counts as reaching zero.
    feasible = moving & ((direction > 0) | (weight + delta > weight * 1e-9))
    if not feasible.any():
        return _NO_CHANGE
    candidates = np.flatnonzero(feasible)
    size = np.abs(delta[candidates])
    # Crossings equal up to rounding are the same crossing: keep them all for the tie-breaks.
    candidates = candidates[size <= size.min() * (1 + 1e-9) + 1e-15]
    # np.lexsort sorts by the last key first: falls before rises, then the alternative that gains
    # fastest beyond the tie (it leads just past it), then the lower index.
    order = np.lexsort(
        (index[candidates], -direction[candidates] * column[candidates], direction[candidates])
    )
    best = candidates[order[0]]
    change = float(delta[best]) + 0.0  # + 0.0 turns a -0.0 (already tied) into 0.0
    relative = abs(change) / float(weight) if weight > 0 else math.inf
    return WeightSensitivity(change, relative, int(best))


def describe_sensitivity(
    entry: WeightSensitivity,
    criterion_name: str,
    current_weight: float,
    leader_name: str,
    new_leader_name: str | None,
) -> str:
    """Plain-English sentence for one :func:`weight_sensitivity` entry.

    ``current_weight`` must be on the same scale as the entry (weights summing to 1). The new
    weight shown is ``current_weight + change`` with the other weights unchanged, i.e. before
    re-normalisation; at exactly that value the two alternatives tie. Weights are shown with two
    decimals, or more when two decimals would print the same number twice.

    >>> entry = WeightSensitivity(change=-0.11, relative_change=0.44, new_leader=1)
    >>> describe_sensitivity(entry, "Delivery record", 0.25, "Vendor A", "Vendor B")
    'Vendor B overtakes Vendor A if the weight of Delivery record falls from 0.25 to 0.14.'
    """
    if not 0 <= current_weight <= 1:
        raise ValueError(f"current_weight must be on the normalised scale [0, 1], got {current_weight!r}")
    if entry.change is None:
        return (
            f"No change to the weight of {criterion_name} alone "
            f"puts another alternative ahead of {leader_name}."
        )
    if entry.change == 0:
        return (
            f"{new_leader_name} is level with {leader_name}: "
            f"any change to the weight of {criterion_name} in its favour puts it first."
        )
    verb = "rises" if entry.change > 0 else "falls"
    new_weight = current_weight + entry.change
    decimals = 2
    while decimals < 6 and f"{current_weight:.{decimals}f}" == f"{new_weight:.{decimals}f}":
        decimals += 1
    return (
        f"{new_leader_name} overtakes {leader_name} if the weight of {criterion_name} {verb} "
        f"from {current_weight:.{decimals}f} to {new_weight:.{decimals}f}."
    )


_SIGN_CLEAR = np.int64(0x7FFF_FFFF_FFFF_FFFF)


def rank_probabilities(
    performance, weights, draws: int = 10_000, seed: int | None = 0, concentration: float = 4.0
) -> np.ndarray:
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


def _count_ranks(scores: np.ndarray, draws: int, *, nonnegative: bool) -> np.ndarray:
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
