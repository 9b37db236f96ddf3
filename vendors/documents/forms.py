"""The vault's entry form. A plain form: the service (documents.services) decides and saves, so
"valid until before valid from" and a refused file come back as field errors from one rule."""

from django import forms
from django.contrib.auth import get_user_model

from common.attachments import ALLOWED_EXTENSIONS
from vendors.documents.selectors import answer_model
from vendors.models import Capability, DocumentKind, VendorDocument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIELDS = (
    "kind",
    "title",
    "issuer",
    "scope",
    "valid_from",
    "valid_until",
    "file",
    "capabilities",
    "answers",
    "owner",
    "contact_email",
)


class AnswerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, answer):
        question = answer.question
        text = question.text if len(question.text) <= 70 else question.text[:69] + "…"
        return f"{question.code} · {text} — {answer.response.questionnaire}"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices)
    title = forms.CharField(max_length=200)
    issuer = forms.CharField(max_length=200, required=False, help_text="Who issued or audited it.")
    scope = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What it covers: products, sites, services.",
    )
    valid_from = forms.DateField(widget=DATE)
    valid_until = forms.DateField(widget=DATE, required=False, help_text="Leave empty if it does not expire.")
    file = forms.FileField(
        help_text=f"At most 5 MB; one of: {', '.join(ALLOWED_EXTENSIONS)}. Checked on its content, not only the name."
    )
    capabilities = forms.ModelMultipleChoiceField(
        queryset=Capability.objects.select_related("domain").order_by("domain__position", "position"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="The capabilities it documents: a documented or verified grade counts only while one of "
        "its documents is in force.",
    )
    answers = AnswerChoiceField(
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Questionnaire answers of this vendor it supports.",
    )
    owner = UserChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        help_text="Told 30 days before it expires.",
    )
    contact_email = forms.EmailField(
        required=False, help_text="The vendor contact told 30 days before it expires."
    )

    def __init__(self, *args, vendor, user, document: VendorDocument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vendor, self.document = vendor, document
        self.fields["answers"].queryset = (
            answer_model()
            .objects.visible_to(user)
            .filter(response__vendor=vendor, is_answered=True)
            .select_related("question", "response__questionnaire")
            .order_by("-response_id", "question__section__position", "question__position")
        )
        if document is not None:
            self.fields["file"].required = False
            self.fields["file"].help_text = (
                "Leave empty to keep the current file. " + self.fields["file"].help_text
            )
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=0, initial=document.version
            )
            self.initial.update({name: getattr(document, name) for name in FIELDS if name not in ("file",)})
            self.initial["capabilities"] = list(document.capabilities.values_list("pk", flat=True))
            self.initial["answers"] = list(document.answers.values_list("pk", flat=True))
            self.initial["owner"] = document.owner_id
        else:
            self.initial.setdefault("owner", user.pk)

    def clean_title(self):
        return self.cleaned_data["title"].strip()
