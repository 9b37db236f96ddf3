"""Issue 16: a feed file uploaded on the signal import page is imported by a background job."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from common.jobs.models import Job, JobStatus
from tests import factories
from tests.conftest import client_for
from tests.vendors.signals.helpers import data, gatekeep
from vendors.models import Signal, UnmatchedEntry
from vendors.signals import services, tasks

QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
IMPORT = "/vendors/signals/import/"


def upload(client, content: bytes, source="kev", name="kev.json", **fields):
    return client.post(IMPORT, {"source": source, "file": SimpleUploadedFile(name, content), **fields})


@pytest.fixture
def admin(admin_user):
    gatekeep()
    return client_for(admin_user)


def test_without_a_worker_the_upload_is_imported_at_once_and_the_job_page_says_what_came_in(
    admin, admin_user
):
    assert "Import a feed file" in admin.get("/vendors/signals/review/").content.decode()
    done = upload(admin, data("kev.json"))
    job = Job.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status, job.owner) == ("signal-import", JobStatus.SUCCEEDED, admin_user)
    assert job.message.startswith(
        "3 entries read: 2 new signals, 0 already known, 1 waiting in the review queue"
    )
    assert Signal.objects.count() == 2 and UnmatchedEntry.objects.count() == 1 and not job.upload
    page = admin.get(done["Location"]).content.decode()
    assert 'href="/vendors/signals/review/">Open the review queue' in page


@override_settings(TASKS=QUEUE_ONLY)
def test_with_a_worker_the_file_waits_with_the_job_and_the_progress_counts_the_entries(admin, monkeypatch):
    upload(admin, data("kev.json"))
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED and job.upload and not Signal.objects.exists()
    seen = []
    real = services.import_records

    def watching(records, **kwargs):
        seen.append(Job.objects.values_list("progress_done", "progress_total", "message").get(pk=job.pk))
        return real(records, **kwargs)

    monkeypatch.setattr(services, "import_records", watching)
    tasks.import_signals_job.call(job.pk)  # the worker
    assert seen == [(1, 2, "3 entries read; matching them to vendors")]
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100 and Signal.objects.count() == 2


def test_a_malformed_file_fails_the_job_saving_nothing_and_a_retry_runs_it_again(admin):
    refused = upload(admin, b'{"vulnerabilities": [{"cveID": "CVE-1"}]}')
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.error.startswith("Nothing was imported.")
    assert not Signal.objects.exists() and job.upload  # kept for the retry
    page = admin.get(refused["Location"]).content.decode()
    assert "Nothing was imported." in page and f'action="/jobs/{job.pk}/retry/"' in page
    admin.post(f"/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 2  # the same file, the same reason


def test_a_vendors_own_feed_gives_every_entry_to_that_vendor(admin):
    vendor = factories.VendorFactory(name="Own Feed", slug="own-feed")
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Own</title>'
        b"<item><title>Firmware 2.1 fixes a door bypass</title><link>https://own.example/a1</link>"
        b"<guid>a1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    upload(admin, rss, source="feed", name="own.xml", kind="advisory", vendor=vendor.pk)
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED, job.error
    signal = Signal.objects.get()
    assert (signal.vendor, signal.kind, signal.severity) == (vendor, "advisory", "medium")


def test_an_oversized_file_is_refused_by_the_form_and_no_job_starts(admin, settings):
    settings.SIGNALS_MAX_BYTES = 10
    refused = upload(admin, data("kev.json"))
    assert refused.status_code == 200 and "over the size limit" in refused.content.decode()
    assert not Job.objects.exists()


def test_only_administrators_import_feed_files(procurement, risk_leader):
    for user in (procurement, risk_leader):
        assert upload(client_for(user), data("kev.json")).status_code == 403
    assert not Job.objects.exists()
