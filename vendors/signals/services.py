"""Signals in: match feed entries to vendors, save them in bulk, queue the rest, tell the watchers.

``import_records`` is the one write path for every source (the ``import_signals`` command, the
refresh from a URL, the webhook, the review queue): a fixed number of queries however many
entries (asserted in tests/vendors/signals/test_import.py; measured in tests/perf/bench_signals.py),
in one transaction, so an import saves everything or nothing.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from vendors.models import (
    AliasKind,
    FeedState,
    Signal,
    UnmatchedEntry,
    Vendor,
    VendorAlias,
    VendorProduct,
    normalise_name,
)
from vendors.signals import fetching, formats, notify
from vendors.signals.formats import FormatError, SignalRecord

BATCH_SIZE = 1000
IGNORED = "ignored"


@dataclass
class Matcher:
    """Every name a vendor goes by, normalised (``normalise_name``): four queries to build."""

    names: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    cpe: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    products: dict[int, dict[str, VendorProduct]] = field(default_factory=lambda: defaultdict(dict))
    ignored: set[str] = field(default_factory=set)
    vendor_names: dict[int, str] = field(default_factory=dict)
    _pattern: re.Pattern | None = None

    @classmethod
    def build(cls) -> "Matcher":
        matcher = cls()
        for pk, name, slug in Vendor.objects.values_list("pk", "name", "slug"):
            matcher.vendor_names[pk] = name
            for text in (name, slug.replace("-", " ")):
                matcher.names[normalise_name(text)].add(pk)
                matcher.cpe[normalise_name(text)].add(pk)
        for vendor_id, kind, normalised in VendorAlias.objects.values_list("vendor_id", "kind", "normalised"):
            (matcher.cpe if kind == AliasKind.CPE_VENDOR else matcher.names)[normalised].add(vendor_id)
        for product in VendorProduct.objects.all():
            for text in (product.name, product.cpe_product):
                if text:
                    matcher.products[product.vendor_id][normalise_name(text)] = product
        matcher.ignored = {
            normalise_name(name)
            for name in UnmatchedEntry.objects.filter(resolution=IGNORED).values_list(
                "vendor_name", flat=True
            )
        }
        return matcher

    def pattern(self) -> re.Pattern:
        """Every name and alias as a whole word, longest first (feeds are matched in their text)."""
        if self._pattern is None:
            words = sorted({name for name in self.names if len(name) >= 3}, key=len, reverse=True)
            body = "|".join(re.escape(word) for word in words) or r"(?!x)x"
            self._pattern = re.compile(rf"(?<!\w)({body})(?!\w)")
        return self._pattern

    def vendors_for(self, record: SignalRecord) -> set[int]:
        if record.source == "nvd":
            found: set[int] = set()
            for vendor in record.cpe_vendors:
                found |= self.cpe.get(normalise_name(vendor), set())
            return found
        if record.source == "feed":
            text = normalise_name(f"{record.title} {record.summary}")
            found = set()
            for match in self.pattern().finditer(text):
                found |= self.names[match.group(1)]
            return found
        name = normalise_name(record.vendor_name)
        return self.names.get(name, set()) | self.cpe.get(name, set())

    def product_for(self, vendor_id: int, record: SignalRecord) -> VendorProduct | None:
        known = self.products.get(vendor_id, {})
        for name in (record.product_name, *record.cpe_products):
            product = known.get(normalise_name(name))
            if product is not None:
                return product
        return None


@dataclass
class ImportReport:
    """What one import did, in numbers and one sentence per kind of outcome."""

    source: str
    entries: int = 0
    added: int = 0
    already: int = 0
    queued: int = 0
    ignored: int = 0
    notified: int = 0
    not_modified: bool = False
    signals: list[Signal] = field(default_factory=list)

    def summary(self) -> str:
        if self.not_modified:
            return "Nothing changed since the last fetch (the server answered 304 Not Modified)."
        return (
            f"{_count(self.entries, 'entry', 'entries')} read: {_count(self.added, 'new signal', 'new signals')}, "
            f"{self.already} already known, {self.queued} waiting in the review queue, "
            f"{self.ignored} naming no vendor we track; {_count(self.notified, 'notification', 'notifications')}."
        )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def signal_from(record: SignalRecord, vendor_id: int, product: VendorProduct | None, now) -> Signal:
    return Signal(
        vendor_id=vendor_id,
        product=product,
        capability_id=product.capability_id if product is not None else None,
        product_name=record.product_name[:300],
        kind=record.kind,
        severity=record.severity,
        title=record.title,
        summary=record.summary,
        source=record.source,
        source_name=record.source_name[:200],
        url=record.url,
        external_id=record.external_id,
        occurred_on=record.occurred_on,
        first_seen=now,
        confidence=record.confidence,
        ransomware=record.ransomware,
        cvss_score=record.cvss_score,
    )


def _problem(matched: set[int], matcher: Matcher) -> str:
    if not matched:
        return "Matches no vendor: add the name as an alias of the right vendor, or ignore it."
    names = sorted(matcher.vendor_names.get(pk, str(pk)) for pk in matched)
    return f"Matches several vendors: {', '.join(names)}."


def import_records(
    records: list[SignalRecord], *, source: str, vendor: Vendor | None = None, user=None
) -> ImportReport:
    """Save the records that are new as signals of the vendor they match; queue the doubtful ones.

    ``vendor`` (a vendor's own advisory feed) gives every entry to that vendor. A feed entry that
    names no vendor is not queued (a news feed is mostly about others); an entry of another source
    that matches none, or any entry matching several, waits in the review queue. Queries: four for
    the matcher, two for what is known, the inserts (one per ``BATCH_SIZE`` rows: signals, their
    history, queued entries) and three for the notifications.
    """
    report = ImportReport(source=source, entries=len(records))
    now = timezone.now()
    with transaction.atomic():
        matcher = Matcher.build()
        ids = [record.external_id for record in records]
        known = set(
            Signal.objects.filter(source=source, external_id__in=ids).values_list("vendor_id", "external_id")
        )
        queued_before = set(
            UnmatchedEntry.objects.filter(source=source, external_id__in=ids).values_list(
                "external_id", flat=True
            )
        )
        fresh: list[Signal] = []
        queue: list[UnmatchedEntry] = []
        for record in records:
            matched = {vendor.pk} if vendor is not None else matcher.vendors_for(record)
            if len(matched) == 1:
                (vendor_id,) = matched
                if (vendor_id, record.external_id) in known:
                    report.already += 1
                    continue
                known.add((vendor_id, record.external_id))
                fresh.append(signal_from(record, vendor_id, matcher.product_for(vendor_id, record), now))
            elif record.external_id in queued_before:
                report.already += 1
            elif (not matched and source == "feed") or normalise_name(record.vendor_name) in matcher.ignored:
                report.ignored += 1
            else:
                queued_before.add(record.external_id)
                queue.append(
                    UnmatchedEntry(
                        source=source,
                        external_id=record.external_id,
                        vendor_name=(record.vendor_name or "(named in the text)")[:300],
                        product_name=record.product_name[:300],
                        title=record.title,
                        problem=_problem(matched, matcher),
                        record=record.as_json(),
                        first_seen=now,
                    )
                )
        report.signals = save_signals(fresh, user)
        UnmatchedEntry.objects.bulk_create(queue, batch_size=BATCH_SIZE, ignore_conflicts=True)
        report.added, report.queued = len(fresh), len(queue)
        report.notified = len(notify.notify_watchers(report.signals, matcher.vendor_names))
    return report


def save_signals(signals: list[Signal], user=None) -> list[Signal]:
    """Insert the signals and one history row each ("+", imported)."""
    if not signals:
        return []
    Signal.objects.bulk_create(signals, batch_size=BATCH_SIZE)
    Signal.history.bulk_history_create(
        signals, batch_size=BATCH_SIZE, default_change_reason="Imported", default_user=user
    )
    return signals


class ImportRefused(Exception):
    """The feed was refused before anything was saved; the message says why and names the entry."""


def parse(source: str, data: bytes, kind: str = "news") -> list[SignalRecord]:
    if source not in formats.PARSERS:
        raise ImportRefused(f"Unknown source {source!r}: use kev, nvd or feed.")
    try:
        if source == "feed":
            return formats.parse_feed(data, kind=kind, severity=feed_severity(kind))
        return formats.PARSERS[source](data)
    except FormatError as error:
        raise ImportRefused(f"Nothing was imported. {error}") from None


def feed_severity(kind: str) -> str:
    """Feeds carry no severity: an advisory is medium, news information."""
    return {"advisory": "medium", "breach": "high", "sanction": "high"}.get(kind, "info")


def import_file(
    source: str, path, *, kind: str = "news", vendor: Vendor | None = None, user=None
) -> ImportReport:
    try:
        data = fetching.read_file(path)
    except fetching.FetchError as error:
        raise ImportRefused(f"Nothing was imported. {error}") from None
    return import_records(parse(source, data, kind), source=source, vendor=vendor, user=user)


def refresh_url(
    source: str, url: str, *, kind: str = "news", vendor: Vendor | None = None, user=None
) -> ImportReport:
    """Fetch ``url`` if it changed since the last fetch (ETag / Last-Modified kept per URL), then import.

    A timeout, an error answer, a file over the limit or a bad format refuses the import and
    leaves the signals and the kept validators as they were.
    """
    state = FeedState.objects.filter(url=url).first() or FeedState(url=url, source=source)
    try:
        fetched = fetching.fetch_url(url, state.etag, state.last_modified)
    except fetching.FetchError as error:
        raise ImportRefused(f"Nothing was imported. {error}") from None
    if fetched.body is None:
        report = ImportReport(source=source, not_modified=True)
    else:
        report = import_records(parse(source, fetched.body, kind), source=source, vendor=vendor, user=user)
        state.etag, state.last_modified = fetched.etag, fetched.last_modified
    state.checked_at, state.outcome = timezone.now(), report.summary()[:300]
    state.save()
    return report
