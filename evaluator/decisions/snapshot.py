"""What a decision snapshot holds: every input the scoring read and every result it gave.

``build_content`` turns the evaluation's settings, its ``ScoringInputs`` and the ``evaluate``
result into plain data; ``canonical.canonical_text`` then fixes its bytes. The same function
describes today's data on the "what changed" page, so the two sides are always comparable.
Layout (docs/scoring.md §6.1): ``format``, ``algorithm_version``, ``decision``, ``evaluation``,
``candidates``, ``required_capabilities``, ``criteria``, ``pairwise``, ``inputs``, ``metrics``,
``results``. Keys that are ids (vendors, criteria) are strings, as JSON needs.
"""

from __future__ import annotations

import json

import pandas as pd

from engine.scoring import ALGORITHM_VERSION
from evaluator.decisions.canonical import canonical_text
from evaluator.models import CriterionComparison, GroupComparison, ManualScore
from evaluator.responses.values import stored_value
from evaluator.results import selectors
from evaluator.stakeholders.record import snapshot_section

FORMAT = 1
# The inputs as used, each keyed for comparison by the columns named here.
INPUT_KEYS = {
    "assessments": ["vendor_id", "capability_id", "assessed_on"],
    "roadmap": ["vendor_id", "item_id"],
    "contracts": ["vendor_id", "start_date", "end_date"],
    "financials": ["vendor_id", "fiscal_year"],
    "funding": ["vendor_id", "date", "kind"],
    "questionnaire": ["vendor_id", "section_id"],
}


def _cell(value):
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        # Every fact date is a day; the frames carry them as midnight timestamps.
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def frame_records(frame: pd.DataFrame, order: list[str]) -> list[dict]:
    """The frame's rows as dicts (NaN/NaT as None, days as ISO strings), sorted by ``order``."""
    if frame.empty:
        return []
    rows = [{column: _cell(value) for column, value in row.items()} for row in frame.to_dict("records")]
    return sorted(rows, key=lambda row: json.dumps([row.get(c) for c in order], default=str))


def _name(user) -> str:
    return user.get_username() if user is not None else ""


def _manual_scores(evaluation) -> list[dict]:
    """Every evaluator's score and rationale, by name (one query)."""
    rows = ManualScore.objects.filter(criterion__evaluation=evaluation).values_list(
        "criterion_id", "vendor_id", "evaluator__username", "score", "rationale"
    )
    return sorted(
        (
            {"criterion_id": c, "vendor_id": v, "evaluator": e, "score": s, "rationale": r}
            for c, v, e, s, r in rows
        ),
        key=lambda row: (row["criterion_id"], row["vendor_id"], row["evaluator"]),
    )


def _pairwise(evaluation) -> dict:
    """The AHP judgements behind the weights (two queries)."""
    groups = GroupComparison.objects.filter(evaluation=evaluation).values_list("first", "second", "value")
    criteria = CriterionComparison.objects.filter(first__evaluation=evaluation).values_list(
        "first_id", "second_id", "value"
    )

    def by_pair(row):
        return (row["first"], row["second"])

    return {
        "groups": sorted(({"first": a, "second": b, "value": v} for a, b, v in groups), key=by_pair),
        "criteria": sorted(({"first": a, "second": b, "value": v} for a, b, v in criteria), key=by_pair),
    }


def _answers(inputs, evaluation) -> list[dict]:
    """The questionnaire answers behind the section scores used (five queries when any are read)."""
    section_ids = {int(s) for s in inputs.criteria["questionnaire_section_id"].dropna()}
    used = selectors.scored_responses(section_ids, inputs.candidates["vendor_id"], evaluation.pk)
    if used is None:
        return []
    _, questions, responses, answers = used
    rows = []
    for response in responses:
        for question in questions:
            if (
                question.questionnaire_id != response.questionnaire_id
                or question.section_id not in section_ids
            ):
                continue
            answer = answers.get((response.pk, question.pk))
            rows.append(
                {
                    "vendor_id": response.vendor_id,
                    "response_id": response.pk,
                    "response_status": response.status,
                    "section_id": question.section_id,
                    "question": question.code,
                    "value": stored_value(answer, question.kind),
                    "evidence_grade": answer.evidence_grade if answer is not None else "",
                }
            )
    return sorted(rows, key=lambda row: (row["vendor_id"], row["section_id"], row["question"]))


def _results(result) -> dict:
    table = result.table
    data = {"method": table.method, "problem": table.problem, "ranking": [], "sensitivity": []}
    if not table.ranked:
        return data
    criteria = table.criteria
    active = [cid for cid in criteria.index if not criteria.loc[cid, "excluded"]]
    probabilities = table.rank_probabilities
    for vendor_id, row in table.vendors.sort_values("position").iterrows():
        data["ranking"].append(
            {
                "vendor_id": int(vendor_id),
                "name": row["name"],
                "rank": int(row["rank"]),
                "tied": bool(row["tied"]),
                "total": float(row["total"]),
                "criteria": {
                    str(cid): {
                        "raw": table.raw.loc[vendor_id, cid],
                        "used": table.filled.loc[vendor_id, cid],
                        "normalised": table.normalised.loc[vendor_id, cid],
                        "contribution": table.contributions.loc[vendor_id, cid],
                        "missing": bool(table.missing.loc[vendor_id, cid]),
                    }
                    for cid in active
                },
                "rank_probabilities": (
                    {str(rank): probabilities.loc[vendor_id, rank] for rank in probabilities.columns}
                    if probabilities is not None
                    else {}
                ),
            }
        )
    data["sensitivity"] = [
        {
            "criterion_id": finding.criterion_id,
            "criterion": finding.criterion,
            "weight": finding.weight,
            "change": finding.change,
            "relative_change": finding.relative_change,
            "new_leader": finding.new_leader,
            "sentence": finding.sentence,
        }
        for finding in table.sensitivity
    ]
    return data


def _criteria(inputs, table) -> list[dict]:
    """Each criterion as set up, with the effective weight it scored with."""
    criteria = inputs.criteria.set_index("criterion_id", drop=False)
    effective = table.criteria.get("effective_weight")
    rows = []
    for cid, row in criteria.iterrows():
        section = row.get("questionnaire_section_id")
        rows.append(
            {
                "criterion_id": int(cid),
                "name": row["name"],
                "group": row["group"],
                "direction": row["direction"],
                "source": row["source"],
                "metric": row["metric"] or "",
                "questionnaire_section_id": None if pd.isna(section) else int(section),
                "weight": float(row["weight"]),
                "effective_weight": float(effective.get(cid, 0.0)) if effective is not None else None,
                "excluded": bool(table.criteria["excluded"].get(cid, False)),
            }
        )
    return rows


def _evaluation(evaluation, inputs) -> dict:
    """The evaluation's settings and people (one query: the members)."""
    return {
        "id": evaluation.pk,
        "name": evaluation.name,
        "description": evaluation.description,
        "owner": _name(evaluation.owner),
        "members": sorted(evaluation.members.values_list("username", flat=True)),
        "horizon_date": evaluation.horizon_date,
        "as_of_date": evaluation.as_of_date,
        "scored_as_of": inputs.today,
        "method": evaluation.method,
        "weight_mode": evaluation.weight_mode,
        "blind_scoring": evaluation.blind_scoring,
    }


def _record(proposal) -> dict | None:
    """The decision record and its sign-off (two queries), or None for today's data."""
    if proposal is None:
        return None
    return {
        "chosen": sorted(proposal.chosen.values_list("name", flat=True)),
        "ranked_first": sorted(proposal.leaders),
        "justification": proposal.justification,
        "rationale": proposal.rationale,
        "conditions": proposal.condition_list,
        "risks_accepted": proposal.risk_list,
        "warnings": [{"code": w.get("code", ""), "message": w.get("message", "")} for w in proposal.warnings],
        "proposed_by": _name(proposal.proposed_by),
        "proposed_at": proposal.proposed_at,
        "approvals": [
            {
                "approver": _name(approval.approver),
                "verdict": approval.verdict,
                "comment": approval.comment,
                "answered_at": approval.answered_at,
            }
            for approval in proposal.approvals.select_related("approver").order_by("approver__username")
        ],
    }


def _stakeholders(evaluation, inputs, result) -> dict:
    """The stakeholder groups, their weights and views (evaluator/stakeholders/record.py)."""
    return snapshot_section(evaluation, inputs, result.table)


def build_content(evaluation, inputs, result, decided_by=None, decided_at=None, proposal=None) -> dict:
    """Plain data for a snapshot of ``evaluation`` scored on ``inputs`` with ``result``.

    Queries: members, manual scores, the two kinds of pairwise judgement, and five more when a
    criterion reads a questionnaire section; two more for the sign-off's ``proposal`` (the
    record: chosen vendors, rationale, conditions, risks, warnings, approvals). Pass
    ``decided_by``/``decided_at``/``proposal`` None to describe today's data.
    """
    criteria_rows = _criteria(inputs, result.table)
    content = {
        "format": FORMAT,
        "algorithm_version": ALGORITHM_VERSION,
        "decision": {
            "decided_by": _name(decided_by),
            "decided_at": decided_at,
            "record": _record(proposal),
        },
        "evaluation": _evaluation(evaluation, inputs),
        "candidates": frame_records(inputs.candidates, ["name", "vendor_id"]),
        "required_capabilities": frame_records(inputs.required, ["capability_id"]),
        "criteria": criteria_rows,
        "pairwise": _pairwise(evaluation),
        "inputs": {
            **{name: frame_records(getattr(inputs, name), keys) for name, keys in INPUT_KEYS.items()},
            "manual_scores": _manual_scores(evaluation),
            "questionnaire_answers": _answers(inputs, evaluation),
        },
        "metrics": {
            str(vendor_id): {column: _cell(value) for column, value in row.items()}
            for vendor_id, row in result.metrics.to_dict("index").items()
        },
        "results": _results(result),
        "stakeholders": _stakeholders(evaluation, inputs, result),
    }
    # Through the canonical text and back: the same shape a stored snapshot reads as.
    return json.loads(canonical_text(content))
