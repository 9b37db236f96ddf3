"""Questionnaires, responses and answers through the API: read-only, for every signed-in role."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluator.models import Answer, Evaluation, Response
from tests import factories
from tests.evaluator.questionnaire_helpers import small_questionnaire

from .conftest import token_client
from .payloads import answered_response


def test_a_questionnaire_reads_with_its_sections_questions_and_choices(executive):
    questionnaire = small_questionnaire()
    body = token_client(executive).get(f"/api/questionnaires/{questionnaire.pk}/").json()
    assert [s["title"] for s in body["sections"]] == ["Basics", "Depth"]
    kinds = {q["kind"] for q in body["questions"]}
    assert {"yes_no", "single_choice", "scale"} <= kinds
    assert any(q["choices"] for q in body["questions"])


def test_a_response_and_its_answers_read_with_progress(executive, procurement):
    response = answered_response(factories.VendorFactory(), "q-read", procurement)
    client = token_client(executive)
    body = client.get(f"/api/responses/{response.pk}/").json()
    assert body["status"] == "draft"
    assert body["entered_by"] == procurement.username
    answers = client.get("/api/answers/", {"response": response.pk}).json()["results"]
    assert [a["value_text"] for a in answers] == ["Yes, since 2019"]
    assert answers[0]["question_code"] == Answer.objects.get(response=response).question.code


def test_nobody_writes_questionnaires_through_the_api_yet(procurement):
    client = token_client(procurement)
    assert client.post("/api/questionnaires/", {}, format="json").status_code == 405


def test_questionnaire_lists_cost_the_same_queries_for_1_and_5_rows(procurement):
    client = token_client(procurement)
    small_questionnaire(family="one")
    vendors = [factories.VendorFactory() for _ in range(5)]
    answered_response(vendors[0], "two", procurement)

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = {url: count(url) for url in ("/api/questionnaires/", "/api/responses/", "/api/answers/")}
    for n, vendor in enumerate(vendors[1:]):
        answered_response(vendor, f"more-{n}", procurement)
    after = {url: count(url) for url in before}
    assert before == after
    assert Response.objects.count() == 5


def make_evaluation(owner, members=()):
    import datetime

    evaluation = Evaluation.objects.create(
        name="SOC 2027", owner=owner, horizon_date=datetime.date(2027, 12, 31)
    )
    evaluation.members.add(*members)
    evaluation.candidates.add(factories.VendorFactory())
    return evaluation


def test_an_evaluation_is_seen_by_its_owner_and_members_and_is_404_to_everyone_else(
    risk_leader, procurement, executive, admin_user
):
    evaluation = make_evaluation(risk_leader, members=[executive])
    url = f"/api/evaluations/{evaluation.pk}/"
    assert token_client(risk_leader).get(url).json()["owner"] == risk_leader.username
    assert token_client(executive).get(url).json()["members"] == [executive.username]
    assert token_client(admin_user).get(url).status_code == 200
    hidden = token_client(procurement).get(url)
    assert hidden.status_code == 404
    assert token_client(procurement).get("/api/evaluations/").json()["count"] == 0


def test_evaluation_lists_cost_the_same_queries_for_1_and_5_rows(risk_leader):
    client = token_client(risk_leader)

    def count():
        client.get("/api/evaluations/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/evaluations/").status_code == 200
        return len(captured)

    make_evaluation(risk_leader)
    one = count()
    for _ in range(4):
        make_evaluation(risk_leader)
    assert count() == one
