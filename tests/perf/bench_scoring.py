"""Benchmark: scoring 1,000 vendors × 200 criteria × 10 evaluators against a plain numpy einsum.

Run: ``DJANGO_DEBUG=1 python tests/perf/bench_scoring.py`` (no database). Prints the best of
several runs of each, side by side, and fails (exit 1) when the scoring core takes more than 10×
the einsum. The full score table (pandas bookkeeping, sensitivity, ranking) is timed too and
reported, as are rank probabilities for 50 vendors × 60 criteria against one matrix product.
"""

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine import mcda  # noqa: E402
from engine.scoring.table import score_stack, score_table  # noqa: E402

EVALUATORS, VENDORS, CRITERIA = 10, 1_000, 200
BOUND = 10.0


def best_of(function, repeat=7):
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> int:
    rng = np.random.default_rng(2026)
    stack = rng.integers(0, 6, size=(EVALUATORS, VENDORS, CRITERIA)).astype("float64")
    weights = rng.uniform(0.5, 5.0, size=CRITERIA)
    benefit = rng.random(CRITERIA) < 0.8
    w = weights / weights.sum()

    einsum = best_of(lambda: np.einsum("evc,c->v", stack, w) / EVALUATORS)
    core = best_of(lambda: score_stack(stack, weights, benefit))

    consensus = pd.DataFrame(stack.mean(axis=0), index=pd.Index(range(VENDORS), name="vendor_id"))
    criteria = pd.DataFrame(
        {
            "criterion_id": range(CRITERIA),
            "name": [f"Criterion {i}" for i in range(CRITERIA)],
            "group": "manual",
            "direction": np.where(benefit, "benefit", "cost"),
            "source": "manual",
            "metric": "",
            "weight": weights,
        }
    )
    names = pd.Series([f"Vendor {i:04d}" for i in range(VENDORS)], index=consensus.index)
    full = best_of(lambda: score_table(consensus, criteria, names, draws=0), repeat=3)

    # Rank probabilities: 10,000 draws, 50 vendors × 60 criteria, against one matrix product.
    performance = rng.random((50, 60))
    rank_w = rng.uniform(0.5, 5.0, size=60)
    draws = rng.random((10_000, 60))
    product = best_of(lambda: draws @ performance.T)
    probabilities = best_of(
        lambda: mcda.rank_probabilities(performance, rank_w, draws=10_000, seed=1), repeat=5
    )

    ratio = core / einsum
    print(f"scoring {EVALUATORS} evaluators × {VENDORS} vendors × {CRITERIA} criteria")
    print(f"  numpy einsum                     {einsum * 1e3:9.2f} ms")
    print(
        f"  score_stack (scoring core)       {core * 1e3:9.2f} ms   ratio {ratio:5.2f}× (bound {BOUND:.0f}×)"
    )
    print(f"  score_table (full, no draws)     {full * 1e3:9.2f} ms   ratio {full / einsum:5.2f}× (reported)")
    print("rank probabilities, 10,000 draws × 50 vendors × 60 criteria")
    print(f"  one matrix product               {product * 1e3:9.2f} ms")
    print(
        f"  mcda.rank_probabilities          {probabilities * 1e3:9.2f} ms   ratio {probabilities / product:5.2f}×"
    )
    return 0 if ratio <= BOUND else 1


if __name__ == "__main__":
    sys.exit(main())
