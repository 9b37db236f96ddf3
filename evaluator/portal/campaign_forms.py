"""The campaign form: the questionnaire, the vendors as "vendor, e-mail" lines, the deadline."""

from django import forms
from django.utils import timezone

from evaluator.decisions.guard import is_frozen
from evaluator.models import Evaluation, EvaluationStatus
from evaluator.models.portal import DEFAULT_GRACE_DAYS
from evaluator.portal.campaigns import issuable_versions, parse_vendor_lines
from evaluator.portal.invitations import MAX_GRACE_DAYS

VENDORS_HELP = (
    "One vendor per line: its name (as in the vendor register), a comma, then the contact's e-mail, "
    "e.g. <code>Acme Security, anna@acme.example</code>. Pasting two columns from a spreadsheet works too."
)


def open_evaluations(user):
    """The evaluations ``user`` sees whose inputs may still change (not proposed nor decided)."""
    frozen = (EvaluationStatus.PROPOSED, EvaluationStatus.DECIDED)
    return Evaluation.objects.visible_to(user).exclude(status__in=frozen).order_by("name")


class CampaignForm(forms.Form):
    title = forms.CharField(max_length=200)
    questionnaire = forms.ModelChoiceField(
        queryset=issuable_versions(),
        label="Questionnaire version",
        help_text="Issued versions and the newest version of each questionnaire; sending a draft freezes it.",
    )
    evaluation = forms.ModelChoiceField(
        queryset=Evaluation.objects.none(),
        required=False,
        empty_label="None: the vendors' general responses",
        help_text="Answers given for one selection stay with it; every vendor must be one of its candidates.",
    )
    vendors = forms.CharField(
        label="Vendors and contacts",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=VENDORS_HELP,
    )
    deadline = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    grace_days = forms.IntegerField(
        min_value=0,
        max_value=MAX_GRACE_DAYS,
        initial=DEFAULT_GRACE_DAYS,
        label="Grace days",
        help_text="Days after the deadline during which the links still work.",
    )
    message = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Added to every invitation e-mail.",
    )
    require_code = forms.BooleanField(
        required=False, label="Ask for a one-time code sent by e-mail when a link is first opened"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = issuable_versions()
        if user is not None:
            self.fields["evaluation"].queryset = open_evaluations(user)
        self.entries = []

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("The deadline cannot be in the past.")
        return deadline

    def clean_evaluation(self):
        evaluation = self.cleaned_data.get("evaluation")
        if is_frozen(evaluation):
            raise forms.ValidationError(
                "This evaluation is frozen (proposed or decided); its inputs cannot change."
            )
        return evaluation

    def clean_vendors(self):
        text = self.cleaned_data["vendors"]
        self.entries, errors = parse_vendor_lines(text)
        if errors:
            raise forms.ValidationError(
                [str(error) if error.line else error.reason.capitalize() for error in errors]
            )
        return text
