"""Response headers every answer gets, decided in one place (issue 12).

- ``Permissions-Policy`` on every answer: the app uses no camera, microphone, location,
  payment, USB or other device API, so no page (nor anything framed or injected into one)
  may ask the browser for them.
- ``Cache-Control: no-store`` (Django's never-cache headers) on everything that belongs to
  a signed-in user: pages seen with a session, every ``/api/`` answer, and every download
  (exports, PDFs, attachments). A shared proxy or the browser's disk cache must not keep
  them. Static files are left alone: they are public and cached on purpose.

Installed right after SecurityMiddleware, outside WhiteNoise, so static files get the
policy header too.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

# Browser features the app never uses; "()" allows them to no origin at all.
DENIED_FEATURES = (
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


def private(request, response) -> bool:
    """Is this answer for one user only (so no cache may keep it)?"""
    if request.path_info.startswith("/api/"):
        return True
    if response.get("Content-Disposition", "").startswith("attachment"):
        return True
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if private(request, response):
            add_never_cache_headers(response)
        return response
