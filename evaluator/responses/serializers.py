"""Issuing a response, and the answers import's outcome, through the API (explicit fields).

Issuing is checked by the issue page's own form (``StartResponseForm``: the vendor must be a
candidate of the evaluation, one response per vendor, version and evaluation) so the API and
the page cannot disagree; its errors come back under the same field names.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from rest_framework import serializers

from evaluator.models import Evaluation, Questionnaire
from evaluator.questionnaires.forms import StartResponseForm
from evaluator.questionnaires.serializers import ResponseSerializer
from vendors.models import Vendor


class ResponseCreateSerializer(serializers.Serializer):
    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all())
    questionnaire = serializers.PrimaryKeyRelatedField(
        queryset=Questionnaire.objects.all(), help_text="The version to issue; issuing freezes it."
    )
    evaluation = serializers.PrimaryKeyRelatedField(
        queryset=Evaluation.objects.none(),
        required=False,
        allow_null=True,
        help_text="Answers for one selection (the vendor must be a candidate); omit for the general response.",
    )
    carry_forward = serializers.BooleanField(
        default=True,
        help_text="Start from the vendor's last accepted answers to this questionnaire, marked for review.",
    )

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # As on the page: only evaluations the caller can see; any other id is "invalid".
            fields["evaluation"].queryset = Evaluation.objects.visible_to(request.user)
        return fields

    def validate(self, attrs):
        data = {
            "vendor": attrs["vendor"].pk,
            "questionnaire": attrs["questionnaire"].pk,
            "evaluation": attrs["evaluation"].pk if attrs.get("evaluation") else "",
            "carry_forward": attrs["carry_forward"],
        }
        form = StartResponseForm(data=data, user=self.context["request"].user)
        if not form.is_valid():
            errors = {}
            for name, items in form.errors.get_json_data().items():
                key = "non_field_errors" if name == NON_FIELD_ERRORS else name
                errors[key] = [
                    serializers.ErrorDetail(item["message"], item["code"] or "invalid") for item in items
                ]
            raise serializers.ValidationError(errors)
        return attrs


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The filled answers file (.xlsx or .csv), as downloaded from export/ or the response page."
    )


class ImportResultSerializer(serializers.Serializer):
    summary = serializers.CharField()
    rows_read = serializers.IntegerField()
    created = serializers.IntegerField(help_text="Answers added.")
    updated = serializers.IntegerField(help_text="Answers changed.")
    unchanged = serializers.IntegerField()
    blank = serializers.IntegerField(help_text="Rows with no answer: they never erase an answer given.")
    response = ResponseSerializer()
