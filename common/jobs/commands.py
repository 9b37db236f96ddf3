"""``--enqueue`` for the management commands that cron runs: hand the work to the task backend.

With a worker (DJANGO_TASKS_BACKEND=database) the command returns at once, printing the
job's number; without one the job has run when it returns, and the command prints its
outcome or fails with its reason, exactly like the command without ``--enqueue``.
"""

from django.core.management.base import BaseCommand, CommandError

from common.jobs.models import Job, JobStatus

ENQUEUE_HELP = (
    "run it as a background job: queued for the worker when DJANGO_TASKS_BACKEND=database, "
    "run at once otherwise; its outcome is on /jobs/ for administrators"
)


def add_enqueue_argument(parser) -> None:
    parser.add_argument("--enqueue", action="store_true", help=ENQUEUE_HELP)


def report_job(command: BaseCommand, job: Job) -> None:
    if job.status == JobStatus.FAILED:
        raise CommandError(job.error)
    if job.status == JobStatus.SUCCEEDED:
        command.stdout.write(job.message)
    else:
        command.stdout.write(f"Queued as job {job.pk} ({job.get_absolute_url()}).")
