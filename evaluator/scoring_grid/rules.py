"""The scoring grid's rules: how candidates are named (blind or open) and when evaluators disagree.

The grid page, its API, the results page and the history all name candidates and flag
disagreement through these functions.
"""

import hashlib
import string

DISAGREEMENT_SPREAD = 2


def blind_label(index: int) -> str:
    """0 → "Vendor A", 25 → "Vendor Z", 26 → "Vendor AA"."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return f"Vendor {letters}"


def blind_order(evaluation_id: int, vendor_id: int) -> str:
    # Stable for one evaluation, unrelated to names or ids, different between evaluations.
    return hashlib.sha256(f"{evaluation_id}:{vendor_id}".encode()).hexdigest()


def grid_labels(evaluation_id: int, blind: bool, candidates) -> dict[int, str]:
    """Vendor id → the grid's name for it, in the grid's row order (dicts keep it).

    ``candidates`` are (vendor id, name) pairs. Open: by name. Blind: "Vendor A, B, …" in an
    order unrelated to names or ids. The grid and the API (api_scores) both name candidates so.
    """
    rows = sorted(candidates, key=lambda row: (row[1], row[0]))
    if not blind:
        return dict(rows)
    rows.sort(key=lambda row: blind_order(evaluation_id, row[0]))
    return {vendor_id: blind_label(i) for i, (vendor_id, _) in enumerate(rows)}


def disagreements(scores) -> dict[tuple[int, int], dict]:
    """(vendor id, criterion id) → evaluators, spread and whether the spread is ≥ 2 points."""
    by_cell: dict[tuple[int, int], list[int]] = {}
    for vendor_id, criterion_id, score in scores:
        by_cell.setdefault((vendor_id, criterion_id), []).append(score)
    return {
        cell: {
            "evaluators": len(values),
            "spread": max(values) - min(values),
            "flagged": max(values) - min(values) >= DISAGREEMENT_SPREAD,
        }
        for cell, values in by_cell.items()
    }
