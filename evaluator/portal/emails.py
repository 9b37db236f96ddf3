"""The e-mails a vendor contact gets: the invitation (the only one carrying the link, which is
never stored) and, later, reminders and "changes requested" notes that point back to it."""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.urls import reverse

from evaluator.models import Invitation


def portal_link(token: str) -> str:
    """The absolute portal address for a raw token."""
    return f"{settings.SITE_URL}{reverse('portal:home', args=[token])}"


def _send(invitation: Invitation, subject: str, lines: list[str]) -> None:
    inviter = invitation.invited_by
    sender = (inviter.get_full_name() or inviter.username) if inviter else "The procurement team"
    body = "\n".join(
        [
            "Hello,",
            "",
            *lines,
            "",
            f"{sender} ({inviter.email if inviter and inviter.email else 'no address'})",
        ]
    )
    mailers.default.send_messages([EmailMessage(subject=subject, body=body, to=[invitation.email])])


def send_invitation(invitation: Invitation, token: str) -> None:
    response = invitation.response
    lines = [
        f"You are invited to answer the questionnaire “{response.questionnaire.title}” for "
        f"{response.vendor.name}.",
        f"Please answer by {invitation.deadline:%d %B %Y}. The link works until "
        f"{invitation.valid_until:%d %B %Y}; keep it private, it gives access to your answers:",
        portal_link(token),
    ]
    if invitation.require_code:
        lines.append("When you first open it, a one-time code is sent to this address.")
    if invitation.message:
        lines += ["", invitation.message]
    _send(
        invitation,
        f"Questionnaire for {response.vendor.name}: answer by {invitation.deadline:%d %b %Y}",
        lines,
    )


def send_notice(invitation: Invitation, subject: str, message: str) -> None:
    """A reminder or a note without the link: the contact uses the one from the invitation e-mail."""
    lines = [
        message,
        "",
        f"Use the link in the invitation e-mail you received on {invitation.created_at:%d %B %Y}; "
        "if you no longer have it, reply to ask for a new one.",
    ]
    _send(invitation, subject, lines)
