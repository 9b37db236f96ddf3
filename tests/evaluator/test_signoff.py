"""The decision record and its sign-off: propose, approve, reject, withdraw; the memo; copying."""

import datetime
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from evaluator.decisions import signoff
from evaluator.decisions.warnings import proposal_warnings
from evaluator.models import (
    Approval,
    Criterion,
    DecisionProposal,
    DecisionSnapshot,
    Evaluation,
    EvaluationStatus,
    GroupComparison,
    ManualScore,
    ProposalState,
    RequiredCapability,
    Response,
    Verdict,
)
from evaluator.results.service import evaluation_results
from tests import factories
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.factories import CriterionFactory, EvaluationFactory
from tests.evaluator.questionnaire_helpers import small_questionnaire
from tests.evaluator.test_decisions import scored_evaluation, verify
from vendors.models import Notification


def ranked_pair(owner, members=()):
    """Vendor 1 leads Vendor 0 narrowly (usability 12 points against support 10); only Vendor 1 has
    a delivery record, so Vendor 0 misses an input."""
    first, second = factories.VendorFactory(name="Vendor 0"), factories.VendorFactory(name="Vendor 1")
    factories.RoadmapItemFactory(vendor=second)
    evaluation = EvaluationFactory(
        owner=owner, members=list(members), candidates=[first, second], status=EvaluationStatus.SCORING
    )
    Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", metric="delivery_record", weight=1
    )
    usability = CriterionFactory(evaluation=evaluation, name="Usability", weight=12)
    support = CriterionFactory(evaluation=evaluation, name="Support", weight=10)
    for criterion, (a, b) in ((usability, (2, 5)), (support, (5, 2))):
        ManualScore.objects.create(criterion=criterion, vendor=first, evaluator=owner, score=a)
        ManualScore.objects.create(criterion=criterion, vendor=second, evaluator=owner, score=b)
    return evaluation


@pytest.fixture
def proposable(risk_leader, executive, procurement):
    return ranked_pair(risk_leader, [executive, procurement])


def vendors(evaluation):
    return {v.name: v for v in evaluation.candidates.all()}


def propose_runner_up(evaluation, owner, approvers, **extra):
    return signoff.propose(
        evaluation,
        owner,
        chosen=[vendors(evaluation)["Vendor 0"]],
        rationale="Cheaper to run.",
        justification="The leader's usability edge is one evaluator's view.",
        conditions="Roadmap item X committed before signature\nAnnual review",
        risks_accepted="Smaller vendor",
        approvers=approvers,
        **extra,
    )


def status_of(evaluation) -> str:
    return Evaluation.objects.get(pk=evaluation.pk).status


def test_the_propose_page_shows_the_ranking_the_warnings_and_asks_only_the_owner(
    proposable, risk_leader, executive
):
    url = reverse("evaluator:propose", args=[proposable.pk])
    page = client_for(risk_leader).get(url)
    assert page.status_code == 200
    assert "Propose for sign-off" in page.text and "Vendor 1" in page.text
    # Vendor 0 has no delivery record value: a missing input, named with the criterion.
    assert 'data-code="missing_inputs"' in page.text and "has no value for Record" in page.text
    # The ranking's leader is chosen by default.
    assert page.context["form"].initial["chosen"] == [vendors(proposable)["Vendor 1"].pk]
    assert client_for(executive).get(url).status_code == 403


def test_a_draft_cannot_be_proposed_and_the_page_says_how_to_move_on(risk_leader):
    draft = scored_evaluation(risk_leader)
    page = client_for(risk_leader).get(reverse("evaluator:propose", args=[draft.pk]))
    assert "move it to “Scoring”" in page.text and "Propose for sign-off" not in page.text
    with pytest.raises(signoff.SignoffRefused, match="Scoring"):
        propose_runner_up(draft, risk_leader, [])


def test_choosing_other_than_rank_one_needs_a_justification_and_nothing_is_saved_without(
    proposable, risk_leader, executive
):
    client = client_for(risk_leader)
    url = reverse("evaluator:propose", args=[proposable.pk])
    runner_up = vendors(proposable)["Vendor 0"]
    data = {"chosen": [runner_up.pk], "rationale": "Cheaper.", "approvers": [executive.pk]}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Vendor 1 is ranked first: say why you choose otherwise." in refused.text
    assert not DecisionProposal.objects.exists() and status_of(proposable) == EvaluationStatus.SCORING
    done = client.post(url, {**data, "justification": "Usability is one view."})
    assert done.status_code == 302 and done.url == reverse("evaluator:signoff", args=[proposable.pk])
    proposal = DecisionProposal.objects.get()
    assert proposal.leaders == ["Vendor 1"] and proposal.differs_from_ranking
    assert status_of(proposable) == EvaluationStatus.PROPOSED


def test_approvers_must_be_members_other_than_the_proposer(proposable, risk_leader, admin_user):
    outsider = factories.UserFactory(username="olga.outsider")
    with pytest.raises(signoff.SignoffRefused) as refusal:
        propose_runner_up(proposable, risk_leader, [outsider, risk_leader])
    message = refusal.value.errors["approvers"]
    assert "not a member of this evaluation" in message and "cannot approve your own proposal" in message
    with pytest.raises(signoff.SignoffRefused) as refusal:
        propose_runner_up(proposable, risk_leader, [])
    assert refusal.value.errors == {"approvers": "Name at least one approver."}
    assert not DecisionProposal.objects.exists()


def test_proposing_freezes_the_evaluation_and_asks_each_approver_in_app_and_by_email(
    proposable, risk_leader, executive, procurement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        propose_runner_up(proposable, risk_leader, [executive, procurement])
    asked = Notification.objects.filter(kind="decision")
    assert {n.user for n in asked} == {executive, procurement}
    assert all(n.emailed_at is not None for n in asked)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([executive.email, procurement.email])
    assert "Your approval is asked" in mail.outbox[0].subject
    # Frozen while the approvers read it: pages and API refuse changes.
    response = client_for(risk_leader).post(
        reverse("evaluator:criteria", args=[proposable.pk]), {"add_defaults": "1"}, follow=True
    )
    assert "proposed for sign-off: nothing in it can change" in response.text
    api = token_client(risk_leader).patch(
        f"/api/evaluations/{proposable.pk}/", {"name": "Renamed"}, format="json"
    )
    assert api.status_code == 409 and api.json()["errors"][0]["code"] == "evaluation_proposed"


def test_the_last_approval_decides_and_the_snapshot_holds_the_record_and_approvals(
    proposable, risk_leader, executive, procurement
):
    propose_runner_up(proposable, risk_leader, [executive, procurement])
    assert signoff.approve(proposable, executive, "Fine by me.") is None
    history = client_for(risk_leader).get(reverse("evaluator:history", args=[proposable.pk])).text
    assert f"approval by {executive.username} of proposal" in history and "Fine by me." in history
    assert status_of(proposable) == EvaluationStatus.PROPOSED
    assert Notification.objects.filter(user=risk_leader, kind="decision").count() == 1
    with pytest.raises(signoff.SignoffRefused, match="already approved"):
        signoff.approve(proposable, executive)
    snapshot = signoff.approve(proposable, procurement)
    assert snapshot is not None and status_of(proposable) == EvaluationStatus.DECIDED
    assert snapshot.decided_by == risk_leader
    record = json.loads(snapshot.content)["decision"]["record"]
    assert record["chosen"] == ["Vendor 0"] and record["ranked_first"] == ["Vendor 1"]
    assert record["conditions"] == ["Roadmap item X committed before signature", "Annual review"]
    assert record["risks_accepted"] == ["Smaller vendor"]
    assert [(a["approver"], a["verdict"], a["comment"]) for a in record["approvals"]] == [
        (executive.username, "approved", "Fine by me."),
        (procurement.username, "approved", ""),
    ]
    assert any(w["code"] == "missing_inputs" for w in record["warnings"])
    assert DecisionProposal.objects.get().state == ProposalState.APPROVED
    assert verify()[0] == 0


def test_someone_not_named_cannot_approve(proposable, risk_leader, executive, procurement):
    propose_runner_up(proposable, risk_leader, [executive])
    with pytest.raises(PermissionDenied, match="not an approver"):
        signoff.approve(proposable, procurement)
    page = client_for(procurement).get(reverse("evaluator:signoff", args=[proposable.pk]))
    assert page.status_code == 200 and 'value="approve"' not in page.text
    refused = client_for(procurement).post(
        reverse("evaluator:signoff", args=[proposable.pk]), {"action": "approve"}
    )
    assert refused.status_code == 403
    assert Approval.objects.get().verdict == Verdict.PENDING


def test_a_rejection_needs_a_reason_and_sends_the_evaluation_back_to_scoring(
    proposable, risk_leader, executive, procurement
):
    propose_runner_up(proposable, risk_leader, [executive, procurement])
    url = reverse("evaluator:signoff", args=[proposable.pk])
    client = client_for(executive)
    page = client.get(url)
    assert 'value="approve"' in page.text and 'value="reject"' in page.text
    refused = client.post(url, {"action": "reject", "comment": " "})
    assert refused.status_code == 400 and "Say why you reject the proposal" in refused.text
    assert status_of(proposable) == EvaluationStatus.PROPOSED
    client.post(url, {"action": "reject", "comment": "Usability matters more than cost here."})
    assert status_of(proposable) == EvaluationStatus.SCORING
    assert DecisionProposal.objects.get().state == ProposalState.REJECTED
    told = Notification.objects.filter(kind="decision", message__contains="rejected")
    assert {n.user for n in told} == {risk_leader, procurement}
    history = client_for(risk_leader).get(reverse("evaluator:history", args=[proposable.pk])).text
    assert "Sign-off rejected by" in history and "Proposed for sign-off: Vendor 0" in history
    # Back in scoring, it can be changed and proposed again.
    assert (
        signoff.propose(
            proposable,
            risk_leader,
            chosen=[vendors(proposable)["Vendor 1"]],
            rationale="Leader.",
            approvers=[executive],
        ).state
        == ProposalState.OPEN
    )


def test_the_owner_withdraws_an_open_proposal_others_cannot(proposable, risk_leader, executive):
    propose_runner_up(proposable, risk_leader, [executive])
    url = reverse("evaluator:signoff", args=[proposable.pk])
    assert client_for(executive).post(url, {"action": "withdraw"}).status_code == 403
    client_for(risk_leader).post(url, {"action": "withdraw"})
    assert status_of(proposable) == EvaluationStatus.SCORING
    assert DecisionProposal.objects.get().state == ProposalState.WITHDRAWN


def test_the_memo_shows_choice_stability_conditions_approvals_and_evidence(
    proposable, risk_leader, executive, procurement
):
    url = reverse("evaluator:memo", args=[proposable.pk])
    assert client_for(executive).get(url).status_code == 404  # nothing proposed yet
    propose_runner_up(proposable, risk_leader, [executive, procurement])
    draft = client_for(executive).get(url).text
    assert "awaiting sign-off" in draft and "Cheaper to run." in draft
    signoff.approve(proposable, executive, "Go.")
    signoff.approve(proposable, procurement, "Within budget.")
    memo = client_for(executive).get(url)
    assert memo.status_code == 200 and "awaiting sign-off" not in memo.text
    text = memo.text
    assert "The ranking puts Vendor 1 first." in text and "usability edge is one evaluator" in text
    assert "Roadmap item X committed before signature" in text and "Smaller vendor" in text
    assert "Within budget." in text and "Go." in text
    assert memo.context["memo"]["stability"].startswith("Vendor 1 stays first unless the weight of")
    assert reverse("evaluator:decision_snapshot", args=[proposable.pk]) in text
    assert reverse("evaluator:scorecard", args=[proposable.pk, vendors(proposable)["Vendor 0"].slug]) in text


def test_after_the_decision_forms_are_read_only_and_can_be_copied(proposable, risk_leader, executive):
    GroupComparison.objects.create(evaluation=proposable, first="delivery_record", second="manual", value=3)
    RequiredCapability.objects.create(evaluation=proposable, capability=factories.capability(), importance=4)
    propose_runner_up(proposable, risk_leader, [executive])
    signoff.approve(proposable, executive)
    client = client_for(risk_leader)
    for name in ("criteria", "capabilities", "edit", "pairwise", "scoring"):
        page = client.get(reverse(f"evaluator:{name}", args=[proposable.pk])).text
        assert '<fieldset class="read-only" disabled>' in page, name
        assert 'type="submit" class="primary"' not in page, name
    assert "Copy into a new evaluation" in page
    response = client.post(reverse("evaluator:copy", args=[proposable.pk]))
    copy = Evaluation.objects.exclude(pk=proposable.pk).get()
    assert response.url == copy.get_absolute_url()
    assert copy.status == EvaluationStatus.DRAFT and copy.owner == risk_leader
    assert copy.name == f"Copy of {proposable.name}"
    assert set(copy.candidates.all()) == set(proposable.candidates.all())
    assert set(copy.members.all()) == set(proposable.members.all())
    assert [(c.name, c.weight) for c in copy.criteria.order_by("position", "pk")] == [
        (c.name, c.weight) for c in proposable.criteria.order_by("position", "pk")
    ]
    assert RequiredCapability.objects.filter(evaluation=copy, importance=4).count() == 1
    assert GroupComparison.objects.filter(evaluation=copy, value=3).count() == 1
    assert not ManualScore.objects.filter(criterion__evaluation=copy).exists()
    assert Criterion.objects.filter(evaluation=proposable).count() == copy.criteria.count()


def test_the_home_page_lists_decisions_awaiting_my_approval(proposable, risk_leader, executive, procurement):
    propose_runner_up(proposable, risk_leader, [executive])
    home = client_for(executive).get("/").text
    assert 'Decisions awaiting your approval <span class="count">(1)</span>' in home
    assert reverse("evaluator:signoff", args=[proposable.pk]) in home
    other = client_for(procurement).get("/").text
    assert 'Decisions awaiting your approval <span class="count">(0)</span>' in other


def test_the_api_offers_the_same_steps(proposable, risk_leader, executive, procurement):
    owner, approver, second = token_client(risk_leader), token_client(executive), token_client(procurement)
    base = f"/api/evaluations/{proposable.pk}"
    warnings = owner.get(f"{base}/proposal-warnings/")
    assert warnings.status_code == 200 and any(w["code"] == "missing_inputs" for w in warnings.json())
    runner_up = vendors(proposable)["Vendor 0"].slug
    body = {
        "chosen": [runner_up],
        "rationale": "Cheaper.",
        "approvers": [executive.username, procurement.username],
    }
    refused = owner.post(f"{base}/propose/", body, format="json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "justification"
    made = owner.post(f"{base}/propose/", {**body, "justification": "Cost."}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["chosen"] == [runner_up] and made.json()["ranked_first"] == ["Vendor 1"]
    again = owner.post(f"{base}/propose/", {**body, "justification": "Cost."}, format="json")
    assert again.status_code == 409
    assert second.post(f"{base}/reject/", {}, format="json").status_code == 400
    assert approver.post(f"{base}/approve/", {"comment": "Yes."}, format="json").status_code == 200
    done = second.post(f"{base}/approve/", {}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "approved"
    assert Evaluation.objects.get(pk=proposable.pk).status == EvaluationStatus.DECIDED
    assert DecisionSnapshot.objects.filter(evaluation=proposable).exists()
    memo = approver.get(f"{base}/memo/")
    assert memo.status_code == 200 and memo.json()["proposal"]["rationale"] == "Cheaper."
    copy = owner.post(f"{base}/copy/", {"name": "Round two"}, format="json")
    assert copy.status_code == 201 and copy.json()["name"] == "Round two" and copy.json()["status"] == "draft"


def test_the_api_refuses_a_stranger_and_a_withdrawal_by_another(proposable, risk_leader, executive):
    stranger = factories.UserFactory(username="sam.stranger", role="Risk leader")
    base = f"/api/evaluations/{proposable.pk}"
    assert token_client(stranger).get(f"{base}/proposal-warnings/").status_code == 404
    propose_runner_up(proposable, risk_leader, [executive])
    assert token_client(executive).post(f"{base}/withdraw/").status_code == 403
    assert token_client(stranger).post(f"{base}/approve/").status_code == 404
    assert token_client(risk_leader).post(f"{base}/withdraw/").status_code == 200
    assert status_of(proposable) == EvaluationStatus.SCORING


def test_each_warning_names_its_problem_and_links_to_the_page_that_fixes_it(risk_leader, executive):
    evaluation = ranked_pair(risk_leader, [executive])
    pk = evaluation.pk
    first, second = vendors(evaluation)["Vendor 0"], vendors(evaluation)["Vendor 1"]
    support = Criterion.objects.get(evaluation=evaluation, name="Support")
    ManualScore.objects.create(criterion=support, vendor=first, evaluator=executive, score=2)  # 5 vs 2
    factories.AssessmentFactory(vendor=second, assessed_on=datetime.date(2020, 1, 1))
    factories.FinancialFactFactory(vendor=second, fiscal_year=2019)
    Response.objects.create(questionnaire=small_questionnaire(), vendor=first, evaluation=evaluation)
    Evaluation.objects.filter(pk=pk).update(weight_mode="pairwise")
    evaluation.refresh_from_db()
    for first_group, second_group, value in (
        ("delivery_record", "manual", 9),
        ("manual", "roadmap", 9),
        ("delivery_record", "roadmap", 1 / 9),
    ):
        GroupComparison.objects.create(
            evaluation=evaluation, first=first_group, second=second_group, value=value
        )
    Criterion.objects.create(
        evaluation=evaluation, name="Plans", group="roadmap", metric="roadmap_coverage", weight=1
    )
    by_code = {w.code: w for w in proposal_warnings(evaluation, evaluation_results(evaluation, cached=False))}
    assert set(by_code) == {
        "disagreement",
        "missing_inputs",
        "inconsistent_pairwise",
        "old_facts",
        "responses_not_accepted",
        "fragile_winner",
    }, by_code
    assert by_code["disagreement"].url == reverse("evaluator:consensus", args=[pk])
    assert (
        "1 manual score cell where evaluators differ by 2 points or more is"
        in by_code["disagreement"].message
    )
    assert by_code["missing_inputs"].message.startswith("Vendor 0 has no value for Record")
    assert by_code["inconsistent_pairwise"].url == reverse("evaluator:pairwise", args=[pk])
    assert "2020-01-01" in by_code["old_facts"].message and "2019" in by_code["old_facts"].message
    assert by_code["old_facts"].url == second.get_absolute_url()
    assert "Vendor 0 is draft, not accepted" in by_code["responses_not_accepted"].message
    assert by_code["fragile_winner"].message.startswith("The winner is fragile: Vendor 0 comes first if")


def test_a_clean_evaluation_has_no_warnings(risk_leader):
    evaluation = scored_evaluation(risk_leader)
    assert proposal_warnings(evaluation, evaluation_results(evaluation)) == []
