from django.urls import path

from vendors.documents import pages

# Before the directory's "<slug>/" addresses: "documents/<pk>/…" is a fixed word there.
urlpatterns = [
    path("<slug:slug>/documents/", pages.DocumentListView.as_view(), name="documents"),
    path("<slug:slug>/documents/add/", pages.DocumentCreateView.as_view(), name="document_add"),
    path("documents/<int:pk>/edit/", pages.DocumentUpdateView.as_view(), name="document_edit"),
    path("documents/<int:pk>/delete/", pages.DocumentDeleteView.as_view(), name="document_delete"),
    path("documents/<int:pk>/download/", pages.DocumentDownloadView.as_view(), name="document_download"),
    path("documents/<int:pk>/history/", pages.DocumentHistoryView.as_view(), name="document_history"),
]
