"""The stakeholder pages, included in the evaluator's URL list (names in the ``evaluator`` namespace)."""

from django.urls import path

from evaluator.stakeholders import pages

urlpatterns = [
    path("<int:pk>/stakeholders/", pages.StakeholdersView.as_view(), name="stakeholders"),
    path("<int:pk>/stakeholders/groups/", pages.GroupsView.as_view(), name="stakeholder_groups"),
    path(
        "<int:pk>/stakeholders/groups/<int:group_pk>/",
        pages.GroupEditView.as_view(),
        name="stakeholder_group",
    ),
    path(
        "<int:pk>/stakeholders/groups/<int:group_pk>/weights/",
        pages.GroupWeightsView.as_view(),
        name="stakeholder_weights",
    ),
    path(
        "<int:pk>/stakeholders/groups/<int:group_pk>/pairwise/",
        pages.GroupPairwiseView.as_view(),
        name="stakeholder_pairwise",
    ),
    path("<int:pk>/consensus/", pages.ConsensusView.as_view(), name="consensus"),
    path("<int:pk>/what-if/", pages.WhatIfView.as_view(), name="whatif"),
]
