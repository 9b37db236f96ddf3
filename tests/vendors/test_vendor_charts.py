"""The vendor page carries its charts as JSON with a text alternative; the chart frames come from the ORM in one query each."""

import datetime
import json
import re

from tests.conftest import client_for
from tests.factories import (
    AssessmentFactory,
    ContractFactory,
    FinancialFactFactory,
    FundingEventFactory,
    RoadmapItemFactory,
    VendorFactory,
)
from vendors import chart_selectors as chart_data
from vendors.models import Capability


def a_vendor():
    vendor = VendorFactory(name="Chartwell", slug="chartwell")
    siem = Capability.objects.get(slug="siem")
    AssessmentFactory(vendor=vendor, capability=siem, assessed_on=datetime.date(2025, 1, 1), maturity=2)
    AssessmentFactory(vendor=vendor, capability=siem, assessed_on=datetime.date(2026, 1, 1), maturity=4)
    item = RoadmapItemFactory(vendor=vendor, capability=siem, title="Fusion center view")
    item.rebaseline(item.target_date + datetime.timedelta(days=90), "Scope grew")
    item.save()
    FinancialFactFactory(vendor=vendor, fiscal_year=2025)
    FundingEventFactory(vendor=vendor)
    ContractFactory(vendor=vendor, end_date=datetime.date(2026, 8, 31))
    return vendor


def test_the_vendor_page_embeds_three_charts_as_json_with_their_text_alternatives(executive):
    a_vendor()
    page = client_for(executive).get("/vendors/chartwell/").content.decode()

    for key in ("chart-maturity", "chart-roadmap", "chart-rd"):
        assert f'<div class="chart" id="{key}" data-figure="{key}-data" role="img" aria-label="' in page
        data = re.search(rf'<script id="{key}-data" type="application/json">(.*?)</script>', page, re.S)
        figure = json.loads(data.group(1))
        assert figure["data"] and figure["layout"]["title"]["text"]
    assert "The numbers behind “Roadmap timeline”" in page
    assert "1 open items land after the contract ends on 2026-08-31" in page
    assert page.count('src="/static/vendor/plotly/plotly.min.js"') == 1
    assert page.count('src="/static/js/charts.js"') == 1
    assert "<script>" not in page  # no inline script, only json_script data blocks and static files


def test_a_vendor_without_records_shows_what_is_missing_instead_of_empty_charts(executive):
    VendorFactory(name="Blank", slug="blank")
    page = client_for(executive).get("/vendors/blank/").content.decode()
    assert "No capability assessments recorded yet." in page
    assert "No roadmap items recorded yet." in page
    assert "No financial facts or funding events recorded yet." in page
    assert 'class="chart"' not in page


def test_the_chart_frames_carry_names_dates_and_every_rebaseline(db, django_assert_num_queries):
    vendor = a_vendor()
    with django_assert_num_queries(3):
        items = chart_data.roadmap_timeline_frame(vendor.pk)
        changes = chart_data.roadmap_change_frame([vendor.pk])
        history = chart_data.assessment_history_frame(vendor.pk)
    assert items.loc[0, "title"] == "Fusion center view" and items.loc[0, "capability"] == "SIEM"
    assert str(items["target_date"].dtype).startswith("datetime64")
    assert len(changes) == 1 and changes.loc[0, "new_date"] - changes.loc[
        0, "old_date"
    ] == datetime.timedelta(90)
    assert list(history["maturity"]) == [2.0, 4.0] and set(history["domain"]) == {
        "Security monitoring and analytics"
    }
