"""Fixtures (imported by the portal test modules under their ``*_fixture`` names) for an invited vendor contact: a small questionnaire (weights and choice points that must never
show in the portal), a response, an invitation and its raw token."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from evaluator.models import Question
from evaluator.portal.invitations import invite
from evaluator.responses.lifecycle import start_response
from tests import factories
from tests.evaluator.questionnaire_helpers import small_questionnaire

# Values that exist only on the staff side: a question weight and two choice points.
SECRET_WEIGHT = Decimal("7.25")
SECRET_POINTS = (Decimal("1.75"), Decimal("4.25"))


@pytest.fixture(autouse=True, name="fresh_rate_counts")
def fresh_rate_counts_fixture():
    cache.clear()  # the portal's rate counters live in the cache
    yield
    cache.clear()


def make_invitation(
    vendor_name="Portalia Sensors", require_code=False, email="contact@acme.example", **extra
):
    vendor = factories.VendorFactory(name=vendor_name)
    questionnaire = small_questionnaire(family=f"portal-{vendor.slug}")
    q02 = Question.objects.get(questionnaire=questionnaire, code="Q-02")
    q02.weight = SECRET_WEIGHT
    q02.save()
    low, _, high = q02.choices.order_by("position")
    low.score, high.score = SECRET_POINTS
    low.save()
    high.save()
    inviter = factories.UserFactory(username=f"inviter-{vendor.slug}")
    response = start_response(vendor, questionnaire, inviter)
    invitation, token = invite(
        response,
        email,
        timezone.localdate() + datetime.timedelta(days=14),
        inviter,
        message="Please answer the basics first.",
        require_code=require_code,
        **extra,
    )
    return invitation, token


@pytest.fixture(name="invited")
def invited_fixture(db):
    return make_invitation()


@pytest.fixture(name="portal")
def portal_fixture(invited):
    """(client, invitation, token) with a fresh anonymous client."""
    invitation, token = invited
    return Client(), invitation, token


def url(token, rest=""):
    return f"/respond/{token}/{rest}"
