"""A vendor's product security record: its known exploited vulnerabilities, weighted, per product family.

Pure pandas, no Django import. The rule, its constants and a worked example are in
``docs/scoring.md`` (section 3, "Product security record"); change one and you change the other.
"""

from __future__ import annotations

import datetime

import pandas as pd

SIGNAL_COLUMNS = ["vendor_id", "kind", "severity", "occurred_on", "ransomware", "family", "status"]
FAMILY_COLUMNS = ["vendor_id", "family"]
EXPLOITED = "exploited_vulnerability"
DISMISSED = "dismissed"
# The look-back window: the two years up to the evaluation's as-of date.
SECURITY_WINDOW_DAYS = 730
# A critical entry counts in full; what the alerting services call information counts a tenth.
SEVERITY_WEIGHT = {"critical": 1.0, "high": 0.75, "medium": 0.5, "low": 0.25, "info": 0.1}
# Used in ransomware campaigns (KEV knownRansomwareCampaignUse "Known"): counts twice.
RANSOMWARE_FACTOR = 2.0
SECURITY_RECORD_FIELDS = ["product_security_record", "kev_count", "kev_ransomware", "product_families"]


def window_start(today: datetime.date, window_days: int = SECURITY_WINDOW_DAYS) -> datetime.date:
    return today - datetime.timedelta(days=window_days)


def exploited_in_window(
    signals: pd.DataFrame, today: datetime.date, window_days: int = SECURITY_WINDOW_DAYS
) -> pd.DataFrame:
    """The standing (not dismissed) known exploited vulnerabilities dated inside the window."""
    if signals.empty:
        return signals.iloc[0:0]
    dates = pd.to_datetime(signals["occurred_on"], errors="coerce")
    start, end = pd.Timestamp(window_start(today, window_days)), pd.Timestamp(today)
    keep = (
        (signals["kind"] == EXPLOITED) & (signals["status"] != DISMISSED) & (dates > start) & (dates <= end)
    )
    return signals[keep]


def security_records(
    signals: pd.DataFrame,
    families: pd.DataFrame,
    vendor_ids: list[int],
    today: datetime.date,
    window_days: int = SECURITY_WINDOW_DAYS,
) -> pd.DataFrame:
    """One row per vendor: ``SECURITY_RECORD_FIELDS``.

    ``product_security_record`` = Σ severity weight × (RANSOMWARE_FACTOR if used by ransomware)
    over the vendor's exploited vulnerabilities in the window, divided by its product families
    (the families of its listed products and of the affected products, at least one). Lower is
    better; a vendor with none scores 0.
    """
    index = pd.Index(vendor_ids, name="vendor_id")
    found = exploited_in_window(signals, today, window_days)
    weight = found["severity"].map(SEVERITY_WEIGHT).fillna(SEVERITY_WEIGHT["medium"]).astype("float64")
    weight = weight.where(~found["ransomware"].astype(bool), weight * RANSOMWARE_FACTOR)
    weighted = weight.groupby(found["vendor_id"]).sum()
    count = found.groupby("vendor_id").size()
    ransomware = found[found["ransomware"].astype(bool)].groupby("vendor_id").size()
    listed = pd.concat([families[FAMILY_COLUMNS], found[FAMILY_COLUMNS]], ignore_index=True)
    listed = listed.assign(family=listed["family"].astype(str).str.casefold())
    family_count = listed.drop_duplicates().groupby("vendor_id").size()
    out = pd.DataFrame(index=index)
    out["kev_count"] = count.reindex(index).fillna(0).astype("int64")
    out["kev_ransomware"] = ransomware.reindex(index).fillna(0).astype("int64")
    out["product_families"] = family_count.reindex(index).fillna(0).astype("int64")
    out["product_security_record"] = (
        weighted.reindex(index).fillna(0.0) / out["product_families"].clip(lower=1)
    ).astype("float64")
    return out[SECURITY_RECORD_FIELDS]
