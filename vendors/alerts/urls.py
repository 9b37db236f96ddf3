from django.urls import path

from vendors.alerts import pages

urlpatterns = [
    path("notifications/", pages.NotificationListView.as_view(), name="notifications"),
    path("notifications/read-all/", pages.NotificationReadAllView.as_view(), name="notifications_read_all"),
    path("notifications/<int:pk>/read/", pages.NotificationReadView.as_view(), name="notification_read"),
    path("<slug:slug>/watch/", pages.VendorWatchView.as_view(), name="watch"),
]
