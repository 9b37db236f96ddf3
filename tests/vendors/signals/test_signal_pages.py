"""The vendor page's signal timeline, confirming and dismissing, the review queue, the signals API."""

import pytest

from tests import factories
from tests.api.conftest import token_client as api
from tests.vendors.signals.helpers import DATA, gatekeep
from vendors.models import Signal, UnmatchedEntry, VendorAlias, VendorWatch
from vendors.signals import services

pytestmark = pytest.mark.django_db


def imported():
    vendor = gatekeep()
    services.import_file("kev", DATA / "kev.json")
    return vendor


def test_the_vendor_page_shows_the_timeline(as_user, executive):
    vendor = imported()
    page = as_user(executive).get(vendor.get_absolute_url()).content.decode()
    assert 'id="signals"' in page
    assert "CVE-2026-10001: Gatekeep Door Controller Authentication Bypass Vulnerability" in page
    assert "Used by ransomware" in page
    assert "Dismiss" not in page  # executives read only


def test_a_signal_is_dismissed_with_a_reason_kept_in_its_history(as_user, risk_leader, executive):
    vendor = imported()
    signal = Signal.objects.get(external_id="CVE-2026-10002")
    client = as_user(risk_leader)
    client.post(f"/vendors/signals/{signal.pk}/review/", {"status": "dismissed", "reason": ""})
    signal.refresh_from_db()
    assert signal.status == "new"  # no reason, no dismissal
    response = client.post(
        f"/vendors/signals/{signal.pk}/review/",
        {"status": "dismissed", "reason": "We do not run that firmware."},
    )
    assert response.status_code == 302 and response["Location"] == vendor.get_absolute_url() + "#signals"
    signal.refresh_from_db()
    assert (signal.status, signal.status_reason) == ("dismissed", "We do not run that firmware.")
    latest = signal.history.first()
    assert latest.history_change_reason == "Dismissed: We do not run that firmware."
    assert latest.history_user == risk_leader
    assert (
        as_user(executive).post(f"/vendors/signals/{signal.pk}/review/", {"status": "confirmed"}).status_code
        == 403
    )


def test_the_review_queue_gives_a_name_to_a_vendor_and_remembers_it(as_user, procurement):
    imported()
    other = factories.VendorFactory(name="Tracked Now", slug="tracked-now")
    client = as_user(procurement)
    page = client.get("/vendors/signals/review/").content.decode()
    assert "Nobody Tracks Us" in page and "Matches no vendor" in page
    client.post(
        "/vendors/signals/review/resolve/",
        {"source": "kev", "vendor_name": "Nobody Tracks Us", "vendor": other.pk, "remember": "1"},
    )
    assert Signal.objects.get(external_id="CVE-2026-10003").vendor == other
    assert VendorAlias.objects.filter(vendor=other, name="Nobody Tracks Us").exists()
    assert UnmatchedEntry.objects.get().resolved_signal.vendor == other
    assert "Nothing waits for review" in client.get("/vendors/signals/review/").content.decode()


def test_an_ignored_name_is_skipped_by_later_imports(as_user, procurement):
    imported()
    as_user(procurement).post(
        "/vendors/signals/review/ignore/", {"source": "kev", "vendor_name": "Nobody Tracks Us"}
    )
    assert UnmatchedEntry.objects.get().resolution == "ignored"
    UnmatchedEntry.objects.update(external_id="an older id")
    report = services.import_file("kev", DATA / "kev.json")
    assert report.ignored == 1 and report.queued == 0


def test_a_watcher_chooses_the_kinds_and_severity(as_user, executive):
    vendor = gatekeep()
    client = as_user(executive)
    client.post(f"/vendors/{vendor.slug}/watch/", {"watch": "1"})
    client.post(
        f"/vendors/{vendor.slug}/watch/",
        {"rule": "1", "signal_kinds": ["breach", "sanction"], "signal_min_severity": "medium"},
    )
    watch = VendorWatch.objects.get(user=executive)
    assert (watch.signal_kinds, watch.signal_min_severity) == (["breach", "sanction"], "medium")
    client.post(
        f"/vendors/{vendor.slug}/watch/",
        {"rule": "1", "signal_kinds": ["rumour"], "signal_min_severity": "low"},
    )
    watch.refresh_from_db()
    assert watch.signal_kinds == ["breach", "sanction"]  # refused, unchanged


def test_the_api_lists_a_vendors_timeline_and_reviews_by_role(executive, risk_leader):
    vendor = imported()
    listing = api(executive).get(f"/api/signals/?vendor__slug={vendor.slug}").json()
    assert [row["external_id"] for row in listing["results"]] == ["CVE-2026-10001", "CVE-2026-10002"]
    assert listing["results"][0]["product_family"] == "door firmware"
    signal = Signal.objects.get(external_id="CVE-2026-10001")
    refused = api(executive).post(f"/api/signals/{signal.pk}/review/", {"status": "confirmed"}, format="json")
    assert refused.status_code == 403
    missing = api(risk_leader).post(
        f"/api/signals/{signal.pk}/review/", {"status": "dismissed"}, format="json"
    )
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "reason"
    done = api(risk_leader).post(f"/api/signals/{signal.pk}/review/", {"status": "confirmed"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
