"""Reads for procurement's side of the portal: a response's invitations and what its contacts did.

A fixed number of queries however many invitations or events there are.
"""

from dataclasses import dataclass

from django.utils import timezone

from evaluator.models import Invitation, PortalEvent

RECENT_EVENTS = 20


@dataclass
class InvitationRow:
    invitation: Invitation
    state: str  # the current state (revocation and expiry applied)
    state_label: str
    usable: bool


def invitation_rows(invitations) -> list[InvitationRow]:
    now = timezone.now()
    labels = dict(Invitation._meta.get_field("state").choices)
    rows = []
    for invitation in invitations:
        state = invitation.current_state(now)
        rows.append(InvitationRow(invitation, state, labels[state], invitation.is_usable(now)))
    return rows


def response_invitations(response) -> list[InvitationRow]:
    """Every invitation of ``response``, newest first, with who invited (one query)."""
    return invitation_rows(Invitation.objects.filter(response=response).select_related("invited_by"))


def response_events(response, limit: int = RECENT_EVENTS) -> list[PortalEvent]:
    """The latest portal actions on ``response`` (one query)."""
    return list(
        PortalEvent.objects.filter(invitation__response=response).select_related("invitation")[:limit]
    )
