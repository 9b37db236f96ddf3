"""Several stakeholder groups, one decision: combined weights, group views, and rank probabilities
drawn from the groups' real disagreement (numpy only).

Combination (docs/scoring.md §4.7), with influence ``p`` scaled to sum 1:

* weighted arithmetic mean of the groups' weight vectors (each scaled to sum 1 first);
* AIJ, aggregation of individual judgements (Forman & Peniwati 1998): the element-wise weighted
  geometric mean of the groups' pairwise matrices, then Saaty's principal eigenvector;
* AIP, aggregation of individual priorities: the weighted geometric mean of the groups' priority
  vectors, scaled to sum 1.

``group_rank_probabilities`` samples plausible views: a group's weights (drawn by influence) and,
for every criterion with several evaluators, one evaluator's own scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.mcda.ahp import AHPResult, ahp_weights
from engine.mcda.checks import TIE_TOLERANCE, FloatArray, check_matrix, normalised_weights
from engine.mcda.probabilities import _count_ranks
from engine.mcda.ranking import rank_with_ties

type IntArray = npt.NDArray[np.int64]


def influence_shares(influence: npt.ArrayLike, groups: int) -> FloatArray:
    """``influence`` scaled to sum 1 (one non-negative entry per group, at least one positive)."""
    try:
        return normalised_weights(influence, groups)
    except ValueError as exc:
        raise ValueError(str(exc).replace("weight", "influence").replace("criterion", "group")) from exc


def _group_weights(weights: npt.ArrayLike) -> FloatArray:
    w = check_matrix(weights, "group weights")
    if (w < 0).any():
        raise ValueError("group weights must not be negative")
    sums = w.sum(axis=1, keepdims=True)
    if (sums <= 0).any():
        raise ValueError(f"group {int(np.argmin(sums[:, 0]))} has no positive weight")
    scaled: FloatArray = w / sums
    return scaled


def mean_weights(weights: npt.ArrayLike, influence: npt.ArrayLike) -> FloatArray:
    """Weighted arithmetic mean of the groups' weights: ``Σ_g p_g · w_g`` (groups × criteria in).

    Each group's row is scaled to sum 1 first, so a group that typed points out of 200 counts as
    much as one that typed them out of 100; the result sums to 1.
    """
    w = _group_weights(weights)
    p = influence_shares(influence, w.shape[0])
    combined: FloatArray = p @ w
    return combined


def geometric_mean_matrix(matrices: npt.ArrayLike, influence: npt.ArrayLike) -> FloatArray:
    """Element-wise weighted geometric mean ``Π_g a_g,ij ^ p_g`` of positive matrices (groups × n × n).

    Reciprocal matrices give a reciprocal matrix (Aczél & Saaty 1983): the AIJ group matrix.
    """
    try:
        a = np.asarray(matrices, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError("pairwise matrices must be an array of numbers") from exc
    if a.ndim != 3 or a.shape[1] != a.shape[2] or a.shape[0] == 0 or a.shape[1] == 0:
        raise ValueError(f"pairwise matrices must have shape (groups, n, n), got {a.shape}")
    if not np.isfinite(a).all() or (a <= 0).any():
        raise ValueError("pairwise matrices must hold positive, finite numbers")
    p = influence_shares(influence, a.shape[0])
    mean: FloatArray = np.exp(np.tensordot(p, np.log(a), axes=1))
    return mean


def aij_weights(matrices: npt.ArrayLike, influence: npt.ArrayLike) -> AHPResult:
    """AIJ: Saaty's eigenvector weights (and consistency) of the groups' geometric-mean matrix."""
    return ahp_weights(geometric_mean_matrix(matrices, influence))


def aip_weights(priorities: npt.ArrayLike, influence: npt.ArrayLike) -> FloatArray:
    """AIP: ``Π_g w_g,k ^ p_g`` per criterion, scaled to sum 1 (groups × criteria in).

    A criterion one group (of positive influence) gives no weight gets none; if that leaves
    nothing, ValueError.
    """
    w = _group_weights(priorities)
    p = influence_shares(influence, w.shape[0])
    with np.errstate(divide="ignore"):
        logs = np.where(p[:, None] > 0, np.log(w) * p[:, None], 0.0)
    product = np.exp(logs.sum(axis=0))
    total = product.sum()
    if not total > 0:
        raise ValueError("the groups' priorities have no criterion in common (geometric mean all zero)")
    combined: FloatArray = product / total
    return combined


def group_scores(performance: npt.ArrayLike, weights: npt.ArrayLike) -> FloatArray:
    """Weighted sum of every alternative in every group's view: groups × alternatives."""
    a = check_matrix(performance, "performance")
    w = _group_weights(weights)
    if w.shape[1] != a.shape[1]:
        raise ValueError(f"group weights have {w.shape[1]} criteria, performance has {a.shape[1]}")
    scores: FloatArray = w @ a.T
    return scores


def _winner(scores: FloatArray) -> int:
    """The top score's alternative; within 1e-9 of it the lowest index (rank_with_ties' rule)."""
    return int(np.flatnonzero(rank_with_ties(scores) == 1)[0])


@dataclass(frozen=True)
class WinnerDistance:
    """How a group's view ranks the combined winner (indices are alternatives)."""

    group_winner: int
    combined_winner_rank: int
    score_gap: float  # the group's winner minus the combined winner, in the group's view


def winner_distances(
    performance: npt.ArrayLike, weights: npt.ArrayLike, combined: npt.ArrayLike
) -> list[WinnerDistance]:
    """For each group: its winner, the combined winner's rank in its view and the score gap."""
    a = check_matrix(performance, "performance")
    by_group = group_scores(a, weights)
    winner = _winner(a @ normalised_weights(combined, a.shape[1]))
    distances = []
    for scores in by_group:
        ranks = rank_with_ties(scores)
        own = _winner(scores)
        distances.append(WinnerDistance(own, int(ranks[winner]), float(scores[own] - scores[winner])))
    return distances


@dataclass(frozen=True)
class Disagreement:
    """One criterion's spread of weight between the groups and what it does to the ranking."""

    criterion: int
    spread: float  # highest group's weight minus lowest group's (each group's weights sum 1)
    low_group: int
    high_group: int
    low_weight: float
    high_weight: float
    low_winner: int  # the winner with the combined weights but this criterion at low_weight
    high_winner: int
    rank_shift: int  # Σ |rank at low − rank at high| over the alternatives (Spearman's footrule)


def _with_share(combined: FloatArray, k: int, share: float) -> FloatArray:
    """``combined`` with criterion k set to ``share`` and the others scaled to fill 1 − share."""
    rest = 1.0 - combined[k]
    if rest > 1e-12:
        w = combined * ((1.0 - share) / rest)
    else:
        w = np.full_like(combined, (1.0 - share) / max(len(combined) - 1, 1))
    w[k] = share
    shares: FloatArray = w
    return shares


def batch_ranks(scores: npt.ArrayLike, tolerance: float = TIE_TOLERANCE) -> npt.NDArray[np.int_]:
    """``rank_with_ties`` of every row of ``scores`` (rows × alternatives) at once.

    Going down each row's sorted scores, a new tie group starts at the first score more than
    ``tolerance`` below the group's first (highest) score; its rank counts everything above it.
    """
    s = np.asarray(scores, dtype=float)
    order = np.argsort(-s, axis=1, kind="stable")
    ordered = np.take_along_axis(s, order, axis=1)
    ranks_sorted = np.empty(s.shape, dtype=int)
    top = ordered[:, 0].copy()
    rank = np.ones(s.shape[0], dtype=int)
    ranks_sorted[:, 0] = 1
    for j in range(1, s.shape[1]):
        new = ordered[:, j] < top - tolerance
        top = np.where(new, ordered[:, j], top)
        rank = np.where(new, j + 1, rank)
        ranks_sorted[:, j] = rank
    ranks = np.empty_like(ranks_sorted)
    np.put_along_axis(ranks, order, ranks_sorted, axis=1)
    return ranks


def disagreements(
    performance: npt.ArrayLike, weights: npt.ArrayLike, combined: npt.ArrayLike
) -> list[Disagreement]:
    """Every criterion, largest spread of the groups' weights first (ties: larger rank shift first).

    The ranking moves are measured on the combined weights with only this criterion's share set to
    the lowest group's and then the highest group's value, the others scaled in proportion.
    """
    a = check_matrix(performance, "performance")
    w = _group_weights(weights)
    if w.shape[1] != a.shape[1]:
        raise ValueError(f"group weights have {w.shape[1]} criteria, performance has {a.shape[1]}")
    c = normalised_weights(combined, a.shape[1])
    n = a.shape[1]
    low, high = np.argmin(w, axis=0), np.argmax(w, axis=0)
    shares = np.concatenate([w[low, np.arange(n)], w[high, np.arange(n)]])
    # Row r: the combined weights with criterion k = r mod n at shares[r] (_with_share for each).
    variants = np.stack([_with_share(c, r % n, float(shares[r])) for r in range(2 * n)])
    ranks = batch_ranks(variants @ a.T)
    found = []
    for k in range(n):
        at_low, at_high = ranks[k], ranks[n + k]
        found.append(
            Disagreement(
                k,
                float(w[high[k], k] - w[low[k], k]),
                int(low[k]),
                int(high[k]),
                float(w[low[k], k]),
                float(w[high[k], k]),
                int(np.flatnonzero(at_low == 1)[0]),
                int(np.flatnonzero(at_high == 1)[0]),
                int(np.abs(at_low - at_high).sum()),
            )
        )
    return sorted(found, key=lambda d: (-d.spread, -d.rank_shift, d.criterion))


def group_rank_probabilities(
    options: npt.ArrayLike,
    criterion_of: npt.ArrayLike,
    weights: npt.ArrayLike,
    influence: npt.ArrayLike,
    draws: int = 10_000,
    seed: int | None = 0,
) -> FloatArray:
    """Probability of each alternative taking each rank over plausible views of the decision.

    ``options`` is options × alternatives: the normalised performance columns a criterion can
    take, ``criterion_of[o]`` the criterion of option ``o`` (every criterion needs at least one; a
    manual criterion has one per evaluator, their own scores rather than the mean). Each draw picks
    one group, with probability its influence share, and for every criterion one of its options,
    uniformly, then scores every alternative by weighted sum with that group's weights (each
    row scaled to sum 1). Ranked like ``rank_probabilities``: highest first, exact ties to the
    lower index. numpy's SFC64 generator seeded with ``seed``: the same seed, the same output.
    Returns alternatives × ranks (column 0 = first place).
    """
    c = check_matrix(options, "options")
    w = _group_weights(weights)
    p = influence_shares(influence, w.shape[0])
    of = np.asarray(criterion_of)
    n = w.shape[1]
    if of.shape != (c.shape[0],) or not np.issubdtype(of.dtype, np.integer):
        raise ValueError("criterion_of must hold one criterion index per option")
    if of.size and (of.min() < 0 or of.max() >= n):
        raise ValueError(f"criterion_of must lie in 0 … {n - 1}")
    counts = np.bincount(of, minlength=n)
    if (counts == 0).any():
        raise ValueError(f"criterion {int(np.argmin(counts))} has no option")
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a positive integer, got {draws!r}")
    rng = np.random.Generator(np.random.SFC64(seed))
    # The group of each draw: inverse CDF of the influence shares.
    chosen = np.minimum(np.searchsorted(np.cumsum(p), rng.random(draws), side="right"), len(p) - 1)
    single = np.flatnonzero(counts == 1)
    multi = np.flatnonzero(counts > 1)
    # Single-option criteria: each group's scores once (groups × alternatives), one row per draw.
    first = np.empty(n, dtype=np.int64)
    first[of[::-1]] = np.arange(of.size)[::-1]  # each criterion's first option
    scores = (w[:, single] @ c[first[single]])[chosen]
    if multi.size:
        # The others: a one-hot row per draw holding the group's weight at the drawn option.
        order = np.argsort(of, kind="stable")
        sorted_of = of[order]
        columns = c[order][np.isin(sorted_of, multi)]
        offsets = np.concatenate(([0], np.cumsum(counts[multi])[:-1]))
        picks = (rng.random((draws, multi.size)) * counts[multi]).astype(np.int64)
        onehot = np.zeros((draws, columns.shape[0]))
        onehot[np.arange(draws)[:, None], offsets + picks] = w[chosen][:, multi]
        scores += onehot @ columns
    scores += 0.0
    return _count_ranks(scores, draws, nonnegative=bool((c >= 0).all()))
