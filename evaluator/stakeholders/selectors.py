"""Reads of an evaluation's stakeholder groups: five queries however many groups and criteria."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from evaluator.models import (
    CombinationMethod,
    Evaluation,
    StakeholderCriterionComparison,
    StakeholderGroup,
    StakeholderGroupComparison,
    StakeholderSettings,
    StakeholderWeight,
)


@dataclass
class GroupInputs:
    """One group as the analysis reads it (no ORM objects beyond ``group``)."""

    group: StakeholderGroup
    points: dict[int, float] = field(default_factory=dict)
    group_judgements: dict[tuple[str, str], float] = field(default_factory=dict)
    criterion_judgements: dict[tuple[int, int], float] = field(default_factory=dict)

    @property
    def member_names(self) -> list[str]:
        return [member.get_full_name() or member.username for member in self.group.members.all()]


def combination_method(evaluation: Evaluation) -> str:
    """The evaluation's combination method (the mean until the owner chooses; one query)."""
    method = (
        StakeholderSettings.objects.filter(evaluation=evaluation).values_list("method", flat=True).first()
    )
    return method or CombinationMethod.MEAN


def group_inputs(evaluation: Evaluation) -> list[GroupInputs]:
    """Every group of ``evaluation`` with its points and judgements, in display order.

    Queries: groups, their members, points, judgements between criterion groups, between criteria.
    """
    groups = list(
        StakeholderGroup.objects.filter(evaluation=evaluation)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("members"))
    )
    inputs = {group.pk: GroupInputs(group) for group in groups}
    if not inputs:
        return []
    for group_id, criterion_id, points in StakeholderWeight.objects.filter(group__in=groups).values_list(
        "group_id", "criterion_id", "points"
    ):
        inputs[group_id].points[criterion_id] = points
    for group_id, first, second, value in StakeholderGroupComparison.objects.filter(
        group__in=groups
    ).values_list("group_id", "first", "second", "value"):
        inputs[group_id].group_judgements[(first, second)] = value
    for group_id, first, second, value in StakeholderCriterionComparison.objects.filter(
        group__in=groups
    ).values_list("group_id", "first_id", "second_id", "value"):
        inputs[group_id].criterion_judgements[(first, second)] = value
    return list(inputs.values())
