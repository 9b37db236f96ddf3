"""Reading and writing the vendor record through the API, and the error bodies it answers with."""

import datetime

from tests import factories
from tests.api.conftest import token_client
from vendors.models import RoadmapChange, Vendor


def test_it_lists_vendors_paginated_with_filters_search_and_ordering(procurement):
    factories.VendorFactory(name="Alpha Alerts", country="France", status="shortlisted")
    factories.VendorFactory(name="Beta Badges", country="Spain")
    client = token_client(procurement)

    page = client.get("/api/vendors/", {"ordering": "-name"}).json()
    assert page["count"] == 2
    assert [v["name"] for v in page["results"]] == ["Beta Badges", "Alpha Alerts"]
    assert client.get("/api/vendors/", {"status": "shortlisted"}).json()["count"] == 1
    assert client.get("/api/vendors/", {"search": "badges"}).json()["results"][0]["country"] == "Spain"


def test_it_creates_a_vendor_with_its_slug_and_version(procurement):
    response = token_client(procurement).post(
        "/api/vendors/", {"name": "Gamma Guard", "founded": 2001}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "gamma-guard"
    assert body["version"] == 1
    assert response["ETag"] == '"1"'


def test_it_names_each_field_at_fault_and_why(procurement):
    factories.VendorFactory(name="Taken")
    response = token_client(procurement).post(
        "/api/vendors/", {"name": "taken", "founded": 1200, "ownership": "pirate"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"name", "founded", "ownership"}
    assert "already exists" in next(e["message"] for e in body["errors"] if e["field"] == "name")
    assert "founded" in body["detail"]
    assert Vendor.objects.count() == 1


def test_it_answers_malformed_json_with_400_and_a_reason(procurement):
    response = token_client(procurement).generic(
        "POST", "/api/vendors/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"


def test_it_refuses_a_body_that_is_not_json_with_415(procurement):
    response = token_client(procurement).post("/api/vendors/", {"name": "Form"}, format="multipart")
    assert response.status_code == 415
    assert response.json()["detail"]


def test_it_applies_the_models_own_rules_on_partial_updates(procurement):
    contract = factories.ContractFactory()
    response = token_client(procurement).patch(
        f"/api/contracts/{contract.pk}/", {"end_date": "2020-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "end_date", "message": "The contract must end after it starts.", "code": "invalid"}
    ]


def test_a_record_cannot_move_to_another_vendor(procurement):
    contract = factories.ContractFactory()
    other = factories.VendorFactory()
    response = token_client(procurement).patch(
        f"/api/contracts/{contract.pk}/", {"vendor": other.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "vendor"


def test_deleting_a_capability_still_assessed_is_a_409_not_a_500(admin_user):
    assessment = factories.AssessmentFactory()
    response = token_client(admin_user).delete(f"/api/capabilities/{assessment.capability_id}/")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "conflict"


def test_an_assessment_records_who_assessed_and_reads_its_capability_nested(procurement):
    vendor = factories.VendorFactory()
    capability = factories.capability("siem")
    response = token_client(procurement).post(
        "/api/assessments/",
        {"vendor": vendor.pk, "capability": capability.pk, "assessed_on": "2026-01-02", "maturity": 5},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["assessed_by"] == procurement.username
    assert body["capability_detail"]["slug"] == "siem"
    assert body["rubric"].startswith("Leading")


class TestRebaseline:
    def test_moving_the_target_date_without_a_reason_is_refused_naming_change_reason(self, procurement):
        item = factories.RoadmapItemFactory()
        response = token_client(procurement).patch(
            f"/api/roadmap-items/{item.pk}/", {"target_date": "2026-12-31"}, format="json"
        )
        assert response.status_code == 400
        assert [e["field"] for e in response.json()["errors"]] == ["change_reason"]
        item.refresh_from_db()
        assert item.target_date == datetime.date(2026, 6, 30)
        assert not RoadmapChange.objects.exists()

    def test_moving_the_target_date_with_a_reason_logs_the_change(self, procurement):
        item = factories.RoadmapItemFactory()
        response = token_client(procurement).patch(
            f"/api/roadmap-items/{item.pk}/",
            {"target_date": "2026-12-31", "change_reason": "Supplier chip shortage"},
            format="json",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["target_date"] == "2026-12-31"
        assert "change_reason" not in body
        assert body["changes"][0]["reason"] == "Supplier chip shortage"
        assert body["changes"][0]["changed_by"] == procurement.username
        assert body["changes"][0]["old_date"] == "2026-06-30"
        listed = token_client(procurement).get("/api/roadmap-changes/", {"item": item.pk}).json()
        assert listed["results"][0]["shift_days"] == 184

    def test_a_new_item_already_moved_starts_its_log_from_the_first_promise(self, procurement):
        vendor = factories.VendorFactory()
        response = token_client(procurement).post(
            "/api/roadmap-items/",
            {
                "vendor": vendor.pk,
                "capability": factories.capability().pk,
                "title": "Cross-domain correlation",
                "first_promised_date": "2026-03-31",
                "target_date": "2026-09-30",
                "change_reason": "Slipped before we recorded it",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        change = RoadmapChange.objects.get()
        assert (change.old_date, change.new_date) == (datetime.date(2026, 3, 31), datetime.date(2026, 9, 30))

    def test_the_first_promise_never_changes(self, procurement):
        item = factories.RoadmapItemFactory()
        response = token_client(procurement).patch(
            f"/api/roadmap-items/{item.pk}/", {"first_promised_date": "2026-01-01"}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "first_promised_date"

    def test_a_delivered_item_needs_its_delivery_date(self, procurement):
        item = factories.RoadmapItemFactory()
        response = token_client(procurement).patch(
            f"/api/roadmap-items/{item.pk}/", {"status": "delivered"}, format="json"
        )
        assert response.status_code == 400
        assert {e["field"] for e in response.json()["errors"]} >= {"delivered_date"}
