"""Create, edit and delete views for the records that belong to a vendor.

One set of generic views serves every record kind; ``RECORD_KINDS`` says
which model, form and vendor-page section each kind uses.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.views.generic import CreateView, DeleteView, UpdateView

from common.pages import RolePermissionMixin, StaleEditGuardMixin
from vendors.models import (
    MATURITY_RUBRIC,
    Briefing,
    CapabilityAssessment,
    Contract,
    FinancialFact,
    FundingEvent,
    RoadmapItem,
    Vendor,
)
from vendors.records.forms import (
    AssessmentForm,
    BriefingForm,
    ContractForm,
    FinancialFactForm,
    FundingEventForm,
)
from vendors.roadmaps.forms import RoadmapItemForm


@dataclass(frozen=True)
class RecordKind:
    model: type
    form_class: type
    section: str
    label: str


RECORD_KINDS = {
    "assessment": RecordKind(CapabilityAssessment, AssessmentForm, "capabilities", "capability assessment"),
    "financial": RecordKind(FinancialFact, FinancialFactForm, "investment", "financial year"),
    "funding": RecordKind(FundingEvent, FundingEventForm, "investment", "funding event"),
    "roadmap": RecordKind(RoadmapItem, RoadmapItemForm, "roadmap", "roadmap item"),
    "contract": RecordKind(Contract, ContractForm, "contracts", "contract"),
    "briefing": RecordKind(Briefing, BriefingForm, "briefings", "briefing"),
}


class RecordMixin(RolePermissionMixin):
    kind: str = ""
    action: str = ""
    template_name = "vendors/record_form.html"

    @property
    def record(self) -> RecordKind:
        return RECORD_KINDS[self.kind]

    @property
    def model(self):
        return self.record.model

    def get_permission_required(self):
        return [f"vendors.{self.action}_{self.record.model._meta.model_name}"]

    def get_form_class(self):
        return self.record.form_class

    def get_queryset(self):
        return self.record.model.objects.select_related("vendor")

    def get_vendor(self) -> Vendor:
        return self.object.vendor

    def get_success_url(self):
        return f"{self.get_vendor().get_absolute_url()}#{self.record.section}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            vendor=self.get_vendor(),
            record_label=self.record.label,
            section=self.record.section,
            rubric_items=MATURITY_RUBRIC.items(),
        )
        return context


class RecordFormMixin(RecordMixin):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(vendor=self.get_vendor(), user=self.request.user)
        return kwargs

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"{self.record.label.capitalize()} saved.")
        return response


class RecordCreateView(RecordFormMixin, CreateView):
    action = "add"

    def get_vendor(self) -> Vendor:
        if not hasattr(self, "_vendor"):
            self._vendor = get_object_or_404(Vendor, slug=self.kwargs["slug"])
        return self._vendor

    def get_success_url(self):
        if self.kind == "roadmap":
            return self.object.get_absolute_url()
        return super().get_success_url()


class RecordUpdateView(StaleEditGuardMixin, RecordFormMixin, UpdateView):
    action = "change"

    def get_success_url(self):
        if self.kind == "roadmap":
            return self.object.get_absolute_url()
        return super().get_success_url()


class RecordDeleteView(RecordMixin, DeleteView):
    action = "delete"
    template_name = "vendors/confirm_delete.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"{self.record.label.capitalize()} deleted.")
        return response
