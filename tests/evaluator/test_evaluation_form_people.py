"""Issue 13 §4: the evaluation form names members by name and offers no rejected vendor."""

from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory


def test_members_are_offered_by_name_with_their_login(risk_leader):
    factories.UserFactory(username="pnat", first_name="Priya", last_name="Natarajan")
    page = client_for(risk_leader).get("/evaluations/new/").content.decode()
    assert "Priya Natarajan (pnat)" in page


def test_rejected_vendors_are_not_offered_unless_already_chosen(risk_leader):
    factories.VendorFactory(name="Open Ltd", slug="open-ltd")
    dropped = factories.VendorFactory(name="Dropped Ltd", slug="dropped-ltd", status="rejected")
    client = client_for(risk_leader)
    assert "Dropped Ltd" not in client.get("/evaluations/new/").content.decode()
    evaluation = EvaluationFactory(owner=risk_leader, candidates=[dropped])
    page = client.get(f"/evaluations/{evaluation.pk}/edit/").content.decode()
    assert "Dropped Ltd (rejected)" in page and "Open Ltd" in page
