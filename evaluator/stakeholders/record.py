"""What a decision and the exports record about the stakeholder groups.

``snapshot_section`` is the ``stakeholders`` key of the frozen decision snapshot
(decisions/snapshot.py): each group's influence, members, points and judgements, the weights
they give, its ranking, the combination and the plausible views. One query without groups; six
and the analysis with them. ``export_tables`` are the export's stakeholder sheets.
"""

from evaluator.stakeholders.analysis import analyse_table
from evaluator.stakeholders.selectors import group_inputs


def _ranking(rows: list[dict]) -> list[dict]:
    return [
        {"vendor_id": r["vendor"], "name": r["name"], "rank": r["rank"], "total": r["total"]} for r in rows
    ]


def snapshot_section(evaluation, inputs, table) -> dict:
    """Plain data for the snapshot; ``groups`` empty when the evaluation has none."""
    groups = group_inputs(evaluation)
    if not groups:
        return {"groups": []}
    found = analyse_table(evaluation, inputs, table, groups=groups)
    by_id = {g.group.pk: g for g in groups}
    combined = found["combined"] or {"weights": {}, "ranking": []}
    return {
        "method": found["method"],
        "note": found["note"],
        "problem": found["problem"],
        "draws": found["draws"],
        "seed": found["seed"],
        "groups": [
            {
                "id": row["id"],
                "name": row["name"],
                "influence": row["influence"],
                "share": row.get("share", 0.0),
                "weight_mode": row["weight_mode"],
                "members": sorted(m.username for m in by_id[row["id"]].group.members.all()),
                "points": [
                    {"criterion_id": c, "points": p} for c, p in sorted(by_id[row["id"]].points.items())
                ],
                "group_comparisons": [
                    {"first": a, "second": b, "value": v}
                    for (a, b), v in sorted(by_id[row["id"]].group_judgements.items())
                ],
                "criterion_comparisons": [
                    {"first": a, "second": b, "value": v}
                    for (a, b), v in sorted(by_id[row["id"]].criterion_judgements.items())
                ],
                "weights": {str(c): w for c, w in row["weights"].items()},
                "ranking": _ranking(row["ranking"]),
                "problem": row["problem"],
            }
            for row in found["groups"]
        ],
        "combined_weights": {str(c): w for c, w in combined["weights"].items()},
        "combined_ranking": _ranking(combined["ranking"]),
        "views": [
            {
                "vendor_id": v["vendor"],
                "p_first_views": v["p_first_views"],
                "p_first_perturbation": v["p_first_perturbation"],
            }
            for v in found["views"]
        ],
    }


def export_tables(evaluation, results) -> list[tuple[str, list[str], list[list]]]:
    """(name, header, rows) of the stakeholder tables: the weights per group and combined, and the
    rankings per group and combined. Empty without groups."""
    groups = group_inputs(evaluation)
    if not groups:
        return []
    found = analyse_table(evaluation, results.inputs, results.table, groups=groups)
    names = [g["name"] for g in found["groups"]]
    weights = [
        [c["name"], c["group_label"], *c["by_group"], c["combined"], c["recorded"]] for c in found["criteria"]
    ]
    rankings = []
    for g in found["groups"]:
        rankings += [[g["name"], r["rank"], r["name"], r["total"]] for r in g["ranking"]]
    if found["combined"]:
        rankings += [["Combined", r["rank"], r["name"], r["total"]] for r in found["combined"]["ranking"]]
    return [
        ("stakeholder weights", ["Criterion", "Criterion group", *names, "Combined", "Recorded"], weights),
        ("stakeholder rankings", ["View", "Rank", "Vendor", "Total"], rankings),
    ]
