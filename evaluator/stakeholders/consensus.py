"""The consensus step: manual scores the evaluators disagree on by 2 points or more.

``unresolved_disagreements(evaluation)`` is what the decision workflow calls for its warnings.
Resolving a pair sets every evaluator's score to the agreed one (services.note_disagreement), so
it drops out of the list; leaving it keeps it listed, with the note of the discussion.
"""

import pandas as pd

from engine.stakeholders import score_spread
from evaluator.models import ConsensusNote, Criterion, ManualScore
from vendors.models import Vendor

SPREAD_FOR_DISCUSSION = 2


def disagreements(evaluation) -> list[dict]:
    """Every (criterion, vendor) pair whose manual scores spread by 2 or more, largest first, with
    the scores, the evaluators who gave them and the note of any discussion (four queries)."""
    rows = list(
        ManualScore.objects.filter(criterion__evaluation=evaluation).values(
            "criterion_id", "vendor_id", "evaluator_id", "score", "evaluator__username"
        )
    )
    frame = pd.DataFrame(
        rows, columns=["criterion_id", "vendor_id", "evaluator_id", "score", "evaluator__username"]
    )
    spread = score_spread(frame, SPREAD_FOR_DISCUSSION)
    if spread.empty:
        return []
    pairs = set(zip(spread["criterion_id"], spread["vendor_id"], strict=True))
    criteria = dict(Criterion.objects.filter(pk__in={c for c, _ in pairs}).values_list("pk", "name"))
    vendors = dict(Vendor.objects.filter(pk__in={v for _, v in pairs}).values_list("pk", "name"))
    notes = {
        (n.criterion_id, n.vendor_id): n
        for n in ConsensusNote.objects.filter(criterion__evaluation=evaluation).select_related("noted_by")
    }
    found = []
    for row in spread.itertuples(index=False):
        key = (int(row.criterion_id), int(row.vendor_id))
        scores = frame[(frame["criterion_id"] == key[0]) & (frame["vendor_id"] == key[1])]
        found.append(
            {
                "criterion": key[0],
                "criterion_name": criteria.get(key[0], ""),
                "vendor": key[1],
                "vendor_name": vendors.get(key[1], ""),
                "low": int(row.low),
                "high": int(row.high),
                "spread": int(row.spread),
                "scores": [
                    {"evaluator": s.evaluator__username, "score": int(s.score)}
                    for s in scores.sort_values("evaluator__username").itertuples(index=False)
                ],
                "note": notes.get(key),
            }
        )
    return found


def unresolved_disagreements(evaluation) -> list[dict]:
    """The disagreements still open at decision time: spread by 2 or more and not resolved
    (left ones included, marked ``left``). Plain data for warnings: criterion, vendor, names,
    low, high, left (bool), reason of the note."""
    return [
        {
            "criterion": d["criterion"],
            "criterion_name": d["criterion_name"],
            "vendor": d["vendor"],
            "vendor_name": d["vendor_name"],
            "low": d["low"],
            "high": d["high"],
            "left": d["note"] is not None and d["note"].outcome == "left",
            "reason": d["note"].reason if d["note"] is not None else "",
        }
        for d in disagreements(evaluation)
    ]
