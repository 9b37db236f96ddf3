"""The manual scoring grid: several evaluators, all-or-nothing saves, disagreement, blind mode."""

import pytest
from django.urls import reverse

from evaluator.models import Criterion, ManualScore
from evaluator.scoring_grid.rules import blind_label
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory


@pytest.fixture
def setup(risk_leader, procurement, executive):
    vendors = [factories.VendorFactory(name=n, slug=n.lower()) for n in ("Acme", "Borealis")]
    evaluation = EvaluationFactory(owner=risk_leader, members=[procurement, executive], candidates=vendors)
    criterion = Criterion.objects.create(
        evaluation=evaluation, name="Usability", group="manual", source="manual"
    )
    return evaluation, criterion, vendors


def grid_url(evaluation):
    return reverse("evaluator:scoring", args=[evaluation.pk])


def cell(vendor, criterion, score="", rationale=""):
    prefix = f"s{vendor.pk}_{criterion.pk}"
    return {f"{prefix}-score": score, f"{prefix}-rationale": rationale}


def test_it_saves_each_evaluators_own_scores(setup, risk_leader, procurement):
    evaluation, criterion, (acme, borealis) = setup
    client_for(risk_leader).post(
        grid_url(evaluation), {**cell(acme, criterion, "4", "Fast"), **cell(borealis, criterion, "2")}
    )
    client_for(procurement).post(
        grid_url(evaluation), {**cell(acme, criterion, "3"), **cell(borealis, criterion)}
    )
    scores = set(ManualScore.objects.values_list("evaluator__username", "vendor__name", "score", "rationale"))
    assert scores == {
        ("rick.risk", "Acme", 4, "Fast"),
        ("rick.risk", "Borealis", 2, ""),
        ("paula.procurement", "Acme", 3, ""),
    }


def test_it_saves_nothing_when_one_cell_is_wrong(setup, risk_leader):
    evaluation, criterion, (acme, borealis) = setup
    response = client_for(risk_leader).post(
        grid_url(evaluation),
        {**cell(acme, criterion, "4"), **cell(borealis, criterion, "", "no score given")},
    )
    assert response.status_code == 200 and "Give a score with the rationale" in response.text
    assert not ManualScore.objects.exists()


def test_it_refuses_a_score_outside_zero_to_five(setup, risk_leader):
    evaluation, criterion, (acme, borealis) = setup
    response = client_for(risk_leader).post(
        grid_url(evaluation), {**cell(acme, criterion, "7"), **cell(borealis, criterion)}
    )
    assert "Select a valid choice" in response.text
    assert not ManualScore.objects.exists()


def test_it_flags_evaluators_two_or_more_points_apart(setup, risk_leader, procurement):
    evaluation, criterion, (acme, borealis) = setup
    ManualScore.objects.create(criterion=criterion, vendor=acme, evaluator=risk_leader, score=5)
    ManualScore.objects.create(criterion=criterion, vendor=acme, evaluator=procurement, score=3)
    ManualScore.objects.create(criterion=criterion, vendor=borealis, evaluator=risk_leader, score=3)
    ManualScore.objects.create(criterion=criterion, vendor=borealis, evaluator=procurement, score=2)
    text = client_for(risk_leader).get(grid_url(evaluation)).text
    assert "1 cell with disagreement" in text
    assert "2 evaluators, spread 2" in text and "2 evaluators, spread 1" in text


def test_it_hides_candidate_names_in_blind_mode(setup, risk_leader):
    evaluation, _, _ = setup
    evaluation.blind_scoring = True
    evaluation.save()
    text = client_for(risk_leader).get(grid_url(evaluation)).text
    assert "Vendor A" in text and "Vendor B" in text
    assert "Acme" not in text and "Borealis" not in text


def test_it_names_blind_candidates_beyond_z():
    assert [blind_label(i) for i in (0, 25, 26, 27)] == ["Vendor A", "Vendor Z", "Vendor AA", "Vendor AB"]


def test_executives_read_results_but_do_not_score(setup, executive):
    evaluation, criterion, (acme, _) = setup
    client = client_for(executive)
    assert client.get(reverse("evaluator:results", args=[evaluation.pk])).status_code == 200
    assert client.post(grid_url(evaluation), cell(acme, criterion, "5")).status_code == 403
    assert not ManualScore.objects.exists()
