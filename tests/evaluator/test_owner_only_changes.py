"""Issue 12, finding 3: a member who is not the owner scores and comments, but cannot switch
blind scoring off, replace the members, change the status or decide (pages and API alike)."""

import pytest

from evaluator.models import Criterion, DecisionProposal, DecisionSnapshot, Evaluation, EvaluationStatus
from tests import factories
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory


@pytest.fixture
def colleague(db):
    """A second risk leader: a member of the evaluation, not its owner."""
    return factories.UserFactory(username="rita.risk", role="Risk leader")


@pytest.fixture
def evaluation(risk_leader, colleague, procurement):
    vendor = factories.VendorFactory()
    factories.RoadmapItemFactory(vendor=vendor)  # one item due: a delivery record to rank on
    evaluation = EvaluationFactory(
        owner=risk_leader, members=[colleague, procurement], candidates=[vendor], blind_scoring=True
    )
    Criterion.objects.create(
        evaluation=evaluation, name="Record", group="delivery_record", metric="delivery_record"
    )
    return evaluation


@pytest.mark.parametrize(
    "body",
    [
        {"blind_scoring": False},
        {"members": ["rita.risk"]},
        {"status": "scoring"},
        {"status": "decided"},
    ],
)
def test_a_member_cannot_change_what_only_the_owner_may_through_the_api(evaluation, colleague, body):
    response = token_client(colleague).patch(f"/api/evaluations/{evaluation.pk}/", body, format="json")
    assert response.status_code == 403, response.content
    assert "Only the owner" in response.json()["detail"]
    evaluation.refresh_from_db()
    assert evaluation.blind_scoring is True
    assert evaluation.status == EvaluationStatus.DRAFT
    assert evaluation.members.count() == 2
    assert not DecisionSnapshot.objects.filter(evaluation=evaluation).exists()


def test_a_member_still_edits_the_rest_and_may_resend_unchanged_owner_fields(evaluation, colleague):
    body = {"name": "Renamed by a member", "blind_scoring": True, "status": "draft"}
    response = token_client(colleague).patch(f"/api/evaluations/{evaluation.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert Evaluation.objects.get(pk=evaluation.pk).name == "Renamed by a member"


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_the_owner_and_administrators_change_blind_mode_and_members(evaluation, risk_leader, admin_user, who):
    user = risk_leader if who == "owner" else admin_user
    body = {"blind_scoring": False, "members": ["rita.risk"]}
    response = token_client(user).patch(f"/api/evaluations/{evaluation.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    evaluation.refresh_from_db()
    assert evaluation.blind_scoring is False
    assert [m.username for m in evaluation.members.all()] == ["rita.risk"]


def test_the_edit_page_ignores_a_members_owner_only_fields(evaluation, colleague, procurement):
    client = client_for(colleague)
    page = client.get(f"/evaluations/{evaluation.pk}/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    assert all(form.fields[name].disabled for name in ("status", "blind_scoring", "members"))
    assert "Only the owner" in page.content.decode()
    response = client.post(
        f"/evaluations/{evaluation.pk}/edit/",
        {
            "name": "Renamed on the page",
            "horizon_date": "2027-12-31",
            "method": "weighted_sum",
            "status": "scoring",
            "members": [colleague.pk],  # blind_scoring left out: an unticked box would switch it off
            "candidates": [v.pk for v in evaluation.candidates.all()],
            "version": evaluation.version,
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    evaluation.refresh_from_db()
    assert evaluation.name == "Renamed on the page"
    assert (evaluation.blind_scoring, evaluation.status) == (True, EvaluationStatus.DRAFT)
    assert set(evaluation.members.all()) == {colleague, procurement}


def scoring(evaluation):
    evaluation.status = EvaluationStatus.SCORING
    evaluation.save()
    return evaluation


def test_a_member_cannot_propose_a_decision_on_the_page(evaluation, colleague, procurement):
    client = client_for(colleague)
    url = f"/evaluations/{scoring(evaluation).pk}/propose/"
    assert client.get(url).status_code == 403
    vendor = evaluation.candidates.get()
    posted = client.post(url, {"chosen": [vendor.pk], "rationale": "Mine.", "approvers": [procurement.pk]})
    assert posted.status_code == 403
    assert not DecisionProposal.objects.filter(evaluation=evaluation).exists()
    assert "/propose/" not in client.get(f"/evaluations/{evaluation.pk}/").content.decode()


def test_the_owner_proposes_on_the_page(evaluation, risk_leader, procurement):
    client = client_for(risk_leader)
    url = f"/evaluations/{scoring(evaluation).pk}/propose/"
    assert url in client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    vendor = evaluation.candidates.get()
    response = client.post(url, {"chosen": [vendor.pk], "rationale": "Mine.", "approvers": [procurement.pk]})
    assert response.status_code == 302
    assert DecisionProposal.objects.filter(evaluation=evaluation, proposed_by=risk_leader).exists()
