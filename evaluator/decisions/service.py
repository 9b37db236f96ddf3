"""Moving an evaluation to "decided": the snapshot and the status change in one transaction.

Every path that decides (the Decide page, the API's status change) calls ``decide``; setting the
status any other way is refused by the forms and the admin, so no evaluation is decided without
its record.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from engine.scoring import ALGORITHM_VERSION
from evaluator.decisions.canonical import canonical_text, digest
from evaluator.decisions.snapshot import build_content
from evaluator.models import DecisionSnapshot, Evaluation, EvaluationStatus
from evaluator.results.service import evaluation_results


class DecisionRefused(ValueError):
    """The evaluation cannot be decided (already decided, or nothing to rank); the message says why."""


@transaction.atomic
def decide(
    evaluation: Evaluation, user, decided_at: datetime.datetime | None = None, proposal=None
) -> DecisionSnapshot:
    """Score ``evaluation`` now, store the hashed snapshot and set the status to decided.

    Raises ``DecisionRefused`` (and changes nothing) when it is already decided or has no ranking.
    ``decided_at`` defaults to now; the demo passes a fixed moment so its hash is reproducible.
    The sign-off's last approval calls it with the approved ``proposal``, whose record and
    approvals the snapshot then holds (evaluator/decisions/signoff.py); pages and the API reach
    "decided" only that way.
    """
    # Lock the row (PostgreSQL) so two people deciding at once produce one snapshot; on SQLite the
    # one-to-one constraint on the snapshot catches the second.
    evaluation = Evaluation.objects.select_for_update().select_related("owner").get(pk=evaluation.pk)
    if user is not None and not evaluation.is_governed_by(user):
        raise PermissionDenied(f"Only the owner ({evaluation.owner}) or an administrator can decide.")
    if (
        evaluation.status == EvaluationStatus.DECIDED
        or DecisionSnapshot.objects.filter(evaluation=evaluation).exists()
    ):
        raise DecisionRefused("This evaluation is already decided.")
    # Scored afresh, not from the cache: the record is what the code computes at this moment.
    results = evaluation_results(evaluation, cached=False)
    if not results.ranked:
        raise DecisionRefused(f"There is nothing to decide yet: {results.table.problem}")
    decided_at = decided_at or timezone.now()
    text = canonical_text(
        build_content(evaluation, results.inputs, results.outcome, user, decided_at, proposal)
    )
    try:
        with transaction.atomic():
            snapshot = DecisionSnapshot.objects.create(
                evaluation=evaluation,
                decided_by=user,
                decided_at=decided_at,
                algorithm_version=ALGORITHM_VERSION,
                content=text,
                sha256=digest(text),
            )
    except IntegrityError:
        raise DecisionRefused("This evaluation is already decided.") from None
    evaluation.status = EvaluationStatus.DECIDED
    # The status change's history row names the snapshot it froze, and who decided.
    evaluation._change_reason = f"Decided; snapshot SHA-256 {snapshot.sha256}"
    evaluation._history_user = user
    evaluation.save(update_fields=["status"])
    return snapshot
