"""An evaluation's results as people and machines read them, built once for every surface.

The results page, the dashboard, the scorecard, the exports and the API render these rows: a
number is a float or None (missing: never 0, never NaN, which JSON lacks), and beside it the
text the pages show ("72.0 %", "missing"). No ORM here: a score table and the metrics in.
"""

import math

from engine.charts.base import fmt_number, fmt_percent
from engine.risk_flags import risk_flags
from engine.scoring.metrics import METRIC_KEYS
from engine.signal_flags import signal_flags
from evaluator.models import Direction

MONEY_METRICS = {"cost_to_realise", "annual_contract_value"}
SIGNED_METRICS = {"rd_trend"}  # percentage points per year
# Weighted known exploited vulnerabilities per product family (engine/facts/signals.py).
DECIMAL_METRICS = {"product_security_record"}
# Every other metric of the engine is a share (0–1) and reads as a percentage.
PERCENT_METRICS = set(METRIC_KEYS) - MONEY_METRICS - SIGNED_METRICS - DECIMAL_METRICS
DIRECTION_LABELS = dict(Direction.choices)
# The facts table: (column of the metrics frame, heading, kind).
FACTS = [
    ("depth_index", "Depth index", "percent"),
    ("offered_capabilities", "Capabilities offered", "count"),
    ("shallow_capabilities", "of which shallow (≤ 2)", "count"),
    ("pace_evenness", "Pace evenness", "percent"),
    ("delivery_record", "Delivery record", "percent"),
    ("items_due", "Items due", "count"),
    ("on_time_rate", "On time (raw)", "percent"),
    ("median_slip_days", "Median slip (days)", "number"),
    ("rebaselines_per_item", "Re-baselines per item", "decimal"),
    ("silent_drops", "Silent drops", "count"),
    ("horizon_items", "Roadmap items by horizon", "count"),
    ("credible_roadmap", "Credible roadmap", "percent"),
    ("contract_included_share", "Included in contract", "percent"),
    ("cost_to_realise", "Cost to realise", "money"),
    ("unpriced_items", "Unpriced items", "count"),
    ("items_after_contract", "After contract end", "percent"),
    ("rd_intensity", "R&D intensity", "percent"),
    ("rd_trend", "R&D trend (pp/yr)", "signed"),
    ("rd_organic_share", "R&D from operations", "percent"),
]
FACT_KINDS = {column: (heading, kind) for column, heading, kind in FACTS}
# A vendor with nothing due has no delivery record yet: those facts read "no record yet", not a
# measured value, and the score table counts them as missing (docs/scoring.md §1.1, §3.3).
NO_RECORD = "no record yet"
NO_RECORD_FACTS = {"delivery_record", "on_time_rate"}
STRENGTHS_SHOWN = 3
# The scorecard's facts, grouped as the page shows them: (section, [FACTS column names]).
FACT_SECTIONS = [
    ("Delivery record", ["delivery_record", "items_due", "on_time_rate", "median_slip_days",
                         "rebaselines_per_item", "silent_drops"]),
    ("R&D", ["rd_intensity", "rd_trend", "rd_organic_share"]),
    ("Contract coverage of the roadmap", ["horizon_items", "contract_included_share", "cost_to_realise",
                                          "unpriced_items", "items_after_contract"]),
]  # fmt: skip


def number(value) -> float | None:
    """A float for JSON and templates, or None for a missing value (NaN, None, infinity)."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def missing_text(column) -> str:
    """What a missing value of ``column`` (a metric or fact) reads as: "missing" or "no record yet"."""
    return NO_RECORD if column in NO_RECORD_FACTS else "missing"


def display(value, kind: str, missing: str = "missing") -> str:
    """A value as the pages show it; a missing one reads ``missing`` and never turns into 0."""
    value = number(value)
    if value is None:
        return missing
    if kind == "percent":
        return f"{100 * value:.1f} %"
    if kind == "money":
        return f"{value:,.0f}"
    if kind == "signed":
        return f"{value:+.2f}"
    if kind in ("count", "number"):
        return f"{value:.0f}"
    return f"{value:.2f}"


def criterion_kind(row) -> str:
    """How a criterion's values read: a percentage, money, a signed trend or a plain decimal."""
    if row["source"] == "manual":
        return "decimal"
    if row["metric"] in PERCENT_METRICS:
        return "percent"
    if row["metric"] in MONEY_METRICS:
        return "money"
    if row["metric"] in SIGNED_METRICS:
        return "signed"
    return "decimal"


def active_criteria(table) -> list:
    """The criterion ids that count (not excluded), in display order."""
    criteria = table.criteria
    return [cid for cid in criteria.index if not criteria.loc[cid, "excluded"]]


def criterion_rows(table) -> list[dict]:
    """Every criterion with its effective weight (share of all weight) and direction."""
    criteria = table.criteria
    return [
        {
            "id": int(cid),
            "name": criteria.loc[cid, "name"],
            "effective_weight": number(criteria.loc[cid, "effective_weight"]),
            "direction": criteria.loc[cid, "direction"],
            "direction_label": DIRECTION_LABELS.get(criteria.loc[cid, "direction"], ""),
            "excluded": bool(criteria.loc[cid, "excluded"]),
        }
        for cid in criteria.index
    ]


def contribution_cell(table, vendor_id: int, criterion_id) -> dict:
    """One vendor × criterion: its contribution and the value behind it (raw, used, normalised)."""
    criteria = table.criteria
    kind = criterion_kind(criteria.loc[criterion_id])
    raw, used = table.raw.loc[vendor_id, criterion_id], table.filled.loc[vendor_id, criterion_id]
    absent = missing_text(criteria.loc[criterion_id, "metric"])
    return {
        "criterion": int(criterion_id),
        "criterion_name": criteria.loc[criterion_id, "name"],
        "effective_weight": number(criteria.loc[criterion_id, "effective_weight"]),
        "contribution": number(table.contributions.loc[vendor_id, criterion_id]),
        "value": number(raw),
        "value_display": display(raw, kind, absent),
        "used": number(used),
        "used_display": display(used, kind),
        "normalised": number(table.normalised.loc[vendor_id, criterion_id]),
        "missing": bool(table.missing.loc[vendor_id, criterion_id]),
    }


def ranking_rows(table, slugs) -> list[dict]:
    """The ranking in display order, each vendor with its contribution per active criterion.

    ``slugs`` maps vendor id to slug (the candidates frame's). Ties are shown as ties (``tied``).
    """
    active = active_criteria(table)
    probabilities = table.rank_probabilities
    rows = []
    for vendor_id, row in table.vendors.sort_values("position").iterrows():
        cells = [contribution_cell(table, vendor_id, cid) for cid in active]
        rows.append(
            {
                "vendor": int(vendor_id),
                "slug": slugs[vendor_id],
                "name": row["name"],
                "rank": int(row["rank"]),
                "tied": bool(row["tied"]),
                "total": number(row["total"]),
                "p_first": number(probabilities.loc[vendor_id, 1]) if probabilities is not None else None,
                "missing": [cell["criterion_name"] for cell in cells if cell["missing"]],
                "contributions": cells,
            }
        )
    return rows


def rank_probability_rows(table) -> list[dict]:
    """Each vendor's chance of every rank, in rank order; empty when there are no probabilities."""
    probabilities = table.rank_probabilities
    if probabilities is None:
        return []
    return [
        {
            "vendor": int(vendor_id),
            "name": table.vendors.loc[vendor_id, "name"],
            "probabilities": [
                {"rank": int(rank), "probability": number(probabilities.loc[vendor_id, rank])}
                for rank in probabilities.columns
            ],
        }
        for vendor_id in table.vendors.sort_values("position").index
    ]


def sensitivity_rows(table) -> list[dict]:
    """Each criterion's critical weight change: how far its weight may move before the leader changes.

    In the order of ``table.sensitivity``: the smallest move of the share of all weight first. The
    share now is ``weight``, at the critical point ``renormalised_weight``; ``share_change`` is the
    difference and ``fragile`` says whether it is within ``mcda.FRAGILE_SHARE_CHANGE``.
    ``display`` holds the three as the pages print them ("28.6 %", "-14.5 points"); the API leaves it out.
    """
    return [
        {
            "criterion": finding.criterion_id,
            "criterion_name": finding.criterion,
            "weight": number(finding.weight),
            "change": number(finding.change),
            "relative_change": number(finding.relative_change),
            "renormalised_weight": number(finding.renormalised_weight),
            "share_change": number(finding.share_change),
            "fragile": finding.fragile,
            "new_leader": finding.new_leader,
            "sentence": finding.sentence,
            "display": {
                "share": fmt_percent(finding.weight),
                "critical_share": fmt_percent(finding.renormalised_weight),
                "share_change": fmt_number(
                    None if finding.share_change is None else 100 * finding.share_change, 1, " points"
                ),
            },
        }
        for finding in table.sensitivity
    ]


def fact_rows(table, metrics) -> list[dict]:
    """The facts behind the metrics per vendor, in rank order: raw values and their display."""
    rows = []
    for vendor_id in table.vendors.sort_values("position").index:
        values = [metrics.loc[vendor_id, column] for column, _, _ in FACTS]
        displays = [
            display(value, kind, missing_text(column))
            for value, (column, _, kind) in zip(values, FACTS, strict=True)
        ]
        rows.append(
            {
                "name": table.vendors.loc[vendor_id, "name"],
                "values": [number(value) for value in values],
                "displays": displays,
                "cells": [
                    {"display": text, "missing": number(value) is None}
                    for value, text in zip(values, displays, strict=True)
                ],
            }
        )
    return rows


def scorecard(table, metrics, funding, vendor_id: int, signals=(), today=None) -> dict:
    """One candidate's scorecard: headline, strengths and weaknesses, facts and risk flags.

    ``funding`` is the vendor's funding frame (risk flags name the deal before a fall in R&D);
    ``signals`` its standing signals (``engine.signal_flags.SignalFact``), flagged as of ``today``.
    """
    row = table.vendors.loc[vendor_id]
    probabilities = table.rank_probabilities
    rank = int(row["rank"])
    contributions = sorted(
        (contribution_cell(table, vendor_id, cid) for cid in active_criteria(table)),
        key=lambda cell: (-(cell["contribution"] or 0.0), cell["criterion_name"]),
    )
    # Up to three each way, and no weakness list for a single criterion.
    shown = min(STRENGTHS_SHOWN, len(contributions) // 2 or 1)
    facts = metrics.loc[vendor_id]
    return {
        "headline": {
            "total": number(row["total"]),
            "rank": rank,
            "tied": bool(row["tied"]),
            "field": len(table.vendors),
            "p_first": number(probabilities.loc[vendor_id, 1]) if probabilities is not None else None,
            "p_rank": number(probabilities.loc[vendor_id, rank]) if probabilities is not None else None,
        },
        "strengths": contributions[:shown],
        "weaknesses": list(reversed(contributions[-shown:])) if len(contributions) > 1 else [],
        "fact_sections": [
            {
                "title": title,
                "facts": [
                    {
                        "key": column,
                        "label": FACT_KINDS[column][0],
                        "value": number(facts[column]),
                        "display": display(facts[column], FACT_KINDS[column][1], missing_text(column)),
                    }
                    for column in columns
                ],
            }
            for title, columns in FACT_SECTIONS
        ],
        "risk_flags": [
            *risk_flags(facts.to_dict(), funding.reset_index(drop=True)),
            *(signal_flags(signals, today) if today is not None else []),
        ],
    }
