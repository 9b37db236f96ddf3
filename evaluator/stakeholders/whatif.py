"""The live what-if: each candidate's score per criterion group, for the browser to re-weight.

The page sends, per candidate, the weighted mean of its normalised values within each criterion
group (weights: the recorded ones within the group). With slider shares s_G (scaled to sum 1)
the total is Σ_G s_G · value_G, which at the recorded group weights is today's weighted sum
exactly. ``static/js/whatif.js`` ranks by it in the browser; ``ranking`` is the same rule here,
and saving the sliders as a profile (services.save_profile) scores them through the engine.
"""

import numpy as np

from engine.mcda import rank_order
from evaluator.models import CriterionGroup
from evaluator.results.service import Results

GROUP_LABELS = dict(CriterionGroup.choices)
TIE_TOLERANCE = 1e-9


def whatif_data(results: Results) -> dict:
    """The sliders' criterion groups (recorded share) and every candidate's value per group."""
    table = results.table
    if not table.ranked:
        return {"groups": [], "vendors": [], "tolerance": TIE_TOLERANCE}
    # The columns read once as dicts: a .loc per criterion was a tenth of a cold dashboard's what-if.
    excluded, group_of = table.criteria["excluded"].to_dict(), table.criteria["group"].to_dict()
    active = [c for c in table.criteria.index if not excluded[c]]
    weights = table.criteria.loc[active, "effective_weight"].astype(float)
    groups: dict[str, list] = {}
    for criterion in active:
        groups.setdefault(str(group_of[criterion]), []).append(criterion)
    recorded = {key: float(weights[members].sum()) for key, members in groups.items()}
    order = table.vendors.sort_values("position").index
    # Each group's shares and its columns taken out once; per vendor the sum is the one pandas'
    # Series.sum does (NaN skipped, numpy's sum of the rest), so the values are unchanged, without
    # the pandas look-ups per vendor and group that were most of this function's time.
    positions = {label: position for position, label in enumerate(table.normalised.index)}
    parts = []
    for members in groups.values():
        inside = weights[members]
        share = inside / inside.sum() if inside.sum() > 0 else inside * 0 + 1 / len(members)
        parts.append((table.normalised[members].astype(float).to_numpy(), share.to_numpy()))
    names, ranks = table.vendors["name"].to_dict(), table.vendors["rank"].to_dict()
    vendors = []
    for vendor_id in order:
        values = []
        row = positions[vendor_id]
        for matrix, share in parts:
            product = matrix[row] * share
            values.append(float(np.where(np.isnan(product), 0.0, product).sum()))
        vendors.append(
            {
                "id": int(vendor_id),
                "name": str(names[vendor_id]),
                "rank": int(ranks[vendor_id]),
                "values": values,
            }
        )
    return {
        "groups": [
            {"key": key, "label": GROUP_LABELS.get(key, key), "recorded": recorded[key]} for key in groups
        ],
        "vendors": vendors,
        "tolerance": TIE_TOLERANCE,
    }


def ranking(data: dict, shares: dict[str, float]) -> list[str]:
    """Candidate names in the order the sliders' ``shares`` (criterion group → share) rank them:
    the browser's rule (ties within 1e-9 of the group's top score by name)."""
    keys = [g["key"] for g in data["groups"]]
    total = sum(shares.get(k, 0.0) for k in keys)
    totals = [
        sum(shares.get(k, 0.0) / total * v for k, v in zip(keys, vendor["values"], strict=True))
        for vendor in data["vendors"]
    ]
    names = [vendor["name"] for vendor in data["vendors"]]
    return [names[i] for i in rank_order(totals, TIE_TOLERANCE, names=names)]
