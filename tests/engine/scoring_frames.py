"""Hand-made input frames for the database-free scoring tests."""

import datetime

import pandas as pd

from engine import facts as vendor_metrics
from engine.scoring import CONTRACT_COLUMNS, CRITERIA_COLUMNS, ScoringInputs  # noqa: F401
from engine.scoring.table import WEIGHTED_SUM

D = datetime.date
TODAY = D(2026, 11, 1)
HORIZON = D(2027, 12, 31)
ASSESSMENT_COLUMNS = [
    "vendor_id", "capability_id", "domain_id", "assessed_on", "maturity", "delivery_model", "evidence_grade",
]  # fmt: skip


ASSESSED_ON = D(2026, 6, 1)


def assessment(vendor_id, capability_id, maturity, on=ASSESSED_ON, evidence="verified"):
    return {
        "vendor_id": vendor_id,
        "capability_id": capability_id,
        "domain_id": 1,
        "assessed_on": on,
        "maturity": maturity,
        "delivery_model": "native",
        "evidence_grade": evidence,
    }


def item(vendor_id, capability_id, target, status="planned", **overrides):
    row = {
        "vendor_id": vendor_id,
        "item_id": overrides.pop("item_id", hash((vendor_id, capability_id, target, status)) % 10**6),
        "capability_id": capability_id,
        "first_promised_date": overrides.pop("first_promised_date", target),
        "target_date": target,
        "status": status,
        "delivered_date": None,
        "delivered_as": "",
        "rebaselines": 0,
        "commitment_kind": "public_roadmap",
        "contract_coverage": "included",
        "coverage_cost": None,
    }
    row.update(overrides)
    return row


def frame(rows, columns):
    return pd.DataFrame(list(rows), columns=columns)


def assessments(*rows):
    return frame(rows, ASSESSMENT_COLUMNS)


def roadmap(*rows):
    return frame(rows, vendor_metrics.ROADMAP_COLUMNS)


def required(**importance_by_capability):
    return pd.DataFrame(
        {
            "capability_id": [int(k[1:]) for k in importance_by_capability],
            "importance": list(importance_by_capability.values()),
        }
    )


def criterion(
    criterion_id,
    name,
    metric=None,
    weight=1.0,
    direction="benefit",
    source="metric",
    group="capability_depth",
):
    return {
        "criterion_id": criterion_id,
        "name": name,
        "group": group,
        "direction": direction,
        "source": source,
        "metric": metric or "",
        "weight": weight,
    }


def criteria(*rows):
    return frame(rows, CRITERIA_COLUMNS)


def inputs(candidates, **frames):
    defaults = {
        "required": required(),
        "criteria": criteria(),
        "assessments": assessments(),
        "roadmap": roadmap(),
        "contracts": frame([], CONTRACT_COLUMNS),
        "financials": frame([], vendor_metrics.FINANCIAL_COLUMNS),
        "funding": frame([], vendor_metrics.FUNDING_COLUMNS),
        "manual": frame([], ["criterion_id", "vendor_id", "evaluator_id", "score"]),
        "today": TODAY,
        "horizon": HORIZON,
        "method": WEIGHTED_SUM,
    }
    defaults.update(frames)
    names = pd.DataFrame({"vendor_id": list(candidates), "name": list(candidates.values())})
    return ScoringInputs(candidates=names, **defaults)
