from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts import twofactor

# Still reachable for a user who must enrol: the enrolment itself and signing out.
ENROLMENT_URL_NAMES = ("accounts:two_factor", "accounts:two_factor_enable", "logout")


class TwoFactorPolicyMiddleware:
    """Send a signed-in user whose role requires two-factor to enrolment until they enrol.

    Runs after the session middleware, so it sees browser sessions only: a script's bearer
    token is checked later, by the API view, and is not stopped here. A token could only be
    created from a session that had passed this check, and the tokens page is behind it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self.blocked(request) and twofactor.must_enrol(request):
            if request.path_info.startswith("/api/"):
                message = "Your role requires two-factor sign-in: enrol on the two-factor page first."
                return JsonResponse(
                    {
                        "detail": message,
                        "errors": [{"field": None, "message": message, "code": "two_factor_required"}],
                    },
                    status=403,
                )
            return redirect("accounts:two_factor_enable")
        return self.get_response(request)

    @staticmethod
    def blocked(request) -> bool:
        allowed = {reverse(name) for name in ENROLMENT_URL_NAMES}
        return request.path_info not in allowed and not request.path_info.startswith("/static/")
