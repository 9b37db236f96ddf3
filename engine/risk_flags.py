"""Risk flags for a vendor scorecard: each one a warning with the fact behind it.

Pure Python over one row of ``engine.scoring.vendor_metrics`` and the vendor's funding
events; no database. The thresholds are deliberately plain so that a reader can check them
against the facts table of the results page.
"""

import datetime
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

FALLING_RD_POINTS_PER_YEAR = -0.5  # intensity trend, percentage points per year
MANY_SILENT_DROPS = 2
WEAK_DELIVERY_RECORD = 0.5
LOW_CONTRACT_COVERAGE = 0.5
LOW_ORGANIC_RD_SHARE = 0.5
# Outside money that usually comes with a change of owner.
BUY_OUT_KINDS = {"private_equity", "parent"}


@dataclass(frozen=True)
class RiskFlag:
    """A short warning (``title``) and the sentence of facts that raised it (``fact``)."""

    code: str
    title: str
    fact: str


def _known(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and value is not pd.NaT


def _date(value: datetime.date) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


# A value is a number (a date for contract_end), NaN or None when unknown, a missing key reads
# as None: _known tells them apart at run time, so the values stay Any here.
type Facts = Callable[[str], Any]


def risk_flags(facts: Mapping[str, Any], funding: pd.DataFrame | None = None) -> list[RiskFlag]:
    """The risk flags raised by one vendor's facts, most serious first.

    ``facts`` is a mapping with the columns of ``vendor_metrics`` (rd_trend, rd_intensity,
    rd_organic_share, horizon_items, items_after_contract_count, contract_end, silent_drops,
    items_due, delivery_record, contract_included_share); a missing or NaN value raises no flag.
    ``funding`` has the vendor's funding events (date, kind); the latest buy-out-like event is
    named when R&D intensity is falling.
    """
    get: Facts = facts.get
    flags = [
        _after_contract(get),
        _falling_rd(get, funding),
        _silent_drops(get),
        _weak_delivery(get),
        _low_coverage(get),
        _outside_funded_rd(get),
    ]
    return [flag for flag in flags if flag is not None]


def _after_contract(get: Facts) -> RiskFlag | None:
    late, items, contract_end = get("items_after_contract_count"), get("horizon_items"), get("contract_end")
    if not (_known(late) and late > 0 and _known(contract_end)):
        return None
    return RiskFlag(
        "after_contract",
        "Roadmap lands after the contract ends",
        f"{int(late)} of {int(items)} roadmap items due by the horizon are targeted after the "
        f"contract ends on {_date(contract_end)}.",
    )


def _falling_rd(get: Facts, funding: pd.DataFrame | None) -> RiskFlag | None:
    trend = get("rd_trend")
    if not (_known(trend) and trend <= FALLING_RD_POINTS_PER_YEAR):
        return None
    fact = f"R&D intensity is falling by {abs(trend):.1f} percentage points a year"
    intensity = get("rd_intensity")
    if _known(intensity):
        fact += f" (latest {100 * intensity:.1f} % of revenue)"
    if funding is not None and not funding.empty:
        deals = funding[funding["kind"].isin(BUY_OUT_KINDS)]
        if not deals.empty:
            latest = deals.sort_values("date").iloc[-1]
            fact += f", after a {str(latest['kind']).replace('_', '-')} deal on {_date(latest['date'])}"
    return RiskFlag("falling_rd", "Falling R&D share", fact + ".")


def _silent_drops(get: Facts) -> RiskFlag | None:
    drops = get("silent_drops")
    if not (_known(drops) and drops >= MANY_SILENT_DROPS):
        return None
    return RiskFlag(
        "silent_drops",
        "Many silent drops",
        f"{int(drops)} roadmap items were dropped without an announcement.",
    )


def _weak_delivery(get: Facts) -> RiskFlag | None:
    record, due = get("delivery_record"), get("items_due")
    if not (_known(record) and record < WEAK_DELIVERY_RECORD and _known(due) and due > 0):
        return None
    return RiskFlag(
        "weak_delivery",
        "Weak delivery record",
        f"Delivery record {100 * record:.0f} % over {int(due)} items that were due.",
    )


def _low_coverage(get: Facts) -> RiskFlag | None:
    coverage = get("contract_included_share")
    if not (_known(coverage) and coverage < LOW_CONTRACT_COVERAGE):
        return None
    return RiskFlag(
        "low_coverage",
        "Roadmap mostly outside the contract",
        f"Only {100 * coverage:.0f} % of the roadmap items due by the horizon are included "
        "under the current contract terms.",
    )


def _outside_funded_rd(get: Facts) -> RiskFlag | None:
    organic = get("rd_organic_share")
    if not (_known(organic) and organic < LOW_ORGANIC_RD_SHARE):
        return None
    return RiskFlag(
        "outside_funded_rd",
        "R&D depends on outside money",
        f"Only {100 * organic:.0f} % of recent R&D spend is covered by the vendor's own operations.",
    )
