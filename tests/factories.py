"""factory_boy factories for the vendor record; other apps add theirs beside these."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from vendors import models

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Vendor

    name = factory.Sequence(lambda n: f"Vendor {n:03d}")
    slug = factory.LazyAttribute(lambda v: v.name.lower().replace(" ", "-"))
    country = "Netherlands"
    founded = 2010
    headcount = 250
    unique_selling_points = "Fast\nDeep"


def capability(slug="siem"):
    return models.Capability.objects.get(slug=slug)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CapabilityAssessment

    vendor = factory.SubFactory(VendorFactory)
    capability = factory.LazyFunction(capability)
    assessed_on = datetime.date(2026, 1, 1)
    maturity = 3


class FinancialFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FinancialFact

    vendor = factory.SubFactory(VendorFactory)
    fiscal_year = 2025
    revenue = 100_000_000
    rd_spend = 15_000_000
    rd_headcount = 120


class FundingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FundingEvent

    vendor = factory.SubFactory(VendorFactory)
    date = datetime.date(2024, 5, 1)
    kind = models.FundingKind.VENTURE
    amount = 20_000_000


class RoadmapItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RoadmapItem

    vendor = factory.SubFactory(VendorFactory)
    capability = factory.LazyFunction(capability)
    title = factory.Sequence(lambda n: f"Roadmap item {n}")
    first_promised_date = datetime.date(2026, 6, 30)
    target_date = factory.SelfAttribute("first_promised_date")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contract

    vendor = factory.SubFactory(VendorFactory)
    reference = factory.Sequence(lambda n: f"C-{n}")
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    annual_value = 250_000


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Briefing

    vendor = factory.SubFactory(VendorFactory)
    date = datetime.date(2026, 3, 15)
    covered_roadmap = True
