from django.urls import path

from vendors.alerts import pages as alerts
from vendors.directory import history_pages as history
from vendors.directory import pages as vendor_pages
from vendors.records import pages as records
from vendors.roadmaps import pages as roadmap

app_name = "vendors"

urlpatterns = [
    path("", vendor_pages.VendorListView.as_view(), name="list"),
    path("new/", vendor_pages.VendorCreateView.as_view(), name="create"),
    path("capabilities/", vendor_pages.TaxonomyView.as_view(), name="taxonomy"),
    path("roadmaps/", roadmap.RoadmapOverviewView.as_view(), name="roadmap"),
    path("roadmaps/<int:pk>/", roadmap.RoadmapItemDetailView.as_view(), name="roadmap_item"),
    path("roadmaps/<int:pk>/history/", history.RoadmapItemHistoryView.as_view(), name="roadmap_item_history"),
    path("notifications/", alerts.NotificationListView.as_view(), name="notifications"),
    path("notifications/read-all/", alerts.NotificationReadAllView.as_view(), name="notifications_read_all"),
    path("notifications/<int:pk>/read/", alerts.NotificationReadView.as_view(), name="notification_read"),
    path("<slug:slug>/watch/", alerts.VendorWatchView.as_view(), name="watch"),
    path("<slug:slug>/", vendor_pages.VendorDetailView.as_view(), name="detail"),
    path("<slug:slug>/history/", history.VendorHistoryView.as_view(), name="history"),
    path("<slug:slug>/edit/", vendor_pages.VendorUpdateView.as_view(), name="edit"),
    path("<slug:slug>/delete/", vendor_pages.VendorDeleteView.as_view(), name="delete"),
]

for kind in records.RECORD_KINDS:
    urlpatterns += [
        path(f"<slug:slug>/{kind}/add/", records.RecordCreateView.as_view(kind=kind), name=f"{kind}_add"),
        path(f"{kind}/<int:pk>/edit/", records.RecordUpdateView.as_view(kind=kind), name=f"{kind}_edit"),
        path(f"{kind}/<int:pk>/delete/", records.RecordDeleteView.as_view(kind=kind), name=f"{kind}_delete"),
    ]
