"""Who may open a portal page: the token in the path, never a login.

Every portal view goes through ``PortalMixin.dispatch``, which in this order

1. counts the request against the client address (``config/client_ip.py``) and refuses with 429
   once the address has sent too many requests, or too many unknown or dead links;
2. finds the invitation by its token: unknown → 404, revoked or expired → 410, both with the
   same plain page (the body never says whether the token existed);
3. counts the request against the token (a generous cap: a script holding a link cannot hammer);
4. for an invitation that requires a one-time code, sends the visitor to the code page unless
   this browser's session has verified one (``session[SESSION_KEY]`` lists the invitations);
5. marks the first successful open.

The visitor is never ``request.user``: the view replaces it with an anonymous user, so a staff
member who opens a vendor's link in a signed-in browser neither acts as themselves nor has their
name written into the history. Forms post under ``PortalCsrfMiddleware``'s check (below). Every
answer carries ``Referrer-Policy: no-referrer`` (the token
must not leak to another site in a Referer header) and ``Cache-Control: no-store``.

Counters live in the Django cache (shared by every server when REDIS_URL is set), in fixed
windows: ``cache.add`` then ``cache.incr``, both atomic in Redis and in the local-memory cache.
"""

import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import Http404
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import decorator_from_middleware, method_decorator
from django.views.decorators.csrf import csrf_exempt

from config.client_ip import client_ip
from evaluator.models import Invitation, InvitationState
from evaluator.portal import invitations

SESSION_KEY = "portal_invitations"
INVALID_TEXT = "This link is not valid any more or never was. Ask the person who invited you for a new one."
# (requests, seconds): settings.PORTAL_RATE_LIMITS may override each entry.
DEFAULT_LIMITS = {
    "ip": (600, 600),  # every portal request from one address
    "bad_token": (30, 600),  # unknown, revoked or expired links from one address
    "token": (300, 600),  # every request with one (valid) token
    "code_send": (5, 3600),  # one-time codes sent for one invitation
}


def limit(scope: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "PORTAL_RATE_LIMITS", {})}[scope]


def _key(scope: str, ident: str, window: int) -> str:
    return f"portal-rate:{scope}:{ident}:{int(time.time() // window)}"


def hits(scope: str, ident: str) -> int:
    """How many times ``ident`` was counted in ``scope``'s current window."""
    _, window = limit(scope)
    return cache.get(_key(scope, ident, window), 0)


def count(scope: str, ident: str) -> int:
    """Count one hit and return the window's total."""
    _, window = limit(scope)
    key = _key(scope, ident, window)
    cache.add(key, 0, window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        return 1


def forget(scope: str, ident: str) -> None:
    """Drop ``ident``'s count in ``scope``'s current window (tests, and support unblocking)."""
    cache.delete(_key(scope, ident, limit(scope)[1]))


def over(scope: str, ident: str) -> bool:
    return hits(scope, ident) >= limit(scope)[0]


def no_store(response):
    """The headers every portal answer carries (set here, not left to the site defaults)."""
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


def plain_page(request, template: str, status: int, **context):
    return no_store(render(request, f"portal/{template}", context, status=status))


def invalid_link(request, status: int):
    """The one page for an unknown (404), revoked or expired (410) link: the same body."""
    return plain_page(request, "invalid.html", status, text=INVALID_TEXT)


def too_many(request):
    response = plain_page(request, "too_many.html", 429)
    response["Retry-After"] = str(limit("bad_token")[1])
    return response


def locked_page(request, invitation: Invitation):
    until = timezone.localtime(invitation.locked_until)
    response = plain_page(request, "locked.html", 429, until=until)
    response["Retry-After"] = str(max(1, int((invitation.locked_until - timezone.now()).total_seconds())))
    return response


def verified(request, invitation: Invitation) -> bool:
    return invitation.pk in request.session.get(SESSION_KEY, [])


def mark_verified(request, invitation: Invitation) -> None:
    request.session.cycle_key()  # a new session id once the code is proven
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), invitation.pk]


def mark_opened(invitation: Invitation) -> None:
    """The first successful open: state "opened" (once; a later state is kept)."""
    now = timezone.now()
    if Invitation.objects.filter(pk=invitation.pk, state=InvitationState.SENT).update(
        state=InvitationState.OPENED, opened_at=now
    ):
        invitation.state, invitation.opened_at = InvitationState.OPENED, now
        invitations.record(invitation, "opened")


class PortalCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, also accepting the portal's own forms: under ``no-referrer``, browsers
    send ``Origin: null`` on a same-origin form post. Such a post is accepted only when the
    browser itself says it is same-origin (``Sec-Fetch-Site``, which no page script can set);
    the CSRF token is checked as everywhere else."""

    def _origin_verified(self, request):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            return True
        return super()._origin_verified(request)


portal_csrf = decorator_from_middleware(PortalCsrfMiddleware)


class PortalMixin:
    """Resolves ``self.invitation`` and ``self.response`` from the token, or answers the refusal."""

    # The code page itself must open before a code has been verified.
    needs_code = True

    # The site-wide CSRF middleware steps aside for PortalCsrfMiddleware (see above).
    @method_decorator([login_not_required, csrf_exempt, portal_csrf])
    def dispatch(self, request, *args, **kwargs):
        request.user = AnonymousUser()  # the token is the only credential here
        address = client_ip(request) or "unknown"
        if count("ip", address) > limit("ip")[0] or over("bad_token", address):
            return too_many(request)
        invitation = invitations.find_by_token(kwargs["token"])
        if invitation is None or not invitation.is_usable():
            count("bad_token", address)
            return invalid_link(request, 404 if invitation is None else 410)
        if count("token", invitation.token_hash) > limit("token")[0]:
            return too_many(request)
        self.invitation, self.response = invitation, invitation.response
        self.token = kwargs["token"]
        if invitation.require_code and self.needs_code and not verified(request, invitation):
            return no_store(redirect("portal:code", self.token))
        if not invitation.require_code:
            mark_opened(invitation)
        try:
            answer = super().dispatch(request, *args, **kwargs)
        except Http404:  # e.g. a section of another questionnaire: the portal's own plain page
            answer = plain_page(request, "not_found.html", 404, token=self.token)
        return no_store(answer)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            invitation=self.invitation,
            response=self.response,
            token=self.token,
            editable=self.response.is_editable,
            status=self.response.status,
        )
        return context
