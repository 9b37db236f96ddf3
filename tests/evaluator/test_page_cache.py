"""Warm result pages (common/page_cache.py): the dashboard's and scorecard's sections
are served from the cache while the data stands still, never once it moved, and never carry
one user's links, tokens or forms to another.

Transactional tests: sections are cached only for committed data (common/data_generation.py).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluator.models import Criterion
from tests.conftest import client_for
from tests.evaluator.test_dashboard import figures, scored_evaluation
from vendors.models import Vendor

pytestmark = pytest.mark.django_db(transaction=True)

INPUT_TABLES = ("vendors_capabilityassessment", "vendors_roadmapitem", "evaluator_criterion")


def timing(response, name: str) -> str | None:
    """hit / miss of ``name`` in the Server-Timing header (None: not consulted)."""
    found = re.search(rf'{name};desc="(\w+)"', response.headers.get("Server-Timing", ""))
    return found[1] if found else None


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_second_dashboard_view_is_served_from_the_cache_without_reading_the_inputs(risk_leader):
    evaluation = scored_evaluation(risk_leader, 4)
    client = client_for(risk_leader)
    url = f"/evaluations/{evaluation.pk}/dashboard/"

    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)

    assert (timing(first, "dashboard-page"), timing(second, "dashboard-page")) == ("miss", "hit")
    assert without_tokens(first.text) == without_tokens(second.text)
    assert "chart-rank-probabilities" in second.text
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert not [table for table in INPUT_TABLES if table in read]


def test_an_edit_by_any_path_is_on_the_next_dashboard_and_scorecard(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    vendor = evaluation.candidates.order_by("pk").first()
    client = client_for(risk_leader)
    dashboard = f"/evaluations/{evaluation.pk}/dashboard/"
    scorecard = f"/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/"
    client.get(dashboard), client.get(scorecard)

    # QuerySet.update() sends no signal: the page must not rely on one.
    Vendor.objects.filter(pk=vendor.pk).update(name="Renamed Vendor Ltd")

    after = client.get(dashboard)
    assert timing(after, "dashboard-page") == "miss"
    assert "Renamed Vendor Ltd" in after.text
    card = client.get(scorecard)
    assert timing(card, "scorecard-page") == "miss"
    assert "Renamed Vendor Ltd" in card.text


def test_a_deleted_criterion_leaves_the_next_dashboard_at_once(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    client = client_for(risk_leader)
    url = f"/evaluations/{evaluation.pk}/dashboard/"
    groups = {trace["name"] for trace in figures(client.get(url).text)["chart-contributions"]["data"]}
    assert "Roadmap" in groups

    Criterion.objects.filter(evaluation=evaluation, name="Roadmap").delete()

    groups = {trace["name"] for trace in figures(client.get(url).text)["chart-contributions"]["data"]}
    assert groups == {"Capability depth", "Delivery record"}


def test_cached_sections_carry_no_users_links_token_or_form(risk_leader, executive):
    evaluation = scored_evaluation(risk_leader, 3)
    evaluation.members.add(executive)
    url = f"/evaluations/{evaluation.pk}/dashboard/"
    leader_page = client_for(risk_leader).get(url)
    executive_page = client_for(executive).get(url)

    assert timing(executive_page, "dashboard-page") == "hit"
    settings_tab = f'href="/evaluations/{evaluation.pk}/edit/"'
    assert settings_tab in leader_page.text and settings_tab not in executive_page.text
    # The owner may save the what-if as a profile; the executive reads it without the form.
    assert "Save as a new profile" in leader_page.text
    assert "Save as a new profile" not in executive_page.text
    assert "data-whatif-reset" in executive_page.text
    leader_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', leader_page.text)[1]
    assert leader_token not in executive_page.text


def test_each_candidate_has_its_own_scorecard_and_a_stranger_still_gets_404(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    client = client_for(risk_leader)
    first, second = evaluation.candidates.order_by("pk")[:2]
    base = f"/evaluations/{evaluation.pk}/vendors"
    for vendor in (first, second):
        client.get(f"{base}/{vendor.slug}/scorecard/")
    page = client.get(f"{base}/{second.slug}/scorecard/")
    assert timing(page, "scorecard-page") == "hit"
    assert f"<h1>{second.name} " in page.text and first.name not in page.text.split("<h1>", 1)[1]
    stranger = Vendor.objects.create(name="Not a candidate", slug="not-a-candidate")
    assert client.get(f"{base}/{stranger.slug}/scorecard/").status_code == 404
