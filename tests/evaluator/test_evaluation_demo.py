"""The demo evaluation: depth over breadth on the demo data, with checkable numbers (docs/scoring.md §3.4)."""

import io

import numpy as np
import pytest
from django.urls import reverse

from evaluator import demo_evaluations, selectors
from evaluator.models import Evaluation
from evaluator.scoring import evaluate
from tests.conftest import client_for
from vendors import demo


@pytest.fixture
def demo_evaluation(db):
    out = io.StringIO()
    demo.seed_users(out)
    demo.seed(out)
    demo_evaluations.seed(out)
    return Evaluation.objects.get(name=demo_evaluations.DEMO_EVALUATION)


def test_the_deep_specialist_and_the_reliable_incumbent_beat_the_broad_but_shallow_suite(demo_evaluation):
    table = evaluate(selectors.scoring_inputs(demo_evaluation)).table
    order = table.vendors.sort_values("position")["name"].tolist()
    assert order.index("Alertwell Labs") < order.index("Omnistrata")
    assert order.index("Ardmoor Security") < order.index("Omnistrata")
    assert order[:2] == ["Alertwell Labs", "Ardmoor Security"]
    # The worked example of docs/scoring.md §3.4.
    totals = table.vendors.set_index("name")["total"]
    assert totals["Alertwell Labs"] == pytest.approx(0.9317, abs=5e-5)
    assert totals["Ardmoor Security"] == pytest.approx(0.9148, abs=5e-5)
    np.testing.assert_allclose(table.contributions.sum(axis=1), table.vendors["total"])


def test_the_demo_results_page_shows_contributions_sensitivity_and_rank_probabilities(demo_evaluation):
    executive = demo_evaluation.members.get(username="executive")
    text = client_for(executive).get(reverse("evaluator:results", args=[demo_evaluation.pk])).text
    assert (
        "Ardmoor Security overtakes Alertwell Labs if the weight of Capability depth falls from 0.29 to 0.12."
        in text
    )
    assert "Contributions per criterion" in text
    assert "Rank probabilities" in text and "10,000" in text
    assert "missing" in text  # Omnistrata has no contract, Corvane no horizon items


def test_the_demo_seeder_creates_nothing_twice(demo_evaluation):
    demo_evaluations.seed(io.StringIO())
    assert Evaluation.objects.filter(name=demo_evaluations.DEMO_EVALUATION).count() == 1
    assert demo_evaluation.criteria.get(name=demo_evaluations.MANUAL_CRITERION).manual_scores.count() == 8


def test_the_demo_results_show_each_evaluators_scores_and_flag_the_disagreement(demo_evaluation):
    risk = demo_evaluation.owner
    text = client_for(risk).get(reverse("evaluator:results", args=[demo_evaluation.pk])).text
    assert "Manual scores by evaluator" in text
    assert "Slick sales demo of the unified console." in text  # procurement's 4 for Omnistrata
    assert text.count('badge warn">disagreement') == 1  # risk gave Omnistrata 1: spread 3
