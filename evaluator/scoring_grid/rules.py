"""The scoring grid's rules: how candidates are named (blind or open) and when evaluators disagree.

The grid page, its API, the results page and the history all name candidates and flag
disagreement through these functions.
"""

import hashlib
import hmac
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


def _keyed(secret: str, purpose: str, vendor_id: int) -> str:
    return hmac.new(secret.encode(), f"{purpose}:{vendor_id}".encode(), hashlib.sha256).hexdigest()


def blind_order(secret: str, vendor_id: int) -> str:
    """The blind grid's sort key: keyed by the evaluation's stored random secret, so it follows
    neither names nor ids and cannot be recomputed by anyone who knows the ids."""
    return _keyed(secret, "order", vendor_id)


def candidate_token(secret: str, vendor_id: int) -> str:
    """An opaque id for a candidate within one evaluation (blind grid form fields)."""
    return _keyed(secret, "candidate", vendor_id)[:16]


def grid_labels(secret: str, blind: bool, candidates) -> dict[int, str]:
    """Vendor id → the grid's name for it, in the grid's row order (dicts keep it).

    ``candidates`` are (vendor id, name) pairs; ``secret`` is the evaluation's ``blind_secret``.
    Open: by name. Blind: "Vendor A, B, …" in the order of ``blind_order``. The grid, its API and
    the history all name candidates so.
    """
    rows = sorted(candidates, key=lambda row: (row[1], row[0]))
    if not blind:
        return dict(rows)
    rows.sort(key=lambda row: blind_order(secret, row[0]))
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
