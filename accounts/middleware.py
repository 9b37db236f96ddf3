from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from accounts import twofactor
from common.rest.errors import error_response

# Still reachable before the code step: the code step itself and signing out.
CODE_STEP_URL_NAMES = ("login_two_factor", "logout", "admin:logout")
# Still reachable for a user who must enrol: the enrolment itself and signing out.
ENROLMENT_URL_NAMES = ("accounts:two_factor", "accounts:two_factor_enable", "logout", "admin:logout")


MESSAGES = {
    twofactor.VERIFY: (
        "two_factor_unverified",
        "This session has not passed the two-factor code step: enter your code at /accounts/login/two-factor/.",
    ),
    twofactor.ENROL: (
        "two_factor_required",
        "Your role requires two-factor sign-in: enrol on the two-factor page first.",
    ),
}


class TwoFactorPolicyMiddleware:
    """Every request of a signed-in browser session passes twofactor.gate(): pages, the admin,
    the API with session authentication, exports, PDFs and attachments alike.

    A session whose user has an authenticator reaches only the code step and sign-out until
    this session has passed a code, however it was signed in (the app's sign-in, the admin's,
    single sign-on, ``force_login``); one whose role requires two-factor reaches only
    enrolment and sign-out until they enrol.

    Runs after the session middleware, so it sees browser sessions only: a script's bearer
    token is checked later, by the API view, and is not stopped here. A token can only be
    created from a session that passed this check (or by another token).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path_info.startswith("/static/"):
            state = twofactor.gate(request)
            if state is not None and not self.allowed(request, state):
                return self.refuse(request, state)
        return self.get_response(request)

    @staticmethod
    def allowed(request, state) -> bool:
        # By URL name, not by path: a reversed path carries the script prefix, path_info does not.
        names = CODE_STEP_URL_NAMES if state == twofactor.VERIFY else ENROLMENT_URL_NAMES
        try:
            return resolve(request.path_info).view_name in names
        except Resolver404:
            return False

    @staticmethod
    def refuse(request, state):
        # The API's own documentation page is read in a browser: send it to the code step too.
        if request.path_info.startswith("/api/") and request.path_info != reverse("api:docs"):
            code, message = MESSAGES[state]
            return error_response(403, message, code)
        if state == twofactor.VERIFY:
            return redirect(f"{reverse('login_two_factor')}?{urlencode({'next': request.get_full_path()})}")
        return redirect("accounts:two_factor_enable")
