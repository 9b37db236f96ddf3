"""Manual scores through the API: each evaluator reads and writes only their own 0–5 ratings.

The same rules as the scoring grid (evaluations_scoring.py): the role needs the manual-score
permissions, the evaluation must be visible to the caller (owner, member, administrator) and
not decided, the criterion must be a manual one and the vendor one of its candidates. Another
evaluator's score, or one in an evaluation the caller cannot see, is 404.
"""

from rest_framework import serializers

from config.rest.serializers import VersionedModelSerializer
from config.rest.viewsets import RecordViewSet

from .decisions.guard import refuse_api_write
from .models import Criterion, CriterionSource, Evaluation, ManualScore


class ManualScoreSerializer(VersionedModelSerializer):
    evaluator = serializers.CharField(source="evaluator.username", read_only=True)

    class Meta:
        model = ManualScore
        fields = [
            "id",
            "criterion",
            "vendor",
            "evaluator",
            "score",
            "rationale",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "criterion" in fields:
            # A criterion of an evaluation the caller cannot see is "invalid", not revealed.
            fields["criterion"].queryset = Criterion.objects.filter(
                evaluation__in=Evaluation.objects.visible_to(request.user), source=CriterionSource.MANUAL
            )
        return fields

    def prepare_candidate(self, candidate, attrs) -> None:
        if candidate.evaluator_id is None:
            candidate.evaluator = self.context["request"].user

    def create(self, validated_data):
        # One's own scores only: the evaluator is always the caller.
        return super().create({**validated_data, "evaluator": self.context["request"].user})

    def validate(self, attrs):
        criterion = attrs.get("criterion") or self.instance.criterion
        vendor = attrs.get("vendor") or self.instance.vendor
        # A decided evaluation is final: 409 (evaluator/decisions/guard.py).
        refuse_api_write(criterion.evaluation)
        if not criterion.evaluation.candidates.filter(pk=vendor.pk).exists():
            raise serializers.ValidationError({"vendor": "This vendor is not a candidate of the evaluation."})
        return super().validate(attrs)


class ManualScoreViewSet(RecordViewSet):
    """The caller's own manual scores in the evaluations they can see."""

    queryset = ManualScore.objects.none()
    serializer_class = ManualScoreSerializer
    filterset_fields = {"criterion": ["exact"], "criterion__evaluation": ["exact"], "vendor": ["exact"]}
    ordering_fields = ["updated_at", "score"]
    ordering = ["criterion", "vendor"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ManualScore.objects.none()
        user = self.request.user
        return ManualScore.objects.filter(
            evaluator=user, criterion__evaluation__in=Evaluation.objects.visible_to(user)
        ).select_related("evaluator", "criterion__evaluation")

    def perform_destroy(self, instance):
        refuse_api_write(instance.criterion.evaluation)
        super().perform_destroy(instance)
