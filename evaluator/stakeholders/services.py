"""Writes of stakeholder groups, their weights and judgements, the combination and consensus.

Every write takes domain objects and plain values and records its reason on the audit rows it
writes; the caller refuses a decided evaluation first (pages: EvaluationMixin; API:
``decisions.guard.refuse_api_write``).
"""

import math

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from engine import weighting
from evaluator.models import (
    ConsensusNote,
    ConsensusOutcome,
    Criterion,
    Evaluation,
    ManualScore,
    StakeholderCriterionComparison,
    StakeholderGroup,
    StakeholderGroupComparison,
    StakeholderSettings,
    StakeholderWeight,
    StakeholderWeightMode,
)


def _why(reason: str | None) -> str | None:
    """A change reason as the audit history stores it (100 characters), None when blank."""
    return (reason or "").strip()[:100] or None


class StakeholderInputError(ValueError):
    """Bad input, with a message for the person (pages show it, the API answers 400)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def name_problem(evaluation: Evaluation, name: str, group: StakeholderGroup | None = None) -> str:
    """Why ``name`` cannot name a group of ``evaluation`` ("" when it can)."""
    name = (name or "").strip()
    if not name:
        return "Give the group a name."
    taken = StakeholderGroup.objects.filter(evaluation=evaluation, name__iexact=name)
    if group is not None and group.pk:
        taken = taken.exclude(pk=group.pk)
    return f"This evaluation already has a group called “{name}”." if taken.exists() else ""


def influence_problem(influence) -> str:
    if influence is None or not math.isfinite(influence) or not 0 <= influence <= 100:
        return "Influence is a number from 0 to 100."
    return ""


@transaction.atomic
def save_group(
    evaluation: Evaluation,
    *,
    name: str,
    influence: float,
    description: str = "",
    members=None,
    group: StakeholderGroup | None = None,
    reason: str = "",
) -> StakeholderGroup:
    """Create (``group`` None: starting from the evaluation's own points) or update a group."""
    problem = name_problem(evaluation, name, group)
    if problem:
        raise StakeholderInputError(problem, "name")
    problem = influence_problem(influence)
    if problem:
        raise StakeholderInputError(problem, "influence")
    creating = group is None
    if creating:
        position = StakeholderGroup.objects.filter(evaluation=evaluation).count()
        group = StakeholderGroup(evaluation=evaluation, position=position)
    group.name, group.influence, group.description = name.strip(), float(influence), description
    group._change_reason = _why(reason) or ("Group created" if creating else None)
    group.save()
    if members is not None:
        group.members.set(members)
    if creating:
        bulk_create_with_history(
            [
                StakeholderWeight(group=group, criterion_id=pk, points=weight)
                for pk, weight in evaluation.criteria.values_list("pk", "weight")
            ],
            StakeholderWeight,
            default_change_reason="Starts from the evaluation's own points",
        )
    return group


def points_problem(group: StakeholderGroup, points: dict[int, float]) -> str:
    criteria = set(group.evaluation.criteria.values_list("pk", flat=True))
    unknown = set(points) - criteria
    if unknown:
        return f"These criteria are not in this evaluation: {sorted(unknown)}."
    for value in points.values():
        if value is None or not math.isfinite(value) or value < 0:
            return "Points are numbers of 0 or more."
    return ""


@transaction.atomic
def save_group_points(group: StakeholderGroup, points: dict[int, float], reason: str) -> None:
    """Set the group's points (criterion id → points) and make its weights direct."""
    problem = points_problem(group, points)
    if problem:
        raise StakeholderInputError(problem, "points")
    existing = {w.criterion_id: w for w in StakeholderWeight.objects.filter(group=group)}
    changed, added = [], []
    for criterion_id, value in points.items():
        row = existing.get(criterion_id)
        if row is None:
            added.append(StakeholderWeight(group=group, criterion_id=criterion_id, points=float(value)))
        elif row.points != value:
            row.points = float(value)
            changed.append(row)
    bulk_update_with_history(changed, StakeholderWeight, ["points"], default_change_reason=_why(reason))
    bulk_create_with_history(added, StakeholderWeight, default_change_reason=_why(reason))
    if group.weight_mode != StakeholderWeightMode.DIRECT:
        group.weight_mode = StakeholderWeightMode.DIRECT
        group._change_reason = _why(reason)
        group.save(update_fields=["weight_mode"])


@transaction.atomic
def save_group_judgements(
    group: StakeholderGroup, groups: dict, criteria: dict, reason: str
) -> list[weighting.Consistency]:
    """Replace the group's pairwise judgements and make its weights pairwise; its AHP checks.

    ``groups`` maps (criterion group, criterion group) and ``criteria`` (criterion id, criterion
    id) to a Saaty value (1/9 … 9).
    """
    for value in [*groups.values(), *criteria.values()]:
        if not (1 / 9 - 1e-9 <= value <= 9):
            raise StakeholderInputError("Judgements lie on Saaty's scale, from 1/9 to 9.", "judgements")
    StakeholderGroupComparison.objects.filter(group=group).delete()
    StakeholderCriterionComparison.objects.filter(group=group).delete()
    bulk_create_with_history(
        [StakeholderGroupComparison(group=group, first=a, second=b, value=v) for (a, b), v in groups.items()],
        StakeholderGroupComparison,
        default_change_reason=_why(reason),
    )
    bulk_create_with_history(
        [
            StakeholderCriterionComparison(group=group, first_id=a, second_id=b, value=v)
            for (a, b), v in criteria.items()
        ],
        StakeholderCriterionComparison,
        default_change_reason=_why(reason),
    )
    group.weight_mode = StakeholderWeightMode.PAIRWISE
    group._change_reason = _why(reason)
    group.save(update_fields=["weight_mode"])
    by_group: dict[str, list[int]] = {}
    for pk, criterion_group in group.evaluation.criteria.order_by("position", "pk").values_list(
        "pk", "group"
    ):
        by_group.setdefault(criterion_group, []).append(pk)
    try:
        _, checks = weighting.hierarchical_weights(by_group, groups, criteria)
    except ValueError as error:
        raise StakeholderInputError(str(error), "judgements") from error
    return checks


def delete_group(group: StakeholderGroup, reason: str = "") -> None:
    group._change_reason = _why(reason) or "Group removed"
    group.delete()


def set_method(evaluation: Evaluation, method: str, reason: str = "") -> StakeholderSettings:
    settings, _ = StakeholderSettings.objects.get_or_create(evaluation=evaluation)
    if settings.method != method:
        settings.method = method
        settings._change_reason = _why(reason)
        settings.save()
    return settings


@transaction.atomic
def save_profile(
    evaluation: Evaluation, *, name: str, group_weights: dict[str, float], reason: str, members=()
) -> StakeholderGroup:
    """A new group (influence 0: it does not move the combined weights until someone gives it
    a say) from the what-if sliders: criterion group → share. Each criterion gets its group's
    share times its own share of that group's recorded points, as points out of 100."""
    if not (reason or "").strip():
        raise StakeholderInputError("Say why this profile is worth keeping.", "reason")
    criteria = list(evaluation.criteria.values_list("pk", "group", "weight"))
    known = {g for _, g, _ in criteria}
    if set(group_weights) - known:
        raise StakeholderInputError(
            f"Unknown criterion groups: {sorted(set(group_weights) - known)}.", "weights"
        )
    values = [group_weights.get(g, 0.0) for g in known]
    if any(v is None or not math.isfinite(v) or v < 0 for v in values) or not sum(values) > 0:
        raise StakeholderInputError(
            "Slider weights are numbers of 0 or more, at least one above 0.", "weights"
        )
    total = sum(values)
    group_points: dict[str, float] = {}
    for _, g, weight in criteria:
        group_points[g] = group_points.get(g, 0.0) + weight
    points = {}
    for pk, g, weight in criteria:
        within = (
            weight / group_points[g]
            if group_points[g] > 0
            else 1.0 / sum(1 for _, h, _ in criteria if h == g)
        )
        points[pk] = round(100 * group_weights.get(g, 0.0) / total * within, 4)
    group = save_group(
        evaluation, name=name, influence=0.0, members=members, reason=f"What-if profile: {reason}"
    )
    save_group_points(group, points, f"What-if profile: {reason}")
    return group


@transaction.atomic
def note_disagreement(
    criterion: Criterion, vendor, *, outcome: str, agreed_score: int | None, reason: str, user
) -> ConsensusNote:
    """Record the discussion of one disagreement; resolving sets every evaluator's score for the
    pair to the agreed score, with the reason in each score's history."""
    reason = (reason or "").strip()
    if not reason:
        raise StakeholderInputError("Say what the discussion concluded.", "reason")
    if outcome == ConsensusOutcome.RESOLVED:
        if agreed_score is None or not 0 <= agreed_score <= 5:
            raise StakeholderInputError("An agreed score is a whole number from 0 to 5.", "agreed_score")
        scores = list(ManualScore.objects.filter(criterion=criterion, vendor=vendor))
        for score in scores:
            score.score = agreed_score
            score.version += 1
        bulk_update_with_history(
            scores, ManualScore, ["score", "version"], default_change_reason=_why(f"Consensus: {reason}")
        )
    elif outcome == ConsensusOutcome.LEFT:
        agreed_score = None
    else:
        raise StakeholderInputError("Choose to resolve the disagreement or to leave it.", "outcome")
    note = ConsensusNote.objects.filter(criterion=criterion, vendor=vendor).first() or ConsensusNote(
        criterion=criterion, vendor=vendor
    )
    note.outcome, note.agreed_score, note.reason, note.noted_by = outcome, agreed_score, reason, user
    note._change_reason = _why(reason)
    note.save()
    return note
