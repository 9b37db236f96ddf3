"""The ranking as decided, read back from the stored snapshot (for pages and exports)."""

import json

from evaluator.decisions.guard import is_decided
from evaluator.models import DecisionSnapshot


def recorded_ranking(evaluation) -> list[dict]:
    """Rank, tie, name, total and chance of ranking first per candidate, as recorded when the
    evaluation was decided; empty when it is not decided or when the stored content is
    unreadable (``verify_decisions`` says why). One query, only once decided."""
    if not is_decided(evaluation):
        return []
    content = DecisionSnapshot.objects.filter(evaluation=evaluation).values_list("content", flat=True).first()
    try:
        rows = json.loads(content or "")["results"]["ranking"]
    except (ValueError, KeyError, TypeError):
        return []
    return [
        {**row, "p_first": (row.get("rank_probabilities") or {}).get("1")}
        for row in rows
        if isinstance(row, dict)
    ]
