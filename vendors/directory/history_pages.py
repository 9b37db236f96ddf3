from django.views.generic import DetailView

from common.pages import HistoryPageMixin, RolePermissionMixin
from vendors.models import RoadmapItem, Vendor


class VendorHistoryView(RolePermissionMixin, HistoryPageMixin, DetailView):
    permission_required = "vendors.view_vendor"
    model = Vendor


class RoadmapItemHistoryView(RolePermissionMixin, HistoryPageMixin, DetailView):
    permission_required = "vendors.view_roadmapitem"
    model = RoadmapItem
