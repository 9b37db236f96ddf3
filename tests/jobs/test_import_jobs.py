"""Issue 16: the answer import as a background job, with a worker configured (queued) and without."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from common.jobs.models import Job, JobStatus
from evaluator.models import Answer
from evaluator.responses import lifecycle
from evaluator.responses.tasks import import_answers_job
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.questionnaire_helpers import GOOD_ROWS, csv_bytes, small_questionnaire
from tests.factories import VendorFactory

QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def draft(procurement, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return lifecycle.start_response(VendorFactory(slug="acme-guard"), small_questionnaire(), procurement)


def page_upload(client, draft, rows):
    file = SimpleUploadedFile("answers.csv", csv_bytes(rows))
    return client.post(f"/questionnaires/responses/{draft.pk}/import/", {"file": file})


def test_without_a_worker_the_import_page_answers_at_once_and_keeps_no_file(draft, procurement, tmp_path):
    done = page_upload(client_for(procurement), draft, GOOD_ROWS)
    assert done.status_code == 302 and done["Location"] == draft.get_absolute_url()
    assert Answer.objects.filter(response=draft).count() == 8
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.owner == procurement and not job.upload
    assert job.result["created"] == 8 and job.result["report"] == []
    assert not any(path.is_file() for path in (tmp_path / "jobs").rglob("*"))


@override_settings(TASKS=QUEUE_ONLY)
def test_with_a_worker_the_page_follows_the_job_and_the_result_waits_for_it(draft, procurement):
    client = client_for(procurement)
    queued = page_upload(client, draft, GOOD_ROWS)
    job = Job.objects.get()
    assert queued.status_code == 302 and queued["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.QUEUED and job.upload  # the file waits on shared storage
    assert not Answer.objects.exists()
    import_answers_job.call(job.pk)  # the worker
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.message.startswith("8 answer(s) added")
    assert (job.progress_done, job.progress_total) == (8, 8)
    assert Answer.objects.filter(response=draft).count() == 8
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "8 answer(s) added" in page and f'href="{draft.get_absolute_url()}"' in page


@override_settings(TASKS=QUEUE_ONLY)
def test_with_a_worker_a_bad_file_gives_the_same_row_report_on_the_job_page(draft, procurement):
    client = client_for(procurement)
    page_upload(client, draft, [*GOOD_ROWS, ("Q-77", "1")])
    job = Job.objects.get()
    import_answers_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["ok"] is False
    text = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "nothing was saved" in text and "No question with this id" in text and ">10<" in text
    report = client.get(f"/jobs/{job.pk}/report.csv")
    assert report["Content-Disposition"].startswith("attachment;")
    assert report.content.decode().splitlines()[0] == "row,question,column,value,reason"
    assert report.content.decode().splitlines()[1].startswith("10,Q-77,Question id,Q-77,")
    assert not Answer.objects.exists()
    assert client_for(None).get(f"/jobs/{job.pk}/report.csv").status_code == 302


@override_settings(TASKS=QUEUE_ONLY)
def test_with_a_worker_the_api_answers_202_and_the_job_holds_the_result(draft, procurement):
    api = token_client(procurement)
    file = SimpleUploadedFile("answers.csv", csv_bytes([*GOOD_ROWS, ("Q-77", "1")]))
    queued = api.post(f"/api/responses/{draft.pk}/import/", {"file": file}, format="multipart")
    assert queued.status_code == 202
    job = Job.objects.get()
    assert queued["Location"] == f"/api/jobs/{job.pk}/"
    assert queued.json()["status"] == "queued"
    import_answers_job.call(job.pk)
    body = api.get(queued["Location"]).json()
    assert body["status"] == "succeeded" and body["result"]["ok"] is False
    assert body["result"]["report"][-1][:3] == [10, "Question id", "Q-77"]


def test_an_import_whose_response_vanished_fails_with_the_reason(draft, procurement):
    with override_settings(TASKS=QUEUE_ONLY):
        page_upload(client_for(procurement), draft, GOOD_ROWS)
    job = Job.objects.get()
    draft.delete()
    import_answers_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "deleted before the import ran" in job.error
    assert job.upload  # kept for a retry


def test_without_a_worker_the_api_keeps_its_400_report(draft, procurement):
    file = SimpleUploadedFile("answers.csv", csv_bytes([*GOOD_ROWS, ("Q-77", "1")]))
    refused = token_client(procurement).post(
        f"/api/responses/{draft.pk}/import/", {"file": file}, format="multipart"
    )
    assert refused.status_code == 400
    assert refused.json()["report"][-1] == {
        "row": 10,
        "question": "Q-77",
        "column": "Question id",
        "value": "Q-77",
        "reason": refused.json()["report"][-1]["reason"],
    }
    assert "No question with this id" in refused.json()["report"][-1]["reason"]
