import hashlib

from django.contrib import messages
from django.contrib.auth.context_processors import PermWrapper
from django.db.models import Prefetch, ProtectedError, prefetch_related_objects
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from common import page_cache
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

LIST_ROWS_TEMPLATE = "vendors/_vendor_list_rows.html"


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
        # The table's rows (each vendor's summary facts) kept per state of the data for the vendors
        # of this page (common/page_cache.py): the same for every user, no link by permission.
        ids = ",".join(str(vendor.pk) for vendor in page_vendors)
        context.update(
            rows=page_cache.sections(
                "vendor-list", lambda: self.rows(page_vendors), hashlib.sha256(ids.encode()).hexdigest()[:16]
            ),
            statuses=VendorStatus.choices,
            ownerships=Ownership.choices,
            domains=CapabilityDomain.objects.all(),
            filters=self.request.GET,
        )
        return context

    def rows(self, page_vendors) -> str:
        summaries = vendor_summaries([vendor.pk for vendor in page_vendors])
        rows = [(vendor, summaries.get(vendor.pk)) for vendor in page_vendors]
        return page_cache.render_section(LIST_ROWS_TEMPLATE, {"rows": rows})


SECTIONS_TEMPLATE = "vendors/_vendor_sections.html"


class VendorDetailView(RolePermissionMixin, DetailView):
    """A vendor's page. Its sections (overview to briefings) depend on the vendor's records, the day
    and the permissions their links ask for, and are kept per state of the data (common/page_cache.py):
    a warm page reads the vendor, the data generation, and the signals with their review forms."""

    permission_required = "vendors.view_vendor"
    model = Vendor
    template_name = "vendors/vendor_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["shows_documents"] = user.has_perm("vendors.view_vendordocument")
        context["sections"] = page_cache.sections(
            "vendor", lambda: self.sections(context), str(self.object.pk), page_cache.permissions_key(user)
        )
        return context

    def sections(self, context) -> str:
        """The sections as HTML, rendered without a request: the permissions they show links by
        are in the cache key, and they hold no form, token or message."""
        vendor = self.object
        produced = Prefetch("roadmap_items", queryset=RoadmapItem.objects.only("pk", "title", "briefing_id"))
        prefetch_related_objects(
            [vendor],
            # Who confirmed an implausible figure is shown beside it: read with the figures.
            Prefetch("financials", queryset=FinancialFact.objects.select_related("figures_confirmed_by")),
            Prefetch("funding_events", queryset=FundingEvent.objects.select_related("figures_confirmed_by")),
            "contracts",
            Prefetch("briefings", queryset=Briefing.objects.prefetch_related(produced)),
        )
        profile = vendor_profile(vendor)
        contract_ends = [contract.end_date for contract in vendor.contracts.all()]
        today = timezone.localdate()
        charts = vendor_charts(
            vendor,
            contract_ends,
            today,
            history=chart_selectors.assessment_history_frame_of(profile.assessments),
            timeline=chart_selectors.roadmap_timeline_frame_of(profile.roadmap),
            changes=chart_selectors.roadmap_change_frame_of(profile.roadmap),
            financials=profile.financials,
            funding=profile.funding,
        )
        documents = document_statuses(vendor, today) if context["shows_documents"] else None
        section_context = {
            "vendor": vendor,
            "profile": profile,
            "rubric": MATURITY_RUBRIC,
            "charts": charts,
            "documents": documents,
            "document_warnings": [row for row in documents if row["status"].warns] if documents else [],
            "perms": PermWrapper(self.request.user),
        }
        return page_cache.render_section(SECTIONS_TEMPLATE, section_context)


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
