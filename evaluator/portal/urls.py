"""The vendor portal, under /respond/<token>/ (config/urls.py): no login, the token is the key
(evaluator/portal/access.py). Named "portal:…"; emails.portal_link builds "portal:home"."""

from django.urls import path

from evaluator.portal import file_pages, pages

app_name = "portal"

urlpatterns = [
    path("<str:token>/", pages.HomeView.as_view(), name="home"),
    path("<str:token>/code/", pages.CodeView.as_view(), name="code"),
    path("<str:token>/code/new/", pages.ResendCodeView.as_view(), name="resend_code"),
    path("<str:token>/section/<int:section_pk>/", pages.SectionView.as_view(), name="section"),
    path("<str:token>/submit/", pages.SubmitView.as_view(), name="submit"),
    path("<str:token>/answers.xlsx", file_pages.ExportView.as_view(), name="export"),
    path("<str:token>/upload/", file_pages.ImportView.as_view(), name="upload"),
    path("<str:token>/documents/", file_pages.DocumentsView.as_view(), name="documents"),
]
