from django.urls import path

from vendors.directory import pages

# After every fixed word (vendors.models.RESERVED_SLUGS): "<slug>" matches anything else.
urlpatterns = [
    path("", pages.VendorListView.as_view(), name="list"),
    path("new/", pages.VendorCreateView.as_view(), name="create"),
    path("<slug:slug>/", pages.VendorDetailView.as_view(), name="detail"),
    path("<slug:slug>/history/", pages.VendorHistoryView.as_view(), name="history"),
    path("<slug:slug>/edit/", pages.VendorUpdateView.as_view(), name="edit"),
    path("<slug:slug>/delete/", pages.VendorDeleteView.as_view(), name="delete"),
]
