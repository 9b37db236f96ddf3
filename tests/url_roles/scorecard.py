from config.roles import Role
from evaluator.models import CriterionSource, ManualScore
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
    vendor = VendorFactory(name="Scorecard Candidate", slug="scorecard-candidate")
    rival = VendorFactory(name="Scorecard Rival", slug="scorecard-rival")
    evaluation = EvaluationFactory(owner=risk, members=members, candidates=[vendor, rival])
    criterion = CriterionFactory(evaluation=evaluation, source=CriterionSource.MANUAL)
    # Two different manual scores rank the candidates, so the export has something to download.
    for candidate, score in ((vendor, 4), (rival, 2)):
        ManualScore.objects.create(criterion=criterion, vendor=candidate, evaluator=risk, score=score)
    return {
        "evaluator:scorecard": Route(
            f"/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/", MEMBERS_READ
        ),
        "evaluator:export": Route(
            f"/evaluations/{evaluation.pk}/export/?format=csv&table=ranking", MEMBERS_READ
        ),
        "evaluator:compare": Route(
            f"/evaluations/{evaluation.pk}/compare/?vendor={vendor.slug}&vendor={rival.slug}", MEMBERS_READ
        ),
    }
