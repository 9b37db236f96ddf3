"""Issue 16: with a worker, a PDF and a questionnaire import run as background jobs in the browser.

"Download PDF" and "Import" land on the job's page, which shows its progress bar while a real
worker process (db_worker, the database backend) renders the PDF with Chromium or saves the
questionnaire, then the result: the PDF to download, the link to the new version.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from common.jobs.models import Job, JobStatus
from config.roles import Role
from evaluator.models import Questionnaire
from tests.browser.conftest import log_in, requires_chromium
from tests.evaluator.test_dashboard import scored_evaluation
from tests.evaluator.test_vsaq_import import SMALL
from tests.factories import PASSWORD, UserFactory
from tests.jobs.test_worker import DATABASE_TASKS, database_url
from tests.test_deploy_settings import ROOT

pytestmark = [pytest.mark.browser, requires_chromium]


def run_worker(media_root) -> None:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_TASKS_BACKEND": "database",
        "DATABASE_URL": database_url(),
        "DJANGO_MEDIA_ROOT": str(media_root),
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


def wait_on_the_job_page(page, live_server) -> Job:
    page.wait_for_url(f"{live_server.url}/jobs/**")
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED
    page.get_by_text("Waiting for a worker").wait_for()
    assert page.locator("progress#job-progress").is_visible()
    return job


@override_settings(TASKS=DATABASE_TASKS)
def test_a_pdf_job_shows_its_progress_then_offers_the_pdf(
    page, live_server, transactional_db, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    leader = UserFactory(username="rita", role=Role.RISK_LEADER.value)
    evaluation = scored_evaluation(leader, 2)

    log_in(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/dashboard/")
    page.get_by_role("link", name="Download PDF").click()
    job = wait_on_the_job_page(page, live_server)
    assert job.kind == "pdf" and not job.output

    run_worker(settings.MEDIA_ROOT)
    # The page notices on its next poll, reloads, and offers the PDF.
    link = page.get_by_role("link", name="Download")
    link.first.wait_for(timeout=60_000)
    assert "The PDF is ready" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download {job.params['output_name']}").click()
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF-")
    assert download.value.suggested_filename.endswith("dashboard.pdf")
    page.get_by_role("link", name="Back to the page").click()
    page.wait_for_url(f"{live_server.url}/evaluations/{evaluation.pk}/dashboard/")
    assert page.problems == []


@override_settings(TASKS=DATABASE_TASKS)
def test_a_questionnaire_import_job_shows_its_progress_then_links_the_new_version(
    page, live_server, transactional_db, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="paula", role=Role.PROCUREMENT.value)

    log_in(page, live_server, "paula", PASSWORD)
    page.goto(f"{live_server.url}/questionnaires/import/")
    page.set_input_files("input[type=file]", str(SMALL))
    page.get_by_label("Format").select_option("vsaq")
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url(f"{live_server.url}/questionnaires/import/preview/")
    page.get_by_role("button", name="Import as a new version of vsaq_small").click()
    wait_on_the_job_page(page, live_server)
    assert not Questionnaire.objects.filter(family="vsaq_small").exists()

    run_worker(settings.MEDIA_ROOT)
    page.get_by_role("link", name="Open vsaq_small v1").wait_for(timeout=60_000)
    assert "Imported “Converged SOC vendor check” as vsaq_small v1" in page.content()
    assert Questionnaire.objects.get(family="vsaq_small").questions.count() == 13
    page.get_by_role("link", name="Open vsaq_small v1").click()
    page.get_by_role("heading", name="Converged SOC vendor check").first.wait_for()
    assert page.problems == []
