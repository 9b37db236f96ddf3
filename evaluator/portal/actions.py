"""What a vendor contact does in the portal, written through the product's own rules.

Each action calls the one service that decides (``responses.lifecycle``, ``responses.importing``,
``vendors.documents.services``) with no user, names the invited address as the change reason on
the history rows, moves the invitation's state on, and records a ``PortalEvent``.
"""

from django.db import transaction
from django.utils import timezone

from common.history import outside_actor_reason
from evaluator.models import Invitation, InvitationState, Response
from evaluator.portal import invitations
from evaluator.responses import lifecycle
from evaluator.responses.importing import ImportResult, import_answers
from evaluator.responses.reading import MAX_BYTES
from vendors.documents.services import add_document


def actor(invitation: Invitation) -> str:
    """How the history names a portal change."""
    return outside_actor_reason(invitation.email)


def mark_in_progress(invitation: Invitation) -> None:
    """First save (or first save after changes were requested): "in progress"."""
    if Invitation.objects.filter(
        pk=invitation.pk,
        state__in=(InvitationState.SENT, InvitationState.OPENED, InvitationState.SUBMITTED),
    ).update(state=InvitationState.IN_PROGRESS):
        invitation.state = InvitationState.IN_PROGRESS


def _response_history(response: Response, reason: str) -> None:
    """One row on the response's own history (its page lists those), with no user."""
    response.refresh_from_db()
    Response.history.bulk_history_create(
        [response], update=True, default_user=None, default_change_reason=reason, default_date=timezone.now()
    )


@transaction.atomic
def save_section(invitation: Invitation, section, number: int, changes) -> int:
    """Save one section's answers (``lifecycle.save_answers``); returns how many changed.
    ``number`` is the section's place in the questionnaire, as the contact sees it."""
    response = invitation.response
    reason = actor(invitation)
    changed = lifecycle.save_answers(response, None, changes, change_reason=reason)
    if changed:
        mark_in_progress(invitation)
        detail = f"Section {number} ({section.title}): {changed} answer(s)"
        _response_history(response, f"{reason}: saved {detail}")
        invitations.record(invitation, "section saved", detail)
        for question, change in changes.items():
            if change.attachment is not None:
                invitations.record(invitation, "file uploaded", f"{question.code}: {change.attachment.name}")
    return changed


def upload_answers_file(invitation: Invitation, upload) -> ImportResult:
    """The answers file through the product's import: all rows or nothing, with the row report."""
    response = invitation.response
    result = import_answers(
        upload.read(MAX_BYTES + 1),
        upload.name,
        response.vendor,
        response.questionnaire,
        None,
        evaluation=response.evaluation,
        change_reason=actor(invitation),
    )
    if result.ok:
        if result.created or result.updated:
            mark_in_progress(invitation)
        invitations.record(invitation, "excel uploaded", f"{upload.name}: {result.summary()}")
    else:
        invitations.record(invitation, "excel refused", f"{upload.name}: {result.summary()}")
    return result


def add_vendor_document(invitation: Invitation, data: dict):
    """A vault document for the invitation's vendor (``add_document``: until < from refused)."""
    response = invitation.response
    document = add_document(
        response.vendor,
        kind=data["kind"],
        title=data["title"],
        issuer=data.get("issuer", ""),
        scope=data.get("scope", ""),
        valid_from=data["valid_from"],
        valid_until=data.get("valid_until"),
        file=data["file"],
        answers=list(data.get("answers") or ()),
        uploaded_by_email=invitation.email,
        contact_email=invitation.email,
    )
    invitations.record(invitation, "document added", f"{document.get_kind_display()}: {document.title}")
    return document


def submit(invitation: Invitation) -> None:
    """Hand the response to review (``lifecycle.submit``: refused while items are missing)."""
    lifecycle.submit(invitation.response, None, change_reason=actor(invitation))
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(state=InvitationState.SUBMITTED, submitted_at=now)
    invitation.state, invitation.submitted_at = InvitationState.SUBMITTED, now
    invitations.record(invitation, "submitted")
