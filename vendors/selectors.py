"""Vendor facts as DataFrames: the only place where the vendor ORM meets pandas.

Each selector runs exactly one query however many vendors it covers, returns
the same columns and dtypes whether or not there are rows, and hands money
over as float (Decimal does not mix with numpy). Dates come back as
``datetime64[ns]`` columns, NaT where unknown. ``vendor_ids=None`` means every
vendor; an empty list means none (and no query at all).

The frames feed ``engine/facts/`` and ``evaluator/scoring.py``.
"""

import datetime
from collections.abc import Iterable

import numpy as np
import pandas as pd
from django.db.models import Count, Exists, F, OuterRef

from engine.facts.delivery import ROADMAP_COLUMNS
from vendors.documents.rules import grade_in_force
from vendors.models import CapabilityAssessment, FinancialFact, FundingEvent, RoadmapItem, VendorDocument

ROADMAP_DTYPES = {
    "vendor_id": "int64",
    "item_id": "int64",
    "capability_id": "int64",
    "first_promised_date": "datetime64[ns]",
    "target_date": "datetime64[ns]",
    "status": "str",
    "delivered_date": "datetime64[ns]",
    "delivered_as": "str",
    "rebaselines": "int64",
    "commitment_kind": "str",
    "contract_coverage": "str",
    "coverage_cost": "float64",
}
FINANCIAL_DTYPES = {
    "vendor_id": "int64",
    "fiscal_year": "int64",
    "revenue": "float64",
    "rd_spend": "float64",
    # Nullable integer: a head count of 12.0 would read oddly on a page.
    "rd_headcount": "Int64",
    "currency": "str",
    "confidence": "str",
}
FUNDING_DTYPES = {
    "vendor_id": "int64",
    "date": "datetime64[ns]",
    "kind": "str",
    "amount": "float64",
    "currency": "str",
}
NAN = float("nan")
ASSESSMENT_DTYPES = {
    "vendor_id": "int64",
    "capability_id": "int64",
    "domain_id": "int64",
    "assessed_on": "datetime64[ns]",
    "maturity": "int64",
    "delivery_model": "str",
    "evidence_grade": "str",
}


def _frame(rows: Iterable[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    """The rows as a frame of ``dtypes``, each column made in one step from a list.

    A frame built from dicts and then converted column by column costs about four times
    as much (pandas checks and copies at every step); the values are the same: money
    Decimal -> float and None -> NaN, blank choices "" (not NaN), dates -> datetime64 with
    NaT, nullable integers with <NA>.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    columns = {}
    for column, dtype in dtypes.items():
        values = [row[column] for row in rows]
        if dtype == "float64":
            columns[column] = np.array([NAN if v is None else float(v) for v in values], dtype=np.float64)
        elif dtype == "str":
            columns[column] = pd.array(["" if v is None else str(v) for v in values], dtype="str")
        elif dtype == "Int64":
            columns[column] = pd.array(values, dtype="Int64")
        else:
            columns[column] = np.array(values, dtype=dtype)
    return pd.DataFrame(columns, columns=list(dtypes))


def _for_vendors(queryset, vendor_ids):
    if vendor_ids is None:
        return queryset
    return queryset.filter(vendor_id__in=list(vendor_ids))


def roadmap_frame(vendor_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """One row per roadmap item, with the number of re-baselines logged for it.

    Columns: vendor_id, item_id, capability_id, first_promised_date,
    target_date, status, delivered_date, delivered_as ("ga", "beta" or ""),
    rebaselines, commitment_kind, contract_coverage, coverage_cost.
    Sorted by vendor, then item id.
    """
    queryset = (
        _for_vendors(RoadmapItem.objects.all(), vendor_ids)
        .annotate(rebaselines=Count("changes"))
        .order_by("vendor_id", "pk")
        # The columns the delivery record reads (engine.facts.delivery), the item id from pk.
        .values(*(column for column in ROADMAP_COLUMNS if column != "item_id"), item_id=F("pk"))
    )
    return _frame(queryset, ROADMAP_DTYPES)


def roadmap_frame_of(items: Iterable[RoadmapItem]) -> pd.DataFrame:
    """``roadmap_frame`` of items already read, each with ``rebaseline_count`` annotated (no query).

    The vendor page reads its items for the roadmap table anyway; the same rows, in the
    same order (vendor, then item id), give the same frame.
    """
    columns = [column for column in ROADMAP_DTYPES if column not in ("item_id", "rebaselines")]
    rows = [
        {
            **{column: getattr(item, column) for column in columns},
            "item_id": item.pk,
            "rebaselines": item.rebaseline_count,
        }
        for item in sorted(items, key=lambda item: (item.vendor_id, item.pk))
    ]
    return _frame(rows, ROADMAP_DTYPES)


def financial_frame(vendor_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """One row per vendor × fiscal year: revenue, rd_spend, rd_headcount, currency, confidence.

    Sorted by vendor, then fiscal year.
    """
    queryset = (
        _for_vendors(FinancialFact.objects.all(), vendor_ids)
        .order_by("vendor_id", "fiscal_year")
        .values(*FINANCIAL_DTYPES)
    )
    return _frame(queryset, FINANCIAL_DTYPES)


def financial_frame_of(facts: Iterable[FinancialFact]) -> pd.DataFrame:
    """``financial_frame`` of financial facts already read (no query), in its order."""
    rows = [
        {column: getattr(fact, column) for column in FINANCIAL_DTYPES}
        for fact in sorted(facts, key=lambda fact: (fact.vendor_id, fact.fiscal_year))
    ]
    return _frame(rows, FINANCIAL_DTYPES)


def funding_frame_of(events: Iterable[FundingEvent]) -> pd.DataFrame:
    """``funding_frame`` of funding events already read (no query), in its order."""
    rows = [
        {column: getattr(event, column) for column in FUNDING_DTYPES}
        for event in sorted(events, key=lambda event: (event.vendor_id, event.date, event.pk))
    ]
    return _frame(rows, FUNDING_DTYPES)


def funding_frame(vendor_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """One row per funding event: vendor_id, date, kind, amount, currency.

    ``amount`` is NaN when not disclosed. Sorted by vendor, then date.
    """
    queryset = (
        _for_vendors(FundingEvent.objects.all(), vendor_ids)
        .order_by("vendor_id", "date", "pk")
        .values(*FUNDING_DTYPES)
    )
    return _frame(queryset, FUNDING_DTYPES)


def assessment_frame(
    vendor_ids: Iterable[int] | None = None,
    latest_only: bool = True,
    as_of: datetime.date | None = None,
) -> pd.DataFrame:
    """Capability assessments: vendor_id, capability_id, domain_id, assessed_on,
    maturity, delivery_model, evidence_grade.

    With ``latest_only`` (the default) one row per vendor × capability, its
    most recent assessment (the current maturity); otherwise the whole
    history, which gives the pace. Sorted by vendor, capability, date.

    With ``as_of``, ``evidence_grade`` is the grade in force on that day
    (``documents.rules.grade_in_force``): a documented or verified grade backed
    by vault documents of the vendor for that capability, none of them in force
    on ``as_of``, reads as self-asserted. Still one query (two EXISTS subqueries).
    """
    manager = CapabilityAssessment.objects
    queryset = manager.latest_per_capability() if latest_only else manager.all()
    columns = [
        "vendor_id",
        "capability_id",
        "assessed_on",
        "maturity",
        "delivery_model",
        "evidence_grade",
    ]
    if as_of is not None:
        backing = VendorDocument.objects.filter(
            vendor_id=OuterRef("vendor_id"), capabilities=OuterRef("capability_id")
        )
        queryset = queryset.annotate(backed=Exists(backing), in_force=Exists(backing.in_force_on(as_of)))
        columns += ["backed", "in_force"]
    rows = (
        _for_vendors(queryset, vendor_ids)
        .order_by("vendor_id", "capability_id", "assessed_on")
        .values(*columns, domain_id=F("capability__domain_id"))
    )
    if as_of is not None:
        rows = [
            {**row, "evidence_grade": grade_in_force(row["evidence_grade"], row["backed"], row["in_force"])}
            for row in rows
        ]
    return _frame(rows, ASSESSMENT_DTYPES)
