"""Portal pages for files: the answers spreadsheet (download, and upload through the product's
all-or-nothing import with its row report) and the evidence documents of the vendor's vault."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views import View
from django.views.generic import FormView

from evaluator.portal import access, actions
from evaluator.portal.forms import DocumentForm
from evaluator.questionnaires.forms import ImportForm
from evaluator.responses.answers_file import answers_download
from vendors.models import VendorDocument


class ExportView(access.PortalMixin, View):
    def get(self, request, token):
        return answers_download(self.response, self.response.questionnaire, "xlsx")


class ImportView(access.PortalMixin, FormView):
    template_name = "portal/upload.html"
    form_class = ImportForm

    def post(self, request, *args, **kwargs):
        if not self.response.is_editable:
            messages.error(request, "The questionnaire is not open for changes now.")
            return redirect("portal:home", self.token)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        result = actions.upload_answers_file(self.invitation, form.cleaned_data["file"])
        if result.ok:
            messages.success(self.request, f"Spreadsheet uploaded: {result.summary()}")
            return redirect("portal:home", self.token)
        return self.render_to_response(self.get_context_data(form=form, result=result), status=422)


class DocumentsView(access.PortalMixin, FormView):
    template_name = "portal/documents.html"
    form_class = DocumentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "response": self.response}

    def post(self, request, *args, **kwargs):
        if not self.response.is_editable:
            messages.error(request, "The questionnaire is not open for changes now.")
            return redirect("portal:home", self.token)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The documents this contact added for this vendor since the invitation was made.
        context["documents"] = VendorDocument.objects.filter(
            vendor_id=self.response.vendor_id,
            uploaded_by_email=self.invitation.email,
            created_at__gte=self.invitation.created_at,
        ).order_by("-created_at")
        return context

    def form_valid(self, form):
        try:
            document = actions.add_vendor_document(self.invitation, form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Document “{document.title}” added.")
        return redirect("portal:documents", self.token)
