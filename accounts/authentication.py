import datetime

from django.utils import timezone
from rest_framework import authentication, exceptions

from accounts.models import ApiToken, hash_key

# last_used_at is written at most this often, so reads do not each cost a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <key>`` with a key from the user's API tokens page."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send 'Authorization: Bearer <key>' with one key.")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token key is not valid.") from None
        token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("The token is unknown or revoked.")
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                f"The token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC; "
                "create a new one on the API tokens page.",
                code="token_expired",
            )
        if not token.user.is_active or not token.matches_password_of(token.user):
            raise exceptions.AuthenticationFailed(
                "The token no longer works: its owner's password changed or the account was deactivated.",
                code="token_invalidated",
            )
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's browser-session authentication; a refused CSRF check says so in its error code."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as refused:
            raise exceptions.PermissionDenied(str(refused.detail), code="csrf_failed") from None
