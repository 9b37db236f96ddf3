"""The stakeholder groups' views of an evaluation: their weights, rankings, the combination, where
they disagree and the rank probabilities of plausible views (docs/scoring.md §4.7).

No ORM beyond ``selectors``: the score table comes from ``results.service`` (the one read path),
so every group view is scored on the very normalised values of today's ranking.
"""

from collections.abc import Hashable

import numpy as np
import pandas as pd

from engine import stakeholders, weighting
from engine.mcda import groups as mg
from engine.mcda import rank_with_ties
from engine.scoring import RANK_DRAWS
from engine.scoring.table import RANK_SEED
from evaluator.models import CombinationMethod, CriterionGroup, StakeholderWeightMode
from evaluator.stakeholders.selectors import GroupInputs, combination_method, group_inputs

GROUP_LABELS = dict(CriterionGroup.choices)
METHOD_LABELS = dict(CombinationMethod.choices)
AIJ_FALLBACK = (
    "AIJ combines pairwise judgements, and not every group set its weights by pairwise comparison: "
    "the groups' weights are combined by AIP (geometric mean of their priorities) instead."
)


def hierarchy(criteria: pd.DataFrame) -> dict[str, list[int]]:
    """Criterion group → its criteria ids, in display order (the evaluation's AHP hierarchy)."""
    by_group: dict[str, list[int]] = {}
    for criterion_id, group in zip(criteria["criterion_id"], criteria["group"], strict=True):
        by_group.setdefault(str(group), []).append(int(criterion_id))
    return by_group


def group_weights(
    inputs: GroupInputs, criteria: pd.DataFrame
) -> tuple[dict[int, float], list[weighting.Consistency], str]:
    """One group's weight per criterion (sum 1), its consistency checks (pairwise) and a problem.

    Direct: the group's points, the evaluation's own points for a criterion it has none for.
    Pairwise: AHP in the evaluation's hierarchy over the group's own judgements.
    """
    ids = [int(c) for c in criteria["criterion_id"]]
    if inputs.group.weight_mode == StakeholderWeightMode.PAIRWISE:
        try:
            weights, checks = weighting.hierarchical_weights(
                hierarchy(criteria), inputs.group_judgements, inputs.criterion_judgements
            )
        except ValueError as error:
            return {}, [], str(error)
        return {c: float(weights.get(c, 0.0)) for c in ids}, checks, ""
    recorded = dict(zip(ids, criteria["weight"].astype(float), strict=True))
    points = {c: float(inputs.points.get(c, recorded[c])) for c in ids}
    total = sum(points.values())
    if total <= 0:
        return {}, [], "This group gives every criterion 0 points."
    return {c: p / total for c, p in points.items()}, [], ""


def _ranking(scores: np.ndarray, vendor_ids: list[int], names: list[str]) -> list[dict]:
    ranks = rank_with_ties(scores)
    order = sorted(range(len(scores)), key=lambda i: (ranks[i], names[i]))
    return [
        {"vendor": vendor_ids[i], "name": names[i], "rank": int(ranks[i]), "total": float(scores[i])}
        for i in order
    ]


def check_rows(checks: list[weighting.Consistency], names: dict[int, str]) -> list[dict]:
    def label(scope: str, key: Hashable) -> str:
        return GROUP_LABELS.get(str(key), str(key)) if scope == "groups" else names.get(key, str(key))  # type: ignore[call-overload]

    return [
        {
            "scope": "Between groups" if c.scope == "groups" else GROUP_LABELS.get(c.scope, c.scope),
            "consistency_ratio": float(c.consistency_ratio),
            "acceptable": c.acceptable,
            "weights": [
                {"name": label(c.scope, k), "weight": float(w)}
                for k, w in zip(c.keys, c.weights, strict=True)
            ],
        }
        for c in checks
    ]


def analyse(evaluation, results, *, draws: int = RANK_DRAWS, seed: int = RANK_SEED, groups=None) -> dict:
    """Everything the Stakeholders page, its API and the exports show, as plain data.

    ``groups`` (``selectors.group_inputs``) may be passed when already read. ``problem`` is set
    (and the rankings empty) when there is nothing to compare: no groups, no ranking, or no group
    with usable weights.
    """
    return analyse_table(evaluation, results.inputs, results.table, draws=draws, seed=seed, groups=groups)


def analyse_table(
    evaluation, inputs, table, *, draws: int = RANK_DRAWS, seed: int = RANK_SEED, groups=None
) -> dict:
    """``analyse`` on scoring ``inputs`` and their score ``table`` (what a decision records)."""
    manual = inputs.manual
    groups = group_inputs(evaluation) if groups is None else groups
    method = combination_method(evaluation)
    criteria = inputs.criteria
    names = dict(zip(criteria["criterion_id"].astype(int), criteria["name"], strict=True))
    out: dict = {
        "method": method,
        "method_label": METHOD_LABELS.get(method, method),
        "note": "",
        "problem": "",
        "draws": draws,
        "seed": seed,
        "groups": [],
        "criteria": [],
        "combined": None,
        "disagreements": [],
        "views": [],
    }
    usable: list[tuple[GroupInputs, dict[int, float]]] = []
    for group in groups:
        weights, checks, problem = group_weights(group, criteria)
        out["groups"].append(
            {
                "id": group.group.pk,
                "name": group.group.name,
                "influence": float(group.group.influence),
                "weight_mode": group.group.weight_mode,
                "members": group.member_names,
                "weights": weights,
                "consistency": check_rows(checks, names),
                "problem": problem,
                "ranking": [],
                "winner": None,
            }
        )
        if not problem:
            usable.append((group, weights))
    if not groups:
        out["problem"] = "No stakeholder groups yet."
        return out
    if not usable or not sum(g.group.influence for g, _ in usable) > 0:
        out["problem"] = "No group has usable weights and an influence above 0."
        return out
    ids = [int(c) for c in criteria["criterion_id"]]
    rows = np.array([[weights[c] for c in ids] for _, weights in usable])
    influence = np.array([g.group.influence for g, _ in usable])
    shares = influence / influence.sum()
    if method == CombinationMethod.AIJ:
        if all(g.group.weight_mode == StakeholderWeightMode.PAIRWISE for g, _ in usable):
            judgements = [
                stakeholders.Judgements(g.group_judgements, g.criterion_judgements) for g, _ in usable
            ]
            try:
                combined_map, checks = stakeholders.aij_hierarchical(
                    hierarchy(criteria), judgements, influence
                )
            except ValueError as error:
                out["problem"] = str(error)
                return out
            combined = np.array([combined_map.get(c, 0.0) for c in ids])
            out["combined_consistency"] = check_rows(checks, names)
        else:
            out["note"] = AIJ_FALLBACK
            combined = mg.aip_weights(rows, influence)
    elif method == CombinationMethod.AIP:
        try:
            combined = mg.aip_weights(rows, influence)
        except ValueError as error:
            out["problem"] = str(error)
            return out
    else:
        combined = mg.mean_weights(rows, influence)
    recorded = table.criteria["effective_weight"] if table.ranked else pd.Series(dtype=float)
    spread = rows.max(axis=0) - rows.min(axis=0)
    out["criteria"] = [
        {
            "id": c,
            "name": names[c],
            "group": str(g),
            "group_label": GROUP_LABELS.get(str(g), str(g)),
            "combined": float(combined[k]),
            "recorded": float(recorded.get(c, 0.0)) if table.ranked else None,
            "spread": float(spread[k]),
            "by_group": [group["weights"].get(c) for group in out["groups"]],
        }
        for k, (c, g) in enumerate(zip(ids, criteria["group"], strict=True))
    ]
    share_of = {g.group.pk: float(share) for (g, _), share in zip(usable, shares, strict=True)}
    for row in out["groups"]:
        row["share"] = share_of.get(row["id"], 0.0)
    if not table.ranked:
        out["problem"] = table.problem or "The candidates cannot be ranked yet."
        out["combined"] = {
            "weights": dict(zip(ids, map(float, combined), strict=True)),
            "ranking": [],
            "winner": None,
        }
        return out

    # Scored on today's normalised values, on the criteria that are not excluded.
    active = [c for c in ids if c in set(table.normalised.columns)]
    position = [ids.index(c) for c in active]
    performance = table.normalised[active].to_numpy(dtype=float)
    vendor_ids = [int(v) for v in table.normalised.index]
    vendor_names = [str(table.vendors.loc[v, "name"]) for v in table.normalised.index]
    group_rows = rows[:, position]
    usable_rows = group_rows.sum(axis=1) > 0
    if not usable_rows.all() or not combined[position].sum() > 0:
        out["problem"] = "A group gives weight only to criteria no candidate has a value for."
        return out
    combined_active = combined[position] / combined[position].sum()
    by_group = mg.group_scores(performance, group_rows)
    distances = mg.winner_distances(performance, group_rows, combined_active)
    combined_scores = performance @ combined_active
    combined_ranking = _ranking(combined_scores, vendor_ids, vendor_names)
    out["combined"] = {
        "weights": dict(zip(ids, map(float, combined), strict=True)),
        "ranking": combined_ranking,
        "winner": combined_ranking[0],
    }
    usable_ids = [g.group.pk for g, _ in usable]
    for row in out["groups"]:
        if row["problem"]:
            continue
        k = usable_ids.index(row["id"])
        row["ranking"] = _ranking(by_group[k], vendor_ids, vendor_names)
        distance = distances[k]
        row["winner"] = {
            "vendor": vendor_ids[distance.group_winner],
            "name": vendor_names[distance.group_winner],
        }
        row["combined_winner_rank"] = distance.combined_winner_rank
        row["score_gap"] = distance.score_gap
    group_names = [g.group.name for g, _ in usable]
    for found in mg.disagreements(performance, group_rows, combined_active):
        if found.spread <= 0:
            continue
        out["disagreements"].append(
            {
                "criterion": active[found.criterion],
                "name": names[active[found.criterion]],
                "spread": found.spread,
                "low_group": group_names[found.low_group],
                "high_group": group_names[found.high_group],
                "low_weight": found.low_weight,
                "high_weight": found.high_weight,
                "low_winner": vendor_names[found.low_winner],
                "high_winner": vendor_names[found.high_winner],
                "winner_changes": found.low_winner != found.high_winner,
                "rank_shift": found.rank_shift,
            }
        )
    manual_ids = [
        int(c) for c, s in zip(criteria["criterion_id"], criteria["source"], strict=True) if s == "manual"
    ]
    benefit = table.criteria["direction"].ne("cost")
    options, of, _ = stakeholders.view_options(
        table.normalised[active], table.filled[active], benefit, manual, manual_ids
    )
    probabilities = mg.group_rank_probabilities(options, of, group_rows, influence, draws, seed)
    perturbation = table.rank_probabilities
    out["views"] = sorted(
        (
            {
                "vendor": vendor_ids[i],
                "name": vendor_names[i],
                "p_first_views": float(probabilities[i, 0]),
                "p_first_perturbation": (
                    float(perturbation.loc[vendor_ids[i], 1]) if perturbation is not None else None
                ),
            }
            for i in range(len(vendor_ids))
        ),
        key=lambda row: (-row["p_first_views"], row["name"]),
    )
    return out
