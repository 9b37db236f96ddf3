"""Issue 16: background jobs on django.tasks: progress, result, why it failed, retry, who sees them."""

import json
import logging

import pytest
from django.test import override_settings

from common import jobs
from common.jobs.models import Job, JobStatus
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.jobs import sample_tasks

QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _nothing_fixed_yet():
    sample_tasks.FIXED.clear()  # ids come back after a rolled-back test
    yield
    sample_tasks.FIXED.clear()


def start(owner, **params):
    return jobs.start(sample_tasks.sample_job, kind="sample", label="Sample job", owner=owner, params=params)


def test_without_a_worker_a_job_has_run_when_start_returns(procurement):
    assert jobs.tasks_run_immediately()
    job = start(procurement)
    assert job.status == JobStatus.SUCCEEDED and job.finished
    assert job.message == "Did three steps." and job.result["summary"] == "Did three steps."
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert job.result_url == "/vendors/" and job.attempts == 1 and job.task_id


def test_a_refusal_fails_the_job_with_its_reason_and_a_retry_runs_it_again(procurement):
    job = start(procurement, mode="refused")
    assert job.status == JobStatus.FAILED
    assert job.error == "The feed answered 500; nothing was imported."
    client = client_for(procurement)
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    assert b"Failed:</strong> The feed answered 500" in page.content
    assert f'action="/jobs/{job.pk}/retry/"'.encode() in page.content
    sample_tasks.FIXED.add(job.pk)
    answer = client.post(f"/jobs/{job.pk}/retry/")
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2 and job.error == ""


def test_an_unexpected_error_says_what_kind_and_keeps_the_details_in_the_log(procurement, caplog):
    caplog.set_level(logging.ERROR, logger="common.jobs.services")
    job = start(procurement, mode="crash")
    assert job.status == JobStatus.FAILED
    assert "RuntimeError" in job.error and "hunter2" not in job.error
    assert f"job {job.pk}" in job.error
    assert "hunter2" in caplog.text  # the traceback, for the administrators


def test_only_a_failed_job_is_retried(procurement):
    job = start(procurement)
    answer = client_for(procurement).post(f"/jobs/{job.pk}/retry/")
    assert answer.status_code == 302
    job.refresh_from_db()
    assert job.attempts == 1
    api = token_client(procurement).post(f"/api/jobs/{job.pk}/retry/")
    assert api.status_code == 409 and api.json()["errors"][0]["code"] == "not_failed"


def test_a_task_delivered_twice_runs_once(procurement):
    job = start(procurement)
    assert sample_tasks.sample_job.call(job.pk) == "not queued"
    job.refresh_from_db()
    assert job.attempts == 1


@override_settings(TASKS=QUEUE_ONLY)
def test_with_a_worker_the_job_waits_and_its_status_says_so_until_it_runs(procurement):
    job = start(procurement)
    assert job.status == JobStatus.QUEUED and not jobs.tasks_run_immediately()
    client = client_for(procurement)
    status = client.get(f"/jobs/{job.pk}/status/").json()
    assert status["status"] == "queued" and status["finished"] is False and status["percent"] is None
    page = client.get(f"/jobs/{job.pk}/")
    assert f'data-job-status-url="/jobs/{job.pk}/status/"'.encode() in page.content
    assert b'src="/static/js/job-progress.js"' in page.content
    assert b"<script>" not in page.content  # CSP: no inline script
    sample_tasks.sample_job.call(job.pk)  # what the worker does
    status = client.get(f"/jobs/{job.pk}/status/").json()
    assert status | {"id": 0} == {
        "id": 0,
        "kind": "sample",
        "label": "Sample job",
        "status": "succeeded",
        "status_label": "Done",
        "finished": True,
        "done": 3,
        "total": 3,
        "percent": 100,
        "message": "Did three steps.",
        "error": "",
        "result_url": "/vendors/",
        "url": f"/jobs/{job.pk}/",
    }


def test_progress_is_written_to_the_job_while_it_runs(procurement, monkeypatch):
    seen = []

    def watch(job, progress):
        progress(1, 4)
        seen.append(Job.objects.values_list("progress_done", "progress_total", "status").get(pk=job.pk))
        progress(2, 4, "half way")  # within half a second of the last: not written
        progress(4, 4, "all rows checked")  # the last one always is
        seen.append(Job.objects.values_list("progress_done", "message").get(pk=job.pk))
        return {}

    monkeypatch.setattr(sample_tasks, "_work", watch)
    start(procurement)
    assert seen == [(1, 4, "running"), (4, "all rows checked")]


def test_a_job_is_seen_only_by_who_started_it_and_administrators(procurement, risk_leader, admin_user):
    job = start(procurement, mode="refused")
    for path in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status/"):
        assert client_for(risk_leader).get(path).status_code == 404
        assert client_for(admin_user).get(path).status_code == 200
    assert client_for(risk_leader).post(f"/jobs/{job.pk}/retry/").status_code == 404
    assert token_client(risk_leader).get(f"/api/jobs/{job.pk}/").status_code == 404
    assert token_client(procurement).get(f"/api/jobs/{job.pk}/").json()["status"] == "failed"
    assert client_for(None).get(f"/jobs/{job.pk}/status/").status_code == 302
    mine = client_for(procurement).get("/jobs/")
    assert b"Sample job" in mine.content
    assert b"Sample job" not in client_for(risk_leader).get("/jobs/").content
    listed = token_client(procurement).get("/api/jobs/").json()
    assert [row["id"] for row in listed["results"]] == [job.pk]


def test_the_api_gives_a_job_with_its_result(procurement):
    job = start(procurement)
    body = token_client(procurement).get(f"/api/jobs/{job.pk}/").json()
    assert body["result"] == {"summary": "Did three steps.", "result_url": "/vendors/"}
    assert token_client(procurement).get("/api/jobs/nope/").status_code == 404
    assert json.loads(json.dumps(body))["finished"] is True


def test_a_file_the_job_made_is_downloaded_by_who_started_it_only(
    procurement, risk_leader, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = start(procurement, mode="file")
    assert job.output.name.startswith("jobs/output/")
    page = client_for(procurement).get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/jobs/{job.pk}/download/"' in page
    served = client_for(procurement).get(f"/jobs/{job.pk}/download/")
    assert served.status_code == 200 and served["Content-Disposition"].startswith("attachment;")
    assert b"".join(served.streaming_content) == b"%PDF-1.7 sample"
    assert client_for(risk_leader).get(f"/jobs/{job.pk}/download/").status_code == 404
    assert client_for(procurement).get(f"/jobs/{start(procurement).pk}/download/").status_code == 404
