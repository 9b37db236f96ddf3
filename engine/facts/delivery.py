"""A vendor's delivery record: how well it kept the dates it promised.

Pure pandas, no Django import (each public function is memoised per process for identical
inputs, engine/memo.py). Every rule and constant is explained, with a worked example, in
``docs/scoring.md`` section 1; change one and you change the other.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from engine.memo import memoised

OPEN_STATUSES = ("planned", "in_progress", "slipped")
CANCELLED = "cancelled"
DELIVERED = "delivered"
SILENTLY_DROPPED = "silently_dropped"

# Beta is usable for evaluation but not for production: half a delivery.
BETA_CREDIT = 0.5
# Laplace-style smoothing: every vendor starts with PRIOR_WEIGHT pseudo-items
# delivered at PRIOR_ON_TIME. 0.5 says "no evidence either way"; 4 pseudo-items
# means two on-time items give 0.67, not 1.0, and ten on-time items give 0.86.
PRIOR_ON_TIME = 0.5
PRIOR_WEIGHT = 4
# Score penalties (see docs/scoring.md): one re-baseline per item costs 20 %,
# and a record made only of silent drops loses half of what is left.
REBASELINE_PENALTY = 0.25
SILENT_DROP_PENALTY = 0.5

ROADMAP_COLUMNS = [
    "vendor_id",
    "item_id",
    "capability_id",
    "first_promised_date",
    "target_date",
    "status",
    "delivered_date",
    "delivered_as",
    "rebaselines",
    "commitment_kind",
    "contract_coverage",
    "coverage_cost",
]


@dataclass(frozen=True)
class DeliveryRecord:
    """How a vendor has kept its roadmap promises, as of one day.

    ``delivered_on_time`` is a credit, not a count: a beta delivered on time
    counts ``BETA_CREDIT`` (0.5). ``score`` is in [0, 1]. With no item due there
    is no record yet: the rates and the score are None (NaN in the frames), and
    the scoring engine's missing-data rule applies, never the smoothing prior.
    """

    items_due: int
    delivered_on_time: float
    on_time_rate: float | None
    smoothed_on_time_rate: float | None
    median_slip_days: float | None
    rebaselines_per_item: float | None
    silent_drops: int
    overdue_open: int
    score: float | None

    @property
    def has_record(self) -> bool:
        """Whether anything is due yet: without that there is no record to show or score."""
        return self.items_due > 0


DELIVERY_RECORD_FIELDS = [f.name for f in fields(DeliveryRecord)]
_INT_FIELDS = {"items_due": "int64", "silent_drops": "int64", "overdue_open": "int64"}


def _as_datetime(column: pd.Series) -> pd.Series:
    # Selectors give datetime64, hand-made frames often datetime.date objects.
    return pd.to_datetime(column, errors="coerce").astype("datetime64[ns]")


def _delivery_columns(items: pd.DataFrame, today: datetime.date) -> pd.DataFrame:
    """Per-item flags and numbers that the per-vendor aggregates sum or average."""
    today_ts = pd.Timestamp(today)
    status = items["status"].astype("str")
    promised = _as_datetime(items["first_promised_date"])
    target = _as_datetime(items["target_date"])
    delivered_date = _as_datetime(items["delivered_date"])

    is_delivered = status.eq(DELIVERED)
    is_dropped = status.eq(SILENTLY_DROPPED)
    is_open = status.isin(OPEN_STATUSES)
    # An item enters the record once its first promised date has passed or its
    # outcome is known (delivered early, or dropped before the date came).
    # Openly cancelled items stay out: saying so is not a broken promise.
    is_due = status.ne(CANCELLED) & (promised.le(today_ts) | is_delivered | is_dropped)

    on_time = is_due & is_delivered & delivered_date.le(promised)
    is_beta = items["delivered_as"].astype("str").eq("beta")
    credit = np.where(on_time, np.where(is_beta, BETA_CREDIT, 1.0), 0.0)

    # Slip counts delivered items (negative when early) and open items whose
    # first promise has passed: those have slipped at least until today, and
    # leaving them out would flatter a vendor that never ships its late work.
    # Whole days as floats (NaN where a date is missing), picked per item with numpy: two masked
    # assignments into a Series cost more than the rest of the item's columns.
    delivered_days = (delivered_date - promised).dt.days.to_numpy(dtype="float64")
    open_days = (today_ts - promised).dt.days.to_numpy(dtype="float64")
    late_open = is_open & promised.lt(today_ts)
    slip_days = np.where(is_delivered.to_numpy(dtype=bool), delivered_days, np.nan)
    slip_days = np.where(late_open.to_numpy(dtype=bool), open_days, slip_days)
    slip = pd.Series(slip_days, index=items.index, dtype="float64")

    return pd.DataFrame(
        {
            "vendor_id": items["vendor_id"],
            "due": is_due.astype("int64"),
            "credit": credit,
            "slip": slip,
            "rebaselines": pd.to_numeric(items["rebaselines"], errors="coerce").fillna(0).astype("float64"),
            "dropped": is_dropped.astype("int64"),
            "overdue": (is_open & target.lt(today_ts)).astype("int64"),
        },
        index=items.index,
    )


def _delivery_scores(grouped: pd.DataFrame) -> pd.DataFrame:
    """Rates, smoothing and the score from per-vendor sums (vectorised).

    Nothing due means no record yet: the rates and the score are NaN (missing), not the prior.
    """
    # On numpy arrays (the same operations, element by element, as on the Series): a pandas
    # operation's fixed cost was most of the delivery record's.
    due = grouped["items_due"].to_numpy()
    credit = grouped["delivered_on_time"].to_numpy()
    has_record = due > 0
    with np.errstate(divide="ignore", invalid="ignore"):  # the rows without a record are masked
        on_time_rate = np.where(has_record, credit / due, np.nan)
        smoothed = np.where(
            has_record, (credit + PRIOR_WEIGHT * PRIOR_ON_TIME) / (due + PRIOR_WEIGHT), np.nan
        )
        rebaselines = grouped["rebaselines_per_item"].to_numpy(dtype="float64")
        rebaseline_factor = 1.0 / (
            1.0 + REBASELINE_PENALTY * np.where(np.isnan(rebaselines), 0.0, rebaselines)
        )
        drop_share = np.where(has_record, grouped["silent_drops"].to_numpy() / due, 0.0)
    drop_factor = 1.0 - SILENT_DROP_PENALTY * drop_share
    out = grouped.copy()
    out["on_time_rate"] = on_time_rate
    out["smoothed_on_time_rate"] = smoothed
    out["score"] = np.clip(smoothed * rebaseline_factor * drop_factor, 0.0, 1.0)
    return out[DELIVERY_RECORD_FIELDS]


@memoised
def delivery_records(items: pd.DataFrame, today: datetime.date) -> pd.DataFrame:
    """Delivery record of every vendor in ``items``, indexed by ``vendor_id``.

    ``items`` has the columns of ``selectors.roadmap_frame()``. One row per
    vendor that has at least one item, one column per ``DeliveryRecord``
    field; missing values are NaN. Vendors without items are absent: reindex
    and fill with ``delivery_record(<empty frame>, today)`` if you need them.
    """
    if items.empty:
        return pd.DataFrame(
            {name: pd.Series(dtype=_INT_FIELDS.get(name, "float64")) for name in DELIVERY_RECORD_FIELDS},
            index=pd.Index([], name="vendor_id", dtype="int64"),
        )
    per_item = _delivery_columns(items, today)
    # One groupby, its sums in one call (named aggregation dispatched each column on its own, at
    # several times the cost).
    by_vendor = per_item.groupby("vendor_id", sort=True)
    sums = by_vendor[["due", "credit", "dropped", "overdue"]].sum()
    grouped = pd.DataFrame(
        {
            "items_due": sums["due"],
            "delivered_on_time": sums["credit"],
            "median_slip_days": by_vendor["slip"].median(),
            "rebaselines_per_item": by_vendor["rebaselines"].mean(),
            "silent_drops": sums["dropped"],
            "overdue_open": sums["overdue"],
        }
    )
    records = _delivery_scores(grouped)
    # The counts are int64 sums already (an astype would copy the frame for nothing).
    if any(records[name].dtype != dtype for name, dtype in _INT_FIELDS.items()):
        records = records.astype(_INT_FIELDS)
    return records


def _none_if_nan(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


@memoised
def delivery_record(items: pd.DataFrame, today: datetime.date) -> DeliveryRecord:
    """Delivery record of one vendor from its roadmap items (any vendor_id values are merged).

    Same rules as ``delivery_records``; with no items at all (or none due yet) every count is 0
    and the rates, medians and the score are None: there is no record yet.
    """
    if items.empty:
        no_items = {
            "items_due": 0,
            "delivered_on_time": 0.0,
            "median_slip_days": np.nan,
            "rebaselines_per_item": np.nan,
            "silent_drops": 0,
            "overdue_open": 0,
        }
        frame = _delivery_scores(pd.DataFrame([no_items]))
    else:
        frame = delivery_records(items.assign(vendor_id=0), today)
    row = frame.iloc[0]
    return DeliveryRecord(
        items_due=int(row["items_due"]),
        delivered_on_time=float(row["delivered_on_time"]),
        on_time_rate=_none_if_nan(float(row["on_time_rate"])),
        smoothed_on_time_rate=_none_if_nan(float(row["smoothed_on_time_rate"])),
        median_slip_days=_none_if_nan(float(row["median_slip_days"])),
        rebaselines_per_item=_none_if_nan(float(row["rebaselines_per_item"])),
        silent_drops=int(row["silent_drops"]),
        overdue_open=int(row["overdue_open"]),
        score=_none_if_nan(float(row["score"])),
    )
