"""The invite form on the response page. It parses; ``invitations.invite`` decides (past
deadline, grace period, a response that cannot be answered now) and its errors land on the fields."""

import datetime

from django import forms
from django.utils import timezone

from evaluator.models.portal import DEFAULT_GRACE_DAYS
from evaluator.portal.invitations import MAX_GRACE_DAYS

DEFAULT_DEADLINE_DAYS = 14


def default_deadline() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS)


class InviteForm(forms.Form):
    email = forms.EmailField(label="Vendor contact's e-mail", max_length=254)
    deadline = forms.DateField(
        initial=default_deadline,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The date the answers are due.",
    )
    grace_days = forms.IntegerField(
        label="Grace days",
        initial=DEFAULT_GRACE_DAYS,
        min_value=0,
        max_value=MAX_GRACE_DAYS,
        help_text=f"How long after the deadline the link still works (0–{MAX_GRACE_DAYS}).",
    )
    message = forms.CharField(
        label="Message (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Added to the invitation e-mail.",
    )
    require_code = forms.BooleanField(
        label="Ask for a one-time e-mail code when the link is first opened",
        label_suffix="",
        required=False,
    )
