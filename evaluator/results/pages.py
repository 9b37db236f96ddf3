"""The results page: ranking, each vendor's contributions, the facts behind them, sensitivity.

Queries (fixed, whatever the number of candidates): session, user, the user's permissions,
the evaluation, the nine of ``selectors.scoring_inputs`` and one for the evaluators' manual scores.
"""

import math

from django.views.generic import TemplateView

from evaluator.access.pages import EvaluationMixin
from evaluator.models import Direction, ManualScore
from evaluator.scoring_grid.pages import DISAGREEMENT_SPREAD

PERCENT_METRICS = {
    "depth_index",
    "shallow_breadth_share",
    "pace_evenness",
    "delivery_record",
    "credible_roadmap",
    "contract_included_share",
    "items_after_contract",
    "rd_intensity",
    "rd_organic_share",
}
DIRECTION_LABELS = dict(Direction.choices)
MONEY_METRICS = {"cost_to_realise", "annual_contract_value"}
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


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def display(value, kind: str) -> str:
    """A value as the results page shows it; "missing" never turns into 0."""
    if _missing(value):
        return "missing"
    value = float(value)
    if kind == "percent":
        return f"{100 * value:.1f} %"
    if kind == "money":
        return f"{value:,.0f}"
    if kind == "signed":
        return f"{value:+.2f}"
    if kind == "count":
        return f"{value:.0f}"
    if kind == "number":
        return f"{value:.0f}"
    return f"{value:.2f}"


def criterion_kind(row) -> str:
    if row["source"] == "manual":
        return "decimal"
    if row["metric"] in PERCENT_METRICS:
        return "percent"
    if row["metric"] in MONEY_METRICS:
        return "money"
    if row["metric"] == "rd_trend":
        return "signed"
    return "decimal"


class EvaluationResultsView(EvaluationMixin, TemplateView):
    shows_results = True
    permission_required = "evaluator.view_evaluation"
    template_name = "evaluator/evaluations/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A decided evaluation shows the recorded ranking beside today's (docs/scoring.md §6.3).
        context["decided_ranking"] = self.decided_ranking()
        inputs, result = self.score(context)
        table = result.table
        if not table.ranked:
            return context
        criteria = table.criteria
        active = [cid for cid in criteria.index if not criteria.loc[cid, "excluded"]]
        context["criteria"] = [
            {
                "name": criteria.loc[cid, "name"],
                "weight": criteria.loc[cid, "effective_weight"],
                "direction": DIRECTION_LABELS.get(criteria.loc[cid, "direction"], ""),
                "excluded": bool(criteria.loc[cid, "excluded"]),
            }
            for cid in criteria.index
        ]
        context["active_criteria"] = [criteria.loc[cid, "name"] for cid in active]
        vendors = table.vendors.sort_values("position")
        probabilities = table.rank_probabilities
        slugs = inputs.candidates.set_index("vendor_id")["slug"]
        ranking, contributions = [], []
        for vendor_id, row in vendors.iterrows():
            missing = [criteria.loc[cid, "name"] for cid in active if table.missing.loc[vendor_id, cid]]
            ranking.append(
                {
                    "rank": int(row["rank"]),
                    "tied": bool(row["tied"]),
                    "name": row["name"],
                    "slug": slugs[vendor_id],
                    "total": row["total"],
                    "p_first": probabilities.loc[vendor_id, 1] if probabilities is not None else None,
                    "missing": missing,
                }
            )
            cells = []
            for cid in active:
                kind = criterion_kind(criteria.loc[cid])
                cells.append(
                    {
                        "contribution": table.contributions.loc[vendor_id, cid],
                        "value": display(table.raw.loc[vendor_id, cid], kind),
                        "used": display(table.filled.loc[vendor_id, cid], kind),
                        "missing": bool(table.missing.loc[vendor_id, cid]),
                    }
                )
            contributions.append({"name": row["name"], "total": row["total"], "cells": cells})
        context.update(ranking=ranking, contributions=contributions)
        context["facts_headings"] = [heading for _, heading, _ in FACTS]
        context["facts"] = [
            {
                "name": table.vendors.loc[vendor_id, "name"],
                "values": [display(result.metrics.loc[vendor_id, column], kind) for column, _, kind in FACTS],
            }
            for vendor_id in vendors.index
        ]
        if probabilities is not None:
            context["rank_columns"] = list(probabilities.columns)
            context["rank_probabilities"] = [
                {"name": table.vendors.loc[vendor_id, "name"], "values": list(probabilities.loc[vendor_id])}
                for vendor_id in vendors.index
            ]
        context["sensitivity"] = table.sensitivity
        context["manual_rows"] = manual_score_rows(self.evaluation)
        context["disagreement_spread"] = DISAGREEMENT_SPREAD
        today = ("ranking", "contributions", "criteria", "inputs")
        context["export_tables"] = ("decided", *today) if context.get("decided_ranking") else today
        return context


def manual_score_rows(evaluation) -> list[dict]:
    """Every evaluator's manual scores and rationales per vendor × criterion, with the spread (one query)."""
    scores = (
        ManualScore.objects.filter(criterion__evaluation=evaluation)
        .select_related("evaluator", "vendor", "criterion")
        .order_by("criterion__position", "criterion_id", "vendor__name", "evaluator__username")
    )
    rows: dict[tuple[int, int], dict] = {}
    for score in scores:
        row = rows.setdefault(
            (score.criterion_id, score.vendor_id),
            {"criterion": score.criterion.name, "vendor": score.vendor.name, "scores": []},
        )
        name = score.evaluator.get_full_name() or score.evaluator.get_username()
        row["scores"].append({"evaluator": name, "score": score.score, "rationale": score.rationale})
    for row in rows.values():
        values = [entry["score"] for entry in row["scores"]]
        row["mean"] = sum(values) / len(values)
        row["spread"] = max(values) - min(values)
        row["flagged"] = row["spread"] >= DISAGREEMENT_SPREAD
    return list(rows.values())
