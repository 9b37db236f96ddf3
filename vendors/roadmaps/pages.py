from django.db.models import Count
from django.utils import timezone
from django.views.generic import DetailView, ListView

from common.pages import HistoryPageMixin, RolePermissionMixin
from vendors.models import Capability, RoadmapItem, RoadmapStatus, Vendor


class RoadmapOverviewView(RolePermissionMixin, ListView):
    """Every vendor's roadmap on one page, filterable by capability, status, vendor and 'overdue'."""

    permission_required = "vendors.view_roadmapitem"
    template_name = "vendors/roadmap_overview.html"
    paginate_by = 50

    def get_queryset(self):
        params = self.request.GET
        items = RoadmapItem.objects.select_related("vendor", "capability").annotate(
            rebaseline_count=Count("changes")
        )
        if params.get("capability"):
            items = items.filter(capability__slug=params["capability"])
        if params.get("vendor"):
            items = items.filter(vendor__slug=params["vendor"])
        if params.get("status") in RoadmapStatus.values:
            items = items.filter(status=params["status"])
        if params.get("overdue"):
            items = items.overdue(timezone.localdate())
        return items.order_by("target_date", "vendor__name", "title")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            capabilities=Capability.objects.select_related("domain"),
            vendors=Vendor.objects.only("name", "slug"),
            statuses=RoadmapStatus.choices,
            filters=self.request.GET,
        )
        return context


class RoadmapItemDetailView(RolePermissionMixin, DetailView):
    permission_required = "vendors.view_roadmapitem"
    template_name = "vendors/roadmap_item.html"
    context_object_name = "item"

    def get_queryset(self):
        return RoadmapItem.objects.select_related(
            "vendor", "capability__domain", "briefing"
        ).prefetch_related("changes__changed_by")


class RoadmapItemHistoryView(RolePermissionMixin, HistoryPageMixin, DetailView):
    permission_required = "vendors.view_roadmapitem"
    model = RoadmapItem
