"""API representations of questionnaires and responses (explicit fields).

Questionnaires, sections and questions are written through the build pages' own forms
(QuestionnaireForm, SectionForm's model rules, QuestionForm), so the API accepts exactly what
the pages accept; an issued (frozen) version refuses every change with 409.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from rest_framework import serializers

from common.rest.errors import Conflict
from common.rest.serializers import VersionedModelSerializer, username
from evaluator.models import Choice, Question, Questionnaire, Response, Section
from evaluator.questionnaires.forms import QuestionForm, QuestionnaireForm
from evaluator.questionnaires.importing import FORMATS as IMPORT_FORMATS
from evaluator.questionnaires.spreadsheet import KINDS as SHEET_KINDS
from evaluator.questionnaires.versions import FrozenVersion, ensure_editable, replace_choices
from vendors.directory.serializers import VendorSummarySerializer


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "position", "label", "code", "score"]
        read_only_fields = ["id", "position", "code"]
        # Labels are checked together by the question page's form (unique, Yes/No, 0-5 points).
        extra_kwargs = {"label": {"validators": []}}


class QuestionSerializer(VersionedModelSerializer):
    """A question with its choices. Written through the question page's own form (QuestionForm),
    so the API takes exactly what the page takes; ``choices`` replaces the whole list."""

    choices = ChoiceSerializer(
        many=True,
        required=False,
        help_text="For choice questions, in order: [{label, score 0-5}]; replaces the list. "
        "A yes/no question without choices gets Yes = 5, No = 0.",
    )

    class Meta:
        model = Question
        fields = [
            "id",
            "questionnaire",
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
            "shown_when",
            "severity",
            "source_type",
            "source_condition",
            "choices",
            "version",
        ]
        read_only_fields = ["source_type", "source_condition"]
        validators = []  # the form names the field (code) instead of a non-field unique error

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["questionnaire"].read_only = True  # a question stays in its version
        return fields

    def validate(self, attrs):
        questionnaire = attrs.get("questionnaire") or self.instance.questionnaire
        refuse_if_frozen(questionnaire)
        form = QuestionForm(
            data=self.form_data(attrs),
            instance=copy.copy(self.instance) if self.instance is not None else None,
            questionnaire=questionnaire,
        )
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form, {"choices_text": "choices"}))
        # What the form settled (the id as trimmed, the condition's canonical text, a note's
        # fixed required/weight) is what is saved, as on the page.
        for name in ("code", "shown_when", "required", "evidence_required", "weight"):
            if name in form.cleaned_data:
                attrs[name] = form.cleaned_data[name]
        attrs["parsed_choices"] = form.parsed_choices
        return super().validate(attrs)

    def form_data(self, attrs) -> dict:
        # What the request leaves out keeps its current value (a new question: the model's default,
        # as the page's blank form shows it).
        current = self.instance or Question()
        data = {}
        for name in QuestionForm.Meta.fields:
            value = (
                attrs[name] if name in attrs else getattr(current, f"{name}_id", getattr(current, name, None))
            )
            if hasattr(value, "pk"):
                value = value.pk
            data[name] = "" if value is None else value
        if "choices" in attrs:
            choices = [(item["label"], item.get("score", 0)) for item in attrs["choices"]]
        elif self.instance is not None:
            choices = [(choice.label, choice.score) for choice in self.instance.choices.all()]
        else:
            choices = []
        data["choices_text"] = "\n".join(f"{label} = {score}" for label, score in choices)
        return data

    def save_choices(self, question, parsed) -> None:
        replace_choices(question, parsed)

    @transaction.atomic
    def create(self, validated_data):
        parsed = validated_data.pop("parsed_choices")
        validated_data.pop("choices", None)
        question = super().create(validated_data)
        self.save_choices(question, parsed)
        return question

    @transaction.atomic
    def update(self, instance, validated_data):
        parsed = validated_data.pop("parsed_choices")
        validated_data.pop("choices", None)
        question = super().update(instance, validated_data)
        self.save_choices(question, parsed)
        return question


class SectionSerializer(VersionedModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "questionnaire", "position", "title", "description", "version"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["questionnaire"].read_only = True  # a section stays in its version
        return fields

    def validate(self, attrs):
        refuse_if_frozen(attrs.get("questionnaire") or self.instance.questionnaire)
        return super().validate(attrs)


class NestedSectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "position", "title", "description"]


class QuestionnaireSerializer(VersionedModelSerializer):
    """A version with its sections and questions (read); written: title, family, description, rule."""

    sections = NestedSectionSerializer(many=True, read_only=True)
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
            "updated_at",
            "version",
            "sections",
            "questions",
        ]
        read_only_fields = ["version_number", "created_at", "updated_at"]
        validators = []

    def validate(self, attrs):
        if self.instance is not None:
            refuse_if_frozen(self.instance)
        form = QuestionnaireForm(data=self.form_data(attrs), instance=copy.copy(self.instance))
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        family = attrs.get("family")
        # As the "new questionnaire" page: a family that exists gets a new version instead.
        if self.instance is None and Questionnaire.objects.filter(family=family).exists():
            raise serializers.ValidationError(
                {"family": "A questionnaire with this id exists; create a new version of it instead."}
            )
        return super().validate(attrs)

    def form_data(self, attrs) -> dict:
        current = self.instance or Questionnaire()  # a new one: the model's defaults, as the page
        return {name: attrs.get(name, getattr(current, name)) for name in QuestionnaireForm.Meta.fields}


class QuestionnaireImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The questionnaire file (VSAQ: the .json of github.com/google/vsaq)."
    )
    format = serializers.ChoiceField(choices=IMPORT_FORMATS, default="vsaq")
    family = serializers.SlugField(
        max_length=80,
        required=False,
        default="",
        help_text="Add as the next version of this questionnaire id.",
    )
    preview = serializers.BooleanField(
        default=False, help_text="Return what would be imported; save nothing."
    )
    # Spreadsheets (caiq: the CAIQ v4 workbook's columns unless given; columns: id and text needed).
    id_column = serializers.CharField(
        required=False, default="", help_text="Header of the question-id column."
    )
    text_column = serializers.CharField(
        required=False, default="", help_text="Header of the question-text column."
    )
    section_column = serializers.CharField(
        required=False,
        default="",
        help_text="Header of the section column; blank: the id's prefix before '-'.",
    )
    help_column = serializers.CharField(required=False, default="", help_text="Header of a guidance column.")
    kind = serializers.ChoiceField(choices=SHEET_KINDS, required=False, help_text="Type of the questions.")
    choices = serializers.CharField(required=False, default="", help_text="Choices separated by ';'.")


class PlannedQuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    shown_when = serializers.CharField()


class PlannedSectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    questions = PlannedQuestionSerializer(many=True)


class QuestionnaireImportResultSerializer(serializers.Serializer):
    summary = serializers.CharField()
    not_applied = serializers.ListField(
        child=serializers.CharField(), help_text="Conditions kept as text only: '<id>: <why>'."
    )
    problems = serializers.ListField(
        child=serializers.CharField(), help_text="A preview's problems (a spreadsheet): 'row n (id): why'."
    )
    sections = PlannedSectionSerializer(
        many=True, help_text="A preview: what would be imported.", required=False
    )
    questionnaire = QuestionnaireSerializer(
        help_text="The new version (null for a preview).", allow_null=True
    )


def refuse_if_frozen(questionnaire) -> None:
    try:
        ensure_editable(questionnaire)
    except FrozenVersion as frozen:
        raise Conflict(str(frozen), code="frozen_version") from None


def form_errors(form, renames: dict | None = None) -> dict:
    """A Django form's errors under the API's field names (``__all__`` -> non-field)."""
    renames = {NON_FIELD_ERRORS: "non_field_errors", **(renames or {})}
    return {
        renames.get(name, name): [
            serializers.ErrorDetail(item["message"], item["code"] or "invalid") for item in items
        ]
        for name, items in form.errors.get_json_data().items()
    }


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
