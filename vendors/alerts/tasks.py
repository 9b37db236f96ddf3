"""The daily roadmap check (presumed slips, their notifications and emails) as a background job.

``manage.py check_roadmaps --enqueue`` (run by cron or a systemd timer, docs/operations.md)
queues it for the worker; the job's page and /api/jobs/ show the outcome, and a run whose
emails could not be sent fails with that reason and can be retried (the slips and
notifications are saved; a retry sends the emails still pending).
"""

import datetime

from django.tasks import task

from common import jobs
from vendors.alerts.slips import run_daily_check

KIND = "roadmap-check"


def start_daily_check(day: datetime.date | None = None, owner=None) -> jobs.Job:
    label = f"Roadmap check as of {day.isoformat()}" if day else "Daily roadmap check"
    return jobs.start(
        roadmap_check_job,
        kind=KIND,
        label=label,
        owner=owner,
        params={"date": day.isoformat() if day else None},
    )


@task()
def roadmap_check_job(job_id: int) -> str:
    return jobs.run(job_id, _check)


def _check(job: jobs.Job, progress: jobs.Progress) -> dict:
    day = job.params.get("date")
    try:
        result = run_daily_check(datetime.date.fromisoformat(day) if day else None)
    except OSError as exc:
        raise jobs.JobFailed(
            f"Could not send the alert emails ({exc}); the slips and notifications are saved, and a "
            "retry (or the next run) sends the emails still pending."
        ) from None
    return {
        "summary": f"{result.marked} item(s) newly marked as presumed slips, "
        f"{result.notified} notification(s) created, {result.emailed} email(s) sent.",
        "marked": result.marked,
        "notified": result.notified,
        "emailed": result.emailed,
    }
