"""Importing a standard questionnaire in the app: the file and how to read it, a preview, then
the new version, saved by a background job (``questionnaires.tasks``; ``questionnaires.importing``
does the work, as for the API and the command)."""

import base64

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import FormView

from common.jobs import JobStatus
from common.pages import RolePermissionMixin
from evaluator.questionnaires.importing import MAX_BYTES, ImportRefused, import_questionnaire
from evaluator.questionnaires.spreadsheet import CAIQ_V4, KINDS, SheetRefused, mapping_from
from evaluator.questionnaires.tasks import MAPPING_FIELDS, start_import


class QuestionnaireImportForm(forms.Form):
    """A standard questionnaire file to import as a new version (``questionnaires.importing``)."""

    file = forms.FileField(
        label="Questionnaire file",
        help_text="VSAQ: a .json questionnaire of github.com/google/vsaq. CAIQ v4 or another "
        "spreadsheet: your own .xlsx or .csv.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,.csv"}),
    )
    format = forms.ChoiceField(
        choices=[
            ("vsaq", "VSAQ (Google's Vendor Security Assessment Questionnaire, .json)"),
            ("caiq", "CSA CAIQ v4 workbook (.xlsx), keyed by question id such as A&A-01.1"),
            ("columns", "Another spreadsheet (.xlsx or .csv): name its columns below"),
        ]
    )
    family = forms.SlugField(
        label="Questionnaire id",
        max_length=80,
        required=False,
        help_text="Add the import as the next version of this questionnaire; blank: from the file name.",
    )
    id_column = forms.CharField(
        label="Question id column", required=False, help_text="Spreadsheets: its header (CAIQ: Question ID)."
    )
    text_column = forms.CharField(
        label="Question text column", required=False, help_text="Spreadsheets: its header (CAIQ: Question)."
    )
    section_column = forms.CharField(
        label="Section column",
        required=False,
        help_text="Blank: the id's prefix before '-' (A&A-01.1 → A&A).",
    )
    help_column = forms.CharField(label="Guidance column", required=False)
    kind = forms.ChoiceField(
        label="Question type",
        required=False,
        choices=[
            ("", "CAIQ: single choice Yes / No / NA; others: free text"),
            *[(kind.value, kind.label) for kind in KINDS],
        ],
    )
    choices = forms.CharField(
        label="Choices", required=False, help_text="For choice types, separated by ';'."
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") == "columns":
            for name in ("id_column", "text_column"):
                if not cleaned.get(name):
                    self.add_error(name, "Name the column of the spreadsheet that holds it.")
        return cleaned


STAGED_SESSION_KEY = "questionnaire_import_staged"
MAX_STAGED_BYTES = 5 * 1024 * 1024  # the upload waits in the session between preview and import


def _run_import(request, staged: dict, preview: bool):
    data = base64.b64decode(staged["data"])
    return import_questionnaire(
        data,
        staged["filename"],
        request.user,
        fmt=staged["format"],
        family=staged["family"],
        mapping=mapping_from(staged["format"], staged["mapping"]),
        preview=preview,
    )


class QuestionnaireImportView(RolePermissionMixin, FormView):
    """Step 1 of importing a standard questionnaire (VSAQ, CAIQ v4, mapped columns): the file and
    how to read it. A file that cannot be read is refused here, naming the item; one that can is
    shown as a preview (step 2) before anything is saved."""

    permission_required = "evaluator.add_questionnaire"
    form_class = QuestionnaireImportForm
    template_name = "evaluator/questionnaires/questionnaire_import.html"

    def get_initial(self):
        return {**super().get_initial(), "id_column": CAIQ_V4.id_column, "text_column": CAIQ_V4.text_column}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)  # never more than the limit in memory
        if len(data) > MAX_STAGED_BYTES:
            form.add_error("file", f"The file is too large to preview (over {MAX_STAGED_BYTES:,} bytes).")
            return self.form_invalid(form)
        fmt = form.cleaned_data["format"]
        mapping = {name: form.cleaned_data.get(name, "") for name in MAPPING_FIELDS}
        if fmt == "caiq":  # the preset's own columns unless the user changed them
            mapping = {name: value for name, value in mapping.items() if value}
        staged = {
            "data": base64.b64encode(data).decode("ascii"),
            "filename": upload.name[:200],
            "format": fmt,
            "family": form.cleaned_data["family"],
            "mapping": mapping,
        }
        try:
            _run_import(self.request, staged, preview=True)
        except (ImportRefused, SheetRefused) as refused:
            form.add_error("file", f"{refused} Nothing was saved.")
            return self.form_invalid(form)
        self.request.session[STAGED_SESSION_KEY] = staged
        return redirect("questionnaires:import_preview")


class QuestionnaireImportPreviewView(RolePermissionMixin, View):
    """Step 2: what the import would create (sections, questions, conditions, problems); "Import"
    saves it as a new version, all of it or nothing."""

    permission_required = "evaluator.add_questionnaire"
    template_name = "evaluator/questionnaires/questionnaire_import_preview.html"

    def staged(self):
        return self.request.session.get(STAGED_SESSION_KEY)

    def get(self, request):
        staged = self.staged()
        if not staged:
            messages.info(request, "Choose the questionnaire file to import first.")
            return redirect("questionnaires:import_questionnaire")
        try:
            preview = _run_import(request, staged, preview=True)
        except (ImportRefused, SheetRefused) as refused:
            messages.error(request, str(refused))
            return redirect("questionnaires:import_questionnaire")
        context = {"preview": preview, "staged": staged, "sections": preview.plan.sections}
        return render(request, self.template_name, context)

    def post(self, request):
        staged = self.staged()
        if not staged:
            return redirect("questionnaires:import_questionnaire")
        job = start_import(
            base64.b64decode(staged["data"]),
            filename=staged["filename"],
            fmt=staged["format"],
            family=staged["family"],
            mapping=staged["mapping"],
            user=request.user,
        )
        if job.status == JobStatus.FAILED:
            messages.error(request, job.error)  # the file stays staged: correct and retry
            return redirect("questionnaires:import_preview")
        del request.session[STAGED_SESSION_KEY]  # the job holds the file now
        if job.status != JobStatus.SUCCEEDED:
            return redirect(job)  # a worker saves it: the job's page follows the progress
        messages.success(request, job.message)
        for line in job.result.get("not_applied", []):
            messages.warning(request, f"Condition kept as text, not applied: {line}")
        return redirect(job.result_url)
