"""Pairwise (AHP) judgements through the API: Saaty's scale, the derived weights, CR and 412."""

import pytest

from evaluator.models import Criterion, CriterionComparison, GroupComparison, WeightMode
from tests.evaluator.factories import EvaluationFactory

from .conftest import token_client


def two_groups(owner):
    evaluation = EvaluationFactory(owner=owner)
    depth = Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", position=0
    )
    breadth = Criterion.objects.create(
        evaluation=evaluation, name="Breadth", group="capability_depth", position=1
    )
    record = Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", position=2
    )
    roadmap = Criterion.objects.create(evaluation=evaluation, name="Roadmap", group="roadmap", position=3)
    return evaluation, depth, breadth, record, roadmap


def test_judgements_give_the_ahp_weights_and_the_evaluation_becomes_pairwise(risk_leader):
    evaluation, depth, breadth, record, roadmap = two_groups(risk_leader)
    body = {
        "group_comparisons": [
            {"first": "capability_depth", "second": "delivery_record", "value": 3},
            {"first": "capability_depth", "second": "roadmap", "value": 3},
        ],
        # Given the other way round: stored as Depth vs Breadth = 3, as the page shows it.
        "criterion_comparisons": [{"first": breadth.pk, "second": depth.pk, "value": 1 / 3}],
        "change_reason": "Depth matters most to the board",
    }
    url = f"/api/evaluations/{evaluation.pk}/pairwise/"
    response = token_client(risk_leader).put(url, body, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.content
    data = response.json()
    weights = {row["criterion"]: row["weight"] for row in data["weights"]}
    assert sum(weights.values()) == pytest.approx(1)
    assert weights[depth.pk] == pytest.approx(0.6 * 0.75)
    assert weights[breadth.pk] == pytest.approx(0.6 * 0.25)
    assert data["warning"] == "" and all(check["acceptable"] for check in data["consistency"])
    assert data["weight_mode"] == "pairwise" and data["version"] == 2
    assert response["ETag"] == '"2"'
    assert CriterionComparison.objects.get().first_id == depth.pk
    assert CriterionComparison.objects.get().value == pytest.approx(3)
    depth.refresh_from_db()
    assert depth.weight == pytest.approx(45)
    assert depth.history.first().history_change_reason == "Depth matters most to the board"
    evaluation.refresh_from_db()
    assert evaluation.weight_mode == WeightMode.PAIRWISE
    assert evaluation.history.first().history_change_reason == "Depth matters most to the board"
    assert token_client(risk_leader).get(url).json()["weights"] == data["weights"]


def test_inconsistent_judgements_are_saved_with_the_warning_the_page_gives(risk_leader):
    evaluation, *_ = two_groups(risk_leader)
    body = {
        "group_comparisons": [
            {"first": "capability_depth", "second": "delivery_record", "value": 9},
            {"first": "delivery_record", "second": "roadmap", "value": 9},
            {"first": "capability_depth", "second": "roadmap", "value": 1 / 9},
        ],
        "change_reason": "Testing",
    }
    data = (
        token_client(risk_leader)
        .put(f"/api/evaluations/{evaluation.pk}/pairwise/", body, format="json")
        .json()
    )
    between = next(check for check in data["consistency"] if check["scope"] == "groups")
    assert between["consistency_ratio"] > 0.10 and not between["acceptable"]
    assert "above 0.10" in data["warning"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"group_comparisons": [{"first": "capability_depth", "second": "roadmap", "value": 10}]},
            "group_comparisons.0.value",
        ),
        (
            {"group_comparisons": [{"first": "capability_depth", "second": "roadmap", "value": 0.1}]},
            "group_comparisons.0.value",
        ),
        (
            {"group_comparisons": [{"first": "cost", "second": "roadmap", "value": 3}]},
            "group_comparisons.0.first",
        ),
        (
            {"group_comparisons": [{"first": "roadmap", "second": "roadmap", "value": 3}]},
            "group_comparisons.0.second",
        ),
        ({"change_reason": ""}, "change_reason"),
    ],
)
def test_bad_judgements_are_refused_naming_the_field_and_nothing_changes(risk_leader, change, field):
    evaluation, *_ = two_groups(risk_leader)
    body = {"group_comparisons": [], "change_reason": "Because", **change}
    response = token_client(risk_leader).put(
        f"/api/evaluations/{evaluation.pk}/pairwise/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not GroupComparison.objects.exists()
    evaluation.refresh_from_db()
    assert (evaluation.version, evaluation.weight_mode) == (1, WeightMode.DIRECT)


def test_criteria_are_compared_only_within_their_group_and_within_the_evaluation(risk_leader):
    evaluation, depth, _, record, _ = two_groups(risk_leader)
    other = Criterion.objects.create(
        evaluation=EvaluationFactory(owner=risk_leader), name="X", group="roadmap"
    )
    client = token_client(risk_leader)
    url = f"/api/evaluations/{evaluation.pk}/pairwise/"
    for second, message in ((record.pk, "within their group"), (other.pk, "Not a criterion")):
        body = {
            "criterion_comparisons": [{"first": depth.pk, "second": second, "value": 3}],
            "change_reason": "x",
        }
        response = client.put(url, body, format="json")
        assert response.status_code == 400
        assert message in response.json()["errors"][0]["message"]
    assert not CriterionComparison.objects.exists()


def test_a_stale_pairwise_write_gets_412_and_changes_nothing(risk_leader):
    evaluation, *_ = two_groups(risk_leader)
    client = token_client(risk_leader)
    url = f"/api/evaluations/{evaluation.pk}/pairwise/"
    client.patch(f"/api/evaluations/{evaluation.pk}/", {"name": "Renamed meanwhile"}, format="json")
    body = {
        "group_comparisons": [{"first": "capability_depth", "second": "roadmap", "value": 5}],
        "change_reason": "Stale",
        "version": 1,
    }
    response = client.put(url, body, format="json")
    assert response.status_code == 412
    assert not GroupComparison.objects.exists()


def test_only_roles_that_change_evaluations_write_judgements(risk_leader, procurement):
    evaluation, *_ = two_groups(risk_leader)
    evaluation.members.add(procurement)
    client = token_client(procurement)
    url = f"/api/evaluations/{evaluation.pk}/pairwise/"
    assert client.get(url).status_code == 200
    body = {"group_comparisons": [], "change_reason": "Mine"}
    assert client.put(url, body, format="json").status_code == 403
