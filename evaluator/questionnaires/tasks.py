"""Saving an imported questionnaire (VSAQ, CAIQ v4, mapped columns) as a background job (issue 16).

The preview stays in the request (it saves nothing); "Import" hands the file to
``import_questionnaire_job``, which keeps it under MEDIA_ROOT for the worker and runs
``importing.import_questionnaire`` unchanged: the whole version or nothing, its progress the
questions saved. A refusal fails the job with the reason ("Nothing was saved."), the file kept
for Retry; the result links to the new version. Without a worker the job has finished when
``start_import`` returns and the page answers as it did.
"""

from django.core.files.base import ContentFile
from django.tasks import task

from common import jobs
from evaluator.questionnaires.importing import ImportRefused, import_questionnaire
from evaluator.questionnaires.spreadsheet import SheetRefused, mapping_from

KIND = "questionnaire-import"
# How a spreadsheet's columns are read (spreadsheet.mapping_from), kept with the job.
MAPPING_FIELDS = ("id_column", "text_column", "section_column", "help_column", "kind", "choices")


def start_import(data: bytes, *, filename: str, fmt: str, family: str, mapping: dict, user) -> jobs.Job:
    return jobs.start(
        import_questionnaire_job,
        kind=KIND,
        label=f"Import the questionnaire {filename}",
        owner=user,
        params={"filename": filename, "format": fmt, "family": family, "mapping": mapping},
        upload=ContentFile(data, name=filename or "questionnaire"),
    )


@task()
def import_questionnaire_job(job_id: int) -> str:
    return jobs.run(job_id, _import)


def _import(job: jobs.Job, progress: jobs.Progress) -> dict:
    params = job.params
    progress.step(0, 0, "Reading the file")
    with job.upload.open("rb") as handle:
        data = handle.read()
    try:
        imported = import_questionnaire(
            data,
            params["filename"],
            job.owner,
            fmt=params["format"],
            family=params["family"],
            mapping=mapping_from(params["format"], params["mapping"]),
            on_progress=lambda done, total: progress(done, total, f"{done} of {total} questions saved"),
        )
    except (ImportRefused, SheetRefused) as refused:
        raise jobs.JobFailed(f"{refused} Nothing was saved.") from None
    questionnaire = imported.questionnaire
    return {
        "summary": imported.summary(),
        "result_url": questionnaire.get_absolute_url(),
        "link_label": f"Open {questionnaire.family} v{questionnaire.version_number}",
        "questionnaire": questionnaire.pk,
        "not_applied": imported.plan.not_applied[:20],
    }
