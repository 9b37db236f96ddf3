"""The answer import as a background job (issue 16).

``start_import`` keeps the uploaded file under MEDIA_ROOT (the worker may be another
machine) and queues ``import_answers_job``; the job runs ``importing.import_answers``
unchanged (all rows or nothing, the row-level report) with its progress written to the job.
Without a worker the job has finished when ``start_import`` returns, and ``outcome`` gives the
``ImportResult`` the page and the API answered with before.
"""

from django.core.files.base import ContentFile
from django.tasks import task

from common import jobs
from evaluator.models import Response
from evaluator.responses.importing import ImportResult, import_answers
from evaluator.responses.reading import MAX_BYTES, RowError

KIND = "answer-import"


def start_import(response: Response, upload, user) -> jobs.Job:
    # Never keep more than the limit; read_sheet reports the file as too large.
    data = upload.read(MAX_BYTES + 1)
    return jobs.start(
        import_answers_job,
        kind=KIND,
        label=f"Import {upload.name} into {response.vendor.name} · {response.questionnaire}",
        owner=user,
        params={"response": response.pk, "filename": upload.name},
        upload=ContentFile(data, name=upload.name),
        result_url=response.get_absolute_url(),
    )


@task()
def import_answers_job(job_id: int) -> str:
    return jobs.run(job_id, _import)


def _import(job: jobs.Job, progress: jobs.Progress) -> dict:
    response = (
        Response.objects.select_related("vendor", "questionnaire", "evaluation")
        .filter(pk=job.params["response"])
        .first()
    )
    if response is None:
        raise jobs.JobFailed("The response was deleted before the import ran; nothing was saved.")
    with job.upload.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    result = import_answers(
        data,
        job.params["filename"],
        response.vendor,
        response.questionnaire,
        job.owner,
        on_progress=lambda done, total: progress(done, total, f"{done} of {total} rows checked"),
        evaluation=response.evaluation,
    )
    return {
        "ok": result.ok,
        "summary": result.summary(),
        "rows_read": result.rows_read,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "blank": result.blank,
        "ignored": result.ignored,
        "response": result.response.pk if result.response else None,
        "report": [
            [error.row, error.column, error.value, error.reason, error.question] for error in result.errors
        ],
    }


def outcome(job: jobs.Job) -> ImportResult:
    """The ImportResult a finished import job recorded, as import_answers returned it."""
    data = job.result or {}
    response_pk = data.get("response")
    return ImportResult(
        errors=[RowError(*row) for row in data.get("report", [])],
        created=data.get("created", 0),
        updated=data.get("updated", 0),
        unchanged=data.get("unchanged", 0),
        blank=data.get("blank", 0),
        ignored=data.get("ignored", 0),
        rows_read=data.get("rows_read", 0),
        response=Response.objects.filter(pk=response_pk).first() if response_pk else None,
    )
