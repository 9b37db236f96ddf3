"""Forms of the vendor portal. The answer forms are the staff ones (``SectionAnswersForm``,
``ImportForm`` in evaluator/questionnaires/forms.py); these are the portal's own."""

from django import forms
from django.core.exceptions import ValidationError

from evaluator.models import Answer
from evaluator.responses.attachments import validate_attachment
from vendors.models import DocumentKind, VendorDocument


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from the e-mail",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
        error_messages={"min_length": "The code has 6 digits.", "max_length": "The code has 6 digits."},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError("The code has 6 digits.")
        return code


class AnswerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, answer):
        return f"{answer.question.code} · {answer.question.text[:120]}"


class DocumentForm(forms.ModelForm):
    """A vault document added by the vendor contact, saved through ``add_document``."""

    answers = AnswerChoiceField(
        queryset=Answer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Answers it supports",
        help_text="Tick the answers of this questionnaire that this document backs up.",
    )

    class Meta:
        model = VendorDocument
        fields = ["kind", "title", "issuer", "scope", "valid_from", "valid_until", "file"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "scope": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, response, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices
        self.fields["answers"].queryset = (
            Answer.objects.filter(response=response, is_answered=True)
            .select_related("question", "question__section")
            .order_by("question__section__position", "question__position", "question__pk")
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_attachment(upload)
        return upload

    def _post_clean(self):
        # The model checks run in add_document (which also refuses until < from); nothing to
        # construct here.
        pass
