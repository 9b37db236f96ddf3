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

``checks`` holds the input checks every module shares, ``ahp`` the pairwise weights, ``ranking``
the scores and ranks, ``sensitivity`` the critical weight changes, ``probabilities`` the rank
probabilities; each imports only ``checks``. ``groups`` (stakeholder groups: combined weights,
group views, rank probabilities from sampled views) builds on ``ahp``, ``ranking`` and
``probabilities`` and is imported as ``engine.mcda.groups``.
"""

from .ahp import RANDOM_INDEX, AHPResult, ahp_weights
from .checks import NOT_FINITE, TIE_TOLERANCE, check_matrix, normalised_weights
from .probabilities import rank_probabilities
from .ranking import (
    min_max_normalise,
    rank_order,
    rank_with_ties,
    topsis,
    weighted_contributions,
    weighted_sum,
)
from .sensitivity import (
    FRAGILE_SHARE_CHANGE,
    WeightSensitivity,
    critical_share,
    describe_sensitivity,
    is_fragile,
    share_change,
    weight_sensitivity,
)

__all__ = [
    "FRAGILE_SHARE_CHANGE",
    "NOT_FINITE",
    "RANDOM_INDEX",
    "TIE_TOLERANCE",
    "AHPResult",
    "WeightSensitivity",
    "ahp_weights",
    "check_matrix",
    "critical_share",
    "describe_sensitivity",
    "is_fragile",
    "min_max_normalise",
    "normalised_weights",
    "rank_order",
    "rank_probabilities",
    "rank_with_ties",
    "share_change",
    "topsis",
    "weight_sensitivity",
    "weighted_contributions",
    "weighted_sum",
]
