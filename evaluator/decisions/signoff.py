"""The sign-off: propose a decision, approve or reject it, withdraw it.

Every surface (the propose and sign-off pages, the API's propose/approve/reject/withdraw actions)
calls these functions; each runs in one transaction with the evaluation's row locked, so two
approvers answering at once, or an approval racing a withdrawal, leave one consistent outcome.

- ``propose``: the owner (or an administrator) of an evaluation in scoring records the chosen
  vendor(s), the rationale, conditions, risks accepted and the approvers; a choice other than the
  ranking's first place needs a justification. The warnings of the moment are kept with it. The
  evaluation becomes "proposed": frozen while the approvers read it.
- ``approve``: a named approver approves with an optional comment; the last approval decides
  (``service.decide``: the snapshot, which includes this record and the approvals).
- ``reject``: a named approver rejects, saying why; the evaluation goes back to scoring.
- ``withdraw``: the owner takes the proposal back; the evaluation goes back to scoring.
Each step notifies the people concerned and is in the evaluation's history.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from evaluator.decisions import notify
from evaluator.decisions.service import decide
from evaluator.decisions.warnings import proposal_warnings
from evaluator.models import (
    Approval,
    DecisionProposal,
    DecisionSnapshot,
    Evaluation,
    EvaluationStatus,
    ProposalState,
    Verdict,
)
from evaluator.results.service import evaluation_results
from evaluator.setup.rules import REASON_MAX_LENGTH


class SignoffRefused(ValueError):
    """The step cannot be taken; ``errors`` maps a field (or "" for the whole step) to why."""

    def __init__(self, errors: dict[str, str] | str):
        self.errors = {"": errors} if isinstance(errors, str) else errors
        super().__init__(" ".join(self.errors.values()))


def _person(user) -> str:
    return user.get_full_name() or user.username


def _reason(text: str) -> str:
    # simple-history keeps at most REASON_MAX_LENGTH characters of a change reason.
    return text if len(text) <= REASON_MAX_LENGTH else text[: REASON_MAX_LENGTH - 1] + "…"


def _locked(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update().select_related("owner").get(pk=evaluation.pk)


def open_proposal(evaluation: Evaluation) -> DecisionProposal | None:
    return (
        DecisionProposal.objects.filter(evaluation=evaluation, state=ProposalState.OPEN)
        .select_related("proposed_by")
        .first()
    )


def _refuse_unless_scoring(evaluation: Evaluation) -> None:
    if evaluation.status == EvaluationStatus.DECIDED:
        raise SignoffRefused("This evaluation is already decided.")
    if evaluation.status == EvaluationStatus.PROPOSED:
        raise SignoffRefused("A decision is already awaiting sign-off; withdraw it to propose another.")
    if evaluation.status != EvaluationStatus.SCORING:
        raise SignoffRefused(
            f"The evaluation is still “{evaluation.get_status_display()}”: move it to “Scoring” "
            "(Settings) once the facts are in, then propose a decision."
        )


def leaders(results) -> list[dict]:
    """The candidates ranked first (several when tied): vendor id and name."""
    if not results.ranked:
        return []
    vendors = results.table.vendors
    first = vendors[vendors["rank"] == 1]
    return [{"vendor_id": int(vid), "name": str(row["name"])} for vid, row in first.iterrows()]


def _check_record(evaluation, user, chosen, rationale, justification, approvers, top) -> dict[str, str]:
    errors: dict[str, str] = {}
    candidate_ids = set(evaluation.candidates.values_list("pk", flat=True))
    if not chosen:
        errors["chosen"] = "Choose the vendor (or vendors) you propose."
    elif any(vendor.pk not in candidate_ids for vendor in chosen):
        outside = ", ".join(sorted(v.name for v in chosen if v.pk not in candidate_ids))
        errors["chosen"] = f"Only candidates of this evaluation can be chosen; not: {outside}."
    if not (rationale or "").strip():
        errors["rationale"] = "Say why this is the choice: the memo opens with it."
    top_ids = {row["vendor_id"] for row in top}
    if chosen and {v.pk for v in chosen} != top_ids and not (justification or "").strip():
        first = " and ".join(row["name"] for row in top)
        errors["justification"] = (
            f"{first} {'is' if len(top) == 1 else 'are'} ranked first: say why you choose otherwise."
        )
    if not approvers:
        errors["approvers"] = "Name at least one approver."
    else:
        problems = []
        for approver in approvers:
            if approver.pk == user.pk:
                problems.append("you cannot approve your own proposal")
            elif not approver.is_active:
                problems.append(f"{_person(approver)} cannot sign in any more")
            elif not evaluation.is_member(approver):
                problems.append(
                    f"{_person(approver)} is not a member of this evaluation (add them in Settings)"
                )
        if problems:
            errors["approvers"] = "Approvers: " + "; ".join(problems) + "."
    return errors


@transaction.atomic
def propose(
    evaluation: Evaluation,
    user,
    *,
    chosen: list,
    rationale: str,
    justification: str = "",
    conditions: str = "",
    risks_accepted: str = "",
    approvers: list,
    now: datetime.datetime | None = None,
) -> DecisionProposal:
    """Record the proposal and move the evaluation to "proposed"; raise SignoffRefused (nothing saved)."""
    evaluation = _locked(evaluation)
    if not evaluation.is_governed_by(user):
        raise PermissionDenied(
            f"Only the owner ({evaluation.owner}) or an administrator can propose a decision."
        )
    _refuse_unless_scoring(evaluation)
    results = evaluation_results(evaluation)
    if not results.ranked:
        raise SignoffRefused(f"There is nothing to decide yet: {results.table.problem}")
    approvers = list({a.pk: a for a in approvers}.values())
    top = leaders(results)
    errors = _check_record(evaluation, user, chosen, rationale, justification, approvers, top)
    if errors:
        raise SignoffRefused(errors)
    try:
        with transaction.atomic():
            proposal = DecisionProposal.objects.create(
                evaluation=evaluation,
                proposed_by=user,
                proposed_at=now or timezone.now(),
                leaders=[row["name"] for row in top],
                justification=justification.strip(),
                rationale=rationale.strip(),
                conditions=conditions.strip(),
                risks_accepted=risks_accepted.strip(),
                warnings=[w.as_dict() for w in proposal_warnings(evaluation, results)],
            )
    except IntegrityError:
        raise SignoffRefused("A decision is already awaiting sign-off.") from None
    proposal.chosen.set(chosen)
    Approval.objects.bulk_create([Approval(proposal=proposal, approver=a) for a in approvers])
    chosen_names = ", ".join(sorted(v.name for v in chosen))
    _set_status(evaluation, EvaluationStatus.PROPOSED, user, f"Proposed for sign-off: {chosen_names}")
    notify.tell(
        approvers,
        key=f"decision:{proposal.pk}:asked",
        subject=f"Your approval is asked: {evaluation.name}",
        message=(
            f"{_person(user)} proposes {chosen_names} in “{evaluation.name}” and asks for your "
            "approval. Read the decision memo, then approve or reject."
        ),
        url=reverse("evaluator:signoff", args=[evaluation.pk]),
    )
    return proposal


def _set_status(evaluation: Evaluation, status: str, user, reason: str) -> None:
    evaluation.status = status
    evaluation._change_reason = _reason(reason)
    evaluation._history_user = user
    evaluation.save(update_fields=["status"])


def _my_approval(evaluation: Evaluation, user) -> tuple[DecisionProposal, Approval]:
    proposal = open_proposal(evaluation)
    if proposal is None or evaluation.status != EvaluationStatus.PROPOSED:
        raise SignoffRefused("No decision is awaiting sign-off in this evaluation.")
    approval = Approval.objects.filter(proposal=proposal, approver=user).first()
    if approval is None:
        raise PermissionDenied("You are not an approver of this proposal.")
    if approval.verdict != Verdict.PENDING:
        raise SignoffRefused(f"You have already {approval.get_verdict_display().lower()} this proposal.")
    return proposal, approval


def _people(proposal: DecisionProposal, but=None) -> list:
    people = {proposal.proposed_by_id: proposal.proposed_by}
    for approval in proposal.approvals.select_related("approver"):
        people[approval.approver_id] = approval.approver
    return [person for pk, person in people.items() if but is None or pk != but.pk]


@transaction.atomic
def approve(
    evaluation: Evaluation, user, comment: str = "", now: datetime.datetime | None = None
) -> DecisionSnapshot | None:
    """Record ``user``'s approval; the last one decides (returns the snapshot, else None)."""
    evaluation = _locked(evaluation)
    proposal, approval = _my_approval(evaluation, user)
    now = now or timezone.now()
    approval.verdict, approval.comment, approval.answered_at = Verdict.APPROVED, comment.strip(), now
    approval._history_user = user
    approval._change_reason = _reason(comment.strip() or "Approved")
    approval.save()
    url = reverse("evaluator:memo", args=[evaluation.pk])
    waiting = proposal.approvals.filter(verdict=Verdict.PENDING).count()
    if waiting:
        notify.tell(
            [proposal.proposed_by],
            key=f"decision:{proposal.pk}:approved:{user.pk}",
            subject=f"Approved by {_person(user)}: {evaluation.name}",
            message=f"{_person(user)} approved the proposal in “{evaluation.name}”; {waiting} approval(s) to go.",
            url=reverse("evaluator:signoff", args=[evaluation.pk]),
        )
        return None
    proposal.state, proposal.closed_at = ProposalState.APPROVED, now
    proposal._history_user = user
    proposal.save(update_fields=["state", "closed_at"])
    snapshot = decide(evaluation, proposal.proposed_by, decided_at=now, proposal=proposal)
    notify.tell(
        _people(proposal),
        key=f"decision:{proposal.pk}:decided",
        subject=f"Decided: {evaluation.name}",
        message=f"Every approver has signed off: “{evaluation.name}” is decided. The decision memo is ready.",
        url=url,
    )
    return snapshot


def _back_to_scoring(evaluation, proposal, user, state: str, now, reason: str) -> None:
    proposal.state, proposal.closed_at = state, now
    proposal._history_user = user
    proposal.save(update_fields=["state", "closed_at"])
    _set_status(evaluation, EvaluationStatus.SCORING, user, reason)


@transaction.atomic
def reject(
    evaluation: Evaluation, user, comment: str, now: datetime.datetime | None = None
) -> DecisionProposal:
    """Record ``user``'s rejection (a comment is required) and send the evaluation back to scoring."""
    if not (comment or "").strip():
        raise SignoffRefused({"comment": "Say why you reject the proposal: the owner reads it."})
    evaluation = _locked(evaluation)
    proposal, approval = _my_approval(evaluation, user)
    now = now or timezone.now()
    approval.verdict, approval.comment, approval.answered_at = Verdict.REJECTED, comment.strip(), now
    approval._history_user = user
    approval._change_reason = _reason(comment.strip())
    approval.save()
    _back_to_scoring(
        evaluation,
        proposal,
        user,
        ProposalState.REJECTED,
        now,
        f"Sign-off rejected by {_person(user)}: {comment}",
    )
    notify.tell(
        _people(proposal, but=user),
        key=f"decision:{proposal.pk}:rejected",
        subject=f"Rejected: {evaluation.name}",
        message=(
            f"{_person(user)} rejected the proposal in “{evaluation.name}”: {comment.strip()} "
            "It is back in scoring."
        ),
        url=reverse("evaluator:signoff", args=[evaluation.pk]),
    )
    return proposal


@transaction.atomic
def withdraw(evaluation: Evaluation, user, now: datetime.datetime | None = None) -> DecisionProposal:
    """The owner takes the open proposal back; the evaluation returns to scoring."""
    evaluation = _locked(evaluation)
    if not evaluation.is_governed_by(user):
        raise PermissionDenied(
            f"Only the owner ({evaluation.owner}) or an administrator can withdraw the proposal."
        )
    proposal = open_proposal(evaluation)
    if proposal is None or evaluation.status != EvaluationStatus.PROPOSED:
        raise SignoffRefused("No decision is awaiting sign-off in this evaluation.")
    _back_to_scoring(
        evaluation, proposal, user, ProposalState.WITHDRAWN, now or timezone.now(), "Proposal withdrawn"
    )
    notify.tell(
        _people(proposal, but=user),
        key=f"decision:{proposal.pk}:withdrawn",
        subject=f"Proposal withdrawn: {evaluation.name}",
        message=f"{_person(user)} withdrew the proposal in “{evaluation.name}”; your approval is no longer asked.",
        url=evaluation.get_absolute_url(),
    )
    return proposal
