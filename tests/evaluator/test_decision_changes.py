"""The "what changed since the decision" page and the snapshot download."""

import datetime
import hashlib
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluator.decisions.service import decide
from evaluator.models import DecisionSnapshot, ManualScore
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.test_decisions import scored_evaluation, tamper
from vendors.models import FinancialFact, RoadmapItem


def url(name, evaluation):
    return reverse(f"evaluator:{name}", args=[evaluation.pk])


@pytest.fixture
def decided(risk_leader, executive):
    evaluation = scored_evaluation(risk_leader, members=[executive])
    decide(evaluation, risk_leader)
    return evaluation


def test_it_says_nothing_changed_when_nothing_did(decided, executive):
    response = client_for(executive).get(url("decision_changes", decided))
    assert response.status_code == 200
    assert "Nothing changed." in response.text
    assert DecisionSnapshot.objects.get().sha256 in response.text


def test_it_lists_changed_facts_scores_and_rank_changes(decided, risk_leader, executive):
    loser = decided.candidates.get(name="Vendor 0")
    # Facts move after the decision (vendor data is not frozen); a manual score is altered in the database.
    FinancialFact.objects.create(vendor=loser, fiscal_year=2025, revenue=100, rd_spend=20, currency="EUR")
    ManualScore.objects.filter(vendor=loser).update(score=5)
    item = factories.RoadmapItemFactory(vendor=loser, first_promised_date=datetime.date(2027, 3, 31))
    item.rebaseline(datetime.date(2027, 9, 30), "Supplier delay", user=risk_leader)
    item.save()
    text = client_for(executive).get(url("decision_changes", decided)).text
    assert "Nothing changed." not in text
    assert "Financial facts 2025" in text and "added" in text
    assert f"Usability · Vendor 0 · {risk_leader.username}" in text
    assert "Supplier delay" in text and "2027-03-31 → 2027-09-30" in text
    assert f"Roadmap item “{item.title}”" in text
    # Vendor 0 now scores 5 on usability, like Vendor 1, and the ranking moves.
    assert "moved" in text


def test_it_refuses_to_compare_a_snapshot_that_fails_verification(decided, executive):
    snapshot = DecisionSnapshot.objects.get()
    tamper(snapshot.pk, snapshot.content.replace("Vendor 1", "Vendor 9"))
    text = client_for(executive).get(url("decision_changes", decided)).text
    assert "fails verification" in text and "hash mismatch" in text
    assert "Ranking: decided and today" not in text


def test_the_snapshot_download_is_the_stored_text_whose_hash_the_pages_show(decided, executive):
    response = client_for(executive).get(url("decision_snapshot", decided))
    snapshot = DecisionSnapshot.objects.get()
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert hashlib.sha256(response.content).hexdigest() == snapshot.sha256


def test_the_decision_pages_are_404_for_evaluations_not_decided_and_for_non_members(decided, risk_leader):
    undecided = EvaluationFactory(owner=risk_leader)
    client = client_for(risk_leader)
    assert client.get(url("decision_changes", undecided)).status_code == 404
    assert client.get(url("decision_snapshot", undecided)).status_code == 404
    stranger = factories.UserFactory(username="other.risk", role="Risk leader")
    assert client_for(stranger).get(url("decision_changes", decided)).status_code == 404


def test_every_page_of_a_decided_evaluation_says_when_by_whom_and_the_hash(decided, executive):
    snapshot = DecisionSnapshot.objects.get()
    for name in ("detail", "results", "dashboard"):
        text = client_for(executive).get(url(name, decided)).text
        assert f"Decided on {snapshot.decided_at:%Y-%m-%d}" in text, name
        assert snapshot.sha256 in text, name
        assert url("decision_changes", decided) in text, name


def _decided_with(owner, count):
    evaluation = scored_evaluation(owner, candidates=count, prefix=f"{count}-")
    for vendor in evaluation.candidates.all():
        factories.RoadmapItemFactory(vendor=vendor)
    decide(evaluation, owner)
    # Something changed for every vendor, so the page lists a change per candidate.
    RoadmapItem.objects.filter(vendor__in=evaluation.candidates.all()).update(coverage_cost=1000)
    return evaluation


def test_the_page_runs_the_same_number_of_queries_for_5_and_50_candidates(risk_leader):
    """Session, user, sign-in checks, permissions (2), evaluation, snapshot, the nine of scoring_inputs,
    the four of build_content (members, manual scores, two kinds of pairwise judgement), re-baselines
    since, the changed roadmap items' titles, the user's groups and unread notifications (the header)."""
    client = client_for(risk_leader)
    counts = []
    for count in (5, 50):
        evaluation = _decided_with(risk_leader, count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("decision_changes", evaluation))
        assert response.status_code == 200 and "Nothing changed." not in response.text
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_results_and_dashboard_show_the_decided_ranking_above_todays(decided, executive):
    # After the decision Vendor 0 catches up on usability: today's totals move, the decided ones do not.
    ManualScore.objects.filter(vendor__name="Vendor 0").update(score=5)
    decided_totals = {
        row["name"]: row["total"]
        for row in json.loads(DecisionSnapshot.objects.get().content)["results"]["ranking"]
    }
    for name in ("results", "dashboard"):
        response = client_for(executive).get(url(name, decided))
        ranking = response.context["decided_ranking"]
        assert [row["name"] for row in ranking] == ["Vendor 1", "Vendor 0"], name
        assert {row["name"]: row["total"] for row in ranking} == decided_totals, name
        assert "Ranking as decided" in response.text and "Ranking today" in response.text, name
    today = (
        client_for(executive).get(url("results", decided)).context["table"].vendors.set_index("name")["total"]
    )
    assert today["Vendor 0"] != pytest.approx(decided_totals["Vendor 0"])


def test_open_evaluations_show_no_decided_ranking(risk_leader):
    evaluation = scored_evaluation(risk_leader)
    text = client_for(risk_leader).get(url("results", evaluation)).text
    assert "Ranking as decided" not in text and "Ranking today" not in text


def test_a_scorecard_of_a_decided_evaluation_shows_the_recorded_rank_and_total(decided, executive):
    ManualScore.objects.filter(vendor__name="Vendor 0").update(score=5)
    vendor = decided.candidates.get(name="Vendor 0")
    row = next(
        r
        for r in json.loads(DecisionSnapshot.objects.get().content)["results"]["ranking"]
        if r["name"] == "Vendor 0"
    )
    response = client_for(executive).get(reverse("evaluator:scorecard", args=[decided.pk, vendor.slug]))
    assert response.context["decided_row"]["total"] == row["total"] and row["rank"] == 2
    assert "As decided (snapshot)" in response.text and f"rank 2 · {row['total']:.3f}" in response.text
