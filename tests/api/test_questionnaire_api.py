"""Questionnaires through the API: every signed-in role reads; builders write draft versions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluator.models import Answer, Evaluation, Response
from tests import factories
from tests.api.conftest import token_client
from tests.api.payloads import answered_response
from tests.evaluator.questionnaire_helpers import small_questionnaire


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


# Writes: draft versions are built as on their pages; issued versions are frozen.


def test_a_questionnaire_is_built_section_by_section_and_question_by_question(procurement):
    client = token_client(procurement)
    created = client.post("/api/questionnaires/", {"family": "cloud-dd", "title": "Cloud"}, format="json")
    assert created.status_code == 201, created.json()
    questionnaire = created.json()
    assert (
        questionnaire["version_number"],
        questionnaire["unanswered_rule"],
        questionnaire["is_frozen"],
    ) == (
        1,
        "zero",
        False,
    )
    section = client.post(
        "/api/questionnaire-sections/",
        {"questionnaire": questionnaire["id"], "title": "Hosting"},
        format="json",
    ).json()
    body = {
        "questionnaire": questionnaire["id"],
        "section": section["id"],
        "code": " HO-01 ",
        "text": "Where is the data hosted?",
        "kind": "single_choice",
        "choices": [{"label": "EU", "score": 5}, {"label": "Elsewhere", "score": "1.5"}],
    }
    question = client.post("/api/questions/", body, format="json")
    assert question.status_code == 201, question.json()
    assert question.json()["code"] == "HO-01"
    assert [(c["label"], c["score"]) for c in question.json()["choices"]] == [
        ("EU", "5.00"),
        ("Elsewhere", "1.50"),
    ]
    yes_no = client.post(
        "/api/questions/", {**body, "code": "HO-02", "kind": "yes_no", "choices": []}, format="json"
    ).json()
    assert [c["label"] for c in yes_no["choices"]] == ["Yes", "No"]
    changed = client.patch(
        f"/api/questions/{question.json()['id']}/",
        {
            "choices": [
                {"label": "EU", "score": 5},
                {"label": "US", "score": 2},
                {"label": "Other", "score": 0},
            ]
        },
        format="json",
        HTTP_IF_MATCH=question["ETag"],
    )
    assert changed.status_code == 200, changed.json()
    assert [c["label"] for c in changed.json()["choices"]] == ["EU", "US", "Other"]
    assert changed.json()["version"] == 2
    assert client.delete(f"/api/questions/{yes_no['id']}/").status_code == 204


def test_the_question_page_rules_answer_400_naming_the_field(procurement):
    questionnaire = small_questionnaire()
    section = questionnaire.sections.first()
    client = token_client(procurement)
    base = {"questionnaire": questionnaire.pk, "section": section.pk, "text": "?", "kind": "single_choice"}
    cases = {
        "code": {**base, "code": "q-01", "choices": [{"label": "A"}, {"label": "B"}]},  # id taken
        "choices": {**base, "code": "X-1", "choices": [{"label": "Only one", "score": 1}]},
    }
    for field, body in cases.items():
        refused = client.post("/api/questions/", body, format="json")
        assert refused.status_code == 400, body
        assert refused.json()["errors"][0]["field"] == field
    wrong_yes_no = client.post(
        "/api/questions/",
        {**base, "code": "X-2", "kind": "yes_no", "choices": [{"label": "Maybe", "score": 1}]},
        format="json",
    )
    assert "exactly the choices 'Yes' and 'No'" in wrong_yes_no.json()["errors"][0]["message"]
    other_section = small_questionnaire(family="other").sections.first()
    moved = client.post(
        "/api/questions/", {**cases["code"], "code": "X-3", "section": other_section.pk}, format="json"
    )
    assert moved.json()["errors"][0]["field"] == "section"
    taken = client.post("/api/questionnaires/", {"family": "test-q", "title": "Again"}, format="json")
    assert taken.status_code == 400
    assert "new version" in taken.json()["errors"][0]["message"]
    assert questionnaire.questions.count() == 8


def test_an_issued_version_is_frozen_and_new_version_copies_it_editable(procurement):
    response = answered_response(factories.VendorFactory(), "frozen-q", procurement)
    issued = response.questionnaire
    question, section = issued.questions.first(), issued.sections.first()
    client = token_client(procurement)
    refusals = [
        client.patch(f"/api/questionnaires/{issued.pk}/", {"title": "Renamed"}, format="json"),
        client.patch(f"/api/questionnaire-sections/{section.pk}/", {"title": "Renamed"}, format="json"),
        client.patch(f"/api/questions/{question.pk}/", {"text": "Reworded"}, format="json"),
        client.delete(f"/api/questions/{question.pk}/"),
        client.post(
            "/api/questionnaire-sections/", {"questionnaire": issued.pk, "title": "More"}, format="json"
        ),
    ]
    for refused in refusals:
        assert refused.status_code == 409
        assert "frozen" in refused.json()["detail"]
    issued.refresh_from_db()
    assert issued.title == "Test questionnaire" and issued.questions.count() == 8
    copy = client.post(f"/api/questionnaires/{issued.pk}/new-version/")
    assert copy.status_code == 201
    assert (copy.json()["version_number"], copy.json()["is_frozen"], len(copy.json()["questions"])) == (
        2,
        False,
        8,
    )
    assert (
        client.patch(f"/api/questionnaires/{copy.json()['id']}/", {"title": "V2"}, format="json").status_code
        == 200
    )


def test_executives_read_questionnaires_but_never_build_them(executive):
    questionnaire = small_questionnaire()
    client = token_client(executive)
    assert client.post(f"/api/questionnaires/{questionnaire.pk}/new-version/").status_code == 403
    assert (
        client.patch(f"/api/questionnaires/{questionnaire.pk}/", {"title": "X"}, format="json").status_code
        == 403
    )
    blank = client.get(f"/api/questionnaires/{questionnaire.pk}/export/?format=csv")
    assert blank.status_code == 200
    assert blank.content.decode("utf-8-sig").splitlines()[1].startswith("Q-01,Basics")


def test_two_builders_editing_the_same_question_the_second_gets_412(procurement, risk_leader):
    question = small_questionnaire().questions.get(code="Q-04")
    url = f"/api/questions/{question.pk}/"
    paula, rick = token_client(procurement), token_client(risk_leader)
    etag = paula.get(url)["ETag"]
    assert rick.get(url)["ETag"] == etag
    assert paula.patch(url, {"text": "Paula's"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    stale = rick.patch(url, {"text": "Rick's"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    question.refresh_from_db()
    assert question.text == "Paula's"


def test_section_and_question_lists_cost_the_same_queries_for_1_and_5_versions(procurement):
    client = token_client(procurement)
    small_questionnaire(family="first")

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ("/api/questionnaire-sections/", "/api/questions/")
    before = {url: count(url) for url in urls}
    for n in range(4):
        small_questionnaire(family=f"more-{n}")
    assert {url: count(url) for url in urls} == before
