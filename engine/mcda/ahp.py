"""Criterion weights from a pairwise comparison matrix: Saaty's AHP with its consistency ratio."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.mcda.checks import NOT_FINITE, FloatArray

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

    weights: FloatArray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float


def ahp_weights(matrix: npt.ArrayLike) -> AHPResult:
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
