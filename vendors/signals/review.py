"""The review queue: feed entries that matched no vendor or several, given to a vendor or ignored."""

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from vendors.models import AliasKind, UnmatchedEntry, Vendor, VendorAlias, normalise_name
from vendors.signals.formats import SignalRecord
from vendors.signals.services import IGNORED, ImportReport, import_records


def resolve_name(
    source: str, vendor_name: str, vendor: Vendor, user, *, remember: bool = True
) -> ImportReport:
    """Give every waiting entry of ``source`` under ``vendor_name`` to ``vendor``, as signals.

    ``remember`` keeps the name as the vendor's alias (a CPE vendor name for NVD), so the next
    import matches it by itself.
    """
    with transaction.atomic():
        entries = list(
            UnmatchedEntry.objects.select_for_update().filter(
                source=source, vendor_name=vendor_name, resolved_at__isnull=True
            )
        )
        if remember and vendor_name and not vendor_name.startswith("("):
            kind = AliasKind.CPE_VENDOR if source == "nvd" else AliasKind.NAME
            names = [part.strip() for part in vendor_name.split(",")] if source == "nvd" else [vendor_name]
            for name in names:
                if not VendorAlias.objects.filter(
                    vendor=vendor, kind=kind, normalised=normalise_name(name)
                ).exists():
                    VendorAlias(vendor=vendor, kind=kind, name=name).save()
        report = import_records(
            [SignalRecord.from_json(entry.record) for entry in entries],
            source=source,
            vendor=vendor,
            user=user,
        )
        by_id = {signal.external_id: signal for signal in report.signals}
        now = timezone.now()
        for entry in entries:
            entry.resolved_at, entry.resolved_by = now, user
            entry.resolved_signal = by_id.get(entry.external_id)
            entry.resolution = f"Given to {vendor.name}"
        UnmatchedEntry.objects.bulk_update(
            entries, ["resolved_at", "resolved_by", "resolved_signal", "resolution"]
        )
    return report


def ignore_name(source: str, vendor_name: str, user) -> int:
    """Close every waiting entry under ``vendor_name``: not a vendor we track; later imports skip it."""
    return UnmatchedEntry.objects.filter(
        source=source, vendor_name=vendor_name, resolved_at__isnull=True
    ).update(resolved_at=timezone.now(), resolved_by=user, resolution=IGNORED)


def waiting_entries():
    """The review queue: entries nobody has resolved or ignored yet."""
    return UnmatchedEntry.objects.filter(resolved_at__isnull=True)


def waiting_names():
    """The review queue grouped by (source, vendor name): how many entries each, newest first."""
    return (
        waiting_entries()
        .values("source", "vendor_name", "problem")
        .annotate(entries=Count("pk"), latest=Max("first_seen"))
        .order_by("-latest", "vendor_name")
    )
