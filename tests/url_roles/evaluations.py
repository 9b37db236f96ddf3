from django.contrib.auth import get_user_model

from config.roles import Role
from evaluator.decisions import signoff
from evaluator.models import Criterion, CriterionSource, EvaluationStatus
from tests import factories
from tests.evaluator.factories import CriterionFactory, EvaluationFactory
from tests.url_roles import LOGIN, Route

# Every role may open the list; each sees only the evaluations it takes part in.
LIST = {"anonymous": LOGIN, "executive": 200, "procurement": 200, "risk_leader": 200, "admin": 200}
CREATE = {"anonymous": LOGIN, "executive": 403, "procurement": 403, "risk_leader": 200, "admin": 200}
# The walk's evaluation is owned by the risk leader and shared with the executive and procurement.
MEMBERS_READ = LIST
SET_UP = CREATE
SCORING = {"anonymous": LOGIN, "executive": 403, "procurement": 200, "risk_leader": 200, "admin": 200}
READ_ONLY_ROLES = ("executive",)


def cast_member(username: str, role: Role):
    """The cast's user (tests/conftest.py) if it exists; creating it again would reset its password
    and sign the walking client out."""
    user = get_user_model().objects.filter(username=username).first()
    return user or factories.UserFactory(username=username, role=role.value)


def routes():
    risk = cast_member("rick.risk", Role.RISK_LEADER)
    executive = cast_member("erin.executive", Role.EXECUTIVE)
    procurement = cast_member("paula.procurement", Role.PROCUREMENT)
    vendor = factories.VendorFactory(name="Walk Candidate", slug="walk-candidate")
    factories.RoadmapItemFactory(vendor=vendor)  # one item due: a delivery record to decide on
    evaluation = EvaluationFactory(owner=risk, members=[executive, procurement], candidates=[vendor])
    CriterionFactory(evaluation=evaluation, source=CriterionSource.MANUAL)
    base = f"/evaluations/{evaluation.pk}"
    # A second evaluation, decided through the sign-off, for the decision's pages and its memo (404
    # on an evaluation not decided, or with nothing proposed).
    decided = EvaluationFactory(
        owner=risk, members=[executive, procurement], candidates=[vendor], status=EvaluationStatus.SCORING
    )
    Criterion.objects.create(
        evaluation=decided, name="Record", group="delivery_record", metric="delivery_record"
    )
    signoff.propose(decided, risk, chosen=[vendor], rationale="The walk's choice.", approvers=[executive])
    signoff.approve(decided, executive)
    decided_base = f"/evaluations/{decided.pk}"
    return {
        "evaluator:list": Route("/evaluations/", LIST),
        "evaluator:create": Route("/evaluations/new/", CREATE, post_forbidden_for=READ_ONLY_ROLES),
        "evaluator:detail": Route(f"{base}/", MEMBERS_READ),
        "evaluator:results": Route(f"{base}/results/", MEMBERS_READ),
        "evaluator:edit": Route(f"{base}/edit/", SET_UP, post_forbidden_for=READ_ONLY_ROLES),
        "evaluator:capabilities": Route(f"{base}/capabilities/", SET_UP, post_forbidden_for=READ_ONLY_ROLES),
        "evaluator:criteria": Route(f"{base}/criteria/", SET_UP, post_forbidden_for=READ_ONLY_ROLES),
        "evaluator:pairwise": Route(f"{base}/weights/", SET_UP, post_forbidden_for=READ_ONLY_ROLES),
        "evaluator:scoring": Route(f"{base}/scores/", SCORING, post_forbidden_for=READ_ONLY_ROLES),
        # Proposing is the owner's (and administrators'): members of other roles get 403 too.
        "evaluator:propose": Route(f"{base}/propose/", SET_UP, post_forbidden_for=READ_ONLY_ROLES),
        "evaluator:signoff": Route(f"{decided_base}/sign-off/", MEMBERS_READ),
        "evaluator:memo": Route(f"{decided_base}/memo/", MEMBERS_READ),
        # Copying answers POST only; it needs the role that creates evaluations.
        "evaluator:copy": Route(
            f"{decided_base}/copy/",
            {"anonymous": LOGIN, "executive": 403, "procurement": 403, "risk_leader": 405, "admin": 405},
        ),
        "evaluator:decision_changes": Route(f"{decided_base}/decision/", MEMBERS_READ),
        "evaluator:decision_snapshot": Route(f"{decided_base}/decision/snapshot.json", MEMBERS_READ),
    }
