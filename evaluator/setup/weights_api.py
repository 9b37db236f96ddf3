"""Weights through the API: direct weights of several criteria at once, and the pairwise (AHP)
judgements with the weights they give.

Direct weights (``weights/``) change the listed criteria in one transaction with one reason, as
the criteria page saves them all at once; the weights become direct.

The judgements of one evaluation are written as one set, like the pairwise page: a pair left out
counts as "equally important" (1). They are guarded by the evaluation's version (If-Match or the
body's ``version``), which goes up with every write. Saving goes through
``services.save_pairwise_judgements``, as the page does: the criteria weights become the AHP
weights (points out of 100) and the weights are pairwise from then on.
"""

import math

from rest_framework import serializers

from engine.weighting import CR_WARNING
from evaluator.decisions.guard import refuse_api_write
from evaluator.models import (
    CriterionComparison,
    CriterionGroup,
    Evaluation,
    GroupComparison,
)
from evaluator.setup import services
from evaluator.setup.reason_api import change_reason_field, clean_weight_reason

GROUP_LABELS = dict(CriterionGroup.choices)
SAATY_MIN, SAATY_MAX = 1 / 9, 9.0
VALUE_HELP = (
    "Saaty's scale, 1/9 … 9: how many times as important `first` is as `second` "
    "(1 = equally; 1/3 = the second is three times as important)."
)


def criteria_by_group(evaluation: Evaluation) -> dict[str, list]:
    """Group → its criteria in display order; groups in the order of their first criterion (as the page)."""
    grouped: dict[str, list] = {}
    for criterion in evaluation.criteria.order_by("position", "pk"):
        grouped.setdefault(criterion.group, []).append(criterion)
    return grouped


class SaatyValueField(serializers.FloatField):
    def __init__(self, **kwargs):
        super().__init__(help_text=VALUE_HELP, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not math.isfinite(value) or not SAATY_MIN - 1e-9 <= value <= SAATY_MAX:
            raise serializers.ValidationError("Use Saaty's scale: a value from 1/9 (0.111…) to 9.")
        return value


class GroupJudgementSerializer(serializers.Serializer):
    first = serializers.ChoiceField(choices=CriterionGroup.choices)
    second = serializers.ChoiceField(choices=CriterionGroup.choices)
    value = SaatyValueField()


class CriterionJudgementSerializer(serializers.Serializer):
    first = serializers.IntegerField(help_text="A criterion id of this evaluation.")
    second = serializers.IntegerField(help_text="Another criterion of the same group.")
    value = SaatyValueField()


def evaluation_version_field() -> serializers.IntegerField:
    """The evaluation's version the writer read: weights and judgements change the evaluation as a whole."""
    return serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2_147_483_647,
        help_text="The evaluation's version you read; if it has changed since, the answer is 412.",
    )


class PairwiseWriteSerializer(serializers.Serializer):
    group_comparisons = GroupJudgementSerializer(many=True, required=False, default=list)
    criterion_comparisons = CriterionJudgementSerializer(many=True, required=False, default=list)
    change_reason = change_reason_field()
    version = evaluation_version_field()

    def _orient(self, order: list, field: str, rows: list) -> dict:
        """{(a, b): value} in the page's order of the pairs (a before b), each pair once."""
        position = {key: i for i, key in enumerate(order)}
        judged: dict[tuple, float] = {}
        for index, row in enumerate(rows):
            first, second, value = row["first"], row["second"], row["value"]
            where = f"{field}.{index}"
            if first not in position or second not in position:
                missing = "first" if first not in position else "second"
                raise serializers.ValidationError({f"{where}.{missing}": self._unknown(field)})
            if first == second:
                raise serializers.ValidationError({f"{where}.second": "Compare two different elements."})
            if position[first] > position[second]:
                first, second, value = second, first, 1.0 / value
            if (first, second) in judged:
                raise serializers.ValidationError({where: "This pair is judged twice."})
            judged[(first, second)] = value
        return judged

    @staticmethod
    def _unknown(field):
        if field == "group_comparisons":
            return "No criterion of this evaluation is in that group."
        return "Not a criterion of this evaluation."

    def validate(self, attrs):
        evaluation = self.context["evaluation"]
        refuse_api_write(evaluation)
        reason = clean_weight_reason(evaluation, attrs.get("change_reason"))
        grouped = criteria_by_group(evaluation)
        groups = self._orient(list(grouped), "group_comparisons", attrs["group_comparisons"])
        group_of = {c.pk: group for group, members in grouped.items() for c in members}
        order = [c.pk for members in grouped.values() for c in members]
        criteria = self._orient(order, "criterion_comparisons", attrs["criterion_comparisons"])
        for index, (first, second) in enumerate(criteria):
            if group_of[first] != group_of[second]:
                raise serializers.ValidationError(
                    {
                        f"criterion_comparisons.{index}.second": (
                            "Criteria are compared within their group; compare the groups instead."
                        )
                    }
                )
        return {"groups": groups, "criteria": criteria, "reason": reason}


class WeightedElementSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The group, or the criterion id as text.")
    label = serializers.CharField()
    weight = serializers.FloatField(help_text="Local weight within this comparison set (they sum to 1).")


class ConsistencySerializer(serializers.Serializer):
    scope = serializers.CharField(help_text='"groups", or the criterion group compared within.')
    label = serializers.CharField()
    elements = WeightedElementSerializer(many=True)
    consistency_ratio = serializers.FloatField()
    acceptable = serializers.BooleanField(help_text=f"Consistency ratio at most {CR_WARNING:.2f}.")


class DerivedWeightSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    name = serializers.CharField()
    group = serializers.CharField()
    weight = serializers.FloatField(
        help_text="Global AHP weight (group weight × local weight; they sum to 1)."
    )


class PairwiseSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    version = serializers.IntegerField(help_text="The evaluation's version; send it back with a change.")
    weight_mode = serializers.CharField()
    group_comparisons = GroupJudgementSerializer(many=True)
    criterion_comparisons = CriterionJudgementSerializer(many=True)
    weights = DerivedWeightSerializer(many=True)
    consistency = ConsistencySerializer(many=True)
    warning = serializers.CharField(help_text="Empty when every consistency ratio is acceptable.")
    problem = serializers.CharField(help_text="Why no weights can be derived (e.g. a group of over ten).")


def pairwise_data(evaluation: Evaluation) -> dict:
    """The stored judgements, the weights they give and each matrix's consistency (as the page shows)."""
    names = {}
    groups_of = {}
    for group, members in criteria_by_group(evaluation).items():
        for criterion in members:
            names[criterion.pk] = criterion.name
            groups_of[criterion.pk] = group
    weights, checks, problem = {}, [], ""
    try:
        weights, checks = services.pairwise_weights(evaluation)
    except ValueError as error:
        problem = str(error)
    consistency = [
        {
            "scope": check.scope,
            "label": "Between groups"
            if check.scope == "groups"
            else GROUP_LABELS.get(check.scope, check.scope),
            "elements": [
                {
                    "key": str(key),
                    "label": GROUP_LABELS.get(key, key) if check.scope == "groups" else names.get(key, key),
                    "weight": weight,
                }
                for key, weight in zip(check.keys, check.weights, strict=True)
            ],
            "consistency_ratio": check.consistency_ratio,
            "acceptable": check.acceptable,
        }
        for check in checks
    ]
    inconsistent = [c for c in checks if not c.acceptable]
    warning = (
        f"{len(inconsistent)} comparison set(s) have a consistency ratio above {CR_WARNING:.2f}: "
        "revisit those judgements."
        if inconsistent
        else ""
    )
    return {
        "evaluation": evaluation.pk,
        "version": evaluation.version,
        "weight_mode": evaluation.weight_mode,
        "group_comparisons": [
            {"first": c.first, "second": c.second, "value": c.value}
            for c in GroupComparison.objects.filter(evaluation=evaluation).order_by("pk")
        ],
        "criterion_comparisons": [
            {"first": c.first_id, "second": c.second_id, "value": c.value}
            for c in CriterionComparison.objects.filter(first__evaluation=evaluation).order_by("pk")
        ],
        "weights": [
            {"criterion": pk, "name": names[pk], "group": groups_of[pk], "weight": weight}
            for pk, weight in weights.items()
        ],
        "consistency": consistency,
        "warning": warning,
        "problem": problem,
    }


class DirectWeightSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="A criterion id of this evaluation.")
    weight = serializers.FloatField(min_value=0, help_text="Points (normalised to sum 1 when scoring).")

    def validate_weight(self, value):
        if not math.isfinite(value):
            raise serializers.ValidationError("Give the weight as a finite number of points.")
        return value


class DirectWeightsWriteSerializer(serializers.Serializer):
    weights = DirectWeightSerializer(
        many=True, allow_empty=False, help_text="Criteria left out keep their weight."
    )
    change_reason = change_reason_field()
    version = evaluation_version_field()

    def validate(self, attrs):
        evaluation = self.context["evaluation"]
        refuse_api_write(evaluation)
        current = dict(evaluation.criteria.values_list("pk", "weight"))
        weights = {}
        for index, row in enumerate(attrs["weights"]):
            if row["criterion"] not in current:
                raise serializers.ValidationError(
                    {f"weights.{index}.criterion": "Not a criterion of this evaluation."}
                )
            if row["criterion"] in weights:
                raise serializers.ValidationError(
                    {f"weights.{index}.criterion": "This criterion is listed twice."}
                )
            weights[row["criterion"]] = row["weight"]
        changed = {pk: weight for pk, weight in weights.items() if weight != current[pk]}
        reason = clean_weight_reason(evaluation, attrs.get("change_reason")) if changed else ""
        return {"changed": changed, "reason": reason}


class WeightRowSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    name = serializers.CharField()
    group = serializers.CharField()
    weight = serializers.FloatField(help_text="Points, as entered (or stored from pairwise judgements).")
    share = serializers.FloatField(help_text="The weight normalised: the criteria's shares sum to 1.")
    version = serializers.IntegerField(help_text="The criterion's own version.")


class DirectWeightsSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    version = serializers.IntegerField(help_text="The evaluation's version; send it back with a change.")
    weight_mode = serializers.CharField()
    weights = WeightRowSerializer(many=True)


def direct_weights_data(evaluation: Evaluation) -> dict:
    rows = list(
        evaluation.criteria.order_by("position", "pk").values_list("pk", "name", "group", "weight", "version")
    )
    _, shares = services.point_shares([row[3] for row in rows])
    return {
        "evaluation": evaluation.pk,
        "version": evaluation.version,
        "weight_mode": evaluation.weight_mode,
        "weights": [
            {
                "criterion": pk,
                "name": name,
                "group": group,
                "weight": weight,
                "share": share,
                "version": v,
            }
            for (pk, name, group, weight, v), share in zip(rows, shares, strict=True)
        ],
    }
