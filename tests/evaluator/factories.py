"""Factories for evaluations (beside the vendor factories in tests/factories.py)."""

import datetime

import factory

from config.roles import Role
from evaluator import models
from tests.factories import UserFactory


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Evaluation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Selection {n}")
    owner = factory.SubFactory(UserFactory, role=Role.RISK_LEADER.value)
    horizon_date = datetime.date(2027, 12, 31)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)

    @factory.post_generation
    def candidates(self, create, extracted, **kwargs):
        if create and extracted:
            self.candidates.set(extracted)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Criterion

    evaluation = factory.SubFactory(EvaluationFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    group = models.CriterionGroup.MANUAL
    source = models.CriterionSource.MANUAL
    weight = 10
