"""Weight changes and manual score changes say why (issue 7), on the pages and in the history."""

import pytest
from django.urls import reverse

from evaluator.models import Criterion, ManualScore
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory


def url(name, evaluation):
    return reverse(f"evaluator:{name}", args=[evaluation.pk])


def criteria_form(criterion, weight, **extra):
    return {
        "criteria-TOTAL_FORMS": "1", "criteria-INITIAL_FORMS": "1", "criteria-0-id": str(criterion.pk),
        "criteria-0-name": criterion.name, "criteria-0-group": criterion.group,
        "criteria-0-direction": "benefit", "criteria-0-source": "metric", "criteria-0-metric": criterion.metric,
        "criteria-0-weight": str(weight), "criteria-0-position": "0", **extra,
    }  # fmt: skip


@pytest.fixture
def evaluation(risk_leader):
    # Past its draft: its weights have been used, so changing one says why.
    return EvaluationFactory(owner=risk_leader, status="scoring")


def test_a_weight_change_on_the_criteria_page_needs_a_reason_shown_in_the_history(evaluation, risk_leader):
    depth = Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index", weight=30
    )
    client = client_for(risk_leader)
    refused = client.post(url("criteria", evaluation), criteria_form(depth, 45))
    assert refused.status_code == 200 and "Say why the value changes." in refused.text
    depth.refresh_from_db()
    assert depth.weight == 30
    too_long = client.post(url("criteria", evaluation), criteria_form(depth, 45, change_reason="x" * 101))
    assert "at most 100 characters" in too_long.text or "100 characters" in too_long.text
    saved = client.post(
        url("criteria", evaluation),
        criteria_form(depth, 45, change_reason="Steering group wants depth first"),
    )
    assert saved.status_code == 302
    depth.refresh_from_db()
    assert depth.weight == 45
    history = client.get(url("history", evaluation)).text
    assert "Steering group wants depth first" in history
    assert "criterion “Depth”" in history


def test_other_criteria_edits_need_no_reason(evaluation, risk_leader):
    depth = Criterion.objects.create(
        evaluation=evaluation, name="Depth", group="capability_depth", metric="depth_index", weight=30
    )
    renamed = criteria_form(depth, 30, **{"criteria-0-name": "Depth index"})
    assert client_for(risk_leader).post(url("criteria", evaluation), renamed).status_code == 302
    depth.refresh_from_db()
    assert depth.name == "Depth index"


def test_saving_pairwise_judgements_needs_a_reason_shown_in_the_history(evaluation, risk_leader):
    for name, group in (("Depth", "capability_depth"), ("Record", "delivery_record")):
        Criterion.objects.create(evaluation=evaluation, name=name, group=group, metric="depth_index")
    client = client_for(risk_leader)
    judgement = {"g_capability_depth__delivery_record": "3"}
    refused = client.post(url("pairwise", evaluation), judgement)
    assert refused.status_code == 200 and "Say why the value changes." in refused.text
    assert evaluation.criteria.get(name="Depth").weight == 1
    saved = client.post(
        url("pairwise", evaluation), {**judgement, "change_reason": "Depth outweighs record 3:1"}
    )
    assert saved.status_code == 302
    assert evaluation.criteria.get(name="Depth").weight == pytest.approx(75)
    assert "Depth outweighs record 3:1" in client.get(url("history", evaluation)).text


def cell(vendor, criterion, score="", rationale=""):
    prefix = f"s{vendor.pk}_{criterion.pk}"
    return {f"{prefix}-score": score, f"{prefix}-rationale": rationale}


def test_a_first_score_needs_no_reason_but_changing_or_removing_one_does(evaluation, risk_leader):
    vendor = factories.VendorFactory(name="Acme")
    evaluation.candidates.add(vendor)
    criterion = Criterion.objects.create(
        evaluation=evaluation, name="Support", group="manual", source="manual"
    )
    client = client_for(risk_leader)
    assert (
        client.post(url("scoring", evaluation), cell(vendor, criterion, "3", "Good SLA")).status_code == 302
    )
    refused = client.post(url("scoring", evaluation), cell(vendor, criterion, "1", "Good SLA"))
    assert refused.status_code == 200 and "Say why the value changes." in refused.text
    assert ManualScore.objects.get().score == 3
    # A new rationale for the same score is not a score change.
    assert (
        client.post(url("scoring", evaluation), cell(vendor, criterion, "3", "24/7 SLA")).status_code == 302
    )
    changed = client.post(
        url("scoring", evaluation),
        {**cell(vendor, criterion, "1", "24/7 SLA"), "change_reason": "SLA withdrawn"},
    )
    assert changed.status_code == 302
    assert ManualScore.objects.get().score == 1
    assert client.post(url("scoring", evaluation), cell(vendor, criterion)).status_code == 200
    removed = client.post(
        url("scoring", evaluation), {**cell(vendor, criterion), "change_reason": "Not our call"}
    )
    assert removed.status_code == 302 and not ManualScore.objects.exists()
    history = client.get(url("history", evaluation)).text
    assert "SLA withdrawn" in history and "Not our call" in history
    assert "manual score of rick.risk on “Support” for Acme" in history


def test_the_history_names_blind_candidates_by_their_grid_label(evaluation, risk_leader):
    vendor = factories.VendorFactory(name="Acme")
    evaluation.candidates.add(vendor)
    evaluation.blind_scoring = True
    evaluation.save()
    criterion = Criterion.objects.create(
        evaluation=evaluation, name="Support", group="manual", source="manual"
    )
    ManualScore.objects.create(criterion=criterion, vendor=vendor, evaluator=risk_leader, score=3)
    history = client_for(risk_leader).get(url("history", evaluation)).text
    # The candidate list itself is no secret (the History page shows "Candidates: + Acme"); the
    # score entries never tie a score to it.
    assert "for Vendor A" in history and "for Acme" not in history
