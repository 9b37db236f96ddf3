"""One JSON error shape for every API error: which field, and why.

    {"detail": "…", "errors": [{"field": "founded", "message": "…", "code": "max_value"}]}

``field`` is null for errors about the request as a whole (authentication,
permissions, a stale version); nested fields are joined with dots
(``changes.0.reason``).

Errors DRF never sees answer in the same shape under ``/api/``: Django's own 400 (a
body over DATA_UPLOAD_MAX_MEMORY_SIZE becomes 413), 403, 404 and 500 handlers
(config/urls.py) and the CSRF failure view (CSRF_FAILURE_VIEW). Elsewhere they are
Django's HTML pages, as before.
"""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.views import csrf as csrf_views
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD_KEYS = {"non_field_errors", "__all__"}


class DatabaseBusy(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is busy with another change; nothing was saved. Retry in a moment."
    default_code = "database_busy"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than the server accepts (DJANGO_MAX_UPLOAD_BYTES)."
    default_code = "request_too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The change conflicts with data already recorded."
    default_code = "conflict"


def flatten_errors(data, path: str = ""):
    """Yield (field, message, code) for every message in DRF's nested error data."""
    if isinstance(data, dict):
        for key, value in data.items():
            key = "" if key in NON_FIELD_KEYS else str(key)
            yield from flatten_errors(value, f"{path}.{key}" if path and key else path or key)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, dict | list):
                yield from flatten_errors(item, f"{path}.{index}" if path else str(index))
            else:
                yield from flatten_errors(item, path)
    else:
        yield (path or None, str(data), getattr(data, "code", None) or "invalid")


def error_body(exc: exceptions.APIException, data) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        errors = [{"field": f, "message": m, "code": c} for f, m, c in flatten_errors(data)]
        fields = sorted({e["field"] for e in errors if e["field"]})
        detail = "The request was not accepted"
        detail += f"; see the errors for: {', '.join(fields)}." if fields else ": " + errors[0]["message"]
        return {"detail": detail, "errors": errors}
    detail = data.get("detail", "") if isinstance(data, dict) else str(data)
    code = getattr(detail, "code", None) or exc.default_code
    body = {"detail": str(detail), "errors": [{"field": None, "message": str(detail), "code": code}]}
    extra = getattr(exc, "extra", None)
    if extra:
        body.update(extra)
    return body


def error_response(status_code: int, message: str, code: str, **headers) -> JsonResponse:
    """The one error body for answers made outside DRF (middleware, Django's error handlers)."""
    body = {"detail": message, "errors": [{"field": None, "message": message, "code": code}]}
    return JsonResponse(body, status=status_code, headers=headers or None)


def api_exception_handler(exc, context):
    """DRF's handler, plus Django's own exceptions, reshaped into the one error body."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict("Other records still refer to this one; remove or move them first.")
    elif isinstance(exc, IntegrityError):
        exc = Conflict("The change conflicts with data already recorded (a duplicate or a broken rule).")
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, OperationalError) and "locked" in str(exc):
        # SQLite: another writer held the lock past the busy timeout. The transaction rolled back.
        exc = DatabaseBusy()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = error_body(exc, response.data)
    if isinstance(exc, DatabaseBusy):
        response["Retry-After"] = "1"
    return response


# --- Django's own error answers, JSON under /api/ ---------------------------------------------


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception):
    if not is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return error_response(413, RequestTooLarge.default_detail, RequestTooLarge.default_code)
    return error_response(400, "The request was not understood.", "bad_request")


def permission_denied(request, exception):
    if not is_api(request):
        return defaults.permission_denied(request, exception)
    message = exceptions.PermissionDenied.default_detail
    return error_response(403, str(message), "permission_denied")


def page_not_found(request, exception):
    if not is_api(request):
        return defaults.page_not_found(request, exception)
    return error_response(404, "There is no API endpoint at this address; see /api/docs/.", "not_found")


def server_error(request):
    if not is_api(request):
        return defaults.server_error(request)
    message = "Something went wrong on the server; nothing is known to have changed. Retry, or report it."
    return error_response(500, message, "server_error")


def csrf_failure(request, reason=""):
    if not is_api(request):
        return csrf_views.csrf_failure(request, reason=reason)
    return error_response(403, f"CSRF check failed: {reason}", "csrf_failed")


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="The field at fault, dotted for nested data.")
    message = serializers.CharField()
    code = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    detail = serializers.CharField()
    errors = ErrorItemSerializer(many=True)
    current_version = serializers.IntegerField(
        required=False, help_text="On 412 only: the version now on record."
    )
