"""Implausible figures are saved only with an explicit confirmation, and flagged on the vendor page.

R&D spend above revenue (intensity over 100 %), a fiscal year in the future and
a funding event dated before the vendor was founded can be true, but rarely are:
one rule in the model (``implausibilities()``), used by the forms, the API and
the vendor page.
"""

import datetime

import pytest
from django.utils import timezone

from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.factories import VendorFactory
from vendors.models import FinancialFact, FundingEvent

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def vendor(db):
    return VendorFactory(founded=2015)


def fact_data(**overrides):
    data = {"fiscal_year": 2024, "revenue": "100", "rd_spend": "500", "currency": "EUR", "confidence": "high"}
    return {**data, **overrides}


# The rule


def test_the_rule_names_each_implausibility(vendor):
    fact = FinancialFact(vendor=vendor, fiscal_year=NEXT_YEAR, revenue=100, rd_spend=500)
    assert fact.implausibilities() == [
        "R&D spend is more than revenue (R&D intensity 500%, above 100 %)",
        f"FY{NEXT_YEAR} is in the future",
    ]
    assert FinancialFact(vendor=vendor, fiscal_year=2024, revenue=100, rd_spend=100).implausibilities() == []
    assert FinancialFact(vendor=vendor, fiscal_year=2024, revenue=None, rd_spend=5).implausibilities() == []
    early = FundingEvent(vendor=vendor, date=datetime.date(2010, 5, 1), kind="venture")
    assert early.implausibilities() == ["dated 2010, before the vendor was founded (2015)"]
    assert (
        FundingEvent(vendor=vendor, date=datetime.date(2015, 1, 1), kind="venture").implausibilities() == []
    )


# The form


def test_the_form_refuses_rd_five_times_revenue_without_confirmation_and_lists_the_reason(
    vendor, procurement
):
    page = client_for(procurement).post(f"/vendors/{vendor.slug}/financial/add/", fact_data())
    assert page.status_code == 200
    form = page.context["form"]
    assert "R&D intensity 500%" in form.non_field_errors()[0]
    assert "confirm_implausible" in form.errors
    assert 'type="checkbox" name="confirm_implausible"' in page.text, "the box appears with the warning"
    assert not FinancialFact.objects.exists()


def test_the_confirmation_box_is_hidden_until_a_warning(vendor, procurement):
    page = client_for(procurement).get(f"/vendors/{vendor.slug}/financial/add/")
    assert 'type="hidden" name="confirm_implausible"' in page.text
    assert 'type="checkbox" name="confirm_implausible"' not in page.text


def test_the_form_saves_confirmed_figures_and_stores_who_confirmed(vendor, procurement):
    done = client_for(procurement).post(
        f"/vendors/{vendor.slug}/financial/add/", fact_data(confirm_implausible="on")
    )
    assert done.status_code == 302
    fact = FinancialFact.objects.get()
    assert (fact.figures_confirmed, fact.figures_confirmed_by) == (True, procurement)


def test_plausible_figures_need_no_confirmation_and_clear_a_stored_one(vendor, procurement):
    client = client_for(procurement)
    client.post(f"/vendors/{vendor.slug}/financial/add/", fact_data(confirm_implausible="on"))
    fact = FinancialFact.objects.get()
    edit = client.get(f"/vendors/financial/{fact.pk}/edit/")
    assert 'type="checkbox" name="confirm_implausible"' in edit.text and "checked" in edit.text
    done = client.post(f"/vendors/financial/{fact.pk}/edit/", fact_data(rd_spend="10", version=fact.version))
    assert done.status_code == 302, done.context["form"].errors
    fact.refresh_from_db()
    assert (fact.rd_spend, fact.figures_confirmed, fact.figures_confirmed_by) == (10, False, None)


def test_a_future_fiscal_year_and_funding_before_founding_need_confirmation_too(vendor, procurement):
    client = client_for(procurement)
    page = client.post(
        f"/vendors/{vendor.slug}/financial/add/", fact_data(fiscal_year=NEXT_YEAR, rd_spend="10")
    )
    assert f"FY{NEXT_YEAR} is in the future" in page.context["form"].non_field_errors()[0]
    funding = {"date": "2010-05-01", "kind": "venture", "amount": "1000", "currency": "EUR"}
    page = client.post(f"/vendors/{vendor.slug}/funding/add/", funding)
    assert "before the vendor was founded (2015)" in page.context["form"].non_field_errors()[0]
    assert not FundingEvent.objects.exists()
    done = client.post(f"/vendors/{vendor.slug}/funding/add/", {**funding, "confirm_implausible": "on"})
    assert done.status_code == 302
    assert FundingEvent.objects.get().figures_confirmed


# The API


def test_the_api_refuses_implausible_figures_with_the_reasons(vendor, procurement):
    body = {"vendor": vendor.pk, **fact_data()}
    refused = token_client(procurement).post("/api/financial-facts/", body, format="json")
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["field"] == "confirm_implausible"
    assert "R&D intensity 500%" in error["message"]
    assert not FinancialFact.objects.exists()


def test_the_api_saves_them_with_confirm_implausible_and_says_why_they_are_flagged(vendor, procurement):
    client = token_client(procurement)
    body = {"vendor": vendor.pk, **fact_data(), "confirm_implausible": True}
    saved = client.post("/api/financial-facts/", body, format="json")
    assert saved.status_code == 201, saved.json()
    read = saved.json()
    assert "confirm_implausible" not in read  # write-only
    assert read["figures_confirmed"] is True
    assert read["figures_confirmed_by"] == procurement.username
    assert read["implausibilities"] == ["R&D spend is more than revenue (R&D intensity 500%, above 100 %)"]
    # A later write that keeps the figures needs the confirmation again.
    patched = client.patch(
        f"/api/financial-facts/{read['id']}/",
        {"source": "Annual report", "version": read["version"]},
        format="json",
    )
    assert patched.status_code == 400
    assert patched.json()["errors"][0]["field"] == "confirm_implausible"


def test_the_api_refuses_funding_before_the_vendor_was_founded(vendor, procurement):
    body = {"vendor": vendor.pk, "date": "2010-05-01", "kind": "venture", "amount": "1000", "currency": "EUR"}
    client = token_client(procurement)
    refused = client.post("/api/funding-events/", body, format="json")
    assert refused.status_code == 400
    assert "before the vendor was founded" in refused.json()["errors"][0]["message"]
    assert (
        client.post("/api/funding-events/", {**body, "confirm_implausible": True}, format="json").status_code
        == 201
    )


# The vendor page


def test_the_vendor_page_flags_implausible_figures_with_the_reason_and_the_confirmation(
    vendor, procurement, executive
):
    FinancialFact.objects.create(
        vendor=vendor,
        fiscal_year=2024,
        revenue=100,
        rd_spend=500,
        figures_confirmed=True,
        figures_confirmed_by=procurement,
    )
    FinancialFact.objects.create(vendor=vendor, fiscal_year=2023, revenue=100, rd_spend=10)
    FundingEvent.objects.create(vendor=vendor, date=datetime.date(2010, 5, 1), kind="venture")
    page = client_for(executive).get(vendor.get_absolute_url()).text
    assert page.count("⚠ Implausible") == 2
    assert "R&amp;D spend is more than revenue (R&amp;D intensity 500%, above 100 %)" in page
    assert f"confirmed by {procurement.get_full_name() or procurement.username}" in page
    assert "dated 2010, before the vendor was founded (2015) · not confirmed" in page


def test_the_vendor_page_reads_who_confirmed_with_the_figures_not_once_per_flag(
    vendor, procurement, executive
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(executive)

    def confirmed_fact(year):
        FinancialFact.objects.create(
            vendor=vendor, fiscal_year=year, revenue=100, rd_spend=500, figures_confirmed=True,
            figures_confirmed_by=procurement,
        )  # fmt: skip

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(vendor.get_absolute_url()).status_code == 200
        return len(context.captured_queries)

    confirmed_fact(2020)
    one = queries()
    for year in (2021, 2022, 2023):
        confirmed_fact(year)
    assert queries() == one


def test_the_admin_asks_for_the_same_confirmation(vendor, admin_user):
    client = client_for(admin_user)
    data = {"vendor": vendor.pk, **fact_data(), "rd_headcount": "", "source": ""}
    refused = client.post("/admin/vendors/financialfact/add/", data)
    assert refused.status_code == 200
    assert "These figures look implausible" in refused.content.decode()
    assert not FinancialFact.objects.filter(vendor=vendor).exists()
    saved = client.post("/admin/vendors/financialfact/add/", {**data, "confirm_implausible": "on"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    fact = FinancialFact.objects.get(vendor=vendor)
    assert fact.figures_confirmed and fact.figures_confirmed_by == admin_user
