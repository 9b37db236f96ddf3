"""The two-factor page: enrol an authenticator app, see new recovery codes once, disable.

Every change asks for a current code, so a session left open is not enough to turn
two-factor off or to read fresh recovery codes. Recovery codes are rendered in the
response that creates them and never stored in clear, like API keys.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts import twofactor
from accounts.forms import CodeForm

CODES_TEMPLATE = "accounts/recovery_codes.html"


def show_recovery_codes(request, codes, status=200):
    text = "Recovery codes for " + request.user.get_username() + "\n\n" + "\n".join(codes) + "\n"
    return render(request, CODES_TEMPLATE, {"codes": codes, "codes_text": text}, status=status)


@method_decorator(never_cache, name="dispatch")
class TwoFactorView(View):
    def get(self, request):
        return self.render(request)

    @staticmethod
    def render(request, form=None, status=200, **extra):
        user = request.user
        device = twofactor.totp_device(user)
        context = {
            "device": device,
            "required": twofactor.required_for(user),
            "remaining": twofactor.remaining_recovery_codes(user) if device else 0,
            "form": form or CodeForm(recovery=True),
            **extra,
        }
        return render(request, "accounts/two_factor.html", context, status=status)


@method_decorator([never_cache, sensitive_post_parameters("code")], name="dispatch")
class EnableView(View):
    def get(self, request):
        if twofactor.has_two_factor(request.user):
            return redirect("accounts:two_factor")
        return self.render(request, CodeForm())

    def post(self, request):
        if twofactor.has_two_factor(request.user):
            return redirect("accounts:two_factor")
        device = twofactor.enrolment_device(request.user)
        form = CodeForm(request.POST)
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            codes = twofactor.confirm(device)
            twofactor.mark_verified(request, "enrolled")
            messages.success(
                request, "Two-factor sign-in is on: you will be asked for a code after your password."
            )
            return show_recovery_codes(request, codes, status=201)
        if form.is_valid():
            form.add_error(
                "code", "That code does not match. Check the time on your phone and try the next code."
            )
        return self.render(request, form, status=400)

    @staticmethod
    def render(request, form, status=200):
        device = twofactor.enrolment_device(request.user)
        context = {
            "form": form,
            "qr_svg": twofactor.qr_svg(device.config_url),
            "secret": twofactor.secret_for_typing(device),
            "required": twofactor.required_for(request.user),
        }
        return render(request, "accounts/two_factor_enable.html", context, status=status)


class CodeCheckedView(View):
    """A change to two-factor itself: POST with a current code, else the two-factor page with an error."""

    http_method_names = ["post"]
    allow_recovery = True

    @method_decorator([never_cache, sensitive_post_parameters("code")])
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        if not twofactor.has_two_factor(request.user):
            return redirect("accounts:two_factor")
        form = CodeForm(request.POST, recovery=self.allow_recovery)
        if form.is_valid() and twofactor.verify(request.user, form.cleaned_data["code"], self.allow_recovery):
            return self.changed(request)
        if form.is_valid():
            form.add_error("code", "That code is not valid.")
        return TwoFactorView.render(request, form, status=400, failed_action=self.action)


class DisableView(CodeCheckedView):
    action = "disable"

    def post(self, request):
        if twofactor.required_for(request.user):
            messages.error(request, "Your role requires two-factor sign-in, so it cannot be turned off.")
            return redirect("accounts:two_factor")
        return super().post(request)

    def changed(self, request):
        twofactor.disable(request.user)
        twofactor.forget_verified(request)
        messages.success(request, "Two-factor sign-in is off; your recovery codes no longer work.")
        return redirect("accounts:two_factor")


class RecoveryCodesView(CodeCheckedView):
    action = "regenerate"
    # New codes need the app: a recovery code must not be able to mint ten more.
    allow_recovery = False

    def changed(self, request):
        codes = twofactor.new_recovery_codes(request.user)
        messages.success(request, "New recovery codes made; the old ones no longer work.")
        return show_recovery_codes(request, codes, status=201)
