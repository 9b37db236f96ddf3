"""Every evaluation-scoped URL, walked as a non-member of each role: 404, never the content.

The URLs come from the URL configuration itself (every pattern that takes the id of an
evaluation or of something inside one: criteria, manual scores, a response given for it, its
answers and attachments), so a new page or endpoint joins the walk without being listed. A
role that may not use a URL at all is refused first (403) whether or not it is a member; every
other non-member gets 404, as if the evaluation did not exist.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from evaluator.models import Answer, Criterion, ManualScore
from evaluator.portal.invitations import invite
from evaluator.responses.lifecycle import start_response
from tests import factories
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import small_questionnaire

ROLES = {"risk_leader": "Risk leader", "procurement": "Procurement", "executive": "Executive"}
# URL prefix → which object's id the pattern's ``pk`` is.
SCOPES = {
    "evaluations/": "evaluation",
    "api/^evaluations/": "evaluation",
    "questionnaires/responses/": "response",
    "api/^responses/": "response",
    "questionnaires/attachments/": "answer",
    "api/^answers/": "answer",
    "api/^criteria/": "criterion",
    "api/^manual-scores/": "score",
    "api/^invitations/": "invitation",
}


def url_patterns(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def scoped_patterns() -> list[tuple[str, str]]:
    """(pattern, scope) for every URL that takes the id of an evaluation-scoped object."""
    found = []
    for pattern in url_patterns():
        scope = next((s for prefix, s in SCOPES.items() if pattern.startswith(prefix)), None)
        if scope and "pk" in pattern and "format" not in pattern:
            found.append((pattern, scope))
    return found


def fill(pattern: str, objects: dict) -> str:
    """A concrete path for ``pattern`` with the objects' ids (DRF regexes and Django converters)."""
    values = {
        "pk": None,  # set per scope below
        "slug": objects["vendor"].slug,
        "section_pk": objects["section"].pk,
        "answer_pk": objects["answer"].pk,
        "invitation_pk": objects["invitation"].pk,
        "fmt": "xlsx",
        "action": "submit",
    }
    path = pattern.replace("^", "").replace("$", "")
    for name, value in values.items():
        path = re.sub(rf"\(\?P<{name}>[^)]*\)|<(?:\w+:)?{name}>", str(value), path)
    return "/" + path


@pytest.fixture
def private(db, settings, tmp_path):
    """A private evaluation with something behind every URL, and per role a member."""
    settings.MEDIA_ROOT = tmp_path
    owner = factories.UserFactory(username="olive.owner", role="Risk leader")
    members = {
        role: factories.UserFactory(username=f"member.{role}", role=group) for role, group in ROLES.items()
    }
    vendor = factories.VendorFactory(name="Quietly Ltd")
    evaluation = EvaluationFactory(
        owner=owner, members=list(members.values()), candidates=[vendor], name="Secret selection"
    )
    criterion = Criterion.objects.create(evaluation=evaluation, name="Fit", group="manual", source="manual")
    score = ManualScore.objects.create(criterion=criterion, vendor=vendor, evaluator=owner, score=4)
    questionnaire = small_questionnaire()
    response = start_response(vendor, questionnaire, owner, evaluation=evaluation)
    answer = Answer.objects.create(
        response=response,
        question=questionnaire.questions.get(code="Q-07"),
        value_text="Ours",
        is_answered=True,
    )
    answer.attachment.save("evidence.txt", ContentFile(b"evidence"), save=True)
    invitation, _ = invite(response, "contact@quietly.example", timezone.localdate(), owner)
    objects = {
        "evaluation": evaluation,
        "criterion": criterion,
        "score": score,
        "response": response,
        "answer": answer,
        "invitation": invitation,
        "vendor": vendor,
        "section": questionnaire.sections.first(),
    }
    return objects, members


def call(client, method: str, path: str):
    if method == "get":
        return client.get(path)
    return client.post(path, {}, content_type="application/json")


def test_the_walk_finds_the_evaluation_scoped_urls():
    patterns = [pattern for pattern, _ in scoped_patterns()]
    assert len(patterns) >= 45
    assert any("scorecard" in p for p in patterns) and any("attachments" in p for p in patterns)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_evaluation_scoped_url_is_404_for_a_non_member(private, role):
    objects, members = private
    outsider = factories.UserFactory(username=f"outsider.{role}", role=ROLES[role])
    member_seen = 0
    for pattern, scope in scoped_patterns():
        path = fill(pattern.replace("(?P<pk>[^/]+)", str(objects[scope].pk)), objects)
        path = re.sub(r"<int:pk>", str(objects[scope].pk), path)
        api = path.startswith("/api/")
        member = token_client(members[role]) if api else client_for(members[role])
        stranger = token_client(outsider) if api else client_for(outsider)
        method = "get"
        as_member = call(member, method, path)
        if as_member.status_code == 405:
            method = "post"  # a step or a review: POST only
            as_member = call(member, method, path)
        as_stranger = call(stranger, method, path)
        member_seen += as_member.status_code == 200
        expected = {403, 404} if as_member.status_code == 403 else {404}
        assert as_stranger.status_code in expected, (role, method, path, as_stranger.status_code)
        assert b"Secret selection" not in as_stranger.content, path
    # The walk reached real content for members: it does not pass by answering 404 to everyone.
    assert member_seen >= 15


@pytest.mark.parametrize("role", list(ROLES))
def test_lists_filtered_by_a_private_evaluation_are_empty_for_a_non_member(private, role):
    objects, _ = private
    outsider = factories.UserFactory(username=f"outsider.{role}", role=ROLES[role])
    client = token_client(outsider)
    pk = objects["evaluation"].pk
    for path in (
        "/api/evaluations/",
        f"/api/criteria/?evaluation={pk}",
        f"/api/manual-scores/?evaluation={pk}",
        "/api/responses/",
        f"/api/answers/?response={objects['response'].pk}",
    ):
        answered = client.get(path)
        assert answered.status_code in (200, 400, 403), (path, answered.status_code)
        if answered.status_code == 200:
            assert answered.json()["count"] == 0, path
