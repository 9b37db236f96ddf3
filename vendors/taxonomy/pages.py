"""The capability taxonomy page: domains, capabilities and the maturity rubric."""

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.views.generic import TemplateView

from common.pages import RolePermissionMixin
from vendors.models import (
    MATURITY_RUBRIC,
    Capability,
    CapabilityDomain,
)


class TaxonomyView(RolePermissionMixin, TemplateView):
    permission_required = "vendors.view_capability"
    template_name = "vendors/taxonomy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offered = Count("assessments__vendor", filter=Q(assessments__maturity__gt=0), distinct=True)
        capabilities = Capability.objects.annotate(
            vendor_count=offered, roadmap_count=Count("roadmap_items", distinct=True)
        )
        context["domains"] = CapabilityDomain.objects.prefetch_related(
            Prefetch("capabilities", queryset=capabilities)
        )
        context["rubric"] = MATURITY_RUBRIC
        context["list_url"] = reverse("vendors:list")
        return context
