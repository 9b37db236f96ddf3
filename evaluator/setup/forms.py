"""Set-up and scoring forms for evaluations. Every form lists its fields explicitly."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from evaluator.models import Criterion, CriterionGroup, Evaluation, Section
from evaluator.setup.rules import REASON_MAX_LENGTH, SIGNOFF_STATUSES, reason_error, weight_reason_error
from vendors.models import Capability, Vendor, VendorStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def horizon_error(horizon, as_of) -> str | None:
    """Why a horizon cannot go with that as-of day (the edit page and the API share this rule)."""
    if horizon and as_of and horizon <= as_of:
        # Every roadmap item due by then is already due: nothing on the roadmap would count.
        return "The horizon must come after the day the facts are read as of."
    return None


def person_label(user) -> str:
    """People by name, with the login to tell two of the same name apart."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


def candidate_label(vendor) -> str:
    """A rejected vendor is offered only when already chosen, and then says so."""
    return f"{vendor.name} (rejected)" if vendor.status == VendorStatus.REJECTED else vendor.name


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "name",
            "description",
            "horizon_date",
            "as_of_date",
            "status",
            "method",
            "blind_scoring",
            "candidates",
            "members",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "horizon_date": DATE,
            "as_of_date": DATE,
            "candidates": forms.CheckboxSelectMultiple,
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.instance.candidates.values_list("pk", flat=True) if self.instance.pk else ()
        candidates = self.fields["candidates"]
        candidates.queryset = Vendor.objects.offerable_as_candidates(chosen).order_by("name")
        candidates.label_from_instance = candidate_label
        members = self.fields["members"]
        members.queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        members.label_from_instance = person_label
        if not self.instance.pk:
            # A new evaluation starts as a draft; the status moves on from its set-up page.
            del self.fields["status"]
        else:
            # Proposing and deciding go through the sign-off (its own pages), never this field.
            if self.instance.status not in SIGNOFF_STATUSES:
                self.fields["status"].choices = [
                    choice for choice in self.fields["status"].choices if choice[0] not in SIGNOFF_STATUSES
                ]
            self.fields[
                "status"
            ].help_text = (
                "To decide, use “Propose a decision”: the approvers sign it off and the decision is final."
            )
            if user is not None and not self.instance.is_governed_by(user):
                # A disabled field keeps its recorded value whatever is posted.
                for name in Evaluation.OWNER_ONLY_FIELDS:
                    if name in self.fields:
                        self.fields[name].disabled = True
                        self.fields[
                            name
                        ].help_text = f"Only the owner ({self.instance.owner}) can change this."

    def clean(self):
        cleaned = super().clean()
        error = horizon_error(cleaned.get("horizon_date"), cleaned.get("as_of_date"))
        if error:
            self.add_error("horizon_date", error)
        return cleaned


class RequiredCapabilitiesForm(forms.Form):
    """One importance field per capability in the taxonomy: 0 = not required, 1–5 = importance."""

    IMPORTANCE = [(0, "Not required"), (1, "1 – nice to have"), (2, "2"), (3, "3 – important"), (4, "4"),
                  (5, "5 – essential")]  # fmt: skip

    def __init__(self, *args, capabilities, current: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.capabilities = list(capabilities)
        for capability in self.capabilities:
            self.fields[f"cap_{capability.pk}"] = forms.TypedChoiceField(
                label=capability.name,
                choices=self.IMPORTANCE,
                coerce=int,
                # A capability left out of the submission is simply not required.
                required=False,
                empty_value=0,
                initial=current.get(capability.pk, 0),
            )

    def rows(self):
        """(capability, bound field) pairs grouped in taxonomy order, for the template."""
        return [(capability, self[f"cap_{capability.pk}"]) for capability in self.capabilities]

    def importance(self) -> dict[Capability, int]:
        return {
            capability: self.cleaned_data[f"cap_{capability.pk}"]
            for capability in self.capabilities
            if self.cleaned_data[f"cap_{capability.pk}"] > 0
        }


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.questionnaire} · {obj.title}"


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "name",
            "group",
            "direction",
            "source",
            "metric",
            "questionnaire_section",
            "weight",
            "position",
        ]
        field_classes = {"questionnaire_section": SectionChoiceField}
        widgets = {"weight": forms.NumberInput(attrs={"step": "any", "min": 0})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire_section"].queryset = Section.objects.select_related(
            "questionnaire"
        ).order_by("questionnaire__family", "-questionnaire__version_number", "position")


class BaseCriterionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        names = [
            form.cleaned_data["name"].strip().lower()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        duplicates = {name for name in names if names.count(name) > 1}
        if duplicates:
            raise ValidationError(
                f"Each criterion needs its own name; repeated: {', '.join(sorted(duplicates))}."
            )


CriterionFormSet = forms.inlineformset_factory(
    Evaluation,
    Criterion,
    form=CriterionForm,
    formset=BaseCriterionFormSet,
    extra=3,  # several criteria can be added at once; blank rows are ignored
    can_delete=True,
)

# Saaty's scale as one choice per judgement: positive = the first is that many times as important,
# negative = the second is.
SAATY_CHOICES = [
    *[(-v, f"second {v}× as important") for v in (9, 7, 5, 3)],
    (1, "equally important"),
    *[(v, f"first {v}× as important") for v in (3, 5, 7, 9)],
]
SAATY_VALUES = {-9, -8, -7, -6, -5, -4, -3, -2, 1, 2, 3, 4, 5, 6, 7, 8, 9}


def judgement_value(choice: int) -> float:
    return float(choice) if choice > 0 else 1.0 / -choice


def judgement_choice(value: float) -> int:
    return round(value) if value >= 1 else -round(1 / value)


class PairwiseForm(forms.Form):
    """One Saaty judgement per pair of groups and per pair of criteria within a group."""

    def __init__(self, *args, groups, criteria_by_group, group_values, criterion_values, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CriterionGroup.choices)
        self.group_pairs = []
        for i, first in enumerate(groups):
            for second in groups[i + 1 :]:
                name = f"g_{first}__{second}"
                self.fields[name] = self._field(
                    f"{labels[first]} vs {labels[second]}", group_values.get((first, second), 1.0)
                )
                self.group_pairs.append((name, first, second))
        self.criterion_pairs = []
        for group, members in criteria_by_group.items():
            for i, first in enumerate(members):
                for second in members[i + 1 :]:
                    name = f"c_{first.pk}__{second.pk}"
                    self.fields[name] = self._field(
                        f"{first.name} vs {second.name}", criterion_values.get((first.pk, second.pk), 1.0)
                    )
                    self.criterion_pairs.append((name, group, first.pk, second.pk))

    @staticmethod
    def _field(label, value):
        return forms.TypedChoiceField(
            label=label, choices=SAATY_CHOICES, coerce=int, initial=judgement_choice(value)
        )

    def judgements(self) -> tuple[dict, dict]:
        groups = {(a, b): judgement_value(self.cleaned_data[name]) for name, a, b in self.group_pairs}
        criteria = {
            (a, b): judgement_value(self.cleaned_data[name]) for name, _, a, b in self.criterion_pairs
        }
        return groups, criteria


SCORE_CHOICES = [("", "—"), *[(str(v), str(v)) for v in range(6)]]


class ManualScoreForm(forms.Form):
    """One cell of the scoring grid; a blank score removes the evaluator's rating."""

    score = forms.TypedChoiceField(choices=SCORE_CHOICES, coerce=int, required=False, empty_value=None)
    rationale = forms.CharField(
        required=False, max_length=2000, widget=forms.TextInput(attrs={"placeholder": "Why this score?"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("score") is None and (cleaned.get("rationale") or "").strip():
            self.add_error("score", "Give a score with the rationale, or clear both.")
        return cleaned


class ChangeReasonForm(forms.Form):
    """The "Reason for the change" asked by the weights pages and the scoring grid.

    Optional on the page; ``require()`` makes it compulsory once the view knows that a weight
    or an existing score changes. The reason goes into the audit history (100 characters there).
    """

    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Required when a weight, or a score you gave before, changes. Shown in the History.",
        widget=forms.TextInput(attrs={"size": 60, "maxlength": REASON_MAX_LENGTH}),
    )

    def require(self, evaluation=None) -> str | None:
        """The reason, or None after adding the error that says it is missing.

        With ``evaluation`` (a weight change) the rule is ``rules.weight_reason_error``: a draft's
        weights change without a reason ("" then).
        """
        if not self.is_valid():
            return None
        reason = self.cleaned_data["change_reason"]
        error = reason_error(reason) if evaluation is None else weight_reason_error(evaluation, reason)
        if error:
            self.add_error("change_reason", error)
            return None
        return reason.strip()
