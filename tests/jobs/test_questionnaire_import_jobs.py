"""Issue 16: saving an imported questionnaire (after its preview) is a background job."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from common.jobs.models import Job, JobStatus
from evaluator.models import Question, Questionnaire
from evaluator.questionnaires import importing, tasks
from evaluator.questionnaires.importing import ImportRefused
from tests.api.conftest import token_client
from tests.conftest import client_for
from tests.evaluator.test_vsaq_import import small_bytes

QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def preview(client):
    staged = client.post(
        "/questionnaires/import/",
        {"file": SimpleUploadedFile("vsaq_small.json", small_bytes()), "format": "vsaq"},
    )
    assert staged["Location"] == "/questionnaires/import/preview/"
    return staged["Location"]


@pytest.fixture
def client(procurement):
    return client_for(procurement)


def test_without_a_worker_import_saves_at_once_through_a_job(client, procurement):
    done = client.post(preview(client))
    questionnaire = Questionnaire.objects.get(family="vsaq_small")
    assert done["Location"] == questionnaire.get_absolute_url()
    job = Job.objects.get()
    assert (job.kind, job.status, job.owner) == ("questionnaire-import", JobStatus.SUCCEEDED, procurement)
    assert job.result["questionnaire"] == questionnaire.pk and not job.upload
    assert (job.progress_done, job.progress_total) == (13, 13)


@override_settings(TASKS=QUEUE_ONLY)
def test_with_a_worker_the_page_follows_the_job_which_links_the_new_version(client):
    queued = client.post(preview(client))
    job = Job.objects.get()
    assert queued.status_code == 302 and queued["Location"] == f"/jobs/{job.pk}/"
    assert (
        job.status == JobStatus.QUEUED
        and job.upload
        and not Questionnaire.objects.filter(family="vsaq_small").exists()
    )
    assert "<progress" in client.get(queued["Location"]).content.decode()
    # The file went to the job: the preview is not offered twice.
    assert client.get("/questionnaires/import/preview/")["Location"] == "/questionnaires/import/"
    tasks.import_questionnaire_job.call(job.pk)  # the worker
    job.refresh_from_db()
    questionnaire = Questionnaire.objects.get(family="vsaq_small")
    assert job.status == JobStatus.SUCCEEDED and questionnaire.questions.count() == 13
    assert (job.progress_done, job.progress_total, job.message) == (
        13,
        13,
        "Imported “Converged SOC vendor check” as vsaq_small v1: 2 section(s), 13 item(s), "
        "7 condition(s); 1 kept as text only.",
    )
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="{questionnaire.get_absolute_url()}">Open vsaq_small v1' in page


@override_settings(TASKS=QUEUE_ONLY)
def test_a_refused_import_fails_the_job_with_the_reason_and_a_retry_saves_it(client, monkeypatch):
    client.post(preview(client))
    job = Job.objects.get()
    real = importing.import_questionnaire
    attempts = []

    def refused_once(*args, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise ImportRefused("The version vsaq_small v1 was created by someone else meanwhile.")
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "import_questionnaire", refused_once)
    tasks.import_questionnaire_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.upload
    assert job.error == "The version vsaq_small v1 was created by someone else meanwhile. Nothing was saved."
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "created by someone else meanwhile" in page and f'action="/jobs/{job.pk}/retry/"' in page
    assert not Questionnaire.objects.filter(family="vsaq_small").exists()
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    ):
        client.post(f"/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert Questionnaire.objects.get(family="vsaq_small").questions.count() == 13


def test_a_crash_half_way_through_saves_nothing_and_says_what_kind(client, monkeypatch):
    monkeypatch.setattr(importing, "SAVE_BATCH", 5)
    real = importing.bulk_create_with_history
    calls = []

    def breaks_on_the_second_batch(objects, model, **kwargs):
        if model is Question:
            calls.append(len(objects))
            if len(calls) == 2:
                raise RuntimeError("disk full")
        return real(objects, model, **kwargs)

    monkeypatch.setattr(importing, "bulk_create_with_history", breaks_on_the_second_batch)
    answer = client.post(preview(client))
    assert answer["Location"] == "/questionnaires/import/preview/"  # back to the preview, file staged
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "RuntimeError" in job.error
    assert calls == [5, 5]
    assert (
        not Questionnaire.objects.filter(family="vsaq_small").exists()
        and not Question.objects.filter(questionnaire__family="vsaq_small").exists()
    )  # all or nothing


@override_settings(TASKS=QUEUE_ONLY)
def test_with_a_worker_the_api_answers_202_and_the_job_gives_the_new_version(procurement):
    api = token_client(procurement)
    body = {"file": SimpleUploadedFile("caiq.csv", b"Question ID,Question\nA-01,Is it?\nA-02,And this?\n")}
    queued = api.post(
        "/api/questionnaires/import/",
        {
            **body,
            "format": "columns",
            "id_column": "Question ID",
            "text_column": "Question",
            "family": "api-queued",
        },
        format="multipart",
    )
    assert queued.status_code == 202, queued.json()
    job = Job.objects.get()
    assert queued["Location"] == f"/api/jobs/{job.pk}/" and queued.json()["status"] == "queued"
    assert job.params["mapping"]["id_column"] == "Question ID"
    tasks.import_questionnaire_job.call(job.pk)
    result = api.get(queued["Location"]).json()
    questionnaire = Questionnaire.objects.get(family="api-queued")
    assert result["status"] == "succeeded" and result["result"]["questionnaire"] == questionnaire.pk
    assert result["result_url"] == questionnaire.get_absolute_url()
    assert [q.code for q in questionnaire.questions.order_by("position")] == ["A-01", "A-02"]
    # A preview still answers at once and saves nothing.
    preview = api.post(
        "/api/questionnaires/import/",
        {"file": SimpleUploadedFile("v.json", small_bytes()), "preview": "true"},
        format="multipart",
    )
    assert preview.status_code == 200 and Job.objects.count() == 1
