"""Evaluation pages: membership, set-up forms, pairwise weights, results and their query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluator.models import Criterion, Evaluation, EvaluationStatus, RequiredCapability, WeightMode
from evaluator.setup.services import DEFAULT_CRITERIA
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory


@pytest.fixture
def evaluation(risk_leader, executive):
    vendors = [factories.VendorFactory() for _ in range(2)]
    return EvaluationFactory(owner=risk_leader, members=[executive], candidates=vendors)


def url(name, evaluation):
    return reverse(f"evaluator:{name}", args=[evaluation.pk])


def test_it_answers_404_to_a_risk_leader_who_is_not_a_member(evaluation):
    stranger = factories.UserFactory(username="other.risk", role="Risk leader")
    for name in ("detail", "results", "edit", "criteria", "scoring"):
        assert client_for(stranger).get(url(name, evaluation)).status_code == 404, name


def test_it_lists_only_the_evaluations_a_user_takes_part_in(evaluation, executive, procurement):
    assert evaluation.name in client_for(executive).get(reverse("evaluator:list")).text
    assert evaluation.name not in client_for(procurement).get(reverse("evaluator:list")).text


def test_it_creates_an_evaluation_with_the_default_criteria(risk_leader):
    vendor = factories.VendorFactory()
    response = client_for(risk_leader).post(
        reverse("evaluator:create"),
        {
            "name": "SOC 2027",
            "horizon_date": "2027-12-31",
            "method": "weighted_sum",
            "candidates": [vendor.pk],
        },
    )
    evaluation = Evaluation.objects.get(name="SOC 2027")
    assert response.status_code == 302 and response["Location"] == url("capabilities", evaluation)
    assert evaluation.owner == risk_leader
    assert list(evaluation.candidates.all()) == [vendor]
    assert evaluation.criteria.count() == len(DEFAULT_CRITERIA)
    assert sum(c.weight for c in evaluation.criteria.all()) == 100


def test_the_create_page_keeps_the_day_the_facts_are_read_as_of(risk_leader):
    body = {
        "name": "As of",
        "horizon_date": "2027-12-31",
        "as_of_date": "2026-06-30",
        "method": "weighted_sum",
    }
    assert client_for(risk_leader).post(reverse("evaluator:create"), body).status_code == 302
    assert str(Evaluation.objects.get(name="As of").as_of_date) == "2026-06-30"


def test_it_shows_field_errors_and_creates_nothing_for_a_bad_horizon(risk_leader):
    response = client_for(risk_leader).post(
        reverse("evaluator:create"), {"name": "X", "horizon_date": "soon"}
    )
    assert response.status_code == 200 and "Enter a valid date" in response.text
    assert not Evaluation.objects.exists()


def test_it_saves_required_capabilities_with_their_importance(evaluation, risk_leader):
    siem = factories.capability("siem")
    response = client_for(risk_leader).post(url("capabilities", evaluation), {f"cap_{siem.pk}": "5"})
    assert response.status_code == 302
    assert list(RequiredCapability.objects.values_list("capability__slug", "importance")) == [("siem", 5)]


def test_it_rejects_a_criterion_reading_no_metric_and_saves_nothing(evaluation, risk_leader):
    data = {
        "criteria-TOTAL_FORMS": "1", "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "Depth", "criteria-0-group": "capability_depth", "criteria-0-direction": "benefit",
        "criteria-0-source": "metric", "criteria-0-metric": "", "criteria-0-weight": "5", "criteria-0-position": "0",
    }  # fmt: skip
    response = client_for(risk_leader).post(url("criteria", evaluation), data)
    assert response.status_code == 200 and "Choose the metric" in response.text
    assert not Criterion.objects.exists()


def test_it_turns_pairwise_judgements_into_weights_and_shows_the_consistency_ratio(evaluation, risk_leader):
    a = Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index"
    )
    b = Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", metric="delivery_record"
    )
    client = client_for(risk_leader)
    body = {"g_capability_depth__delivery_record": "3", "change_reason": "Depth first"}
    response = client.post(url("pairwise", evaluation), body)
    assert response.status_code == 302
    a.refresh_from_db(), b.refresh_from_db(), evaluation.refresh_from_db()
    assert (a.weight, b.weight) == (pytest.approx(75), pytest.approx(25))
    assert evaluation.weight_mode == WeightMode.PAIRWISE
    assert "CR 0.000" in client.get(url("pairwise", evaluation)).text


def test_it_warns_when_pairwise_judgements_are_inconsistent(evaluation, risk_leader):
    for name, group in [("A", "capability_depth"), ("B", "delivery_record"), ("C", "roadmap")]:
        Criterion.objects.create(evaluation=evaluation, name=name, group=group, metric="depth_index")
    response = client_for(risk_leader).post(
        url("pairwise", evaluation),
        {
            "g_capability_depth__delivery_record": "9",
            "g_capability_depth__roadmap": "-9",
            "g_delivery_record__roadmap": "9",
            "change_reason": "Testing",
        },  # fmt: skip
        follow=True,
    )
    assert "consistency ratio above 0.10" in response.text
    assert "revisit" in response.text


def test_it_refuses_set_up_changes_once_the_evaluation_is_decided(evaluation, risk_leader):
    Evaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.DECIDED)
    siem = factories.capability("siem")
    response = client_for(risk_leader).post(
        url("capabilities", evaluation), {f"cap_{siem.pk}": "5"}, follow=True
    )
    assert "This evaluation is decided" in response.text
    assert not RequiredCapability.objects.exists()


def _evaluation_with_candidates(owner, count):
    vendors = factories.VendorFactory.create_batch(count)
    evaluation = EvaluationFactory(owner=owner, candidates=vendors)
    Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index"
    )
    Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", metric="delivery_record"
    )
    RequiredCapability.objects.create(
        evaluation=evaluation, capability=factories.capability("siem"), importance=4
    )
    for i, vendor in enumerate(vendors):
        factories.AssessmentFactory(vendor=vendor, maturity=i % 6)
        factories.RoadmapItemFactory(vendor=vendor, first_promised_date=datetime.date(2026, 1, 1))
        factories.FinancialFactFactory(vendor=vendor)
        factories.ContractFactory(vendor=vendor)
    return evaluation


def test_the_results_page_runs_the_same_number_of_queries_for_5_and_50_candidates(risk_leader):
    # 18 queries: session, user, the role policies (two-factor), user and group permissions (2),
    # the evaluation with its owner,
    # then scoring_inputs: candidates, required capabilities, criteria, assessments, roadmap items
    # (with re-baseline counts), contracts, financial facts, funding events, manual scores; the
    # evaluators' manual scores with names; then the page frame: the user's groups for the menu
    # and the unread notification count.
    client = client_for(risk_leader)
    small, large = _evaluation_with_candidates(risk_leader, 5), _evaluation_with_candidates(risk_leader, 50)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url("results", small)).status_code == 200
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url("results", large))
    assert response.status_code == 200
    # Two fewer than before the permission sets were cached (common/permission_cache.py).
    assert len(five) == len(fifty) == 16
    assert response.text.count('<th scope="row">') >= 50 * 3  # contributions, facts, rank probabilities


def test_the_results_page_explains_why_there_is_no_ranking_yet(risk_leader):
    evaluation = EvaluationFactory(owner=risk_leader)
    response = client_for(risk_leader).get(url("results", evaluation))
    assert "No ranking yet" in response.text


def test_the_results_page_ranks_by_topsis_when_the_evaluation_says_so(risk_leader):
    evaluation = _evaluation_with_candidates(risk_leader, 3)
    evaluation.method = "topsis"
    evaluation.save()
    text = client_for(risk_leader).get(url("results", evaluation)).text
    assert "Ranking (TOPSIS)" in text and "TOPSIS is not additive" in text


def test_administrators_see_every_evaluation(evaluation, admin_user):
    assert client_for(admin_user).get(url("results", evaluation)).status_code == 200


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_list_overview_and_grid_run_the_same_number_of_queries_for_1_and_5_rows(risk_leader):
    # list: session, user, permissions (2), count and page of evaluations (owner joined, candidates
    # counted); overview: evaluation, candidates, members, capabilities, criteria; grid: evaluation,
    # manual criteria, candidates, scores; each plus the menu's groups and notification count.
    client = client_for(risk_leader)
    one = _evaluation_with_candidates(risk_leader, 1)
    Criterion.objects.create(evaluation=one, name="Usability", group="manual", source="manual")
    counts_one = [_queries(client, reverse("evaluator:list"))] + [
        _queries(client, url(name, one)) for name in ("detail", "scoring")
    ]
    five = _evaluation_with_candidates(risk_leader, 5)
    Criterion.objects.create(evaluation=five, name="Usability", group="manual", source="manual")
    for _ in range(3):
        _evaluation_with_candidates(risk_leader, 1)
    counts_five = [_queries(client, reverse("evaluator:list"))] + [
        _queries(client, url(name, five)) for name in ("detail", "scoring")
    ]
    assert counts_one == counts_five


def test_typing_a_weight_replaces_pairwise_weights_with_direct_ones(evaluation, risk_leader):
    criterion = Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index", weight=40
    )
    evaluation.weight_mode = WeightMode.PAIRWISE
    evaluation.save()
    data = {
        "criteria-TOTAL_FORMS": "1", "criteria-INITIAL_FORMS": "1", "criteria-0-id": str(criterion.pk),
        "criteria-0-name": "Depth", "criteria-0-group": "capability_depth", "criteria-0-direction": "benefit",
        "criteria-0-source": "metric", "criteria-0-metric": "depth_index", "criteria-0-weight": "25",
        "criteria-0-position": "0", "change_reason": "Depth was over-weighted",
    }  # fmt: skip
    assert client_for(risk_leader).post(url("criteria", evaluation), data).status_code == 302
    criterion.refresh_from_db(), evaluation.refresh_from_db()
    assert criterion.weight == 25 and evaluation.weight_mode == WeightMode.DIRECT


def test_it_adds_the_missing_default_criteria_on_request(evaluation, risk_leader):
    Criterion.objects.create(
        evaluation=evaluation, name="Delivery record", group="delivery_record", metric="delivery_record"
    )
    client_for(risk_leader).post(url("criteria", evaluation), {"add_defaults": "1"})
    assert evaluation.criteria.count() == len(DEFAULT_CRITERIA)


def test_it_weighs_criteria_within_a_group_from_pairwise_judgements(evaluation, risk_leader):
    depth = Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index"
    )
    shallow = Criterion.objects.create(
        evaluation=evaluation,
        name="Shallow",
        group="capability_depth",
        metric="shallow_breadth_share",
        direction="cost",
    )
    response = client_for(risk_leader).post(
        url("pairwise", evaluation), {f"c_{depth.pk}__{shallow.pk}": "-3", "change_reason": "Breadth costs"}
    )
    assert response.status_code == 302
    depth.refresh_from_db(), shallow.refresh_from_db()
    assert (depth.weight, shallow.weight) == (pytest.approx(25), pytest.approx(75))


def test_it_refuses_a_horizon_before_the_day_the_facts_are_read(risk_leader):
    response = client_for(risk_leader).post(
        reverse("evaluator:create"),
        {
            "name": "Backwards",
            "horizon_date": "2026-01-01",
            "as_of_date": "2026-11-01",
            "method": "weighted_sum",
        },
    )
    assert "The horizon must come after" in response.text
    assert not Evaluation.objects.exists()


def test_the_pairwise_page_starts_from_the_current_weights_and_shows_final_weights_and_a_matrix(
    evaluation, risk_leader
):
    from evaluator.models import CriterionComparison, GroupComparison

    evaluation.criteria.all().delete()
    depth = Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index", weight=30
    )
    breadth = Criterion.objects.create(
        evaluation=evaluation,
        name="Breadth",
        group="capability_depth",
        metric="shallow_breadth_share",
        weight=10,
    )
    Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", metric="delivery_record", weight=10
    )
    client = client_for(risk_leader)
    url = reverse("evaluator:pairwise", args=[evaluation.pk])
    page = client.get(url)
    form = page.context["form"]
    # Depth has three times Breadth's points and its group four times Delivery's: the drop-downs
    # start there (3 as offered; 4 rounds to the nearest offered step, 3 or 5), not at "equal".
    assert form[f"c_{depth.pk}__{breadth.pk}"].initial == 3
    assert form["g_capability_depth__delivery_record"].initial in (3, 5)
    assert "start from the ratios of your current points" in page.text
    finals = {row["name"]: row for row in page.context["finals"]}
    assert finals["Depth"]["now"] == "60.0 %" and finals["Breadth"]["now"] == "20.0 %"
    assert 'id="final-weights"' in page.text and "Matrix view" in page.text
    matrix = dict(next(c for c in page.context["checks"] if c["scope"] == "Capability depth")["matrix"])
    assert matrix["Depth"] == ["1", "3"] and matrix["Breadth"] == ["1/3", "1"]
    # Saving untouched keeps the order of the weights instead of flattening them.
    data = {name: field.initial for name, field in form.fields.items()}
    client.post(url, data)
    weights = dict(evaluation.criteria.values_list("name", "weight"))
    assert weights["Depth"] > weights["Breadth"] and weights["Depth"] > weights["Record"]
    assert Evaluation.objects.get(pk=evaluation.pk).weight_mode == WeightMode.PAIRWISE
    assert CriterionComparison.objects.filter(first=depth).get().value == 3
    assert GroupComparison.objects.filter(evaluation=evaluation).count() == 1
