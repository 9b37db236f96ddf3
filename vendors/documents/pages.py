"""The evidence vault pages: a vendor's documents, add, edit, delete, download and history.

Risk leaders and procurement maintain the vault; executives read it (the role permissions on
VendorDocument). Every write goes through documents.services.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DeleteView, DetailView, FormView

from common.downloads import stored_file
from common.models import StaleVersion
from common.pages import HistoryPageMixin, RolePermissionMixin
from vendors.documents import services
from vendors.documents.forms import DocumentForm
from vendors.documents.rules import EXPIRY_WINDOW_DAYS
from vendors.documents.selectors import vendor_documents
from vendors.models import Vendor, VendorDocument

STALE_MESSAGE = (
    "Someone else saved this document after you opened this page, so nothing was saved. "
    "Open it again to see their changes, then make yours."
)


def documents_url(vendor) -> str:
    return reverse("vendors:documents", args=[vendor.slug])


class DocumentListView(RolePermissionMixin, DetailView):
    """A vendor's vault: every document, its status today and what it supports (four queries
    after the session: vendor, documents, capabilities, answers)."""

    permission_required = "vendors.view_vendordocument"
    model = Vendor
    template_name = "vendors/documents/list.html"
    context_object_name = "vendor"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = vendor_documents(self.object, self.request.user, timezone.localdate())
        context["window"] = EXPIRY_WINDOW_DAYS
        return context


class DocumentFormMixin(RolePermissionMixin):
    template_name = "vendors/documents/form.html"
    form_class = DocumentForm
    document: VendorDocument | None = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(vendor=self.vendor, user=self.request.user, document=self.document)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(vendor=self.vendor, document=self.document)
        return context

    def saved(self, form, document):
        messages.success(self.request, f"Document “{document.title}” saved.")
        return redirect(document.get_absolute_url())

    def refused(self, form, error: ValidationError):
        form.add_error(None, error)
        return self.form_invalid(form)


class DocumentCreateView(DocumentFormMixin, FormView):
    permission_required = "vendors.add_vendordocument"

    def dispatch(self, request, *args, **kwargs):
        self.vendor = get_object_or_404(Vendor, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            document = services.add_document(
                self.vendor,
                kind=data["kind"],
                title=data["title"],
                issuer=data["issuer"],
                scope=data["scope"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                file=data["file"],
                capabilities=data["capabilities"],
                answers=data["answers"],
                owner=data["owner"],
                contact_email=data["contact_email"],
                uploaded_by=self.request.user,
            )
        except ValidationError as error:
            return self.refused(form, error)
        return self.saved(form, document)


class DocumentUpdateView(DocumentFormMixin, FormView):
    permission_required = "vendors.change_vendordocument"

    def dispatch(self, request, *args, **kwargs):
        self.document = get_object_or_404(VendorDocument.objects.select_related("vendor"), pk=kwargs["pk"])
        self.vendor = self.document.vendor
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        chosen = list(data.pop("answers"))
        # Links to answers this user may not see stay as they are.
        hidden = self.document.answers.exclude(pk__in=form.fields["answers"].queryset.values("pk"))
        try:
            with transaction.atomic():
                document = services.update_document(
                    self.document,
                    version=version,
                    capabilities=data.pop("capabilities"),
                    answers=[*chosen, *hidden],
                    **data,
                )
        except StaleVersion:
            form.add_error(None, STALE_MESSAGE)
            return self.form_invalid(form)
        except ValidationError as error:
            return self.refused(form, error)
        return self.saved(form, document)


class DocumentDeleteView(RolePermissionMixin, DeleteView):
    permission_required = "vendors.delete_vendordocument"
    model = VendorDocument
    template_name = "vendors/confirm_delete.html"

    def get_queryset(self):
        return VendorDocument.objects.select_related("vendor")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, vendor=self.object.vendor, record_label="document")

    def get_success_url(self):
        return documents_url(self.object.vendor)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Document “{self.object.title}” deleted.")
        return response


class DocumentDownloadView(RolePermissionMixin, View):
    """The document's file, only to users who may read the vault, always as a download."""

    permission_required = "vendors.view_vendordocument"

    def get(self, request, pk):
        document = get_object_or_404(VendorDocument.objects.select_related("vendor"), pk=pk)
        if not request.user.has_perm("vendors.view_vendor"):
            raise PermissionDenied
        if not document.file:
            raise Http404("This document has no file.")
        try:
            return stored_file(document.file)
        except FileNotFoundError:
            raise Http404("The document's file is missing.") from None


class DocumentHistoryView(RolePermissionMixin, HistoryPageMixin, DetailView):
    permission_required = "vendors.view_vendordocument"
    model = VendorDocument

    def get_queryset(self):
        return VendorDocument.objects.select_related("vendor")
