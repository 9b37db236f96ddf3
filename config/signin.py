"""Signing in: the password step, the two-factor step and the page shown when django-axes refuses."""

import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
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
        user = form.get_user()
        if not twofactor.has_two_factor(user):
            return super().form_valid(form)
        twofactor.begin(self.request, user, self.get_success_url())
        return redirect("login_two_factor")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"oidc_provider_name": oidc_provider_name()}


@method_decorator([login_not_required, never_cache, sensitive_post_parameters("code")], name="dispatch")
class TwoFactorSignInView(View):
    """The second step: a code from the app, or an unused recovery code.

    A wrong code counts as a failed sign-in for django-axes (same username and address as
    the password step), so guessing codes ends in the same lockout as guessing passwords;
    django-otp also throttles each device (1, 2, 4 … seconds between tries).
    """

    template_name = "registration/two_factor.html"

    def dispatch(self, request, *args, **kwargs):
        self.pending = twofactor.pending(request)
        if self.pending is None:
            messages.info(request, "Sign in with your password first.")
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

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
        login(request, user, backend)
        request.session[twofactor.VERIFIED_KEY] = (
            "recovery" if isinstance(device, RecoveryCodeDevice) else "totp"
        )
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
