"""The demo evaluation: depth over breadth on the demo data, with checkable numbers (docs/scoring.md §3.4)."""

import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse

from demo import evaluations as demo_evaluations
from demo import users as demo_users
from demo import vendors as demo_vendors
from engine.scoring import evaluate
from evaluator.models import DecisionSnapshot, Evaluation, EvaluationStatus
from evaluator.results import selectors
from tests.conftest import client_for
from tests.evaluator.test_decisions import tamper, verify


@pytest.fixture
def demo_evaluation(db):
    out = io.StringIO()
    demo_users.seed_users(out)
    demo_vendors.seed(out)
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
        "Ardmoor Security overtakes Alertwell Labs if the share of Capability depth in the total weight falls from 28.6 % to 14.1 %."
        in text
    )
    # The table beside the sentences: the share now, where the winner changes, the move in points.
    assert "Share where the winner changes" in text
    assert '<td class="num">28.6 %</td>' in text and '<td class="num">14.1 %</td>' in text
    assert "-14.5 points" in text
    assert '<span class="badge warn">fragile</span> Ardmoor Security overtakes' in text
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


# --- the decided demo evaluation -------------------------------------------------------------


def test_seed_demo_leaves_a_decided_evaluation_that_verifies_until_its_snapshot_is_altered(db):
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    decided = Evaluation.objects.get(name=demo_evaluations.DECIDED_EVALUATION)
    snapshot = DecisionSnapshot.objects.get(evaluation=decided)
    assert decided.status == EvaluationStatus.DECIDED
    assert snapshot.decided_at == demo_evaluations.DECIDED_AT and snapshot.decided_by.username == "risk"
    code, out, _ = verify()
    assert code == 0 and f"ok      evaluation {decided.pk} ({decided.name})" in out
    # The first demo evaluation stays open for scoring, with its documented ranking.
    assert Evaluation.objects.get(name=demo_evaluations.DEMO_EVALUATION).status == EvaluationStatus.SCORING
    tamper(snapshot.pk, snapshot.content.replace('"rank":1,', '"rank":2,', 1))
    code, _, err = verify()
    assert code == 1 and "hash mismatch" in err and demo_evaluations.DECIDED_EVALUATION in err


def test_the_decided_demo_evaluation_is_decided_once_and_says_nothing_changed(demo_evaluation):
    decided = Evaluation.objects.get(name=demo_evaluations.DECIDED_EVALUATION)
    content = DecisionSnapshot.objects.get(evaluation=decided).content
    out = io.StringIO()
    demo_evaluations.seed(out)
    assert "already decided" in out.getvalue()
    assert DecisionSnapshot.objects.get(evaluation=decided).content == content
    ranking = [row["name"] for row in json.loads(content)["results"]["ranking"]]
    assert sorted(ranking) == ["Alertwell Labs", "Nimbleflare", "Omnistrata"]
    text = client_for(decided.owner).get(reverse("evaluator:decision_changes", args=[decided.pk])).text
    assert "Nothing changed." in text
