"""The address a request came from, as sign-in protection must see it.

Behind our reverse proxy REMOTE_ADDR is the proxy itself, so every visitor
would share one address. nginx appends the address it saw to
X-Forwarded-For; counting ``PROXY_COUNT`` entries from the right gives the
client as seen by our outermost proxy. Entries further left were written by
the client and can be forged, so they are never trusted.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    remote_addr = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < settings.PROXY_COUNT:
        return remote_addr
    return forwarded[-settings.PROXY_COUNT]
