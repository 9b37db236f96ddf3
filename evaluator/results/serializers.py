"""Read-only results of an evaluation for the API: ranking, sensitivity, a vendor's scorecard data.

The rows are the pages' rows (``presentation``, from ``service.evaluation_results``); this module
adds the header every answer carries and declares the fields, so the schema documents them. A
missing value is ``null`` (never 0, never NaN: JSON has none).
"""

from rest_framework import serializers

from evaluator.results import presentation
from evaluator.results.service import Results


def _header(results: Results) -> dict:
    table = results.table
    return {
        "evaluation": results.evaluation.pk,
        "method": table.method,
        "ranked": table.ranked,
        "problem": table.problem,
    }


def ranking_data(results: Results) -> dict:
    """The ranking with each vendor's contribution per criterion, as on the results page."""
    criteria = presentation.criterion_rows(results.table) if results.ranked else []
    return {**_header(results), "criteria": criteria, "ranking": results.ranking}


def sensitivity_data(results: Results) -> dict:
    """Each criterion's critical weight change and the chance of each rank per vendor."""
    ranked = results.ranked
    return {
        **_header(results),
        "findings": presentation.sensitivity_rows(results.table) if ranked else [],
        "rank_probabilities": presentation.rank_probability_rows(results.table) if ranked else [],
    }


def scorecard_data(results: Results, vendor) -> dict:
    """The scorecard page's data for one candidate: headline, strengths, weaknesses, facts, risk flags."""
    data = {
        **_header(results),
        "vendor": vendor.pk,
        "slug": vendor.slug,
        "name": vendor.name,
        "headline": None,
        "strengths": [],
        "weaknesses": [],
        "fact_sections": [],
        "risk_flags": [],
    }
    if results.ranked:
        data.update(results.scorecard(vendor.pk))
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
    renormalised_weight = serializers.FloatField(
        allow_null=True, help_text="The criterion's share of all weight where the leader changes, 0–1."
    )
    share_change = serializers.FloatField(
        allow_null=True, help_text="renormalised_weight − weight: how far the share of all weight moves."
    )
    fragile = serializers.BooleanField(
        help_text="Whether |share_change| is 0.05 (5 points of share) or less."
    )
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
    total = serializers.FloatField(allow_null=True, help_text="0–1, higher is better.")
    total_display = serializers.CharField(help_text='As the pages show it, e.g. "0.932".')
    rank = serializers.IntegerField()
    tied = serializers.BooleanField()
    field = serializers.IntegerField(help_text="Number of candidates ranked.")
    p_first = serializers.FloatField(
        allow_null=True, help_text="Share of weight draws in which it ranks first."
    )
    p_first_display = serializers.CharField(help_text='e.g. "98.8 %".')
    p_rank = serializers.FloatField(
        allow_null=True, help_text="Share of weight draws in which it holds its rank."
    )
    p_rank_display = serializers.CharField()
    p_rank_shown = serializers.BooleanField(
        help_text="False for rank 1, where holding the rank is ranking first: the pages show it once."
    )


class ScorecardContributionSerializer(serializers.Serializer):
    criterion_name = serializers.CharField()
    statement = serializers.CharField(
        help_text='The criterion in words tied to the facts, e.g. "4 of 4 required capabilities at maturity 5, verified".'
    )
    effective_weight = serializers.FloatField(allow_null=True)
    effective_weight_display = serializers.CharField(help_text='e.g. "25.0 %".')
    contribution = serializers.FloatField(allow_null=True)
    value_display = serializers.CharField()
    gained = serializers.FloatField(help_text="Effective weight × normalised value (0–1).")
    lost = serializers.FloatField(
        help_text="Effective weight × (1 − normalised value): what the best on it adds."
    )
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
