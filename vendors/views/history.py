from django.views.generic import DetailView

from ..history import history_entries
from ..models import RoadmapItem, Vendor
from .mixins import RolePermissionMixin


class HistoryPageMixin:
    """Renders ``templates/history/object_history.html`` for ``self.object``."""

    template_name = "history/object_history.html"
    context_object_name = "subject"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = history_entries(self.object)
        context["back_url"] = self.object.get_absolute_url()
        return context


class VendorHistoryView(RolePermissionMixin, HistoryPageMixin, DetailView):
    permission_required = "vendors.view_vendor"
    model = Vendor


class RoadmapItemHistoryView(RolePermissionMixin, HistoryPageMixin, DetailView):
    permission_required = "vendors.view_roadmapitem"
    model = RoadmapItem
