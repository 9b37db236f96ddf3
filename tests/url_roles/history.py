"""History pages: the same permission as viewing the object; an evaluation's history only for its
owner, members and administrators (others 404, as on every evaluation page)."""

from config.roles import Role
from evaluator.models import Questionnaire
from evaluator.questionnaires.builtin import BUILTIN_FAMILY
from evaluator.responses.lifecycle import start_response
from tests import factories
from tests.evaluator.factories import EvaluationFactory
from tests.url_roles import LOGIN, READ_ALL, Route
from tests.url_roles.evaluations import cast_member

# Owned by the risk leader and shared with nobody: the executive and procurement may view
# evaluations in general but not this one.
OWNER_AND_ADMIN = {"anonymous": LOGIN, "executive": 404, "procurement": 404, "risk_leader": 200, "admin": 200}


def routes():
    vendor = factories.VendorFactory(name="Walk History Vendor", slug="walk-history-vendor")
    item = factories.RoadmapItemFactory(vendor=vendor)
    builtin = Questionnaire.objects.get(family=BUILTIN_FAMILY, version_number=1)
    response = start_response(vendor, builtin, None)
    evaluation = EvaluationFactory(owner=cast_member("rick.risk", Role.RISK_LEADER), members=[])
    return {
        "vendors:history": Route(f"/vendors/{vendor.slug}/history/", READ_ALL),
        "vendors:roadmap_item_history": Route(f"/vendors/roadmaps/{item.pk}/history/", READ_ALL),
        "questionnaires:response_history": Route(
            f"/questionnaires/responses/{response.pk}/history/", READ_ALL
        ),
        "evaluator:history": Route(f"/evaluations/{evaluation.pk}/history/", OWNER_AND_ADMIN),
    }
