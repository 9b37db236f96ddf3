"""Signals as DataFrames and plain facts: one query each, whatever the number of vendors.

``signal_frame`` and ``family_frame`` feed ``engine.facts.signals`` (the product security record
criterion); ``signal_facts`` feeds ``engine.signal_flags`` (the scorecard's risk flags).
"""

from collections.abc import Iterable

import pandas as pd

from engine.facts.signals import FAMILY_COLUMNS, SIGNAL_COLUMNS
from engine.signal_flags import SignalFact
from vendors.models import Signal, VendorProduct, product_family

SIGNAL_DTYPES = {
    "vendor_id": "int64",
    "kind": "str",
    "severity": "str",
    "occurred_on": "datetime64[ns]",
    "ransomware": "bool",
    "family": "str",
    "status": "str",
}


def _signals(vendor_ids: Iterable[int]):
    return Signal.objects.filter(vendor_id__in=list(vendor_ids)).select_related("product")


def signal_frame(vendor_ids: Iterable[int]) -> pd.DataFrame:
    """``SIGNAL_COLUMNS``, one row per signal of these vendors, dismissed ones included (one query)."""
    rows = [
        (s.vendor_id, s.kind, s.severity, s.occurred_on, s.ransomware, product_family(s.product, s.product_name), s.status)
        for s in _signals(vendor_ids).only(
            "vendor_id", "kind", "severity", "occurred_on", "ransomware", "product_name", "status",
            "product__name", "product__family",
        )
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=SIGNAL_COLUMNS)
    frame["occurred_on"] = pd.to_datetime(frame["occurred_on"]).astype("datetime64[ns]")
    return frame.astype({k: v for k, v in SIGNAL_DTYPES.items() if k != "occurred_on"})


def family_frame(vendor_ids: Iterable[int]) -> pd.DataFrame:
    """``FAMILY_COLUMNS``: the product families of the vendors' listed products (one query)."""
    rows = [
        (product.vendor_id, product.family_name)
        for product in VendorProduct.objects.filter(vendor_id__in=list(vendor_ids)).only(
            "vendor_id", "name", "family"
        )
    ]
    return pd.DataFrame(rows, columns=FAMILY_COLUMNS).astype({"vendor_id": "int64", "family": "str"})


def signal_facts(vendor_id: int) -> list[SignalFact]:
    """The vendor's standing signals (not dismissed) as facts for the risk flags (one query)."""
    return [
        SignalFact(
            kind=s.kind,
            severity=s.severity,
            title=s.title,
            occurred_on=s.occurred_on,
            ransomware=s.ransomware,
            family=product_family(s.product, s.product_name),
        )
        for s in _signals([vendor_id]).standing()
    ]
