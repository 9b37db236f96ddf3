"""What the portal's contacts hear when procurement acts on their response.

``changes_requested`` re-opens the portal of every usable, submitted invitation of a response
that a reviewer sent back, and e-mails each contact the reviewer's notes once the
transaction commits (a rolled-back request sends nothing).
"""

from django.db import models, transaction
from django.utils import timezone

from evaluator.models import Answer, Invitation, InvitationState, ReviewState
from evaluator.portal.emails import send_notice


def requested_changes(response) -> list[tuple[str, str]]:
    """(question code, reviewer note) for every answer sent back, in questionnaire order."""
    answers = Answer.objects.filter(response=response, review_state=ReviewState.CHANGES_REQUESTED)
    return list(answers.order_by(*Answer._meta.ordering, "pk").values_list("question__code", "reviewer_note"))


def changes_message(response, notes: list[tuple[str, str]]) -> str:
    lines = [
        f"The reviewer asked for changes to your answers to “{response.questionnaire.title}” for "
        f"{response.vendor.name}. The portal is open again for you to change them and submit again.",
        "",
        "What needs to change:",
    ]
    lines += [f"- {code}: {note}" for code, note in notes]
    return "\n".join(lines)


def changes_requested(response) -> list[Invitation]:
    """Re-open the submitted, usable invitations of ``response``; returns them. Call it inside
    the transaction that sends the response back: the e-mails leave after it commits."""
    now = timezone.now()
    reopened = [
        invitation
        for invitation in Invitation.objects.filter(response=response, state=InvitationState.SUBMITTED)
        .select_related("invited_by", "response__vendor", "response__questionnaire")
        .order_by("pk")
        if invitation.is_usable(now)
    ]
    if not reopened:
        return []
    Invitation.objects.filter(pk__in=[i.pk for i in reopened]).update(
        state=InvitationState.IN_PROGRESS, updated_at=now, version=models.F("version") + 1
    )
    notes = requested_changes(response)
    message = changes_message(response, notes)
    subject = f"Changes requested: {response.questionnaire.title} for {response.vendor.name}"

    def send():
        for invitation in reopened:
            invitation.state = InvitationState.IN_PROGRESS
            send_notice(invitation, subject, message)

    transaction.on_commit(send)
    return reopened
