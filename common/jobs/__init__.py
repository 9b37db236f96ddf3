"""Background jobs on django.tasks: ``start``, ``run``, ``retry``, progress and the job page.

Features import this package (``from common import jobs``); see services.py for the pattern.
"""

from common.jobs.models import Job, JobStatus
from common.jobs.services import JobFailed, Progress, retry, run, save_output, start, tasks_run_immediately

__all__ = [
    "Job",
    "JobFailed",
    "JobStatus",
    "Progress",
    "retry",
    "run",
    "save_output",
    "start",
    "tasks_run_immediately",
]
