"""/api/campaigns/: list, the board's rows, create (all or nothing, links once), remind the late."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from config.roles import Role
from evaluator.models import Campaign, Invitation, Response
from evaluator.portal import campaigns, emails
from tests import factories
from tests.api.conftest import token_client
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import small_questionnaire

TODAY = timezone.localdate()
DEADLINE = TODAY + datetime.timedelta(days=10)


@pytest.fixture(autouse=True)
def portal_links(monkeypatch):
    try:
        reverse("portal:home", args=["x"])
    except NoReverseMatch:
        monkeypatch.setattr(emails, "portal_link", lambda token: f"{settings.SITE_URL}/respond/{token}/")


@pytest.fixture
def questionnaire(db):
    return small_questionnaire()


def payload(questionnaire, vendors, **extra):
    return {
        "title": "API round",
        "questionnaire": questionnaire.pk,
        "vendors": [{"vendor": vendor.pk, "email": f"Contact@{vendor.slug}.example"} for vendor in vendors],
        "deadline": DEADLINE.isoformat(),
        **extra,
    }


def test_post_creates_the_campaign_and_answers_with_the_links_once(
    procurement, questionnaire, django_capture_on_commit_callbacks
):
    vendors = [factories.VendorFactory(name=f"Api {i}", slug=f"api-{i}") for i in range(2)]
    client = token_client(procurement)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/api/campaigns/", payload(questionnaire, vendors), format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["campaign"]["title"] == "API round" and body["campaign"]["invited"] == 2
    assert [row["email"] for row in body["vendors"]] == ["contact@api-0.example", "contact@api-1.example"]
    assert {row["state"] for row in body["vendors"]} == {"sent"}
    assert len(body["links"]) == 2 and all("/respond/" in link["link"] for link in body["links"])
    assert len(mail.outbox) == 2
    # Read back: the same rows, never the links.
    detail = client.get(f"/api/campaigns/{body['campaign']['id']}/").json()
    assert "links" not in detail and detail["counts"]["invited"] == 2
    assert client.get("/api/campaigns/").json()["results"][0]["id"] == body["campaign"]["id"]


def test_a_bad_request_saves_nothing_and_says_what_is_wrong(procurement, questionnaire):
    vendor = factories.VendorFactory(name="Twice", slug="twice")
    client = token_client(procurement)
    twice = payload(questionnaire, [vendor, vendor])
    answer = client.post("/api/campaigns/", twice, format="json")
    assert answer.status_code == 400
    assert "listed twice" in answer.json()["errors"][0]["message"]

    past = payload(questionnaire, [vendor], deadline=(TODAY - datetime.timedelta(days=1)).isoformat())
    answer = client.post("/api/campaigns/", past, format="json")
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "deadline"
    far = client.post(
        "/api/campaigns/", payload(questionnaire, [vendor], deadline="9999-12-31"), format="json"
    )
    assert far.status_code == 400 and "two years" in far.json()["errors"][0]["message"]

    evaluation = EvaluationFactory(owner=procurement, candidates=[])
    not_candidate = payload(questionnaire, [vendor], evaluation=evaluation.pk)
    answer = client.post("/api/campaigns/", not_candidate, format="json")
    assert answer.status_code == 400 and "is not a candidate" in answer.content.decode()
    assert not Campaign.objects.exists() and not Response.objects.exists() and not Invitation.objects.exists()


def test_executives_read_but_neither_create_nor_remind(executive, procurement, questionnaire):
    vendor = factories.VendorFactory(name="Readable", slug="readable")
    campaign = campaigns.create_campaign(
        title="Read me",
        questionnaire=questionnaire,
        entries=[campaigns.Entry(vendor, "r@readable.example")],
        deadline=TODAY,
        user=procurement,
    ).campaign
    client = token_client(executive)
    assert client.get(f"/api/campaigns/{campaign.pk}/").status_code == 200
    assert client.post("/api/campaigns/", payload(questionnaire, [vendor]), format="json").status_code == 403
    assert client.post(f"/api/campaigns/{campaign.pk}/remind-late/").status_code == 403
    assert token_client(None).get("/api/campaigns/").status_code == 401


def test_remind_late_sends_once_a_day(procurement, questionnaire):
    vendor = factories.VendorFactory(name="Latecomer", slug="latecomer")
    campaign = campaigns.create_campaign(
        title="Chase",
        questionnaire=questionnaire,
        entries=[campaigns.Entry(vendor, "l@latecomer.example")],
        deadline=TODAY + datetime.timedelta(days=2),
        user=procurement,
    ).campaign
    client = token_client(procurement)
    assert client.post(f"/api/campaigns/{campaign.pk}/remind-late/").json() == {"sent": 1}
    assert client.post(f"/api/campaigns/{campaign.pk}/remind-late/").json() == {"sent": 0}


def test_an_evaluation_campaign_is_404_outside_the_evaluation(risk_leader, questionnaire):
    outsider = factories.UserFactory(username="otto.outsider", role=Role.PROCUREMENT.value)
    vendor = factories.VendorFactory(name="Inside", slug="inside")
    evaluation = EvaluationFactory(owner=risk_leader, candidates=[vendor])
    campaign = campaigns.create_campaign(
        title="Members only",
        questionnaire=questionnaire,
        entries=[campaigns.Entry(vendor, "i@inside.example")],
        deadline=DEADLINE,
        user=risk_leader,
        evaluation=evaluation,
    ).campaign
    client = token_client(outsider)
    assert client.get(f"/api/campaigns/{campaign.pk}/").status_code == 404
    assert client.post(f"/api/campaigns/{campaign.pk}/remind-late/").status_code == 404
    assert client.get("/api/campaigns/").json()["count"] == 0
    assert token_client(risk_leader).get(f"/api/campaigns/{campaign.pk}/").status_code == 200


def test_the_detail_costs_the_same_queries_for_one_or_five_vendors(procurement):
    def detail_queries(count, family):
        made = [factories.VendorFactory(name=f"{family} {i}", slug=f"{family}-{i}") for i in range(count)]
        campaign = campaigns.create_campaign(
            title=family,
            questionnaire=small_questionnaire(family),
            entries=[campaigns.Entry(v, f"c@{v.slug}.example") for v in made],
            deadline=DEADLINE,
            user=procurement,
        ).campaign
        client = token_client(procurement)
        client.get(f"/api/campaigns/{campaign.pk}/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/campaigns/{campaign.pk}/").status_code == 200
        return len(queries)

    assert detail_queries(1, "one") == detail_queries(5, "five")


def test_the_list_costs_the_same_queries_for_5_and_50_campaigns(procurement, questionnaire):
    client = token_client(procurement)

    def add(count):
        for _ in range(count):
            vendor = factories.VendorFactory()
            campaigns.create_campaign(
                title=f"List {vendor.pk}",
                questionnaire=questionnaire,
                entries=[campaigns.Entry(vendor, "c@list.example")],
                deadline=DEADLINE,
                user=procurement,
            )

    def queries():
        client.get("/api/campaigns/")
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/api/campaigns/").json()
        return len(captured), page["count"]

    add(5)
    five = queries()
    add(45)
    fifty = queries()
    assert (five[1], fifty[1]) == (5, 50)
    assert five[0] == fifty[0]
