"""The sign-off's forms: the proposal and an approver's verdict. The rules are signoff.py's."""

from django import forms
from django.contrib.auth import get_user_model

from evaluator.models import DecisionProposal
from vendors.models import Vendor


def person_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class ProposalForm(forms.Form):
    chosen = forms.ModelMultipleChoiceField(
        label="Chosen vendor(s)",
        queryset=Vendor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Usually the ranking's first place; choosing another needs a justification.",
    )
    justification = forms.CharField(
        label="Justification (when the choice differs from rank 1)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rationale = forms.CharField(
        label="Rationale", widget=forms.Textarea(attrs={"rows": 4}), help_text="Why this is the choice."
    )
    conditions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=DecisionProposal._meta.get_field("conditions").help_text,
    )
    risks_accepted = forms.CharField(
        label="Risks accepted",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=DecisionProposal._meta.get_field("risks_accepted").help_text,
    )
    approvers = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Members of the evaluation who must each approve; one rejection sends it back to scoring.",
    )

    def __init__(self, *args, evaluation, user, leader_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = evaluation.candidates.order_by("name")
        if not self.is_bound:
            self.initial.setdefault("chosen", list(leader_ids))
        people = get_user_model().objects.filter(is_active=True).exclude(pk=user.pk)
        member_ids = set(evaluation.members.values_list("pk", flat=True)) | {evaluation.owner_id}
        approvers = self.fields["approvers"]
        approvers.queryset = people.filter(pk__in=member_ids).order_by("first_name", "last_name", "username")
        approvers.label_from_instance = person_label


class VerdictForm(forms.Form):
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional when approving; required when rejecting (the owner reads it).",
    )
