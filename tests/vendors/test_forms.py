"""Forms reject what cannot be true, with a message on the field, and save nothing."""

import datetime

import pytest

from tests.conftest import client_for
from tests.factories import RoadmapItemFactory, VendorFactory
from vendors.models import CapabilityAssessment, Contract, FinancialFact, RoadmapItem, Vendor


@pytest.fixture
def editor(procurement):
    return client_for(procurement)


def errors_of(response):
    assert response.status_code == 200, "an invalid form is shown again, not redirected"
    return response.context["form"].errors


def test_it_rejects_a_maturity_outside_zero_to_five(editor):
    vendor = VendorFactory()
    response = editor.post(
        f"/vendors/{vendor.slug}/assessment/add/",
        {
            "capability": 1,
            "assessed_on": "2026-01-01",
            "maturity": 7,
            "delivery_model": "native",
            "evidence_grade": "documented",
        },
    )
    assert "maturity" in errors_of(response)
    assert not CapabilityAssessment.objects.exists()


def test_it_rejects_negative_money(editor):
    vendor = VendorFactory()
    response = editor.post(
        f"/vendors/{vendor.slug}/financial/add/",
        {"fiscal_year": 2025, "revenue": "-5", "rd_spend": "10", "currency": "EUR", "confidence": "high"},
    )
    assert errors_of(response)["revenue"] == ["Amounts cannot be negative."]
    assert not FinancialFact.objects.exists()


def test_it_rejects_a_contract_that_ends_before_it_starts(editor):
    vendor = VendorFactory()
    response = editor.post(
        f"/vendors/{vendor.slug}/contract/add/",
        {"start_date": "2026-01-01", "end_date": "2025-12-31", "notice_period_days": 90, "currency": "EUR"},
    )
    assert errors_of(response)["end_date"] == ["The contract must end after it starts."]
    assert not Contract.objects.exists()


def test_it_rejects_a_delivered_item_with_no_delivery_date(editor):
    item = RoadmapItemFactory()
    response = editor.post(
        f"/vendors/roadmap/{item.pk}/edit/",
        {
            "capability": item.capability_id,
            "title": item.title,
            "commitment_kind": "public_roadmap",
            "target_date": item.target_date.isoformat(),
            "status": "delivered",
            "delivered_as": "ga",
            "contract_coverage": "unknown",
            "currency": "EUR",
        },
    )
    assert "delivered_date" in errors_of(response)
    assert RoadmapItem.objects.get(pk=item.pk).status == "planned"


def test_it_rejects_a_delivery_date_on_an_item_not_delivered(editor):
    item = RoadmapItemFactory()
    response = editor.post(
        f"/vendors/roadmap/{item.pk}/edit/",
        {
            "capability": item.capability_id,
            "title": item.title,
            "commitment_kind": "public_roadmap",
            "target_date": item.target_date.isoformat(),
            "status": "planned",
            "delivered_date": "2026-01-01",
            "contract_coverage": "unknown",
            "currency": "EUR",
        },
    )
    assert "delivered_date" in errors_of(response)


@pytest.mark.parametrize("name", ["Acme Sentinel", "acme sentinel", "  ACME SENTINEL "])
def test_it_rejects_a_duplicate_vendor_name_whatever_the_case(editor, name):
    VendorFactory(name="Acme Sentinel", slug="acme-sentinel")
    response = editor.post("/vendors/new/", {"name": name, "ownership": "private", "status": "prospect"})
    assert errors_of(response)["name"] == ["A vendor with this name already exists."]
    assert Vendor.objects.count() == 1


def test_it_rejects_a_founding_year_that_cannot_be_true(editor):
    response = editor.post(
        "/vendors/new/",
        {"name": "Time Travel Ltd", "founded": 3026, "ownership": "private", "status": "prospect"},
    )
    assert "founded" in errors_of(response)


def test_it_rejects_a_name_the_pages_use_as_an_address(editor):
    response = editor.post("/vendors/new/", {"name": "New", "ownership": "private", "status": "prospect"})
    assert "reserved" in errors_of(response)["name"][0]


def test_it_rejects_a_second_fiscal_year_entry(editor):
    vendor = VendorFactory()
    FinancialFact.objects.create(vendor=vendor, fiscal_year=2025, revenue=1, rd_spend=1)
    response = editor.post(
        f"/vendors/{vendor.slug}/financial/add/",
        {"fiscal_year": 2025, "revenue": "5", "currency": "EUR", "confidence": "high"},
    )
    assert errors_of(response)["fiscal_year"] == ["FY2025 is already recorded for this vendor."]


def test_it_rejects_a_currency_that_is_not_an_iso_code(editor):
    vendor = VendorFactory()
    response = editor.post(
        f"/vendors/{vendor.slug}/funding/add/", {"date": "2025-01-01", "kind": "venture", "currency": "euros"}
    )
    assert "currency" in errors_of(response)


def test_it_creates_a_vendor_and_goes_to_its_page(editor):
    response = editor.post(
        "/vendors/new/", {"name": "Northwind Vigil", "ownership": "vc_backed", "status": "prospect"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/vendors/northwind-vigil/"


def test_it_answers_404_for_an_unknown_vendor_or_record(editor):
    assert editor.get("/vendors/no-such-vendor/").status_code == 404
    assert editor.get("/vendors/roadmap/999999/edit/").status_code == 404
    assert editor.get("/vendors/roadmaps/999999/").status_code == 404


def test_it_ignores_unknown_filter_values_instead_of_failing(editor):
    VendorFactory()
    response = editor.get(
        "/vendors/", {"status": "bogus", "ownership": "<script>", "domain": "x", "page": "1"}
    )
    assert response.status_code == 200


def test_it_answers_404_for_a_page_number_out_of_range(editor):
    assert editor.get("/vendors/", {"page": "999"}).status_code == 404
    assert editor.get("/vendors/", {"page": "abc"}).status_code == 404


def test_the_dates_stay_as_entered_after_a_failed_submission(editor):
    vendor = VendorFactory()
    response = editor.post(
        f"/vendors/{vendor.slug}/contract/add/",
        {"start_date": "2026-01-01", "end_date": "not a date", "currency": "EUR", "notice_period_days": 30},
    )
    assert "end_date" in errors_of(response)
    assert datetime.date(2026, 1, 1) == response.context["form"].cleaned_data["start_date"]
