"""Manual scores through the API: one's own scores, the grid's rules, 412 on a stale edit."""

from evaluator.models import Criterion, EvaluationStatus, ManualScore
from tests import factories
from tests.api.conftest import token_client
from tests.evaluator.factories import EvaluationFactory


def scoring_setup(owner, members=()):
    vendor = factories.VendorFactory()
    evaluation = EvaluationFactory(owner=owner, members=list(members), candidates=[vendor])
    criterion = Criterion.objects.create(
        evaluation=evaluation, name="Support", group="manual", source="manual"
    )
    return evaluation, criterion, vendor


def test_a_member_records_their_own_score_and_sees_only_their_own(risk_leader, procurement):
    _, criterion, vendor = scoring_setup(risk_leader, members=[procurement])
    ManualScore.objects.create(criterion=criterion, vendor=vendor, evaluator=risk_leader, score=2)
    client = token_client(procurement)
    body = {
        "criterion": criterion.pk,
        "vendor": vendor.pk,
        "score": 4,
        "rationale": "24/7 support in contract",
    }
    response = client.post("/api/manual-scores/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["evaluator"] == procurement.username
    assert ManualScore.objects.get(evaluator=procurement).score == 4
    listed = client.get("/api/manual-scores/").json()
    assert [row["evaluator"] for row in listed["results"]] == [procurement.username]
    other = ManualScore.objects.get(evaluator=risk_leader)
    assert client.patch(f"/api/manual-scores/{other.pk}/", {"score": 0}, format="json").status_code == 404
    assert ManualScore.objects.get(pk=other.pk).score == 2


def test_bad_scores_are_refused_naming_the_field_and_nothing_is_saved(risk_leader, procurement):
    evaluation, criterion, vendor = scoring_setup(risk_leader, members=[procurement])
    client = token_client(procurement)

    def error_fields(body):
        response = client.post("/api/manual-scores/", body, format="json")
        assert response.status_code == 400, response.content
        return {error["field"] for error in response.json()["errors"]}

    assert error_fields({"criterion": criterion.pk, "vendor": vendor.pk, "score": 6}) == {"score"}
    outsider = factories.VendorFactory()
    assert error_fields({"criterion": criterion.pk, "vendor": outsider.pk, "score": 3}) == {"vendor"}
    metric = Criterion.objects.create(evaluation=evaluation, name="Depth", group="capability_depth")
    assert error_fields({"criterion": metric.pk, "vendor": vendor.pk, "score": 3}) == {"criterion"}
    hidden, hidden_criterion, hidden_vendor = scoring_setup(risk_leader)
    assert error_fields({"criterion": hidden_criterion.pk, "vendor": hidden_vendor.pk, "score": 3}) == {
        "criterion"
    }
    evaluation.status = EvaluationStatus.DECIDED
    evaluation.save()
    body = {"criterion": criterion.pk, "vendor": vendor.pk, "score": 3}
    decided = client.post("/api/manual-scores/", body, format="json")
    assert decided.status_code == 409 and decided.json()["errors"][0]["code"] == "evaluation_decided"
    assert not ManualScore.objects.exists()


def test_scoring_the_same_vendor_twice_is_refused(risk_leader):
    _, criterion, vendor = scoring_setup(risk_leader)
    client = token_client(risk_leader)
    body = {"criterion": criterion.pk, "vendor": vendor.pk, "score": 3}
    assert client.post("/api/manual-scores/", body, format="json").status_code == 201
    assert client.post("/api/manual-scores/", body, format="json").status_code == 400
    assert ManualScore.objects.count() == 1


def test_a_stale_edit_of_a_score_gets_412_and_changes_nothing(risk_leader):
    _, criterion, vendor = scoring_setup(risk_leader)
    score = ManualScore.objects.create(criterion=criterion, vendor=vendor, evaluator=risk_leader, score=3)
    client = token_client(risk_leader)
    url = f"/api/manual-scores/{score.pk}/"
    body = {"score": 4, "change_reason": "Second demo"}
    assert client.patch(url, body, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    stale = client.patch(url, {"score": 1, "change_reason": "Old copy"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert ManualScore.objects.get(pk=score.pk).score == 4


def test_executives_do_not_score(risk_leader, executive):
    _, criterion, vendor = scoring_setup(risk_leader, members=[executive])
    body = {"criterion": criterion.pk, "vendor": vendor.pk, "score": 3}
    assert token_client(executive).post("/api/manual-scores/", body, format="json").status_code == 403
    assert not ManualScore.objects.exists()


def test_the_score_list_costs_the_same_queries_for_5_and_50_scores(risk_leader):
    # token + user, permissions (user, group), the count, one page of scores with their evaluator.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = token_client(risk_leader)

    def add(count):
        for _ in range(count):
            _, criterion, vendor = scoring_setup(risk_leader)
            ManualScore.objects.create(criterion=criterion, vendor=vendor, evaluator=risk_leader, score=2)

    def queries():
        client.get("/api/manual-scores/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/manual-scores/").status_code == 200
        return len(captured)

    add(5)
    five = queries()
    add(45)
    assert queries() == five
    assert ManualScore.objects.count() == 50


def test_changing_or_removing_a_score_needs_a_reason_kept_in_the_history(risk_leader):
    _, criterion, vendor = scoring_setup(risk_leader)
    client = token_client(risk_leader)
    body = {"criterion": criterion.pk, "vendor": vendor.pk, "score": 3, "rationale": "Good SLA"}
    created = client.post("/api/manual-scores/", body, format="json")
    assert created.status_code == 201, created.content  # a first score needs no reason
    url = f"/api/manual-scores/{created.json()['id']}/"
    refused = client.patch(url, {"score": 1}, format="json")
    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["change_reason"]
    assert client.patch(url, {"rationale": "24/7 SLA"}, format="json").status_code == 200
    changed = client.patch(
        url, {"score": 1, "change_reason": "SLA withdrawn in the last round"}, format="json"
    )
    assert changed.status_code == 200
    score = ManualScore.objects.get()
    assert score.score == 1
    assert score.history.first().history_change_reason == "SLA withdrawn in the last round"
    assert client.delete(url).status_code == 400
    assert client.delete(f"{url}?change_reason=" + "x" * 101).status_code == 400
    assert ManualScore.objects.exists()
    assert client.delete(f"{url}?change_reason=Criterion+dropped").status_code == 204
    assert ManualScore.history.filter(history_type="-").get().history_change_reason == "Criterion dropped"


def blind_setup(owner, names=("Acme", "Borealis", "Cobalt")):
    vendors = [factories.VendorFactory(name=name) for name in names]
    evaluation = EvaluationFactory(owner=owner, candidates=vendors, blind_scoring=True)
    criterion = Criterion.objects.create(
        evaluation=evaluation, name="Support", group="manual", source="manual"
    )
    return evaluation, criterion, vendors


def grid_labels_of(client, evaluation):
    import re

    return re.findall(r'<th scope="row">(.*?)</th>', client.get(f"/evaluations/{evaluation.pk}/scores/").text)


def test_in_blind_scoring_the_api_names_candidates_only_by_the_grids_labels(risk_leader):
    from tests.conftest import client_for

    evaluation, criterion, vendors = blind_setup(risk_leader)
    client = token_client(risk_leader)
    labels = grid_labels_of(client_for(risk_leader), evaluation)
    assert sorted(labels) == ["Vendor A", "Vendor B", "Vendor C"]
    body = {"criterion": criterion.pk, "vendor": vendors[0].pk, "score": 3}
    refused = client.post("/api/manual-scores/", body, format="json")
    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["vendor"]
    for score, label in enumerate(labels):
        body = {"criterion": criterion.pk, "candidate": label, "score": score}
        response = client.post("/api/manual-scores/", body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["candidate"] == label and response.json()["vendor"] is None
    listed = client.get(f"/api/manual-scores/?criterion={criterion.pk}").json()["results"]
    assert [row["vendor"] for row in listed] == [None, None, None]
    assert [row["candidate"] for row in listed] == labels
    assert not any(v.name in str(listed) for v in vendors)
    assert {s.vendor_id for s in ManualScore.objects.all()} == {v.pk for v in vendors}
    # Selecting blind scores by vendor id would tie a label to a vendor: it matches nothing.
    assert client.get(f"/api/manual-scores/?vendor={vendors[0].pk}").json()["count"] == 0
    unknown = client.post(
        "/api/manual-scores/", {"criterion": criterion.pk, "candidate": "Acme", "score": 1}, format="json"
    )
    assert [e["field"] for e in unknown.json()["errors"]] == ["candidate"]


def test_the_api_and_the_grid_give_the_same_vendor_the_same_label(risk_leader):
    from evaluator.scoring_grid.rules import blind_label, blind_order

    evaluation, criterion, vendors = blind_setup(risk_leader, names=[f"V{n}" for n in range(6)])
    expected = {
        v.pk: blind_label(i)
        for i, v in enumerate(sorted(vendors, key=lambda v: blind_order(evaluation.blind_secret, v.pk)))
    }
    client = token_client(risk_leader)
    for vendor in vendors:
        ManualScore.objects.create(criterion=criterion, vendor=vendor, evaluator=risk_leader, score=2)
    for row in client.get("/api/manual-scores/").json()["results"]:
        assert row["candidate"] == expected[ManualScore.objects.get(pk=row["id"]).vendor_id]


def test_open_scoring_names_candidates_by_name_and_takes_either(risk_leader):
    vendor = factories.VendorFactory(name="Acme")
    evaluation = EvaluationFactory(owner=risk_leader, candidates=[vendor])
    criterion = Criterion.objects.create(
        evaluation=evaluation, name="Support", group="manual", source="manual"
    )
    client = token_client(risk_leader)
    body = {"criterion": criterion.pk, "candidate": "Acme", "score": 4}
    response = client.post("/api/manual-scores/", body, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["vendor"], response.json()["candidate"]) == (vendor.pk, "Acme")
    both = client.patch(
        f"/api/manual-scores/{response.json()['id']}/",
        {"candidate": "Acme", "vendor": vendor.pk},
        format="json",
    )
    assert [e["field"] for e in both.json()["errors"]] == ["candidate"]


def test_the_scoring_grid_endpoint_shows_what_the_grid_page_shows(risk_leader, procurement, executive):
    from tests.conftest import client_for

    evaluation, criterion, vendors = blind_setup(risk_leader)
    evaluation.members.add(procurement, executive)
    ManualScore.objects.create(
        criterion=criterion, vendor=vendors[0], evaluator=risk_leader, score=5, rationale="A"
    )
    ManualScore.objects.create(criterion=criterion, vendor=vendors[0], evaluator=procurement, score=2)
    url = f"/api/evaluations/{evaluation.pk}/scoring-grid/"
    grid = token_client(risk_leader).get(url).json()
    assert grid["blind_scoring"] is True and grid["flagged"] == 1
    assert grid["criteria"] == [{"id": criterion.pk, "name": "Support"}]
    assert [row["candidate"] for row in grid["rows"]] == grid_labels_of(client_for(risk_leader), evaluation)
    assert all(row["vendor"] is None for row in grid["rows"])
    scored = [row["cells"][0] for row in grid["rows"] if row["cells"][0]["score"] is not None]
    assert [(c["score"], c["rationale"], c["evaluators"], c["spread"], c["flagged"]) for c in scored] == [
        (5, "A", 2, 3, True)
    ]
    assert "Acme" not in str(grid)
    assert token_client(executive).get(url).status_code == 403
