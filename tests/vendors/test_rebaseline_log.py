"""A target date never changes without a log entry, whichever path changes it."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from tests.conftest import client_for
from tests.factories import RoadmapItemFactory, VendorFactory
from vendors.models import RoadmapChange, RoadmapItem
from vendors.models.roadmap import RebaselineRequired

JUNE = datetime.date(2026, 6, 30)
SEPTEMBER = datetime.date(2026, 9, 30)


@pytest.fixture
def item(db):
    return RoadmapItemFactory(first_promised_date=JUNE, target_date=JUNE)


def test_it_logs_a_rebaseline_made_through_the_model(item, risk_leader):
    item.rebaseline(SEPTEMBER, "Cloud partner API late", risk_leader)
    item.save()
    change = item.changes.get()
    assert (change.old_date, change.new_date, change.reason, change.changed_by) == (
        JUNE,
        SEPTEMBER,
        "Cloud partner API late",
        risk_leader,
    )


def test_it_refuses_to_save_a_target_date_changed_without_a_reason(item):
    item = RoadmapItem.objects.get(pk=item.pk)
    item.target_date = SEPTEMBER
    with pytest.raises(RebaselineRequired):
        item.save()
    assert RoadmapItem.objects.get(pk=item.pk).target_date == JUNE
    assert RoadmapChange.objects.count() == 0


def test_it_refuses_a_rebaseline_without_a_reason(item):
    with pytest.raises(RebaselineRequired):
        item.rebaseline(SEPTEMBER, "   ")


def test_it_refuses_bulk_updates_of_target_dates(item):
    with pytest.raises(RebaselineRequired):
        RoadmapItem.objects.filter(pk=item.pk).update(target_date=SEPTEMBER)
    item.target_date = SEPTEMBER
    with pytest.raises(RebaselineRequired):
        RoadmapItem.objects.bulk_update([item], ["target_date"])
    assert RoadmapItem.objects.get(pk=item.pk).target_date == JUNE


def test_it_allows_other_bulk_updates(item):
    assert RoadmapItem.objects.filter(pk=item.pk).update(title="Renamed") == 1


def test_it_keeps_the_log_append_only(item):
    item.rebaseline(SEPTEMBER, "Late", None)
    item.save()
    change = item.changes.get()
    change.reason = "Rewritten history"
    with pytest.raises(TypeError):
        change.save()
    with pytest.raises(TypeError):
        change.delete()
    with pytest.raises(TypeError):
        RoadmapChange.objects.all().delete()
    with pytest.raises(TypeError):
        RoadmapChange.objects.update(reason="x")
    assert RoadmapChange.objects.get().reason == "Late"


def test_it_logs_every_move_in_order(item):
    for new_date, reason in [(SEPTEMBER, "First slip"), (datetime.date(2026, 12, 31), "Second slip")]:
        item.rebaseline(new_date, reason)
        item.save()
    assert list(item.changes.values_list("old_date", "new_date")) == [
        (JUNE, SEPTEMBER),
        (SEPTEMBER, datetime.date(2026, 12, 31)),
    ]


def form_data(item, **overrides):
    data = {
        "capability": item.capability_id,
        "title": item.title,
        "commitment_kind": item.commitment_kind,
        "first_promised_date": item.first_promised_date.isoformat(),
        "target_date": item.target_date.isoformat(),
        "status": item.status,
        "contract_coverage": item.contract_coverage,
        "currency": "EUR",
    }
    data.update(overrides)
    return data


def test_the_edit_form_asks_for_a_reason_and_saves_nothing_without_one(item, procurement):
    response = client_for(procurement).post(
        f"/vendors/roadmap/{item.pk}/edit/", form_data(item, target_date=SEPTEMBER.isoformat())
    )
    assert response.status_code == 200
    assert "Say why the target date moves" in response.content.decode()
    assert RoadmapItem.objects.get(pk=item.pk).target_date == JUNE
    assert not RoadmapChange.objects.exists()


def test_the_edit_form_logs_the_change_with_its_reason_and_author(item, procurement):
    response = client_for(procurement).post(
        f"/vendors/roadmap/{item.pk}/edit/",
        form_data(item, target_date=SEPTEMBER.isoformat(), change_reason="Waiting for certification"),
    )
    assert response.status_code == 302
    change = RoadmapChange.objects.get()
    assert (change.old_date, change.new_date, change.reason, change.changed_by) == (
        JUNE,
        SEPTEMBER,
        "Waiting for certification",
        procurement,
    )


def test_the_create_form_logs_an_item_recorded_already_slipped(procurement):
    vendor = VendorFactory()
    template = RoadmapItemFactory.build(vendor=vendor, first_promised_date=JUNE, target_date=SEPTEMBER)
    response = client_for(procurement).post(
        f"/vendors/{vendor.slug}/roadmap/add/",
        form_data(template, change_reason="Slipped before we recorded it"),
    )
    assert response.status_code == 302
    item = RoadmapItem.objects.get(vendor=vendor)
    assert (item.first_promised_date, item.target_date) == (JUNE, SEPTEMBER)
    assert list(item.changes.values_list("old_date", "new_date")) == [(JUNE, SEPTEMBER)]


def test_the_edit_form_never_changes_the_first_promised_date(item, procurement):
    client_for(procurement).post(
        f"/vendors/roadmap/{item.pk}/edit/",
        form_data(item, first_promised_date="2020-01-01", title="Renamed"),
    )
    item.refresh_from_db()
    assert item.title == "Renamed"
    assert item.first_promised_date == JUNE


def test_the_admin_logs_the_change_with_the_admin_as_author(item, admin_user):
    model_admin = site._registry[RoadmapItem]
    request = RequestFactory().post("/")
    request.user = admin_user
    form_class = model_admin.get_form(request, item, change=True)
    form = form_class(
        data=form_data(
            item, vendor=item.vendor_id, target_date=SEPTEMBER.isoformat(), change_reason="Admin fix"
        ),
        instance=RoadmapItem.objects.get(pk=item.pk),
    )
    assert form.is_valid(), form.errors
    obj = model_admin.save_form(request, form, change=True)
    model_admin.save_model(request, obj, form, change=True)
    change = RoadmapChange.objects.get()
    assert (change.new_date, change.reason, change.changed_by) == (SEPTEMBER, "Admin fix", admin_user)


def test_the_admin_form_refuses_a_move_without_a_reason(item, admin_user):
    model_admin = site._registry[RoadmapItem]
    request = RequestFactory().post("/")
    request.user = admin_user
    form_class = model_admin.get_form(request, item, change=True)
    form = form_class(
        data=form_data(item, vendor=item.vendor_id, target_date=SEPTEMBER.isoformat()),
        instance=RoadmapItem.objects.get(pk=item.pk),
    )
    assert not form.is_valid()
    assert "change_reason" in form.errors


def test_it_logs_or_refuses_a_move_on_an_item_loaded_without_its_target_date(item):
    partial = RoadmapItem.objects.only("title").get(pk=item.pk)
    partial.target_date = SEPTEMBER
    with pytest.raises(RebaselineRequired):
        partial.save()
    partial = RoadmapItem.objects.defer("target_date").get(pk=item.pk)
    partial.rebaseline(SEPTEMBER, "Loaded lazily")
    partial.save()
    assert list(item.changes.values_list("old_date", "new_date")) == [(JUNE, SEPTEMBER)]


def test_the_database_refuses_a_target_before_the_first_promise_or_a_delivery_without_ga_or_beta(item):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoadmapItem.objects.filter(pk=item.pk).update(first_promised_date=SEPTEMBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoadmapItem.objects.filter(pk=item.pk).update(
            status="delivered", delivered_date=JUNE, delivered_as=""
        )
