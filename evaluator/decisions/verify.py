"""Checking the stored decisions: is each snapshot still exactly what was hashed when deciding?"""

import datetime
import json
from dataclasses import dataclass

from evaluator.decisions.canonical import digest, is_canonical
from evaluator.models import DecisionSnapshot, Evaluation, EvaluationStatus


@dataclass
class Finding:
    evaluation_id: int
    name: str
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def snapshot_problems(snapshot: DecisionSnapshot) -> list[str]:
    """What is wrong with one stored snapshot; empty when it verifies."""
    text = snapshot.content
    if not isinstance(text, str):
        return ["the stored content is not text"]
    try:
        data = json.loads(text)
    except ValueError as error:
        return [f"the stored content is not readable JSON ({error})"]
    problems = []
    if not is_canonical(text):
        problems.append("the stored content is not in canonical form (it was rewritten after hashing)")
    recomputed = digest(text)
    if recomputed != snapshot.sha256:
        problems.append(f"hash mismatch: stored {snapshot.sha256}, recomputed {recomputed}")
    if not isinstance(data, dict):
        return [*problems, "the stored content is not a JSON object"]
    # The columns shown on the pages must say what the hashed content says.
    if (data.get("evaluation") or {}).get("id") != snapshot.evaluation_id:
        problems.append("the content belongs to another evaluation")
    if data.get("algorithm_version") != snapshot.algorithm_version:
        problems.append("the algorithm version column differs from the content")
    stated = (data.get("decision") or {}).get("decided_at")
    try:
        same_moment = datetime.datetime.fromisoformat(stated) == snapshot.decided_at
    except (TypeError, ValueError):
        same_moment = False
    if not same_moment:
        problems.append("the decision date column differs from the content")
    return problems


def verify_all() -> list[Finding]:
    """One finding per decided evaluation or snapshot, in evaluation order (two queries)."""
    findings = {
        snapshot.evaluation_id: Finding(
            snapshot.evaluation_id, snapshot.evaluation.name, snapshot_problems(snapshot)
        )
        for snapshot in DecisionSnapshot.objects.select_related("evaluation").order_by("evaluation_id")
    }
    orphans = Evaluation.objects.filter(status=EvaluationStatus.DECIDED).exclude(pk__in=findings)
    for evaluation in orphans.only("pk", "name"):
        findings[evaluation.pk] = Finding(
            evaluation.pk, evaluation.name, ["decided, but there is no snapshot of the decision"]
        )
    return [findings[pk] for pk in sorted(findings)]
