"""Stakeholder groups: who weighs the criteria how, and how their views combine (issue 18).

Each group of an evaluation (SOC, physical security, procurement …) sets its own weights,
directly (points per criterion) or by pairwise judgements in the evaluation's hierarchy. The
arithmetic is ``engine/stakeholders.py`` and ``engine/mcda/groups.py``; docs/scoring.md §4.7.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from common.models import TrackedModel
from evaluator.models.evaluations import Criterion, CriterionGroup, Evaluation


class CombinationMethod(models.TextChoices):
    MEAN = "mean", "Weighted arithmetic mean of the groups' weights"
    AIJ = "aij", "Aggregated judgements (AIJ: geometric mean of the pairwise judgements)"
    AIP = "aip", "Aggregated priorities (AIP: geometric mean of the groups' weights)"


class StakeholderWeightMode(models.TextChoices):
    DIRECT = "direct", "Direct (points)"
    PAIRWISE = "pairwise", "Pairwise comparison (AHP)"


class StakeholderSettings(models.Model):
    """How the evaluation's stakeholder groups combine (one row per evaluation, made on first save)."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="stakeholder_settings"
    )
    method = models.CharField(
        "Combination", max_length=10, choices=CombinationMethod.choices, default=CombinationMethod.MEAN
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "stakeholder settings"

    def __str__(self):
        return f"{self.evaluation}: {self.get_method_display()}"


class StakeholderGroup(TrackedModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="stakeholder_groups")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    influence = models.FloatField(
        default=1.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(100.0)],
        help_text="Relative say in the combined weights (0–100; shares are normalised to sum 1).",
    )
    weight_mode = models.CharField(
        max_length=10, choices=StakeholderWeightMode.choices, default=StakeholderWeightMode.DIRECT
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="stakeholder_group_name_unique"),
            models.CheckConstraint(
                condition=models.Q(influence__gte=0, influence__lte=100), name="stakeholder_influence_0_100"
            ),
        ]

    def __str__(self):
        return self.name


class StakeholderWeight(models.Model):
    """A group's points for one criterion (direct mode); a criterion without a row has the
    evaluation's own points."""

    group = models.ForeignKey(StakeholderGroup, on_delete=models.CASCADE, related_name="weights")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    points = models.FloatField(validators=[MinValueValidator(0.0)])

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "criterion"], name="stakeholder_weight_once"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="stakeholder_points_non_negative"),
        ]

    def __str__(self):
        return f"{self.group} · {self.criterion}: {self.points:g}"


class StakeholderGroupComparison(models.Model):
    """A group's pairwise judgement between two criterion groups."""

    group = models.ForeignKey(StakeholderGroup, on_delete=models.CASCADE, related_name="group_comparisons")
    first = models.CharField(max_length=20, choices=CriterionGroup.choices)
    second = models.CharField(max_length=20, choices=CriterionGroup.choices)
    value = models.FloatField(validators=[MinValueValidator(1 / 9), MaxValueValidator(9)])

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "first", "second"], name="stakeholder_group_pair_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1 / 9 - 1e-9, value__lte=9), name="stakeholder_group_pair_saaty"
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.first} vs {self.second} = {self.value:g}"


class StakeholderCriterionComparison(models.Model):
    """A group's pairwise judgement between two criteria of the same criterion group."""

    group = models.ForeignKey(
        StakeholderGroup, on_delete=models.CASCADE, related_name="criterion_comparisons"
    )
    first = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(validators=[MinValueValidator(1 / 9), MaxValueValidator(9)])

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "first", "second"], name="stakeholder_criterion_pair_once"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1 / 9 - 1e-9, value__lte=9),
                name="stakeholder_criterion_pair_saaty",
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.first} vs {self.second} = {self.value:g}"


class ConsensusOutcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved: agreed score"
    LEFT = "left", "Left as it is"


class ConsensusNote(TrackedModel):
    """What the discussion of one scoring disagreement (criterion × vendor) concluded."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="consensus_notes")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=10, choices=ConsensusOutcome.choices)
    agreed_score = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(5)])
    reason = models.CharField(max_length=200)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion", "vendor"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "vendor"], name="consensus_note_once"),
            models.CheckConstraint(
                condition=(models.Q(outcome="resolved", agreed_score__isnull=False, agreed_score__lte=5))
                | models.Q(outcome="left", agreed_score__isnull=True),
                name="consensus_agreed_score_when_resolved",
            ),
        ]

    def __str__(self):
        return f"{self.criterion} · {self.vendor}: {self.get_outcome_display()}"
