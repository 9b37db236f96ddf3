"""Pairwise (AHP) judgements through the API: Saaty's scale, the derived weights, CR and 412."""

import pytest

from evaluator.models import Criterion, CriterionComparison, GroupComparison, WeightMode
from tests.api.conftest import token_client
from tests.evaluator.factories import EvaluationFactory


def two_groups(owner):
    # Past its draft: saving judgements then needs a reason (rules.weight_reason_error).
    evaluation = EvaluationFactory(owner=owner, status="scoring")
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
    last = depth.history.first()
    assert (last.history_change_reason, last.history_user) == ("Depth matters most to the board", risk_leader)
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


def test_direct_weights_are_set_together_with_one_reason_and_become_direct(risk_leader):
    evaluation, depth, breadth, record, roadmap = two_groups(risk_leader)
    evaluation.weight_mode = WeightMode.PAIRWISE
    evaluation.save()  # version 2
    client = token_client(risk_leader)
    url = f"/api/evaluations/{evaluation.pk}/weights/"
    body = {
        "weights": [{"criterion": depth.pk, "weight": 50}, {"criterion": record.pk, "weight": 30}],
        "change_reason": "Steering group, 12 March",
    }
    response = client.put(url, body, format="json", HTTP_IF_MATCH='"2"')
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["weight_mode"] == "direct" and data["version"] == 3
    rows = {row["criterion"]: row for row in data["weights"]}
    assert (rows[depth.pk]["weight"], rows[record.pk]["weight"], rows[breadth.pk]["weight"]) == (50, 30, 1)
    assert rows[depth.pk]["share"] == pytest.approx(50 / 82)
    assert sum(row["share"] for row in data["weights"]) == pytest.approx(1)
    depth.refresh_from_db()
    assert (depth.weight, depth.version) == (50, 2)
    assert depth.history.first().history_change_reason == "Steering group, 12 March"
    assert client.get(url).json() == data
    # The criterion's own version moved: an edit from an older copy of it is refused.
    stale = client.patch(
        f"/api/criteria/{depth.pk}/", {"weight": 5, "change_reason": "x"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412


@pytest.mark.parametrize(
    ("weights", "reason", "field"),
    [
        ([{"criterion": "depth", "weight": 50}], "", "change_reason"),
        ([{"criterion": "depth", "weight": -1}], "x", "weights.0.weight"),
        ([{"criterion": 999999, "weight": 5}], "x", "weights.0.criterion"),
        (
            [{"criterion": "depth", "weight": 5}, {"criterion": "depth", "weight": 6}],
            "x",
            "weights.1.criterion",
        ),
        ([], "x", "weights"),
    ],
)
def test_bad_direct_weights_are_refused_naming_the_field_and_nothing_changes(
    risk_leader, weights, reason, field
):
    evaluation, depth, *_ = two_groups(risk_leader)
    rows = [
        {**row, "criterion": depth.pk if row["criterion"] == "depth" else row["criterion"]} for row in weights
    ]
    body = {"weights": rows, "change_reason": reason}
    response = token_client(risk_leader).put(
        f"/api/evaluations/{evaluation.pk}/weights/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert [error["field"] for error in response.json()["errors"]] == [field]
    depth.refresh_from_db()
    evaluation.refresh_from_db()
    assert (depth.weight, depth.version, evaluation.version) == (1, 1, 1)


def test_a_stale_direct_weights_write_gets_412_and_changes_nothing(risk_leader):
    evaluation, depth, *_ = two_groups(risk_leader)
    client = token_client(risk_leader)
    client.patch(f"/api/evaluations/{evaluation.pk}/", {"name": "Renamed meanwhile"}, format="json")
    body = {"weights": [{"criterion": depth.pk, "weight": 9}], "change_reason": "Old copy", "version": 1}
    assert client.put(f"/api/evaluations/{evaluation.pk}/weights/", body, format="json").status_code == 412
    depth.refresh_from_db()
    assert depth.weight == 1
