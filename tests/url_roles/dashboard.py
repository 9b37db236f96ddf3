from config.roles import Role
from evaluator.models import CriterionSource
from tests.evaluator.factories import CriterionFactory, EvaluationFactory
from tests.factories import VendorFactory
from tests.url_roles import Route
from tests.url_roles.evaluations import MEMBERS_READ, cast_member


def routes():
    # Owned by the risk leader, shared with the executive and procurement, as in evaluations.py.
    risk = cast_member("rick.risk", Role.RISK_LEADER)
    members = [
        cast_member("erin.executive", Role.EXECUTIVE),
        cast_member("paula.procurement", Role.PROCUREMENT),
    ]
    vendor = VendorFactory(name="Dashboard Candidate", slug="dashboard-candidate")
    evaluation = EvaluationFactory(owner=risk, members=members, candidates=[vendor])
    CriterionFactory(evaluation=evaluation, source=CriterionSource.MANUAL)
    return {"evaluator:dashboard": Route(f"/evaluations/{evaluation.pk}/dashboard/", MEMBERS_READ)}
