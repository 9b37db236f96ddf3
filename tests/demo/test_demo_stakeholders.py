"""The demo's open evaluation has three stakeholder groups whose winners differ (issue 18)."""

import pytest

from demo.evaluations import DEMO_EVALUATION
from evaluator.models import Evaluation
from evaluator.results.service import evaluation_results
from evaluator.stakeholders.analysis import analyse
from evaluator.stakeholders.consensus import unresolved_disagreements
from tests.demo.test_seed_demo import seed

pytestmark = pytest.mark.django_db


def test_soc_physical_security_and_procurement_would_each_choose_another_vendor():
    assert "3 new stakeholder groups" in seed()
    evaluation = Evaluation.objects.get(name=DEMO_EVALUATION)
    result = analyse(evaluation, evaluation_results(evaluation))
    winners = {group["name"]: group["winner"]["name"] for group in result["groups"]}
    assert winners == {
        "SOC": "Alertwell Labs",
        "Physical security": "Ardmoor Security",
        "Procurement": "Corvane Systems",
    }
    assert result["combined"]["winner"]["name"] == "Alertwell Labs"
    first = {row["name"]: row["p_first_views"] for row in result["views"]}
    # Real disagreement is far less certain than ±25 % weight noise (Alertwell first in ~99 %).
    assert 0.4 < first["Alertwell Labs"] < 0.6
    assert [(d["criterion_name"], d["vendor_name"]) for d in unresolved_disagreements(evaluation)] == [
        ("Analyst usability", "Omnistrata")
    ]
    assert "0 new stakeholder groups" in seed()
