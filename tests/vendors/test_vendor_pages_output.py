"""The vendor pages read each row once: what they build from rows already read equals what
the one-query selectors build, and the page runs a fixed, counted number of queries.

The vendor page's frames (delivery, charts, R&D) come from the records its profile reads
(vendors.directory.overview) instead of a query each; these tests hold the two ways equal
on a vendor with every kind of row (re-baselines, a delivered item, funding with and without
an amount, a fact without head count), and on a vendor with none.
"""

import datetime
from decimal import Decimal

import pandas as pd
import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.factories import (
    AssessmentFactory,
    ContractFactory,
    FinancialFactFactory,
    FundingEventFactory,
    RoadmapItemFactory,
    VendorFactory,
)
from vendors import chart_selectors, selectors
from vendors.directory.overview import vendor_profile
from vendors.directory.pages import VendorDetailView
from vendors.models import Capability, RoadmapStatus


def rich_vendor():
    vendor = VendorFactory(name="Fullrecord", slug="fullrecord")
    siem, *others = list(Capability.objects.all()[:3])
    AssessmentFactory(vendor=vendor, capability=siem, assessed_on=datetime.date(2024, 5, 1), maturity=2)
    AssessmentFactory(vendor=vendor, capability=siem, assessed_on=datetime.date(2025, 5, 1), maturity=4)
    AssessmentFactory(vendor=vendor, capability=others[0], assessed_on=datetime.date(2025, 1, 1), maturity=0)
    slipped = RoadmapItemFactory(vendor=vendor, capability=siem, title="Slipped twice")
    for days in (30, 60):
        slipped.rebaseline(slipped.target_date + datetime.timedelta(days=days), "Slipped")
        slipped.save()
    RoadmapItemFactory(
        vendor=vendor,
        capability=others[1],
        title="Shipped",
        first_promised_date=datetime.date(2024, 1, 1),
        target_date=datetime.date(2024, 1, 1),
        status=RoadmapStatus.DELIVERED,
        delivered_date=datetime.date(2024, 2, 1),
        delivered_as="ga",
        coverage_cost=Decimal("1250.50"),
    )
    FinancialFactFactory(vendor=vendor, fiscal_year=2024, rd_headcount=None)
    FinancialFactFactory(vendor=vendor, fiscal_year=2023, rd_headcount=40)
    FundingEventFactory(vendor=vendor, date=datetime.date(2023, 3, 1), amount=None)
    FundingEventFactory(vendor=vendor, date=datetime.date(2024, 3, 1), amount=Decimal("20000000"))
    ContractFactory(vendor=vendor)
    return vendor


def assert_same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert [str(dtype) for dtype in a.dtypes] == [str(dtype) for dtype in b.dtypes]


@pytest.mark.parametrize("make", [rich_vendor, lambda: VendorFactory(name="Blank", slug="blank")])
def test_the_frames_from_the_rows_read_equal_the_frames_from_their_queries(db, make):
    vendor = VendorDetailView().get_queryset().get(pk=make().pk)
    profile = vendor_profile(vendor)

    assert_same(selectors.financial_frame([vendor.pk]), profile.financials)
    assert_same(selectors.funding_frame([vendor.pk]), profile.funding)
    assert_same(selectors.roadmap_frame([vendor.pk]), selectors.roadmap_frame_of(profile.roadmap))
    assert_same(
        chart_selectors.assessment_history_frame(vendor.pk),
        chart_selectors.assessment_history_frame_of(profile.assessments),
    )
    assert_same(
        chart_selectors.roadmap_timeline_frame(vendor.pk),
        chart_selectors.roadmap_timeline_frame_of(profile.roadmap),
    )
    assert_same(
        chart_selectors.roadmap_change_frame([vendor.pk]),
        chart_selectors.roadmap_change_frame_of(profile.roadmap),
    )


def test_the_rebaseline_count_is_read_from_the_changes(db):
    profile = vendor_profile(rich_vendor())
    assert {item.title: item.rebaseline_count for item in profile.roadmap} == {
        "Slipped twice": 2,
        "Shipped": 0,
    }


def test_the_vendor_chart_tag_renders_what_the_chart_partial_renders(db):
    vendor = rich_vendor()
    contract_ends = [contract.end_date for contract in vendor.contracts.all()]
    charts = chart_selectors.vendor_charts(vendor, contract_ends, datetime.date(2026, 6, 1))
    included = Template('{% include "partials/chart.html" %}')
    tagged = Template("{% load vendor_charts %}{% vendor_chart chart %}")
    for chart in (
        *charts,
        chart_selectors.vendor_charts(VendorFactory(slug="none"), [], datetime.date(2026, 6, 1)).rd,
    ):
        assert tagged.render(Context({"chart": chart})) == included.render(Context({"chart": chart}))
        assert tagged.render(Context({"chart": chart})) == included.render(
            Context({"chart": chart})
        )  # a hit too


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_vendor_page_runs_eighteen_queries(risk_leader):
    # session, user, two-factor gate; vendor, financials, funding, contracts, briefings;
    # assessments, taxonomy, roadmap items, their changes; documents; groups, unread
    # notifications; watch, signals, aliases.
    rich_vendor()
    client = client_for(risk_leader)
    client.get("/vendors/fullrecord/")
    assert count_queries(client, "/vendors/fullrecord/") == 18


def test_the_vendor_list_runs_twelve_queries(risk_leader):
    # session, user, two-factor gate; count, page of vendors; latest assessments, roadmap,
    # financials, funding; groups, unread notifications; domains for the filter.
    rich_vendor()
    VendorFactory(name="Second", slug="second")
    client = client_for(risk_leader)
    client.get("/vendors/")
    assert count_queries(client, "/vendors/") == 12
