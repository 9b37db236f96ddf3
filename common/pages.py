"""Mixins every app's pages share: role permission, stale-edit guard, history page, PDF download."""

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.http import HttpResponse
from django.utils.text import slugify

from common.history import history_entries
from common.jobs import pdf as pdf_jobs
from common.jobs.access import CHECKING_ACCESS
from common.models import StaleVersion, claim_version


class RolePermissionMixin(PermissionRequiredMixin):
    """Signed-in users without the permission get 403; LoginRequiredMiddleware handles the rest."""

    raise_exception = True


class StaleEditGuardMixin:
    """Edit pages of versioned records (TrackedModel): a page opened before someone else saved
    the record cannot overwrite their save unseen.

    The form carries the version it showed in a hidden ``version`` input; the save claims the
    next version with a conditional UPDATE in the same transaction (the API's If-Match rule).
    A post without the input (a script) is checked against the version read at its start.
    """

    stale_message = (
        "Someone else saved this record after you opened this page, so nothing was saved. "
        "Open the record again to see their changes, then make yours."
    )

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0, initial=form.instance.version
        )
        return form

    def form_valid(self, form):
        seen = form.cleaned_data.get("version")
        with transaction.atomic():
            if seen is not None:
                form.instance.version = seen
            try:
                claim_version(form.instance)
            except StaleVersion:
                form.add_error(None, self.stale_message)
                return self.form_invalid(form)
            return super().form_valid(form)


class HistoryPageMixin:
    """Renders ``templates/history/object_history.html`` for ``self.object``."""

    template_name = "history/object_history.html"
    context_object_name = "subject"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = history_entries(self.object)
        context["back_url"] = self.object.get_absolute_url()
        return context


class PdfDownloadMixin:
    """``?format=pdf`` on a page makes the same page into a PDF, charts included, as a background
    job (common/jobs/pdf.py): without a worker the PDF is the answer, with one the browser
    follows the job's page and downloads the PDF there.

    Rendering is limited per user, for the whole site and in time (common.pdf.render_pdf):
    over a limit the answer is 429 with Retry-After, past the time limit 503, each with the
    job's page saying what to do and offering Retry. Every page of the PDF carries
    ``pdf_header(context)``. Downloading the PDF runs this view's checks again
    (common/jobs/access.py), answered here with 204 before anything is rendered.
    """

    def pdf_filename(self) -> str:
        return "page.pdf"

    def pdf_header(self, context) -> dict:
        """render_pdf's keyword arguments for the header and footer of every page (title, as_of,
        state); none: the page's <title>."""
        return {}

    def get(self, request, *args, **kwargs):
        if getattr(request, CHECKING_ACCESS, False):
            return HttpResponse(status=204)  # dispatch's checks let the user in
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.request.GET.get("format") != "pdf":
            return response
        html = response.render().content.decode()
        job = pdf_jobs.start_pdf(
            self.request.user,
            html,
            page=self.request.path_info,
            page_url=self.request.path,
            filename=f"{slugify(self.pdf_filename()) or 'page'}.pdf",
            header=self.pdf_header(context),
        )
        return pdf_jobs.answer(self.request, job)
