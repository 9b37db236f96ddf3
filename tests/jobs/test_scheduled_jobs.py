"""Issue 16: the roadmap check, feed imports and backups through the task backend (--enqueue)."""

import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from django.test import override_settings

from common.backup.tasks import backup_job
from common.jobs.models import Job, JobStatus
from tests import factories
from tests.vendors.signals.helpers import DATA, gatekeep
from tests.vendors.test_slip_alerts import LAST_MONTH, TODAY, item
from vendors.alerts.tasks import roadmap_check_job
from vendors.models import Notification, Signal, VendorWatch

QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def command(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue().strip()


@pytest.fixture
def slipped(db):
    vendor = factories.VendorFactory(name="Slipco", slug="slipco")
    watcher = factories.UserFactory(username="walt.watcher", email="walt@example.org", role="Executive")
    VendorWatch.objects.create(user=watcher, vendor=vendor)
    item(vendor, target=LAST_MONTH)
    return vendor


def test_without_a_worker_the_enqueued_check_runs_at_once_and_says_what_it_did(slipped):
    output = command("check_roadmaps", "--enqueue", date=TODAY)
    assert output == "1 item(s) newly marked as presumed slips, 1 notification(s) created, 1 email(s) sent."
    job = Job.objects.get()
    assert job.kind == "roadmap-check" and job.owner is None and job.status == JobStatus.SUCCEEDED
    assert job.result["marked"] == 1 and len(mail.outbox) == 1


@override_settings(TASKS=QUEUE_ONLY)
def test_with_a_worker_the_check_is_queued_and_the_worker_runs_it(slipped):
    output = command("check_roadmaps", "--enqueue", date=TODAY)
    job = Job.objects.get()
    assert output == f"Queued as job {job.pk} (/jobs/{job.pk}/)."
    assert not Notification.objects.exists()
    roadmap_check_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and Notification.objects.count() == 1


def test_a_check_whose_emails_fail_fails_with_why_and_a_retry_sends_them(slipped, monkeypatch, admin_user):
    def refuse(backend, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    with pytest.raises(CommandError, match="Could not send the alert emails"):
        command("check_roadmaps", "--enqueue", date=TODAY)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "a retry" in job.error
    monkeypatch.undo()
    from tests.conftest import client_for

    client_for(admin_user).post(f"/jobs/{job.pk}/retry/")  # a system job: administrators retry it
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["emailed"] == 1 and len(mail.outbox) == 1


def test_a_feed_import_goes_through_a_job_and_a_refusal_is_its_reason(db, tmp_path):
    gatekeep()
    output = command("import_signals", "--source", "kev", str(DATA / "kev.json"), "--enqueue")
    job = Job.objects.get(kind="signal-import")
    assert output == job.message and "new signal" in output and Signal.objects.exists()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="Nothing was imported"):
        command("import_signals", "--source", "kev", str(bad), "--enqueue")
    assert Job.objects.filter(kind="signal-import", status=JobStatus.FAILED).count() == 1


@override_settings(TASKS=QUEUE_ONLY)
def test_a_backup_job_writes_the_archive_where_the_worker_runs(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    target = tmp_path / "backups" / "nightly.zip"
    target.parent.mkdir()
    output = command("backup", str(target), "--enqueue")
    job = Job.objects.get(kind="backup")
    assert output.startswith("Queued as job") and not target.exists()
    backup_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.message.startswith("Backed up ")
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    # Jobs and the task queue are working state, never part of a backup.
    assert "common.job" not in manifest["counts"]
    assert not any(label.startswith("django_tasks_db.") for label in manifest["counts"])
