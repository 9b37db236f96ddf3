"""The REST API: one router for every app's viewsets, the OpenAPI schema and its docs page.

Included from config/urls.py at ``api/``. An app adds its endpoints with
``router.register(...)`` here, so the schema, the role walk
(tests/url_roles/api.py) and the fuzzing see them.
"""

from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from accounts.api import ApiTokenViewSet
from common.jobs.api import JobViewSet
from common.rest.viewsets import NotFoundView
from evaluator import api as evaluation_api
from evaluator.portal import api as invitation_api
from evaluator.portal import campaign_api
from evaluator.questionnaires import api as questionnaire_api
from evaluator.responses import answers_api as answer_api
from evaluator.responses import api as response_api
from evaluator.scoring_grid import api as evaluator_scores_api
from evaluator.setup import criteria_api as criterion_api
from vendors.directory import api as directory_api
from vendors.documents import api as document_api
from vendors.records import api as record_api
from vendors.roadmaps import api as roadmap_api
from vendors.signals import api as signal_api
from vendors.taxonomy import api as taxonomy_api

app_name = "api"

router = SimpleRouter()
router.register("vendors", directory_api.VendorViewSet, basename="vendor")
router.register("capability-domains", taxonomy_api.CapabilityDomainViewSet, basename="capabilitydomain")
router.register("capabilities", taxonomy_api.CapabilityViewSet, basename="capability")
router.register("assessments", record_api.CapabilityAssessmentViewSet, basename="assessment")
router.register("financial-facts", record_api.FinancialFactViewSet, basename="financialfact")
router.register("funding-events", record_api.FundingEventViewSet, basename="fundingevent")
router.register("roadmap-items", roadmap_api.RoadmapItemViewSet, basename="roadmapitem")
router.register("roadmap-changes", roadmap_api.RoadmapChangeViewSet, basename="roadmapchange")
router.register("contracts", record_api.ContractViewSet, basename="contract")
router.register("briefings", record_api.BriefingViewSet, basename="briefing")
router.register("signals", signal_api.SignalViewSet, basename="signal")
router.register("documents", document_api.VendorDocumentViewSet, basename="document")
router.register("questionnaires", questionnaire_api.QuestionnaireViewSet, basename="questionnaire")
router.register(
    "questionnaire-sections", questionnaire_api.QuestionnaireSectionViewSet, basename="questionnairesection"
)
router.register("questions", questionnaire_api.QuestionViewSet, basename="question")
router.register("responses", response_api.ResponseViewSet, basename="response")
router.register("answers", answer_api.AnswerViewSet, basename="answer")
router.register("invitations", invitation_api.InvitationViewSet, basename="invitation")
router.register("evaluations", evaluation_api.EvaluationViewSet, basename="evaluation")
router.register("criteria", criterion_api.CriterionViewSet, basename="criterion")
router.register("manual-scores", evaluator_scores_api.ManualScoreViewSet, basename="manualscore")
router.register("tokens", ApiTokenViewSet, basename="apitoken")
router.register("jobs", JobViewSet, basename="job")
router.register("campaigns", campaign_api.CampaignViewSet, basename="campaign")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as its own file: no inline
    # script, so the docs work under script-src 'self'. A browser page, so sign-in redirects.
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    *router.urls,
    re_path(r"^.*$", NotFoundView.as_view(), name="not_found"),
]
