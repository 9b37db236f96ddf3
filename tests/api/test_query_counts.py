"""Every list endpoint runs the same number of queries for 5 rows as for 50, nested data included
(questionnaires with their sections, questions and choices, responses and answers, evaluations
with members, candidates and criteria, manual scores).

Per list request, with a bearer token (comments count the queries):
  1 token + user, the user's permissions (from the cache after the first request,
  common/permission_cache.py; 2 queries before), 1 count for the pagination,
  1 page of rows with their select_related parents,
  + 1 per prefetched relation (roadmap items: changes with who made them; briefings: roadmap item ids).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.api import router
from evaluator.models import ManualScore
from tests import factories
from tests.api.conftest import token_client
from tests.api.payloads import answered_response
from tests.evaluator.factories import CriterionFactory, EvaluationFactory
from tests.vendors.documents_factory import make_document
from vendors.models import Capability, CapabilityDomain, Signal, VendorProduct

PREFIX = {basename: prefix for prefix, _, basename in router.registry}


TAXONOMY_LISTS = {"capabilitydomain", "capability"}
QUESTIONNAIRE_LISTS = {"questionnaire", "questionnairesection", "question", "response", "answer"}
EVALUATION_LISTS = {"evaluation", "criterion", "manualscore"}


def add_rows(count: int, basename: str, user) -> None:
    """``count`` more rows behind every list: vendor records always, and the questionnaire or
    evaluation records (visible to ``user``) when the list being measured shows them."""
    for _ in range(count):
        vendor = factories.VendorFactory()
        factories.AssessmentFactory(vendor=vendor)
        factories.FinancialFactFactory(vendor=vendor)
        factories.FundingEventFactory(vendor=vendor)
        factories.ContractFactory(vendor=vendor)
        briefing = factories.BriefingFactory(vendor=vendor)
        item = factories.RoadmapItemFactory(vendor=vendor, briefing=briefing)
        item.rebaseline(item.target_date.replace(year=2027), "Slipped", None)
        item.save()
        product = VendorProduct.objects.create(vendor=vendor, name=f"Product {vendor.pk}")
        Signal.objects.create(
            vendor=vendor,
            product=product,
            kind="exploited_vulnerability",
            title=f"CVE-2026-{vendor.pk:05d}",
            source="kev",
            external_id=f"CVE-2026-{vendor.pk:05d}",
            occurred_on="2026-10-01",
        )
        if basename == "document":
            make_document(vendor, capabilities=[factories.capability("siem")])
        if basename in TAXONOMY_LISTS:
            domain = CapabilityDomain.objects.create(
                name=f"Domain {vendor.pk}", slug=f"domain-{vendor.pk}", area="cyber"
            )
            Capability.objects.create(domain=domain, name=f"Capability {vendor.pk}", slug=f"cap-{vendor.pk}")
        if basename in QUESTIONNAIRE_LISTS:
            answered_response(vendor, f"family-{vendor.pk}", user)
        if basename in EVALUATION_LISTS:
            evaluation = EvaluationFactory(members=[user], candidates=[vendor])
            criterion = CriterionFactory(evaluation=evaluation)
            ManualScore.objects.create(criterion=criterion, vendor=vendor, evaluator=user, score=3)


def queries_for(client, url: str) -> tuple[int, int]:
    """(queries run, rows in the list)."""
    client.get(url)  # warm-up: the token's last-used time is written once a minute, not per request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), response.json()["count"]


# Tokens and background jobs are the user's own, not rows that grow with the data; invitations
# are counted with their own rows in tests/api/test_invitations_api.py, campaigns in
# tests/api/test_campaigns_api.py.
@pytest.mark.parametrize("basename", sorted(set(PREFIX) - {"apitoken", "job", "invitation", "campaign"}))
def test_a_list_costs_the_same_queries_for_5_and_50_rows(procurement, basename):
    client = token_client(procurement)
    url = f"/api/{PREFIX[basename]}/"
    add_rows(5, basename, procurement)
    with_5, rows_5 = queries_for(client, url)
    add_rows(45, basename, procurement)
    with_50, rows_50 = queries_for(client, url)
    assert rows_50 >= 50 and rows_5 < rows_50  # the list really grew
    assert with_5 == with_50


def test_the_roadmap_list_nests_changes_in_a_fixed_number_of_queries(procurement, django_assert_num_queries):
    add_rows(5, "roadmapitem", procurement)
    client = token_client(procurement)
    client.get("/api/roadmap-items/")
    # token+user, count, page, changes with changed_by (the permissions come from the cache)
    with django_assert_num_queries(4):
        page = client.get("/api/roadmap-items/").json()
    assert all(len(item["changes"]) == 1 for item in page["results"])
