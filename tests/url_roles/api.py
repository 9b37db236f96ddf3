"""The REST API, walked by GET with a session like every other URL.

An API never redirects to the sign-in page: anonymous calls get 401 (with
``WWW-Authenticate: Bearer``), not LOGIN. Every signed-in role reads every
record (view permission), so lists and details answer 200; who may write is
checked per method in tests/api/test_role_walk.py. The docs page is a browser
page and sends anonymous visitors to sign in.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import ApiToken
from evaluator.models import Campaign, Criterion, Evaluation, ManualScore
from evaluator.portal.invitations import invite
from tests import factories
from tests.api.payloads import answered_response
from tests.url_roles import LOGIN, Route
from tests.vendors.documents_factory import make_document

SIGNED_IN = ("executive", "procurement", "risk_leader", "admin")
API_READ_ALL = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 200)}
# Reference data and the append-only re-baseline log keep no audit history of their own.
WITHOUT_HISTORY = ("capabilitydomain", "capability", "roadmapchange")


def routes():
    vendor = factories.VendorFactory(name="Api Walk Vendor", slug="api-walk-vendor")
    item = factories.RoadmapItemFactory(vendor=vendor)
    item.rebaseline(item.target_date.replace(year=item.target_date.year + 1), "Walk", None)
    item.save()
    records = {
        "vendor": vendor,
        "assessment": factories.AssessmentFactory(vendor=vendor),
        "financialfact": factories.FinancialFactFactory(vendor=vendor),
        "fundingevent": factories.FundingEventFactory(vendor=vendor),
        "roadmapitem": item,
        "roadmapchange": item.changes.get(),
        "contract": factories.ContractFactory(vendor=vendor),
        "briefing": factories.BriefingFactory(vendor=vendor),
        "document": make_document(vendor, title="Api walk certificate"),
    }
    capability = factories.capability()
    records["capability"] = capability
    records["capabilitydomain"] = capability.domain
    prefixes = {
        "vendor": "vendors",
        "capabilitydomain": "capability-domains",
        "capability": "capabilities",
        "assessment": "assessments",
        "financialfact": "financial-facts",
        "fundingevent": "funding-events",
        "roadmapitem": "roadmap-items",
        "roadmapchange": "roadmap-changes",
        "contract": "contracts",
        "briefing": "briefings",
        "document": "documents",
    }
    table = {
        "api:schema": Route("/api/schema/", API_READ_ALL),
        "api:docs": Route("/api/docs/", {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 200)}),
        "api:apitoken-list": Route("/api/tokens/", API_READ_ALL),
        # Any other address under /api/ is a JSON 404, not the HTML error page.
        "api:not_found": Route("/api/no-such-endpoint/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 404)}),
    }
    # A token is personal: only its owner sees it, everyone else gets 404.
    # get_or_create, not the factory: resetting the password would sign the executive out.
    owner, _ = get_user_model().objects.get_or_create(username="erin.executive")
    token, _ = ApiToken.issue(owner, "walk")
    table["api:apitoken-detail"] = Route(
        f"/api/tokens/{token.pk}/",
        {"anonymous": 401, "executive": 200, "procurement": 404, "risk_leader": 404, "admin": 404},
    )
    # Questionnaires, responses and answers: read-only, every signed-in role reads them.
    response = answered_response(vendor, "api-walk", owner)
    records.update(
        questionnaire=response.questionnaire,
        questionnairesection=response.questionnaire.sections.first(),
        question=response.questionnaire.questions.first(),
        response=response,
        answer=response.answers.get(),
    )
    prefixes.update(
        questionnaire="questionnaires",
        questionnairesection="questionnaire-sections",
        question="questions",
        response="responses",
        answer="answers",
    )
    # A new version is a POST (tests/api/test_questionnaire_api.py); the blank file every reader gets.
    table["api:questionnaire-new-version"] = Route(
        f"/api/questionnaires/{response.questionnaire.pk}/new-version/",
        {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 405)},
    )
    # Importing a VSAQ file is a multipart POST (tests/evaluator/test_vsaq_import.py).
    table["api:questionnaire-import"] = Route(
        "/api/questionnaires/import/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 405)}
    )
    table["api:questionnaire-export"] = Route(
        f"/api/questionnaires/{response.questionnaire.pk}/export/?format=csv", API_READ_ALL
    )
    # The answer's evidence file: this one has none, so every reader gets 404 (test_answer_api.py).
    table["api:answer-attachment"] = Route(
        f"/api/answers/{records['answer'].pk}/attachment/",
        {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 404)},
    )
    # Reviewing an answer is a POST (tests/api/test_answer_api.py); a GET is 405 for every reader.
    table["api:answer-review"] = Route(
        f"/api/answers/{records['answer'].pk}/review/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 405)}
    )
    # Responses: the lifecycle steps and the import are POSTs (tests/api/test_response_api.py), the
    # export a download every reader gets.
    for name, suffix in (
        ("submit", "submit"),
        ("request-changes", "request-changes"),
        ("accept", "accept"),
        ("lock", "lock"),
        ("import", "import"),
    ):
        table[f"api:response-{name}"] = Route(
            f"/api/responses/{response.pk}/{suffix}/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 405)}
        )
    table["api:response-export"] = Route(f"/api/responses/{response.pk}/export/?format=csv", API_READ_ALL)
    # Vendor-portal invitations: every reader reads them, revoking is a POST (test_invitations_api.py).
    invitation, _ = invite(response, "walk@vendor.example", timezone.localdate(), None)
    table["api:invitation-list"] = Route("/api/invitations/", API_READ_ALL)
    table["api:invitation-detail"] = Route(f"/api/invitations/{invitation.pk}/", API_READ_ALL)
    table["api:invitation-revoke"] = Route(
        f"/api/invitations/{invitation.pk}/revoke/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 405)}
    )
    # An evaluation is seen by its owner, its members and administrators; others get 404.
    rick, _ = get_user_model().objects.get_or_create(username="rick.risk")
    evaluation = Evaluation.objects.create(name="Walk", owner=rick, horizon_date=datetime.date(2027, 12, 31))
    table["api:evaluation-list"] = Route("/api/evaluations/", API_READ_ALL)
    table["api:evaluation-detail"] = Route(
        f"/api/evaluations/{evaluation.pk}/",
        {"anonymous": 401, "executive": 404, "procurement": 404, "risk_leader": 200, "admin": 200},
    )
    # Its results (ranking, sensitivity, a candidate's scorecard) follow the same visibility rule.
    evaluation.candidates.add(vendor)
    members_only = {"anonymous": 401, "executive": 404, "procurement": 404, "risk_leader": 200, "admin": 200}
    table["api:evaluation-ranking"] = Route(f"/api/evaluations/{evaluation.pk}/ranking/", members_only)
    table["api:evaluation-sensitivity"] = Route(
        f"/api/evaluations/{evaluation.pk}/sensitivity/", members_only
    )
    table["api:evaluation-history"] = Route(f"/api/evaluations/{evaluation.pk}/history/", members_only)
    table["api:evaluation-scorecard"] = Route(
        f"/api/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/", members_only
    )
    # Set-up: the pairwise judgements (GET; PUT in test_role_walk), the default criteria action
    # (POST only: a GET learns the method is not there) and the export of the results.
    table["api:evaluation-pairwise"] = Route(f"/api/evaluations/{evaluation.pk}/pairwise/", members_only)
    table["api:evaluation-weights"] = Route(f"/api/evaluations/{evaluation.pk}/weights/", members_only)
    table["api:evaluation-default-criteria"] = Route(
        f"/api/evaluations/{evaluation.pk}/default-criteria/",
        {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 405)},
    )
    # The sign-off: what to check before proposing (a read), the latest proposal and the memo (404
    # until one is proposed, tests/evaluator/test_signoff.py), and the steps (POST only).
    table["api:evaluation-proposal-warnings"] = Route(
        f"/api/evaluations/{evaluation.pk}/proposal-warnings/", members_only
    )
    nothing_proposed = {**members_only, "risk_leader": 404, "admin": 404}
    table["api:evaluation-proposal"] = Route(f"/api/evaluations/{evaluation.pk}/proposal/", nothing_proposed)
    table["api:evaluation-memo"] = Route(f"/api/evaluations/{evaluation.pk}/memo/", nothing_proposed)
    for step in ("propose", "approve", "reject", "withdraw", "copy"):
        table[f"api:evaluation-{step}"] = Route(
            f"/api/evaluations/{evaluation.pk}/{step}/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 405)}
        )
    table["api:evaluation-export"] = Route(
        f"/api/evaluations/{evaluation.pk}/export/?format=csv&table=ranking",
        members_only,
    )
    # Manual scores: each evaluator sees only their own, so everyone else gets 404.
    criterion = Criterion.objects.create(evaluation=evaluation, name="Walk", group="manual", source="manual")
    # The scoring grid: for the roles that score (executives do not), inside the evaluation.
    table["api:evaluation-scoring-grid"] = Route(
        f"/api/evaluations/{evaluation.pk}/scoring-grid/", {**members_only, "executive": 403}
    )
    table["api:criterion-list"] = Route("/api/criteria/", API_READ_ALL)
    table["api:criterion-detail"] = Route(f"/api/criteria/{criterion.pk}/", members_only)
    table["api:criterion-history"] = Route(f"/api/criteria/{criterion.pk}/history/", members_only)
    score = ManualScore.objects.create(criterion=criterion, vendor=vendor, evaluator=rick, score=3)
    table["api:manualscore-list"] = Route("/api/manual-scores/", API_READ_ALL)
    table["api:manualscore-detail"] = Route(
        f"/api/manual-scores/{score.pk}/",
        {"anonymous": 401, "executive": 404, "procurement": 404, "risk_leader": 200, "admin": 404},
    )
    # Campaigns (tests/api/test_campaigns_api.py): every reader sees a general one; reminding is a POST.
    campaign = Campaign.objects.create(
        title="Api walk campaign", questionnaire=response.questionnaire, deadline=datetime.date(2030, 1, 31)
    )
    table["api:campaign-list"] = Route("/api/campaigns/", API_READ_ALL)
    table["api:campaign-detail"] = Route(f"/api/campaigns/{campaign.pk}/", API_READ_ALL)
    table["api:campaign-remind-late"] = Route(
        f"/api/campaigns/{campaign.pk}/remind-late/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 405)}
    )
    for basename, prefix in prefixes.items():
        table[f"api:{basename}-list"] = Route(f"/api/{prefix}/", API_READ_ALL)
        table[f"api:{basename}-detail"] = Route(f"/api/{prefix}/{records[basename].pk}/", API_READ_ALL)
        if basename not in WITHOUT_HISTORY:  # the audit history: seen by whoever sees the record
            table[f"api:{basename}-history"] = Route(
                f"/api/{prefix}/{records[basename].pk}/history/", API_READ_ALL
            )
    # The vault document's file: a download every reader gets.
    table["api:document-download"] = Route(f"/api/documents/{records['document'].pk}/download/", API_READ_ALL)
    table["api:manualscore-history"] = Route(
        f"/api/manual-scores/{score.pk}/history/", table["api:manualscore-detail"].expected
    )
    return table
