"""An evaluation's whole audit trail: its own changes and those of its set-up and scores.

The History page of an evaluation shows, newest first, every saved change of the evaluation,
its required capabilities, criteria (weights), pairwise comparisons, manual scores, stakeholder
groups (points, judgements, combination, consensus notes), its decision proposals and every
approver's answer, and the taking of its decision snapshot, each with who, when, why (the change reason, e.g. of a weight
change) and the fields that changed.
A fixed number of queries: one per kind of record, plus the names used to label them.
Manual scores are labelled as the scoring grid names the candidate (blind labels in blind mode).
"""

from common.history import ACTIONS, HistoryEntry, history_entries, record_changes
from evaluator.decisions.guard import is_decided
from evaluator.models import (
    Approval,
    Criterion,
    CriterionComparison,
    CriterionGroup,
    DecisionProposal,
    DecisionSnapshot,
    Evaluation,
    GroupComparison,
    ManualScore,
    RequiredCapability,
)
from evaluator.models.stakeholders import (
    ConsensusNote,
    StakeholderCriterionComparison,
    StakeholderGroup,
    StakeholderGroupComparison,
    StakeholderSettings,
    StakeholderWeight,
)
from evaluator.scoring_grid.rules import grid_labels

GROUP_LABELS = dict(CriterionGroup.choices)


def _entries(records, model, describe, shown_as=None) -> list[HistoryEntry]:
    """Entries for historical rows of several records of ``model``, each diffed against its own previous row
    (``shown_as``: see common.history.record_changes)."""
    model_fields = {f.name: f for f in model._meta.fields}
    previous_by_id = {}
    entries = []
    for record in records:
        previous = previous_by_id.get(record.id)
        changes = []
        if previous is not None:
            changes = record_changes(record, previous, model_fields, shown_as=shown_as)
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=f"{ACTIONS.get(record.history_type, record.history_type)}: {describe(record)}",
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous_by_id[record.id] = record
    return entries


def _ordered(queryset):
    return queryset.select_related("history_user").order_by("history_date", "history_id")


def evaluation_history(evaluation: Evaluation) -> list[HistoryEntry]:
    """Every audit row of the evaluation and the records that belong to it, newest first."""
    names = dict(
        Criterion.history.filter(evaluation_id=evaluation.pk).values_list("id", "name").order_by("history_id")
    )
    candidates = evaluation.candidates.values_list("pk", "name")
    labels = grid_labels(evaluation.blind_secret, evaluation.blind_scoring, list(candidates))

    def criterion(pk):
        return f"“{names.get(pk, f'#{pk}')}”"

    entries = history_entries(evaluation)
    entries += _entries(
        _ordered(Criterion.history.filter(evaluation_id=evaluation.pk)),
        Criterion,
        lambda r: f"criterion {criterion(r.id)}",
    )
    entries += _entries(
        _ordered(RequiredCapability.history.filter(evaluation_id=evaluation.pk)).select_related("capability"),
        RequiredCapability,
        lambda r: f"required capability {r.capability.name if r.capability else r.capability_id}",
    )
    entries += _entries(
        _ordered(GroupComparison.history.filter(evaluation_id=evaluation.pk)),
        GroupComparison,
        lambda r: (
            f"comparison {GROUP_LABELS.get(r.first, r.first)} vs {GROUP_LABELS.get(r.second, r.second)}"
        ),
    )
    entries += _entries(
        _ordered(CriterionComparison.history.filter(first_id__in=list(names))),
        CriterionComparison,
        lambda r: f"comparison {criterion(r.first_id)} vs {criterion(r.second_id)}",
    )
    entries += _entries(
        _ordered(DecisionProposal.history.filter(evaluation_id=evaluation.pk)),
        DecisionProposal,
        lambda r: f"decision proposal #{r.id} ({r.get_state_display().lower()})",
    )
    entries += _entries(
        _ordered(Approval.history.filter(proposal__evaluation_id=evaluation.pk)).select_related("approver"),
        Approval,
        lambda r: (
            f"approval by {r.approver.username if r.approver else 'a former user'} of proposal "
            f"#{r.proposal_id}: {r.get_verdict_display().lower()}"
        ),
    )
    entries += _entries(
        _ordered(ManualScore.history.filter(criterion_id__in=list(names))).select_related("evaluator"),
        ManualScore,
        lambda r: (
            f"manual score of {r.evaluator.username if r.evaluator else 'a former user'} on "
            f"{criterion(r.criterion_id)} for {labels.get(r.vendor_id, 'a former candidate')}"
        ),
        shown_as={"vendor": labels},  # a moved score names its candidates as the grid does
    )
    entries += _stakeholder_entries(evaluation, criterion, labels)
    entries += _decision_entries(evaluation)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _stakeholder_entries(evaluation: Evaluation, criterion, labels) -> list[HistoryEntry]:
    """The stakeholder groups' changes (evaluator/stakeholders/): groups, their points and
    judgements, the combination and the consensus notes (six queries)."""
    groups = _ordered(StakeholderGroup.history.filter(evaluation_id=evaluation.pk))
    group_names = {row.id: row.name for row in groups}

    def group(pk):
        return f"stakeholder group “{group_names.get(pk, f'#{pk}')}”"

    ids = list(group_names)
    entries = _entries(groups, StakeholderGroup, lambda r: group(r.id))
    entries += _entries(
        _ordered(StakeholderWeight.history.filter(group_id__in=ids)),
        StakeholderWeight,
        lambda r: f"points of {group(r.group_id)} for {criterion(r.criterion_id)}",
    )
    entries += _entries(
        _ordered(StakeholderGroupComparison.history.filter(group_id__in=ids)),
        StakeholderGroupComparison,
        lambda r: (
            f"comparison of {group(r.group_id)}: "
            f"{GROUP_LABELS.get(r.first, r.first)} vs {GROUP_LABELS.get(r.second, r.second)}"
        ),
    )
    entries += _entries(
        _ordered(StakeholderCriterionComparison.history.filter(group_id__in=ids)),
        StakeholderCriterionComparison,
        lambda r: f"comparison of {group(r.group_id)}: {criterion(r.first_id)} vs {criterion(r.second_id)}",
    )
    entries += _entries(
        _ordered(StakeholderSettings.history.filter(evaluation_id=evaluation.pk)),
        StakeholderSettings,
        lambda r: "how the stakeholder groups combine",
    )
    entries += _entries(
        _ordered(ConsensusNote.history.filter(criterion__evaluation=evaluation)),
        ConsensusNote,
        lambda r: (
            f"consensus on {criterion(r.criterion_id)} for {labels.get(r.vendor_id, 'a former candidate')}"
        ),
        shown_as={"vendor": labels},
    )
    return entries


def _decision_entries(evaluation: Evaluation) -> list[HistoryEntry]:
    """The decision snapshot's creation (it keeps no history rows: it never changes); one query once decided."""
    if not is_decided(evaluation):
        return []
    decision = (
        DecisionSnapshot.objects.filter(evaluation=evaluation)
        .select_related("decided_by")
        .defer("content")
        .first()
    )
    if decision is None:
        return []
    return [
        HistoryEntry(
            when=decision.decided_at,
            who=decision.decided_by,
            action="Decision snapshot taken",
            reason=f"SHA-256 {decision.sha256}, scoring algorithm {decision.algorithm_version}",
            kind="created",
        )
    ]
