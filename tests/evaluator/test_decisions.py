"""Frozen decisions: the hashed snapshot, the final status, the guard everywhere, verify_decisions."""

import datetime
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.db.models import ProtectedError
from django.urls import reverse

from engine.scoring import ALGORITHM_VERSION
from evaluator.decisions.canonical import canonical_text, digest, is_canonical
from evaluator.decisions.service import DecisionRefused, decide
from evaluator.models import (
    Criterion,
    DecisionSnapshot,
    Evaluation,
    EvaluationStatus,
    ImmutableSnapshotError,
    ManualScore,
    RequiredCapability,
)
from tests import factories
from tests.concurrency import at_the_same_moment
from tests.conftest import client_for
from tests.evaluator.factories import CriterionFactory, EvaluationFactory


def scored_evaluation(owner, members=(), candidates=2, prefix=""):
    """An evaluation with a metric and a manual criterion that ranks its candidates."""
    vendors = [factories.VendorFactory(name=f"{prefix}Vendor {i}") for i in range(candidates)]
    evaluation = EvaluationFactory(owner=owner, members=list(members), candidates=vendors)
    Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", metric="delivery_record", weight=10
    )
    manual = CriterionFactory(evaluation=evaluation, name="Usability")
    for score, vendor in enumerate(vendors):
        ManualScore.objects.create(criterion=manual, vendor=vendor, evaluator=owner, score=min(score, 5))
    return evaluation


def tamper(snapshot_pk: int, content: str, sha256: str | None = None) -> None:
    """Rewrite a stored snapshot with raw SQL, past the model's guard, as a tampering admin would."""
    with connection.cursor() as cursor:
        if sha256 is None:
            cursor.execute(
                "UPDATE evaluator_decisionsnapshot SET content = %s WHERE id = %s", [content, snapshot_pk]
            )
        else:
            cursor.execute(
                "UPDATE evaluator_decisionsnapshot SET content = %s, sha256 = %s WHERE id = %s",
                [content, sha256, snapshot_pk],
            )


def verify() -> tuple[int, str, str]:
    """Exit status, output and errors of verify_decisions (manage.py exits 1 on a CommandError)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_decisions", stdout=out, stderr=err)
    except CommandError as error:
        return 1, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def test_the_canonical_form_sorts_keys_rounds_floats_and_has_no_whitespace():
    text = canonical_text({"b": 0.1 + 0.2, "a": [float("nan"), -0.0, datetime.date(2026, 11, 1)], "é": True})
    assert text == '{"a":[null,0.0,"2026-11-01"],"b":0.3,"é":true}'
    assert is_canonical(text) and not is_canonical('{"b": 1, "a": 2}')
    assert digest(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_deciding_stores_a_canonical_hashed_snapshot_of_every_input_and_result(risk_leader):
    evaluation = scored_evaluation(risk_leader)
    snapshot = decide(evaluation, risk_leader)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DECIDED
    assert snapshot.sha256 == hashlib.sha256(snapshot.content.encode()).hexdigest()
    assert is_canonical(snapshot.content)
    content = json.loads(snapshot.content)
    assert content["algorithm_version"] == ALGORITHM_VERSION == snapshot.algorithm_version
    assert content["decision"]["decided_by"] == risk_leader.username
    assert {c["name"] for c in content["criteria"]} == {"Record", "Usability"}
    assert len(content["inputs"]["manual_scores"]) == 2
    ranking = content["results"]["ranking"]
    assert [row["name"] for row in ranking] == ["Vendor 1", "Vendor 0"]
    assert ranking[0]["rank_probabilities"] and content["results"]["sensitivity"]
    # Every total is the sum of its contributions, as on the results page.
    for row in ranking:
        assert sum(c["contribution"] for c in row["criteria"].values()) == pytest.approx(row["total"])


def test_an_evaluation_is_decided_once_and_only_with_a_ranking(risk_leader):
    empty = EvaluationFactory(owner=risk_leader)
    with pytest.raises(DecisionRefused, match="nothing to decide"):
        decide(empty, risk_leader)
    assert not DecisionSnapshot.objects.exists()
    assert Evaluation.objects.get(pk=empty.pk).status == EvaluationStatus.DRAFT
    evaluation = scored_evaluation(risk_leader)
    decide(evaluation, risk_leader)
    with pytest.raises(DecisionRefused, match="already decided"):
        decide(evaluation, risk_leader)
    assert DecisionSnapshot.objects.count() == 1


def test_a_snapshot_cannot_be_changed_or_deleted_and_protects_its_evaluation(risk_leader):
    evaluation = scored_evaluation(risk_leader)
    snapshot = decide(evaluation, risk_leader)
    snapshot.content = "{}"
    with pytest.raises(ImmutableSnapshotError):
        snapshot.save()
    with pytest.raises(ImmutableSnapshotError):
        snapshot.delete()
    with pytest.raises(ImmutableSnapshotError):
        DecisionSnapshot.objects.filter(pk=snapshot.pk).update(sha256="0" * 64)
    with pytest.raises(ImmutableSnapshotError):
        DecisionSnapshot.objects.all().delete()
    with pytest.raises(ProtectedError):
        Evaluation.objects.get(pk=evaluation.pk).delete()
    assert DecisionSnapshot.objects.get().content != "{}"


def test_the_settings_form_cannot_set_the_status_to_decided(risk_leader):
    evaluation = scored_evaluation(risk_leader)
    response = client_for(risk_leader).post(
        reverse("evaluator:edit", args=[evaluation.pk]),
        {
            "name": evaluation.name,
            "horizon_date": "2027-12-31",
            "status": "decided",
            "method": "weighted_sum",
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.DRAFT


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "edit",
            {"name": "Renamed", "horizon_date": "2027-12-31", "status": "draft", "method": "weighted_sum"},
        ),
        ("capabilities", {"cap_1": "5"}),
        ("criteria", {"add_defaults": "1"}),
        ("pairwise", {"g_capability_depth__delivery_record": "3"}),
        ("scoring", {}),
        ("propose", {"rationale": "Again", "chosen": "1", "approvers": "1"}),
    ],
)
def test_every_page_refuses_changes_to_a_decided_evaluation(risk_leader, admin_user, name, data):
    evaluation = scored_evaluation(risk_leader)
    decide(evaluation, risk_leader)
    before = (Evaluation.objects.get(pk=evaluation.pk).version, Criterion.objects.count())
    for user in (risk_leader, admin_user):
        response = client_for(user).post(
            reverse(f"evaluator:{name}", args=[evaluation.pk]), data, follow=True
        )
        assert "This evaluation is decided: the decision is final" in response.text
    assert (Evaluation.objects.get(pk=evaluation.pk).version, Criterion.objects.count()) == before
    assert Evaluation.objects.get(pk=evaluation.pk).name != "Renamed"
    assert not RequiredCapability.objects.exists()


def test_the_api_refuses_manual_score_changes_in_a_decided_evaluation_with_409(risk_leader):
    from rest_framework.test import APIClient

    evaluation = scored_evaluation(risk_leader)
    score = ManualScore.objects.get(vendor__name="Vendor 1")
    decide(evaluation, risk_leader)
    client = APIClient()
    client.force_authenticate(risk_leader)
    url = f"/api/manual-scores/{score.pk}/"
    for response in (
        client.patch(url, {"score": 1}, format="json"),
        client.delete(url),
        client.post(
            "/api/manual-scores/",
            {"criterion": score.criterion_id, "vendor": score.vendor_id, "score": 2},
            format="json",
        ),
    ):
        assert response.status_code == 409, response.content
        body = response.json()
        assert "decided" in body["detail"] and body["errors"][0]["code"] == "evaluation_decided"
    assert ManualScore.objects.get(pk=score.pk).score == 1 and ManualScore.objects.count() == 2


def test_the_history_page_shows_the_decision_and_its_snapshot(risk_leader):
    evaluation = scored_evaluation(risk_leader)
    snapshot = decide(evaluation, risk_leader)
    text = client_for(risk_leader).get(reverse("evaluator:history", args=[evaluation.pk])).text
    assert "Decision snapshot taken" in text
    assert f"Decided; snapshot SHA-256 {snapshot.sha256}" in text


def test_verify_decisions_passes_and_fails_when_the_stored_snapshot_is_altered(risk_leader):
    evaluation = scored_evaluation(risk_leader)
    snapshot = decide(evaluation, risk_leader)
    code, out, _ = verify()
    assert code == 0 and f"ok      evaluation {evaluation.pk}" in out
    altered = snapshot.content.replace('"Vendor 1"', '"Vendor 9"')
    tamper(snapshot.pk, altered)
    code, _, err = verify()
    assert code == 1 and "hash mismatch" in err and f"evaluation {evaluation.pk}" in err


def test_verify_decisions_fails_on_content_that_is_not_canonical_or_not_json(risk_leader):
    evaluation = scored_evaluation(risk_leader)
    snapshot = decide(evaluation, risk_leader)
    pretty = json.dumps(json.loads(snapshot.content), indent=1)
    tamper(snapshot.pk, pretty, digest(pretty))
    code, _, err = verify()
    assert code == 1 and "not in canonical form" in err
    tamper(snapshot.pk, "{not json")
    code, _, err = verify()
    assert code == 1 and "not readable JSON" in err


def test_verify_decisions_fails_on_a_decided_evaluation_without_a_snapshot(risk_leader):
    evaluation = scored_evaluation(risk_leader)
    Evaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.DECIDED)
    code, _, err = verify()
    assert code == 1 and "no snapshot" in err


def test_the_admin_shows_a_decided_evaluation_and_its_snapshot_read_only(risk_leader, admin_user):
    evaluation = scored_evaluation(risk_leader)
    snapshot = decide(evaluation, risk_leader)
    client = client_for(admin_user)
    for url in (
        reverse("admin:evaluator_evaluation_change", args=[evaluation.pk]),
        reverse("admin:evaluator_criterion_change", args=[evaluation.criteria.first().pk]),
        reverse("admin:evaluator_decisionsnapshot_change", args=[snapshot.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200 and b'name="_save"' not in page.content, url
        assert client.post(url, {"name": "Rewritten"}).status_code == 403, url
    delete = reverse("admin:evaluator_decisionsnapshot_delete", args=[snapshot.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Evaluation.objects.get(pk=evaluation.pk).name != "Rewritten" and DecisionSnapshot.objects.exists()
    # An open evaluation's status can be moved in the admin, but not to "decided".
    other = scored_evaluation(risk_leader, prefix="open ")
    page = client.get(reverse("admin:evaluator_evaluation_change", args=[other.pk]))
    assert b'value="scoring"' in page.content and b'value="decided"' not in page.content


@pytest.mark.django_db(transaction=True)
def test_two_people_deciding_at_the_same_moment_record_one_decision():
    owner = factories.UserFactory(username="rhea.race", role="Risk leader")
    evaluation = scored_evaluation(owner)

    def attempt():
        try:
            decide(Evaluation.objects.get(pk=evaluation.pk), owner)
            return "decided"
        except (DecisionRefused, OperationalError):  # SQLite may refuse the second writer outright
            return "refused"

    outcomes = list(at_the_same_moment({1: attempt, 2: attempt}).values())
    assert sorted(outcomes) == ["decided", "refused"]
    assert DecisionSnapshot.objects.filter(evaluation=evaluation).count() == 1
    assert verify()[0] == 0


def test_the_api_shows_who_decided_when_and_the_snapshot_hash(risk_leader):
    from rest_framework.test import APIClient

    evaluation = scored_evaluation(risk_leader)
    client = APIClient()
    client.force_authenticate(risk_leader)
    url = f"/api/evaluations/{evaluation.pk}/"
    assert client.get(url).json()["decision"] is None
    snapshot = decide(evaluation, risk_leader)
    decision = client.get(url).json()["decision"]
    assert decision["sha256"] == snapshot.sha256 == hashlib.sha256(snapshot.content.encode()).hexdigest()
    assert decision["decided_by"] == risk_leader.username
    assert decision["algorithm_version"] == snapshot.algorithm_version
    listed = client.get("/api/evaluations/").json()["results"]
    assert [row["decision"]["sha256"] for row in listed if row["id"] == evaluation.pk] == [snapshot.sha256]
