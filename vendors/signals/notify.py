"""Watchers hear of a new signal by the rule they chose: the kinds, and the lowest severity."""

from collections import defaultdict

from django.urls import reverse

from vendors.models import (
    SEVERITY_ORDER,
    Notification,
    NotificationKind,
    Severity,
    Signal,
    SignalKind,
    Vendor,
    VendorWatch,
)

BATCH_SIZE = 1000


def watch_wants(watch: VendorWatch, signal: Signal) -> bool:
    """The watcher's rule: the kinds they chose (none chosen: every kind) at or above their severity."""
    if watch.signal_min_severity not in SEVERITY_ORDER:
        return False  # "off"
    if watch.signal_kinds and signal.kind not in watch.signal_kinds:
        return False
    return SEVERITY_ORDER.index(signal.severity) >= SEVERITY_ORDER.index(watch.signal_min_severity)


def signal_message(signal: Signal, vendor_name: str) -> str:
    return (
        f"{vendor_name}: {SignalKind(signal.kind).label.lower()} ({Severity(signal.severity).label.lower()}), "
        f"{signal.occurred_on:%d %b %Y}: {signal.title}"
    )


def notify_watchers(signals: list[Signal], vendor_names: dict[int, str]) -> list[Notification]:
    """Tell each watcher of a signal's vendor whose rule it meets, once per signal (three queries)."""
    if not signals:
        return []
    watches = list(
        VendorWatch.objects.filter(
            vendor_id__in={s.vendor_id for s in signals}, user__is_active=True
        ).exclude(signal_min_severity="off")
    )
    if not watches:
        return []
    by_vendor = defaultdict(list)
    for watch in watches:
        by_vendor[watch.vendor_id].append(watch)
    pages = {
        pk: reverse("vendors:detail", args=[slug]) + "#signals"
        for pk, slug in Vendor.objects.filter(pk__in=by_vendor).values_list("pk", "slug")
    }
    fresh = [
        Notification(
            user_id=watch.user_id,
            kind=NotificationKind.VENDOR_SIGNAL,
            signal=signal,
            dedupe_key=f"{NotificationKind.VENDOR_SIGNAL}:{signal.pk}",
            message=signal_message(signal, vendor_names.get(signal.vendor_id, "")),
            url=pages[signal.vendor_id],
        )
        for signal in signals
        for watch in by_vendor.get(signal.vendor_id, [])
        if watch_wants(watch, signal)
    ]
    Notification.objects.bulk_create(fresh, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return fresh
