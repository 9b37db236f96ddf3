"""check_roadmaps: presumed slips, marked once, told once, to the vendor's watchers."""

import datetime
import io

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from vendors.alerts.slips import notify, run_daily_check
from vendors.models import Notification, RoadmapChange, RoadmapItem, RoadmapStatus, VendorWatch

TODAY = datetime.date(2026, 11, 27)
LAST_MONTH = datetime.date(2026, 10, 31)
NEXT_MONTH = datetime.date(2026, 12, 31)


@pytest.fixture
def vendor(db):
    return factories.VendorFactory(name="Slipco", slug="slipco")


@pytest.fixture
def watcher(db, vendor):
    user = factories.UserFactory(username="walt.watcher", email="walt@example.org", role="Executive")
    VendorWatch.objects.create(user=user, vendor=vendor)
    return user


def item(vendor, status=RoadmapStatus.PLANNED, target=LAST_MONTH, **fields):
    return factories.RoadmapItemFactory(
        vendor=vendor, status=status, first_promised_date=target, target_date=target, **fields
    )


def check(day=TODAY):
    out = io.StringIO()
    call_command("check_roadmaps", date=day, stdout=out)
    return out.getvalue()


def test_it_marks_overdue_undelivered_items_as_presumed_slips_without_moving_their_date(vendor, watcher):
    overdue = item(vendor, title="Cross-domain correlation")
    in_progress = item(vendor, status=RoadmapStatus.IN_PROGRESS)
    future = item(vendor, target=NEXT_MONTH)
    due_today = item(vendor, target=TODAY)
    delivered = item(vendor, status=RoadmapStatus.DELIVERED, delivered_date=LAST_MONTH, delivered_as="ga")
    cancelled = item(vendor, status=RoadmapStatus.CANCELLED)
    version = overdue.version

    assert "2 item(s) newly marked" in check()

    statuses = dict(RoadmapItem.objects.values_list("pk", "status"))
    assert statuses[overdue.pk] == statuses[in_progress.pk] == RoadmapStatus.SLIPPED
    assert statuses[future.pk] == statuses[due_today.pk] == RoadmapStatus.PLANNED
    assert statuses[delivered.pk] == RoadmapStatus.DELIVERED
    assert statuses[cancelled.pk] == RoadmapStatus.CANCELLED
    overdue.refresh_from_db()
    assert overdue.target_date == LAST_MONTH and overdue.first_promised_date == LAST_MONTH
    assert not RoadmapChange.objects.exists(), "a presumed slip is not a re-baseline"
    assert overdue.version == version + 1, "editors holding the old version must see the change"


def test_it_tells_each_watcher_once_in_the_app_and_by_email(vendor, watcher):
    slipped = item(vendor, title="Unified operator console")
    other = factories.UserFactory(username="otto.other", email="otto@example.org")  # watches nothing

    first = check()
    assert "1 notification(s) created, 1 email(s) sent" in first
    notification = Notification.objects.get()
    assert notification.user == watcher and notification.roadmap_item == slipped
    assert "Slipco" in notification.message and "Unified operator console" in notification.message
    assert "31 Oct 2026" in notification.message and "27 days late" in notification.message
    assert notification.url == slipped.get_absolute_url()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["walt@example.org"]
    assert "Slipco" in email.subject
    assert f"http://localhost:8000{slipped.get_absolute_url()}" in email.body
    assert not Notification.objects.filter(user=other).exists()

    # The daily job runs again (and again): nothing new, nobody hears twice.
    assert "0 item(s) newly marked as presumed slips, 0 notification(s) created, 0 email(s) sent" in check()
    assert "0 notification(s) created" in check(TODAY + datetime.timedelta(days=1))
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_a_new_watcher_of_a_slipped_vendor_is_told_once(vendor, watcher):
    item(vendor)
    check()
    late = factories.UserFactory(username="lara.late", email="lara@example.org")
    VendorWatch.objects.create(user=late, vendor=vendor)
    check()
    check()
    assert Notification.objects.filter(user=late).count() == 1
    assert Notification.objects.filter(user=watcher).count() == 1


def test_a_re_baselined_item_that_slips_again_is_a_new_slip(vendor, watcher):
    slipped = item(vendor)
    check()
    slipped.refresh_from_db()
    slipped.rebaseline(NEXT_MONTH, "Vendor promised a new date at the QBR")
    slipped.save()
    assert "0 notification(s)" in check()  # before the new date: nothing to say
    assert "1 notification(s) created" in check(datetime.date(2027, 1, 5))
    assert Notification.objects.filter(user=watcher).count() == 2


def test_one_email_per_watcher_lists_all_their_new_slips(vendor, watcher):
    item(vendor, title="First")
    item(vendor, title="Second")
    other_vendor = factories.VendorFactory(name="Latecorp", slug="latecorp")
    VendorWatch.objects.create(user=watcher, vendor=other_vendor)
    item(other_vendor, title="Third")
    assert "3 notification(s) created, 1 email(s) sent" in check()
    assert mail.outbox[0].subject == "3 roadmap items presumed slipped"
    assert all(title in mail.outbox[0].body for title in ("First", "Second", "Third"))


def test_emails_that_could_not_be_sent_go_out_on_the_next_run(vendor, watcher, monkeypatch):
    item(vendor)

    def refuse(backend, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    with pytest.raises(Exception, match="next run will retry"):
        check()
    assert Notification.objects.get().emailed_at is None  # the in-app notification is there already
    monkeypatch.undo()
    assert "0 notification(s) created, 1 email(s) sent" in check()
    assert len(mail.outbox) == 1


def test_the_people_of_evaluations_that_rely_on_the_vendor_are_told_once_too(vendor, watcher):
    from evaluator.models import Evaluation

    owner = factories.UserFactory(username="olga.owner", email="olga@example.org", role="Risk leader")
    member = factories.UserFactory(username="max.member", role="Procurement")
    bystander = factories.UserFactory(username="bo.bystander", role="Risk leader")
    relying = Evaluation.objects.create(name="SOC platform 2027", owner=owner, horizon_date=NEXT_MONTH)
    relying.candidates.add(vendor)
    relying.members.add(member, watcher)  # the watcher is in both audiences: still one notification
    unrelated = Evaluation.objects.create(name="Other selection", owner=bystander, horizon_date=NEXT_MONTH)
    unrelated.candidates.add(factories.VendorFactory(name="Punctual Ltd"))
    unrelated.members.add(bystander)
    item(vendor)

    assert "3 notification(s) created" in check()
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"walt.watcher", "olga.owner", "max.member"}
    assert "0 notification(s) created" in check()


def test_finding_who_to_tell_takes_the_same_queries_for_1_or_5_slipped_vendors(
    watcher, django_assert_num_queries
):
    from evaluator.models import Evaluation
    from vendors.alerts.slips import slip_recipients

    def slipped_items(count):
        evaluation = Evaluation.objects.create(
            name=f"Selection {count}", owner=watcher, horizon_date=NEXT_MONTH
        )
        items = []
        for _ in range(count):
            other = factories.VendorFactory()
            VendorWatch.objects.create(user=watcher, vendor=other)
            evaluation.candidates.add(other)
            items.append(item(other))
        return items

    one, five = slipped_items(1), slipped_items(5)
    # watches, evaluation owners, evaluation members, users
    with django_assert_num_queries(4):
        slip_recipients(one)
    with django_assert_num_queries(4):
        assert all(users == {watcher} for users in slip_recipients(five).values())


def test_notify_takes_any_set_of_users_and_skips_those_already_told(vendor, watcher):
    # The hook for evaluation watchers: any users, one notification each per event.
    colleague = factories.UserFactory(username="cole.colleague")
    assert len(notify({watcher}, kind="roadmap_slip", dedupe_key="k", message="m")) == 1
    assert len(notify({watcher, colleague}, kind="roadmap_slip", dedupe_key="k", message="m")) == 1
    assert Notification.objects.filter(dedupe_key="k").count() == 2


def test_it_ignores_watchers_whose_account_is_disabled(vendor, watcher):
    watcher.is_active = False
    watcher.save()
    item(vendor)
    result = run_daily_check(TODAY)
    assert result.marked == 1 and result.notified == 0


# --- pages ---------------------------------------------------------------------------


def test_a_user_watches_and_unwatches_a_vendor_from_its_page(vendor, executive):
    client = client_for(executive)
    page = client.get(reverse("vendors:detail", args=[vendor.slug]))
    assert ">Watch</button>" in page.text
    client.post(reverse("vendors:watch", args=[vendor.slug]), {"watch": "1"})
    client.post(reverse("vendors:watch", args=[vendor.slug]), {"watch": "1"})  # twice is still once
    assert VendorWatch.objects.filter(user=executive, vendor=vendor).count() == 1
    assert "Watching · Unwatch" in client.get(reverse("vendors:detail", args=[vendor.slug])).text
    client.post(reverse("vendors:watch", args=[vendor.slug]), {"watch": "0"})
    assert not VendorWatch.objects.filter(user=executive).exists()


def test_the_header_counts_unread_notifications_and_the_list_marks_them_read(vendor, watcher):
    item(vendor)
    item(vendor)
    check()
    client = client_for(watcher)
    page = client.get(reverse("vendors:notifications"))
    assert "Notifications (2)" in page.text
    first = Notification.objects.first()
    response = client.post(reverse("vendors:notification_read", args=[first.pk]), {"open": "1"})
    assert response["Location"] == first.url
    assert "Notifications (1)" in client.get(reverse("vendors:list")).text
    client.post(reverse("vendors:notifications_read_all"))
    assert not Notification.objects.unread().exists()
    page = client.get(reverse("vendors:notifications"))
    assert "Notifications (" not in page.text and "Slipco" in page.text


def test_nobody_reads_or_marks_someone_elses_notifications(vendor, watcher, procurement):
    item(vendor)
    check()
    client = client_for(procurement)
    assert "Slipco" not in client.get(reverse("vendors:notifications")).text
    theirs = Notification.objects.get()
    assert client.post(reverse("vendors:notification_read", args=[theirs.pk])).status_code == 404
    client.post(reverse("vendors:notifications_read_all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("rows", [1, 5])
def test_the_notification_list_runs_the_same_queries_for_1_or_5_rows(
    vendor, watcher, rows, django_assert_num_queries
):
    for n in range(rows):
        notify({watcher}, kind="roadmap_slip", dedupe_key=f"k{n}", message=f"message {n}")
    client = client_for(watcher)
    # session, user, role policies (two-factor), paginator count, header groups, unread count (once,
    # shared by the header and the page), the page of notifications; the user's and groups'
    # permissions come from the cache (common/permission_cache.py), warm after the sign-in
    with django_assert_num_queries(7):
        assert client.get(reverse("vendors:notifications")).status_code == 200


def test_no_vendor_can_take_the_notifications_address(procurement):
    client = client_for(procurement)
    response = client.post(
        reverse("vendors:create"), {"name": "Notifications", "ownership": "private", "status": "prospect"}
    )
    assert response.status_code == 200
    assert "reserved" in response.context["form"].errors["name"][0]


def test_administrators_see_watches_and_notifications_in_the_admin(vendor, watcher, admin_user):
    item(vendor)
    check()
    client = client_for(admin_user)
    for name in ("vendorwatch", "notification"):
        page = client.get(reverse(f"admin:vendors_{name}_changelist"))
        assert page.status_code == 200 and "walt.watcher" in page.text
    notification = Notification.objects.get()
    assert client.get(reverse("admin:vendors_notification_change", args=[notification.pk])).status_code == 200
    assert client.get(reverse("admin:vendors_notification_add")).status_code == 403
