"""The optional one-time code of an invitation (``Invitation.require_code``).

A 6-digit code goes to the invited address; only its keyed hash is stored (a database reader
cannot answer with it), it is valid 15 minutes and is used once. Five wrong codes lock the
invitation for 15 minutes. Sending is limited (``access.limit("code_send")``) and never more
often than once a minute.
"""

import datetime
import secrets

from django.core.mail import EmailMessage, mailers
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from evaluator.models import Invitation
from evaluator.portal import access, invitations

CODE_VALID = datetime.timedelta(minutes=15)
LOCK_FOR = datetime.timedelta(minutes=15)
MAX_WRONG = 5
RESEND_AFTER = datetime.timedelta(minutes=1)


def _hash(invitation: Invitation, code: str) -> str:
    return salted_hmac("portal-one-time-code", f"{invitation.pk}:{code}", algorithm="sha256").hexdigest()


def is_locked(invitation: Invitation) -> bool:
    return bool(invitation.locked_until and invitation.locked_until > timezone.now())


def code_is_live(invitation: Invitation) -> bool:
    return bool(
        invitation.code_hash
        and invitation.code_sent_at
        and timezone.now() < invitation.code_sent_at + CODE_VALID
    )


def can_send(invitation: Invitation) -> bool:
    if invitation.code_sent_at and timezone.now() < invitation.code_sent_at + RESEND_AFTER:
        return False
    return not access.over("code_send", str(invitation.pk))


def send_code(invitation: Invitation) -> bool:
    """Send a new code (the previous one stops working); False when sending is limited now."""
    if not can_send(invitation):
        return False
    access.count("code_send", str(invitation.pk))
    code = f"{secrets.randbelow(1_000_000):06d}"
    invitation.code_hash = _hash(invitation, code)
    invitation.code_sent_at = timezone.now()
    invitation.save(update_fields=["code_hash", "code_sent_at"])
    body = "\n".join(
        [
            "Hello,",
            "",
            f"Your code to open the questionnaire for {invitation.response.vendor.name} is:",
            "",
            f"    {code}",
            "",
            "It works for 15 minutes. If you did not ask for it, you can ignore this message.",
        ]
    )
    mailers.default.send_messages(
        [EmailMessage(subject=f"Your code: {code}", body=body, to=[invitation.email])]
    )
    invitations.record(invitation, "code sent")
    return True


def check_code(invitation: Invitation, code: str) -> str:
    """ "ok", "wrong", "expired" or "locked"; a fifth wrong code locks the invitation."""
    if is_locked(invitation):
        return "locked"
    if not code_is_live(invitation):
        return "expired"
    if constant_time_compare(_hash(invitation, code.strip()), invitation.code_hash):
        invitation.code_hash = ""
        invitation.code_verified_at = timezone.now()
        invitation.failed_code_attempts = 0
        invitation.locked_until = None
        invitation.save(
            update_fields=["code_hash", "code_verified_at", "failed_code_attempts", "locked_until"]
        )
        invitations.record(invitation, "code verified")
        return "ok"
    # Counted in the database (F()), so parallel guesses cannot share one count.
    Invitation.objects.filter(pk=invitation.pk).update(failed_code_attempts=F("failed_code_attempts") + 1)
    invitation.refresh_from_db(fields=["failed_code_attempts"])
    if invitation.failed_code_attempts < MAX_WRONG:
        return "wrong"
    invitation.locked_until = timezone.now() + LOCK_FOR
    invitation.failed_code_attempts = 0
    invitation.code_hash = ""  # a new code is needed after the lock
    invitation.save(update_fields=["locked_until", "failed_code_attempts", "code_hash"])
    invitations.record(invitation, "locked", f"{MAX_WRONG} wrong codes")
    return "locked"
