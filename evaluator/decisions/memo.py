"""The decision memo's content, for its page, its PDF and the API: one page a board can read.

It reads the record (the open proposal while it awaits sign-off, the approved one once decided),
the ranking (as recorded in the snapshot once decided, as it stands while proposed) with its
stability in one sentence, the conditions and risks, the approvals and the evidence behind it.
"""

from django.urls import reverse

from engine.scoring.table import Sensitivity
from evaluator.decisions.guard import is_decided
from evaluator.decisions.recorded import recorded_results
from evaluator.models import DecisionProposal, ProposalState
from evaluator.results.summaries import most_fragile


def memo_proposal(evaluation) -> DecisionProposal | None:
    """The proposal the memo is about: approved once decided, else the one awaiting sign-off."""
    state = ProposalState.APPROVED if is_decided(evaluation) else ProposalState.OPEN
    return (
        DecisionProposal.objects.filter(evaluation=evaluation, state=state)
        .select_related("proposed_by")
        .prefetch_related("chosen", "approvals__approver")
        .first()
    )


def stability_sentence(leader: str, findings: list[Sensitivity], p_first: float | None) -> str:
    """How firmly ``leader`` leads: the smallest move of one criterion's share of the weight that
    puts another vendor first (``summaries.most_fragile``, as the dashboard's headline says it)."""
    weakest = most_fragile(findings)
    if weakest is not None and weakest.new_leader:
        first = (
            f"{leader} stays first unless the weight of {weakest.criterion} moves from "
            f"{weakest.weight * 100:.1f} % to {weakest.renormalised_weight * 100:.1f} % of the total "
            f"(then {weakest.new_leader} leads)"
        )
    else:
        first = f"No change to a single criterion's weight puts another candidate ahead of {leader}"
    if p_first is None:
        return first + "."
    return f"{first}; it ranks first in {p_first * 100:.0f} % of plausible weightings (±25 % weight noise)."


def _findings(rows: list[dict]) -> list[Sensitivity]:
    """The sensitivity findings as recorded in a snapshot, back in the engine's own form."""
    return [
        Sensitivity(
            criterion_id=int(row.get("criterion_id") or 0),
            criterion=str(row.get("criterion", "")),
            weight=float(row.get("weight") or 0.0),
            change=row.get("change"),
            relative_change=row.get("relative_change"),
            new_leader=row.get("new_leader"),
            sentence=str(row.get("sentence", "")),
        )
        for row in rows
        if isinstance(row, dict)
    ]


def memo_content(evaluation, results, proposal: DecisionProposal) -> dict:
    """Everything the memo shows, as plain data (the page, the PDF and the API render it)."""
    recorded = recorded_results(evaluation)
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
        sensitivity = _findings(recorded.get("sensitivity") or [])
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
        sensitivity = list(results.table.sensitivity)
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
