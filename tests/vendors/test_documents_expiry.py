"""Expiry notices: the owner (in the app and by e-mail) and the vendor contact, once per document."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from tests import factories
from tests.vendors.documents_factory import make_document
from vendors.documents.expiry import notify_expiring
from vendors.models import Notification, NotificationKind

TODAY = datetime.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def vendor(db):
    return factories.VendorFactory(name="Acme Guard", slug="acme-guard")


def document(vendor, owner, days, **fields):
    return make_document(
        vendor,
        owner=owner,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=TODAY + datetime.timedelta(days=days),
        **fields,
    )


def test_it_tells_the_owner_and_the_contact_once_for_a_document_expiring_within_30_days(vendor, procurement):
    procurement.email = "paula@example.com"
    procurement.save()
    soon = document(vendor, procurement, 30, contact_email="sec@acme.example")
    assert notify_expiring(TODAY) == 1
    note = Notification.objects.get(user=procurement)
    assert note.kind == NotificationKind.DOCUMENT_EXPIRY
    assert (
        note.message
        == "Acme Guard: ISO 27001 certificate “ISO 27001 certificate” expires in 30 days (3 Mar 2026)"
    )
    assert note.url == soon.get_absolute_url()
    assert note.emailed_at is not None  # the daily alert digest does not send it again
    assert sorted(message.to[0] for message in mail.outbox) == ["paula@example.com", "sec@acme.example"]
    assert "renewed document" in mail.outbox[1].body
    soon.refresh_from_db()
    assert soon.expiry_notice_sent_at is not None
    # Idempotent: a second run (the same day or later) tells nobody again.
    assert notify_expiring(TODAY) == 0
    assert notify_expiring(TODAY + datetime.timedelta(days=5)) == 0
    assert len(mail.outbox) == 2 and Notification.objects.count() == 1


def test_it_leaves_documents_further_off_already_expired_or_without_an_end_alone(vendor, procurement):
    document(vendor, procurement, 31)
    document(vendor, procurement, -1, title="Expired yesterday")
    make_document(vendor, owner=procurement, title="Never expires", valid_until=None)
    assert notify_expiring(TODAY) == 0
    assert not mail.outbox and not Notification.objects.exists()


def test_a_document_with_nobody_to_tell_waits_until_someone_is_named(vendor, procurement):
    nobody = document(vendor, None, 10)
    assert notify_expiring(TODAY) == 0
    nobody.contact_email = "sec@acme.example"
    nobody.save()
    assert notify_expiring(TODAY) == 1
    assert [message.to for message in mail.outbox] == [["sec@acme.example"]]


def test_it_counts_each_document_noticed(vendor, procurement, risk_leader):
    document(vendor, procurement, 0, title="Today")
    document(vendor, risk_leader, 12, title="Soon")
    assert notify_expiring(TODAY) == 2
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        procurement.username,
        risk_leader.username,
    }


def test_the_command_runs_it_for_a_given_day(vendor, procurement):
    document(vendor, procurement, 3)
    out = io.StringIO()
    call_command("notify_document_expiry", "--date", TODAY.isoformat(), stdout=out)
    assert "1 document(s) noticed." in out.getvalue()
