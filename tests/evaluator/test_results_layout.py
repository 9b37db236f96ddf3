"""The dashboard's headline box and the results page's layout: Total beside the name, groups fold, one format."""

import re

from evaluator.decisions.service import decide
from evaluator.models import Criterion, EvaluationStatus, RequiredCapability
from evaluator.results import service, summaries
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory
from tests.evaluator.test_dashboard import scored_evaluation


def headline_box(page: str) -> str:
    return re.search(r'<section class="card headline-box" id="headline".*?</section>', page, re.S).group(0)


def contested_evaluation(owner):
    """Deepwell leads on depth (weight 3), Spendmore on R&D intensity (weight 1): a weight can swap them."""
    deep = factories.VendorFactory(name="Deepwell", slug="deepwell")
    spender = factories.VendorFactory(name="Spendmore", slug="spendmore")
    evaluation = EvaluationFactory(owner=owner, candidates=[deep, spender])
    Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index", weight=3
    )
    Criterion.objects.create(evaluation=evaluation, name="R&D", group="rd", metric="rd_intensity", weight=1)
    RequiredCapability.objects.create(
        evaluation=evaluation, capability=factories.capability("siem"), importance=3
    )
    factories.AssessmentFactory(vendor=deep, maturity=5)
    factories.AssessmentFactory(vendor=spender, maturity=3)
    factories.FinancialFactFactory(vendor=deep, rd_spend=10_000_000)
    factories.FinancialFactFactory(vendor=spender, rd_spend=30_000_000)
    return evaluation


def test_the_dashboard_headline_recommends_the_leader_with_the_weight_that_would_change_it(risk_leader):
    evaluation = contested_evaluation(risk_leader)
    box = headline_box(client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/dashboard/").text)
    # Normalised: Deepwell (1, 0) and Spendmore (0, 1); weights 75 % / 25 %. Spendmore leads once
    # depth falls to half of all the weight (or R&D rises to half: as far, and named second).
    assert (
        "Deepwell leads with 0.750; it stays first unless Depth moves from 75.0 % to 50.0 % of the weight "
        "(then Spendmore leads)."
    ) in box
    assert "0.500 ahead of Spendmore" in box
    assert "From 0 to 1, higher is better" in box
    assert "Draft" in box and "the ranking is provisional" in box


def test_a_decided_dashboard_says_who_decided_and_when(risk_leader):
    evaluation = scored_evaluation(risk_leader, 3)
    snapshot = decide(evaluation, risk_leader)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DECIDED
    box = headline_box(client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/dashboard/").text)
    who = risk_leader.get_full_name() or risk_leader.username
    assert f"decided on {snapshot.decided_at:%Y-%m-%d} by {who}" in box


def fake_table(method, totals, ranks, sensitivity=()):
    import pandas as pd

    class Table:
        pass

    table = Table()
    table.method = method
    table.vendors = pd.DataFrame(
        {
            "name": ["A", "B", "C"][: len(totals)],
            "total": totals,
            "rank": ranks,
            "position": range(len(totals)),
        },
        index=range(1, len(totals) + 1),
    )
    table.sensitivity = list(sensitivity)
    table.rank_probabilities = None
    return table


def test_a_topsis_headline_makes_no_claim_from_the_weighted_sum_sensitivity():
    headline = summaries.recommendation(fake_table("topsis", [0.8, 0.4], [1, 2]))
    assert headline["sentence"] == "A leads with 0.800 (closeness to the ideal candidate)."
    assert headline["fragile"] is None and headline["margin_display"] == "0.400"


def test_a_tie_for_first_is_said_as_a_tie():
    import pandas as pd

    class Table:
        method = "weighted_sum"
        vendors = pd.DataFrame(
            {"name": ["A", "B", "C"], "total": [0.5, 0.5, 0.2], "rank": [1, 1, 3], "position": [0, 1, 2]},
            index=[1, 2, 3],
        )
        sensitivity = []
        rank_probabilities = None

    headline = summaries.recommendation(Table())
    assert headline["sentence"] == "A and B tie for first with 0.500: the weights alone do not separate them."
    assert headline["fragile"] is None and headline["runner_up"] is None


def test_the_results_contributions_put_total_beside_the_vendor_and_fold_the_criteria_by_group(risk_leader):
    evaluation = scored_evaluation(risk_leader, 4)
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/results/").text
    section = re.search(r'<section class="card" id="contributions">.*?</section>', page, re.S).group(0)
    summary_head = re.search(r"<thead><tr>(.*?)</tr></thead>", section, re.S).group(1)
    headings = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', summary_head, re.S)
    assert [re.sub(r"<.*?>", "", h).split("weight")[0].strip() for h in headings] == [
        "Vendor",
        "Total",
        "Capability depth",
        "Delivery record",
        "Roadmap",
    ]
    # One folded group per criterion group, each with its criteria, Total again beside the vendor.
    assert section.count('<details class="criterion-group">') == 3
    assert "<summary><strong>Delivery record</strong>" in section
    results = service.evaluation_results(evaluation)
    for row in results.ranking:
        assert f"<strong>{row['total']:.3f}</strong>" in section


def test_the_results_page_reads_weights_and_chances_as_percentages(risk_leader):
    evaluation = scored_evaluation(risk_leader, 4)
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/results/").text
    criteria = re.search(r'<section class="card" id="criteria">.*?</section>', page, re.S).group(0)
    assert criteria.count("33.3 %") == 3  # three equal weights, never "0.3333"
    chances = re.search(r'<section class="card" id="rank-probabilities">.*?</section>', page, re.S).group(0)
    assert re.findall(r'<td class="num">([^<]*)</td>', chances)
    assert all(cell.endswith(" %") for cell in re.findall(r'<td class="num">([^<]*)</td>', chances))
