"""Issue 16: a PDF (``?format=pdf`` on a dashboard, scorecard or memo) is made by a background job.

Chromium is mocked (tests/test_pdf_document.py renders for real); the job, its progress, the
file under MEDIA_ROOT, the failure and its retry, and who may download are real.
"""

import datetime
import io
import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from common import pdf
from common.jobs import pdf as pdf_jobs
from common.jobs.models import Job, JobStatus
from common.jobs.services import remove_old_outputs
from tests.conftest import client_for
from tests.evaluator.test_dashboard import scored_evaluation
from tests.factories import UserFactory

QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
FAKE_PDF = b"%PDF-1.7 fake dashboard"


@pytest.fixture(autouse=True)
def _fake_chromium(monkeypatch):
    cache.clear()
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kwargs: FAKE_PDF)
    yield
    cache.clear()


@pytest.fixture
def evaluation(risk_leader):
    return scored_evaluation(risk_leader, 2)


def dashboard(evaluation) -> str:
    return f"/evaluations/{evaluation.pk}/dashboard/"


def downloaded(response) -> bytes:
    assert response.status_code == 200, response
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_without_a_worker_the_pdf_is_the_answer_and_stays_downloadable_from_its_job(risk_leader, evaluation):
    client = client_for(risk_leader)
    answer = client.get(dashboard(evaluation), {"format": "pdf"})
    assert downloaded(answer) == FAKE_PDF and answer["Content-Type"] == "application/pdf"
    assert 'filename="' in answer["Content-Disposition"] and "dashboard.pdf" in answer["Content-Disposition"]
    job = Job.objects.get()
    assert (job.kind, job.status, job.owner) == ("pdf", JobStatus.SUCCEEDED, risk_leader)
    assert job.output.name.startswith("jobs/output/") and not job.upload  # the page is not kept
    assert job.label == f"PDF of {evaluation.name} · Dashboard"
    assert job.message.startswith("The PDF is ready")
    assert downloaded(client.get(f"/jobs/{job.pk}/download/")) == FAKE_PDF


@override_settings(TASKS=QUEUE_ONLY)
def test_with_a_worker_the_browser_follows_the_job_and_downloads_the_pdf_when_it_is_done(
    risk_leader, evaluation, monkeypatch
):
    client = client_for(risk_leader)
    queued = client.get(dashboard(evaluation), {"format": "pdf"})
    job = Job.objects.get()
    assert queued.status_code == 302 and queued["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.QUEUED and job.upload and not job.output  # the page waits for the worker
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress id="job-progress"' in page and "Waiting for a worker" in page

    seen = []

    def watching(html, **kwargs):
        seen.append(Job.objects.values_list("progress_done", "progress_total", "message").get(pk=job.pk))
        assert evaluation.name in html  # the page as the user saw it
        return FAKE_PDF

    monkeypatch.setattr(pdf, "html_to_pdf", watching)
    pdf_jobs.render_pdf_job.call(job.pk)  # the worker
    assert seen == [(1, 2, "Rendering the PDF")]  # 50 %
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and (job.progress_done, job.progress_total) == (2, 2)
    assert job.message.startswith("The PDF is ready") and job.percent == 100
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/jobs/{job.pk}/download/"' in page and "dashboard.pdf" in page
    assert f'href="{dashboard(evaluation)}">Back to the page' in page
    assert downloaded(client.get(f"/jobs/{job.pk}/download/")) == FAKE_PDF


def test_a_render_that_fails_says_why_answers_its_old_status_and_a_retry_makes_the_pdf(
    risk_leader, evaluation, monkeypatch
):
    def too_slow(html, **kwargs):
        raise pdf.PdfTimedOut("The PDF took longer than 60 seconds.")

    monkeypatch.setattr(pdf, "html_to_pdf", too_slow)
    client = client_for(risk_leader)
    failed = client.get(dashboard(evaluation), {"format": "pdf"})
    job = Job.objects.get()
    assert failed.status_code == 503 and failed["Retry-After"] == "60"
    text = failed.content.decode()
    assert "Making the PDF took too long" in text and f'action="/jobs/{job.pk}/retry/"' in text
    assert job.status == JobStatus.FAILED and job.upload  # the page is kept for the retry
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404

    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kwargs: FAKE_PDF)
    assert client.post(f"/jobs/{job.pk}/retry/").status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2 and not job.upload
    assert downloaded(client.get(f"/jobs/{job.pk}/download/")) == FAKE_PDF


def test_without_chromium_the_job_says_so_and_suggests_printing(
    risk_leader, evaluation, settings, monkeypatch
):
    monkeypatch.undo()  # the real html_to_pdf, which looks for Chromium first
    settings.CHROMIUM_PATH = "/nonexistent/chromium"
    answer = client_for(risk_leader).get(dashboard(evaluation), {"format": "pdf"})
    assert answer.status_code == 503 and "Retry-After" not in answer
    assert "needs Chromium" in Job.objects.get().error and "Print" in Job.objects.get().error


def test_the_pdf_goes_only_to_who_asked_for_it_while_they_may_still_see_the_evaluation(
    risk_leader, evaluation, admin_user
):
    colleague = UserFactory(username="mina.member", role="Risk leader")
    evaluation.members.add(colleague)
    client_for(colleague).get(dashboard(evaluation), {"format": "pdf"})
    job = Job.objects.get()
    download = f"/jobs/{job.pk}/download/"
    assert downloaded(client_for(colleague).get(download)) == FAKE_PDF
    # Someone else, even the evaluation's owner or an administrator (who see the job): 404.
    assert client_for(risk_leader).get(download).status_code == 404
    assert client_for(admin_user).get(download).status_code == 404
    assert "is for mina.member only" in client_for(admin_user).get(f"/jobs/{job.pk}/").content.decode()
    # Taken off the evaluation: the page would refuse them, so does its PDF.
    evaluation.members.remove(colleague)
    assert client_for(colleague).get(download).status_code == 404
    page = client_for(colleague).get(f"/jobs/{job.pk}/").content.decode()
    assert download not in page and "can no longer open the page" in page


@override_settings(TASKS=QUEUE_ONLY)
def test_a_user_who_loses_the_role_before_the_worker_renders_cannot_download_it(evaluation):
    member = UserFactory(username="ex.member", role="Risk leader")
    evaluation.members.add(member)
    client_for(member).get(dashboard(evaluation), {"format": "pdf"})
    job = Job.objects.get()
    member.groups.clear()  # no role: the dashboard answers 403
    pdf_jobs.render_pdf_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.output
    assert client_for(member).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_pdfs_are_deleted_after_the_retention_period_and_the_job_says_so(risk_leader, evaluation, settings):
    settings.JOB_FILES_KEEP_HOURS = 24
    client = client_for(risk_leader)
    client.get(dashboard(evaluation), {"format": "pdf"})
    job = Job.objects.get()
    stored = job.output.path
    assert remove_old_outputs() == 0  # young: kept
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(hours=25))
    out = io.StringIO()
    call_command("remove_old_job_files", stdout=out)
    assert out.getvalue() == "1 file(s) removed.\n"
    job.refresh_from_db()
    assert not job.output and not os.path.exists(stored)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert "The file was deleted 24 hours after" in client.get(f"/jobs/{job.pk}/").content.decode()


@override_settings(TASKS=QUEUE_ONLY)
def test_in_the_worker_a_render_refused_for_want_of_a_slot_waits_for_one(
    risk_leader, evaluation, monkeypatch
):
    client_for(risk_leader).get(dashboard(evaluation), {"format": "pdf"})
    job = Job.objects.get()
    tries, naps = [], []

    def busy_once(user, html, **header):
        tries.append(header["title"])
        if len(tries) == 1:
            raise pdf.PdfBusy("The server is making as many PDFs as it can right now.")
        return FAKE_PDF

    monkeypatch.setattr(pdf_jobs, "render_pdf", busy_once)
    monkeypatch.setattr(pdf_jobs.time, "sleep", naps.append)
    pdf_jobs.render_pdf_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and len(tries) == 2 and naps == [pdf.RETRY_AFTER_SECONDS]
    assert tries[0] == f"{evaluation.name} · Dashboard"
