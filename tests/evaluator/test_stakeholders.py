"""Stakeholder groups: pages, services, the consensus step, analysis and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluator.decisions.service import decide
from evaluator.models import (
    ConsensusNote,
    Criterion,
    ManualScore,
    StakeholderGroup,
    StakeholderWeight,
    StakeholderWeightMode,
)
from evaluator.results.service import evaluation_results
from evaluator.stakeholders import analysis, services, whatif
from evaluator.stakeholders.consensus import unresolved_disagreements
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import CriterionFactory, EvaluationFactory


def two_view_evaluation(owner, members=(), candidates=("Alpha", "Bravo")):
    """Alpha is best on the manual criterion, Bravo on the metric: whoever weighs which decides."""
    vendors = [factories.VendorFactory(name=name) for name in candidates]
    evaluation = EvaluationFactory(owner=owner, members=list(members), candidates=vendors)
    usability = CriterionFactory(evaluation=evaluation, name="Usability", weight=10)
    price = CriterionFactory(evaluation=evaluation, name="Price fit", weight=10, group="cost")
    for i, vendor in enumerate(vendors):
        ManualScore.objects.create(criterion=usability, vendor=vendor, evaluator=owner, score=5 - i % 5)
        ManualScore.objects.create(criterion=price, vendor=vendor, evaluator=owner, score=1 + i % 5)
    return evaluation, vendors, usability, price


def groups_for(evaluation, usability, price):
    soc = services.save_group(evaluation, name="SOC", influence=3)
    services.save_group_points(soc, {usability.pk: 80, price.pk: 20}, "SOC cares about use")
    procurement = services.save_group(evaluation, name="Procurement", influence=1)
    services.save_group_points(procurement, {usability.pk: 10, price.pk: 90}, "money")
    return soc, procurement


@pytest.mark.django_db
def test_each_group_chooses_its_own_winner_and_the_combination_follows_influence(risk_leader):
    evaluation, vendors, usability, price = two_view_evaluation(risk_leader)
    groups_for(evaluation, usability, price)
    result = analysis.analyse(evaluation, evaluation_results(evaluation))
    winners = {g["name"]: g["winner"]["name"] for g in result["groups"]}
    assert winners == {"SOC": "Alpha", "Procurement": "Bravo"}
    # Mean: usability 0.75 · 0.8 + 0.25 · 0.1 = 0.625, price 0.375: Alpha wins.
    assert result["combined"]["weights"][usability.pk] == pytest.approx(0.625)
    assert result["combined"]["winner"]["name"] == "Alpha"
    procurement = next(g for g in result["groups"] if g["name"] == "Procurement")
    assert procurement["combined_winner_rank"] == 2
    assert procurement["score_gap"] == pytest.approx(0.9 - 0.1)
    top = result["disagreements"][0]
    assert top["spread"] == pytest.approx(0.7)
    assert top["winner_changes"]
    # Views: SOC's (75 %) always pick Alpha, procurement's Bravo.
    first = {row["name"]: row["p_first_views"] for row in result["views"]}
    assert first["Alpha"] == pytest.approx(0.75, abs=0.02)


@pytest.mark.django_db
def test_aij_of_pairwise_groups_and_its_fallback_with_direct_groups(risk_leader):
    evaluation, vendors, usability, price = two_view_evaluation(risk_leader)
    soc, procurement = groups_for(evaluation, usability, price)
    services.set_method(evaluation, "aij")
    result = analysis.analyse(evaluation, evaluation_results(evaluation))
    assert result["note"] == analysis.AIJ_FALLBACK
    # Both pairwise: manual vs cost 3 for SOC, 1/3 for procurement (influence 3:1) → 3^(0.75−0.25) = √3.
    services.save_group_judgements(soc, {("manual", "cost"): 3}, {}, "")
    services.save_group_judgements(procurement, {("manual", "cost"): 1 / 3}, {}, "")
    result = analysis.analyse(evaluation, evaluation_results(evaluation))
    assert result["note"] == ""
    weights = result["combined"]["weights"]
    assert weights[usability.pk] / weights[price.pk] == pytest.approx(3**0.5)


@pytest.mark.django_db
def test_the_owner_builds_groups_through_the_pages(risk_leader, executive):
    evaluation, vendors, usability, price = two_view_evaluation(risk_leader, members=[executive])
    client = client_for(risk_leader)
    base = f"/evaluations/{evaluation.pk}/stakeholders"
    response = client.post(f"{base}/groups/", {"name": "SOC", "influence": "2", "members": [executive.pk]})
    group = StakeholderGroup.objects.get(evaluation=evaluation, name="SOC")
    assert response.status_code == 302 and response["Location"].endswith(f"/groups/{group.pk}/weights/")
    assert list(group.members.all()) == [executive]
    # Starts from the evaluation's own points.
    assert dict(group.weights.values_list("criterion_id", "points")) == {usability.pk: 10, price.pk: 10}
    # A duplicate name and a bad influence are refused with field errors and nothing saved.
    response = client.post(f"{base}/groups/", {"name": "soc", "influence": "200"})
    assert response.status_code == 400
    assert "already has a group" in response.content.decode()
    assert StakeholderGroup.objects.filter(evaluation=evaluation).count() == 1
    response = client.post(
        f"{base}/groups/{group.pk}/weights/", {f"w_{usability.pk}": "-1", f"w_{price.pk}": "3"}
    )
    assert response.status_code == 400
    assert dict(group.weights.values_list("criterion_id", "points"))[price.pk] == 10
    response = client.post(
        f"{base}/groups/{group.pk}/weights/", {f"w_{usability.pk}": "7", f"w_{price.pk}": "3"}
    )
    assert response.status_code == 302
    assert dict(group.weights.values_list("criterion_id", "points")) == {usability.pk: 7, price.pk: 3}
    pairwise = client.post(f"{base}/groups/{group.pk}/pairwise/", {"g_manual__cost": "3"})
    assert pairwise.status_code == 302
    group.refresh_from_db()
    assert group.weight_mode == StakeholderWeightMode.PAIRWISE
    page = client.get(f"{base}/groups/{group.pk}/pairwise/").content.decode()
    assert "CR 0.000" in page
    response = client.post(f"{base}/groups/", {"method": "aip"})
    assert response.status_code == 302
    page = client.get(f"{base}/").content.decode()
    assert "Which vendor each group would choose" in page and "SOC" in page


@pytest.mark.django_db
def test_members_read_but_only_the_owner_changes(risk_leader, executive, procurement):
    evaluation, *_ = two_view_evaluation(risk_leader, members=[executive, procurement])
    group = services.save_group(evaluation, name="SOC", influence=1)
    other_leader = factories.UserFactory(username="other.leader", role="Risk leader")
    evaluation.members.add(other_leader)
    base = f"/evaluations/{evaluation.pk}/stakeholders"
    assert client_for(executive).get(f"{base}/groups/").status_code == 200
    assert client_for(executive).get(f"{base}/").status_code == 200
    # A risk leader who is a member but not the owner reads, and may not change.
    client = client_for(other_leader)
    assert client.get(f"{base}/groups/").status_code == 200
    assert client.post(f"{base}/groups/", {"name": "Mine", "influence": "1"}).status_code == 403
    assert client.get(f"{base}/groups/{group.pk}/weights/").status_code == 403
    assert StakeholderGroup.objects.filter(evaluation=evaluation).count() == 1
    # Another evaluation's group id is 404, not someone else's group.
    elsewhere = EvaluationFactory(owner=risk_leader)
    other_group = services.save_group(elsewhere, name="Legal", influence=1)
    assert client_for(risk_leader).get(f"{base}/groups/{other_group.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_decided_evaluation_keeps_its_groups(risk_leader):
    evaluation, vendors, usability, price = two_view_evaluation(risk_leader)
    group = services.save_group(evaluation, name="SOC", influence=1)
    decide(evaluation, risk_leader)
    client = client_for(risk_leader)
    response = client.post(
        f"/evaluations/{evaluation.pk}/stakeholders/groups/{group.pk}/weights/",
        {f"w_{usability.pk}": "1", f"w_{price.pk}": "1", "change_reason": "late"},
    )
    assert response.status_code == 302
    assert dict(StakeholderWeight.objects.filter(group=group).values_list("criterion_id", "points")) == {
        usability.pk: 10,
        price.pk: 10,
    }


@pytest.mark.django_db
def test_consensus_lists_spreads_of_two_and_resolves_them_into_the_scores(risk_leader, procurement):
    evaluation, vendors, usability, price = two_view_evaluation(risk_leader, members=[procurement])
    ManualScore.objects.create(criterion=usability, vendor=vendors[0], evaluator=procurement, score=2)
    ManualScore.objects.create(criterion=usability, vendor=vendors[1], evaluator=procurement, score=3)
    open_ = unresolved_disagreements(evaluation)
    assert [(d["criterion_name"], d["vendor_name"], d["low"], d["high"]) for d in open_] == [
        ("Usability", "Alpha", 2, 5)
    ]
    client = client_for(risk_leader)
    url = f"/evaluations/{evaluation.pk}/consensus/"
    assert "Usability · Alpha" in client.get(url).content.decode()
    # Resolving without a score is refused and changes nothing.
    refused = client.post(
        url, {"criterion": usability.pk, "vendor": vendors[0].pk, "outcome": "resolved", "reason": "met"}
    )
    assert refused.status_code == 400
    assert not ConsensusNote.objects.exists()
    left = client.post(
        url, {"criterion": usability.pk, "vendor": vendors[0].pk, "outcome": "left", "reason": "both fair"}
    )
    assert left.status_code == 302
    assert unresolved_disagreements(evaluation)[0]["left"] is True
    resolved = client.post(
        url,
        {
            "criterion": usability.pk,
            "vendor": vendors[0].pk,
            "outcome": "resolved",
            "agreed_score": "4",
            "reason": "workshop 3 Dec",
        },
    )
    assert resolved.status_code == 302
    assert unresolved_disagreements(evaluation) == []
    scores = ManualScore.objects.filter(criterion=usability, vendor=vendors[0])
    assert {s.score for s in scores} == {4}
    assert scores[0].history.first().history_change_reason == "Consensus: workshop 3 Dec"
    # A criterion of another evaluation is 404.
    stranger = Criterion.objects.create(
        evaluation=EvaluationFactory(), name="X", group="manual", source="manual"
    )
    response = client.post(
        url, {"criterion": stranger.pk, "vendor": vendors[0].pk, "outcome": "left", "reason": "x"}
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_whatif_saves_a_profile_that_the_server_ranks_as_the_sliders_did(risk_leader):
    evaluation, vendors, usability, price = two_view_evaluation(risk_leader)
    data = whatif.whatif_data(evaluation_results(evaluation))
    assert [g["key"] for g in data["groups"]] == ["manual", "cost"]
    assert whatif.ranking(data, {"manual": 0.5, "cost": 0.5}) == ["Alpha", "Bravo"]
    assert whatif.ranking(data, {"manual": 200, "cost": 800}) == ["Bravo", "Alpha"]
    client = client_for(risk_leader)
    response = client.post(
        f"/evaluations/{evaluation.pk}/what-if/",
        {"name": "Budget first", "reason": "CFO view", "g_manual": "200", "g_cost": "800"},
    )
    assert response.status_code == 302
    group = StakeholderGroup.objects.get(name="Budget first")
    assert group.influence == 0
    assert group.history.first().history_change_reason == "What-if profile: CFO view"
    services.save_group(evaluation, name="Everyone", influence=1)
    result = analysis.analyse(evaluation, evaluation_results(evaluation))
    budget = next(g for g in result["groups"] if g["name"] == "Budget first")
    assert [row["name"] for row in budget["ranking"]] == ["Bravo", "Alpha"]
    # No name, no reason: refused, nothing saved.
    response = client.post(f"/evaluations/{evaluation.pk}/what-if/", {"g_manual": "1", "g_cost": "1"})
    assert response.status_code == 400
    assert StakeholderGroup.objects.filter(evaluation=evaluation).count() == 2


@pytest.mark.django_db
def test_the_stakeholders_page_runs_a_fixed_number_of_queries(risk_leader):
    def queries(groups: int, candidates: int) -> int:
        names = [f"V{groups}-{i}" for i in range(candidates)]
        evaluation, vendors, usability, price = two_view_evaluation(risk_leader, candidates=names)
        for g in range(groups):
            services.save_group(evaluation, name=f"G{g}", influence=1)
        client = client_for(risk_leader)
        client.get(f"/evaluations/{evaluation.pk}/stakeholders/")  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/evaluations/{evaluation.pk}/stakeholders/").status_code == 200
        return len(captured)

    assert queries(1, 2) == queries(6, 9)


@pytest.mark.django_db
def test_the_decision_snapshot_and_the_workbook_carry_the_groups(risk_leader):
    import io
    import json

    from openpyxl import load_workbook

    from evaluator.models import DecisionSnapshot

    evaluation, vendors, usability, price = two_view_evaluation(risk_leader)
    groups_for(evaluation, usability, price)
    workbook = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/export/?format=xlsx")
    sheets = load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert "Stakeholder weights" in sheets and "Stakeholder rankings" in sheets
    base = f"/evaluations/{evaluation.pk}/export/?format=csv&table="
    rankings = client_for(risk_leader).get(base + "stakeholder-rankings").content.decode("utf-8-sig")
    assert rankings.splitlines()[0] == "View,Rank,Vendor,Total" and "SOC,1,Alpha" in rankings
    weights = client_for(risk_leader).get(base + "stakeholder-weights").content.decode("utf-8-sig")
    assert weights.splitlines()[0].startswith("Criterion,Criterion group,SOC,Procurement,Combined")
    bare = two_view_evaluation(risk_leader, candidates=["Gamma", "Delta"])[0]
    refused = client_for(risk_leader).get(
        f"/evaluations/{bare.pk}/export/?format=csv&table=stakeholder-weights"
    )
    assert refused.status_code == 409
    decide(evaluation, risk_leader)
    content = json.loads(DecisionSnapshot.objects.get(evaluation=evaluation).content)["stakeholders"]
    assert [g["name"] for g in content["groups"]] == ["SOC", "Procurement"]
    soc = content["groups"][0]
    assert soc["points"] == [
        {"criterion_id": usability.pk, "points": 80.0},
        {"criterion_id": price.pk, "points": 20.0},
    ]
    assert soc["ranking"][0]["name"] == "Alpha"
    assert content["combined_weights"][str(usability.pk)] == pytest.approx(0.625)
    assert content["method"] == "mean"


@pytest.mark.django_db
def test_the_history_page_shows_the_groups_changes_with_their_reasons(risk_leader):
    evaluation, vendors, usability, price = two_view_evaluation(risk_leader)
    groups_for(evaluation, usability, price)
    services.set_method(evaluation, "aip", "AIP suits independent groups")
    page = client_for(risk_leader).get(f"/evaluations/{evaluation.pk}/history/").content.decode()
    assert "stakeholder group “SOC”" in page
    assert "points of stakeholder group “SOC” for “Usability”" in page
    assert "SOC cares about use" in page and "AIP suits independent groups" in page


@pytest.mark.django_db
def test_the_whatif_tag_puts_the_sliders_on_any_evaluation_page_with_one_line(rf, risk_leader, executive):
    from django.template import Context, Template

    from evaluator.stakeholders.pages import WhatIfView

    evaluation, *_ = two_view_evaluation(risk_leader, members=[executive])
    for user, editable in ((risk_leader, True), (executive, False)):
        request = rf.get("/")
        request.user = user
        view = WhatIfView()
        view.setup(request, pk=evaluation.pk)
        view.evaluation = evaluation
        html = Template("{% load stakeholder_tags %}{% stakeholder_whatif %}").render(
            Context({"evaluation": evaluation, "request": request, "view": view})
        )
        assert 'id="slider-manual"' in html and 'id="whatif-data"' in html
        assert ("Save as a new profile" in html) is editable
