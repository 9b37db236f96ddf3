"""Signing in: the password step, the two-factor step and the page shown when django-axes refuses."""

import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts import twofactor
from accounts.forms import CodeForm
from accounts.models import RecoveryCodeDevice
from accounts.oidc import oidc_provider_name


def locked_out(request, original_response=None, credentials=None):
    # Axes restarts the cool-off at every refused attempt, so it runs from now.
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "retry_minutes": math.ceil(cool_off.total_seconds() / 60),
        "retry_at": timezone.now() + cool_off,
    }
    return render(request, "registration/locked_out.html", context, status=429)


class SignInView(LoginView):
    """Django's sign-in page; an account with two-factor continues to the code step instead."""

    def form_valid(self, form):
        return twofactor.code_step_first(
            self.request, form.get_user(), self.get_success_url()
        ) or super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"oidc_provider_name": oidc_provider_name()}


class AdminSignInView(SignInView):
    """The admin's sign-in page is the app's: the same lockout and the same code step.

    Installed as ``admin.site.login`` (config/urls.py), so ``admin:login`` and the admin's own
    redirects keep working; without a ``next`` it returns to the admin's index.
    """

    def get_default_redirect_url(self):
        return reverse("admin:index")


@method_decorator([login_not_required, never_cache, sensitive_post_parameters("code")], name="dispatch")
class TwoFactorSignInView(View):
    """The second step: a code from the app, or an unused recovery code.

    A wrong code counts as a failed sign-in for django-axes (same username and address as
    the password step), so guessing codes ends in the same lockout as guessing passwords;
    django-otp also throttles each device (1, 2, 4 … seconds between tries).
    """

    template_name = "registration/two_factor.html"

    def dispatch(self, request, *args, **kwargs):
        self.pending = twofactor.pending(request) or self.signed_in_unverified(request)
        if self.pending is None:
            messages.info(request, "Sign in with your password first.")
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def signed_in_unverified(request):
        """A session signed in some other way (the admin, a script, a test) that still owes its code."""
        if not request.user.is_authenticated or twofactor.gate(request) != twofactor.VERIFY:
            return None
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
        return request.user, request.session[BACKEND_SESSION_KEY], next_url

    def get(self, request):
        return self.render(CodeForm(recovery=True))

    def post(self, request):
        user, backend, next_url = self.pending
        credentials = {"username": user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            twofactor.abandon(request)
            return locked_out(request, credentials=credentials)
        form = CodeForm(request.POST, recovery=True)
        if not form.is_valid():
            return self.render(form, status=400)
        device = twofactor.verify(user, form.cleaned_data["code"])
        if device is None:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                twofactor.abandon(request)
                return locked_out(request, credentials=credentials)
            form.add_error("code", "That code is not valid. Check your app's clock, or wait a few seconds.")
            return self.render(form, status=400)
        twofactor.abandon(request)
        # A new session key either way: a session signed in before the code is elevated now.
        login(request, user, backend)
        twofactor.mark_verified(request, "recovery" if isinstance(device, RecoveryCodeDevice) else "totp")
        if isinstance(device, RecoveryCodeDevice):
            left = twofactor.remaining_recovery_codes(user)
            messages.warning(
                request,
                f"You signed in with a recovery code; {left} left. Each works once: make new ones on the two-factor page.",
            )
        return redirect(next_url)

    def render(self, form, status=200):
        return render(
            request=self.request, template_name=self.template_name, context={"form": form}, status=status
        )
