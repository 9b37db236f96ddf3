from django.urls import path

from vendors.records import pages

urlpatterns = []
for kind in pages.RECORD_KINDS:
    urlpatterns += [
        path(f"<slug:slug>/{kind}/add/", pages.RecordCreateView.as_view(kind=kind), name=f"{kind}_add"),
        path(f"{kind}/<int:pk>/edit/", pages.RecordUpdateView.as_view(kind=kind), name=f"{kind}_edit"),
        path(f"{kind}/<int:pk>/delete/", pages.RecordDeleteView.as_view(kind=kind), name=f"{kind}_delete"),
    ]
