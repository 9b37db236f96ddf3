"""API tokens for scripts. Only a SHA-256 hash of each key is stored.

The key is shown once, when it is created; a lost key is revoked and
replaced, never recovered. Keys are 256 random bits, so a plain (unsalted)
SHA-256 is enough: there is nothing to guess by brute force.

A token expires settings.API_TOKEN_DAYS after it is made, and dies when its
owner's password changes or the account is deactivated: it remembers a
fingerprint of the password hash it was made under, and authentication
compares it, so a change made any way at all (a form, the shell, a bulk
UPDATE) is caught.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

KEY_PREFIX = "vt_"
DISPLAY_PREFIX_LENGTH = 10


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def password_fingerprint_of(password_hash: str) -> str:
    return hashlib.sha256(f"api-token:{password_hash}".encode()).hexdigest()


def password_fingerprint(user) -> str:
    """A digest of the user's stored password hash: changes whenever the password does."""
    return password_fingerprint_of(user.password)


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.API_TOKEN_DAYS)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def revoke_all(self) -> int:
        return self.active().update(revoked_at=timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, help_text="What the token is for, e.g. 'GRC sync'.")
    prefix = models.CharField(max_length=DISPLAY_PREFIX_LENGTH, help_text="The key's first characters.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(help_text="The token stops working at this moment.")
    password_fingerprint = models.CharField(max_length=64, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def matches_password_of(self, user) -> bool:
        return secrets.compare_digest(self.password_fingerprint, password_fingerprint(user))

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """Create a token for ``user``; returns it with its key, which is not stored anywhere."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name.strip(),
            prefix=key[:DISPLAY_PREFIX_LENGTH],
            key_hash=hash_key(key),
            expires_at=timezone.now() + token_lifetime(),
            password_fingerprint=password_fingerprint(user),
        )
        return token, key

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


# --- Two-factor sign-in -------------------------------------------------------------------------

RECOVERY_CODE_COUNT = 10


def normalise_code(code: str) -> str:
    """Codes are typed by hand: ignore case, spaces and dashes."""
    return "".join(code.split()).replace("-", "").lower()


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """One-time recovery codes for a user who has lost their authenticator app.

    django-otp's own static tokens are stored in clear; these are stored as SHA-256 hashes,
    like API keys. Each code has 80 random bits, so an unsalted hash gives nothing to guess.
    A code is deleted when it is used, so it never works twice.
    """

    class Meta(Device.Meta):
        verbose_name = "recovery code set"

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        # One DELETE: of two requests racing with the same code, only one deletes a row.
        used = RecoveryCode.objects.filter(device=self, code_hash=hash_key(normalise_code(token))).delete()[0]
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return bool(used)

    def replace_codes(self) -> list[str]:
        """Forget every earlier code and return RECOVERY_CODE_COUNT new ones (not stored in clear)."""
        codes = [secrets.token_hex(10) for _ in range(RECOVERY_CODE_COUNT)]  # 80 bits each
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, code_hash=hash_key(code)) for code in codes
        )
        return ["-".join(code[i : i + 5] for i in range(0, 20, 5)) for code in codes]


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "code_hash"], name="unique_recovery_code")]

    def __str__(self):
        return f"recovery code of {self.device.user}"


class RolePolicy(models.Model):
    """What an administrator requires of everyone in a role (a group)."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="policy")
    require_two_factor = models.BooleanField(
        default=False,
        help_text="Members must enrol an authenticator app before they can use anything else.",
    )

    class Meta:
        verbose_name = "role policy"
        verbose_name_plural = "role policies"

    def __str__(self):
        return f"{self.group.name}: {'two-factor required' if self.require_two_factor else 'no requirement'}"
