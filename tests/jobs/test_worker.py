"""Issue 16: with DJANGO_TASKS_BACKEND=database a real worker process (db_worker) runs the job.

The test database is a file (SQLite here, PostgreSQL in CI's PostgreSQL run), committed to
(transactional), so the worker started as another process sees the queued task.
"""

import datetime
import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from common import jobs
from common.jobs.models import JobStatus
from tests.jobs import sample_tasks
from tests.test_deploy_settings import ROOT

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def run_worker():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_TASKS_BACKEND": "database",
        "DATABASE_URL": database_url(),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_queued_job_is_run_by_the_worker_process_and_health_sees_a_waiting_queue(procurement, caplog):
    job = jobs.start(sample_tasks.sample_job, kind="sample", label="Sample job", owner=procurement, params={})
    assert job.status == JobStatus.QUEUED
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get()
    # A task waiting longer than DJANGO_TASKS_STALE_MINUTES: no worker is taking them.
    DBTaskResult.objects.filter(pk=queued.pk).update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))
    health = Client().get("/health/")
    assert health.status_code == 503 and json.loads(health.content)["tasks"] == "error"
    assert "health check tasks failed" not in caplog.text  # an answer, not a failing check

    worker = run_worker()
    assert worker.returncode == 0, worker.stderr
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, (job.error, worker.stderr)
    assert job.message == "Did three steps." and (job.progress_done, job.progress_total) == (3, 3)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert Client().get("/health/").status_code == 200
