"""Optional single sign-on with an OpenID Connect provider (mozilla-django-oidc), set up from the environment.

With DJANGO_OIDC_* unset, OIDC_ENABLED is false: the sign-in page shows no button, the two
URLs answer 404 and the backend is not installed. With them set, the authorization code
flow signs a person in as the account with the same (verified) email address, or creates
an account with no role: an administrator grants roles in the admin.

An account that enabled the app's two-factor is asked for its code after the provider too,
and a role that requires two-factor requires it of SSO users as well: the app cannot see
whether the provider checked a second factor.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts import twofactor


def oidc_provider_name() -> str:
    """The provider's name for the sign-in button, or "" when single sign-on is off."""
    return settings.OIDC_PROVIDER_NAME if settings.OIDC_ENABLED else ""


class ProviderBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims):
        # The account is found by email: an address the provider has not verified proves nothing.
        email = (claims.get("email") or "").strip()
        return bool(email) and claims.get("email_verified") is not False

    def get_username(self, claims):
        users = get_user_model().objects
        for candidate in (claims.get("preferred_username"), claims.get("email")):
            candidate = (candidate or "").strip()[:150]
            if candidate and not users.filter(username__iexact=candidate).exists():
                return candidate
        return super().get_username(claims)

    def create_user(self, claims):
        # create_user() without a password leaves it unusable: this account signs in through the provider.
        user = super().create_user(claims)
        user.first_name = (claims.get("given_name") or "")[:150]
        user.last_name = (claims.get("family_name") or "")[:150]
        user.save(update_fields=["first_name", "last_name"])
        return user


class EnabledOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404("Single sign-on is not configured.")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class ProviderSignInView(EnabledOnlyMixin, OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and PKCE kept in the session)."""


@method_decorator(login_not_required, name="dispatch")
class ProviderCallbackView(EnabledOnlyMixin, OIDCAuthenticationCallbackView):
    """Back from the provider: exchange the code, then sign in (or ask for the app's code first)."""

    def login_failure(self):
        messages.error(self.request, f"Signing in with {settings.OIDC_PROVIDER_NAME} did not succeed.")
        return redirect("login")

    def login_success(self):
        return twofactor.code_step_first(self.request, self.user, self.success_url) or super().login_success()
