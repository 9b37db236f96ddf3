"""Read-only results of an evaluation for the API: ranking, sensitivity, a vendor's scorecard data.

The numbers come from the same code as the HTML pages (``selectors.scoring_inputs`` →
``scoring.evaluate``, the scorecard's ``contribution_rows``); this module only turns the
score table into plain dicts. A missing value is ``null`` (never 0, never NaN: JSON has none).
"""

import math

from rest_framework import serializers

from engine.risk_flags import risk_flags
from evaluator.results.pages import DIRECTION_LABELS, FACTS, criterion_kind, display
from evaluator.results.scorecard import FACT_SECTIONS, STRENGTHS_SHOWN, contribution_rows


def number(value) -> float | None:
    """A float for JSON, or None for a missing value (NaN, None, infinity)."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def _header(evaluation, table) -> dict:
    return {
        "evaluation": evaluation.pk,
        "method": table.method,
        "ranked": table.ranked,
        "problem": table.problem,
    }


def ranking_data(evaluation, inputs, result) -> dict:
    """The ranking with each vendor's contribution per criterion, as on the results page."""
    table = result.table
    data = {**_header(evaluation, table), "criteria": [], "ranking": []}
    if not table.ranked:
        return data
    criteria = table.criteria
    active = [cid for cid in criteria.index if not criteria.loc[cid, "excluded"]]
    data["criteria"] = [
        {
            "id": int(cid),
            "name": criteria.loc[cid, "name"],
            "effective_weight": number(criteria.loc[cid, "effective_weight"]),
            "direction": criteria.loc[cid, "direction"],
            "direction_label": DIRECTION_LABELS.get(criteria.loc[cid, "direction"], ""),
            "excluded": bool(criteria.loc[cid, "excluded"]),
        }
        for cid in criteria.index
    ]
    slugs = inputs.candidates.set_index("vendor_id")["slug"]
    probabilities = table.rank_probabilities
    for vendor_id, row in table.vendors.sort_values("position").iterrows():
        contributions = []
        for cid in active:
            kind = criterion_kind(criteria.loc[cid])
            contributions.append(
                {
                    "criterion": int(cid),
                    "criterion_name": criteria.loc[cid, "name"],
                    "contribution": number(table.contributions.loc[vendor_id, cid]),
                    "value": number(table.raw.loc[vendor_id, cid]),
                    "value_display": display(table.raw.loc[vendor_id, cid], kind),
                    "used": number(table.filled.loc[vendor_id, cid]),
                    "missing": bool(table.missing.loc[vendor_id, cid]),
                }
            )
        data["ranking"].append(
            {
                "vendor": int(vendor_id),
                "slug": slugs[vendor_id],
                "name": row["name"],
                "rank": int(row["rank"]),
                "tied": bool(row["tied"]),
                "total": number(row["total"]),
                "p_first": number(probabilities.loc[vendor_id, 1]) if probabilities is not None else None,
                "contributions": contributions,
            }
        )
    return data


def sensitivity_data(evaluation, result) -> dict:
    """Each criterion's critical weight change and the chance of each rank per vendor."""
    table = result.table
    data = {**_header(evaluation, table), "findings": [], "rank_probabilities": []}
    if not table.ranked:
        return data
    data["findings"] = [
        {
            "criterion": finding.criterion_id,
            "criterion_name": finding.criterion,
            "weight": number(finding.weight),
            "change": number(finding.change),
            "relative_change": number(finding.relative_change),
            "renormalised_weight": number(finding.renormalised_weight),
            "new_leader": finding.new_leader,
            "sentence": finding.sentence,
        }
        for finding in table.sensitivity
    ]
    probabilities = table.rank_probabilities
    if probabilities is not None:
        for vendor_id in table.vendors.sort_values("position").index:
            data["rank_probabilities"].append(
                {
                    "vendor": int(vendor_id),
                    "name": table.vendors.loc[vendor_id, "name"],
                    "probabilities": [
                        {"rank": int(rank), "probability": number(probabilities.loc[vendor_id, rank])}
                        for rank in probabilities.columns
                    ],
                }
            )
    return data


def _contribution(row: dict) -> dict:
    return {
        "criterion_name": row["criterion"],
        "effective_weight": number(row["weight"]),
        "contribution": number(row["contribution"]),
        "value_display": row["value"],
        "missing": row["missing"],
    }


def scorecard_data(evaluation, vendor, inputs, result) -> dict:
    """The scorecard page's data for one candidate: headline, strengths, weaknesses, facts, risk flags."""
    table = result.table
    data = {
        **_header(evaluation, table),
        "vendor": vendor.pk,
        "slug": vendor.slug,
        "name": vendor.name,
        "headline": None,
        "strengths": [],
        "weaknesses": [],
        "fact_sections": [],
        "risk_flags": [],
    }
    if not table.ranked:
        return data
    row = table.vendors.loc[vendor.pk]
    probabilities = table.rank_probabilities
    rank = int(row["rank"])
    data["headline"] = {
        "total": number(row["total"]),
        "rank": rank,
        "tied": bool(row["tied"]),
        "field": len(table.vendors),
        "p_first": number(probabilities.loc[vendor.pk, 1]) if probabilities is not None else None,
        "p_rank": number(probabilities.loc[vendor.pk, rank]) if probabilities is not None else None,
    }
    # Same split as the page: up to three each way, and no weakness list for a single criterion.
    contributions = contribution_rows(table, vendor.pk)
    shown = min(STRENGTHS_SHOWN, len(contributions) // 2 or 1)
    data["strengths"] = [_contribution(r) for r in contributions[:shown]]
    if len(contributions) > 1:
        data["weaknesses"] = [_contribution(r) for r in reversed(contributions[-shown:])]
    facts = result.metrics.loc[vendor.pk]
    kinds = {column: (heading, kind) for column, heading, kind in FACTS}
    data["fact_sections"] = [
        {
            "title": title,
            "facts": [
                {
                    "key": column,
                    "label": kinds[column][0],
                    "value": number(facts[column]),
                    "display": display(facts[column], kinds[column][1]),
                }
                for column in columns
            ],
        }
        for title, columns in FACT_SECTIONS
    ]
    funding = inputs.funding[inputs.funding["vendor_id"] == vendor.pk].reset_index(drop=True)
    data["risk_flags"] = [
        {"code": flag.code, "title": flag.title, "fact": flag.fact}
        for flag in risk_flags(facts.to_dict(), funding)
    ]
    return data


# Serializers: explicit fields, documented in the schema; instances are the dicts above.


class ResultHeaderSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    method = serializers.CharField(help_text="The scoring method of the evaluation.")
    ranked = serializers.BooleanField(help_text="False when there is no score yet; `problem` says why.")
    problem = serializers.CharField(allow_blank=True)


class RankedCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    effective_weight = serializers.FloatField(allow_null=True, help_text="Share of all weight (sums to 1).")
    direction = serializers.CharField()
    direction_label = serializers.CharField(allow_blank=True)
    excluded = serializers.BooleanField(help_text="Left out of the score (e.g. every value missing).")


class ContributionSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    criterion_name = serializers.CharField()
    contribution = serializers.FloatField(allow_null=True)
    value = serializers.FloatField(allow_null=True, help_text="The raw value; null when missing.")
    value_display = serializers.CharField(
        help_text='As the results page shows it, e.g. "72.0 %" or "missing".'
    )
    used = serializers.FloatField(allow_null=True, help_text="The value scored (a missing one filled in).")
    missing = serializers.BooleanField()


class RankedVendorSerializer(serializers.Serializer):
    vendor = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    rank = serializers.IntegerField()
    tied = serializers.BooleanField()
    total = serializers.FloatField(allow_null=True)
    p_first = serializers.FloatField(
        allow_null=True, help_text="Share of weight draws in which it ranks first."
    )
    contributions = ContributionSerializer(many=True)


class RankingSerializer(ResultHeaderSerializer):
    criteria = RankedCriterionSerializer(many=True)
    ranking = RankedVendorSerializer(many=True)


class SensitivityFindingSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    criterion_name = serializers.CharField()
    weight = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(
        allow_null=True, help_text="Smallest weight change that changes the leader."
    )
    relative_change = serializers.FloatField(
        allow_null=True, help_text="|change| / weight; null if unbounded."
    )
    renormalised_weight = serializers.FloatField(allow_null=True)
    new_leader = serializers.CharField(allow_null=True)
    sentence = serializers.CharField()


class RankProbabilitySerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    probability = serializers.FloatField(allow_null=True)


class VendorRankProbabilitiesSerializer(serializers.Serializer):
    vendor = serializers.IntegerField()
    name = serializers.CharField()
    probabilities = RankProbabilitySerializer(many=True)


class SensitivitySerializer(ResultHeaderSerializer):
    findings = SensitivityFindingSerializer(many=True)
    rank_probabilities = VendorRankProbabilitiesSerializer(many=True)


class HeadlineSerializer(serializers.Serializer):
    total = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField()
    tied = serializers.BooleanField()
    field = serializers.IntegerField(help_text="Number of candidates ranked.")
    p_first = serializers.FloatField(allow_null=True)
    p_rank = serializers.FloatField(allow_null=True)


class ScorecardContributionSerializer(serializers.Serializer):
    criterion_name = serializers.CharField()
    effective_weight = serializers.FloatField(allow_null=True)
    contribution = serializers.FloatField(allow_null=True)
    value_display = serializers.CharField()
    missing = serializers.BooleanField()


class FactSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    display = serializers.CharField()


class FactSectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    facts = FactSerializer(many=True)


class RiskFlagSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    fact = serializers.CharField()


class ScorecardSerializer(ResultHeaderSerializer):
    vendor = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    headline = HeadlineSerializer(allow_null=True)
    strengths = ScorecardContributionSerializer(many=True)
    weaknesses = ScorecardContributionSerializer(many=True)
    fact_sections = FactSectionSerializer(many=True)
    risk_flags = RiskFlagSerializer(many=True)
