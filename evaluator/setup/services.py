"""Writes that span several evaluation models: a new evaluation with its criteria, AHP weights."""

import datetime

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from engine import weighting
from evaluator.models import (
    Criterion,
    CriterionComparison,
    CriterionGroup,
    CriterionSource,
    Direction,
    Evaluation,
    GroupComparison,
    Metric,
    RequiredCapability,
    WeightMode,
)

G, M = CriterionGroup, Metric
PAIRWISE_REASON = "Weights from pairwise judgements"
# Depth over breadth and an even pace: half of the points reward deep, evenly growing capability
# and a record of keeping promises; breadth is never rewarded, shallow breadth costs.
# (name, group, metric, direction, source, points)
DEFAULT_CRITERIA = [
    ("Capability depth", G.CAPABILITY_DEPTH, M.DEPTH_INDEX, Direction.BENEFIT, CriterionSource.METRIC, 30),
    (
        "Shallow breadth",
        G.CAPABILITY_DEPTH,
        M.SHALLOW_BREADTH_SHARE,
        Direction.COST,
        CriterionSource.METRIC,
        10,
    ),
    ("Delivery record", G.DELIVERY_RECORD, M.DELIVERY_RECORD, Direction.BENEFIT, CriterionSource.METRIC, 20),
    ("Pace evenness", G.ROADMAP, M.PACE_EVENNESS, Direction.BENEFIT, CriterionSource.METRIC, 10),
    ("Credible roadmap", G.ROADMAP, M.CREDIBLE_ROADMAP, Direction.BENEFIT, CriterionSource.METRIC, 10),
    (
        "Roadmap included in contract",
        G.CONTRACT_COVERAGE,
        M.CONTRACT_INCLUDED_SHARE,
        Direction.BENEFIT,
        CriterionSource.METRIC,
        8,
    ),
    (
        "Roadmap after contract end",
        G.CONTRACT_COVERAGE,
        M.ITEMS_AFTER_CONTRACT,
        Direction.COST,
        CriterionSource.METRIC,
        3,
    ),
    ("Cost to realise roadmap", G.COST, M.COST_TO_REALISE, Direction.COST, CriterionSource.COST_FIGURE, 4),
    ("R&D intensity", G.RD, M.RD_INTENSITY, Direction.BENEFIT, CriterionSource.METRIC, 3),
    ("R&D trend", G.RD, M.RD_TREND, Direction.BENEFIT, CriterionSource.METRIC, 1),
    ("R&D funded from operations", G.RD, M.RD_ORGANIC_SHARE, Direction.BENEFIT, CriterionSource.METRIC, 1),
]


def add_default_criteria(evaluation: Evaluation) -> list[Criterion]:
    """Give ``evaluation`` the default criteria set (100 points), skipping names it already has."""
    existing = set(evaluation.criteria.values_list("name", flat=True))
    criteria = [
        Criterion(
            evaluation=evaluation,
            name=name,
            group=group,
            metric=metric,
            direction=direction,
            source=source,
            weight=points,
            position=position,
        )
        for position, (name, group, metric, direction, source, points) in enumerate(DEFAULT_CRITERIA)
        if name not in existing
    ]
    return bulk_create_with_history(criteria, Criterion)


@transaction.atomic
def create_evaluation(
    *,
    owner,
    name: str,
    horizon_date: datetime.date,
    description: str = "",
    candidates=(),
    members=(),
    capabilities: dict | None = None,
    method: str = "weighted_sum",
    blind_scoring: bool = False,
    as_of_date: datetime.date | None = None,
) -> Evaluation:
    """A new evaluation with its candidates, members, required capabilities and default criteria.

    ``capabilities`` maps Capability → importance (1–5).
    """
    evaluation = Evaluation.objects.create(
        owner=owner,
        name=name,
        description=description,
        horizon_date=horizon_date,
        method=method,
        blind_scoring=blind_scoring,
        as_of_date=as_of_date,
    )
    evaluation.candidates.set(candidates)
    evaluation.members.set(members)
    replace_required_capabilities(evaluation, capabilities or {})
    add_default_criteria(evaluation)
    return evaluation


def replace_required_capabilities(evaluation: Evaluation, capabilities: dict) -> None:
    """The submitted capabilities (Capability → importance 1–5) replace the recorded ones.

    The capabilities page, the evaluation endpoint and ``create_evaluation`` write them so; each
    removed and each added row has its history entry.
    """
    RequiredCapability.objects.filter(evaluation=evaluation).delete()
    bulk_create_with_history(
        [
            RequiredCapability(evaluation=evaluation, capability=capability, importance=importance)
            for capability, importance in capabilities.items()
        ],
        RequiredCapability,
    )


def pairwise_weights(evaluation: Evaluation) -> tuple[dict[int, float], list[weighting.Consistency]]:
    """Criterion id → AHP weight from the evaluation's stored judgements (three queries)."""
    by_group: dict[str, list[int]] = {}
    for criterion_id, group in evaluation.criteria.order_by("position", "pk").values_list("pk", "group"):
        by_group.setdefault(group, []).append(criterion_id)
    groups = {(c.first, c.second): c.value for c in GroupComparison.objects.filter(evaluation=evaluation)}
    pairs = {
        (c.first_id, c.second_id): c.value
        for c in CriterionComparison.objects.filter(first__evaluation=evaluation)
    }
    return weighting.hierarchical_weights(by_group, groups, pairs)


def point_shares(points: list[float]) -> tuple[float, list[float]]:
    """The total of ``points`` and each one's share of it (all 0 when the total is 0).

    The share a criterion ends up with when its points are normalised to sum 1 (docs/scoring.md
    §3.2); the criteria page, the evaluation page and the weights endpoint all show this one.
    """
    total = float(sum(points))
    return total, [float(p) / total if total else 0.0 for p in points]


@transaction.atomic
def save_pairwise_judgements(
    evaluation: Evaluation, groups: dict, criteria: dict, reason: str = PAIRWISE_REASON
) -> list[weighting.Consistency]:
    """Replace the judgements, switch to pairwise weights and store the AHP weights as points.

    ``groups`` maps (group, group) and ``criteria`` (criterion id, criterion id) to a Saaty value.
    ``reason`` is recorded as the change reason of every audit row the change writes.
    """
    reason = reason or PAIRWISE_REASON  # a draft's weights change without a reason of their own
    GroupComparison.objects.filter(evaluation=evaluation).delete()
    CriterionComparison.objects.filter(first__evaluation=evaluation).delete()
    # The *_with_history helpers write the audit rows that bulk writes would skip (user from the request).
    bulk_create_with_history(
        [GroupComparison(evaluation=evaluation, first=a, second=b, value=v) for (a, b), v in groups.items()],
        GroupComparison,
        default_change_reason=reason,
    )
    bulk_create_with_history(
        [CriterionComparison(first_id=a, second_id=b, value=v) for (a, b), v in criteria.items()],
        CriterionComparison,
        default_change_reason=reason,
    )
    weights, checks = pairwise_weights(evaluation)
    changed = list(evaluation.criteria.all())
    for criterion in changed:
        # Points out of 100, rounded so the form shows them legibly; scoring re-normalises.
        criterion.weight = round(100 * weights.get(criterion.pk, 0.0), 4)
        criterion.version += 1
    bulk_update_with_history(changed, Criterion, ["weight", "version"], default_change_reason=reason)
    evaluation.weight_mode = WeightMode.PAIRWISE
    evaluation._change_reason = reason
    evaluation.save(update_fields=["weight_mode"])
    return checks


def make_weights_direct(evaluation: Evaluation, reason: str | None) -> None:
    """Typing a weight overrides the pairwise result: the weights are direct from now on.

    The criteria page, the criterion endpoint and the weights endpoint call this after saving a
    typed weight; ``reason`` goes on the evaluation's history row.
    """
    if evaluation.weight_mode == WeightMode.DIRECT:
        return
    evaluation.weight_mode = WeightMode.DIRECT
    evaluation._change_reason = reason or None
    evaluation.save(update_fields=["weight_mode"])


def save_direct_weights(evaluation: Evaluation, changed: dict[int, float], reason: str) -> None:
    """Set the criteria weights in ``changed`` (id → points) and make the weights direct, with ``reason``
    on every audit row. The caller runs it in the transaction that claimed the evaluation's version."""
    criteria = list(evaluation.criteria.filter(pk__in=changed))
    for criterion in criteria:
        criterion.weight = changed[criterion.pk]
        criterion.version += 1
    bulk_update_with_history(criteria, Criterion, ["weight", "version"], default_change_reason=reason)
    make_weights_direct(evaluation, reason)


COPY_CRITERION_FIELDS = (
    "name",
    "group",
    "direction",
    "source",
    "metric",
    "questionnaire_section_id",
    "weight",
    "position",
    "description",
)


@transaction.atomic
def copy_evaluation(source: Evaluation, owner, name: str = "") -> Evaluation:
    """A new draft with ``source``'s set-up: candidates, members, required capabilities, criteria,
    weights and pairwise judgements; not its scores, status or decision (a decided evaluation is
    revisited this way). ``owner`` owns the copy; the source's owner stays a member when it differs.
    """
    copy = Evaluation.objects.create(
        owner=owner,
        name=name.strip() or f"Copy of {source.name}"[:160],
        description=source.description,
        horizon_date=source.horizon_date,
        method=source.method,
        weight_mode=source.weight_mode,
        blind_scoring=source.blind_scoring,
    )
    copy.candidates.set(source.candidates.all())
    members = {user.pk: user for user in source.members.all()}
    if source.owner_id != owner.pk:
        members[source.owner_id] = source.owner
    members.pop(owner.pk, None)
    copy.members.set(members.values())
    required = RequiredCapability.objects.filter(evaluation=source).select_related("capability")
    replace_required_capabilities(copy, {row.capability: row.importance for row in required})
    new_ids = {}
    for criterion in source.criteria.order_by("position", "pk"):
        new_ids[criterion.pk] = Criterion.objects.create(
            evaluation=copy, **{field: getattr(criterion, field) for field in COPY_CRITERION_FIELDS}
        ).pk
    GroupComparison.objects.bulk_create(
        GroupComparison(evaluation=copy, first=c.first, second=c.second, value=c.value)
        for c in GroupComparison.objects.filter(evaluation=source)
    )
    CriterionComparison.objects.bulk_create(
        CriterionComparison(first_id=new_ids[c.first_id], second_id=new_ids[c.second_id], value=c.value)
        for c in CriterionComparison.objects.filter(first__evaluation=source)
    )
    return copy
