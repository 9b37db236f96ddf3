"""Issue 12, finding 4: a response given for a private evaluation follows the evaluation.

Every page and endpoint of such a response (answers, attachments, exports, lifecycle steps,
history) answers 404 to a user of any role who is not a member, and changes nothing; members
and the general response are unaffected.
"""

import pytest
from django.core.files.base import ContentFile

from evaluator.models import Answer, ResponseStatus
from evaluator.responses.lifecycle import start_response
from tests import factories
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import small_questionnaire

ROLES = ["risk_leader", "procurement", "executive"]


@pytest.fixture
def outsiders(db):
    """One user per role, none of them a member of the evaluation."""
    return {
        "risk_leader": factories.UserFactory(username="otto.outsider", role="Risk leader"),
        "procurement": factories.UserFactory(username="olga.outsider", role="Procurement"),
        "executive": factories.UserFactory(username="oren.outsider", role="Executive"),
    }


@pytest.fixture
def private(risk_leader, procurement, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    vendor = factories.VendorFactory(name="Quietly Ltd")
    evaluation = EvaluationFactory(
        owner=risk_leader, members=[procurement], candidates=[vendor], name="Secret selection"
    )
    questionnaire = small_questionnaire()
    response = start_response(vendor, questionnaire, risk_leader, evaluation=evaluation)
    question = questionnaire.questions.get(code="Q-07")
    answer = Answer.objects.create(response=response, question=question, value_text="Ours", is_answered=True)
    answer.attachment.save("evidence.txt", ContentFile(b"evidence"), save=True)
    return response, answer


def page_urls(response, answer):
    base = f"/questionnaires/responses/{response.pk}"
    section = response.questionnaire.sections.first().pk
    return [
        ("get", f"{base}/"),
        ("get", f"{base}/history/"),
        ("get", f"{base}/sections/{section}/"),
        ("get", f"{base}/export/xlsx/"),
        ("get", f"{base}/export/csv/"),
        ("get", f"{base}/import/"),
        ("get", f"/questionnaires/attachments/{answer.pk}/"),
        ("post", f"{base}/step/submit/"),
        ("post", f"{base}/step/accept/"),
        ("post", f"{base}/answers/{answer.pk}/review/"),
    ]


def api_urls(response, answer):
    base = f"/api/responses/{response.pk}"
    return [
        ("get", f"{base}/"),
        ("get", f"{base}/history/"),
        ("get", f"{base}/export/"),
        ("post", f"{base}/submit/"),
        ("post", f"{base}/accept/"),
        ("post", f"{base}/lock/"),
        ("get", f"/api/answers/{answer.pk}/"),
        ("get", f"/api/answers/{answer.pk}/history/"),
        ("patch", f"/api/answers/{answer.pk}/"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_private_response_is_404_for_a_non_member(private, outsiders, role):
    response, answer = private
    client = client_for(outsiders[role])
    for method, url in page_urls(response, answer):
        answered = getattr(client, method)(url)
        # A role that may not use the page at all is refused first (403); none may see it exists.
        assert answered.status_code in (403, 404), (role, url, answered.status_code)
        assert b"Secret selection" not in answered.content
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_of_a_private_response_is_404_for_a_non_member(private, outsiders, role):
    response, answer = private
    client = token_client(outsiders[role])
    for method, url in api_urls(response, answer):
        answered = getattr(client, method)(url, {}, format="json") if method != "get" else client.get(url)
        assert answered.status_code in (403, 404), (role, url, answered.status_code)
    assert client.get("/api/responses/").json()["count"] == 0
    assert client.get(f"/api/answers/?response={response.pk}").json().get("count", 0) == 0
    listed = client_for(outsiders[role]).get("/questionnaires/responses/")
    assert f"/questionnaires/responses/{response.pk}/" not in listed.content.decode()


@pytest.mark.parametrize("role", ["risk_leader", "procurement"])
def test_a_non_member_cannot_attach_answers_to_a_private_response(private, outsiders, role):
    response, _ = private
    other = response.questionnaire.questions.get(code="Q-04")
    created = token_client(outsiders[role]).post(
        "/api/answers/", {"response": response.pk, "question": other.pk, "value": 3}, format="json"
    )
    assert created.status_code == 400
    assert not Answer.objects.filter(response=response, question=other).exists()


def test_members_still_read_the_private_response(private, risk_leader, procurement):
    response, answer = private
    for user in (risk_leader, procurement):
        assert client_for(user).get(f"/questionnaires/responses/{response.pk}/").status_code == 200
        assert client_for(user).get(f"/questionnaires/attachments/{answer.pk}/").status_code == 200
        assert token_client(user).get(f"/api/responses/{response.pk}/").status_code == 200


def test_a_general_response_stays_visible_to_every_reading_role(outsiders, risk_leader, db):
    response = start_response(factories.VendorFactory(), small_questionnaire(), risk_leader)
    for user in outsiders.values():
        assert client_for(user).get(f"/questionnaires/responses/{response.pk}/").status_code == 200
        assert token_client(user).get(f"/api/responses/{response.pk}/").status_code == 200
