"""The decision memo's content, for its page, its PDF and the API: one page a board can read.

It reads the record (the open proposal while it awaits sign-off, the approved one once decided),
the ranking (as recorded in the snapshot once decided, as it stands while proposed) with its
stability in one sentence, the conditions and risks, the approvals and the evidence behind it.
"""

import json

from django.urls import reverse

from engine.mcda import critical_share
from evaluator.decisions.guard import is_decided
from evaluator.models import DecisionProposal, DecisionSnapshot, ProposalState


def memo_proposal(evaluation) -> DecisionProposal | None:
    """The proposal the memo is about: approved once decided, else the one awaiting sign-off."""
    state = ProposalState.APPROVED if is_decided(evaluation) else ProposalState.OPEN
    return (
        DecisionProposal.objects.filter(evaluation=evaluation, state=state)
        .select_related("proposed_by")
        .prefetch_related("chosen", "approvals__approver")
        .first()
    )


def stability_sentence(leader: str, sensitivity: list[dict], p_first: float | None) -> str:
    """How firmly ``leader`` leads, from the sensitivity findings (share of weight before and after)."""
    movable = [s for s in sensitivity if s.get("change") is not None and s.get("new_leader")]
    parts = []
    if movable:
        weakest = min(movable, key=lambda s: abs(critical_share(s["weight"], s["change"]) - s["weight"]))
        share = critical_share(weakest["weight"], weakest["change"])
        parts.append(
            f"{leader} stays first unless the weight of {weakest['criterion']} moves from "
            f"{weakest['weight'] * 100:.1f} % to {share * 100:.1f} % of the total "
            f"(then {weakest['new_leader']} leads)"
        )
    else:
        parts.append(f"No change to a single criterion's weight puts another candidate ahead of {leader}")
    if p_first is not None:
        parts.append(f"it ranks first in {p_first * 100:.0f} % of plausible weightings (±25 % weight noise)")
    return "; ".join(parts) + "."


def _recorded(evaluation) -> dict | None:
    content = DecisionSnapshot.objects.filter(evaluation=evaluation).values_list("content", flat=True).first()
    try:
        return json.loads(content or "")["results"]
    except (ValueError, KeyError, TypeError):
        return None


def memo_content(evaluation, results, proposal: DecisionProposal) -> dict:
    """Everything the memo shows, as plain data (the page, the PDF and the API render it)."""
    recorded = _recorded(evaluation) if is_decided(evaluation) else None
    if recorded is not None:
        ranking = [
            {
                "rank": row["rank"],
                "tied": row["tied"],
                "name": row["name"],
                "total": row["total"],
                "p_first": (row.get("rank_probabilities") or {}).get("1"),
            }
            for row in recorded["ranking"]
        ]
        sensitivity = recorded.get("sensitivity") or []
    else:
        ranking = [
            {
                "rank": r["rank"],
                "tied": r["tied"],
                "name": r["name"],
                "total": r["total"],
                "p_first": r.get("p_first"),
            }
            for r in results.ranking
        ]
        sensitivity = [
            {"criterion": s.criterion, "weight": s.weight, "change": s.change, "new_leader": s.new_leader}
            for s in results.table.sensitivity
        ]
    chosen = sorted(proposal.chosen.all(), key=lambda vendor: vendor.name)
    leader = ranking[0]["name"] if ranking else ""
    slugs = dict(results.slugs.items()) if results.ranked else {}
    return {
        "proposal": proposal,
        "chosen": chosen,
        "ranking": ranking,
        "stability": stability_sentence(leader, sensitivity, ranking[0]["p_first"]) if ranking else "",
        "approvals": list(proposal.approvals.all()),
        "evidence": _evidence(evaluation, chosen, slugs),
    }


def _evidence(evaluation, chosen, slugs) -> list[dict]:
    pk = evaluation.pk
    links = [
        {"label": f"Scorecard: {vendor.name}", "url": reverse("evaluator:scorecard", args=[pk, vendor.slug])}
        for vendor in chosen
        if vendor.pk in slugs
    ]
    links += [
        {
            "label": "Results: every criterion, value and contribution",
            "url": reverse("evaluator:results", args=[pk]),
        },
        {
            "label": "Dashboard: charts, sensitivity and rank probabilities",
            "url": reverse("evaluator:dashboard", args=[pk]),
        },
        {"label": "History of every change", "url": reverse("evaluator:history", args=[pk])},
    ]
    if is_decided(evaluation):
        links.append(
            {
                "label": "The decision snapshot (JSON, SHA-256)",
                "url": reverse("evaluator:decision_snapshot", args=[pk]),
            }
        )
    return links
