"""Every API route, every role, every method: the role decides exactly as in the UI."""

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from config.api import router
from tests import factories
from tests.api.conftest import token_client
from tests.api.payloads import PATCHES, answered_response, create_payload, fresh_record
from tests.conftest import CAST
from tests.evaluator.questionnaire_helpers import small_questionnaire
from tests.evaluator.test_dashboard import scored_evaluation
from vendors.models import Signal

VENDOR_RECORD = (
    "vendor",
    "assessment",
    "financialfact",
    "fundingevent",
    "roadmapitem",
    "contract",
    "briefing",
)
TAXONOMY = ("capabilitydomain", "capability")
# Questionnaires read-only for now; responses and answers written as in the UI (test_response_api.py,
# test_answer_api.py).
QUESTIONNAIRES = ("questionnaire", "questionnairesection", "question", "response", "answer")
BUILD = ("questionnaire", "questionnairesection", "question")
EDITORS = ("procurement", "risk_leader", "admin")
PREFIX = {basename: prefix for prefix, _, basename in router.registry}
counter = itertools.count(1)


def expected(basename: str, role: str, action: str) -> int:
    if role == "anonymous":
        return 403 if (basename, action) == ("signal", "create") else 401
    if action in ("list", "retrieve"):
        return 200
    success = {"create": 201, "update": 200, "destroy": 204}[action]
    if basename in VENDOR_RECORD:
        return success if role in EDITORS else 403
    if basename in TAXONOMY:
        return success if role == "admin" else 403
    if basename in BUILD:
        # Draft versions are built as on their pages; versions and sections are never deleted.
        allowed = action != "destroy" or basename == "question"
        return success if role in EDITORS and allowed else 405 if role in EDITORS else 403
    if basename in ("answer", "response"):
        # Answers are entered and changed as in the UI's entry form, never deleted (cleared instead);
        # responses are issued, then only moved through their lifecycle (test_response_steps_…).
        allowed = action == "create" or (basename == "answer" and action == "update")
        return success if role in EDITORS and allowed else 405 if role in EDITORS else 403
    if basename in QUESTIONNAIRES:
        # Roles that may write them in the UI learn the API method is not there (yet).
        return 405 if role in EDITORS else 403
    if basename == "signal":
        # POST on the list is the webhook: no sign-in, a signed body, and refused (403) without a secret.
        if action == "create":
            return 403
        # Read-only otherwise: who may change (review) or delete one learns the method is not there.
        may = {"update": ("procurement", "risk_leader", "admin"), "destroy": ("admin",)}[action]
        return 405 if role in may else 403
    # The re-baseline log: nobody writes it through the API; an administrator learns the method is not there.
    return 405 if role == "admin" else 403


def test_the_walk_covers_every_registered_viewset():
    assert set(PREFIX) == {
        *VENDOR_RECORD,
        *TAXONOMY,
        *QUESTIONNAIRES,
        "roadmapchange",
        "evaluation",
        "criterion",
        "manualscore",
        "apitoken",
        "signal",
        "job",  # owner-only, read and retry: tests/jobs/test_jobs.py and tests/url_roles/jobs.py
        "campaign",  # list, read, create, remind: tests/api/test_campaigns_api.py
        "invitation",  # invite, read, revoke: tests/api/test_invitations_api.py walks every role
        "document",  # the vault, multipart writes: tests/vendors/test_documents_api.py
    }


@pytest.mark.parametrize("basename", [*VENDOR_RECORD, *TAXONOMY, *QUESTIONNAIRES, "roadmapchange", "signal"])
def test_every_route_answers_each_role_as_the_ui_does(cast, basename):
    for role in CAST:
        walk_one_role(cast[role], role, basename)


def walk_one_role(user, role, basename):
    vendor = factories.VendorFactory()
    item = factories.RoadmapItemFactory(vendor=vendor)
    item.rebaseline(item.target_date.replace(year=2027), "Walk", None)
    item.save()
    client = token_client(user)
    base = f"/api/{PREFIX[basename]}/"
    n = next(counter)
    if basename == "roadmapchange":
        record = item.changes.get()
    elif basename == "signal":
        record = Signal.objects.create(
            vendor=vendor,
            kind="news",
            title="Walk",
            source="manual",
            external_id=f"walk-{n}",
            occurred_on="2026-11-01",
        )
    elif basename in BUILD:
        draft = small_questionnaire(family=f"draft-{n}")  # not issued: editable
        section = draft.sections.first()
        record = {"questionnaire": draft, "questionnairesection": section}.get(
            basename
        ) or draft.questions.first()
    elif basename in QUESTIONNAIRES:
        issued = answered_response(vendor, f"walk-{n}")
        record = {"response": issued}.get(basename) or issued.answers.get()
    else:
        record = fresh_record(basename, vendor, n)

    response = client.get(base)
    assert response.status_code == expected(basename, role, "list"), (role, response.content)
    response = client.get(f"{base}{record.pk}/")
    assert response.status_code == expected(basename, role, "retrieve"), response.content

    if basename == "answer":
        unanswered = issued.questionnaire.questions.get(code="Q-01")
        body = {"response": issued.pk, "question": unanswered.pk, "value": "Yes"}
    elif basename == "response":
        body = {"vendor": factories.VendorFactory().pk, "questionnaire": issued.questionnaire.pk}
    elif basename in BUILD:
        body = {
            "questionnaire": {"family": f"new-{n}", "title": "New questionnaire"},
            "questionnairesection": {"questionnaire": draft.pk, "title": "New section"},
            "question": {
                "questionnaire": draft.pk,
                "section": section.pk,
                "code": f"NEW-{n}",
                "text": "New question?",
                "kind": "yes_no",
            },
        }[basename]
    else:
        body = create_payload(basename, vendor, n) if basename in PATCHES else {}
    response = client.post(base, body, format="json")
    assert response.status_code == expected(basename, role, "create"), response.content

    response = client.patch(f"{base}{record.pk}/", PATCHES.get(basename, {}), format="json")
    assert response.status_code == expected(basename, role, "update"), response.content

    response = client.delete(f"{base}{record.pk}/")
    assert response.status_code == expected(basename, role, "destroy"), response.content
    if response.status_code == 204:
        assert not type(record).objects.filter(pk=record.pk).exists()
    elif basename in PATCHES:
        assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(
    "basename",
    [*VENDOR_RECORD, *TAXONOMY, *QUESTIONNAIRES, "roadmapchange", "evaluation", "criterion", "manualscore"],
)
def test_it_answers_404_with_an_error_body_for_an_unknown_id(procurement, basename):
    response = token_client(procurement).get(f"/api/{PREFIX[basename]}/999999/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_session_users_are_refused_writes_without_the_csrf_token(procurement):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(procurement)
    response = client.post("/api/vendors/", {"name": "Sneaky"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


RESULTS = ("ranking", "sensitivity", "vendors/candidate-00-of-2/scorecard")


def test_results_are_read_only_and_seen_only_inside_the_evaluation(cast):
    evaluation = scored_evaluation(cast["risk_leader"], 2)
    for role in CAST:
        client = token_client(cast[role])
        inside = role in ("risk_leader", "admin")
        for suffix in RESULTS:
            url = f"/api/evaluations/{evaluation.pk}/{suffix}/"
            expected_get = 401 if role == "anonymous" else 200 if inside else 404
            assert client.get(url).status_code == expected_get, (role, url)
            for method in ("post", "put", "patch", "delete"):
                status = getattr(client, method)(url, {}, format="json").status_code
                # As for questionnaires: roles that change evaluations learn the method is not there.
                expected_write = 401 if role == "anonymous" else 405 if inside else 403
                assert status == expected_write, (role, url, method)


def test_manual_scores_are_written_by_the_scoring_roles_on_their_own_scores_only(cast):
    from evaluator.models import Criterion, ManualScore
    from tests.evaluator.factories import EvaluationFactory

    vendor = factories.VendorFactory()
    members = [cast[role] for role in ("executive", "procurement")]
    evaluation = EvaluationFactory(owner=cast["risk_leader"], members=members, candidates=[vendor])
    criterion = Criterion.objects.create(
        evaluation=evaluation, name="Support", group="manual", source="manual"
    )
    writes = {"anonymous": 401, "executive": 403, "procurement": 201, "risk_leader": 201, "admin": 201}
    for role in CAST:
        client = token_client(cast[role])
        body = {"criterion": criterion.pk, "vendor": vendor.pk, "score": 3}
        response = client.post("/api/manual-scores/", body, format="json")
        assert response.status_code == writes[role], (role, response.content)
        if response.status_code != 201:
            continue
        url = f"/api/manual-scores/{response.json()['id']}/"
        assert client.patch(url, {"score": 5, "change_reason": "Walk"}, format="json").status_code == 200
        assert client.delete(f"{url}?change_reason=Walk").status_code == 204
    assert not ManualScore.objects.exists()


def by_role(**overrides):
    """Risk leaders and administrators change evaluations; the other roles are refused first (403)."""
    return {"anonymous": 401, "executive": 403, "procurement": 403, **overrides}


def test_evaluations_criteria_and_weights_are_written_as_on_the_set_up_pages(cast):
    """Inside an evaluation (every role a member) and outside it (nobody but the administrator)."""
    from evaluator.models import Criterion
    from tests.evaluator.factories import EvaluationFactory

    roles = [cast[role] for role in ("executive", "procurement", "risk_leader")]
    inside = EvaluationFactory(members=roles, candidates=[factories.VendorFactory()])
    outside = EvaluationFactory()
    created = by_role(risk_leader=201, admin=201)
    changed = by_role(risk_leader=200, admin=200)
    hidden = by_role(risk_leader=404, admin=200)
    for role in CAST:
        client = token_client(cast[role])
        body = {"name": f"New {role}", "horizon_date": "2027-12-31"}
        assert client.post("/api/evaluations/", body, format="json").status_code == created[role], role
        for evaluation, expected_change in ((inside, changed), (outside, hidden)):
            base = f"/api/evaluations/{evaluation.pk}/"
            status = client.patch(base, {"description": role}, format="json").status_code
            assert status == expected_change[role], (role, base)
            pairwise = {"group_comparisons": [], "change_reason": f"Walk {role}"}
            status = client.put(f"{base}pairwise/", pairwise, format="json").status_code
            assert status == expected_change[role], (role, "pairwise")
            criterion = Criterion.objects.create(
                evaluation=evaluation, name=f"Walk {role} {next(counter)}", group="manual", source="manual"
            )
            weights = {"weights": [{"criterion": criterion.pk, "weight": 7}], "change_reason": f"Walk {role}"}
            status = client.put(f"{base}weights/", weights, format="json").status_code
            assert status == expected_change[role], (role, "weights")
            url = f"/api/criteria/{criterion.pk}/"
            assert client.patch(url, {"position": 3}, format="json").status_code == expected_change[role]
            expected_delete = {**expected_change, **{r: 204 for r, s in expected_change.items() if s == 200}}
            assert client.delete(url).status_code == expected_delete[role], (role, url)
        status = client.post(f"/api/evaluations/{inside.pk}/default-criteria/").status_code
        assert status == created[role], (role, "default criteria")
        body = {"evaluation": inside.pk, "name": f"Walk {role}", "group": "manual", "source": "manual"}
        assert client.post("/api/criteria/", body, format="json").status_code == created[role], role
        # There is no delete of an evaluation, on the pages or here.
        expected_delete = by_role(risk_leader=405, admin=405)
        assert client.delete(f"/api/evaluations/{inside.pk}/").status_code == expected_delete[role]


def test_response_steps_import_and_export_answer_each_role_as_the_ui_does(cast):
    from evaluator.responses.lifecycle import start_response
    from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire

    for n, role in enumerate(CAST):
        response = start_response(factories.VendorFactory(), small_questionnaire(family=f"steps-{n}"), None)
        client = token_client(cast[role])
        base = f"/api/responses/{response.pk}"
        writes = 401 if role == "anonymous" else 403 if role == "executive" else None
        reads = 401 if role == "anonymous" else 200
        assert client.get(f"{base}/export/?format=csv").status_code == reads, role
        file = {"file": SimpleUploadedFile("answers.csv", csv_bytes(GOOD_ROWS))}
        assert client.post(f"{base}/import/", file, format="multipart").status_code == (writes or 200), role
        for name in ("submit", "accept", "lock"):
            assert client.post(f"{base}/{name}/").status_code == (writes or 200), (role, name)
        # Allowed, but not on a locked response: the page's reason, as a 409.
        assert client.post(f"{base}/request-changes/").status_code == (writes or 409), role
