"""Benchmark of the stakeholder-group combination and sampling against one bare matrix product.

Run on demand: ``python tests/perf/bench_groups.py`` (pytest never collects tests/perf). Exits 1 if
the whole run takes 50 ms or more.

Measured: combining 10 groups' weights over 60 criteria (arithmetic mean, AIP and the AIJ
matrices of six criterion groups of ten), the per-group views and the disagreement table, then
``group_rank_probabilities`` with 10,000 draws for 50 candidates, 12 of the 60 criteria manual
with 6 evaluators each. Baseline: one product of the draws (10,000 × 60) with the performance
matrix (60 × 50). Best of BENCH_REPEATS rounds (default 30), timed alternately (bench_mcda.py).
On a busy machine the wall time is mostly waiting for a core (compare it with the CPU time
printed beside it): run it when the machine is quiet.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.mcda import groups as g  # noqa: E402
from tests.perf.bench_mcda import best_times  # noqa: E402

LIMIT_MS = 50.0
REPEATS = int(os.environ.get("BENCH_REPEATS", "30"))


def main() -> int:
    rng = np.random.default_rng(18)
    groups, criteria, candidates, evaluators, manual = 10, 60, 50, 6, 12
    weights = rng.random((groups, criteria))
    influence = rng.random(groups) + 0.1
    blocks = rng.choice([1 / 5, 1 / 3, 1, 3, 5], size=(6, groups, 10, 10))
    blocks = np.triu(blocks, 1) + np.transpose(1 / np.triu(blocks, 1).clip(1e-300), (0, 1, 3, 2)) * np.tril(
        np.ones((10, 10)), -1
    )
    blocks[..., np.arange(10), np.arange(10)] = 1
    performance = rng.random((candidates, criteria))
    extra = rng.random((manual * (evaluators - 1), candidates))
    options = np.vstack([performance.T, extra])
    criterion_of = np.concatenate([np.arange(criteria), np.repeat(np.arange(manual), evaluators - 1)])
    draws = rng.random((10_000, criteria))

    def measured() -> None:
        combined = g.mean_weights(weights, influence)
        g.aip_weights(weights, influence)
        for block in blocks:
            g.aij_weights(block, influence)
        g.winner_distances(performance, weights, combined)
        g.disagreements(performance, weights, combined)
        g.group_rank_probabilities(options, criterion_of, weights, influence, draws=10_000, seed=1)

    best = best_times(measured, lambda: draws @ performance.T, REPEATS)
    ms, base = best["measured"] * 1e3, best["baseline"] * 1e3
    ok = ms < LIMIT_MS
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs")
    print("groups: 10 groups x 60 criteria, 10,000 draws, 50 candidates (12 manual x 6 evaluators)")
    print(f"  groups    {ms:8.3f} ms   (CPU {best['measured_cpu'] * 1e3:.3f} ms)")
    print(f"  baseline  {base:8.3f} ms   (CPU {best['baseline_cpu'] * 1e3:.3f} ms)  draws @ performance.T")
    print(f"  ratio     {ms / base:8.2f}x  (limit {LIMIT_MS:.0f} ms)  {'ok' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
