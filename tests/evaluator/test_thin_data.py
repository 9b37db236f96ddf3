"""Thin data is shown as thin (issue 13 §3): no delivery record yet is missing, never the prior;
a radar never draws a domain nobody assessed as 0; an empty chart names its real cause."""

import datetime

from evaluator.models import Criterion, RequiredCapability
from evaluator.results import service
from tests import factories
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory

AS_OF = datetime.date(2026, 11, 1)


def thin_evaluation(owner, *, required=True):
    """Proven has one item delivered on time; Newcomer's only promise is still in the future."""
    proven = factories.VendorFactory(name="Proven", slug="proven")
    newcomer = factories.VendorFactory(name="Newcomer", slug="newcomer")
    evaluation = EvaluationFactory(owner=owner, candidates=[proven, newcomer], as_of_date=AS_OF)
    Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", metric="delivery_record"
    )
    Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index"
    )
    if required:
        RequiredCapability.objects.create(
            evaluation=evaluation, capability=factories.capability("siem"), importance=3
        )
    promised = datetime.date(2025, 3, 1)
    factories.RoadmapItemFactory(
        vendor=proven,
        first_promised_date=promised,
        status="delivered",
        delivered_date=promised,
        delivered_as="ga",
    )
    factories.RoadmapItemFactory(vendor=newcomer, first_promised_date=datetime.date(2027, 6, 30))
    for vendor in (proven, newcomer):
        factories.AssessmentFactory(vendor=vendor, maturity=3)
    return evaluation, proven, newcomer


def test_a_vendor_with_nothing_due_is_missing_on_delivery_and_takes_the_worst_observed(risk_leader):
    evaluation, proven, newcomer = thin_evaluation(risk_leader)
    results = service.evaluation_results(evaluation)
    table = results.table
    record = table.criteria.index[table.criteria["name"] == "Record"][0]
    assert bool(table.missing.loc[newcomer.pk, record])
    # Proven: (1 + 2) / (1 + 4) = 0.6; Newcomer counts as the worst observed, never the prior 0.5.
    assert table.filled.loc[newcomer.pk, record] == table.filled.loc[proven.pk, record]
    newcomer_row = next(row for row in results.ranking if row["vendor"] == newcomer.pk)
    assert newcomer_row["missing"] == ["Record"]
    cell = next(c for c in newcomer_row["contributions"] if c["criterion_name"] == "Record")
    assert cell["value"] is None and cell["value_display"] == "no record yet" and cell["missing"]


def test_the_results_page_and_the_scorecard_say_no_record_yet(risk_leader):
    evaluation, _, newcomer = thin_evaluation(risk_leader)
    client = client_for(risk_leader)
    results = client.get(f"/evaluations/{evaluation.pk}/results/").text
    assert '<span class="badge warn">missing</span> no record yet' in results
    assert '<span class="badge warn">no record yet</span>' in results  # the facts table
    scorecard = client.get(f"/evaluations/{evaluation.pk}/vendors/{newcomer.slug}/scorecard/").text
    assert '<span class="badge warn">no record yet</span>' in scorecard
    assert (
        "no roadmap item due yet: no delivery record; scored as the worst value among the candidates"
        in scorecard
    )
    # The prior (0.5) never shows as its record: not in the facts, not in the sentence.
    assert '<th scope="row">Delivery record</th><td class="num">50.0 %' not in scorecard
    assert "delivered on time" not in scorecard


def test_the_api_marks_no_record_yet_as_missing(risk_leader):
    evaluation, _, newcomer = thin_evaluation(risk_leader)
    client = token_client(risk_leader)
    ranking = client.get(f"/api/evaluations/{evaluation.pk}/ranking/").json()["ranking"]
    row = next(row for row in ranking if row["slug"] == "newcomer")
    cell = next(c for c in row["contributions"] if c["criterion_name"] == "Record")
    assert (cell["value"], cell["value_display"], cell["missing"]) == (None, "no record yet", True)
    card = client.get(f"/api/evaluations/{evaluation.pk}/vendors/newcomer/scorecard/").json()
    facts = {fact["key"]: fact for section in card["fact_sections"] for fact in section["facts"]}
    assert facts["delivery_record"]["value"] is None
    assert facts["delivery_record"]["display"] == "no record yet"
    assert facts["on_time_rate"]["display"] == "no record yet"


def test_the_dashboard_text_names_the_missing_delivery_record(risk_leader):
    evaluation, *_ = thin_evaluation(risk_leader)
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/dashboard/").text
    assert "Missing, counted at the worst value observed: Newcomer (Record)." in page
    assert "No delivery record yet (credibility taken at the prior, 0.5): Newcomer." in page


def test_the_vendor_page_and_list_say_no_record_yet_when_nothing_is_due(executive):
    factories.RoadmapItemFactory(
        vendor=factories.VendorFactory(name="Newcomer", slug="newcomer"),
        first_promised_date=datetime.date(2099, 6, 30),
    )
    client = client_for(executive)
    page = client.get("/vendors/newcomer/").text
    assert "no record yet" in page
    assert "On time (smoothed)" not in page and "50 %" not in page
    assert "no record yet" in client.get("/vendors/").text


def test_without_required_capabilities_the_dashboard_names_the_cause_and_links_to_fix_it(risk_leader):
    evaluation, *_ = thin_evaluation(risk_leader, required=False)
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/dashboard/").text
    assert "No capability assessments for the candidates yet" not in page
    assert "No required capabilities chosen yet: choose them on the Capabilities page." in page
    assert f'<a href="/evaluations/{evaluation.pk}/capabilities/">Capabilities page</a>' in page
