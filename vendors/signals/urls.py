from django.urls import path

from vendors.signals import pages

urlpatterns = [
    path("signals/import/", pages.SignalImportView.as_view(), name="signal_import"),
    path("signals/review/", pages.ReviewQueueView.as_view(), name="signal_review_queue"),
    path("signals/review/resolve/", pages.ResolveNameView.as_view(), name="signal_resolve"),
    path("signals/review/ignore/", pages.IgnoreNameView.as_view(), name="signal_ignore"),
    path("signals/<int:pk>/review/", pages.SignalReviewView.as_view(), name="signal_review"),
]
