"""Manual scores through the API: one's own scores, the grid's rules, 412 on a stale edit."""

from evaluator.models import Criterion, EvaluationStatus, ManualScore
from tests import factories
from tests.evaluator.factories import EvaluationFactory

from .conftest import token_client


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
    assert client.patch(url, {"score": 4}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    stale = client.patch(url, {"score": 1}, format="json", HTTP_IF_MATCH='"1"')
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
