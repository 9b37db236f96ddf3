"""Issue 15 §2: campaigns — one questionnaire to many vendors, all or nothing, a board, chasing the late."""

import datetime
import html

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from config.roles import Role
from evaluator.models import (
    Campaign,
    Evaluation,
    EvaluationStatus,
    Invitation,
    ReminderSent,
    Response,
    ResponseStatus,
)
from evaluator.portal import campaigns, emails
from evaluator.responses.lifecycle import start_response
from tests import factories
from tests.conftest import client_for, warm_permissions
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import small_questionnaire

TODAY = timezone.localdate()
DEADLINE = TODAY + datetime.timedelta(days=14)
NEW = "/questionnaires/campaigns/new/"


@pytest.fixture(autouse=True)
def portal_links(monkeypatch):
    # The portal's pages come from another branch; until they are merged, links get its address.
    try:
        reverse("portal:home", args=["x"])
    except NoReverseMatch:
        monkeypatch.setattr(emails, "portal_link", lambda token: f"{settings.SITE_URL}/respond/{token}/")


@pytest.fixture
def questionnaire(db):
    return small_questionnaire()


@pytest.fixture
def vendors(db):
    return [
        factories.VendorFactory(name="Acme Security", slug="acme"),
        factories.VendorFactory(name="Beacon, Inc.", slug="beacon"),
        factories.VendorFactory(name="Citadel", slug="citadel"),
    ]


def form_data(questionnaire, vendors_text, **extra):
    return {
        "title": "Q1 refresh",
        "questionnaire": questionnaire.pk,
        "vendors": vendors_text,
        "deadline": DEADLINE.isoformat(),
        "grace_days": 3,
        "message": "Thanks for your help.",
        **extra,
    }


LINES = "Acme Security, anna@acme.example\nBeacon, Inc.; bo@beacon.example\n\ncitadel\tcy@citadel.example\n"


def test_creating_a_campaign_invites_every_vendor_and_shows_the_links_once(
    procurement, questionnaire, vendors, django_capture_on_commit_callbacks
):
    client = client_for(procurement)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(NEW, form_data(questionnaire, LINES))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    campaign = Campaign.objects.get()
    invitations = Invitation.objects.filter(campaign=campaign).select_related("response__vendor")
    assert sorted((i.response.vendor.name, i.email) for i in invitations) == [
        ("Acme Security", "anna@acme.example"),
        ("Beacon, Inc.", "bo@beacon.example"),
        ("Citadel", "cy@citadel.example"),
    ]
    assert all(
        i.deadline == DEADLINE and i.grace_days == 3 and i.invited_by == procurement for i in invitations
    )
    questionnaire.refresh_from_db()
    assert questionnaire.is_frozen
    # One e-mail each, after the commit, each with its own link; the same links on the page only.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@acme.example",
        "bo@beacon.example",
        "cy@citadel.example",
    ]
    for message in mail.outbox:
        link = next(line for line in message.body.splitlines() if "/respond/" in line)
        assert link in page.content.decode()
    board = client.get(f"/questionnaires/campaigns/{campaign.pk}/").content.decode()
    assert "/respond/" not in board


def test_one_bad_line_saves_nothing_and_says_which_line(procurement, questionnaire, vendors):
    text = "Acme Security, anna@acme.example\nNobody Ltd, n@nobody.example\ncitadel, not-an-address\nacme, a2@acme.example\nJust a name\nCitadel cy@citadel.example"
    page = client_for(procurement).post(NEW, form_data(questionnaire, text))
    assert page.status_code == 200
    body = html.unescape(page.content.decode())
    assert "Line 2" in body and "no vendor is called “Nobody Ltd”" in body
    assert "Line 3" in body and "is not an e-mail address" in body
    assert "Line 4" in body and "Acme Security is already on line 1" in body
    assert "Line 5" in body and "the contact's e-mail is missing after the vendor" in body
    assert "Line 6" in body and "a comma" in body
    assert not Campaign.objects.exists() and not Invitation.objects.exists() and not Response.objects.exists()
    assert mail.outbox == []


def test_a_failure_half_way_rolls_everything_back(procurement, questionnaire, vendors, monkeypatch):
    real_invite = campaigns.invite
    calls = []

    def invite_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise campaigns.ValidationError({"email": "Enter a valid email address."})
        return real_invite(*args, **kwargs)

    monkeypatch.setattr(campaigns, "invite", invite_then_fail)
    page = client_for(procurement).post(NEW, form_data(questionnaire, LINES))
    assert page.status_code == 200 and "Enter a valid email address." in page.content.decode()
    assert not Campaign.objects.exists() and not Invitation.objects.exists() and not Response.objects.exists()
    questionnaire.refresh_from_db()
    assert not questionnaire.is_frozen


def test_an_existing_draft_is_reused_and_a_closed_response_refused(procurement, questionnaire, vendors):
    draft = start_response(vendors[0], questionnaire, procurement)
    accepted = start_response(vendors[2], questionnaire, procurement)
    Response.objects.filter(pk=accepted.pk).update(status=ResponseStatus.ACCEPTED)
    page = client_for(procurement).post(NEW, form_data(questionnaire, LINES))
    assert (
        "Line 4" in page.content.decode()
        and "is accepted; it cannot be answered again" in page.content.decode()
    )
    assert not Campaign.objects.exists()

    client_for(procurement).post(NEW, form_data(questionnaire, "Acme Security, anna@acme.example"))
    assert Invitation.objects.get().response == draft


def test_an_evaluation_campaign_starts_from_its_candidates_and_keeps_its_responses(
    risk_leader, questionnaire, vendors
):
    evaluation = EvaluationFactory(owner=risk_leader, candidates=vendors[:2])
    old = start_response(vendors[0], questionnaire, risk_leader)
    factories_email = Invitation.objects.create(
        response=old, email="old@acme.example", deadline=DEADLINE, token_hash="x" * 64
    )
    client = client_for(risk_leader)
    page = client.get(NEW, {"evaluation": evaluation.pk}).content.decode()
    # The candidates, with the address their last invitation went to.
    assert "\nAcme Security, old@acme.example\nBeacon, Inc., </textarea>" in page
    assert factories_email.pk

    refused = client.post(NEW, form_data(questionnaire, LINES, evaluation=evaluation.pk)).content.decode()
    assert "Citadel is not a candidate" in refused and not Campaign.objects.exists()

    text = "Acme Security, anna@acme.example\nBeacon, Inc., bo@beacon.example"
    client.post(NEW, form_data(questionnaire, text, evaluation=evaluation.pk))
    campaign = Campaign.objects.get()
    assert campaign.evaluation == evaluation
    responses = Response.objects.filter(invitations__campaign=campaign)
    assert {r.evaluation_id for r in responses} == {evaluation.pk}
    assert old not in responses  # the general response stays apart


def test_a_past_deadline_is_refused(procurement, questionnaire, vendors):
    past = (TODAY - datetime.timedelta(days=1)).isoformat()
    page = client_for(procurement).post(NEW, form_data(questionnaire, LINES, deadline=past))
    assert "The deadline cannot be in the past." in page.content.decode()
    assert not Campaign.objects.exists()


def make_campaign(user, questionnaire, count, deadline=DEADLINE, evaluation=None, prefix="Board"):
    made = [
        factories.VendorFactory(name=f"{prefix} {i:02d}", slug=f"{prefix}-{i}".lower()) for i in range(count)
    ]
    entries = [campaigns.Entry(vendor, f"c{i}@board.example", i + 1) for i, vendor in enumerate(made)]
    return campaigns.create_campaign(
        title=f"Board {count}",
        questionnaire=questionnaire,
        entries=entries,
        deadline=deadline,
        user=user,
        evaluation=evaluation,
    ).campaign


def set_deadline(campaign, days_from_today):
    Invitation.objects.filter(campaign=campaign).update(
        deadline=TODAY + datetime.timedelta(days=days_from_today)
    )


def test_the_board_shows_each_vendor_and_the_counts(procurement, questionnaire):
    campaign = make_campaign(procurement, questionnaire, 3)
    first, second, third = Invitation.objects.filter(campaign=campaign).order_by("response__vendor__name")
    set_deadline(campaign, -2)
    now = timezone.now()
    Invitation.objects.filter(pk=first.pk).update(state="submitted", submitted_at=now, opened_at=now)
    Response.objects.filter(pk=first.response_id).update(status=ResponseStatus.ACCEPTED)
    Invitation.objects.filter(pk=second.pk).update(state="in_progress", opened_at=now, last_activity_at=now)
    rows = campaigns.board_rows(campaign)
    assert [(r.vendor.name, r.state, r.overdue_days, r.accepted) for r in rows] == [
        ("Board 00", "submitted", 0, True),
        ("Board 01", "in_progress", 2, False),
        ("Board 02", "sent", 2, False),
    ]
    assert campaigns.board_counts(rows) == {
        "invited": 3,
        "opened": 2,
        "submitted": 1,
        "accepted": 1,
        "overdue": 2,
    }
    page = client_for(procurement).get(f"/questionnaires/campaigns/{campaign.pk}/").content.decode()
    assert "Board 01" in page and "2 days" in page and third.response.get_absolute_url() in page


def board_queries(user, campaign) -> int:
    client = client_for(user)
    warm_permissions(user)
    url = f"/questionnaires/campaigns/{campaign.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_board_costs_the_same_queries_for_one_or_five_vendors(procurement):
    # Session, user, permissions (cached), the campaign, its invitations with responses and vendors.
    small = make_campaign(procurement, small_questionnaire("one-q"), 1)
    large = make_campaign(procurement, small_questionnaire("five-q"), 5, prefix="Large")
    assert board_queries(procurement, small) == board_queries(procurement, large)


def test_the_list_costs_the_same_queries_for_one_or_five_campaigns(procurement, questionnaire):
    client = client_for(procurement)
    warm_permissions(procurement)
    make_campaign(procurement, questionnaire, 1)
    client.get("/questionnaires/campaigns/")
    with CaptureQueriesContext(connection) as one:
        client.get("/questionnaires/campaigns/")
    for i in range(4):
        campaigns.create_campaign(
            title=f"More {i}",
            questionnaire=questionnaire,
            entries=[
                campaigns.Entry(factories.VendorFactory(name=f"More {i}", slug=f"more-{i}"), "m@x.example")
            ],
            deadline=DEADLINE,
            user=procurement,
        )
    with CaptureQueriesContext(connection) as five:
        page = client.get("/questionnaires/campaigns/")
    assert page.content.decode().count("/questionnaires/campaigns/") >= 5
    assert len(one) == len(five)


def test_remind_late_reminds_the_overdue_and_nearly_due_once_a_day(procurement, questionnaire):
    campaign = make_campaign(procurement, questionnaire, 4)
    late, soon, later, done = Invitation.objects.filter(campaign=campaign).order_by("response__vendor__name")
    Invitation.objects.filter(pk=late.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    Invitation.objects.filter(pk=soon.pk).update(deadline=TODAY + datetime.timedelta(days=3))
    Invitation.objects.filter(pk=later.pk).update(deadline=TODAY + datetime.timedelta(days=4))
    Invitation.objects.filter(pk=done.pk).update(
        deadline=TODAY - datetime.timedelta(days=1), state="submitted"
    )
    mail.outbox.clear()
    client = client_for(procurement)
    url = f"/questionnaires/campaigns/{campaign.pk}/remind-late/"

    page = client.post(url, follow=True)
    assert "2 reminders sent to late vendors." in page.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([late.email, soon.email])
    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {f"manual_{TODAY.isoformat()}"}

    mail.outbox.clear()
    again = client.post(url, follow=True)
    assert "No reminder sent" in again.content.decode() and mail.outbox == []
    # The next day is another day, and the third vendor is now due within three days.
    assert campaigns.remind_late(campaign, TODAY + datetime.timedelta(days=1)) == 3


def test_executives_read_boards_but_neither_create_nor_remind(executive, procurement, questionnaire):
    campaign = make_campaign(procurement, questionnaire, 1, deadline=TODAY)
    client = client_for(executive)
    assert client.get(f"/questionnaires/campaigns/{campaign.pk}/").status_code == 200
    assert client.get(NEW).status_code == 403
    assert client.post(f"/questionnaires/campaigns/{campaign.pk}/remind-late/").status_code == 403
    assert not ReminderSent.objects.exists()
    page = client.get(f"/questionnaires/campaigns/{campaign.pk}/").content.decode()
    assert "Remind all who are late" not in page


def test_an_evaluation_campaign_is_seen_only_by_those_who_see_the_evaluation(
    risk_leader, procurement, questionnaire
):
    outsider = factories.UserFactory(username="olga.outsider", role=Role.RISK_LEADER.value)
    vendor = factories.VendorFactory(name="Member Vendor", slug="member-vendor")
    evaluation = EvaluationFactory(owner=risk_leader, members=[procurement], candidates=[vendor])
    campaign = campaigns.create_campaign(
        title="Selection round",
        questionnaire=questionnaire,
        entries=[campaigns.Entry(vendor, "m@member.example")],
        deadline=DEADLINE,
        user=risk_leader,
        evaluation=evaluation,
    ).campaign
    board = f"/questionnaires/campaigns/{campaign.pk}/"
    assert client_for(procurement).get(board).status_code == 200
    assert client_for(outsider).get(board).status_code == 404
    assert client_for(outsider).post(f"{board}remind-late/").status_code == 404
    assert "Selection round" not in client_for(outsider).get("/questionnaires/campaigns/").content.decode()
    # Nor can an outsider send a campaign for it.
    page = client_for(outsider).post(
        NEW, form_data(questionnaire, "Member Vendor, x@member.example", evaluation=evaluation.pk)
    )
    assert "Select a valid choice" in page.content.decode()
    assert Campaign.objects.count() == 1


def test_the_questionnaire_list_links_to_the_campaigns(procurement, questionnaire):
    page = client_for(procurement).get("/questionnaires/").content.decode()
    assert 'href="/questionnaires/campaigns/"' in page


def test_a_decided_evaluation_is_neither_offered_nor_accepted(risk_leader, questionnaire, vendors):
    evaluation = EvaluationFactory(owner=risk_leader, candidates=vendors, name="Closed selection")
    Evaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.DECIDED)
    evaluation.refresh_from_db()
    client = client_for(risk_leader)
    assert "Closed selection" not in client.get(NEW).content.decode()
    page = client.post(NEW, form_data(questionnaire, LINES, evaluation=evaluation.pk))
    assert "Select a valid choice" in page.content.decode()
    with pytest.raises(campaigns.CampaignError, match="decided"):
        campaigns.create_campaign(
            title="Too late",
            questionnaire=questionnaire,
            entries=[campaigns.Entry(vendors[0], "a@acme.example")],
            deadline=DEADLINE,
            user=risk_leader,
            evaluation=evaluation,
        )
    assert not Campaign.objects.exists()
