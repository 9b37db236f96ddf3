from django.urls import path

from vendors.taxonomy import pages

urlpatterns = [
    path("capabilities/", pages.TaxonomyView.as_view(), name="taxonomy"),
]
