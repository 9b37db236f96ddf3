"""Evaluations and criteria written through the API, with the set-up pages' rules."""

import datetime

import pytest

from evaluator.models import (
    Criterion,
    DecisionSnapshot,
    Evaluation,
    EvaluationStatus,
    RequiredCapability,
    WeightMode,
)
from evaluator.setup.services import DEFAULT_CRITERIA
from tests import factories
from tests.api.conftest import token_client
from tests.evaluator.factories import EvaluationFactory


def test_a_risk_leader_creates_an_evaluation_and_becomes_its_owner(risk_leader, procurement):
    vendor = factories.VendorFactory(slug="deepsec")
    siem = factories.capability("siem")
    body = {
        "name": "SOC 2027",
        "horizon_date": "2027-12-31",
        "as_of_date": "2026-06-30",
        "members": [procurement.username],
        "candidate_slugs": ["deepsec"],
        "required_capabilities": [{"capability": siem.pk, "importance": 5}],
        "blind_scoring": True,
    }
    response = token_client(risk_leader).post("/api/evaluations/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["owner"] == risk_leader.username
    assert data["members"] == [procurement.username]
    assert [c["slug"] for c in data["candidates"]] == ["deepsec"]
    assert data["required_capabilities"] == [
        {"capability": siem.pk, "capability_name": siem.name, "importance": 5}
    ]
    assert data["status"] == "draft" and data["as_of_date"] == "2026-06-30"
    # As on the page: a new evaluation starts from the default criteria.
    assert [c["name"] for c in data["criteria"]] == [row[0] for row in DEFAULT_CRITERIA]
    assert response["ETag"] == f'"{data["version"]}"'
    evaluation = Evaluation.objects.get(pk=data["id"])
    assert list(evaluation.candidates.all()) == [vendor]
    # The new member sees it; the owner is the caller, whoever the body names.
    assert token_client(procurement).get(f"/api/evaluations/{evaluation.pk}/").status_code == 200


def test_procurement_and_executives_do_not_create_or_change_evaluations(risk_leader, procurement, executive):
    evaluation = EvaluationFactory(owner=risk_leader, members=[procurement, executive])
    for user in (procurement, executive):
        client = token_client(user)
        assert client.post("/api/evaluations/", {"name": "x"}, format="json").status_code == 403
        response = client.patch(f"/api/evaluations/{evaluation.pk}/", {"name": "Mine"}, format="json")
        assert response.status_code == 403
    assert Evaluation.objects.get(pk=evaluation.pk).name != "Mine"


def test_a_risk_leader_outside_the_evaluation_gets_404_and_changes_nothing(risk_leader):
    other = EvaluationFactory(name="Not yours")
    client = token_client(risk_leader)
    assert client.patch(f"/api/evaluations/{other.pk}/", {"name": "Taken"}, format="json").status_code == 404
    assert client.get(f"/api/evaluations/{other.pk}/pairwise/").status_code == 404
    assert client.post(f"/api/evaluations/{other.pk}/default-criteria/").status_code == 404
    criterion = Criterion.objects.create(evaluation=other, name="Hidden", group="manual", source="manual")
    assert client.get(f"/api/criteria/{criterion.pk}/").status_code == 404
    body = {"evaluation": other.pk, "name": "Sneaked in", "group": "manual", "source": "manual"}
    response = client.post("/api/criteria/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "evaluation"
    assert Evaluation.objects.get(pk=other.pk).name == "Not yours"
    assert not Criterion.objects.filter(name="Sneaked in").exists()


def test_an_update_sets_members_candidates_capabilities_and_status(risk_leader, procurement):
    evaluation = EvaluationFactory(owner=risk_leader, candidates=[factories.VendorFactory()])
    new = factories.VendorFactory(slug="newcomer")
    edr = factories.capability("soar")
    body = {
        "name": "Renamed",
        "members": [procurement.username],
        "candidate_slugs": ["newcomer"],
        "required_capabilities": [{"capability": edr.pk, "importance": 2}],
        "status": "scoring",
        "method": "topsis",
    }
    response = token_client(risk_leader).patch(
        f"/api/evaluations/{evaluation.pk}/", body, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200, response.content
    assert response.json()["members"] == [procurement.username]
    assert [c["slug"] for c in response.json()["candidates"]] == ["newcomer"]
    evaluation.refresh_from_db()
    assert (evaluation.name, evaluation.status, evaluation.method, evaluation.version) == (
        "Renamed",
        "scoring",
        "topsis",
        2,
    )
    assert list(evaluation.candidates.all()) == [new]
    assert list(
        RequiredCapability.objects.filter(evaluation=evaluation).values_list("capability", "importance")
    ) == [(edr.pk, 2)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"as_of_date": "2028-01-01"}, "horizon_date"),
        ({"members": ["nobody-by-that-name"]}, "members"),
        ({"candidate_slugs": ["no-such-vendor"]}, "candidate_slugs"),
        (
            {"required_capabilities": [{"capability": 999999, "importance": 3}]},
            "required_capabilities.0.capability",
        ),
        ({"status": "finished"}, "status"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_set_up_is_refused_naming_the_field_and_nothing_changes(risk_leader, body, field):
    evaluation = EvaluationFactory(owner=risk_leader, horizon_date=datetime.date(2027, 12, 31))
    response = token_client(risk_leader).patch(f"/api/evaluations/{evaluation.pk}/", body, format="json")
    assert response.status_code == 400, response.content
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert Evaluation.objects.get(pk=evaluation.pk).version == 1


def test_a_stale_evaluation_edit_gets_412(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader)
    client = token_client(risk_leader)
    url = f"/api/evaluations/{evaluation.pk}/"
    assert client.patch(url, {"name": "First"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    stale = client.patch(url, {"name": "Second", "version": 1}, format="json")
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    assert Evaluation.objects.get(pk=evaluation.pk).name == "First"


def test_a_decided_evaluation_refuses_every_write_with_409_even_its_status(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader, status=EvaluationStatus.DECIDED)
    client = token_client(risk_leader)
    url = f"/api/evaluations/{evaluation.pk}/"
    criterion = Criterion.objects.create(evaluation=evaluation, name="Fixed", group="manual", source="manual")
    for refused in (
        client.patch(url, {"name": "Rewritten"}, format="json"),
        client.patch(url, {"status": "scoring"}, format="json"),
        client.delete(f"/api/criteria/{criterion.pk}/"),
        client.post(f"/api/evaluations/{evaluation.pk}/default-criteria/"),
    ):
        assert refused.status_code == 409, refused.content
        assert refused.json()["errors"][0]["code"] == "evaluation_decided"
    evaluation.refresh_from_db()
    assert (evaluation.name, evaluation.status) != ("Rewritten", EvaluationStatus.SCORING)
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_the_status_cannot_be_set_to_proposed_or_decided_it_takes_the_sign_off(risk_leader):
    vendor = factories.VendorFactory()
    factories.RoadmapItemFactory(vendor=vendor)  # one item due: a delivery record to rank on
    evaluation = EvaluationFactory(owner=risk_leader, candidates=[vendor], status=EvaluationStatus.SCORING)
    Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", metric="delivery_record"
    )
    client = token_client(risk_leader)
    for status in ("proposed", "decided"):
        response = client.patch(f"/api/evaluations/{evaluation.pk}/", {"status": status}, format="json")
        assert response.status_code == 400, response.content
        error = response.json()["errors"][0]
        assert error["field"] == "status" and "sign-off" in error["message"]
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.SCORING
    assert not DecisionSnapshot.objects.exists()


def test_evaluations_are_not_deleted_through_the_api(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader)
    assert token_client(risk_leader).delete(f"/api/evaluations/{evaluation.pk}/").status_code == 405
    assert Evaluation.objects.filter(pk=evaluation.pk).exists()


def test_criteria_are_created_with_the_pages_source_rules(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader)
    client = token_client(risk_leader)

    def post(**fields):
        return client.post("/api/criteria/", {"evaluation": evaluation.pk, **fields}, format="json")

    response = post(name="Depth", group="capability_depth", source="metric", metric="depth_index", weight=20)
    assert response.status_code == 201, response.content
    assert response.json()["version"] == 1
    refused = post(name="No metric", group="roadmap", source="metric")
    assert [e["field"] for e in refused.json()["errors"]] == ["metric"]
    refused = post(name="Cost", group="cost", source="cost_figure", metric="depth_index")
    assert [e["field"] for e in refused.json()["errors"]] == ["metric"]
    refused = post(name="Survey", group="questionnaire", source="questionnaire_section")
    assert [e["field"] for e in refused.json()["errors"]] == ["questionnaire_section"]
    refused = post(name="Depth", group="manual", source="manual")
    assert refused.status_code == 400
    assert list(Criterion.objects.filter(evaluation=evaluation).values_list("name", flat=True)) == ["Depth"]


def test_the_default_criteria_action_adds_the_pages_default_set_once(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader)
    client = token_client(risk_leader)
    url = f"/api/evaluations/{evaluation.pk}/default-criteria/"
    response = client.post(url)
    assert response.status_code == 201
    assert [c["name"] for c in response.json()] == [row[0] for row in DEFAULT_CRITERIA]
    assert client.post(url).json() == []
    assert evaluation.criteria.count() == len(DEFAULT_CRITERIA)


def test_a_weight_change_needs_a_reason_and_makes_the_weights_direct(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader, weight_mode=WeightMode.PAIRWISE, status="scoring")
    criterion = Criterion.objects.create(evaluation=evaluation, name="Depth", group="manual", source="manual")
    client = token_client(risk_leader)
    url = f"/api/criteria/{criterion.pk}/"
    refused = client.patch(url, {"weight": 40}, format="json")
    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["change_reason"]
    too_long = client.patch(url, {"weight": 40, "change_reason": "x" * 101}, format="json")
    assert [e["field"] for e in too_long.json()["errors"]] == ["change_reason"]
    assert Criterion.objects.get(pk=criterion.pk).weight == 1.0
    criterion.refresh_from_db()
    assert criterion.version == 1
    # Other fields change without a reason.
    assert client.patch(url, {"description": "Why it matters"}, format="json").status_code == 200
    response = client.patch(url, {"weight": 40, "change_reason": "Board asked for more depth"}, format="json")
    assert response.status_code == 200, response.content
    assert "change_reason" not in response.json()
    criterion.refresh_from_db()
    assert criterion.weight == 40
    last = criterion.history.first()
    assert (last.history_change_reason, last.history_user) == ("Board asked for more depth", risk_leader)
    evaluation.refresh_from_db()
    assert evaluation.weight_mode == WeightMode.DIRECT


def queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: the token's last-used time
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_evaluation_and_criteria_lists_cost_the_same_queries_for_5_and_50(risk_leader, procurement):
    # Evaluations: token + user, permissions ×2, count, page, then members, candidates, criteria and
    # required capabilities (with their capability), one query each. Criteria: the first five.
    client = token_client(risk_leader)

    def add(count):
        for _ in range(count):
            evaluation = EvaluationFactory(
                owner=risk_leader, members=[procurement], candidates=[factories.VendorFactory()]
            )
            Criterion.objects.create(evaluation=evaluation, name="Support", group="manual", source="manual")
            RequiredCapability.objects.create(
                evaluation=evaluation, capability=factories.capability(), importance=3
            )

    add(5)
    counts = [queries_for(client, "/api/evaluations/"), queries_for(client, "/api/criteria/")]
    add(45)
    assert [queries_for(client, "/api/evaluations/"), queries_for(client, "/api/criteria/")] == counts
    # The caller's permission set comes from the cache (common/permission_cache.py).
    assert counts == [8, 3]
