"""Forms of the stakeholder pages. Every form lists its fields explicitly."""

from django import forms
from django.contrib.auth import get_user_model

from evaluator.models import CombinationMethod, ConsensusOutcome, StakeholderGroup
from evaluator.setup.forms import person_label
from evaluator.setup.rules import REASON_MAX_LENGTH
from evaluator.stakeholders import services


class GroupForm(forms.ModelForm):
    class Meta:
        model = StakeholderGroup
        fields = ["name", "description", "influence", "members"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "members": forms.CheckboxSelectMultiple,
            "influence": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "any"}),
        }

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        people = {evaluation.owner_id, *evaluation.members.values_list("pk", flat=True)}
        members = self.fields["members"]
        members.queryset = get_user_model().objects.filter(pk__in=people).order_by("username")
        members.label_from_instance = person_label
        members.help_text = "The evaluation's owner and members who speak for this group."

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        problem = services.name_problem(self.evaluation, name, self.instance if self.instance.pk else None)
        if problem:
            raise forms.ValidationError(problem)
        return name


class MethodForm(forms.Form):
    method = forms.ChoiceField(label="Combine the groups' weights by", choices=CombinationMethod.choices)


class PointsForm(forms.Form):
    """One points field per criterion (the group's direct weights)."""

    def __init__(self, *args, criteria, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"w_{criterion.pk}"] = forms.FloatField(
                label=criterion.name,
                min_value=0,
                max_value=1_000_000,
                initial=points.get(criterion.pk, criterion.weight),
                widget=forms.NumberInput(attrs={"step": "any", "min": 0}),
            )

    def points(self) -> dict[int, float]:
        return {c.pk: float(self.cleaned_data[f"w_{c.pk}"]) for c in self.criteria}


class ConsensusForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    vendor = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=ConsensusOutcome.choices, widget=forms.RadioSelect)
    agreed_score = forms.TypedChoiceField(
        choices=[("", "—"), *[(str(v), str(v)) for v in range(6)]],
        coerce=int,
        required=False,
        empty_value=None,
    )
    reason = forms.CharField(max_length=REASON_MAX_LENGTH, widget=forms.TextInput(attrs={"size": 50}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == ConsensusOutcome.RESOLVED and cleaned.get("agreed_score") is None:
            self.add_error("agreed_score", "Give the score the evaluators agreed on.")
        return cleaned


class ProfileForm(forms.Form):
    """The what-if sliders saved as a new group: one share per criterion group."""

    name = forms.CharField(max_length=120)
    reason = forms.CharField(max_length=REASON_MAX_LENGTH - len("What-if profile: "))

    def __init__(self, *args, evaluation, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        self.groups = groups
        for key, label in groups:
            self.fields[f"g_{key}"] = forms.FloatField(label=label, min_value=0, max_value=1000)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        problem = services.name_problem(self.evaluation, name)
        if problem:
            raise forms.ValidationError(problem)
        return name

    def group_weights(self) -> dict[str, float]:
        return {key: float(self.cleaned_data[f"g_{key}"]) for key, _ in self.groups}
