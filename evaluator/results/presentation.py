"""An evaluation's results as people and machines read them, built once for every surface.

The results page, the dashboard, the scorecard, the exports and the API render these rows: a
number is a float or None (missing: never 0, never NaN, which JSON lacks), and beside it the
text the pages show ("72.0 %", "missing"). No ORM here: a score table and the metrics in.
Every text goes through ``common.numbers`` (on ``engine.charts.base.fmt_percent`` / ``fmt_number``):
one format per quantity on pages, the API, exports and charts.
"""

import math

import pandas as pd

from common import numbers
from engine.charts.base import fmt_number, fmt_percent
from engine.risk_flags import risk_flags
from engine.scoring.metrics import METRIC_KEYS
from engine.signal_flags import signal_flags
from evaluator.models import Direction
from evaluator.results import wording

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
    ("rd_trend", "R&D trend", "signed"),
    ("rd_organic_share", "R&D from operations", "percent"),
]
FACT_KINDS = {column: (heading, kind) for column, heading, kind in FACTS}
# A vendor with nothing due has no delivery record yet: those facts read "no record yet", not a
# measured value, and the score table counts them as missing (docs/scoring.md §1.1, §3.3).
NO_RECORD = "no record yet"
NO_RECORD_FACTS = {"delivery_record", "on_time_rate"}
# Money without a contract to name its currency reads in the records' default currency (the models').
DEFAULT_CURRENCY = "EUR"
STRENGTHS_SHOWN = 3
STRONG_SHARE = 0.5  # a strength: normalised value in the better half of the field
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


def display(value, kind: str, missing: str = "missing", currency: str | None = None) -> str:
    """A value as the pages show it; a missing one reads ``missing`` and never turns into 0.

    Kinds: "percent" (a 0–1 share: "20.0 %"), "money" ("12,500,000 EUR", in ``currency`` or the
    default), "signed" (percentage points a year: "+1.2 pp/yr"), "count"/"number" (whole: "12"),
    "score" (0–1 score: "0.932") and "decimal" (two decimals: "2.50").
    """
    value = number(value)
    if value is None:
        return missing
    if kind == "percent":
        return numbers.percent(value)
    if kind == "money":
        return numbers.money(value, currency or DEFAULT_CURRENCY)
    if kind == "signed":
        return numbers.points(value)
    if kind == "score":
        return numbers.score(value)
    if kind in ("count", "number"):
        return fmt_number(value)
    return fmt_number(value, 2)


def vendor_currencies(contracts: pd.DataFrame) -> dict[int, str]:
    """Vendor id → the currency of its latest contract (by end date): money facts read in it."""
    if contracts.empty:
        return {}
    latest = (
        contracts.assign(end_date=pd.to_datetime(contracts["end_date"], errors="coerce"))
        .sort_values(["vendor_id", "end_date"], kind="stable", na_position="first")
        .drop_duplicates("vendor_id", keep="last")
    )
    return {int(row.vendor_id): str(row.currency) for row in latest.itertuples() if row.currency}


def criterion_kind(row) -> str:
    """How a criterion's values read: a percentage, money, a signed trend or a plain decimal."""
    if row["source"] == "manual":
        return "decimal"
    if row["source"] == "questionnaire_section":
        return "percent"  # a section's score is a share of the attainable (0–1)
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
    return [cid for cid, excluded in zip(criteria.index, criteria["excluded"], strict=True) if not excluded]


def criterion_rows(table) -> list[dict]:
    """Every criterion with its effective weight (share of all weight) and direction."""
    criteria = table.criteria
    return [
        {
            "id": int(cid),
            "name": criteria.loc[cid, "name"],
            "effective_weight": number(criteria.loc[cid, "effective_weight"]),
            "effective_weight_display": display(criteria.loc[cid, "effective_weight"], "percent", "–"),
            "group": criteria.loc[cid, "group"],
            "direction": criteria.loc[cid, "direction"],
            "direction_label": DIRECTION_LABELS.get(criteria.loc[cid, "direction"], ""),
            "excluded": bool(criteria.loc[cid, "excluded"]),
        }
        for cid in criteria.index
    ]


def contribution_cell(
    table, vendor_id: int, criterion_id, currency: str | None = None, cells: "CellReader | None" = None
) -> dict:
    """One vendor × criterion: its contribution and the value behind it (raw, used, normalised).

    ``currency``: the vendor's (``vendor_currencies``), for a money criterion. ``cells``: the
    table's values taken out once (``CellReader``), for many cells of the same table.
    """
    cells = cells or CellReader(table, [criterion_id])
    facts = cells.criteria[criterion_id]
    kind = facts["kind"]
    raw, used = cells.value("raw", vendor_id, criterion_id), cells.value("filled", vendor_id, criterion_id)
    contribution = cells.value("contributions", vendor_id, criterion_id)
    return {
        "criterion": int(criterion_id),
        "criterion_name": facts["name"],
        "group": facts["group"],
        "effective_weight": facts["effective_weight"],
        "effective_weight_display": facts["effective_weight_display"],
        "contribution": number(contribution),
        "contribution_display": display(contribution, "score", "–"),
        "value": number(raw),
        "value_display": display(raw, kind, facts["absent"], currency),
        "used": number(used),
        "used_display": display(used, kind, currency=currency),
        "normalised": number(cells.value("normalised", vendor_id, criterion_id)),
        "missing": bool(cells.value("missing", vendor_id, criterion_id)),
    }


class CellReader:
    """A score table's per-cell values, read out of its frames once.

    A pandas ``.loc[row, column]`` costs tens of microseconds; the ranking reads ten of them
    for each of 50 vendors × 60 criteria, which was 85 % of a dashboard served from cached
    results (tests/perf/ratios.py). Each column is kept as its own numpy array, so a value is
    the same scalar ``.loc`` gives (numpy float, bool or the object itself).
    """

    FRAMES = ("raw", "filled", "contributions", "normalised", "missing")

    def __init__(self, table, criterion_ids) -> None:
        criteria = table.criteria
        self.criteria = {}
        for cid in criterion_ids:
            row = criteria.loc[cid]
            self.criteria[cid] = {
                "kind": criterion_kind(row),
                "name": row["name"],
                "group": row["group"],
                "effective_weight": number(row["effective_weight"]),
                "effective_weight_display": display(row["effective_weight"], "percent", "–"),
                "absent": missing_text(row["metric"]),
            }
        self.frames = {}
        for name in self.FRAMES:
            frame = getattr(table, name)
            rows = {label: position for position, label in enumerate(frame.index)}
            if frame.columns.is_unique and len(set(frame.dtypes)) == 1:
                # One dtype: the frame's 2-D array holds the same scalars as its columns.
                matrix = frame.to_numpy()
                positions = {label: position for position, label in enumerate(frame.columns)}
                columns = {cid: matrix[:, positions[cid]] for cid in criterion_ids}
            else:
                columns = {cid: frame[cid].to_numpy() for cid in criterion_ids}
            self.frames[name] = (rows, columns)

    def value(self, frame: str, vendor_id, criterion_id):
        rows, columns = self.frames[frame]
        return columns[criterion_id][rows[vendor_id]]


def ranking_rows(table, slugs, currencies=None) -> list[dict]:
    """The ranking in display order, each vendor with its contribution per active criterion.

    ``slugs`` maps vendor id to slug (the candidates frame's). Ties are shown as ties (``tied``).
    ``currencies``: vendor id → currency (``vendor_currencies``) for money criteria.
    """
    active = active_criteria(table)
    currencies = currencies or {}
    rows = podium_rows(table, slugs)
    reader = CellReader(table, active)
    for row in rows:
        vendor_id = row["vendor"]
        currency = currencies.get(vendor_id)
        cells = [contribution_cell(table, vendor_id, cid, currency, reader) for cid in active]
        row["missing"] = [cell["criterion_name"] for cell in cells if cell["missing"]]
        row["contributions"] = cells
    return rows


def podium_rows(table, slugs) -> list[dict]:
    """The ranking in display order without the contributions: what the dashboard's podium shows.

    The same vendor, slug, name, rank, tied, total and chance of ranking first as ``ranking_rows``.
    """
    vendors = table.vendors.sort_values("position")
    probabilities = table.rank_probabilities
    p_firsts = probabilities[1].reindex(vendors.index).tolist() if probabilities is not None else None
    slugs = slugs.to_dict() if isinstance(slugs, pd.Series) else slugs
    rows = []
    columns = zip(
        vendors.index, vendors["name"], vendors["rank"], vendors["tied"], vendors["total"], strict=True
    )
    for position, (vendor_id, name, rank, tied, total) in enumerate(columns):
        p_first = number(p_firsts[position]) if p_firsts is not None else None
        rows.append(
            {
                "vendor": int(vendor_id),
                "slug": slugs[vendor_id],
                "name": name,
                "rank": int(rank),
                "tied": bool(tied),
                "total": number(total),
                "total_display": display(total, "score", "–"),
                "p_first": p_first,
                "p_first_display": display(p_first, "percent", "–"),
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
                {
                    "rank": int(rank),
                    "probability": number(probabilities.loc[vendor_id, rank]),
                    "probability_display": display(probabilities.loc[vendor_id, rank], "percent", "–"),
                }
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


def fact_rows(table, metrics, currencies=None) -> list[dict]:
    """The facts behind the metrics per vendor, in rank order: raw values and their display."""
    currencies = currencies or {}
    rows = []
    for vendor_id in table.vendors.sort_values("position").index:
        values = [metrics.loc[vendor_id, column] for column, _, _ in FACTS]
        displays = [
            display(value, kind, missing_text(column), currencies.get(vendor_id))
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


def _judged(cell: dict, sentence: str) -> dict:
    """A contribution cell with what the vendor gains and loses on the criterion, and its sentence.

    ``gained`` = effective weight × normalised value (the weighted-sum contribution), ``lost`` =
    effective weight × (1 − normalised value): the score the best candidate on it would have added.
    """
    weight = cell["effective_weight"] or 0.0
    normalised = cell["normalised"] if cell["normalised"] is not None else 0.0
    gained, lost = weight * normalised, weight * (1.0 - normalised)
    return {
        **cell,
        "statement": sentence,
        "gained": gained,
        "gained_display": display(gained, "score"),
        "lost": lost,
        "lost_display": display(lost, "score"),
        "possible_display": display(weight, "score"),
    }


def strengths_and_weaknesses(cells: list[dict]) -> tuple[list[dict], list[dict]]:
    """Up to three criteria where the vendor gains most, and up to three others where it loses most.

    A strength is a known value in the better half of the field (normalised ≥ 0.5): a vendor in
    the lower half on everything has none. A criterion is in one list at most; a weakness loses
    something or is missing (a vendor best on every criterion, with every value known, has
    none); a single criterion gives no weakness list.
    """
    shown = min(STRENGTHS_SHOWN, len(cells) // 2 or 1)
    # A strength is in the better half of the field (normalised value at least 0.5), known, and adds something.
    strong = [
        c for c in cells if not c["missing"] and c["gained"] > 0 and (c["normalised"] or 0.0) >= STRONG_SHARE
    ]
    strengths = sorted(strong, key=lambda cell: (-cell["gained"], cell["criterion_name"]))[:shown]
    rest = [cell for cell in cells if cell not in strengths and (cell["lost"] > 1e-12 or cell["missing"])]
    weaknesses = sorted(rest, key=lambda cell: (-cell["lost"], cell["criterion_name"]))[:shown]
    return strengths, (weaknesses if len(cells) > 1 else [])


def scorecard(
    table, metrics, funding, vendor_id: int, signals=(), today=None, capabilities=(), currency=None
) -> dict:
    """One candidate's scorecard: headline, strengths and weaknesses, facts and risk flags.

    ``funding`` is the vendor's funding frame (risk flags name the deal before a fall in R&D);
    ``signals`` its standing signals (``engine.signal_flags.SignalFact``), flagged as of ``today``;
    ``capabilities`` its current maturity on each required capability
    (``wording.required_capabilities``), ``currency`` the one its money facts read in.
    Strengths and weaknesses carry a ``statement``: the criterion in words tied to the facts.
    """
    row = table.vendors.loc[vendor_id]
    probabilities = table.rank_probabilities
    rank = int(row["rank"])
    facts = metrics.loc[vendor_id]
    capabilities = list(capabilities)

    def text(column, kind):
        return display(facts.get(column), kind, missing_text(column), currency)

    cells = []
    active = active_criteria(table)
    reader = CellReader(table, active)
    # The criteria's fields as plain dicts, read once: a Series per criterion (.loc) was a tenth of it.
    criteria = table.criteria[["source", "metric", "name"]].to_dict("index")
    for cid in active:
        cell = contribution_cell(table, vendor_id, cid, currency, reader)
        sentence = wording.criterion_sentence(criteria[cid], cell, facts, capabilities, text)
        cells.append(_judged(cell, sentence))
    strengths, weaknesses = strengths_and_weaknesses(cells)
    p_first = number(probabilities.loc[vendor_id, 1]) if probabilities is not None else None
    p_rank = number(probabilities.loc[vendor_id, rank]) if probabilities is not None else None
    return {
        "headline": {
            "total": number(row["total"]),
            "total_display": display(row["total"], "score", "–"),
            "rank": rank,
            "tied": bool(row["tied"]),
            "field": len(table.vendors),
            "p_first": p_first,
            "p_first_display": display(p_first, "percent", "–"),
            "p_rank": p_rank,
            "p_rank_display": display(p_rank, "percent", "–"),
            # For the leader "holds rank 1" is "ranks first": the pages show it once.
            "p_rank_shown": p_rank is not None and rank != 1,
        },
        "strengths": strengths,
        "weaknesses": weaknesses,
        "single_criterion": len(cells) == 1,
        "fact_sections": [
            {
                "title": title,
                "facts": [
                    {
                        "key": column,
                        "label": FACT_KINDS[column][0],
                        "value": number(facts[column]),
                        "display": text(column, FACT_KINDS[column][1]),
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
