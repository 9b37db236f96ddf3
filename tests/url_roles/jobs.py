from common.jobs.models import Job, JobStatus
from tests.url_roles import LOGIN, READ_ALL, Route

SIGNED_IN = ("executive", "procurement", "risk_leader", "admin")
# A job is seen by who started it and by administrators; this one the system started.
ADMIN_ONLY_404 = {"anonymous": LOGIN, "executive": 404, "procurement": 404, "risk_leader": 404, "admin": 200}
POST_ONLY = {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)}


def routes():
    job = Job.objects.create(
        kind="answer-import",
        label="Walk import",
        task_path="evaluator.responses.tasks.import_answers_job",
        status=JobStatus.SUCCEEDED,
        result={
            "ok": False,
            "summary": "1 problem(s) found; nothing was saved.",
            "report": [[3, "Answer", "x", "No."]],
        },
    )
    return {
        # Everyone signed in has a list of their own jobs (administrators: every job).
        "jobs:list": Route("/jobs/", READ_ALL),
        "jobs:detail": Route(f"/jobs/{job.pk}/", ADMIN_ONLY_404),
        "jobs:status": Route(f"/jobs/{job.pk}/status/", ADMIN_ONLY_404),
        "jobs:report": Route(f"/jobs/{job.pk}/report.csv", ADMIN_ONLY_404),
        # This job made no file: 404 for everyone (tests/jobs/test_jobs.py downloads one).
        "jobs:download": Route(
            f"/jobs/{job.pk}/download/", {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)}
        ),
        # Retry is a POST (tests/jobs/test_jobs.py).
        "jobs:retry": Route(f"/jobs/{job.pk}/retry/", POST_ONLY),
        "api:job-list": Route("/api/jobs/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 200)}),
        "api:job-detail": Route(
            f"/api/jobs/{job.pk}/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN[:3], 404), "admin": 200}
        ),
        "api:job-retry": Route(
            f"/api/jobs/{job.pk}/retry/", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 405)}
        ),
    }
