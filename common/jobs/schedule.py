"""The daily schedule: ``manage.py run_schedule`` enqueues each daily job once a day (issue 16).

Each entry names a function ``f(today)`` by its dotted path, resolved when it is due (so this
package imports no app, and an entry whose function does not exist yet is skipped with a
warning until it does). ``tick`` records a ``ScheduledRun(name, day)`` row first: the row is
unique, so of two servers running the schedule only the one that created it enqueues the
job. The job (``daily_job``) runs on the worker, or at once without one (the immediate
backend), and its outcome is on /jobs/ for administrators like any other job.

Cron is the alternative (docs/operations.md): ``manage.py send_reminders --enqueue`` etc.
"""

import datetime
import logging
import time
from dataclasses import asdict, is_dataclass

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from common.jobs import services
from common.jobs.models import Job, ScheduledRun

logger = logging.getLogger(__name__)

TICK_SECONDS = 60
KIND = "scheduled"

# name -> dotted path of a function(today) doing that day's work; settings.DAILY_JOBS overrides.
DAILY_JOBS = {
    "send_reminders": "evaluator.portal.reminders.run_daily",
    "roadmap_check": "vendors.alerts.slips.run_daily_check",
    "document_expiry": "vendors.documents.expiry.notify_expiring",
    "job_files_cleanup": "common.jobs.services.remove_old_outputs_daily",
}


def daily_jobs() -> dict[str, str]:
    return getattr(settings, "DAILY_JOBS", DAILY_JOBS)


def resolve(path: str):
    """The function at ``path``, or None (with a warning) if it cannot be imported yet."""
    try:
        return import_string(path)
    except ImportError as exc:
        logger.warning("scheduled job %s skipped: %s", path, exc)
        return None


def tick(today: datetime.date | None = None) -> list[Job]:
    """Enqueue every daily job not yet enqueued for ``today``; return the jobs started."""
    today = today or timezone.localdate()
    started = []
    for name, path in daily_jobs().items():
        if ScheduledRun.objects.filter(name=name, day=today).exists() or resolve(path) is None:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=name, day=today)
        except IntegrityError:
            continue  # another scheduler got there first
        try:
            job = services.start(
                daily_job,
                kind=KIND,
                label=f"{name} for {today.isoformat()}",
                params={"name": name, "path": path, "date": today.isoformat()},
            )
        except Exception:
            # Not enqueued (the queue is unreachable): free the day's row so the next tick retries.
            ScheduledRun.objects.filter(pk=run.pk).delete()
            logger.exception("scheduled job %s could not be enqueued; the next tick retries", name)
            continue
        ScheduledRun.objects.filter(pk=run.pk).update(job=job)
        started.append(job)
    return started


def describe(result) -> str:
    """A one-line summary of what a daily function returned."""
    if hasattr(result, "summary"):
        return str(result.summary())
    if is_dataclass(result) and not isinstance(result, type):
        return ", ".join(f"{key.replace('_', ' ')}: {value}" for key, value in asdict(result).items())
    return str(result)


@task()
def daily_job(job_id: int) -> str:
    return services.run(job_id, _call)


def _call(job: Job, progress: services.Progress) -> dict:
    function = resolve(job.params["path"])
    if function is None:
        raise services.JobFailed(f"{job.params['path']} does not exist in this version of the application.")
    try:
        result = function(datetime.date.fromisoformat(job.params["date"]))
    except OSError as exc:
        raise services.JobFailed(
            f"Could not send its e-mails ({exc}); what was done is recorded, and a retry sends the rest."
        ) from None
    return {"summary": f"{job.params['name']}: {describe(result)}"}


def loop(*, once: bool = False, tick_seconds: int = TICK_SECONDS, out=None) -> None:
    """Tick every ``tick_seconds`` until stopped (or just once)."""
    while True:
        try:
            jobs = tick()
        except DatabaseError:
            if once:
                raise
            # A database restart must not stop the schedule: the next tick tries again.
            logger.exception("scheduled tick failed; trying again in %s s", tick_seconds)
            jobs = []
        for job in jobs:
            if out is not None:
                out(f"{job.label}: {job.get_status_display()}{f' — {job.message}' if job.message else ''}")
        if once:
            return
        time.sleep(tick_seconds)
        # As after a request: a long-lived process must not keep a connection past its age.
        close_old_connections()
