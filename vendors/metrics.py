"""A vendor's derived facts: delivery record and R&D profile.

Pure pandas, no Django import (each public function is memoised per process for identical
inputs, config/memo.py): the selectors in ``vendors/selectors.py`` turn
the ORM into DataFrames, these functions turn DataFrames into facts, and the
scoring engine (``evaluator/scoring.py``) and the vendor pages both read them.
Every rule and constant here is explained, with a worked example, in
``docs/scoring.md`` section 1; change one and you change the other.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from config.memo import memoised

# --- delivery record ----------------------------------------------------------

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
    counts ``BETA_CREDIT`` (0.5). ``score`` is in [0, 1]; a vendor with no
    items due scores the prior, 0.5.
    """

    items_due: int
    delivered_on_time: float
    on_time_rate: float | None
    smoothed_on_time_rate: float
    median_slip_days: float | None
    rebaselines_per_item: float | None
    silent_drops: int
    overdue_open: int
    score: float


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
    slip = pd.Series(np.nan, index=items.index, dtype="float64")
    slip[is_delivered] = (delivered_date - promised)[is_delivered].dt.days
    late_open = is_open & promised.lt(today_ts)
    slip[late_open] = (today_ts - promised)[late_open].dt.days

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
    """Rates, smoothing and the score from per-vendor sums (vectorised)."""
    due = grouped["items_due"]
    credit = grouped["delivered_on_time"]
    out = grouped.copy()
    out["on_time_rate"] = (credit / due).where(due > 0)
    out["smoothed_on_time_rate"] = (credit + PRIOR_WEIGHT * PRIOR_ON_TIME) / (due + PRIOR_WEIGHT)
    rebaseline_factor = 1.0 / (1.0 + REBASELINE_PENALTY * out["rebaselines_per_item"].fillna(0.0))
    drop_share = (grouped["silent_drops"] / due).where(due > 0, 0.0)
    drop_factor = 1.0 - SILENT_DROP_PENALTY * drop_share
    out["score"] = (out["smoothed_on_time_rate"] * rebaseline_factor * drop_factor).clip(0.0, 1.0)
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
    grouped = per_item.groupby("vendor_id", sort=True).agg(
        items_due=("due", "sum"),
        delivered_on_time=("credit", "sum"),
        median_slip_days=("slip", "median"),
        rebaselines_per_item=("rebaselines", "mean"),
        silent_drops=("dropped", "sum"),
        overdue_open=("overdue", "sum"),
    )
    return _delivery_scores(grouped).astype(_INT_FIELDS)


def _none_if_nan(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


@memoised
def delivery_record(items: pd.DataFrame, today: datetime.date) -> DeliveryRecord:
    """Delivery record of one vendor from its roadmap items (any vendor_id values are merged).

    Same rules as ``delivery_records``; with no items at all every count is 0,
    the rates and medians are None and the score is the prior, 0.5.
    """
    if items.empty:
        row = {
            "items_due": 0,
            "delivered_on_time": 0.0,
            "median_slip_days": np.nan,
            "rebaselines_per_item": np.nan,
            "silent_drops": 0,
            "overdue_open": 0,
        }
        frame = _delivery_scores(pd.DataFrame([row]))
    else:
        frame = delivery_records(items.assign(vendor_id=0), today)
    row = frame.iloc[0]
    return DeliveryRecord(
        items_due=int(row["items_due"]),
        delivered_on_time=float(row["delivered_on_time"]),
        on_time_rate=_none_if_nan(float(row["on_time_rate"])),
        smoothed_on_time_rate=float(row["smoothed_on_time_rate"]),
        median_slip_days=_none_if_nan(float(row["median_slip_days"])),
        rebaselines_per_item=_none_if_nan(float(row["rebaselines_per_item"])),
        silent_drops=int(row["silent_drops"]),
        overdue_open=int(row["overdue_open"]),
        score=float(row["score"]),
    )


# --- R&D profile ----------------------------------------------------------------

# Intensity trend: least-squares slope over at most this many fiscal years.
TREND_YEARS = 5
# Organic share: R&D spend and outside money compared over this many fiscal years.
FUNDING_WINDOW_YEARS = 3
ORGANIC = "organic"

FINANCIAL_COLUMNS = [
    "vendor_id",
    "fiscal_year",
    "revenue",
    "rd_spend",
    "rd_headcount",
    "currency",
    "confidence",
]
FUNDING_COLUMNS = ["vendor_id", "date", "kind", "amount"]


@dataclass(frozen=True)
class RDProfile:
    """How much a vendor invests in R&D, where that is heading, and who pays for it.

    ``intensity_by_year`` maps fiscal year to R&D spend / revenue (a ratio,
    0.15 = 15 %); ``intensity_trend`` is in percentage points per year;
    ``organic_share`` is the part of R&D spend not covered by outside money
    over the last ``FUNDING_WINDOW_YEARS`` fiscal years, in [0, 1];
    ``outside_funding_by_kind`` sums outside money per funding kind over the
    same years.
    """

    intensity_by_year: dict[int, float] = field(default_factory=dict)
    latest_intensity: float | None = None
    intensity_trend: float | None = None
    organic_share: float | None = None
    outside_funding_by_kind: dict[str, float] = field(default_factory=dict)


RD_PROFILE_FIELDS = [f.name for f in fields(RDProfile)]


def _number(value) -> float | None:
    """A float, or None for None, NaN, NA and anything that is not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def _year(value) -> int | None:
    if value is None or value is pd.NaT:
        return None
    try:
        timestamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(timestamp) else int(timestamp.year)


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    # Per-vendor R&D data is a handful of rows: plain Python beats pandas
    # overhead here, and a frame missing an optional column still works.
    if frame is None or frame.empty:
        return []
    present = [c for c in columns if c in frame.columns]
    return frame[present].to_dict("records")


def _intensity_by_year(financials: list[dict]) -> dict[int, float]:
    intensity = {}
    for row in financials:
        revenue, rd_spend = _number(row.get("revenue")), _number(row.get("rd_spend"))
        # A ratio within one year, so the currency cancels and years reported
        # in different currencies can sit side by side. Revenue 0 has no ratio.
        if revenue and revenue > 0 and rd_spend is not None:
            intensity[int(row["fiscal_year"])] = rd_spend / revenue
    return dict(sorted(intensity.items()))


def _trend(intensity: dict[int, float]) -> float | None:
    if not intensity:
        return None
    latest = max(intensity)
    window = {year: value for year, value in intensity.items() if year > latest - TREND_YEARS}
    if len(window) < 2:
        return None
    years = np.array(list(window), dtype="float64")
    points = np.array(list(window.values()), dtype="float64") * 100.0
    # Least squares slope: sum((x - x̄)(y - ȳ)) / sum((x - x̄)²), in points per year.
    dx = years - years.mean()
    return float((dx * (points - points.mean())).sum() / (dx**2).sum())


def _profile(financials: list[dict], funding: list[dict]) -> RDProfile:
    intensity = _intensity_by_year(financials)
    latest = intensity[max(intensity)] if intensity else None
    trend = _trend(intensity)

    # The window ends at the latest fiscal year we hold (or, with no financial
    # facts, the year of the latest funding event) and covers FUNDING_WINDOW_YEARS.
    fin_years = [int(row["fiscal_year"]) for row in financials]
    fund_years = [y for y in (_year(row.get("date")) for row in funding) if y is not None]
    if not fin_years and not fund_years:
        return RDProfile(intensity, latest, trend, None, {})
    last = max(fin_years) if fin_years else max(fund_years)
    first = last - FUNDING_WINDOW_YEARS + 1

    if financials:
        reporting = max(financials, key=lambda row: int(row["fiscal_year"])).get("currency")
    else:
        dated = [row for row in funding if _year(row.get("date")) is not None]
        reporting = max(dated, key=lambda row: pd.Timestamp(row["date"])).get("currency")

    rd_total, currencies = 0.0, set()
    rd_known = False
    for row in financials:
        rd_spend = _number(row.get("rd_spend"))
        if first <= int(row["fiscal_year"]) <= last and rd_spend is not None:
            rd_total += rd_spend
            rd_known = True
            currencies.add(row.get("currency", reporting))

    outside_total = 0.0
    by_kind: dict[str, float] = {}
    for row in funding:
        year, amount = _year(row.get("date")), _number(row.get("amount"))
        if year is None or not first <= year <= last or row["kind"] == ORGANIC or amount is None:
            continue
        # Without a currency column the amount is taken as the reporting currency.
        currency = row.get("currency", reporting)
        currencies.add(currency)
        outside_total += amount
        if currency == reporting:
            by_kind[str(row["kind"])] = by_kind.get(str(row["kind"]), 0.0) + amount

    organic = None
    # Summing unlike currencies would be a made-up number: better no share at all.
    if rd_known and rd_total > 0 and len(currencies) <= 1:
        # Outside money is assumed to pay for R&D first: the cautious reading,
        # since money is fungible and we cannot see where it went.
        organic = 1.0 - min(outside_total, rd_total) / rd_total
    return RDProfile(intensity, latest, trend, organic, dict(sorted(by_kind.items())))


@memoised
def rd_profile(financials: pd.DataFrame, funding: pd.DataFrame) -> RDProfile:
    """R&D profile of one vendor from its financial facts and funding events.

    ``financials`` and ``funding`` have the columns of
    ``selectors.financial_frame()`` and ``selectors.funding_frame()`` (a
    ``currency`` column on funding is optional). Amounts are read in the
    vendor's reporting currency, the currency of its latest financial fact;
    when the R&D spend and outside money in the window are not all in one
    currency, ``organic_share`` is None instead of a sum of unlike amounts,
    and ``outside_funding_by_kind`` keeps the reporting currency only.
    Fiscal years are taken as calendar years when dating funding events.
    """
    return _profile(
        _records(financials, FINANCIAL_COLUMNS), _records(funding, [*FUNDING_COLUMNS, "currency"])
    )


@memoised
def rd_profiles(financials: pd.DataFrame, funding: pd.DataFrame) -> pd.DataFrame:
    """R&D profile of every vendor in either frame, indexed by ``vendor_id``.

    One column per ``RDProfile`` field; ``intensity_by_year`` and
    ``outside_funding_by_kind`` hold dicts, the others floats (NaN for None).
    """
    by_vendor: dict[object, tuple[list, list]] = {}
    for row in _records(financials, FINANCIAL_COLUMNS):
        by_vendor.setdefault(row["vendor_id"], ([], []))[0].append(row)
    for row in _records(funding, [*FUNDING_COLUMNS, "currency"]):
        by_vendor.setdefault(row["vendor_id"], ([], []))[1].append(row)
    vendor_ids = sorted(by_vendor)
    rows = []
    for vendor_id in vendor_ids:
        profile = _profile(*by_vendor[vendor_id])
        rows.append({name: getattr(profile, name) for name in RD_PROFILE_FIELDS})
    frame = pd.DataFrame(rows, columns=RD_PROFILE_FIELDS, index=pd.Index(vendor_ids, name="vendor_id"))
    for name in ("latest_intensity", "intensity_trend", "organic_share"):
        frame[name] = frame[name].astype("float64")
    return frame
