"""Input checks and constants shared by every MCDA module (no Django, numpy only).

Every function of the MCDA core needs a complete, finite matrix: missing data is resolved by
the scoring layer before it calls in here, and anything else raises ``ValueError``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# The arrays the MCDA core computes with and hands back.
type FloatArray = npt.NDArray[np.float64]
type BoolArray = npt.NDArray[np.bool_]

# Scores closer than this are a tie (rank_with_ties' default tolerance and weight_sensitivity's).
TIE_TOLERANCE = 1e-9

NOT_FINITE = (
    "contains NaN or infinite values; MCDA needs a complete, finite matrix "
    "(resolve missing data in the scoring layer first)"
)


def check_matrix(
    matrix: npt.ArrayLike, name: str = "matrix", *, batched: bool = False, finite: bool = True
) -> FloatArray:
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


def normalised_weights(weights: npt.ArrayLike, n_criteria: int) -> FloatArray:
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
    scaled: FloatArray = w / w.sum()  # numpy's stubs type a reduction's result as Any
    return scaled


def benefit_mask(benefit: npt.ArrayLike, n_criteria: int) -> BoolArray:
    mask = np.asarray(benefit)
    if mask.dtype != bool:
        raise ValueError("benefit must be booleans: True for a benefit criterion, False for a cost criterion")
    if mask.shape != (n_criteria,):
        raise ValueError(f"benefit must have one entry per criterion ({n_criteria}), got shape {mask.shape}")
    return mask
