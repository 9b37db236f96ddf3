"""Importing feeds: matching by alias, re-imports add nothing, bad input saves nothing, fixed queries."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.vendors.signals.helpers import DATA, data, gatekeep, kev_catalog
from vendors.models import Notification, Signal, UnmatchedEntry, VendorWatch
from vendors.signals import services

pytestmark = pytest.mark.django_db


def run(source, name, **options):
    out = __import__("io").StringIO()
    call_command("import_signals", "--source", source, str(DATA / name), stdout=out, **options)
    return out.getvalue()


def test_kev_entries_match_by_name_and_alias_and_the_rest_waits_for_review():
    vendor = gatekeep()
    output = run("kev", "kev.json")
    assert "3 entries read: 2 new signals, 0 already known, 1 waiting in the review queue" in output
    signals = {s.external_id: s for s in Signal.objects.all()}
    assert set(signals) == {"CVE-2026-10001", "CVE-2026-10002"}
    assert signals["CVE-2026-10001"].vendor == vendor
    assert signals["CVE-2026-10001"].product.name == "Gatekeep Door Controller"  # by product name
    assert signals["CVE-2026-10002"].product.name == "Gatekeep Door Controller"  # by the CPE product part
    entry = UnmatchedEntry.objects.get()
    assert (entry.vendor_name, entry.external_id) == ("Nobody Tracks Us", "CVE-2026-10003")
    assert "Matches no vendor" in entry.problem
    # Each signal has its history row.
    assert Signal.history.filter(history_change_reason="Imported").count() == 2


def test_reimporting_adds_nothing_and_a_later_catalog_only_what_is_new():
    gatekeep()
    run("kev", "kev.json")
    # The queued entry is known too: it is not queued twice.
    assert "0 new signals, 3 already known, 0 waiting in the review queue" in run("kev", "kev.json")
    catalog = json.loads(data("kev.json"))
    catalog["catalogVersion"] = "2026.11.27"
    catalog["vulnerabilities"].append({**catalog["vulnerabilities"][0], "cveID": "CVE-2026-10009"})
    report = services.import_records(services.parse("kev", json.dumps(catalog).encode()), source="kev")
    assert (report.added, report.already) == (1, 3)
    assert Signal.objects.count() == 3 and UnmatchedEntry.objects.count() == 1


def test_nvd_matches_by_cpe_vendor():
    vendor = gatekeep()
    run("nvd", "nvd.json")
    signal = Signal.objects.get()
    assert (signal.vendor, signal.external_id, signal.severity, float(signal.cvss_score)) == (
        vendor,
        "CVE-2026-20001",
        "high",
        7.5,
    )
    assert UnmatchedEntry.objects.get().vendor_name == "othervendor"


def test_feeds_match_by_alias_in_the_text_or_belong_to_the_vendor_named():
    vendor = gatekeep()
    assert "1 new signal," in run("feed", "atom.xml")
    assert Signal.objects.get().title == "Gatekeep recalls door controllers"
    assert not UnmatchedEntry.objects.exists()  # a news entry naming no vendor is left aside
    run("feed", "rss.xml", kind="advisory", vendor="gatekeep")
    advisory = Signal.objects.get(external_id="GSA-2026-01")
    assert (advisory.vendor, advisory.kind, advisory.severity) == (vendor, "advisory", "medium")


def test_an_entry_matching_two_vendors_waits_for_review():
    gatekeep()
    other = factories.VendorFactory(name="Gatekeep Europe", slug="gatekeep-europe")
    other.aliases.create(kind="name", name="Gatekeep")
    run("kev", "kev.json")
    entry = UnmatchedEntry.objects.get(external_id="CVE-2026-10001")
    assert entry.problem == "Matches several vendors: Gatekeep, Gatekeep Europe."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"catalogVersion": "1", "vulnerabilities": [', "the JSON breaks"),
        (b"<rss/>", "not a KEV catalog file"),
    ],
)
def test_a_bad_file_saves_nothing(tmp_path, content, message):
    gatekeep()
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_signals", "--source", "kev", str(path))
    assert not Signal.objects.exists() and not UnmatchedEntry.objects.exists()


def test_one_bad_entry_refuses_the_whole_file_and_names_it(tmp_path):
    gatekeep()
    catalog = json.loads(data("kev.json"))
    catalog["vulnerabilities"][2]["cveID"] = "CVE-26-1"
    path = tmp_path / "kev.json"
    path.write_text(json.dumps(catalog))
    with pytest.raises(CommandError, match=r"Nothing was imported. Entry 3 \(CVE-26-1\)"):
        call_command("import_signals", "--source", "kev", str(path))
    assert not Signal.objects.exists()


def test_a_file_over_the_limit_is_refused(settings, tmp_path):
    settings.SIGNALS_MAX_BYTES = 100
    gatekeep()
    with pytest.raises(CommandError, match="over the size limit"):
        call_command("import_signals", "--source", "kev", str(DATA / "kev.json"))
    assert not Signal.objects.exists()


def test_watchers_are_told_by_their_rules():
    vendor = gatekeep()
    everything = factories.UserFactory(username="all.kinds")
    VendorWatch.objects.create(user=everything, vendor=vendor, signal_min_severity="info")
    critical_only = factories.UserFactory(username="critical.only")
    VendorWatch.objects.create(user=critical_only, vendor=vendor, signal_min_severity="critical")
    news_only = factories.UserFactory(username="news.only")
    VendorWatch.objects.create(
        user=news_only, vendor=vendor, signal_kinds=["news"], signal_min_severity="info"
    )
    silent = factories.UserFactory(username="silent")
    VendorWatch.objects.create(user=silent, vendor=vendor, signal_min_severity="off")
    run("kev", "kev.json")
    run("feed", "atom.xml")
    told = {
        (n.user.username, n.signal.external_id) for n in Notification.objects.select_related("user", "signal")
    }
    assert told == {
        ("all.kinds", "CVE-2026-10001"),
        ("all.kinds", "CVE-2026-10002"),
        ("all.kinds", "urn:test:1"),
        ("critical.only", "CVE-2026-10001"),
        ("news.only", "urn:test:1"),
    }
    message = Notification.objects.filter(user=critical_only).get().message
    assert message.startswith(
        "Gatekeep: known exploited vulnerability (critical), 01 Oct 2026: CVE-2026-10001"
    )
    run("kev", "kev.json")
    assert Notification.objects.count() == 5  # nobody hears twice


def count_queries(records):
    with CaptureQueriesContext(connection) as queries:
        services.import_records(records, source="kev")
    return len(queries)


def test_an_import_runs_a_fixed_number_of_queries():
    vendors = [factories.VendorFactory(name=f"Queries Vendor {n}").name for n in range(5)]
    watcher = factories.UserFactory()
    for vendor in factories.VendorFactory._meta.model.objects.all():
        VendorWatch.objects.create(user=watcher, vendor=vendor, signal_min_severity="info")
    small = services.parse("kev", kev_catalog(12, [*vendors, "Unknown Co"]))
    large = services.parse("kev", kev_catalog(300, [*vendors, "Unknown Co"]))
    Signal.objects.all().delete()
    small_count = count_queries(small)
    Signal.objects.all().delete()
    UnmatchedEntry.objects.all().delete()
    assert count_queries(large) == small_count
    assert Signal.objects.count() == 250 and UnmatchedEntry.objects.count() == 50


def test_the_report_counts_in_words_that_agree_with_the_number():
    from vendors.signals.services import ImportReport

    report = ImportReport(source="kev", entries=1, added=1, notified=1)
    assert report.summary().startswith("1 entry read: 1 new signal, 0 already known")
    assert report.summary().endswith("; 1 notification.")
