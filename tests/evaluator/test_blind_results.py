"""Blind scoring: while a blind evaluation is not decided, its results stay with the owner.

An evaluator who saw the ranking or a scorecard by vendor name could tell which "Vendor A"
is which on the scoring grid.
"""

import pytest
from rest_framework.test import APIClient

from evaluator.decisions.service import decide
from tests.conftest import client_for
from tests.evaluator.test_dashboard import scored_evaluation

RESULT_PAGES = [
    "results/",
    "dashboard/",
    "vendors/candidate-00-of-3/scorecard/",
    "compare/",
    "export/?format=csv",
]
RESULT_API = [
    "ranking/",
    "sensitivity/",
    "vendors/candidate-00-of-3/scorecard/",
    "export/?format=csv&table=ranking",
]


@pytest.fixture
def blind(risk_leader, procurement):
    evaluation = scored_evaluation(risk_leader, 3)
    evaluation.members.add(procurement)
    evaluation.blind_scoring = True
    evaluation.status = "scoring"
    evaluation.save()
    return evaluation


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("page", RESULT_PAGES)
def test_an_evaluator_is_refused_the_results_pages_of_a_blind_evaluation(blind, procurement, page):
    response = client_for(procurement).get(f"/evaluations/{blind.pk}/{page}")
    assert response.status_code == 403
    text = response.content.decode()
    assert "Scoring is blind in this evaluation" in text and "Candidate 00" not in text


@pytest.mark.parametrize("page", RESULT_PAGES)
def test_the_owner_and_administrators_see_them(blind, risk_leader, admin_user, page):
    for user in (risk_leader, admin_user):
        assert client_for(user).get(f"/evaluations/{blind.pk}/{page}").status_code == 200


@pytest.mark.parametrize("path", RESULT_API)
def test_the_api_refuses_the_results_to_an_evaluator_with_a_reason(blind, procurement, risk_leader, path):
    refused = api(procurement).get(f"/api/evaluations/{blind.pk}/{path}")
    assert refused.status_code == 403
    body = refused.json()
    assert body["errors"][0]["code"] == "blind_scoring" and "blind" in body["detail"]
    assert api(risk_leader).get(f"/api/evaluations/{blind.pk}/{path}").status_code == 200


def test_the_scoring_grid_stays_open_to_evaluators(blind, procurement):
    page = client_for(procurement).get(f"/evaluations/{blind.pk}/scores/")
    assert page.status_code == 200 and "Vendor A" in page.content.decode()


def test_once_decided_everyone_in_the_evaluation_sees_the_results(blind, procurement, risk_leader):
    decide(blind, risk_leader)
    assert client_for(procurement).get(f"/evaluations/{blind.pk}/results/").status_code == 200
    assert api(procurement).get(f"/api/evaluations/{blind.pk}/ranking/").status_code == 200


def test_without_blind_scoring_members_see_the_results(blind, procurement):
    blind.blind_scoring = False
    blind.save()
    assert client_for(procurement).get(f"/evaluations/{blind.pk}/results/").status_code == 200
