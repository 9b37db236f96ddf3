from django.urls import path

from vendors.roadmaps import pages

urlpatterns = [
    path("roadmaps/", pages.RoadmapOverviewView.as_view(), name="roadmap"),
    path("roadmaps/<int:pk>/", pages.RoadmapItemDetailView.as_view(), name="roadmap_item"),
    path("roadmaps/<int:pk>/history/", pages.RoadmapItemHistoryView.as_view(), name="roadmap_item_history"),
]
