"""The published formats, read into plain records: bytes in, ``SignalRecord`` list out.

No Django and no database here: each reader checks the whole file first and raises
``FormatError`` naming the first bad entry, so an import saves everything or nothing.

- CISA Known Exploited Vulnerabilities catalog (JSON; ``catalogVersion``, ``vulnerabilities``
  with ``cveID``, ``vendorProject``, ``product``, ``dateAdded``, ``knownRansomwareCampaignUse``, …);
- NVD CVE API 2.0 (JSON; ``format`` "NVD_CVE", ``vulnerabilities[].cve`` with CVSS v3.1 metrics and
  CPE configurations);
- RSS 2.0 and Atom 1.0 feeds, parsed with defusedxml (no DTD, no entity expansion);
- the webhook's JSON body (docs/api.md, "Signals").
"""

from __future__ import annotations

import datetime
import email.utils
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

CVE_ID = re.compile(r"^CVE-\d{4}-\d{4,}$")
SEVERITIES = ("info", "low", "medium", "high", "critical")
KINDS = (
    "exploited_vulnerability",
    "vulnerability",
    "advisory",
    "breach",
    "ownership_change",
    "financial_distress",
    "sanction",
    "news",
)
KEV_REQUIRED = (
    "cveID",
    "vendorProject",
    "product",
    "vulnerabilityName",
    "dateAdded",
    "knownRansomwareCampaignUse",
)
TEXT_LIMIT = 300  # titles and names are cut to what the database keeps


class FormatError(ValueError):
    """The file is not in the expected format; the message names the entry at fault."""


@dataclass
class SignalRecord:
    """One entry of a feed, before it is matched to a vendor."""

    source: str
    external_id: str
    kind: str
    severity: str
    title: str
    occurred_on: datetime.date
    vendor_name: str = ""
    product_name: str = ""
    cpe_vendors: list[str] = field(default_factory=list)
    cpe_products: list[str] = field(default_factory=list)
    summary: str = ""
    url: str = ""
    source_name: str = ""
    confidence: str = "medium"
    ransomware: bool = False
    cvss_score: float | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["occurred_on"] = self.occurred_on.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SignalRecord:
        return cls(**{**data, "occurred_on": datetime.date.fromisoformat(data["occurred_on"])})


def _cut(text: object, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json(data: bytes, what: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FormatError(f"This is not a {what} file: it is not UTF-8 text ({error.reason}).") from None
    except json.JSONDecodeError as error:
        raise FormatError(
            f"This is not a {what} file: the JSON breaks at line {error.lineno}, column {error.colno} "
            f"({error.msg}); a truncated download ends like this."
        ) from None


def _date(value: object, entry: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise FormatError(f"{entry}: {name} {value!r} is not a date (YYYY-MM-DD).") from None


def parse_kev(data: bytes) -> list[SignalRecord]:
    """CISA's KEV catalog (known_exploited_vulnerabilities.json) as exploited-vulnerability records."""
    catalog = _json(data, "KEV catalog")
    if not isinstance(catalog, dict) or "catalogVersion" not in catalog or "vulnerabilities" not in catalog:
        raise FormatError(
            "This is not a KEV catalog: it needs catalogVersion and vulnerabilities "
            "(CISA's known_exploited_vulnerabilities.json)."
        )
    entries = catalog["vulnerabilities"]
    if not isinstance(entries, list):
        raise FormatError("This is not a KEV catalog: vulnerabilities is not a list.")
    source_name = f"CISA KEV catalog {catalog['catalogVersion']}"
    records, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        label = f"Entry {number}"
        if not isinstance(entry, dict):
            raise FormatError(f"{label} is not an object.")
        missing = [key for key in KEV_REQUIRED if not str(entry.get(key) or "").strip()]
        cve = str(entry.get("cveID") or "").strip()
        label = f"Entry {number} ({cve})" if cve else label
        if missing:
            raise FormatError(f"{label} has no {', '.join(missing)}.")
        if not CVE_ID.match(cve):
            raise FormatError(f"{label}: cveID {cve!r} is not a CVE id (CVE-YYYY-NNNN).")
        if cve in seen:
            raise FormatError(f"{label} appears twice in the catalog.")
        seen.add(cve)
        ransomware = str(entry["knownRansomwareCampaignUse"]).strip().lower() == "known"
        records.append(
            SignalRecord(
                source="kev",
                external_id=cve,
                kind="exploited_vulnerability",
                severity="critical" if ransomware else "high",
                title=_cut(f"{cve}: {entry['vulnerabilityName']}"),
                occurred_on=_date(entry["dateAdded"], label, "dateAdded"),
                vendor_name=_cut(entry["vendorProject"]),
                product_name=_cut(entry["product"]),
                summary=str(entry.get("shortDescription") or "").strip(),
                url=f"https://nvd.nist.gov/vuln/detail/{cve}",
                source_name=source_name,
                confidence="high",
                ransomware=ransomware,
            )
        )
    return records


def _cvss(metrics: dict[str, Any]) -> tuple[float | None, str | None]:
    """The primary CVSS v3.1 score and severity (v3.0 when there is no v3.1), or (None, None)."""
    for key in ("cvssMetricV31", "cvssMetricV30"):
        found = metrics.get(key) or []
        if not isinstance(found, list) or not found:
            continue
        chosen = next((m for m in found if isinstance(m, dict) and m.get("type") == "Primary"), found[0])
        data = chosen.get("cvssData", {}) if isinstance(chosen, dict) else {}
        score, severity = data.get("baseScore"), str(data.get("baseSeverity") or "").lower()
        if isinstance(score, int | float):
            return float(score), severity if severity in SEVERITIES else (
                "info" if severity == "none" else None
            )
    return None, None


def _cpes(configurations: object, label: str) -> tuple[list[str], list[str]]:
    """The vendor and product parts of every vulnerable CPE (cpe:2.3:part:vendor:product:…)."""
    vendors: list[str] = []
    products: list[str] = []
    if not isinstance(configurations, list):
        raise FormatError(f"{label}: configurations is not a list.")
    for configuration in configurations:
        for node in configuration.get("nodes", []) if isinstance(configuration, dict) else []:
            for match in node.get("cpeMatch", []) if isinstance(node, dict) else []:
                criteria = str(match.get("criteria", "")) if isinstance(match, dict) else ""
                parts = criteria.split(":")
                if len(parts) < 5 or parts[0] != "cpe":
                    raise FormatError(f"{label}: {criteria!r} is not a CPE 2.3 name.")
                if match.get("vulnerable") and parts[3] not in vendors:
                    vendors.append(parts[3])
                if match.get("vulnerable") and parts[4] not in products:
                    products.append(parts[4])
    return vendors, products


def parse_nvd(data: bytes) -> list[SignalRecord]:
    """An NVD CVE API 2.0 response (``/rest/json/cves/2.0``) as vulnerability records.

    A CVE that CISA lists as exploited (``cisaExploitAdd``) is an exploited vulnerability.
    """
    page = _json(data, "NVD CVE API 2.0")
    if not isinstance(page, dict) or page.get("format") != "NVD_CVE" or "vulnerabilities" not in page:
        raise FormatError(
            'This is not an NVD CVE API 2.0 response: it needs format "NVD_CVE" and vulnerabilities.'
        )
    if not str(page.get("version", "")).startswith("2."):
        raise FormatError(f"This NVD response is version {page.get('version')!r}; only 2.0 is read.")
    entries = page["vulnerabilities"]
    if not isinstance(entries, list):
        raise FormatError("This is not an NVD CVE API 2.0 response: vulnerabilities is not a list.")
    records, seen = [], set()
    for number, item in enumerate(entries, start=1):
        cve = item.get("cve") if isinstance(item, dict) else None
        label = f"Entry {number}"
        if not isinstance(cve, dict):
            raise FormatError(f"{label} has no cve object.")
        cve_id = str(cve.get("id") or "")
        label = f"Entry {number} ({cve_id})" if cve_id else label
        if not CVE_ID.match(cve_id):
            raise FormatError(f"{label}: id {cve_id!r} is not a CVE id.")
        if cve_id in seen:
            raise FormatError(f"{label} appears twice.")
        seen.add(cve_id)
        if "published" not in cve:
            raise FormatError(f"{label} has no published date.")
        descriptions = cve.get("descriptions") or []
        summary = next(
            (d.get("value", "") for d in descriptions if isinstance(d, dict) and d.get("lang") == "en"), ""
        )
        score, severity = _cvss(cve.get("metrics") or {})
        vendors, products = _cpes(cve.get("configurations", []), label)
        exploited = bool(cve.get("cisaExploitAdd"))
        name = cve.get("cisaVulnerabilityName") or _cut(summary, 120) or "no description"
        records.append(
            SignalRecord(
                source="nvd",
                external_id=cve_id,
                kind="exploited_vulnerability" if exploited else "vulnerability",
                severity=severity or "medium",
                title=_cut(f"{cve_id}: {name}"),
                occurred_on=_date(cve["published"], label, "published"),
                vendor_name=", ".join(vendors),
                product_name=", ".join(products),
                cpe_vendors=vendors,
                cpe_products=products,
                summary=str(summary).strip(),
                url=f"https://nvd.nist.gov/vuln/detail/{cve_id}",
                source_name=f"NVD CVE API {page.get('version')} ({page.get('timestamp', '')})".replace(
                    " ()", ""
                ),
                confidence="high",
                cvss_score=score,
            )
        )
    return records


ATOM = "{http://www.w3.org/2005/Atom}"


def _text(element: Any, path: str, namespaces: dict[str, str] | None = None) -> str:
    found = element.find(path, namespaces or {})
    return "".join(found.itertext()).strip() if found is not None else ""


def _feed_date(value: str, label: str) -> datetime.date:
    value = value.strip()
    if not value:
        raise FormatError(f"{label} has no date.")
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        raise FormatError(f"{label}: {value!r} is not a date.") from None


def parse_feed(data: bytes, kind: str = "news", severity: str = "info") -> list[SignalRecord]:
    """An RSS 2.0 or Atom 1.0 feed as records of ``kind``; the vendor is found later, by alias."""
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise FormatError(
            "This feed declares a DTD or entities; they are refused (never expanded)."
        ) from None
    except ElementTree.ParseError as error:
        raise FormatError(
            f"This is not an RSS or Atom feed: the XML breaks ({error}); a truncated file ends so."
        ) from None
    if root.tag == f"{ATOM}feed":
        feed_title = _text(root, f"{ATOM}title")
        entries = [
            (
                _text(entry, f"{ATOM}id"),
                _text(entry, f"{ATOM}title"),
                _text(entry, f"{ATOM}summary") or _text(entry, f"{ATOM}content"),
                next(
                    (
                        link.get("href", "")
                        for link in entry.findall(f"{ATOM}link")
                        if link.get("rel", "alternate") == "alternate"
                    ),
                    "",
                ),
                _text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated"),
            )
            for entry in root.findall(f"{ATOM}entry")
        ]
    elif root.tag == "rss" and root.find("channel") is not None:
        channel = root.find("channel")
        feed_title = _text(channel, "title")
        entries = [
            (
                _text(item, "guid") or _text(item, "link"),
                _text(item, "title"),
                _text(item, "description"),
                _text(item, "link"),
                _text(item, "pubDate") or _text(item, "{http://purl.org/dc/elements/1.1/}date"),
            )
            for item in channel.findall("item")
        ]
    else:
        raise FormatError(f"This is not an RSS 2.0 or Atom 1.0 feed (its root element is {root.tag!r}).")
    records, seen = [], set()
    for number, (entry_id, title, summary, link, published) in enumerate(entries, start=1):
        label = f"Entry {number}" + (f" ({_cut(title, 80)})" if title else "")
        if not entry_id:
            raise FormatError(f"{label} has no id (Atom id, RSS guid or link).")
        if not title:
            raise FormatError(f"{label} has no title.")
        if entry_id in seen:
            continue  # feeds repeat entries; once is enough
        seen.add(entry_id)
        records.append(
            SignalRecord(
                source="feed",
                external_id=_cut(entry_id),
                kind=kind,
                severity=severity,
                title=_cut(title),
                occurred_on=_feed_date(published, label),
                summary=re.sub(r"<[^>]+>", " ", summary).strip(),
                url=link[:500] if link.startswith(("http://", "https://")) else "",
                source_name=_cut(feed_title, 200),
                confidence="medium",
            )
        )
    return records


WEBHOOK_REQUIRED = ("id", "vendor", "kind", "severity", "title", "time")


def parse_webhook(data: bytes) -> tuple[SignalRecord, datetime.datetime]:
    """The webhook body (JSON: id, vendor, kind, severity, title, url, time, [summary, product])
    as a record and its time (timezone-aware)."""
    body = _json(data, "webhook JSON")
    if not isinstance(body, dict):
        raise FormatError("The body must be a JSON object.")
    missing = [key for key in WEBHOOK_REQUIRED if not str(body.get(key) or "").strip()]
    if missing:
        raise FormatError(f"The body has no {', '.join(missing)}.")
    if body["kind"] not in KINDS:
        raise FormatError(f"kind {body['kind']!r} is not one of {', '.join(KINDS)}.")
    if body["severity"] not in SEVERITIES:
        raise FormatError(f"severity {body['severity']!r} is not one of {', '.join(SEVERITIES)}.")
    try:
        moment = datetime.datetime.fromisoformat(str(body["time"]).replace("Z", "+00:00"))
    except ValueError:
        raise FormatError(f"time {body['time']!r} is not an ISO 8601 date and time.") from None
    if moment.tzinfo is None:
        raise FormatError("time needs a time zone (e.g. 2026-12-01T09:30:00Z).")
    url = str(body.get("url") or "")
    if url and not url.startswith(("http://", "https://")):
        raise FormatError(f"url {url!r} is not an http(s) address.")
    record = SignalRecord(
        source="webhook",
        external_id=_cut(body["id"]),
        kind=body["kind"],
        severity=body["severity"],
        title=_cut(body["title"]),
        occurred_on=moment.date(),
        vendor_name=_cut(body["vendor"]),
        product_name=_cut(body.get("product") or ""),
        summary=str(body.get("summary") or "").strip(),
        url=url[:500],
        source_name=_cut(body.get("source") or "Webhook", 200),
        confidence="medium",
    )
    return record, moment


PARSERS = {"kev": parse_kev, "nvd": parse_nvd, "feed": parse_feed}
