from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from common.models import TrackedModel


class DomainArea(models.TextChoices):
    CYBER = "cyber", "Cyber"
    PHYSICAL = "physical", "Physical"
    CONVERGENCE = "convergence", "Convergence"


class DeliveryModel(models.TextChoices):
    NATIVE = "native", "Native"
    PARTNER = "partner", "Partner / OEM"
    ACQUIRED = "acquired", "Acquired"
    ROADMAP_ONLY = "roadmap_only", "Roadmap only"


class EvidenceGrade(models.TextChoices):
    """How far a claim has been checked, weakest first."""

    SELF_ASSERTED = "self_asserted", "Self-asserted"
    DOCUMENTED = "documented", "Documented"
    DEMONSTRATED = "demonstrated", "Demonstrated"
    VERIFIED = "verified", "Verified"
    CONTRACTUAL = "contractual", "Contractual"


# The written rubric shown next to every maturity input and in the matrix.
MATURITY_RUBRIC = {
    0: ("Absent", "Not offered, not even on the roadmap."),
    1: ("Announced", "Roadmap or concept only; nothing a customer can run."),
    2: ("Early", "Available but limited: beta, few customers, narrow use cases, heavy services."),
    3: ("Established", "Generally available and in production at typical customers for the main use cases."),
    4: ("Advanced", "Proven at scale, broad coverage of use cases, strong integrations and APIs."),
    5: ("Leading", "Deep, differentiated expertise: sets the market standard, dedicated R&D team."),
}
MATURITY_CHOICES = [(level, f"{level} – {title}") for level, (title, _) in MATURITY_RUBRIC.items()]


class CapabilityDomain(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    area = models.CharField(max_length=20, choices=DomainArea.choices)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Capability(models.Model):
    domain = models.ForeignKey(CapabilityDomain, on_delete=models.PROTECT, related_name="capabilities")
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["domain__position", "position", "name"]
        verbose_name_plural = "capabilities"

    def __str__(self):
        return self.name


class AssessmentQuerySet(models.QuerySet):
    def latest_per_capability(self):
        """The current assessment of each vendor × capability: the most recent date wins."""
        newer = self.model.objects.filter(
            vendor=models.OuterRef("vendor"),
            capability=models.OuterRef("capability"),
            assessed_on__gt=models.OuterRef("assessed_on"),
        )
        return self.filter(~models.Exists(newer))


class CapabilityAssessment(TrackedModel):
    """One dated judgement of how deep a vendor's capability goes. History is kept."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="assessments")
    capability = models.ForeignKey(Capability, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField()
    maturity = models.PositiveSmallIntegerField(choices=MATURITY_CHOICES)
    delivery_model = models.CharField(
        max_length=20, choices=DeliveryModel.choices, default=DeliveryModel.NATIVE
    )
    evidence_grade = models.CharField(
        max_length=20, choices=EvidenceGrade.choices, default=EvidenceGrade.SELF_ASSERTED
    )
    note = models.TextField(blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["capability__domain__position", "capability__position", "-assessed_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(maturity__lte=5), name="assessment_maturity_0_5"),
            models.UniqueConstraint(
                fields=["vendor", "capability", "assessed_on"], name="assessment_one_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.vendor} · {self.capability} · {self.assessed_on}: {self.maturity}"

    @property
    def rubric(self) -> str:
        title, text = MATURITY_RUBRIC[self.maturity]
        return f"{title}: {text}"
