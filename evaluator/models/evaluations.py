"""Evaluations: a selection project, its criteria and weights, and the evaluators' manual scores.

The arithmetic lives in ``engine/scoring/`` and ``engine/mcda/``; these models only hold
the inputs a risk leader chooses. ``docs/scoring.md`` section 3 explains every metric a criterion
can use.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from common.models import TrackedModel


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COLLECTING = "collecting", "Collecting facts"
    SCORING = "scoring", "Scoring"
    PROPOSED = "proposed", "Proposed for sign-off"
    DECIDED = "decided", "Decided"


class RankingMethod(models.TextChoices):
    WEIGHTED_SUM = "weighted_sum", "Weighted sum"
    TOPSIS = "topsis", "TOPSIS"


class WeightMode(models.TextChoices):
    DIRECT = "direct", "Direct (points)"
    PAIRWISE = "pairwise", "Pairwise comparison (AHP)"


class CriterionGroup(models.TextChoices):
    CAPABILITY_DEPTH = "capability_depth", "Capability depth"
    DELIVERY_RECORD = "delivery_record", "Delivery record"
    ROADMAP = "roadmap", "Roadmap"
    CONTRACT_COVERAGE = "contract_coverage", "Contract coverage"
    RD = "rd", "R&D"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    COST = "cost", "Cost"
    MANUAL = "manual", "Manual rating"


class Direction(models.TextChoices):
    BENEFIT = "benefit", "Benefit (more is better)"
    COST = "cost", "Cost (less is better)"


class CriterionSource(models.TextChoices):
    METRIC = "metric", "Derived metric"
    COST_FIGURE = "cost_figure", "Cost figure"
    QUESTIONNAIRE_SECTION = "questionnaire_section", "Questionnaire section score"
    MANUAL = "manual", "Manual rating (0–5)"


class Metric(models.TextChoices):
    """Derived metrics computed by ``engine.scoring.vendor_metrics`` (docs/scoring.md §3)."""

    DEPTH_INDEX = "depth_index", "Depth index"
    SHALLOW_BREADTH_SHARE = "shallow_breadth_share", "Shallow-breadth share"
    PACE_EVENNESS = "pace_evenness", "Pace evenness"
    DELIVERY_RECORD = "delivery_record", "Delivery record"
    CREDIBLE_ROADMAP = "credible_roadmap", "Credibility-discounted roadmap"
    CONTRACT_INCLUDED_SHARE = "contract_included_share", "Roadmap included in the contract"
    ITEMS_AFTER_CONTRACT = "items_after_contract", "Roadmap items landing after the contract ends"
    RD_INTENSITY = "rd_intensity", "R&D intensity"
    RD_TREND = "rd_trend", "R&D intensity trend"
    RD_ORGANIC_SHARE = "rd_organic_share", "R&D funded from operations"
    # Cost figures (source "cost_figure").
    COST_TO_REALISE = "cost_to_realise", "Cost to realise the roadmap not included"
    ANNUAL_CONTRACT_VALUE = "annual_contract_value", "Annual contract value"
    # Vendor signals (vendors/signals/): weighted known exploited vulnerabilities per product family.
    PRODUCT_SECURITY_RECORD = "product_security_record", "Product security record"


COST_FIGURES = (Metric.COST_TO_REALISE, Metric.ANNUAL_CONTRACT_VALUE)


def new_blind_secret() -> str:
    return secrets.token_hex(32)


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Evaluations the user owns or is a member of; administrators see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        member_of = Evaluation.members.through.objects.filter(
            evaluation_id=models.OuterRef("pk"), user_id=user.pk
        )
        return self.filter(models.Q(owner=user) | models.Exists(member_of))


class Evaluation(TrackedModel):
    # Who takes part, blind mode and the status (deciding included) are the owner's to change, and
    # administrators'; members score and comment. Every surface asks ``owner_only_changes``.
    OWNER_ONLY_FIELDS = ("owner", "members", "blind_scoring", "status")

    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_evaluations"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="evaluations",
        help_text="People who see this evaluation; the owner always does.",
    )
    candidates = models.ManyToManyField("vendors.Vendor", blank=True, related_name="evaluations")
    horizon_date = models.DateField(help_text="Roadmap items due after this date do not count.")
    as_of_date = models.DateField(
        "Score as of",
        null=True,
        blank=True,
        help_text="The day the facts are read as of (delivery record, current maturity); blank = today.",
    )
    status = models.CharField(max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT)
    method = models.CharField(
        "Ranking method",
        max_length=20,
        choices=RankingMethod.choices,
        default=RankingMethod.WEIGHTED_SUM,
    )
    weight_mode = models.CharField(max_length=20, choices=WeightMode.choices, default=WeightMode.DIRECT)
    blind_scoring = models.BooleanField(
        default=False, help_text='Show candidates as "Vendor A, B, …" on the manual scoring grid.'
    )
    # The key of the blind grid's order and its opaque candidate ids (scoring_grid/rules.py): random
    # per evaluation and never shown, so nobody can recompute which label is which vendor.
    blind_secret = models.CharField(max_length=64, default=new_blind_secret, editable=False)

    objects = EvaluationQuerySet.as_manager()

    # Who may see the evaluation and who competes in it are part of its audit trail.
    history = HistoricalRecords(m2m_fields=[members, candidates], excluded_fields=["blind_secret"])

    class Meta:
        ordering = ["-created_at", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evaluator:detail", args=[self.pk])

    def is_member(self, user) -> bool:
        return user.is_superuser or self.owner_id == user.pk or self.members.filter(pk=user.pk).exists()

    def is_governed_by(self, user) -> bool:
        """The owner and administrators may change what ``OWNER_ONLY_FIELDS`` names, and decide."""
        return bool(user.is_superuser or (self.owner_id is not None and self.owner_id == user.pk))

    def owner_only_changes(self, user, changes: dict) -> list[str]:
        """The owner-only fields ``changes`` would change that ``user`` may not (empty: allowed).

        ``changes`` maps field names to new values (users for ``members``); unchanged values pass.
        """
        if self.pk is None or self.is_governed_by(user):
            return []
        refused = []
        for name in self.OWNER_ONLY_FIELDS:
            if name not in changes:
                continue
            if name == "members":
                chosen = {member.pk for member in changes[name]}
                changed = chosen != set(self.members.values_list("pk", flat=True))
            else:
                changed = changes[name] != getattr(self, name)
            if changed:
                refused.append(name)
        return refused

    def owner_only_message(self, fields: list[str]) -> str:
        labels = ", ".join(str(self._meta.get_field(name).verbose_name) for name in fields)
        return f"Only the owner ({self.owner}) or an administrator can change: {labels}."


class RequiredCapability(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="required_capabilities")
    capability = models.ForeignKey("vendors.Capability", on_delete=models.PROTECT, related_name="+")
    importance = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = nice to have … 5 = essential.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["capability__domain__position", "capability__position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "capability"], name="required_capability_once"),
            models.CheckConstraint(
                condition=models.Q(importance__gte=1, importance__lte=5), name="required_importance_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.capability} ({self.importance})"


class Criterion(TrackedModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=120)
    group = models.CharField(max_length=20, choices=CriterionGroup.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.BENEFIT)
    source = models.CharField(max_length=30, choices=CriterionSource.choices, default=CriterionSource.METRIC)
    metric = models.CharField(
        max_length=30, choices=Metric.choices, blank=True, help_text="For derived metrics and cost figures."
    )
    # A questionnaire criterion reads the vendor's score (0–1) on one section of one version.
    questionnaire_section = models.ForeignKey(
        "evaluator.Section",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For questionnaire criteria: the section whose score is used.",
    )
    weight = models.FloatField(
        default=1.0,
        validators=[MinValueValidator(0.0)],
        help_text="Points; weights are normalised to sum 1 when scoring.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="criterion_name_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="criterion_weight_non_negative"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.source in (CriterionSource.METRIC, CriterionSource.COST_FIGURE) and not self.metric:
            errors["metric"] = "Choose the metric this criterion reads."
        if self.source == CriterionSource.COST_FIGURE and self.metric and self.metric not in COST_FIGURES:
            errors["metric"] = "A cost figure criterion reads a cost: choose one of the cost figures."
        if self.source == CriterionSource.METRIC and self.metric in COST_FIGURES:
            errors["source"] = "This metric is a cost figure; choose the source “Cost figure”."
        if self.source in (CriterionSource.MANUAL, CriterionSource.QUESTIONNAIRE_SECTION) and self.metric:
            errors["metric"] = "Only derived metrics and cost figures read a metric."
        if self.source == CriterionSource.QUESTIONNAIRE_SECTION and not self.questionnaire_section_id:
            errors["questionnaire_section"] = "Choose the questionnaire section this criterion reads."
        if self.source != CriterionSource.QUESTIONNAIRE_SECTION and self.questionnaire_section_id:
            errors["questionnaire_section"] = "Only questionnaire criteria read a section."
        if errors:
            raise ValidationError(errors)


class GroupComparison(models.Model):
    """Pairwise (AHP) judgement between two criterion groups: ``first`` is ``value`` times as important."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="group_comparisons")
    first = models.CharField(max_length=20, choices=CriterionGroup.choices)
    second = models.CharField(max_length=20, choices=CriterionGroup.choices)
    value = models.FloatField(validators=[MinValueValidator(1 / 9), MaxValueValidator(9)])

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "first", "second"], name="group_comparison_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1 / 9 - 1e-9, value__lte=9), name="group_comparison_saaty"
            ),
        ]

    def __str__(self):
        return f"{self.get_first_display()} vs {self.get_second_display()}: {self.value:g}"


class CriterionComparison(models.Model):
    """Pairwise (AHP) judgement between two criteria of the same group."""

    first = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(validators=[MinValueValidator(1 / 9), MaxValueValidator(9)])

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="criterion_comparison_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1 / 9 - 1e-9, value__lte=9), name="criterion_comparison_saaty"
            ),
        ]

    def __str__(self):
        return f"{self.first} vs {self.second}: {self.value:g}"


class ManualScore(TrackedModel):
    """One evaluator's 0–5 rating of one candidate on one manual criterion."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="manual_scores")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(5)])
    rationale = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion", "vendor", "evaluator"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "vendor", "evaluator"], name="manual_score_once"),
            models.CheckConstraint(condition=models.Q(score__lte=5), name="manual_score_0_5"),
        ]

    def __str__(self):
        return f"{self.evaluator} · {self.vendor} · {self.criterion}: {self.score}"
