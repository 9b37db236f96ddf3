"""Results through the API: ranking, sensitivity and scorecards, as the results pages compute them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engine.scoring import evaluate
from evaluator.results import selectors
from tests.api.conftest import token_client
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.test_dashboard import scored_evaluation


def results_urls(evaluation):
    vendor = evaluation.candidates.order_by("name").first()
    base = f"/api/evaluations/{evaluation.pk}"
    return [f"{base}/ranking/", f"{base}/sensitivity/", f"{base}/vendors/{vendor.slug}/scorecard/"]


def test_the_ranking_gives_the_totals_ranks_and_contributions_of_the_results_page(risk_leader):
    evaluation = scored_evaluation(risk_leader, 4)
    body = token_client(risk_leader).get(f"/api/evaluations/{evaluation.pk}/ranking/").json()
    table = evaluate(selectors.scoring_inputs(evaluation)).table
    assert body["ranked"] is True
    assert [row["rank"] for row in body["ranking"]] == sorted(row["rank"] for row in body["ranking"])
    for row in body["ranking"]:
        assert row["total"] == pytest.approx(float(table.vendors.loc[row["vendor"], "total"]))
        assert [cell["contribution"] for cell in row["contributions"]] == pytest.approx(
            list(table.contributions.loc[row["vendor"]])
        )
        assert {cell["criterion_name"] for cell in row["contributions"]} == {"Depth", "Record", "Roadmap"}
    weights = [c["effective_weight"] for c in body["criteria"] if not c["excluded"]]
    assert sum(weights) == pytest.approx(1)


def test_sensitivity_names_for_each_criterion_the_change_the_new_leader_and_a_sentence(risk_leader):
    evaluation = scored_evaluation(risk_leader, 4)
    body = token_client(risk_leader).get(f"/api/evaluations/{evaluation.pk}/sensitivity/").json()
    table = evaluate(selectors.scoring_inputs(evaluation)).table
    assert [f["criterion_name"] for f in body["findings"]] == [s.criterion for s in table.sensitivity]
    for finding, expected in zip(body["findings"], table.sensitivity, strict=True):
        assert finding["sentence"] == expected.sentence
        assert finding["new_leader"] == expected.new_leader
        assert set(finding) >= {"change", "relative_change", "new_leader", "sentence"}
        assert finding["fragile"] == expected.fragile
        if expected.change is not None:
            assert finding["share_change"] == pytest.approx(
                finding["renormalised_weight"] - finding["weight"]
            )
            assert 0 <= finding["renormalised_weight"] < 1  # a share of all weight, never past 100 %
    moves = [abs(f["share_change"]) for f in body["findings"] if f["share_change"] is not None]
    assert moves == sorted(moves)  # least move of the share first
    assert "display" not in body["findings"][0]
    assert len(body["rank_probabilities"]) == 4
    for vendor in body["rank_probabilities"]:
        assert sum(p["probability"] for p in vendor["probabilities"]) == pytest.approx(1)


def test_the_scorecard_gives_the_headline_strengths_facts_and_risk_flags(risk_leader):
    evaluation = scored_evaluation(risk_leader, 4)
    vendor = evaluation.candidates.order_by("name").first()  # maturity 0: it loses somewhere
    url = f"/api/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/"
    body = token_client(risk_leader).get(url).json()
    assert body["name"] == vendor.name
    assert body["headline"]["field"] == 4
    assert 1 <= body["headline"]["rank"] <= 4
    assert body["headline"]["total_display"] == f"{body['headline']['total']:.3f}"
    assert body["strengths"] and body["weaknesses"]
    # The same sentences as the page: the facts in words, not "Depth 0.095 (value 0.0 %)".
    depth = next(row for row in body["strengths"] + body["weaknesses"] if row["criterion_name"] == "Depth")
    assert depth["statement"] == "its one required capability at maturity 0"
    assert all(row["lost"] > 0 for row in body["weaknesses"])
    assert [section["title"] for section in body["fact_sections"]] == [
        "Delivery record",
        "R&D",
        "Contract coverage of the roadmap",
    ]
    assert isinstance(body["risk_flags"], list)


def test_a_vendor_that_is_not_a_candidate_has_no_scorecard(risk_leader):
    evaluation = scored_evaluation(risk_leader, 2)
    response = token_client(risk_leader).get(f"/api/evaluations/{evaluation.pk}/vendors/nobody/scorecard/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_results_are_404_to_anyone_outside_the_evaluation(risk_leader, procurement, executive, admin_user):
    evaluation = scored_evaluation(risk_leader, 2)
    for url in results_urls(evaluation):
        assert token_client(procurement).get(url).status_code == 404
        assert token_client(admin_user).get(url).status_code == 200
    evaluation.members.add(executive)
    assert all(token_client(executive).get(url).status_code == 200 for url in results_urls(evaluation))


def test_an_evaluation_without_criteria_says_why_there_is_no_ranking(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader)
    body = token_client(risk_leader).get(f"/api/evaluations/{evaluation.pk}/ranking/").json()
    assert body["ranked"] is False
    assert body["problem"]
    assert body["ranking"] == []


def test_each_result_costs_the_same_queries_for_5_and_50_candidates(risk_leader):
    # token + user, permissions (user, group), the evaluation, [the vendor,] the nine of scoring_inputs.
    client = token_client(risk_leader)
    small, large = scored_evaluation(risk_leader, 5), scored_evaluation(risk_leader, 50)

    def count(url):
        client.get(url)  # warm-up: the token's last-used time is written once a minute
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    counts_5 = [count(url) for url in results_urls(small)]
    counts_50 = [count(url) for url in results_urls(large)]
    assert counts_5 == counts_50
    assert len(large.candidates.all()) == 50
