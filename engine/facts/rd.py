"""A vendor's R&D profile: how much it invests, where that is heading, and who pays for it.

Pure pandas, no Django import (memoised per process for identical inputs, engine/memo.py).
Explained with a worked example in ``docs/scoring.md`` section 1.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from engine.memo import memoised

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
# One row of a frame as ``to_dict("records")`` gives it: column name to cell value.
type Record = dict[Hashable, Any]


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


def _number(value: Any) -> float | None:
    """A float, or None for None, NaN, NA and anything that is not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def _year(value: Any) -> int | None:
    if value is None or value is pd.NaT:
        return None
    try:
        timestamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(timestamp) else int(timestamp.year)


def _records(frame: pd.DataFrame | None, columns: list[str]) -> list[Record]:
    # Per-vendor R&D data is a handful of rows: plain Python beats pandas
    # overhead here, and a frame missing an optional column still works.
    if frame is None or frame.empty:
        return []
    present = [c for c in columns if c in frame.columns]
    return frame[present].to_dict("records")


def _intensity_by_year(financials: list[Record]) -> dict[int, float]:
    intensity: dict[int, float] = {}
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


def _profile(financials: list[Record], funding: list[Record]) -> RDProfile:
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
    by_vendor: dict[int, tuple[list[Record], list[Record]]] = {}  # financial rows, funding rows
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
