"""Who is concerned with a vendor: its watchers, and whoever another app says.

The vendor record knows nothing of the apps built on it. An app that has people concerned with
vendors (the evaluator: the owner and members of an evaluation with the vendor as a candidate)
registers a function at start-up (its ``AppConfig.ready``); alerts about a vendor reach them all.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from vendors.models import VendorWatch

# vendor ids -> {vendor id: user ids}; each runs a fixed number of queries.
Audience = Callable[[set[int]], dict[int, set[int]]]
AUDIENCES: list[Audience] = []


def register_audience(audience: Audience) -> None:
    if audience not in AUDIENCES:
        AUDIENCES.append(audience)


def watchers(vendor_ids: set[int]) -> dict[int, set[int]]:
    """The users watching each vendor (one query)."""
    found: dict[int, set[int]] = defaultdict(set)
    for vendor_id, user_id in VendorWatch.objects.filter(vendor__in=vendor_ids).values_list("vendor", "user"):
        found[vendor_id].add(user_id)
    return found


def people_concerned(vendor_ids: Iterable[int]) -> dict[int, set[int]]:
    """Vendor id -> the ids of every user concerned with it: watchers and the registered audiences."""
    vendor_ids = set(vendor_ids)
    found: dict[int, set[int]] = defaultdict(set)
    for audience in (watchers, *AUDIENCES):
        for vendor_id, user_ids in audience(vendor_ids).items():
            found[vendor_id] |= user_ids
    return found
