"""Two-factor sign-in: who has it, who must have it, and the step between password and session.

django-otp does the one-time-password work (TOTP with replay protection and throttling);
this module only decides when to ask. A user with two-factor enabled is not signed in by
the password alone: the password step leaves a *pending* sign-in in the session, and
only a valid code from their app (or an unused recovery code) turns it into a session.

Two-factor belongs to the session, not the account: gate() asks "did this session pass the
code step?", so a session signed in any other way (the admin, ``force_login``, a future
backend) is held at the code step by accounts/middleware.py until it does.
"""

import io
import time
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCodeDevice, RolePolicy, normalise_code

PENDING_KEY = "two_factor_pending"
# {"user": pk, "how": "totp" | "recovery" | "enrolled"}: this session passed a code, as this user.
VERIFIED_KEY = "two_factor"
# A pending sign-in older than this starts again from the password.
PENDING_SECONDS = 5 * 60

# What the policy says of a signed-in session (see gate()).
VERIFY = "verify"  # has an authenticator, this session has not passed a code: the code step
ENROL = "enrol"  # a role (or being an administrator) requires two-factor, no authenticator yet


def totp_device(user, confirmed=True) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=confirmed).first()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def required_as_admin(user) -> bool:
    return user.is_superuser and settings.TWO_FACTOR_REQUIRED_FOR_ADMINS


def role_requirement(user_ref):
    """The role policies that require two-factor of ``user_ref`` (a user, or OuterRef("pk"))."""
    return RolePolicy.objects.filter(require_two_factor=True, group__user=user_ref)


def required_for(user) -> bool:
    """Does a role of this user (or being an administrator) require two-factor sign-in?"""
    return required_as_admin(user) or role_requirement(user).exists()


def is_verified(request) -> bool:
    """Did *this session* pass the code step (or enrol) as the user it is signed in as?"""
    mark = request.session.get(VERIFIED_KEY)
    return isinstance(mark, dict) and mark.get("user") == str(request.user.pk)


def mark_verified(request, how: str) -> None:
    request.session[VERIFIED_KEY] = {"user": str(request.user.pk), "how": how}


def forget_verified(request) -> None:
    request.session.pop(VERIFIED_KEY, None)


def gate(request) -> str | None:
    """The one two-factor rule for a signed-in session, whichever way it began.

    None when the session may go anywhere its role allows; VERIFY when the user has an
    authenticator and this session has not passed a code (the app's or the admin's sign-in,
    single sign-on, or a session made any other way); ENROL when two-factor is required of
    the user and they have none yet. Costs no query once the session is verified.
    """
    if is_verified(request):
        return None
    user = request.user
    # Both questions in one query: this runs on every request of an unverified session.
    enrolled, role_requires = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            role_requires=Exists(role_requirement(OuterRef("pk"))),
        )
        .values_list("enrolled", "role_requires")
        .first()
    ) or (False, False)
    if enrolled:
        return VERIFY
    return ENROL if role_requires or required_as_admin(user) else None


def must_enrol(request) -> bool:
    """True when the signed-in user's role requires two-factor and they have not enrolled yet."""
    return gate(request) == ENROL


def code_step_first(request, user, next_url: str):
    """Where a sign-in goes once the password (or the identity provider) accepted ``user``.

    A user with an authenticator is not signed in yet: the sign-in waits for the code step
    (returns its redirect). Anyone else: None, and the caller signs them in.
    """
    if not has_two_factor(user):
        return None
    begin(request, user, next_url)
    return redirect("login_two_factor")


# --- the pending sign-in ------------------------------------------------------------------------


def begin(request, user, next_url: str) -> None:
    """The password was right; remember who is half-way through signing in."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "since": time.time(),
    }


def pending(request):
    """(user, backend, next URL) of the sign-in waiting for a code, or None (also when too old)."""
    data = request.session.get(PENDING_KEY)
    if not data:
        return None
    if time.time() - data["since"] > PENDING_SECONDS:
        abandon(request)
        return None
    user = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    if user is None:
        abandon(request)
        return None
    return user, data["backend"], data["next"]


def abandon(request) -> None:
    request.session.pop(PENDING_KEY, None)


# --- codes -------------------------------------------------------------------------------------


def verify(user, code: str, allow_recovery: bool = True):
    """The device that accepts ``code`` (the app's TOTP or an unused recovery code), or None.

    Six digits go to the app's device, anything longer to the recovery codes, so a wrong
    TOTP code never burns a recovery attempt. Devices are locked while checking so that
    two requests with the same code cannot both pass.
    """
    code = normalise_code(code)
    if code.isdigit() and len(code) <= 8:
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    elif allow_recovery:
        devices = RecoveryCodeDevice.objects.devices_for_user(user, confirmed=True)
    else:
        return None
    with transaction.atomic():
        for device in devices.select_for_update():
            if device.verify_token(code):
                return device
    return None


def remaining_recovery_codes(user) -> int:
    device = RecoveryCodeDevice.objects.devices_for_user(user, confirmed=True).first()
    return device.codes.count() if device else 0


def new_recovery_codes(user) -> list[str]:
    device, _ = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    return device.replace_codes()


@transaction.atomic
def confirm(device: TOTPDevice) -> list[str]:
    """Turn an enrolment into two-factor sign-in; returns the first recovery codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return new_recovery_codes(device.user)


@transaction.atomic
def disable(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()


# --- enrolment helpers -------------------------------------------------------------------------


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled; the same secret until it is confirmed."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(data: str) -> str:
    """The QR code as inline SVG markup: drawn here, no image service, no script."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    # Drop the XML declaration so the markup can sit inside HTML.
    return mark_safe(svg[svg.index("<svg") :])  # noqa: S308  (our own generated markup)
