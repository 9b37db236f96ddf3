"""Scoring results are reused only for byte-identical inputs, and a cached result cannot be changed."""

import io

import pytest
from django.core.cache import cache

from demo import evaluations as demo_evaluations
from demo import users as demo_users
from demo import vendors as demo_vendors
from engine.scoring import evaluate
from evaluator.models import Evaluation
from evaluator.results import cache as results_cache
from evaluator.results import selectors


@pytest.fixture
def demo_evaluation(db):
    out = io.StringIO()
    demo_users.seed_users(out)
    demo_vendors.seed(out)
    demo_evaluations.seed(out)
    return Evaluation.objects.get(name=demo_evaluations.DEMO_EVALUATION)


def test_the_same_inputs_score_once_and_give_the_same_result(demo_evaluation, monkeypatch):
    cache.clear()
    calls = []
    real = results_cache.evaluate
    monkeypatch.setattr(results_cache, "evaluate", lambda *a, **k: calls.append(1) or real(*a, **k))
    inputs = selectors.scoring_inputs(demo_evaluation)
    first = results_cache.evaluate_cached(inputs)
    second = results_cache.evaluate_cached(selectors.scoring_inputs(demo_evaluation))
    assert len(calls) == 1
    fresh = evaluate(inputs)
    assert list(second.table.vendors.index) == list(fresh.table.vendors.index)
    assert second.table.vendors["total"].tolist() == pytest.approx(fresh.table.vendors["total"].tolist())
    # Each caller gets its own copy: changing one does not change what the next one reads.
    second.table.vendors.loc[:, "total"] = -1.0
    third = results_cache.evaluate_cached(inputs)
    assert third.table.vendors["total"].tolist() == pytest.approx(first.table.vendors["total"].tolist())


def test_a_changed_weight_scores_again(demo_evaluation):
    cache.clear()
    before = results_cache.evaluate_cached(selectors.scoring_inputs(demo_evaluation))
    criterion = demo_evaluation.criteria.order_by("-weight").first()
    criterion.weight = 0
    criterion.save()
    after = results_cache.evaluate_cached(selectors.scoring_inputs(demo_evaluation))
    fresh = evaluate(selectors.scoring_inputs(demo_evaluation))
    assert after.table.vendors["total"].tolist() == pytest.approx(fresh.table.vendors["total"].tolist())
    assert after.table.vendors["total"].tolist() != pytest.approx(before.table.vendors["total"].tolist())
