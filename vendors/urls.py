"""The vendor pages, one list of addresses per feature (``app_name`` "vendors").

Order matters: the fixed words (capabilities, roadmaps, notifications, signals, new) come before the
directory's ``<slug>/`` addresses that would otherwise match them.
"""

from vendors.alerts import urls as alerts
from vendors.directory import urls as directory
from vendors.documents import urls as documents
from vendors.records import urls as records
from vendors.roadmaps import urls as roadmaps
from vendors.signals import urls as signals
from vendors.taxonomy import urls as taxonomy

app_name = "vendors"

urlpatterns = [
    *taxonomy.urlpatterns,
    *roadmaps.urlpatterns,
    *alerts.urlpatterns,
    *signals.urlpatterns,
    *documents.urlpatterns,
    *directory.urlpatterns,
    *records.urlpatterns,
]
