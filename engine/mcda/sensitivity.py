"""Weight sensitivity of a weighted-sum ranking and its plain-English description.

Pure numpy, no Django (Triantaphyllou & Sánchez 1997; docs/scoring.md §4).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.mcda.checks import TIE_TOLERANCE, FloatArray, check_matrix, normalised_weights


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


def weight_sensitivity(performance: npt.ArrayLike, weights: npt.ArrayLike) -> list[WeightSensitivity]:
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


def _critical_change(
    column: FloatArray, weight: float, gap: FloatArray, leader: int, index: npt.NDArray[np.int_]
) -> WeightSensitivity:
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


# A weight whose share of the total need move by at most this much (5 percentage points) to change
# the winner is marked fragile: that is within the give of any weighting discussion.
FRAGILE_SHARE_CHANGE = 0.05


def critical_share(current_weight: float, change: float | None) -> float | None:
    """The criterion's share of all weight at the critical point, ``(w + δ) / (1 + δ)``.

    ``current_weight`` is on the normalised scale (weights summing to 1), so it is also the current
    share. Re-normalising after the change keeps the share in [0, 1): a fall ends above 0 (the change
    is feasible only then) and a rise below 1, however large δ is. ``None`` when there is no change.
    """
    if change is None:
        return None
    return (current_weight + change) / (1.0 + change)


def share_change(current_weight: float, change: float | None) -> float | None:
    """How far the share of all weight moves (signed): :func:`critical_share` minus the current share."""
    share = critical_share(current_weight, change)
    return None if share is None else share - current_weight


def is_fragile(current_weight: float, change: float | None) -> bool:
    """Whether a move of the share by at most :data:`FRAGILE_SHARE_CHANGE` changes the winner."""
    moved = share_change(current_weight, change)
    return moved is not None and abs(moved) <= FRAGILE_SHARE_CHANGE + 1e-12


def _percent(share: float, decimals: int) -> str:
    return f"{100 * share:.{decimals}f} %"


def describe_sensitivity(
    entry: WeightSensitivity,
    criterion_name: str,
    current_weight: float,
    leader_name: str,
    new_leader_name: str | None,
) -> str:
    """Plain-English sentence for one :func:`weight_sensitivity` entry, in shares of all weight.

    ``current_weight`` must be on the same scale as the entry (weights summing to 1), so it is the
    criterion's current share of all weight. The sentence gives that share and the share at the
    critical point, :func:`critical_share` (the other weights keep their proportions to each other);
    at exactly that share the two alternatives tie. Shares are percentages with one decimal, or
    more when one decimal would print the same number twice.

    >>> entry = WeightSensitivity(change=-0.11, relative_change=0.44, new_leader=1)
    >>> describe_sensitivity(entry, "Delivery record", 0.25, "Vendor A", "Vendor B")
    'Vendor B overtakes Vendor A if the share of Delivery record in the total weight falls from 25.0 % to 15.7 %.'
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
    new_share = (current_weight + entry.change) / (1.0 + entry.change)
    decimals = 1
    while decimals < 5 and _percent(current_weight, decimals) == _percent(new_share, decimals):
        decimals += 1
    return (
        f"{new_leader_name} overtakes {leader_name} if the share of {criterion_name} in the total weight "
        f"{verb} from {_percent(current_weight, decimals)} to {_percent(new_share, decimals)}."
    )
