"""What changed since the decision: a stored snapshot against the same description of today's data.

Both sides come from ``snapshot.build_content`` (the stored one read back from its canonical
text), so every difference is a difference in the data, never in the layout. Numbers closer
than ``SAME`` are equal: the snapshot keeps ten decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluator.decisions.snapshot import INPUT_KEYS
from vendors.models import Capability, RoadmapChange, RoadmapItem

SAME = 1e-9
INPUT_LABELS = {
    "assessments": "Capability assessment",
    "roadmap": "Roadmap item",
    "contracts": "Contract",
    "financials": "Financial facts",
    "funding": "Funding event",
    "questionnaire": "Questionnaire section score",
}
METRIC_LABELS = {
    "depth_index": "Depth index",
    "shallow_breadth_share": "Shallow-breadth share",
    "offered_capabilities": "Capabilities offered",
    "pace_evenness": "Pace evenness",
    "delivery_record": "Delivery record",
    "credible_roadmap": "Credible roadmap",
    "contract_included_share": "Roadmap included in contract",
    "items_after_contract": "Roadmap after contract end",
    "cost_to_realise": "Cost to realise roadmap",
    "annual_contract_value": "Annual contract value",
    "rd_intensity": "R&D intensity",
    "rd_trend": "R&D trend",
    "rd_organic_share": "R&D funded from operations",
    "product_security_record": "Product security record",
}
SETTING_LABELS = {
    "name": "Name",
    "description": "Description",
    "owner": "Owner",
    "members": "Members",
    "horizon_date": "Horizon",
    "as_of_date": "Score as of",
    "scored_as_of": "Facts read as of",
    "method": "Ranking method",
    "weight_mode": "Weights",
    "blind_scoring": "Blind scoring",
}


@dataclass
class Change:
    subject: str
    old: str
    new: str


@dataclass
class VendorChanges:
    name: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class RankChange:
    name: str
    old_rank: int | None
    new_rank: int | None
    old_total: float | None
    new_total: float | None

    @property
    def moved(self) -> bool:
        return self.old_rank != self.new_rank

    @property
    def total_change(self) -> float | None:
        if self.old_total is None or self.new_total is None:
            return None
        return self.new_total - self.old_total


@dataclass
class Comparison:
    settings: list[Change]
    weights: list[Change]
    facts: list[VendorChanges]
    answers: list[Change]
    manual_scores: list[Change]
    ranking: list[RankChange]
    rebaselines: list
    winner_changed: bool

    @property
    def ranking_changed(self) -> bool:
        return any(row.moved or abs(row.total_change or 0.0) > SAME for row in self.ranking) or any(
            row.old_rank is None or row.new_rank is None for row in self.ranking
        )

    @property
    def nothing_changed(self) -> bool:
        return not (
            self.settings
            or self.weights
            or self.facts
            or self.answers
            or self.manual_scores
            or self.ranking_changed
            or self.rebaselines
        )


def same(old, new) -> bool:
    if isinstance(old, int | float) and isinstance(new, int | float) and not isinstance(old, bool):
        return abs(old - new) <= SAME
    return old == new


def shown(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    return str(value)


def _keyed(rows: list[dict], keys: list[str]) -> dict[tuple, dict]:
    return {tuple(row.get(key) for key in keys): row for row in rows}


def _row_changes(old_rows, new_rows, keys) -> list[tuple[tuple, dict | None, dict | None, list[str]]]:
    """(key, old row, new row, changed columns) for every row added, removed or changed."""
    old, new = _keyed(old_rows, keys), _keyed(new_rows, keys)
    found = []
    for key in sorted(old.keys() | new.keys(), key=repr):
        before, after = old.get(key), new.get(key)
        if before is None or after is None:
            found.append((key, before, after, []))
            continue
        columns = [c for c in sorted(before.keys() | after.keys()) if not same(before.get(c), after.get(c))]
        if columns:
            found.append((key, before, after, columns))
    return found


def _describe(before, after, columns) -> tuple[str, str]:
    if before is None:
        return "–", "added"
    if after is None:
        return "removed", "–"
    return (
        "; ".join(f"{c} {shown(before.get(c))}" for c in columns),
        "; ".join(f"{c} {shown(after.get(c))}" for c in columns),
    )


def _settings(old: dict, new: dict) -> list[Change]:
    changes = []
    if old.get("algorithm_version") != new.get("algorithm_version"):
        changes.append(
            Change("Scoring algorithm version", old.get("algorithm_version"), new["algorithm_version"])
        )
    before, after = old.get("evaluation", {}), new.get("evaluation", {})
    for key, label in SETTING_LABELS.items():
        if not same(before.get(key), after.get(key)):
            changes.append(Change(label, shown(before.get(key)), shown(after.get(key))))
    for name, label, keys, value in (
        ("candidates", "Candidate", ["vendor_id"], "name"),
        ("required_capabilities", "Required capability", ["capability_id"], "importance"),
    ):
        for _, row_before, row_after, _ in _row_changes(old.get(name, []), new.get(name, []), keys):
            row = row_after or row_before
            changes.append(
                Change(
                    f"{label} {row.get('name', '')}".strip(),
                    shown(row_before.get(value)) if row_before else "–",
                    shown(row_after.get(value)) if row_after else "removed",
                )
            )
    return changes


def _weights(old: dict, new: dict) -> list[Change]:
    changes = []
    for _, before, after, columns in _row_changes(
        old.get("criteria", []), new.get("criteria", []), ["criterion_id"]
    ):
        name = (after or before)["name"]
        shown_columns = [c for c in columns if c not in ("effective_weight", "excluded")] or columns
        old_text, new_text = _describe(before, after, shown_columns)
        changes.append(Change(f"Criterion {name}", old_text, new_text))
    for kind in ("groups", "criteria"):
        rows = _row_changes(
            old.get("pairwise", {}).get(kind, []), new.get("pairwise", {}).get(kind, []), ["first", "second"]
        )
        for key, before, after, _ in rows:
            changes.append(
                Change(
                    f"Pairwise judgement {key[0]} vs {key[1]}",
                    shown(before["value"]) if before else "–",
                    shown(after["value"]) if after else "removed",
                )
            )
    return changes


def _labels_for(old: dict, new: dict) -> tuple[dict, dict]:
    """Roadmap item titles and capability names for the rows that changed (two queries)."""
    items, capabilities = set(), set()
    for name in ("roadmap", "assessments"):
        for _, before, after, _ in _row_changes(
            old.get("inputs", {}).get(name, []), new.get("inputs", {}).get(name, []), INPUT_KEYS[name]
        ):
            row = after or before
            (items if name == "roadmap" else capabilities).add(row.get("item_id") or row.get("capability_id"))
    titles = dict(RoadmapItem.objects.filter(pk__in=items).values_list("pk", "title")) if items else {}
    names = (
        dict(Capability.objects.filter(pk__in=capabilities).values_list("pk", "name")) if capabilities else {}
    )
    return titles, names


def _facts(old: dict, new: dict, vendor_names: dict) -> list[VendorChanges]:
    by_vendor: dict[str, VendorChanges] = {}

    def add(vendor_id, change):
        key = str(vendor_id)
        by_vendor.setdefault(key, VendorChanges(vendor_names.get(key, f"vendor {vendor_id}"))).changes.append(
            change
        )

    titles, capability_names = _labels_for(old, new)
    old_metrics, new_metrics = old.get("metrics", {}), new.get("metrics", {})
    for vendor_id in sorted(old_metrics.keys() | new_metrics.keys()):
        before, after = old_metrics.get(vendor_id, {}), new_metrics.get(vendor_id, {})
        for column in sorted(before.keys() | after.keys()):
            if not same(before.get(column), after.get(column)):
                label = METRIC_LABELS.get(column, column.replace("_", " ").capitalize())
                add(vendor_id, Change(label, shown(before.get(column)), shown(after.get(column))))
    for name, keys in INPUT_KEYS.items():
        rows = _row_changes(old.get("inputs", {}).get(name, []), new.get("inputs", {}).get(name, []), keys)
        for key, before, after, columns in rows:
            row = after or before
            subject = INPUT_LABELS[name]
            if name == "roadmap":
                subject += f" “{titles.get(row['item_id'], row['item_id'])}”"
            elif name == "assessments":
                subject += f" {capability_names.get(row['capability_id'], row['capability_id'])}, {row['assessed_on']}"
            else:
                subject += " " + ", ".join(shown(part) for part in key[1:])
            old_text, new_text = _describe(before, after, columns)
            add(row["vendor_id"], Change(subject, old_text, new_text))
    return sorted(by_vendor.values(), key=lambda v: v.name)


def _answers(old: dict, new: dict, vendor_names: dict) -> list[Change]:
    rows = _row_changes(
        old.get("inputs", {}).get("questionnaire_answers", []),
        new.get("inputs", {}).get("questionnaire_answers", []),
        ["vendor_id", "section_id", "question"],
    )
    changes = []
    for key, before, after, _ in rows:
        subject = f"{vendor_names.get(str(key[0]), key[0])} · question {key[2]}"
        changes.append(
            Change(
                subject,
                shown(before["value"]) if before else "–",
                shown(after["value"]) if after else "removed",
            )
        )
    return changes


def _manual(old: dict, new: dict, vendor_names: dict, criterion_names: dict) -> list[Change]:
    rows = _row_changes(
        old.get("inputs", {}).get("manual_scores", []),
        new.get("inputs", {}).get("manual_scores", []),
        ["criterion_id", "vendor_id", "evaluator"],
    )
    changes = []
    for key, before, after, _ in rows:
        subject = (
            f"{criterion_names.get(key[0], key[0])} · {vendor_names.get(str(key[1]), key[1])} · {key[2]}"
        )
        changes.append(
            Change(
                subject,
                shown(before["score"]) if before else "–",
                shown(after["score"]) if after else "removed",
            )
        )
    return changes


def _ranking(old: dict, new: dict) -> list[RankChange]:
    before = {row["vendor_id"]: row for row in old.get("results", {}).get("ranking", [])}
    after = {row["vendor_id"]: row for row in new.get("results", {}).get("ranking", [])}
    rows = []
    for vendor_id in before.keys() | after.keys():
        b, a = before.get(vendor_id), after.get(vendor_id)
        rows.append(
            RankChange(
                name=(a or b)["name"],
                old_rank=b["rank"] if b else None,
                new_rank=a["rank"] if a else None,
                old_total=b["total"] if b else None,
                new_total=a["total"] if a else None,
            )
        )
    return sorted(rows, key=lambda r: (r.old_rank is None, r.old_rank or 0, r.name))


def _winners(content: dict) -> set:
    return {row["vendor_id"] for row in content.get("results", {}).get("ranking", []) if row["rank"] == 1}


def compare(old: dict, new: dict, decided_at) -> Comparison:
    """Everything that differs between the snapshot ``old`` and today's content ``new``.

    Queries: roadmap item titles and capability names of the changed rows, and the re-baselines
    logged for the candidates since ``decided_at`` (three, however many candidates).
    """
    vendor_names = {
        str(row["vendor_id"]): row["name"] for row in [*old.get("candidates", []), *new.get("candidates", [])]
    }
    criterion_names = {
        row["criterion_id"]: row["name"] for row in [*old.get("criteria", []), *new.get("criteria", [])]
    }
    vendor_ids = [int(v) for v in vendor_names]
    rebaselines = list(
        RoadmapChange.objects.filter(item__vendor_id__in=vendor_ids, changed_at__gt=decided_at)
        .select_related("item", "item__vendor", "changed_by")
        .order_by("changed_at", "pk")
    )
    return Comparison(
        settings=_settings(old, new),
        weights=_weights(old, new),
        facts=_facts(old, new, vendor_names),
        answers=_answers(old, new, vendor_names),
        manual_scores=_manual(old, new, vendor_names, criterion_names),
        ranking=_ranking(old, new),
        rebaselines=rebaselines,
        winner_changed=_winners(old) != _winners(new),
    )
