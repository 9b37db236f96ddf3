from django.contrib import messages
from django.db.models import Prefetch, ProtectedError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from common.pages import HistoryPageMixin, RolePermissionMixin, StaleEditGuardMixin
from vendors import chart_selectors
from vendors.chart_selectors import vendor_charts
from vendors.directory.forms import VendorForm
from vendors.directory.overview import vendor_profile, vendor_summaries
from vendors.documents.selectors import document_statuses
from vendors.models import (
    MATURITY_RUBRIC,
    Briefing,
    CapabilityDomain,
    FinancialFact,
    FundingEvent,
    Ownership,
    RoadmapItem,
    Vendor,
    VendorStatus,
)


class VendorListView(RolePermissionMixin, ListView):
    permission_required = "vendors.view_vendor"
    model = Vendor
    paginate_by = 25
    template_name = "vendors/vendor_list.html"

    def get_queryset(self):
        params = self.request.GET
        vendors = Vendor.objects.search(params.get("q", ""))
        if params.get("status") in VendorStatus.values:
            vendors = vendors.filter(status=params["status"])
        if params.get("ownership") in Ownership.values:
            vendors = vendors.filter(ownership=params["ownership"])
        return vendors.offering_domain(params.get("domain", "")).order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_vendors = list(context["object_list"])
        summaries = vendor_summaries([vendor.pk for vendor in page_vendors])
        context.update(
            rows=[(vendor, summaries.get(vendor.pk)) for vendor in page_vendors],
            statuses=VendorStatus.choices,
            ownerships=Ownership.choices,
            domains=CapabilityDomain.objects.all(),
            filters=self.request.GET,
        )
        return context


class VendorDetailView(RolePermissionMixin, DetailView):
    permission_required = "vendors.view_vendor"
    model = Vendor
    template_name = "vendors/vendor_detail.html"

    def get_queryset(self):
        produced = Prefetch("roadmap_items", queryset=RoadmapItem.objects.only("pk", "title", "briefing_id"))
        return Vendor.objects.prefetch_related(
            # Who confirmed an implausible figure is shown beside it: read with the figures.
            Prefetch("financials", queryset=FinancialFact.objects.select_related("figures_confirmed_by")),
            Prefetch("funding_events", queryset=FundingEvent.objects.select_related("figures_confirmed_by")),
            "contracts",
            Prefetch("briefings", queryset=Briefing.objects.prefetch_related(produced)),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = context["profile"] = vendor_profile(self.object)
        context["rubric"] = MATURITY_RUBRIC
        contract_ends = [contract.end_date for contract in self.object.contracts.all()]
        context["charts"] = vendor_charts(
            self.object,
            contract_ends,
            timezone.localdate(),
            history=chart_selectors.assessment_history_frame_of(profile.assessments),
            timeline=chart_selectors.roadmap_timeline_frame_of(profile.roadmap),
            changes=chart_selectors.roadmap_change_frame_of(profile.roadmap),
            financials=profile.financials,
            funding=profile.funding,
        )
        if self.request.user.has_perm("vendors.view_vendordocument"):
            context["documents"] = document_statuses(self.object, timezone.localdate())
            context["document_warnings"] = [row for row in context["documents"] if row["status"].warns]
        return context


class VendorCreateView(RolePermissionMixin, CreateView):
    permission_required = "vendors.add_vendor"
    model = Vendor
    form_class = VendorForm
    template_name = "vendors/record_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Vendor {self.object.name} created.")
        return response


class VendorUpdateView(StaleEditGuardMixin, RolePermissionMixin, UpdateView):
    permission_required = "vendors.change_vendor"
    model = Vendor
    form_class = VendorForm
    template_name = "vendors/record_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:  # not sent back as stale
            messages.success(self.request, f"Vendor {self.object.name} saved.")
        return response


class VendorDeleteView(RolePermissionMixin, DeleteView):
    permission_required = "vendors.delete_vendor"
    model = Vendor
    template_name = "vendors/confirm_delete.html"
    success_url = reverse_lazy("vendors:list")

    def form_valid(self, form):
        name = self.object.name
        try:
            response = super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, f"{name} is still referenced elsewhere and cannot be deleted.")
            return redirect(self.object)
        messages.success(self.request, f"Vendor {name} deleted.")
        return response


class VendorHistoryView(RolePermissionMixin, HistoryPageMixin, DetailView):
    permission_required = "vendors.view_vendor"
    model = Vendor
