"""A vendor's derived facts: its delivery record and its R&D profile (docs/scoring.md §1).

DataFrames in (``vendors.selectors`` builds them), facts out; the scoring engine and the
vendor pages both read them.
"""

from .delivery import (
    BETA_CREDIT,
    CANCELLED,
    DELIVERED,
    DELIVERY_RECORD_FIELDS,
    OPEN_STATUSES,
    PRIOR_ON_TIME,
    PRIOR_WEIGHT,
    REBASELINE_PENALTY,
    ROADMAP_COLUMNS,
    SILENT_DROP_PENALTY,
    SILENTLY_DROPPED,
    DeliveryRecord,
    delivery_record,
    delivery_records,
)
from .rd import (
    FINANCIAL_COLUMNS,
    FUNDING_COLUMNS,
    FUNDING_WINDOW_YEARS,
    ORGANIC,
    RD_PROFILE_FIELDS,
    TREND_YEARS,
    RDProfile,
    rd_profile,
    rd_profiles,
)

__all__ = [
    "BETA_CREDIT",
    "CANCELLED",
    "DELIVERED",
    "DELIVERY_RECORD_FIELDS",
    "FINANCIAL_COLUMNS",
    "FUNDING_COLUMNS",
    "FUNDING_WINDOW_YEARS",
    "OPEN_STATUSES",
    "ORGANIC",
    "PRIOR_ON_TIME",
    "PRIOR_WEIGHT",
    "RD_PROFILE_FIELDS",
    "REBASELINE_PENALTY",
    "ROADMAP_COLUMNS",
    "SILENTLY_DROPPED",
    "SILENT_DROP_PENALTY",
    "TREND_YEARS",
    "DeliveryRecord",
    "RDProfile",
    "delivery_record",
    "delivery_records",
    "rd_profile",
    "rd_profiles",
]
