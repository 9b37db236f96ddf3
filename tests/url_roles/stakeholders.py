"""The stakeholder pages (evaluator/stakeholders/): members read, the owner changes."""

from config.roles import Role
from evaluator.stakeholders import services
from tests.evaluator.factories import EvaluationFactory
from tests.url_roles import Route
from tests.url_roles.evaluations import LIST, READ_ONLY_ROLES, SET_UP, cast_member


def routes():
    risk = cast_member("rick.risk", Role.RISK_LEADER)
    executive = cast_member("erin.executive", Role.EXECUTIVE)
    procurement = cast_member("paula.procurement", Role.PROCUREMENT)
    evaluation = EvaluationFactory(owner=risk, members=[executive, procurement])
    group = services.save_group(evaluation, name="SOC", influence=2)
    base = f"/evaluations/{evaluation.pk}"
    group_base = f"{base}/stakeholders/groups/{group.pk}"
    return {
        **api_routes(evaluation, group),
        "evaluator:stakeholders": Route(f"{base}/stakeholders/", LIST),
        "evaluator:stakeholder_groups": Route(
            f"{base}/stakeholders/groups/", LIST, post_forbidden_for=READ_ONLY_ROLES
        ),
        "evaluator:stakeholder_group": Route(f"{group_base}/", SET_UP, post_forbidden_for=READ_ONLY_ROLES),
        "evaluator:stakeholder_weights": Route(
            f"{group_base}/weights/", SET_UP, post_forbidden_for=READ_ONLY_ROLES
        ),
        "evaluator:stakeholder_pairwise": Route(
            f"{group_base}/pairwise/", SET_UP, post_forbidden_for=READ_ONLY_ROLES
        ),
        "evaluator:consensus": Route(f"{base}/consensus/", LIST, post_forbidden_for=READ_ONLY_ROLES),
        "evaluator:whatif": Route(f"{base}/what-if/", LIST, post_forbidden_for=READ_ONLY_ROLES),
    }


def api_routes(evaluation, group) -> dict:
    """The stakeholder actions of the evaluation endpoint (the evaluation's people read them)."""
    signed_in = {"anonymous": 401, "executive": 200, "procurement": 200, "risk_leader": 200, "admin": 200}
    put_only = {"anonymous": 401, "executive": 405, "procurement": 405, "risk_leader": 405, "admin": 405}
    base = f"/api/evaluations/{evaluation.pk}"
    return {
        "api:evaluation-stakeholders": Route(f"{base}/stakeholders/", signed_in),
        "api:evaluation-stakeholder-groups": Route(f"{base}/stakeholder-groups/", signed_in),
        "api:evaluation-stakeholder-group": Route(f"{base}/stakeholder-groups/{group.pk}/", signed_in),
        "api:evaluation-stakeholder-points": Route(f"{base}/stakeholder-groups/{group.pk}/points/", put_only),
        "api:evaluation-stakeholder-pairwise": Route(
            f"{base}/stakeholder-groups/{group.pk}/pairwise/", put_only
        ),
        "api:evaluation-stakeholder-remove": Route(f"{base}/stakeholder-groups/{group.pk}/remove/", put_only),
        "api:evaluation-consensus": Route(f"{base}/consensus/", signed_in),
    }
