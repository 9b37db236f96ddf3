"""The home page (home/): what each role sees, the links, the last visit, constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluator.models import Criterion, EvaluationStatus, ManualScore, Response
from home.models import HomeVisit
from home.services import SESSION_KEY
from tests import factories
from tests.conftest import client_for, warm_permissions
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import small_questionnaire
from vendors.models import Signal, UnmatchedEntry, VendorWatch

HOME = "/"


def _today():
    return timezone.localdate()


def _landscape(count, watcher, member, questionnaire, start=0):
    """``count`` of every kind of row the home page lists, each one needing attention."""
    today = _today()
    for i in range(start, start + count):
        vendor = factories.VendorFactory(name=f"Home vendor {i:03d}")
        # In force, notice deadline 30 days ahead.
        factories.ContractFactory(
            vendor=vendor,
            start_date=today - datetime.timedelta(days=365),
            end_date=today + datetime.timedelta(days=120),
            notice_period_days=90,
        )
        # Overdue, never delivered and re-baselined once: a delivery score of 0.4 / 1.25 = 0.32.
        item = factories.RoadmapItemFactory(
            vendor=vendor,
            title=f"Promise {i:03d}",
            first_promised_date=today - datetime.timedelta(days=60),
            target_date=today - datetime.timedelta(days=40),
        )
        item.rebaseline(today - datetime.timedelta(days=20), "Slipped again", None)
        item.save()
        # R&D intensity falling from 20 % to 10 %.
        factories.FinancialFactFactory(vendor=vendor, fiscal_year=2024, revenue=100, rd_spend=20)
        factories.FinancialFactFactory(vendor=vendor, fiscal_year=2025, revenue=100, rd_spend=10)
        for severity, kind in (("critical", "exploited_vulnerability"), ("low", "news")):
            Signal.objects.create(
                vendor=vendor, kind=kind, severity=severity, title=f"{kind} {i}", source="manual",
                external_id=f"{kind}-{i}", occurred_on=today,
            )  # fmt: skip
        VendorWatch.objects.create(user=watcher, vendor=vendor)
        Response.objects.create(
            questionnaire=questionnaire, vendor=vendor, status="submitted", submitted_at=timezone.now()
        )
        evaluation = EvaluationFactory(
            name=f"Selection {i:03d}", status=EvaluationStatus.SCORING, members=[member], candidates=[vendor]
        )
        factories_criterion(evaluation)
        UnmatchedEntry.objects.create(
            source="kev", external_id=f"CVE-X-{i}", vendor_name=f"Nobody {i}", title="x", problem="no vendor",
            record={},
        )  # fmt: skip


def factories_criterion(evaluation):
    return Criterion.objects.create(
        evaluation=evaluation, name="Support", group="manual", source="manual", weight=10
    )


@pytest.fixture
def landscape(cast):
    questionnaire = small_questionnaire()
    _landscape(2, cast["risk_leader"], cast["risk_leader"], questionnaire)
    return questionnaire


def _page(user):
    response = client_for(user).get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_the_risk_leader_sees_every_section_with_links_to_the_facts(cast, landscape):
    html = _page(cast["risk_leader"])
    vendor = "home-vendor-000"
    # Falling record, with the rule said on the page.
    assert f'href="/vendors/{vendor}/#delivery">delivery score 32.0 % over 1 item due' in html
    assert f'href="/vendors/{vendor}/#investment">R&amp;D trend -10.0 pp/yr' in html
    assert "delivery score below 50.0 %" in html
    # Notice deadline, overdue and re-baselined items, signals, review queue.
    deadline = _today() + datetime.timedelta(days=30)
    assert f"give notice by {deadline:%Y-%m-%d} (in 30 days" in html
    assert f'href="/vendors/{vendor}/#contracts"' in html
    item = factories_item("Promise 000")
    assert f'href="{item.get_absolute_url()}">Home vendor 000: Promise 000' in html
    assert 'Re-baselined since your last visit <span class="count">(2)' in html
    assert f'href="/vendors/{vendor}/#signals">Home vendor 000: 2 new signals' in html
    assert "2 critical" in html and "known exploited vulnerability 1" in html
    assert 'href="/vendors/signals/review/">Review queue: 2 feed entries' in html
    # Work items: responses waiting for review and evaluations waiting for scores.
    response = Response.objects.filter(vendor__slug=vendor).get()
    assert f'href="{response.get_absolute_url()}">Home vendor 000' in html
    evaluation = response.vendor.evaluations.get()
    assert f'href="/evaluations/{evaluation.pk}/scores/">Selection 000</a>' in html
    assert "you scored 0 of 1 cells" in html
    assert f'href="/evaluations/{evaluation.pk}/">Selection 000</a>' in html  # "Your evaluations"
    assert '<a href="/" aria-current="page">Home</a>' in html


def factories_item(title):
    from vendors.models import RoadmapItem

    return RoadmapItem.objects.get(title=title)


def test_an_evaluation_fully_scored_by_the_user_is_not_listed(cast, landscape):
    evaluation = EvaluationFactory._meta.model.objects.get(name="Selection 000")
    criterion = evaluation.criteria.get()
    ManualScore.objects.create(
        criterion=criterion, vendor=evaluation.candidates.get(), evaluator=cast["risk_leader"], score=3
    )
    html = _page(cast["risk_leader"])
    others = EvaluationFactory._meta.model.objects.get(name="Selection 001")
    assert f"/evaluations/{evaluation.pk}/scores/" not in html
    assert f"/evaluations/{others.pk}/scores/" in html


def test_the_executive_reads_without_work_items(cast, landscape):
    VendorWatch.objects.filter(user=cast["risk_leader"]).update(user=cast["executive"])
    html = _page(cast["executive"])
    assert "Vendors under contract with a falling record" in html
    assert 'href="/vendors/home-vendor-001/#signals">Home vendor 001: 2 new signals' in html
    assert "give notice by" in html
    assert "You take part in no evaluation." in html
    for work in ("waiting for your scores", "waiting for review", "Review queue"):
        assert work not in html


def test_procurement_sees_reviews_and_the_queue_but_not_private_evaluations(cast, landscape):
    html = _page(cast["procurement"])
    assert "Review queue: 2 feed entries" in html
    # The responses are general (no evaluation): every reviewer sees them.
    assert 'Questionnaire responses waiting for review <span class="count">(2)' in html
    # Not a member of the evaluations: none of them shows, nor its scoring count.
    assert "Selection 000" not in html and "Selection 001" not in html
    assert "Nothing to score." in html


def test_a_non_member_never_sees_a_private_evaluations_response_or_candidates(cast):
    questionnaire = small_questionnaire()
    secret_vendor = factories.VendorFactory(name="Secret candidate")
    factories.RoadmapItemFactory(
        vendor=secret_vendor, title="Secret promise",
        first_promised_date=_today() - datetime.timedelta(days=30),
    )  # fmt: skip
    evaluation = EvaluationFactory(
        name="Private selection", status=EvaluationStatus.SCORING, candidates=[secret_vendor]
    )
    factories_criterion(evaluation)
    Response.objects.create(
        questionnaire=questionnaire, vendor=secret_vendor, evaluation=evaluation, status="submitted"
    )
    outsider = _page(cast["procurement"])
    assert "Private selection" not in outsider and "Secret" not in outsider
    evaluation.members.add(cast["procurement"])
    member = _page(cast["procurement"])
    assert "Private selection" in member and "Secret promise" in member


def test_the_administrator_sees_everything(cast, landscape):
    html = _page(cast["admin"])
    assert "Selection 000" in html and "Review queue: 2" in html and "waiting for review" in html


def test_new_means_since_the_last_visit_kept_for_the_session(cast, landscape):
    user = cast["risk_leader"]
    client = client_for(user)
    first = client.get(HOME).content.decode()
    assert (
        "Your first visit" in first and 'Re-baselined since your last visit <span class="count">(2)' in first
    )
    visit = HomeVisit.objects.get(user=user)
    assert visit.previous_visit is None
    # Reloading in the same session keeps the same window.
    again = client.get(HOME).content.decode()
    assert 'Re-baselined since your last visit <span class="count">(2)' in again
    # A new session starts at the last visit: nothing happened since.
    later = client_for(user).get(HOME).content.decode()
    assert "Your first visit" not in later
    assert 'Re-baselined since your last visit <span class="count">(0)' in later
    assert "No new signal." in later
    visit.refresh_from_db()
    assert visit.previous_visit is not None and visit.last_visit >= visit.previous_visit
    # A signal after that visit counts in the next session.
    Signal.objects.create(
        vendor=Signal.objects.first().vendor, kind="breach", severity="high", title="Breach",
        source="manual", external_id="breach-1", occurred_on=_today(),
    )  # fmt: skip
    session = client_for(user)
    next_visit = session.get(HOME).content.decode()
    assert "1 new signal<" in next_visit.replace("</a>", "<") and "breach or incident 1" in next_visit
    assert SESSION_KEY in session.session


def test_the_query_count_does_not_grow_with_rows(cast):
    user = cast["risk_leader"]
    questionnaire = small_questionnaire()
    _landscape(2, user, user, questionnaire)
    client = client_for(user)
    client.get(HOME)  # the first visit creates the visit record

    def count():
        # New rows add users to roles, which renews every cached permission set: warm it as a
        # first request would, so that only the rows can change the count.
        warm_permissions(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME).status_code == 200
        return len(queries)

    few = count()
    _landscape(18, user, user, questionnaire, start=2)
    many = count()
    assert many == few, f"{few} queries with 2 of each row, {many} with 20"
