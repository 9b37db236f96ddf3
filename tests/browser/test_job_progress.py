"""Issue 16: with a worker, an answers import runs as a background job and the browser follows it.

The upload lands on the job's page, which polls its status (static/js/job-progress.js) while
a real worker process (db_worker, the database backend) runs the import, then shows the result.
"""

import os
import subprocess
import sys

import pytest
from django.test import override_settings

from common.jobs.models import Job, JobStatus
from config.roles import Role
from evaluator.models import Answer
from evaluator.responses.lifecycle import start_response
from tests.browser.conftest import log_in, requires_chromium
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import PASSWORD, UserFactory, VendorFactory
from tests.jobs.test_worker import DATABASE_TASKS, database_url
from tests.test_deploy_settings import ROOT

pytestmark = [pytest.mark.browser, requires_chromium]


@override_settings(TASKS=DATABASE_TASKS)
def test_an_import_job_shows_its_progress_and_then_its_result(
    page, live_server, transactional_db, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="paula", role=Role.PROCUREMENT.value)
    response = start_response(
        VendorFactory(name="Job Vendor", slug="job-vendor"), small_questionnaire(), None
    )
    filled = tmp_path / "answers.csv"
    filled.write_bytes(csv_bytes(GOOD_ROWS))

    log_in(page, live_server, "paula", PASSWORD)
    page.goto(f"{live_server.url}/questionnaires/responses/{response.pk}/import/")
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "/status/" in request.url else None)
    page.set_input_files("input[type=file]", str(filled))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url(f"{live_server.url}/jobs/**")
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED
    page.get_by_text("Waiting for a worker").wait_for()
    page.wait_for_function("document.querySelectorAll('[data-job-status-url]').length === 1")
    assert not Answer.objects.exists()

    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_TASKS_BACKEND": "database",
        "DATABASE_URL": database_url(),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
    # The page notices on its next poll, reloads, and shows the result with a link to the response.
    page.get_by_role("link", name="Open the result").wait_for(timeout=60_000)
    assert "8 answer(s) added" in page.content()
    assert polls and all(url.endswith(f"/jobs/{job.pk}/status/") for url in polls)
    assert Answer.objects.filter(response=response, is_answered=True).count() == 8
    assert page.problems == []
