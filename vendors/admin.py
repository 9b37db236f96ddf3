from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vendors.models import (
    Briefing,
    Capability,
    CapabilityAssessment,
    CapabilityDomain,
    Contract,
    FinancialFact,
    FundingEvent,
    RoadmapChange,
    RoadmapItem,
    Signal,
    Vendor,
    VendorAlias,
    VendorProduct,
)
from vendors.records.forms import ConfirmFiguresMixin
from vendors.roadmaps.forms import RoadmapItemForm


class ConfirmFiguresAdminForm(ConfirmFiguresMixin, forms.ModelForm):
    """Implausible figures need the same confirmation in the admin as on the pages and the API."""

    # Declared, so that the admin lays the box out; the mixin shows it with the warning.
    confirm_implausible = forms.BooleanField(required=False)
    user = None  # set per request by ConfirmFiguresAdmin


class ConfirmFiguresAdmin:
    """Gives the admin's form (and its inlines' forms) the signed-in user, who confirms."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user  # a class made for this request by modelform_factory
        return form

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.user = request.user
        return formset


class CapabilityInline(admin.TabularInline):
    model = Capability
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(CapabilityDomain)
class CapabilityDomainAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "position"]
    list_filter = ["area"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CapabilityInline]


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "position"]
    list_filter = ["domain__area", "domain"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ("name",)}


class AssessmentInline(admin.TabularInline):
    model = CapabilityAssessment
    extra = 0
    fields = ["capability", "assessed_on", "maturity", "delivery_model", "evidence_grade", "note"]
    autocomplete_fields = ["capability"]


class FinancialInline(ConfirmFiguresAdmin, admin.TabularInline):
    model = FinancialFact
    form = ConfirmFiguresAdminForm
    extra = 0
    fields = [
        "fiscal_year", "revenue", "rd_spend", "rd_headcount", "currency", "source", "confidence",
        "confirm_implausible",
    ]  # fmt: skip


class FundingInline(ConfirmFiguresAdmin, admin.TabularInline):
    model = FundingEvent
    form = ConfirmFiguresAdminForm
    extra = 0
    readonly_fields = ["figures_confirmed", "figures_confirmed_by"]


class AliasInline(admin.TabularInline):
    """The names the vendor appears under in feeds, so that entries reach the right vendor."""

    model = VendorAlias
    extra = 0
    fields = ["kind", "name"]


class ProductInline(admin.TabularInline):
    model = VendorProduct
    extra = 0


class ContractInline(admin.StackedInline):
    model = Contract
    extra = 0


class BriefingInline(admin.StackedInline):
    model = Briefing
    extra = 0


@admin.register(Vendor)
class VendorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "status", "ownership", "country", "founded", "headcount"]
    list_filter = ["status", "ownership"]
    search_fields = ["name", "description", "unique_selling_points", "country"]
    readonly_fields = ["slug"]  # always derived from the name (Vendor.clean)
    inlines = [
        FinancialInline, FundingInline, ContractInline, BriefingInline, AssessmentInline, AliasInline,
        ProductInline,
    ]  # fmt: skip


@admin.register(Signal)
class SignalAdmin(SimpleHistoryAdmin):
    """Signals are append-only: imports and the webhook add them, review() confirms or dismisses."""

    list_display = ["vendor", "kind", "severity", "title", "occurred_on", "status"]
    list_filter = ["kind", "severity", "status", "source"]
    search_fields = ["vendor__name", "title", "external_id"]
    date_hierarchy = "occurred_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CapabilityAssessment)
class CapabilityAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["vendor", "capability", "assessed_on", "maturity", "delivery_model", "evidence_grade"]
    list_filter = ["maturity", "delivery_model", "evidence_grade", "capability__domain"]
    search_fields = ["vendor__name", "capability__name", "note"]
    autocomplete_fields = ["vendor", "capability"]
    date_hierarchy = "assessed_on"


@admin.register(FinancialFact)
class FinancialFactAdmin(ConfirmFiguresAdmin, SimpleHistoryAdmin):
    form = ConfirmFiguresAdminForm
    readonly_fields = ["figures_confirmed", "figures_confirmed_by"]
    list_display = ["vendor", "fiscal_year", "revenue", "rd_spend", "rd_headcount", "currency", "confidence"]
    list_filter = ["fiscal_year", "confidence", "currency"]
    search_fields = ["vendor__name", "source"]


@admin.register(FundingEvent)
class FundingEventAdmin(ConfirmFiguresAdmin, SimpleHistoryAdmin):
    form = ConfirmFiguresAdminForm
    readonly_fields = ["figures_confirmed", "figures_confirmed_by"]
    list_display = ["vendor", "date", "kind", "amount", "currency"]
    list_filter = ["kind"]
    search_fields = ["vendor__name", "note"]
    date_hierarchy = "date"


class RoadmapChangeInline(admin.TabularInline):
    """Read-only: the log is written by RoadmapItem.save(), never by hand."""

    model = RoadmapChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ["old_date", "new_date", "reason", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


class RoadmapItemAdminForm(RoadmapItemForm):
    class Meta(RoadmapItemForm.Meta):
        fields = ["vendor", *RoadmapItemForm.Meta.fields]


@admin.register(RoadmapItem)
class RoadmapItemAdmin(SimpleHistoryAdmin):
    form = RoadmapItemAdminForm
    list_display = [
        "title",
        "vendor",
        "capability",
        "status",
        "first_promised_date",
        "target_date",
        "delivered_date",
    ]
    list_filter = ["status", "commitment_kind", "contract_coverage", "capability__domain"]
    search_fields = ["title", "vendor__name", "capability__name", "source"]
    autocomplete_fields = ["vendor", "capability"]
    date_hierarchy = "target_date"
    inlines = [RoadmapChangeInline]

    def save_model(self, request, obj, form, change):
        pending = getattr(obj, "_pending_change", None)
        if pending:
            old_date, reason, _ = pending
            obj._pending_change = (old_date, reason, request.user)
        super().save_model(request, obj, form, change)


@admin.register(RoadmapChange)
class RoadmapChangeAdmin(admin.ModelAdmin):
    list_display = ["item", "old_date", "new_date", "changed_by", "changed_at"]
    search_fields = ["item__title", "item__vendor__name", "reason"]
    list_filter = ["changed_at"]
    readonly_fields = ["item", "old_date", "new_date", "reason", "changed_by", "changed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["vendor", "reference", "start_date", "end_date", "annual_value", "currency", "tier"]
    search_fields = ["vendor__name", "reference", "tier", "future_features_clause"]
    list_filter = ["tier"]


@admin.register(Briefing)
class BriefingAdmin(SimpleHistoryAdmin):
    list_display = [
        "vendor",
        "date",
        "covered_roadmap",
        "covered_investment",
        "covered_timeframe",
        "covered_contract_terms",
    ]
    list_filter = ["covered_roadmap", "covered_investment", "covered_timeframe", "covered_contract_terms"]
    search_fields = ["vendor__name", "attendees", "notes"]
    date_hierarchy = "date"


from vendors.alerts import admin as alerts_admin  # noqa: E402, F401  (registers VendorWatch and Notification)
from vendors.documents import admin as documents_admin  # noqa: E402, F401  (registers VendorDocument)
