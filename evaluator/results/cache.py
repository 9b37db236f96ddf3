"""Scoring results, kept for the inputs they were computed from.

``evaluate`` is deterministic (seeded rank draws), so a result can be reused whenever
the inputs are byte-for-byte the same. The key is a SHA-256 over the pickled inputs,
the draw settings and the source of the scoring code: any changed fact, weight,
answer, score or date gives another key, and so does a new release of the scoring
code. A result page still reads its inputs every time (a fixed number of queries);
what it saves is the metrics, the table, the sensitivity and the 10,000 rank draws.

Django's cache holds the results (per process with the default local-memory cache;
shared by every server when REDIS_URL is set, see docs/operations.md); a cache that does not
answer is a miss (common/shared_cache.py). Values are pickled on
the way in and out, so a caller that changes the result it got cannot change the
cached one.
"""

import hashlib
import time
from pathlib import Path

from common import shared_cache, timing
from engine import scoring
from engine.memo import input_key
from engine.scoring import RANK_DRAWS, EvaluationResult, ScoringInputs, evaluate

TIMEOUT_SECONDS = 60 * 60


def _code_digest() -> str:
    engine = Path(scoring.__file__).resolve().parent.parent
    # Everything ``evaluate`` runs: the scoring, the MCDA core and the vendor facts it derives.
    sources = sorted(
        path for package in ("scoring", "mcda", "facts") for path in (engine / package).glob("*.py")
    )
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


CODE_DIGEST = _code_digest()


def result_key(inputs: ScoringInputs, draws: int) -> str:
    return f"evaluation-result:{CODE_DIGEST}:{input_key(inputs, draws)}"


def evaluate_cached(
    inputs: ScoringInputs, draws: int = RANK_DRAWS, key: str | None = None
) -> EvaluationResult:
    """``evaluate(inputs)``, computed once per distinct inputs.

    ``key``: ``result_key(inputs, draws)`` when the caller has it already (``Results.digest``).
    """
    started = time.perf_counter()
    key = key or result_key(inputs, draws)
    result = shared_cache.get(key)
    hit = result is not None
    if result is None:
        result = evaluate(inputs, draws=draws)
        shared_cache.set(key, result, TIMEOUT_SECONDS)
    # Seen as the Server-Timing header and in the request log (common/request_log.py).
    timing.note("results", hit=hit, duration_ms=(time.perf_counter() - started) * 1000)
    return result
