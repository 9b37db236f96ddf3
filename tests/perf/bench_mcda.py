"""Benchmark of the MCDA core against the bare numpy arithmetic it cannot avoid.

Run on demand: ``python tests/perf/bench_mcda.py`` (pytest never collects tests/perf). Exits 1 if
a ratio exceeds its bound.

(a) rank_probabilities, 10,000 weight draws, 50 alternatives × 60 criteria, versus one matrix
    product of those draws (10,000 × 60) with the performance matrix (60 × 50).
(b) weighted_sum over 10 evaluators × 1,000 alternatives × 200 criteria (each evaluator's slice
    min-max normalised on its own) versus ``numpy.einsum`` of the same raw numbers with the weights.

Times are the best of 60 rounds (BENCH_REPEATS to change), time.perf_counter, with the two sides
timed alternately so that both see the same background load. On a busy machine the longer call
is preempted more often, so run it when the machine is quiet. BLAS may use several threads for
the matrix product while sampling and sorting run on one core, so ratio (a) grows with the core
count; the environment is left as it is (including OPENBLAS_CORETYPE, if set).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

# Run as a script from anywhere: make the project root importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from evaluator.mcda import rank_probabilities, weighted_sum  # noqa: E402

BOUND = 10.0
REPEATS = int(os.environ.get("BENCH_REPEATS", "60"))


def best_times(measured, baseline, repeats: int = REPEATS) -> tuple[float, float]:
    """Best wall time of each function over ``repeats`` rounds, after one warm-up call each.

    The two are timed alternately in every round so that both see the same background load.
    """
    measured()
    baseline()
    best_measured = best_baseline = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        measured()
        middle = time.perf_counter()
        baseline()
        end = time.perf_counter()
        best_measured = min(best_measured, middle - start)
        best_baseline = min(best_baseline, end - middle)
    return best_measured, best_baseline


def compare(label: str, measured, baseline) -> bool:
    """Print both times and their ratio; True if the ratio is within BOUND."""
    t_measured, t_baseline = best_times(measured, baseline)
    ratio = t_measured / t_baseline
    ok = ratio <= BOUND
    print(f"{label}")
    print(f"  mcda      {t_measured * 1e3:8.3f} ms")
    print(f"  baseline  {t_baseline * 1e3:8.3f} ms")
    print(f"  ratio     {ratio:8.2f}x  (bound {BOUND:.0f}x)  {'ok' if ok else 'TOO SLOW'}")
    return ok


def main() -> int:
    rng = np.random.default_rng(2024)
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs, OPENBLAS_CORETYPE={coretype}")

    performance = rng.random((50, 60))
    weights = rng.random(60)
    draws = rng.random((10_000, 60)) * weights
    ok_a = compare(
        "(a) rank_probabilities: 10,000 draws, 50 alternatives x 60 criteria vs draws @ performance.T",
        lambda: rank_probabilities(performance, weights, draws=10_000, seed=1),
        lambda: draws @ performance.T,
    )

    stack = rng.random((10, 1_000, 200)) * 100
    benefit = rng.random(200) < 0.7
    criterion_weights = rng.random(200)
    ok_b = compare(
        "(b) weighted_sum: 10 evaluators x 1,000 alternatives x 200 criteria vs einsum('eac,c->ea')",
        lambda: weighted_sum(stack, criterion_weights, benefit),
        lambda: np.einsum("eac,c->ea", stack, criterion_weights),
    )
    return 0 if ok_a and ok_b else 1


if __name__ == "__main__":
    sys.exit(main())
