"""GET /api/<resource>/{id}/history/: the History pages' entries for scripts, with the record's own visibility.

Per history request, with a bearer token (comments count the queries):
  1 token + user, 2 the user's permissions (user and group), 1 the record (+ its prefetches),
  1 the historical rows with their users, + 1 per tracked many-to-many field (the evaluation's
  members and candidates, names joined in). Nothing grows with the number of rows.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken
from config.api import router
from evaluator.models import Criterion, ManualScore
from tests import factories
from tests.api.conftest import token_client
from tests.api.payloads import answered_response
from tests.api.test_schemathesis import (  # noqa: F401  (a fixture, used below)
    CHECKS,
    _keep_the_test_connection,
    schema,
)
from tests.conftest import CAST, client_for
from tests.evaluator.factories import EvaluationFactory
from tests.vendors.documents_factory import make_document
from vendors.models import Signal

PREFIX = {basename: prefix for prefix, _, basename in router.registry}
WITH_HISTORY = sorted(
    basename for prefix, viewset, basename in router.registry if hasattr(viewset, "history")
)


def test_every_record_with_an_audit_trail_has_a_history_endpoint():
    assert (
        sorted(
            [
                "vendor",
                "assessment",
                "financialfact",
                "fundingevent",
                "roadmapitem",
                "contract",
                "briefing",
                "document",
                "questionnaire",
                "questionnairesection",
                "question",
                "response",
                "answer",
                "evaluation",
                "criterion",
                "manualscore",
                "signal",
            ]
        )
        == WITH_HISTORY
    )


def test_it_lists_who_changed_what_newest_first_with_raw_and_shown_values(procurement):
    vendor = factories.VendorFactory(name="Acme Guard", headcount=250, status="prospect")
    client = token_client(procurement)
    patched = client.patch(
        f"/api/vendors/{vendor.pk}/", {"headcount": 400, "status": "shortlisted"}, format="json"
    )
    assert patched.status_code == 200, patched.content

    body = client.get(f"/api/vendors/{vendor.pk}/history/").json()

    assert body["count"] == 2
    changed, created = body["results"]
    assert (changed["action"], changed["who"], changed["reason"]) == ("changed", procurement.username, "")
    assert changed["history_id"] > created["history_id"]
    assert sorted(changed["changes"], key=lambda c: c["field"]) == [
        {
            "field": "headcount",
            "label": "headcount",
            "old": 250,
            "new": 400,
            "old_display": "250",
            "new_display": "400",
            "added": None,
            "removed": None,
        },
        {
            "field": "status",
            "label": "status",
            "old": "prospect",
            "new": "shortlisted",
            "old_display": "Prospect",
            "new_display": "Shortlisted",
            "added": None,
            "removed": None,
        },
    ]
    # Made by the factory, outside any request: the system, with nothing to diff against.
    assert (created["action"], created["who"], created["changes"]) == ("created", None, [])


def test_a_change_reason_is_shown_on_the_page_and_returned_by_the_api(executive):
    item = factories.RoadmapItemFactory(title="Unified incident model")
    item.title = "Unified incident model v2"
    item._change_reason = "Renamed after the NDA briefing of 12 November"
    item.save()

    page = client_for(executive).get(f"/vendors/roadmaps/{item.pk}/history/").content.decode()
    latest = token_client(executive).get(f"/api/roadmap-items/{item.pk}/history/").json()["results"][0]

    assert "Renamed after the NDA briefing of 12 November" in page
    assert latest["reason"] == "Renamed after the NDA briefing of 12 November"
    assert latest["changes"][0]["new"] == "Unified incident model v2"


def test_an_evaluation_history_is_404_outside_it_as_the_evaluation_is(cast):
    evaluation = EvaluationFactory(owner=cast["risk_leader"], members=[cast["executive"]])
    url = f"/api/evaluations/{evaluation.pk}/history/"
    expected = {"anonymous": 401, "executive": 200, "procurement": 404, "risk_leader": 200, "admin": 200}
    for role in CAST:
        assert token_client(cast[role]).get(url).status_code == expected[role], role


def test_a_manual_score_history_is_only_for_the_evaluator_who_gave_it(cast):
    vendor = factories.VendorFactory()
    evaluation = EvaluationFactory(
        owner=cast["risk_leader"], members=[cast["procurement"]], candidates=[vendor]
    )
    criterion = Criterion.objects.create(
        evaluation=evaluation, name="Support", group="manual", source="manual"
    )
    score = ManualScore.objects.create(
        criterion=criterion, vendor=vendor, evaluator=cast["procurement"], score=2
    )
    url = f"/api/manual-scores/{score.pk}/history/"
    assert token_client(cast["procurement"]).get(url).status_code == 200
    # The evaluation's owner sees the evaluation, but not another evaluator's own scores.
    assert token_client(cast["risk_leader"]).get(url).status_code == 404


@pytest.mark.parametrize("basename", WITH_HISTORY)
def test_history_is_read_only_for_every_role(cast, basename):
    record = record_for(basename, cast)
    url = f"/api/{PREFIX[basename]}/{record.pk}/history/"
    for role in CAST:
        client = token_client(cast[role])
        # A manual score is its evaluator's own (the risk leader's here): 404 for everyone else.
        own = basename != "manualscore" or role == "risk_leader"
        expected = 401 if role == "anonymous" else 200 if own else 404
        assert client.get(url).status_code == expected, (role, url)
        for method in ("post", "put", "patch", "delete"):
            status = getattr(client, method)(url, {}, format="json").status_code
            # Roles that may change the record learn the method is not there; others may not.
            assert status in ((401,) if role == "anonymous" else (403, 405)), (role, url, method, status)


def test_an_unknown_id_is_a_404_with_the_error_body(procurement):
    response = token_client(procurement).get("/api/vendors/999999/history/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_a_long_history_is_paginated_like_every_list(procurement):
    vendor = factories.VendorFactory()
    for n in range(54):
        vendor.description = f"Revision {n}"
        vendor.save()
    client = token_client(procurement)
    first = client.get(f"/api/vendors/{vendor.pk}/history/").json()
    second = client.get(f"/api/vendors/{vendor.pk}/history/?page=2").json()
    assert (first["count"], len(first["results"]), len(second["results"])) == (55, 50, 5)
    assert first["results"][0]["changes"][0]["new"] == "Revision 53"
    assert second["results"][-1]["action"] == "created"
    assert client.get(f"/api/vendors/{vendor.pk}/history/?page=3").status_code == 404


def queries_for(client, url: str) -> int:
    client.get(url)  # warm-up: the token's last-used time is written once a minute, not per request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("basename", ["vendor", "roadmapitem", "response", "evaluation"])
def test_a_history_costs_the_same_queries_for_5_and_50_rows(cast, basename):
    client = token_client(cast["risk_leader"])
    counts = []
    for rows in (5, 50):
        record = record_for(basename, cast)
        record_type = type(record)
        for n in range(rows - record.history.count()):
            record = record_type.objects.get(pk=record.pk)
            if basename == "evaluation" and n % 2:
                record.candidates.add(factories.VendorFactory())  # a row with a relation snapshot
                continue
            if basename == "response":
                record._change_reason = f"Revision {n}"
            else:
                record.description = f"Revision {n}"
            record.save()
        assert record.history.count() == rows
        counts.append(queries_for(client, f"/api/{PREFIX[basename]}/{record.pk}/history/"))
    assert counts[0] == counts[1]


def record_for(basename, cast):
    """A record of the kind, visible to every signed-in role of the cast (and with the risk leader as
    its evaluator where that matters)."""
    vendor = factories.VendorFactory()
    if basename in ("questionnaire", "questionnairesection", "question", "response", "answer"):
        response = answered_response(vendor, f"history-{vendor.pk}")
        questionnaire = response.questionnaire
        return {
            "questionnaire": questionnaire,
            "questionnairesection": questionnaire.sections.first(),
            "question": questionnaire.questions.first(),
            "response": response,
        }.get(basename) or response.answers.first()
    if basename in ("evaluation", "criterion", "manualscore"):
        members = [cast[role] for role in ("executive", "procurement", "admin")]
        evaluation = EvaluationFactory(owner=cast["risk_leader"], members=members, candidates=[vendor])
        if basename == "evaluation":
            return evaluation
        criterion = Criterion.objects.create(
            evaluation=evaluation, name="Fit", group="manual", source="manual"
        )
        if basename == "criterion":
            return criterion
        return ManualScore.objects.create(
            criterion=criterion, vendor=vendor, evaluator=cast["risk_leader"], score=3
        )
    makers = {
        "vendor": lambda: vendor,
        "assessment": lambda: factories.AssessmentFactory(vendor=vendor),
        "financialfact": lambda: factories.FinancialFactFactory(vendor=vendor),
        "fundingevent": lambda: factories.FundingEventFactory(vendor=vendor),
        "roadmapitem": lambda: factories.RoadmapItemFactory(vendor=vendor),
        "contract": lambda: factories.ContractFactory(vendor=vendor),
        "briefing": lambda: factories.BriefingFactory(vendor=vendor),
        "document": lambda: make_document(vendor),
        "signal": lambda: Signal.objects.create(
            vendor=vendor,
            kind="news",
            title="History",
            source="manual",
            external_id=f"h-{vendor.pk}",
            occurred_on="2026-11-01",
        ),
    }
    return makers[basename]()


@pytest.mark.usefixtures("_keep_the_test_connection")
def test_real_histories_match_the_documented_schema(cast):
    """The fuzzing mostly meets unknown ids; this checks answers with entries, relations included."""

    evaluation = record_for("evaluation", cast)
    evaluation.candidates.add(factories.VendorFactory(name="Ardmoor Security"))
    evaluation.members.remove(cast["executive"])
    item = factories.RoadmapItemFactory()
    item.rebaseline(item.target_date.replace(year=item.target_date.year + 1), "Certification", None)
    item.save()
    headers = {"Authorization": f"Bearer {ApiToken.issue(cast['admin'], 'schema')[1]}"}
    for path, pk in (
        ("/api/evaluations/{id}/history/", evaluation.pk),
        ("/api/roadmap-items/{id}/history/", item.pk),
    ):
        case = schema[path]["GET"].Case(path_parameters={"id": str(pk)})
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        assert response.status_code == 200
        assert response.json()["results"][0]["changes"]


def test_a_rebaseline_through_the_api_is_in_the_history_with_its_reason(procurement):
    item = factories.RoadmapItemFactory()
    client = token_client(procurement)
    new_date = item.target_date.replace(year=item.target_date.year + 1)
    body = {"target_date": new_date.isoformat(), "change_reason": "Certification moved to Q3"}
    assert client.patch(f"/api/roadmap-items/{item.pk}/", body, format="json").status_code == 200

    latest = client.get(f"/api/roadmap-items/{item.pk}/history/").json()["results"][0]

    assert (latest["who"], latest["reason"]) == (procurement.username, "Certification moved to Q3")
    assert [(c["field"], c["old"], c["new"]) for c in latest["changes"]] == [
        ("target_date", item.target_date.isoformat(), new_date.isoformat())
    ]


def test_a_score_moved_between_blind_candidates_names_them_by_grid_label_only(cast):
    risk_leader = cast["risk_leader"]
    acme, zenith = factories.VendorFactory(name="Acme"), factories.VendorFactory(name="Zenith")
    evaluation = EvaluationFactory(owner=risk_leader, candidates=[acme, zenith], blind_scoring=True)
    criterion = Criterion.objects.create(evaluation=evaluation, name="Fit", group="manual", source="manual")
    score = ManualScore.objects.create(criterion=criterion, vendor=acme, evaluator=risk_leader, score=3)
    client = token_client(risk_leader)
    label = client.get(f"/api/manual-scores/{score.pk}/").json()["candidate"]
    other = "Vendor B" if label == "Vendor A" else "Vendor A"
    assert (
        client.patch(f"/api/manual-scores/{score.pk}/", {"candidate": other}, format="json").status_code
        == 200
    )

    change = client.get(f"/api/manual-scores/{score.pk}/history/").json()["results"][0]["changes"][0]
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/history/").content.decode()

    assert (change["field"], change["old"], change["new"]) == ("vendor", label, other)
    assert (change["old_display"], change["new_display"]) == (label, other)
    assert f"<strong>Vendor</strong>: {label} → {other}" in page
    for revealing in (str(acme.pk), str(zenith.pk), "Acme", "Zenith"):
        assert revealing not in (change["old"], change["new"])
    assert "for Acme" not in page and f"{acme.pk} → {zenith.pk}" not in page


def test_an_evaluations_history_includes_its_weight_changes_with_their_reasons(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader, name="SOC 2027")
    criterion = Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index", weight=10
    )
    client = token_client(risk_leader)
    changed = client.patch(
        f"/api/criteria/{criterion.pk}/",
        {"weight": 30, "change_reason": "Board asked for depth"},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    entries = client.get(f"/api/evaluations/{evaluation.pk}/history/").json()["results"]
    weight_change = next(entry for entry in entries if entry["reason"] == "Board asked for depth")
    assert weight_change["who"] == risk_leader.username
    assert [(c["field"], c["old"], c["new"]) for c in weight_change["changes"]] == [("weight", 10.0, 30.0)]
