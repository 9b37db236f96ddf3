"""API representations of questionnaires, responses and answers (explicit fields)."""

from rest_framework import serializers

from config.rest.serializers import username
from vendors.serializers import VendorSummarySerializer

from .models import Choice, Question, Questionnaire, Response, Section


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "position", "label", "score"]


class QuestionSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "section",
            "code",
            "position",
            "text",
            "help_text",
            "kind",
            "required",
            "weight",
            "evidence_required",
            "capability",
            "currency",
            "choices",
        ]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "position", "title", "description"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)
    is_frozen = serializers.BooleanField(read_only=True)

    class Meta:
        model = Questionnaire
        fields = [
            "id",
            "family",
            "version_number",
            "title",
            "description",
            "unanswered_rule",
            "is_builtin",
            "is_frozen",
            "issued_at",
            "created_at",
            "sections",
            "questions",
        ]


class ResponseSerializer(serializers.ModelSerializer):
    vendor_detail = VendorSummarySerializer(source="vendor", read_only=True)
    questionnaire_title = serializers.CharField(source="questionnaire.title", read_only=True)
    progress_percent = serializers.IntegerField(read_only=True)
    entered_by = username("entered_by")
    submitted_by = username("submitted_by")
    reviewed_by = username("reviewed_by")
    locked_by = username("locked_by")

    class Meta:
        model = Response
        fields = [
            "id",
            "questionnaire",
            "questionnaire_title",
            "vendor",
            "vendor_detail",
            "status",
            "carried_from",
            "required_total",
            "required_answered",
            "progress_percent",
            "entered_by",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "locked_by",
            "locked_at",
            "created_at",
            "updated_at",
            "version",
        ]
