"""Summaries of an evaluation's results: the dashboard's recommendation, the results page's groups.

Built from the same score table and rows as ``presentation`` (whose ``display`` formats every
number), once, for the page and the PDF. No ORM here.
"""

from engine.scoring.table import TOPSIS
from evaluator.models import CriterionGroup
from evaluator.results.presentation import active_criteria, display, number


def most_fragile(findings):
    """The finding whose weight moves least, in shares of all weight, before the leader changes."""
    moving = [f for f in findings if f.change is not None and f.renormalised_weight is not None]
    return min(moving, key=lambda f: (abs(f.renormalised_weight - f.weight), f.criterion), default=None)


def recommendation(table) -> dict:
    """The dashboard's headline: the recommendation in one sentence and what the scores mean.

    The sentence names the leader and the smallest move of one weight, as its share of all weight
    (``Sensitivity.weight`` → ``renormalised_weight``), that puts another vendor first.
    """
    order = table.vendors.sort_values("position")
    leader = order.iloc[0]
    level = order[order["rank"] == leader["rank"]]
    # The critical weights are those of the weighted sum: under TOPSIS they may describe another leader.
    topsis = table.method == TOPSIS
    fragile = None if topsis else most_fragile(table.sensitivity)
    total = display(leader["total"], "score", "–")
    if len(level) > 1:
        names = " and ".join(level["name"]) if len(level) == 2 else ", ".join(level["name"])
        sentence = f"{names} tie for first with {total}: the weights alone do not separate them."
    elif topsis:
        sentence = f"{leader['name']} leads with {total} (closeness to the ideal candidate)."
    elif fragile is None:
        sentence = (
            f"{leader['name']} leads with {total}; no change of a single weight puts another vendor first."
        )
    elif fragile.change == 0:
        sentence = f"{leader['name']} leads with {total}, level with {fragile.new_leader}: any shift of weight towards {fragile.criterion} puts {fragile.new_leader} first."
    else:
        sentence = (
            f"{leader['name']} leads with {total}; it stays first unless {fragile.criterion} moves from "
            f"{display(fragile.weight, 'percent')} to {display(fragile.renormalised_weight, 'percent')} "
            f"of the weight (then {fragile.new_leader} leads)."
        )
    runner_up = order.iloc[1] if len(order) > 1 and len(level) == 1 else None
    probabilities = table.rank_probabilities
    p_first = number(probabilities.loc[order.index[0], 1]) if probabilities is not None else None
    return {
        "sentence": sentence,
        "leader": leader["name"],
        "runner_up": runner_up["name"] if runner_up is not None else None,
        "margin_display": display(leader["total"] - runner_up["total"], "score")
        if runner_up is not None
        else None,
        "p_first_display": display(p_first, "percent", "–") if len(level) == 1 else None,
        "fragile": (
            {
                "criterion": fragile.criterion,
                "weight_display": display(fragile.weight, "percent"),
                "critical_display": display(fragile.renormalised_weight, "percent"),
                "new_leader": fragile.new_leader,
            }
            if fragile is not None and len(level) == 1
            else None
        ),
    }


def grouped_contributions(table, ranking: list[dict]) -> dict:
    """The contributions table cut by criterion group, in the criteria's order (results page).

    ``groups``: each group's label, weight, criteria (name, weight) and per vendor (``ranking``'s
    order) its total, the group's subtotal and the cells. ``rows``: per vendor its total and the
    subtotal of every group, which add up to the total (weighted sum).
    """
    labels = dict(CriterionGroup.choices)
    groups: dict[str, dict] = {}
    for cid in active_criteria(table):
        key = table.criteria.loc[cid, "group"]
        group = groups.setdefault(
            key, {"key": key, "label": labels.get(key, key), "criteria": [], "weight": 0.0}
        )
        weight = number(table.criteria.loc[cid, "effective_weight"]) or 0.0
        group["criteria"].append(
            {
                "id": int(cid),
                "name": table.criteria.loc[cid, "name"],
                "weight_display": display(weight, "percent"),
            }
        )
        group["weight"] += weight
    rows = [{"name": row["name"], "total_display": row["total_display"], "subtotals": []} for row in ranking]
    for group in groups.values():
        ids = {criterion["id"] for criterion in group["criteria"]}
        group["weight_display"] = display(group["weight"], "percent")
        group["rows"] = []
        for row, summary in zip(ranking, rows, strict=True):
            cells = [cell for cell in row["contributions"] if cell["criterion"] in ids]
            subtotal = display(sum(cell["contribution"] or 0.0 for cell in cells), "score")
            summary["subtotals"].append(subtotal)
            group["rows"].append(
                {
                    "name": row["name"],
                    "total_display": row["total_display"],
                    "subtotal_display": subtotal,
                    "cells": cells,
                }
            )
    return {"groups": list(groups.values()), "rows": rows}
