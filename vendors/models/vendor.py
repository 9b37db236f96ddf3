from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from common.models import TrackedModel, non_negative

# Words the vendor pages use in their own addresses (vendors/urls.py).
RESERVED_SLUGS = {"new", "capabilities", "roadmaps", "notifications", "signals"}


class Ownership(models.TextChoices):
    PUBLIC = "public", "Public company"
    PRIVATE = "private", "Privately held"
    VC_BACKED = "vc_backed", "VC-backed"
    PE_OWNED = "pe_owned", "Private-equity owned"
    SUBSIDIARY = "subsidiary", "Subsidiary"


class VendorStatus(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    SHORTLISTED = "shortlisted", "Shortlisted"
    INCUMBENT = "incumbent", "Incumbent"
    REJECTED = "rejected", "Rejected"


class VendorQuerySet(models.QuerySet):
    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(description__icontains=text)
            | models.Q(unique_selling_points__icontains=text)
            | models.Q(country__icontains=text)
        )

    def offerable_as_candidates(self, chosen=()):
        """Vendors an evaluation may take as candidates: every one not rejected, plus those in
        ``chosen`` (ids already chosen stay, so an edit does not drop them silently)."""
        return self.exclude(models.Q(status=VendorStatus.REJECTED) & ~models.Q(pk__in=list(chosen)))

    def offering_domain(self, domain_slug: str):
        """Vendors with at least one assessment above zero in the domain."""
        if not domain_slug:
            return self
        return self.filter(
            assessments__capability__domain__slug=domain_slug, assessments__maturity__gt=0
        ).distinct()


class Vendor(TrackedModel):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    website = models.URLField(blank=True)
    country = models.CharField(max_length=60, blank=True)
    founded = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Year founded",
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    headcount = models.PositiveIntegerField(null=True, blank=True)
    ownership = models.CharField(max_length=20, choices=Ownership.choices, default=Ownership.PRIVATE)
    status = models.CharField(max_length=20, choices=VendorStatus.choices, default=VendorStatus.PROSPECT)
    unique_selling_points = models.TextField(blank=True, help_text="One selling point per line")
    description = models.TextField(blank=True)

    objects = VendorQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="vendor_name_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(founded__isnull=True) | models.Q(founded__gte=1800, founded__lte=2100),
                name="vendor_founded_plausible",
            ),
            non_negative("headcount", "vendor_headcount_non_negative"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def name_problem(cls, name: str, pk: int | None = None) -> str | None:
        """Why ``name`` cannot be the name of vendor ``pk`` (None: a new vendor), or None.

        The one name rule (forms, API, admin): unique ignoring case, and the slug derived from
        it (the vendor's address) non-empty, not a word the vendor pages use, and unique.
        """
        name = (name or "").strip()
        others = cls.objects.exclude(pk=pk)
        if others.annotate(lname=Lower("name")).filter(lname=name.lower()).exists():
            return "A vendor with this name already exists."
        slug = slugify(name)
        if not slug:
            return "The name needs at least one letter or digit."
        if slug in RESERVED_SLUGS:
            return f"{name!r} is reserved by the application; add a word to it."
        clash = others.filter(slug=slug).first()
        if clash is not None:
            return f"This name is too close to {clash.name!r}."
        return None

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        if not self.name:
            return  # blank (or refused by the form already, e.g. too long): the field's own error says so
        problem = self.name_problem(self.name, self.pk)
        if problem:
            raise ValidationError({"name": problem})
        self.slug = slugify(self.name)  # the address always follows the name

    def get_absolute_url(self):
        return reverse("vendors:detail", args=[self.slug])

    @property
    def selling_points(self) -> list[str]:
        return [line.strip() for line in self.unique_selling_points.splitlines() if line.strip()]
