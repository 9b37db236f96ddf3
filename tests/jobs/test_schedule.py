"""Issue 16: the daily jobs on a schedule, enqueued once a day however many schedulers run."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.test import override_settings

from common.jobs import schedule
from common.jobs.models import Job, JobStatus, ScheduledRun

TODAY = datetime.date(2026, 12, 4)
calls: list[tuple[str, datetime.date]] = []


def count_reminders(today):
    calls.append(("reminders", today))
    return 3


def failing(today):
    raise OSError("mail server down")


JOBS = {"reminders": "tests.jobs.test_schedule.count_reminders"}
QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _calls():
    calls.clear()


@override_settings(DAILY_JOBS=JOBS)
def test_each_daily_job_is_enqueued_once_a_day_across_runs(db):
    first = schedule.tick(TODAY)
    second = schedule.tick(TODAY)
    assert [job.label for job in first] == ["reminders for 2026-12-04"]
    assert second == []
    # Without a worker (immediate backend) the enqueued job has simply run.
    assert calls == [("reminders", TODAY)]
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.message == "reminders: 3"
    assert ScheduledRun.objects.get().job == job

    schedule.tick(TODAY + datetime.timedelta(days=1))
    assert calls == [("reminders", TODAY), ("reminders", TODAY + datetime.timedelta(days=1))]


@override_settings(DAILY_JOBS=JOBS, TASKS=QUEUE_ONLY)
def test_a_second_server_finding_the_days_row_enqueues_nothing(db):
    # The other server created the row a moment ago (between our check and our insert too).
    ScheduledRun.objects.create(name="reminders", day=TODAY)
    assert schedule.tick(TODAY) == []
    assert Job.objects.count() == 0


@override_settings(DAILY_JOBS=JOBS, TASKS=QUEUE_ONLY)
def test_with_a_worker_the_job_is_queued_not_run(db):
    [job] = schedule.tick(TODAY)
    assert job.status == JobStatus.QUEUED and calls == []


@override_settings(DAILY_JOBS={"expiry": "vendors.documents.nowhere.notify_expiring", **JOBS})
def test_a_job_whose_function_does_not_exist_yet_is_skipped_with_a_warning(db, caplog):
    with caplog.at_level(logging.WARNING, logger="common.jobs.schedule"):
        started = schedule.tick(TODAY)
    assert [job.params["name"] for job in started] == ["reminders"]
    assert "vendors.documents.nowhere.notify_expiring" in caplog.text
    # Not marked as run: once the function exists, the same day's tick enqueues it.
    assert not ScheduledRun.objects.filter(name="expiry").exists()


@override_settings(DAILY_JOBS={"broken": "tests.jobs.test_schedule.failing"})
def test_a_failing_job_is_recorded_as_failed_with_its_reason(db):
    [job] = schedule.tick(TODAY)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "mail server down" in job.error


def test_the_default_schedule_names_the_four_daily_jobs():
    assert schedule.DAILY_JOBS == {
        "send_reminders": "evaluator.portal.reminders.run_daily",
        "roadmap_check": "vendors.alerts.slips.run_daily_check",
        "document_expiry": "vendors.documents.expiry.notify_expiring",
        "job_files_cleanup": "common.jobs.services.remove_old_outputs_daily",
    }
    assert schedule.resolve("evaluator.portal.reminders.run_daily") is not None
    assert schedule.resolve("common.jobs.services.remove_old_outputs_daily") is not None
    assert schedule.resolve("vendors.alerts.slips.run_daily_check") is not None


def test_run_schedule_once_runs_the_real_daily_jobs_once(db):
    out = io.StringIO()
    call_command("run_schedule", "--once", stdout=out)
    call_command("run_schedule", "--once", stdout=out)
    names = sorted(ScheduledRun.objects.values_list("name", flat=True))
    assert "send_reminders" in names and "roadmap_check" in names
    assert len(names) == len(set(names))
    text = out.getvalue()
    assert "send_reminders for" in text and "0 reminder(s) sent" in text
    assert Job.objects.filter(status=JobStatus.SUCCEEDED).count() == len(names)


@override_settings(DAILY_JOBS=JOBS)
def test_a_job_that_could_not_be_enqueued_is_tried_again_on_the_next_tick(db, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(schedule.services, "start", unreachable)
    assert schedule.tick(TODAY) == []
    assert not ScheduledRun.objects.exists()
    monkeypatch.undo()
    assert [job.params["name"] for job in schedule.tick(TODAY)] == ["reminders"]
