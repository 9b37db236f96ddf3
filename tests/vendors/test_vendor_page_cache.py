"""The vendor page's sections (common/page_cache.py): served from the cache while the vendor's
records stand still, computed again after any write, and shown to each role with its own links.

Transactional tests: sections are cached only for committed data (common/data_generation.py).
"""

import pytest

from tests import factories
from tests.conftest import client_for
from tests.evaluator.test_page_cache import timing, without_tokens
from vendors.models import FinancialFact

pytestmark = pytest.mark.django_db(transaction=True)


def vendor_with_records():
    vendor = factories.VendorFactory(name="Ardmoor", slug="ardmoor")
    factories.AssessmentFactory(vendor=vendor, maturity=3)
    factories.FinancialFactFactory(vendor=vendor, fiscal_year=2025, rd_spend=12_000_000)
    factories.RoadmapItemFactory(vendor=vendor, title="Cloud connector")
    return vendor


def test_a_second_visit_is_served_from_the_cache_and_an_edit_shows_at_once(procurement):
    vendor = vendor_with_records()
    client = client_for(procurement)
    first, second = client.get("/vendors/ardmoor/"), client.get("/vendors/ardmoor/")
    assert (timing(first, "vendor-page"), timing(second, "vendor-page")) == ("miss", "hit")
    assert without_tokens(first.text) == without_tokens(second.text)
    assert "Cloud connector" in second.text

    FinancialFact.objects.filter(vendor=vendor).update(rd_spend=34_500_000)  # no signal sent

    after = client.get("/vendors/ardmoor/")
    assert timing(after, "vendor-page") == "miss"
    assert "34,500,000" in after.text


def test_each_role_sees_its_own_links_and_the_watch_form_is_its_own(procurement, executive):
    vendor_with_records()
    editor = client_for(procurement).get("/vendors/ardmoor/")
    reader = client_for(executive).get("/vendors/ardmoor/")
    again = client_for(executive).get("/vendors/ardmoor/")

    # Another permission set is another key: the executive's page is not the editor's.
    assert timing(reader, "vendor-page") == "miss" and timing(again, "vendor-page") == "hit"
    assert "Record an assessment" in editor.text and "Add a fiscal year" in editor.text
    assert "Record an assessment" not in reader.text and "Add a fiscal year" not in reader.text
    token = 'name="csrfmiddlewaretoken" value="'
    editor_tokens = {part.split('"', 1)[0] for part in editor.text.split(token)[1:]}
    reader_tokens = {part.split('"', 1)[0] for part in reader.text.split(token)[1:]}
    assert editor_tokens and reader_tokens and not editor_tokens & reader_tokens


def test_the_vendor_lists_rows_are_cached_per_page_of_vendors_and_follow_every_edit(procurement, executive):
    vendor = vendor_with_records()
    factories.VendorFactory(name="Bexley", slug="bexley")
    client_for(procurement).get("/vendors/")
    listed = client_for(executive).get("/vendors/")
    assert timing(listed, "vendor-list-page") == "hit"  # the rows hold no link by permission
    filtered = client_for(executive).get("/vendors/?q=Bexley")
    assert timing(filtered, "vendor-list-page") == "miss"  # other vendors, other rows
    assert "Bexley" in filtered.text and "Ardmoor" not in filtered.text

    type(vendor).objects.filter(pk=vendor.pk).update(country="Iceland")

    after = client_for(executive).get("/vendors/")
    assert timing(after, "vendor-list-page") == "miss" and "Iceland" in after.text
