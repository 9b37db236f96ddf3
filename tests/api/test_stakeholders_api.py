"""Stakeholder groups through the API: CRUD, weights, combined results, consensus, refusals."""

import pytest

from evaluator.decisions.service import decide
from evaluator.models import ManualScore, StakeholderGroup
from tests import factories
from tests.api.conftest import token_client
from tests.evaluator.test_stakeholders import two_view_evaluation


@pytest.fixture
def setup(db, risk_leader, executive):
    evaluation, vendors, usability, price = two_view_evaluation(risk_leader, members=[executive])
    return evaluation, vendors, usability, price


def test_the_owner_creates_weighs_and_reads_the_combined_results(setup, risk_leader, executive):
    evaluation, vendors, usability, price = setup
    api = token_client(risk_leader)
    base = f"/api/evaluations/{evaluation.pk}"
    created = api.post(
        f"{base}/stakeholder-groups/",
        {"name": "SOC", "influence": 3, "members": [executive.pk]},
        format="json",
    )
    assert created.status_code == 201, created.content
    soc = created.json()
    assert soc["members"] == [{"id": executive.pk, "username": executive.username}]
    points = api.put(
        f"{base}/stakeholder-groups/{soc['id']}/points/",
        {"points": [{"criterion": usability.pk, "points": 80}, {"criterion": price.pk, "points": 20}]},
        format="json",
    )
    assert points.status_code == 200, points.content
    assert {w["criterion"]: w["weight"] for w in points.json()["weights"]} == {
        usability.pk: pytest.approx(0.8),
        price.pk: pytest.approx(0.2),
    }
    other = api.post(
        f"{base}/stakeholder-groups/", {"name": "Procurement", "influence": 1}, format="json"
    ).json()
    pairwise = api.put(
        f"{base}/stakeholder-groups/{other['id']}/pairwise/",
        {"group_comparisons": [{"first": "cost", "second": "manual", "value": 9}]},
        format="json",
    )
    assert pairwise.status_code == 200, pairwise.content
    assert pairwise.json()["weight_mode"] == "pairwise"
    assert pairwise.json()["consistency"][0]["consistency_ratio"] == 0
    results = token_client(executive).get(f"{base}/stakeholders/").json()
    assert {g["name"]: g["winner"]["name"] for g in results["groups"]} == {
        "SOC": "Alpha",
        "Procurement": "Bravo",
    }
    assert results["combined"]["winner"]["name"] == "Alpha"
    changed = api.put(f"{base}/stakeholders/", {"method": "aip"}, format="json")
    assert changed.json()["method"] == "aip"
    renamed = api.patch(f"{base}/stakeholder-groups/{other['id']}/", {"influence": 50}, format="json")
    assert renamed.status_code == 200 and renamed.json()["influence"] == 50
    assert api.post(f"{base}/stakeholder-groups/{other['id']}/remove/").status_code == 204
    assert list(StakeholderGroup.objects.values_list("name", flat=True)) == ["SOC"]


def test_bad_input_is_a_400_that_changes_nothing(setup, risk_leader):
    evaluation, vendors, usability, price = setup
    api = token_client(risk_leader)
    base = f"/api/evaluations/{evaluation.pk}"
    group = api.post(f"{base}/stakeholder-groups/", {"name": "SOC", "influence": 1}, format="json").json()
    for body, field in (
        ({"name": "soc", "influence": 1}, "name"),
        ({"name": "X", "influence": 101}, "influence"),
        ({"name": "X", "influence": 1, "members": [factories.UserFactory().pk]}, "members"),
    ):
        response = api.post(f"{base}/stakeholder-groups/", body, format="json")
        assert response.status_code == 400 and field in response.content.decode(), response.content
    stranger = factories.VendorFactory()
    for body in (
        {"points": [{"criterion": 999999, "points": 1}]},
        {"points": [{"criterion": usability.pk, "points": -1}]},
    ):
        response = api.put(f"{base}/stakeholder-groups/{group['id']}/points/", body, format="json")
        assert response.status_code == 400, response.content
    response = api.post(
        f"{base}/consensus/",
        {"criterion": usability.pk, "vendor": stranger.pk, "outcome": "left", "reason": "x"},
        format="json",
    )
    assert response.status_code == 400 and "vendor" in response.json()["errors"][0]["field"]
    response = api.put(f"{base}/stakeholders/", {"method": "median"}, format="json")
    assert response.status_code == 400
    assert StakeholderGroup.objects.count() == 1
    assert dict(StakeholderGroup.objects.get().weights.values_list("criterion_id", "points")) == {
        usability.pk: 10,
        price.pk: 10,
    }


def test_members_read_the_owner_writes_and_a_decision_freezes(setup, risk_leader, executive):
    evaluation, vendors, usability, price = setup
    base = f"/api/evaluations/{evaluation.pk}"
    assert (
        token_client(executive)
        .post(f"{base}/stakeholder-groups/", {"name": "Mine", "influence": 1}, format="json")
        .status_code
        == 403
    )
    outsider = factories.UserFactory(username="outsider", role="Risk leader")
    assert token_client(outsider).get(f"{base}/stakeholders/").status_code == 404
    member_leader = factories.UserFactory(username="member.leader", role="Risk leader")
    evaluation.members.add(member_leader)
    assert (
        token_client(member_leader)
        .post(f"{base}/stakeholder-groups/", {"name": "Mine", "influence": 1}, format="json")
        .status_code
        == 403
    )
    decide(evaluation, risk_leader)
    response = token_client(risk_leader).post(
        f"{base}/stakeholder-groups/", {"name": "Late", "influence": 1}, format="json"
    )
    assert response.status_code == 409
    assert not StakeholderGroup.objects.exists()


def test_consensus_through_the_api(setup, risk_leader, executive):
    evaluation, vendors, usability, price = setup
    ManualScore.objects.create(criterion=usability, vendor=vendors[0], evaluator=executive, score=1)
    api = token_client(risk_leader)
    base = f"/api/evaluations/{evaluation.pk}"
    disputes = api.get(f"{base}/consensus/").json()
    assert [(d["vendor_name"], d["low"], d["high"]) for d in disputes] == [("Alpha", 1, 5)]
    response = api.post(
        f"{base}/consensus/",
        {"criterion": usability.pk, "vendor": vendors[0].pk, "outcome": "resolved", "reason": "agreed"},
        format="json",
    )
    assert response.status_code == 400  # no agreed score
    response = api.post(
        f"{base}/consensus/",
        {
            "criterion": usability.pk,
            "vendor": vendors[0].pk,
            "outcome": "resolved",
            "agreed_score": 3,
            "reason": "agreed",
        },
        format="json",
    )
    assert response.status_code == 200 and response.json() == []


def test_a_stale_version_is_a_412_and_changes_nothing(setup, risk_leader):
    from evaluator.stakeholders import services

    evaluation, vendors, usability, price = setup
    group = services.save_group(evaluation, name="SOC", influence=1)
    api = token_client(risk_leader)
    url = f"/api/evaluations/{evaluation.pk}/stakeholder-groups/{group.pk}/points/"
    read = evaluation.version
    first = api.put(
        url, {"points": [{"criterion": usability.pk, "points": 5}], "version": read}, format="json"
    )
    assert first.status_code == 200 and first.json()["version"] == read + 1
    stale = api.put(
        url, {"points": [{"criterion": usability.pk, "points": 9}], "version": read}, format="json"
    )
    assert stale.status_code == 412
    assert dict(group.weights.values_list("criterion_id", "points"))[usability.pk] == 5
