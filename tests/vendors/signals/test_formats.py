"""The readers of the published formats: real schema in, plain records out, bad files refused by entry."""

import datetime
import json

import pytest

from tests.vendors.signals.helpers import data
from vendors.signals import formats
from vendors.signals.formats import FormatError


def test_kev_entries_become_exploited_vulnerabilities_with_ransomware_use_as_critical():
    records = formats.parse_kev(data("kev.json"))
    assert [r.external_id for r in records] == ["CVE-2026-10001", "CVE-2026-10002", "CVE-2026-10003"]
    first = records[0]
    assert first.kind == "exploited_vulnerability" and first.severity == "critical" and first.ransomware
    assert first.occurred_on == datetime.date(2026, 10, 1)
    assert first.vendor_name == "Gatekeep" and first.product_name == "Gatekeep Door Controller"
    assert first.source_name == "CISA KEV catalog 2026.11.20"
    assert records[1].severity == "high" and not records[1].ransomware


def test_nvd_reads_cvss_31_and_the_vulnerable_cpes():
    records = formats.parse_nvd(data("nvd.json"))
    first, second = records
    assert (first.severity, first.cvss_score, first.kind) == ("high", 7.5, "vulnerability")
    assert first.cpe_vendors == ["gatekeep"] and first.cpe_products == ["camera_firmware"]
    assert first.summary == "Gatekeep camera firmware leaks credentials."
    assert second.kind == "exploited_vulnerability" and second.severity == "critical"
    assert second.title == "CVE-2026-20002: Other Vendor Gateway RCE"


def test_atom_and_rss_entries():
    atom = formats.parse_feed(data("atom.xml"))
    assert [(r.external_id, r.occurred_on) for r in atom] == [
        ("urn:test:1", datetime.date(2026, 10, 5)),
        ("urn:test:2", datetime.date(2026, 10, 6)),
    ]
    assert atom[0].url == "https://news.example.invalid/1" and atom[0].source_name == "Test security news"
    (rss,) = formats.parse_feed(data("rss.xml"), kind="advisory", severity="medium")
    assert rss.external_id == "GSA-2026-01" and rss.occurred_on == datetime.date(2026, 11, 3)
    assert rss.summary == "Update now." and rss.kind == "advisory"


@pytest.mark.parametrize(
    ("parser", "content", "message"),
    [
        (formats.parse_kev, data("kev.json")[:300], "the JSON breaks at line"),
        (formats.parse_kev, data("nvd.json"), "This is not a KEV catalog"),
        (formats.parse_nvd, data("kev.json"), "This is not an NVD CVE API 2.0 response"),
        (formats.parse_feed, data("kev.json"), "This is not an RSS or Atom feed"),
        (formats.parse_feed, data("atom.xml")[:200], "the XML breaks"),
        (formats.parse_feed, b"<html><body/></html>", "its root element is 'html'"),
        (formats.parse_kev, b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_a_wrong_or_truncated_file_is_refused_with_a_reason(parser, content, message):
    with pytest.raises(FormatError, match=message):
        parser(content)


def test_the_bad_entry_is_named():
    catalog = json.loads(data("kev.json"))
    catalog["vulnerabilities"][1]["dateAdded"] = "2026-13-40"
    with pytest.raises(
        FormatError, match=r"Entry 2 \(CVE-2026-10002\): dateAdded '2026-13-40' is not a date"
    ):
        formats.parse_kev(json.dumps(catalog).encode())
    del catalog["vulnerabilities"][2]["vendorProject"]
    catalog["vulnerabilities"][1]["dateAdded"] = "2026-06-01"
    with pytest.raises(FormatError, match=r"Entry 3 \(CVE-2026-10003\) has no vendorProject"):
        formats.parse_kev(json.dumps(catalog).encode())


def test_entities_are_never_expanded():
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel><title>&b;</title></channel></rss>'
    with pytest.raises(FormatError, match="DTD or entities"):
        formats.parse_feed(bomb)
