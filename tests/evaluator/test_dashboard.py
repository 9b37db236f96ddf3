"""The selection dashboard: charts for a scored evaluation, fixed queries, honest empty states."""

import datetime
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluator.models import Criterion, RequiredCapability
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory


def scored_evaluation(owner, count):
    vendors = [
        factories.VendorFactory(name=f"Candidate {n:02d} of {count}", slug=f"candidate-{n:02d}-of-{count}")
        for n in range(count)
    ]
    evaluation = EvaluationFactory(owner=owner, candidates=vendors)
    Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index"
    )
    Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", metric="delivery_record"
    )
    Criterion.objects.create(
        evaluation=evaluation, name="Roadmap", group="roadmap", metric="credible_roadmap"
    )
    RequiredCapability.objects.create(
        evaluation=evaluation, capability=factories.capability("siem"), importance=4
    )
    for n, vendor in enumerate(vendors):
        factories.AssessmentFactory(vendor=vendor, maturity=n % 6)
        factories.RoadmapItemFactory(vendor=vendor, first_promised_date=datetime.date(2026, 1, 1))
        factories.FinancialFactFactory(vendor=vendor, rd_spend=(5 + n) * 1_000_000)
        factories.ContractFactory(vendor=vendor)
    return evaluation


def figures(page: str) -> dict[str, dict]:
    found = re.findall(
        r'<script id="(chart-[a-z-]+)-data" type="application/json">(.*?)</script>', page, re.S
    )
    return {key: json.loads(data) for key, data in found}


def test_the_dashboard_draws_contributions_rank_chances_positioning_breadth_and_sensitivity(risk_leader):
    evaluation = scored_evaluation(risk_leader, 4)
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/dashboard/").text

    drawn = figures(page)
    assert {
        "chart-contributions",
        "chart-rank-probabilities",
        "chart-positioning",
        "chart-depth-breadth",
    } <= set(drawn)
    assert "chart-sensitivity" in drawn or "No change of a single weight changes the winner." in page
    groups = {trace["name"] for trace in drawn["chart-contributions"]["data"]}
    assert groups == {"Capability depth", "Delivery record", "Roadmap"}
    assert page.count('role="img" aria-label="') == len(drawn)
    assert page.count("The numbers behind") == len(drawn)
    assert "<script>" not in page


def test_the_dashboard_runs_the_same_queries_for_5_and_50_candidates(risk_leader):
    # Session, user, permissions (2), the evaluation, the nine scoring_inputs queries, then the
    # menu's groups and the unread notification count: as the results page.
    client = client_for(risk_leader)
    small, large = scored_evaluation(risk_leader, 5), scored_evaluation(risk_leader, 50)
    with CaptureQueriesContext(connection) as five:
        assert client.get(f"/evaluations/{small.pk}/dashboard/").status_code == 200
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(f"/evaluations/{large.pk}/dashboard/").status_code == 200
    assert len(five) == len(fifty)


def test_a_topsis_dashboard_leaves_out_the_contributions_because_they_do_not_add_up(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    evaluation.method = "topsis"
    evaluation.save()
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/dashboard/").text
    assert "chart-contributions" not in figures(page)
    assert "TOPSIS is not additive" in page


def test_the_dashboard_explains_why_there_is_nothing_to_chart_yet(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader)
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/dashboard/").text
    assert "No ranking yet" in page and not figures(page)
