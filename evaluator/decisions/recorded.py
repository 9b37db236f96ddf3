"""The ranking as decided, read back from the stored snapshot (for pages and exports)."""

import json

from evaluator.decisions.guard import is_decided
from evaluator.models import DecisionSnapshot


def recorded_results(evaluation) -> dict | None:
    """The ``results`` part of the decided snapshot (ranking, sensitivity, …); None when the
    evaluation is not decided or the stored content is unreadable. One query, only once decided."""
    if not is_decided(evaluation):
        return None
    content = DecisionSnapshot.objects.filter(evaluation=evaluation).values_list("content", flat=True).first()
    try:
        results = json.loads(content or "")["results"]
    except (ValueError, KeyError, TypeError):
        return None
    return results if isinstance(results, dict) else None


def recorded_ranking(evaluation) -> list[dict]:
    """Rank, tie, name, total and chance of ranking first per candidate, as recorded when the
    evaluation was decided; empty when it is not decided or when the stored content is
    unreadable (``verify_decisions`` says why). One query, only once decided."""
    rows = (recorded_results(evaluation) or {}).get("ranking")
    if not isinstance(rows, list):
        return []
    return [
        {**row, "p_first": (row.get("rank_probabilities") or {}).get("1")}
        for row in rows
        if isinstance(row, dict)
    ]
