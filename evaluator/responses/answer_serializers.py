"""An answer through the API: read it, enter it, review it (explicit fields).

``value`` is the answer as a person writes it in the form or the spreadsheet
("Yes", "Medium", "A; C", "1250.5", "2027-03-31", free text); it is parsed by
the same ``values.parse_value`` as the import, so the API accepts exactly what
the answers file accepts. ``null`` or "" clears the answer.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.rest.serializers import username
from evaluator.models import Answer, QuestionKind, Response, ReviewState
from evaluator.responses.values import MAX_TEXT_LENGTH, format_value, parse_value, stored_value
from vendors.models import EvidenceGrade

ANSWER_FIELDS = ("value", "evidence_grade", "comment")
_PLAIN = (str, int, float, bool)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string"},
            {"type": "number"},
            {"type": "boolean"},
            {"type": "array", "items": {"type": "string"}},
        ],
        "nullable": True,
        "description": (
            "The answer as written in the answers file: Yes/No, a choice label, labels separated by ';' "
            "(or a list of labels) for multiple choice, a number, an amount, YYYY-MM-DD, text, 0-5. "
            "null or an empty string clears it."
        ),
    }
)
class AnswerValueField(serializers.Field):
    """Reads the stored value as text; takes a plain value, parsed in the serializer's validate()."""

    def __init__(self, **kwargs):
        super().__init__(source="*", required=False, allow_null=True, **kwargs)

    def to_representation(self, answer):
        kind = answer.question.kind
        value = stored_value(answer, kind)
        return None if value is None else format_value(kind, value)

    def validate_empty_values(self, data):
        if data is None:
            return True, {"value": None}
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if isinstance(data, list) and all(isinstance(item, str) for item in data):
            return {"value": data}
        if not isinstance(data, _PLAIN):
            raise serializers.ValidationError(
                "Give one value: text, a number, true/false or a list of labels."
            )
        return {"value": data}


class AnswerSerializer(serializers.ModelSerializer):
    question_code = serializers.CharField(source="question.code", read_only=True)
    value = AnswerValueField()
    value_choices = serializers.ListField(child=serializers.CharField(), read_only=True)
    evidence_grade = serializers.ChoiceField(choices=EvidenceGrade.choices, allow_blank=True, required=False)
    comment = serializers.CharField(
        allow_blank=True, max_length=MAX_TEXT_LENGTH, required=False, trim_whitespace=True
    )
    has_attachment = serializers.SerializerMethodField()
    updated_by = username("updated_by")
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2_147_483_647,
        help_text="Goes up by one on every change (entry, import, review). Send the version you read "
        "(or If-Match); if the answer has changed since, the answer is 412.",
    )

    class Meta:
        model = Answer
        fields = [
            "id",
            "response",
            "question",
            "question_code",
            "value",
            "is_answered",
            "value_text",
            "value_number",
            "value_date",
            "value_bool",
            "value_choices",
            "evidence_grade",
            "has_attachment",
            "comment",
            "reviewer_note",
            "review_state",
            "carried_forward",
            "created_at",
            "updated_at",
            "updated_by",
            "version",
        ]
        # validate() names the field when the question already has an answer.
        validators = []
        read_only_fields = [
            "is_answered",
            "value_text",
            "value_number",
            "value_date",
            "value_bool",
            "carried_forward",
            "reviewer_note",
            "review_state",
            "created_at",
            "updated_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and not fields["response"].read_only:
            # Only a response the caller may see can take an answer; any other id is "invalid".
            fields["response"].queryset = Response.objects.visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            # An answer stays with its response and question; PUT may send them back unchanged.
            for name in ("response", "question"):
                fields[name].read_only = True
        return fields

    def get_has_attachment(self, answer) -> bool:
        return bool(answer.attachment)

    def validate(self, attrs):
        if self.instance is None:
            response, question = attrs["response"], attrs["question"]
            if question.questionnaire_id != response.questionnaire_id:
                raise serializers.ValidationError(
                    {"question": "This question is not in the response's questionnaire."}
                )
            existing = Answer.objects.filter(response=response, question=question).values_list(
                "pk", flat=True
            )
            if existing:
                raise serializers.ValidationError(
                    {
                        "question": f"This question already has an answer (id {existing[0]}); change it with PATCH."
                    }
                )
        else:
            question = self.instance.question
        if "value" in attrs:
            attrs["value"] = self.parsed_value(question, attrs["value"])
        return attrs

    @staticmethod
    def parsed_value(question, raw):
        if isinstance(raw, list):
            if question.kind != QuestionKind.MULTIPLE_CHOICE:
                raise serializers.ValidationError(
                    {"value": "A list is accepted only for multiple-choice questions."}
                )
            raw = "; ".join(raw)
        labels = tuple(question.choices.order_by("position", "pk").values_list("label", flat=True))
        parsed = parse_value(question.kind, raw, labels)
        if parsed.error:
            raise serializers.ValidationError({"value": parsed.error})
        return parsed.value


class AnswerReviewSerializer(serializers.Serializer):
    """A reviewer's verdict on one answer of a submitted response, as the review buttons in the UI."""

    review_state = serializers.ChoiceField(
        choices=[choice for choice in ReviewState.choices if choice[0] != ReviewState.PENDING]
    )
    reviewer_note = serializers.CharField(
        allow_blank=True,
        max_length=MAX_TEXT_LENGTH,
        required=False,
        default="",
        help_text="Required when asking for changes: what needs to change.",
    )
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647, help_text="The answer's version you read."
    )


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="Evidence: pdf, png, jpg, xlsx, docx, csv or txt, checked on its content, within the size limit."
    )
