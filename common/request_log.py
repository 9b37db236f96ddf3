"""One JSON line per request on the ``tracker.requests`` logger (issue 16).

Fields: ``method``, ``path`` (never the query string; the segments after ``/respond/``, which
will hold vendor portal tokens, are masked), ``status``, ``duration_ms``, ``user_id`` (or
null), ``request_id`` and, when the scoring results were asked for, ``cache`` (hit or miss per
part). Never a header, cookie, token or body. The request id is the load balancer's
``X-Request-ID`` when it sent a plausible one, otherwise a new one; it is echoed in the answer's
``X-Request-ID`` so a user's report can be found in the log. The answer also carries a
``Server-Timing`` header (``app`` in ms, and ``results`` with hit or miss), which browsers
show in their developer tools.
"""

import json
import logging
import re
import time
import uuid

from common import timing

logger = logging.getLogger("tracker.requests")

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Everything after /respond/ is a bearer secret in the path (the vendor portal's link).
MASKED_PREFIXES = ("/respond/",)


def masked_path(path: str) -> str:
    for prefix in MASKED_PREFIXES:
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            return prefix + "/".join("*" if segment else "" for segment in rest.split("/"))
    return path


def request_id(request) -> str:
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    return offered if _REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


def user_id(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return user.pk


_IN_TEXT = re.compile(r"(/respond/)([^\s\"'?#]*)")


def mask_text(text: str) -> str:
    """Every /respond/... path in a log message, masked as masked_path() does."""
    return _IN_TEXT.sub(lambda match: masked_path(match.group(1) + match.group(2)), text)


class MaskPortalTokens(logging.Filter):
    """On the log handlers: Django's own lines ("Not Found: /respond/<token>/") mask it too."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/respond/" in message:
            record.msg, record.args = mask_text(message), ()
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id(request)
        token = timing.start()
        try:
            response = self.get_response(request)
            notes = timing.notes()
        finally:
            timing.reset(token)
        duration_ms = (time.perf_counter() - started) * 1000
        response.headers.setdefault("X-Request-ID", request.request_id)
        header = f"app;dur={duration_ms:.1f}"
        if notes:
            header += ", " + timing.server_timing(notes)
        response.headers["Server-Timing"] = header
        if logger.isEnabledFor(logging.INFO):
            line = {
                "method": request.method,
                "path": masked_path(request.path),
                "status": response.status_code,
                "duration_ms": round(duration_ms, 1),
                "user_id": user_id(request),
                "request_id": request.request_id,
            }
            if notes:
                line["cache"] = {note.name: "hit" if note.hit else "miss" for note in notes}
            logger.info(json.dumps(line, separators=(",", ":")))
        return response
