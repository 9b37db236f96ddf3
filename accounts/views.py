"""The API tokens page: a signed-in user creates (key shown once) and revokes their own tokens.

Tokens are personal, so any signed-in user may manage their own; another
user's token answers 404.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from accounts.forms import ApiTokenForm
from accounts.models import ApiToken

TEMPLATE = "accounts/tokens.html"


@method_decorator(never_cache, name="dispatch")
class TokenListView(View):
    def get(self, request):
        return self.render(request, ApiTokenForm())

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        token, key = ApiToken.issue(request.user, form.cleaned_data["name"])
        # Rendered, not redirected: the key must not travel through the session or a URL.
        return self.render(request, ApiTokenForm(), new_token=token, new_key=key, status=201)

    def render(self, request, form, status=200, **extra):
        tokens = ApiToken.objects.filter(user=request.user)
        context = {"form": form, "tokens": tokens, "token_days": settings.API_TOKEN_DAYS, **extra}
        return render(request, TEMPLATE, context, status=status)


class TokenRevokeView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        token.revoke()
        messages.success(request, f"Token “{token.name}” revoked; it no longer works.")
        return redirect("accounts:tokens")
