"""The daily reminders and overdue digests (reminders.run_daily) as a background job.

``manage.py send_reminders --enqueue`` and the schedule (common/jobs/schedule.py) queue it;
a run whose e-mails could not be sent fails with that reason and can be retried (what was
sent is recorded, so a retry sends only the rest).
"""

import datetime

from django.tasks import task

from common import jobs
from evaluator.portal.reminders import run_daily

KIND = "portal-reminders"


def start_reminders(day: datetime.date | None = None, owner=None) -> jobs.Job:
    label = f"Portal reminders as of {day.isoformat()}" if day else "Daily portal reminders"
    return jobs.start(
        send_reminders_job,
        kind=KIND,
        label=label,
        owner=owner,
        params={"date": day.isoformat() if day else None},
    )


@task()
def send_reminders_job(job_id: int) -> str:
    return jobs.run(job_id, _remind)


def _remind(job: jobs.Job, progress: jobs.Progress) -> dict:
    day = job.params.get("date")
    try:
        result = run_daily(datetime.date.fromisoformat(day) if day else None)
    except OSError as exc:
        raise jobs.JobFailed(
            f"Could not send the reminder e-mails ({exc}); those sent are recorded, and a retry "
            "(or the next run) sends the rest."
        ) from None
    return {"summary": result.summary(), "lines": result.lines()}
