"""Campaign pages, included at /questionnaires/campaigns/ by evaluator/questionnaires/urls.py
(names "questionnaires:campaign…")."""

from django.urls import path

from evaluator.portal import campaign_pages as pages

urlpatterns = [
    path("", pages.CampaignListView.as_view(), name="campaigns"),
    path("new/", pages.CampaignCreateView.as_view(), name="campaign_create"),
    path("<int:pk>/", pages.CampaignBoardView.as_view(), name="campaign"),
    path("<int:pk>/remind-late/", pages.RemindLateView.as_view(), name="campaign_remind_late"),
]
