"""Inviting a vendor contact to answer one response, finding an invitation by its token, revoking it.

The raw token exists only in the return value of ``invite`` (shown once, e-mailed); the
database keeps its SHA-256.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from evaluator.models import Invitation, InvitationState, PortalEvent, Response
from evaluator.models.portal import DEFAULT_GRACE_DAYS, hash_token

TOKEN_BYTES = 32  # 256 bits, well above the 128 asked for
MAX_GRACE_DAYS = 60
MAX_DEADLINE_DAYS = 2 * 366  # a questionnaire due later than that is a typo, not a plan
FAR_DEADLINE = "The deadline is more than two years away; check the year."


def far_deadline(deadline: datetime.date) -> bool:
    return deadline > timezone.localdate() + datetime.timedelta(days=MAX_DEADLINE_DAYS)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def invite(
    response: Response,
    email: str,
    deadline: datetime.date,
    invited_by,
    *,
    grace_days: int = DEFAULT_GRACE_DAYS,
    message: str = "",
    require_code: bool = False,
    campaign=None,
) -> tuple[Invitation, str]:
    """Create an invitation and return it with its raw token (the only time the token exists)."""
    errors = {}
    if deadline < timezone.localdate():
        errors["deadline"] = "The deadline cannot be in the past."
    elif far_deadline(deadline):
        errors["deadline"] = FAR_DEADLINE
    if not 0 <= grace_days <= MAX_GRACE_DAYS:
        errors["grace_days"] = f"The grace period is between 0 and {MAX_GRACE_DAYS} days."
    if not response.is_editable:
        errors["response"] = (
            f"This response is {response.get_status_display().lower()}; it cannot be answered now."
        )
    if errors:
        raise ValidationError(errors)
    token = new_token()
    invitation = Invitation(
        response=response,
        email=email.strip().lower(),
        deadline=deadline,
        grace_days=grace_days,
        message=message,
        require_code=require_code,
        campaign=campaign,
        token_hash=hash_token(token),
        invited_by=invited_by,
    )
    invitation.full_clean(exclude=["token_hash"])
    invitation.save()
    return invitation, token


def find_by_token(token: str) -> Invitation | None:
    """The invitation a token opens, whatever its state; None for an unknown token."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("response").filter(token_hash=hash_token(token)).first()


def record(invitation: Invitation, action: str, detail: str = "") -> PortalEvent:
    """Note a portal action against the invited address (the contact has no account)."""
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(last_activity_at=now)
    return PortalEvent.objects.create(
        invitation=invitation, at=now, actor_email=invitation.email, action=action, detail=detail[:300]
    )


@transaction.atomic
def revoke(invitation: Invitation, user) -> None:
    if invitation.revoked_at:
        return
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = user
    invitation.state = InvitationState.REVOKED
    invitation.save(update_fields=["revoked_at", "revoked_by", "state"])
