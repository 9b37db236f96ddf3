from django.urls import path

from common.jobs import pages

app_name = "jobs"

urlpatterns = [
    path("", pages.JobListView.as_view(), name="list"),
    path("<int:pk>/", pages.JobView.as_view(), name="detail"),
    path("<int:pk>/status/", pages.JobStatusView.as_view(), name="status"),
    path("<int:pk>/retry/", pages.JobRetryView.as_view(), name="retry"),
    path("<int:pk>/report.csv", pages.JobReportView.as_view(), name="report"),
    path("<int:pk>/download/", pages.JobDownloadView.as_view(), name="download"),
]
