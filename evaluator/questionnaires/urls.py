from django.urls import include, path

from evaluator.history.pages import ResponseHistoryView
from evaluator.questionnaires import capability_mapping
from evaluator.questionnaires import import_pages as imports
from evaluator.questionnaires import pages as build
from evaluator.responses import pages as responses

app_name = "questionnaires"

urlpatterns = [
    path("", build.QuestionnaireListView.as_view(), name="list"),
    path("new/", build.QuestionnaireCreateView.as_view(), name="create"),
    path("import/", imports.QuestionnaireImportView.as_view(), name="import_questionnaire"),
    path("import/preview/", imports.QuestionnaireImportPreviewView.as_view(), name="import_preview"),
    path("<int:pk>/", build.QuestionnaireDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", build.QuestionnaireUpdateView.as_view(), name="edit"),
    path("<int:pk>/new-version/", build.NewVersionView.as_view(), name="new_version"),
    path("<int:pk>/capabilities/", capability_mapping.CapabilityMappingView.as_view(), name="capabilities"),
    path("<int:pk>/blank/<slug:fmt>/", build.BlankExportView.as_view(), name="blank_export"),
    path("<int:questionnaire_pk>/sections/add/", build.SectionCreateView.as_view(), name="section_add"),
    path("sections/<int:pk>/edit/", build.SectionUpdateView.as_view(), name="section_edit"),
    path("<int:questionnaire_pk>/questions/add/", build.QuestionCreateView.as_view(), name="question_add"),
    path("questions/<int:pk>/edit/", build.QuestionUpdateView.as_view(), name="question_edit"),
    path("questions/<int:pk>/delete/", build.QuestionDeleteView.as_view(), name="question_delete"),
    path("responses/", responses.ResponseListView.as_view(), name="responses"),
    path("responses/new/", responses.StartResponseView.as_view(), name="response_start"),
    path("responses/<int:pk>/", responses.ResponseDetailView.as_view(), name="response"),
    path("responses/<int:pk>/history/", ResponseHistoryView.as_view(), name="response_history"),
    path(
        "responses/<int:pk>/sections/<int:section_pk>/", responses.SectionEntryView.as_view(), name="section"
    ),
    path("responses/<int:pk>/step/<slug:action>/", responses.TransitionView.as_view(), name="transition"),
    path(
        "responses/<int:pk>/answers/<int:answer_pk>/review/",
        responses.ReviewAnswerView.as_view(),
        name="review_answer",
    ),
    path("responses/<int:pk>/export/<slug:fmt>/", responses.ResponseExportView.as_view(), name="export"),
    path("responses/<int:pk>/import/", responses.ImportView.as_view(), name="import"),
    path("responses/<int:pk>/import/report.csv", responses.ImportReportView.as_view(), name="import_report"),
    # Vendor-portal invitations of a response (evaluator/portal/manage_urls.py).
    path("responses/<int:pk>/invitations/", include("evaluator.portal.manage_urls")),
    path("attachments/<int:pk>/", responses.AttachmentView.as_view(), name="attachment"),
    # Campaigns: one questionnaire to many vendors (evaluator/portal/campaign_urls.py).
    path("campaigns/", include("evaluator.portal.campaign_urls")),
]
