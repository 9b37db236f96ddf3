"""The vendor scorecard: headline, strengths, risk flags and charts; fixed queries; members only."""

import datetime

import pandas as pd
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engine import charts
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.test_dashboard import figures, scored_evaluation


def scorecard_url(evaluation, vendor):
    return f"/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/"


def test_the_scorecard_shows_the_headline_strengths_facts_and_three_charts(risk_leader):
    evaluation = scored_evaluation(risk_leader, 4)
    vendor = evaluation.candidates.order_by("name").last()
    response = client_for(risk_leader).get(scorecard_url(evaluation, vendor))
    assert response.status_code == 200
    page = response.text
    assert vendor.name in page
    assert " of 4" in page and "% of draws" in page
    assert "Where it scores best" in page and "Where it loses most" in page
    assert "Delivery record" in page and "R&amp;D intensity" in page and "Included in contract" in page
    assert {"chart-radar", "chart-roadmap", "chart-rd"} <= set(figures(page))
    roadmap = figures(page)["chart-roadmap"]
    assert any(note["text"].startswith("Horizon ") for note in roadmap["layout"]["annotations"]), (
        "the evaluation horizon is drawn on the roadmap timeline"
    )
    assert "<script>" not in page


def test_the_scorecard_names_a_risk_flag_with_the_fact_behind_it(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    vendor = evaluation.candidates.order_by("name").first()
    for n in range(2):
        factories.RoadmapItemFactory(
            vendor=vendor, status="silently_dropped", first_promised_date=datetime.date(2025, 1, n + 1)
        )
    page = client_for(risk_leader).get(scorecard_url(evaluation, vendor)).text
    assert "Many silent drops" in page
    assert "2 roadmap items were dropped without an announcement." in page


def test_the_scorecard_runs_the_same_queries_for_5_and_50_candidates(risk_leader):
    # Session, user, permissions (2), the evaluation, the vendor, the nine scoring_inputs
    # queries, the domain names, the vendor's roadmap items and re-baselines, then the menu's.
    client = client_for(risk_leader)
    small, large = scored_evaluation(risk_leader, 5), scored_evaluation(risk_leader, 50)
    with CaptureQueriesContext(connection) as five:
        assert client.get(scorecard_url(small, small.candidates.first())).status_code == 200
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(scorecard_url(large, large.candidates.first())).status_code == 200
    assert len(five) == len(fifty)


def test_a_vendor_that_is_not_a_candidate_has_no_scorecard(risk_leader):
    evaluation = scored_evaluation(risk_leader, 2)
    outsider = factories.VendorFactory(name="Outsider", slug="outsider")
    assert client_for(risk_leader).get(scorecard_url(evaluation, outsider)).status_code == 404


def test_someone_outside_the_evaluation_gets_404_for_its_scorecards(risk_leader, executive):
    evaluation = scored_evaluation(risk_leader, 2)
    vendor = evaluation.candidates.first()
    assert client_for(executive).get(scorecard_url(evaluation, vendor)).status_code == 404


def test_the_scorecard_explains_why_there_is_no_score_yet(risk_leader):
    vendor = factories.VendorFactory(name="Lonely", slug="lonely")
    evaluation = EvaluationFactory(owner=risk_leader, candidates=[vendor])
    page = client_for(risk_leader).get(scorecard_url(evaluation, vendor)).text
    assert "No ranking yet" in page and not figures(page)


def test_the_results_page_and_dashboard_link_each_ranked_vendor_to_its_scorecard(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    client = client_for(risk_leader)
    for page in ("results", "dashboard"):
        text = client.get(f"/evaluations/{evaluation.pk}/{page}/").text
        for vendor in evaluation.candidates.all():
            assert scorecard_url(evaluation, vendor) in text


def test_the_radar_puts_the_vendor_against_the_best_and_names_the_widest_gap():
    profile = pd.DataFrame(
        {"domain": ["Cyber", "Physical", "Identity"], "vendor": [4.0, 1.0, None], "best": [4.0, 3.5, 2.0]}
    )
    chart = charts.domain_radar(profile, "Acme")
    payload = chart.payload
    best, mine = payload["data"]
    assert best["r"] == [4.0, 3.5, 2.0, 4.0]
    # Never assessed is not a measured zero: a gap in the polygon, and the axis says so.
    assert mine["r"] == [4.0, 1.0, None, 4.0] and mine["connectgaps"] is False
    assert mine["theta"][2] == "Identity (not assessed)" and best["theta"][2] == "Identity (not assessed)"
    assert "leads or ties the field in 1 of 2 assessed domains" in chart.summary
    assert "widest gap is Physical (2.5 below the best)" in chart.summary
    assert "not assessed in Identity" in chart.summary
    assert ("Identity", "not assessed", "2.0") in chart.rows


def test_the_radar_never_reports_a_gap_against_a_domain_not_assessed():
    profile = pd.DataFrame({"domain": ["Cyber", "Identity"], "vendor": [3.0, None], "best": [3.0, 5.0]})
    chart = charts.domain_radar(profile, "Acme")
    assert "widest gap" not in chart.summary
    assert "leads or ties the field in 1 of 1 assessed domains; not assessed in Identity." in chart.summary


def test_the_radar_without_assessments_says_so_instead_of_drawing_empty_axes():
    chart = charts.domain_radar(pd.DataFrame(columns=["domain", "vendor", "best"]), "Acme")
    assert chart.empty and "No capability assessments" in chart.summary
