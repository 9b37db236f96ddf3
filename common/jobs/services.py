"""Start, run, report and retry background jobs (common/jobs/models.py) on django.tasks.

A feature defines a task that takes the job's id and hands its work to ``run``::

    @task()
    def import_answers_job(job_id: int):
        return jobs.run(job_id, _import)     # _import(job, progress) -> result dict

and starts it with ``jobs.start(import_answers_job, kind=..., label=..., owner=user, ...)``.
With the ImmediateBackend (no worker configured: tests, the demo) the task runs inside
``start`` and the job comes back finished, so a page or API can answer with the result as it
always did; with the database backend it comes back queued and the worker runs it.

``run`` claims the job (only a queued job starts: a task delivered twice runs once), keeps
its progress in the row, and records the outcome: the handler's result, ``JobFailed``'s
message, or for any other exception a sentence for the user and the traceback in the log.
The parameters and the uploaded file stay with a failed job, so ``retry`` runs it again.
"""

import datetime
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.tasks import task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.module_loading import import_string

from common.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 0.5


class JobFailed(Exception):
    """The job could not do its work; the message says why, for the person who started it.

    ``details`` (JSON) is kept as the failed job's result: what a page needs to answer the
    failure as it did before the work moved to a job (a PDF refused as busy answers 429).
    """

    def __init__(self, message: str, details: dict | None = None) -> None:
        super().__init__(message)
        self.details = details


type Handler = Callable[[Job, "Progress"], dict[str, Any] | None]


def tasks_run_immediately() -> bool:
    return isinstance(task_backends["default"], ImmediateBackend)


def start(
    task,
    *,
    kind: str,
    label: str,
    owner=None,
    params: dict | None = None,
    upload: ContentFile | None = None,
    result_url: str = "",
) -> Job:
    """Record the job and enqueue ``task(job.pk)``; returns the job as it is now."""
    job = Job(
        kind=kind,
        label=label[:200],
        owner=owner,
        task_path=task.module_path,
        params=params or {},
        result_url=result_url,
    )
    if upload is not None:
        job.upload.save(upload.name or "upload", upload, save=False)
    job.save()
    _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job: Job) -> None:
    task = import_string(job.task_path)
    queued = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(queued.id)[:64])


def retry(job: Job) -> bool:
    """Queue a failed job again with the same parameters; False if it had not failed."""
    reset = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED,
        error="",
        message="",
        result=None,
        progress_done=0,
        progress_total=0,
        started_at=None,
        finished_at=None,
    )
    if reset:
        _enqueue(job)
    job.refresh_from_db()
    return bool(reset)


class Progress:
    """``progress(done, total, message=None)``: written to the job row at most every half second
    (the last, done == total, always); ``progress.step(...)`` always."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last = 0.0

    def __call__(self, done: int, total: int, message: str | None = None) -> None:
        now = time.monotonic()
        if done < total and now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.write(done, total, message)

    def step(self, done: int, total: int, message: str) -> None:
        """A stage of the work ("Rendering the PDF"): always written, however soon after the last."""
        self.write(done, total, message)

    def write(self, done: int, total: int, message: str | None) -> None:
        self.last = time.monotonic()
        changes: dict[str, Any] = {"progress_done": max(0, done), "progress_total": max(0, total)}
        if message:
            changes["message"] = message[:300]
        Job.objects.filter(pk=self.job.pk).update(**changes)


def save_output(job: Job, filename: str, data: bytes) -> None:
    """Keep a file the job produced (under MEDIA_ROOT, shared by every server); the job's page links it."""
    job.output.save(filename, ContentFile(data), save=False)
    Job.objects.filter(pk=job.pk).update(output=job.output.name)


def remove_old_outputs(now=None) -> int:
    """Delete the files jobs made (PDFs) once they are older than settings.JOB_FILES_KEEP_HOURS;
    the job stays, saying its file was removed. Returns how many files went."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.JOB_FILES_KEEP_HOURS)
    removed = 0
    for job in Job.objects.filter(finished_at__lt=cutoff).exclude(output="").only("pk", "output"):
        job.output.delete(save=False)  # a file already gone is fine
        Job.objects.filter(pk=job.pk).update(output="")
        removed += 1
    return removed


def remove_old_outputs_daily(today) -> int:
    """The schedule's daily entry (common/jobs/schedule.py): job files past their retention."""
    return remove_old_outputs()


def run(job_id: int, handler: Handler) -> str:
    """Run ``handler(job, progress)`` for a queued job and record how it ended."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), attempts=models.F("attempts") + 1
    )
    if not claimed:
        return "not queued"
    job = Job.objects.select_related("owner").get(pk=job_id)
    try:
        result = handler(job, Progress(job)) or {}
    except JobFailed as failure:
        _finish(job, JobStatus.FAILED, error=str(failure), result=failure.details)
    except Exception as exc:  # noqa: BLE001 - recorded on the job, with the traceback in the log
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(
            job,
            JobStatus.FAILED,
            error=(
                f"An unexpected error stopped it ({type(exc).__name__}). The administrators find the "
                f"details in the server log under job {job.pk}; retry once the cause is fixed."
            ),
        )
    else:
        _finish(job, JobStatus.SUCCEEDED, result=result)
        if job.upload:
            # The file was only needed to do the work; a succeeded job is never retried.
            job.upload.delete(save=False)
            Job.objects.filter(pk=job.pk).update(upload="")
    return Job.objects.values_list("status", flat=True).get(pk=job_id)


def _finish(job: Job, status: str, *, result: dict | None = None, error: str = "") -> None:
    changes: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error}
    if result is not None:
        changes["result"] = result
        if result.get("summary"):
            changes["message"] = str(result["summary"])[:300]
        if result.get("result_url"):
            changes["result_url"] = str(result["result_url"])[:300]
    Job.objects.filter(pk=job.pk).update(**changes)
    if status == JobStatus.SUCCEEDED:
        # Done is all of it, whatever the last progress report said.
        Job.objects.filter(pk=job.pk, progress_total=0).update(progress_total=1)
        Job.objects.filter(pk=job.pk).update(progress_done=models.F("progress_total"))
