"""Procurement's invitation pages, included by evaluator/questionnaires/urls.py under
``responses/<int:pk>/invitations/`` (names in the ``questionnaires`` namespace)."""

from django.urls import path

from evaluator.portal import manage_pages as pages

urlpatterns = [
    path("new/", pages.InviteView.as_view(), name="invitation_new"),
    path("<int:invitation_pk>/", pages.InvitationDetailView.as_view(), name="invitation_detail"),
    path("<int:invitation_pk>/link/", pages.InvitationLinkView.as_view(), name="invitation_link"),
    path("<int:invitation_pk>/revoke/", pages.RevokeView.as_view(), name="invitation_revoke"),
]
