"""Audit history: every change through a form records who, when, and each field's old and new value,
and the History pages show it to exactly the people who may view the object."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.history import history_entries
from evaluator.responses.importing import import_answers
from evaluator.responses.lifecycle import start_response
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import RoadmapItemFactory, VendorFactory
from tests.test_backup import empty_the_database  # noqa: F401  (a fixture, used below)
from vendors.models import RoadmapItem, Vendor

JUNE = datetime.date(2026, 6, 30)
SEPTEMBER = datetime.date(2026, 9, 30)


def vendor_form(vendor, **overrides):
    data = {
        "name": vendor.name,
        "website": "",
        "country": vendor.country,
        "founded": vendor.founded,
        "headcount": vendor.headcount,
        "ownership": vendor.ownership,
        "status": vendor.status,
        "unique_selling_points": vendor.unique_selling_points,
        "description": "",
    }
    data.update(overrides)
    return data


def test_it_records_who_changed_a_vendor_through_the_form_and_the_old_and_new_values(db, procurement):
    vendor = VendorFactory(name="Acme Guard", slug="acme-guard", headcount=250)
    before = datetime.datetime.now(datetime.UTC)
    edited = client_for(procurement).post("/vendors/acme-guard/edit/", vendor_form(vendor, headcount=400))
    assert edited.status_code == 302
    latest, created = Vendor.objects.get(pk=vendor.pk).history.order_by("-history_date")[:2]
    assert latest.history_user == procurement
    assert latest.history_type == "~"
    assert latest.history_date >= before
    delta = latest.diff_against(created, excluded_fields=["updated_at", "version"])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("headcount", 250, 400)]


def test_the_vendor_history_page_shows_who_and_the_old_and_new_value(db, procurement, executive):
    vendor = VendorFactory(name="Acme Guard", slug="acme-guard", headcount=250)
    client_for(procurement).post("/vendors/acme-guard/edit/", vendor_form(vendor, headcount=400))
    page = client_for(executive).get("/vendors/acme-guard/history/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "paula.procurement" in text
    assert "<strong>Headcount</strong>: 250 → 400" in text
    assert "Created" in text
    # The vendor page links to it.
    assert (
        'href="/vendors/acme-guard/history/"'
        in client_for(executive).get("/vendors/acme-guard/").content.decode()
    )


def test_the_roadmap_item_history_shows_a_rebaseline_with_its_reason(db, procurement, executive):
    item = RoadmapItemFactory(first_promised_date=JUNE, target_date=JUNE)
    item.rebaseline(SEPTEMBER, "Waiting for certification", procurement)
    item.save()
    page = client_for(executive).get(f"/vendors/roadmaps/{item.pk}/history/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Target date</strong>: 2026-06-30 → 2026-09-30" in text
    assert "Waiting for certification" in text
    assert (
        f'href="/vendors/roadmaps/{item.pk}/history/"'
        in client_for(executive).get(item.get_absolute_url()).content.decode()
    )


def test_choices_show_their_labels_not_their_stored_codes(db, procurement, executive):
    item = RoadmapItemFactory(first_promised_date=JUNE, target_date=JUNE)
    item = RoadmapItem.objects.get(pk=item.pk)
    item.status = "in_progress"
    item.save()
    text = client_for(executive).get(f"/vendors/roadmaps/{item.pk}/history/").content.decode()
    assert "Status</strong>: Planned → In progress" in text


def test_an_import_records_one_history_entry_on_the_response_with_its_counts(db, procurement, executive):
    vendor = VendorFactory(name="Acme Guard", slug="acme-guard")
    questionnaire = small_questionnaire()
    response = start_response(vendor, questionnaire, procurement)
    result = import_answers(csv_bytes(GOOD_ROWS), "answers.csv", vendor, questionnaire, procurement)
    assert result.ok
    latest = response.history.order_by("-history_date").first()
    assert (latest.history_user, latest.history_change_reason) == (
        procurement,
        "Import: 8 answer(s) added, 0 changed",
    )
    page = client_for(executive).get(f"/questionnaires/responses/{response.pk}/history/")
    assert page.status_code == 200
    assert "Import: 8 answer(s) added, 0 changed" in page.content.decode()
    # The answers' own values are not diffed per answer (one entry per import keeps the import fast).
    assert response.history.count() == 2


def test_an_evaluation_history_is_for_its_owner_members_and_administrators_only(
    db, risk_leader, procurement, executive, admin_user
):
    evaluation = EvaluationFactory(owner=risk_leader, members=[executive], name="Old name")
    evaluation.name = "SIEM 2027"
    evaluation.save()
    url = f"/evaluations/{evaluation.pk}/history/"
    for user in (risk_leader, executive, admin_user):
        page = client_for(user).get(url)
        assert page.status_code == 200, user
        assert "Name</strong>: Old name → SIEM 2027" in page.content.decode()
    assert client_for(procurement).get(url).status_code == 404
    assert f'href="{url}"' in client_for(executive).get(f"/evaluations/{evaluation.pk}/").content.decode()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("kind", ["vendor", "evaluation"])
def test_history_pages_run_the_same_queries_for_5_or_50_history_rows(db, risk_leader, kind):
    # session, user, the object (+ the evaluation's visibility check), then one query for all
    # history rows with their users; the diffs are computed in memory from those rows.
    counts = []
    for rows in (5, 50):
        if kind == "vendor":
            subject = VendorFactory()
            url = f"/vendors/{subject.slug}/history/"
        else:
            subject = EvaluationFactory(owner=risk_leader)
            url = f"/evaluations/{subject.pk}/history/"
        for n in range(rows - 1):
            subject.description = f"Revision {n}"
            subject.save()
        assert subject.history.count() == rows
        counts.append(queries_for(client_for(risk_leader), url))
    assert counts[0] == counts[1]


def test_the_daily_roadmap_check_leaves_a_history_entry_for_each_presumed_slip(db, executive):
    from vendors.alerts.slips import mark_presumed_slips

    item = RoadmapItemFactory(first_promised_date=JUNE, target_date=JUNE)
    assert mark_presumed_slips(SEPTEMBER) == 1
    latest = item.history.order_by("-history_date").first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "slipped",
        None,
        "Presumed slip: the target date passed",
    )
    text = client_for(executive).get(f"/vendors/roadmaps/{item.pk}/history/").content.decode()
    assert "Status</strong>: Planned → Slipped" in text


def test_pairwise_weights_written_in_bulk_still_leave_history_with_the_old_and_new_weight(db, risk_leader):
    from evaluator.models import Criterion
    from evaluator.setup import services

    evaluation = EvaluationFactory(owner=risk_leader)
    criteria = services.add_default_criteria(evaluation)
    assert all(c.history.count() == 1 for c in criteria)
    services.save_pairwise_judgements(evaluation, groups={}, criteria={})
    criterion = Criterion.objects.get(pk=criteria[0].pk)
    latest, first = criterion.history.order_by("-history_date", "-history_id")[:2]
    assert latest.history_change_reason == "Weights from pairwise judgements"
    assert (first.weight, latest.weight) == (criteria[0].weight, criterion.weight)


def evaluation_form(evaluation, **overrides):
    data = {
        "name": evaluation.name,
        "description": evaluation.description,
        "horizon_date": evaluation.horizon_date.isoformat(),
        "as_of_date": "",
        "status": evaluation.status,
        "method": evaluation.method,
        "candidates": [v.pk for v in evaluation.candidates.all()],
        "members": [u.pk for u in evaluation.members.all()],
    }
    data.update(overrides)
    return data


def test_member_and_candidate_changes_show_who_joined_and_who_left(db, risk_leader, procurement, executive):
    from tests.api.conftest import token_client

    ardmoor = VendorFactory(name="Ardmoor Security")
    evaluation = EvaluationFactory(owner=risk_leader, members=[procurement])
    form = evaluation_form(evaluation, members=[executive.pk], candidates=[ardmoor.pk])
    assert client_for(risk_leader).post(f"/evaluations/{evaluation.pk}/edit/", form).status_code == 302

    text = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/history/").content.decode()
    assert f"<strong>Members</strong>: + {executive.username}, − {procurement.username}" in text
    assert "<strong>Candidates</strong>: + Ardmoor Security" in text

    entries = token_client(executive).get(f"/api/evaluations/{evaluation.pk}/history/").json()["results"]
    m2m = {
        c["field"]: c for entry in entries if entry["who"] == risk_leader.username for c in entry["changes"]
    }
    assert (m2m["members"]["added"], m2m["members"]["removed"]) == (
        [executive.username],
        [procurement.username],
    )
    assert (m2m["members"]["old"], m2m["members"]["new"]) == ([procurement.pk], [executive.pk])
    assert (m2m["candidates"]["added"], m2m["candidates"]["removed"]) == (["Ardmoor Security"], [])
    # Removed from the evaluation, procurement no longer sees it nor its history.
    assert token_client(procurement).get(f"/api/evaluations/{evaluation.pk}/history/").status_code == 404


def test_existing_evaluations_start_their_member_history_from_a_baseline(db, risk_leader, procurement):
    import importlib

    from django.apps import apps

    baseline = importlib.import_module("evaluator.migrations.0010_evaluation_m2m_history_baseline")
    evaluation = EvaluationFactory(owner=risk_leader, members=[procurement])
    # As before 0007: history rows without member snapshots.
    type(evaluation).history.model.members.model.objects.all().delete()

    baseline.record_baseline(apps, None)

    latest = history_entries(evaluation)[0]
    assert (latest.who, latest.reason) == (None, baseline.BASELINE_REASON)
    assert [(c.field, c.added) for c in latest.changes] == [("members", [procurement.username])]
    # The next change diffs against the baseline: only what really changed.
    evaluation.members.add(risk_leader)
    assert [(c.field, c.added) for c in history_entries(evaluation)[0].changes] == [
        ("members", [risk_leader.username])
    ]


def test_member_and_candidate_history_survives_a_backup_and_restore(
    db,
    risk_leader,
    procurement,
    tmp_path,
    settings,
    empty_the_database,  # noqa: F811  (the fixture imported above)
):
    from common.backup import restore_backup, write_backup
    from evaluator.models import Evaluation

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    ardmoor = VendorFactory(name="Ardmoor Security")
    evaluation = EvaluationFactory(owner=risk_leader, members=[procurement], candidates=[ardmoor])
    evaluation._history_user = risk_leader
    evaluation.members.remove(procurement)

    def shown(subject):
        return [
            (e.history_id, e.kind, [(c.field, c.added, c.removed) for c in e.changes])
            for e in history_entries(subject)
        ]

    before = shown(evaluation)
    assert before[0][2] == [("members", [], [procurement.username])]
    archive = tmp_path / "backup.zip"
    write_backup(archive)
    empty_the_database()
    restore_backup(archive)

    assert shown(Evaluation.objects.get(pk=evaluation.pk)) == before
