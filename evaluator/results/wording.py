"""The scorecard's strengths and weaknesses in words tied to the facts behind each criterion.

"4 of 4 required capabilities at maturity 5, verified" instead of "Depth index 0.095 (value
95.0 %)": one sentence per criterion, built from the vendor's metrics row (``engine.scoring``
facts) and, for capability depth, its current maturity on each required capability. Numbers go
through ``presentation.display`` (``common.numbers``), so they read as everywhere else.
Used by ``presentation.scorecard`` only: the page, the API and the PDF show the same sentence.
"""

import pandas as pd

from engine.scoring.metrics import current_maturity

DEEP_MATURITY = 4  # "deep": maturity 4 or 5 on the 0–5 rubric (docs/scoring.md §3.1)
EVIDENCE_LABELS = {
    "self_asserted": "self-asserted",
    "documented": "documented",
    "demonstrated": "demonstrated",
    "verified": "verified",
    "contractual": "contractual",
}
STRONG_EVIDENCE = {"verified", "contractual"}
EVENNESS_WORDS = ((0.75, "evenly"), (0.5, "somewhat unevenly"), (0.0, "unevenly"))


def required_capabilities(
    assessments: pd.DataFrame,
    required: pd.DataFrame,
    today,
    vendor_id: int,
    current: pd.DataFrame | None = None,
) -> list[dict]:
    """The vendor's current maturity and evidence grade on each required capability (None: not assessed).

    ``current``: ``current_maturity(assessments, today)`` when the caller has it already.
    """
    if required.empty:
        return []
    current = current_maturity(assessments, today) if current is None else current
    mine = current[current["vendor_id"] == vendor_id].set_index("capability_id")
    rows = []
    for capability_id in required["capability_id"]:
        if capability_id in mine.index:
            found = mine.loc[capability_id]
            rows.append({"maturity": int(found["maturity"]), "evidence": found.get("evidence_grade")})
        else:
            rows.append({"maturity": None, "evidence": None})
    return rows


def _plural(count: int, word: str) -> str:
    """ "1 item", "2 items", "3 capabilities"."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


def depth_sentence(capabilities: list[dict]) -> str:
    """How many required capabilities are deep (maturity ≥ 4), at which maturity, on what evidence."""
    total = len(capabilities)
    if not total:
        return "no required capability set for this evaluation"
    deep = [c for c in capabilities if c["maturity"] is not None and c["maturity"] >= DEEP_MATURITY]
    if not deep:
        known = [c["maturity"] for c in capabilities if c["maturity"] is not None]
        if total == 1:
            return (
                f"its one required capability at maturity {known[0]}"
                if known
                else "its one required capability not assessed"
            )
        best = f"; best maturity {max(known)}" if known else ", none assessed"
        return f"none of the {total} required capabilities at maturity {DEEP_MATURITY} or more{best}"
    levels = sorted({c["maturity"] for c in deep})
    level = f"maturity {levels[0]}" if len(levels) == 1 else f"maturity {DEEP_MATURITY} or 5"
    grades = [c["evidence"] for c in deep]
    strong = sum(grade in STRONG_EVIDENCE for grade in grades)
    if len(set(grades)) == 1 and grades[0] in EVIDENCE_LABELS:
        evidence = EVIDENCE_LABELS[grades[0]]
    elif strong:
        evidence = f"{strong} of them verified or contractual"
    else:
        evidence = "none verified"
    return f"{len(deep)} of {_plural(total, 'required capability')} at {level}, {evidence}"


def _share_of(count, total) -> str:
    return f"{int(count)} of {_plural(int(total), 'roadmap item')}"


def fact_sentence(metric: str, facts: pd.Series, text) -> str | None:
    """The sentence for a derived metric or cost figure; ``text(column, kind)`` formats a fact.

    None when the metric has no sentence of its own (the caller then names the value).
    """
    value = facts.get(metric)
    missing = value is None or value != value
    if metric == "shallow_breadth_share":
        offered = int(facts.get("offered_capabilities") or 0)
        if not offered:
            return "no capability offered at maturity 1 or more"
        shallow = int(facts.get("shallow_capabilities") or 0)
        return f"{shallow} of {_plural(offered, 'offered capability')} shallow (maturity 2 or less)"
    if metric == "pace_evenness" and not missing:
        word = next(word for floor, word in EVENNESS_WORDS if value >= floor)
        return f"maturity and roadmap grow {word} across the required capabilities (evenness {text(metric, 'percent')})"
    if metric == "delivery_record":
        due = int(facts.get("items_due") or 0)
        if not due:
            return "no roadmap item due yet: no delivery record"
        parts = [f"{text('on_time_rate', 'percent')} of {_plural(due, 'item')} due delivered on time"]
        slip = facts.get("median_slip_days")
        if slip is not None and slip == slip and slip > 0:
            parts.append(f"median slip {text('median_slip_days', 'number')} days")
        drops = int(facts.get("silent_drops") or 0)
        if drops:
            parts.append(f"{_plural(drops, 'silent drop')}")
        return ", ".join(parts)
    if metric == "credible_roadmap":
        items = int(facts.get("horizon_items") or 0)
        if not items:
            return "no roadmap item on a required capability before the horizon"
        return (
            f"{_plural(items, 'roadmap item')} on required capabilities before the horizon, "
            f"worth {text(metric, 'percent')} after the delivery-record discount"
        )
    if metric == "contract_included_share":
        items = facts.get("horizon_items") or 0
        if not items:
            return "no roadmap item before the horizon to cover"
        return f"{_share_of(facts.get('included_items') or 0, items)} included in the current contract"
    if metric == "items_after_contract":
        if missing:
            return "no contract end to compare the roadmap with"
        items = facts.get("horizon_items") or 0
        return (
            f"{_share_of(facts.get('items_after_contract_count') or 0, items)} land after the contract ends"
        )
    if missing:
        return None
    if metric == "rd_intensity":
        return f"R&D intensity {text(metric, 'percent')} of revenue"
    if metric == "rd_trend":
        direction = "rising" if value > 0 else "falling" if value < 0 else "flat"
        return f"R&D intensity {direction}, {text(metric, 'signed')}"
    if metric == "rd_organic_share":
        return f"{text(metric, 'percent')} of R&D funded from operations"
    if metric == "cost_to_realise":
        unpriced = int(facts.get("unpriced_items") or 0)
        if value == 0 and not unpriced:
            return "no known extra cost to realise the roadmap before the horizon"
        extra = f", {_plural(unpriced, 'item')} not priced" if unpriced else ""
        return f"{text(metric, 'money')} to realise the roadmap not included in the contract{extra}"
    if metric == "annual_contract_value":
        return f"annual contract value {text(metric, 'money')}"
    return None


def criterion_sentence(criterion, cell: dict, facts: pd.Series, capabilities: list[dict], text) -> str:
    """What one criterion says about the vendor, in words: its facts, or a plain value as a fallback."""
    source, metric = criterion["source"], criterion["metric"]
    if cell["missing"]:
        known = fact_sentence(metric, facts, text) if source in ("metric", "cost_figure") else None
        return f"{known or 'no value recorded'}; scored as the worst value among the candidates"
    if source == "manual":
        return f"rated {cell['value_display']} of 5 by the evaluators (mean)"
    if source == "questionnaire_section":
        return f"questionnaire answers score {cell['value_display']} of the attainable"
    if metric == "depth_index":
        return depth_sentence(capabilities)
    sentence = fact_sentence(metric, facts, text)
    return sentence or f"{criterion['name']} {cell['value_display']}"
