"""Issue 15 §1: reminders before and after the deadline, once each, and the inviters' overdue digest."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from common.jobs.models import Job, JobStatus
from config.roles import Role
from evaluator.models import DigestSent, Invitation, ReminderSent
from evaluator.portal.invitations import invite, revoke
from evaluator.portal.reminders import run_daily, schedule
from evaluator.responses.lifecycle import start_response
from tests import factories
from tests.evaluator.questionnaire_helpers import small_questionnaire
from vendors.models import Notification, NotificationKind

DEADLINE = timezone.localdate() + datetime.timedelta(days=20)


def day(offset: int) -> datetime.date:
    """A day relative to the deadline (-7: a week before)."""
    return DEADLINE + datetime.timedelta(days=offset)


@pytest.fixture
def inviter(db):
    return factories.UserFactory(
        username="pia.procurement", email="pia@example.org", role=Role.PROCUREMENT.value
    )


@pytest.fixture
def questionnaire(db):
    return small_questionnaire()


def invitation(questionnaire, inviter, name="Acme", email="contact@acme.example", grace_days=3, sent=-30):
    vendor = factories.VendorFactory(name=name, slug=name.lower())
    response = start_response(vendor, questionnaire, inviter)
    created, _token = invite(response, email, DEADLINE, inviter, grace_days=grace_days)
    # Sent a month before the deadline unless told otherwise.
    Invitation.objects.filter(pk=created.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(day(sent), datetime.time(9)))
    )
    created.refresh_from_db()
    return created


def kinds(invitation):
    return sorted(ReminderSent.objects.filter(invitation=invitation).values_list("kind", flat=True))


def test_the_schedule_has_the_configured_days_before_and_after_the_deadline(settings):
    settings.PORTAL_REMINDER_DAYS_BEFORE = (7, 3, 1)
    settings.PORTAL_REMINDER_DAYS_AFTER = (1,)
    assert schedule(DEADLINE) == [
        (day(-7), "before_7"),
        (day(-3), "before_3"),
        (day(-1), "before_1"),
        (day(1), "after_1"),
    ]


def test_it_reminds_on_each_configured_day_once(questionnaire, inviter):
    sent = invitation(questionnaire, inviter)
    for offset in range(-10, 4):
        run_daily(day(offset))
    assert kinds(sent) == ["after_1", "before_1", "before_3", "before_7"]
    reminders = [m for m in mail.outbox if m.to == ["contact@acme.example"]]
    assert len(reminders) == 4
    assert "Reminder" in reminders[0].subject and "in 7 days" in reminders[0].body
    assert "tomorrow" in reminders[2].subject
    assert reminders[3].subject.startswith("Overdue")
    # No link (it is never stored): the contact is sent back to the invitation e-mail.
    assert "/respond/" not in reminders[0].body and "invitation e-mail" in reminders[0].body


def test_a_second_run_the_same_day_sends_nothing(questionnaire, inviter):
    sent = invitation(questionnaire, inviter)
    first = run_daily(day(-3))
    mail.outbox.clear()
    second = run_daily(day(-3))
    assert [kind for _, kind in first.reminders] == ["before_3"]
    assert second.reminders == [] and mail.outbox == []
    assert kinds(sent) == ["before_3"]


def test_a_missed_run_catches_up_with_the_most_recent_reminder_only(questionnaire, inviter):
    sent = invitation(questionnaire, inviter)
    result = run_daily(day(-1))  # nothing ran on day -7 or -3
    assert [kind for _, kind in result.reminders] == ["before_1"]
    assert len(mail.outbox) == 1
    run_daily(day(0))
    assert kinds(sent) == ["before_1"]


def test_nothing_due_before_the_invitation_was_sent_goes_out(questionnaire, inviter):
    sent = invitation(questionnaire, inviter, sent=-5)  # after the 7-day reminder's day
    assert run_daily(day(-4)).reminders == []
    assert [kind for _, kind in run_daily(day(-3)).reminders] == ["before_3"]
    assert kinds(sent) == ["before_3"]


@override_settings(PORTAL_REMINDER_DAYS_BEFORE=(10, 2), PORTAL_REMINDER_DAYS_AFTER=(2, 5))
def test_the_days_come_from_the_settings(questionnaire, inviter):
    invitation(questionnaire, inviter, grace_days=10)
    sent_on = {}
    for offset in range(-12, 8):
        for _, kind in run_daily(day(offset)).reminders:
            sent_on[kind] = offset
    assert sent_on == {"before_10": -10, "before_2": -2, "after_2": 2, "after_5": 5}


def test_submitted_revoked_and_expired_invitations_are_not_chased(questionnaire, inviter):
    submitted = invitation(questionnaire, inviter, name="Subco", email="s@subco.example")
    Invitation.objects.filter(pk=submitted.pk).update(state="submitted")
    revoked = invitation(questionnaire, inviter, name="Revco", email="r@revco.example")
    revoke(revoked, inviter)
    expired = invitation(questionnaire, inviter, name="Expco", email="e@expco.example", grace_days=0)
    for offset in (-3, 1):
        run_daily(day(offset))
    assert kinds(submitted) == [] and kinds(revoked) == []
    # No grace: the day after the deadline the link no longer works, so there is no "after" reminder.
    assert kinds(expired) == ["before_3"]


def test_the_settings_accept_a_comma_separated_list(monkeypatch):
    from config import settings as config_settings

    monkeypatch.setenv("DJANGO_PORTAL_REMINDER_DAYS_BEFORE", "14, 2")
    assert config_settings._env_days("DJANGO_PORTAL_REMINDER_DAYS_BEFORE", (7,)) == (2, 14)
    monkeypatch.setenv("DJANGO_PORTAL_REMINDER_DAYS_BEFORE", "soon")
    with pytest.raises(Exception, match="whole numbers"):
        config_settings._env_days("DJANGO_PORTAL_REMINDER_DAYS_BEFORE", (7,))


def test_the_inviter_gets_one_overdue_digest_a_day(questionnaire, inviter):
    invitation(questionnaire, inviter, name="Lateco", email="l@lateco.example")
    invitation(questionnaire, inviter, name="Slowco", email="s@slowco.example")
    on_time = invitation(questionnaire, inviter, name="Doneco", email="d@doneco.example")
    Invitation.objects.filter(pk=on_time.pk).update(state="submitted")

    assert run_daily(day(0)).digests == []  # not overdue on the deadline itself
    first = run_daily(day(2))
    again = run_daily(day(2))
    assert [(user.username, count) for user, count in first.digests] == [("pia.procurement", 2)]
    assert again.digests == []
    digests = [m for m in mail.outbox if m.to == ["pia@example.org"]]
    assert len(digests) == 1
    assert "Lateco" in digests[0].body and "Slowco" in digests[0].body and "Doneco" not in digests[0].body
    assert "2 days late" in digests[0].body
    notification = Notification.objects.get(user=inviter)
    assert notification.kind == NotificationKind.PORTAL
    assert "Lateco, Slowco" in notification.message
    # E-mailed already: the vendor-alert e-mail will not send it a second time.
    assert notification.emailed_at is not None

    run_daily(day(3))
    assert DigestSent.objects.filter(user=inviter).count() == 2
    assert Notification.objects.filter(user=inviter).count() == 2


def command(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_the_command_prints_what_it_sent(questionnaire, inviter):
    invitation(questionnaire, inviter)
    output = command("send_reminders", date=day(-7))
    assert "reminder before_7 to contact@acme.example (Acme, due" in output
    assert "1 reminder(s) sent, 0 overdue digest(s) sent." in output
    assert "0 reminder(s) sent" in command("send_reminders", date=day(-7))


def test_the_enqueued_command_runs_as_a_job(questionnaire, inviter):
    invitation(questionnaire, inviter)
    output = command("send_reminders", "--enqueue", date=day(-3))
    assert "1 reminder(s) sent" in output
    job = Job.objects.get(kind="portal-reminders")
    assert job.status == JobStatus.SUCCEEDED and job.owner is None
    assert ReminderSent.objects.filter(kind="before_3").count() == 1


def test_a_refused_email_is_not_recorded_so_the_next_run_retries(questionnaire, inviter, monkeypatch):
    sent = invitation(questionnaire, inviter)

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("evaluator.portal.reminders.send_notice", refuse)
    with pytest.raises(OSError):
        run_daily(day(-3))
    assert kinds(sent) == []
    monkeypatch.undo()
    run_daily(day(-3))
    assert kinds(sent) == ["before_3"]
