"""No lost updates: versions, ETags, If-Match and a conditional UPDATE.

Every writable record has a ``version`` (common.models.TrackedModel). A
client names the version it read, in ``If-Match: "<version>"`` or in the body's
``version``; if the record has moved on, the answer is 412 and nothing
changes. Without either, the update still applies only to the version read
at the start of the request. The check is a conditional UPDATE
(``... WHERE pk = %s AND version = %s``) inside the same transaction as the
save: the database serialises the two writers, so it holds on SQLite (no
``select_for_update``) and on PostgreSQL alike.
"""

from django.db import transaction
from rest_framework import exceptions, status

from common import models as base

UNSAFE_WITH_VERSION = ("PUT", "PATCH", "DELETE")


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "This record was changed by someone else since you read it; read it again."
    default_code = "stale_version"

    def __init__(self, current_version: int, detail=None):
        super().__init__(detail)
        self.extra = {"current_version": current_version}


def etag_for(instance) -> str:
    return f'"{instance.version}"'


def versions_in_if_match(header: str) -> set[str] | None:
    """The versions an If-Match header accepts; None for '*' (any)."""
    tags = {tag.strip() for tag in header.split(",") if tag.strip()}
    if "*" in tags:
        return None
    return {tag.removeprefix("W/").strip('"') for tag in tags}


def claim_version(instance) -> None:
    """common.models.claim_version, answering 412 when the record moved on."""
    try:
        base.claim_version(instance)
    except base.StaleVersion as stale:
        raise PreconditionFailed(current_version=stale.current_version) from None


class OptimisticLockingMixin:
    """For ModelViewSets over TrackedModel: ETag on reads and writes, 412 on stale writes."""

    def is_versioned(self) -> bool:
        return hasattr(self.get_queryset().model, "version")

    def get_object(self):
        instance = super().get_object()
        self._etag_instance = instance
        if self.request.method in UNSAFE_WITH_VERSION and self.is_versioned():
            self.check_precondition(instance)
        return instance

    def check_precondition(self, instance) -> None:
        header = self.request.headers.get("If-Match")
        if header is not None:
            accepted = versions_in_if_match(header)
            if accepted is not None and str(instance.version) not in accepted:
                raise PreconditionFailed(current_version=instance.version)
        data = self.request.data
        body_version = data.get("version") if hasattr(data, "get") else None
        # A version that is not even a number is left to the serializer's 400.
        stale = body_version is not None and str(body_version) != str(instance.version)
        if stale and str(body_version).strip().isdigit():
            raise PreconditionFailed(current_version=instance.version)

    def perform_create(self, serializer):
        serializer.validated_data.pop("version", None)
        super().perform_create(serializer)
        self._etag_instance = serializer.instance

    def perform_update(self, serializer):
        serializer.validated_data.pop("version", None)
        if not self.is_versioned():
            return super().perform_update(serializer)
        with transaction.atomic():
            claim_version(serializer.instance)
            # save() adds one to the version we read, writing the number just claimed.
            super().perform_update(serializer)
        return None

    def perform_destroy(self, instance):
        if not self.is_versioned():
            return super().perform_destroy(instance)
        with transaction.atomic():
            claim_version(instance)
            super().perform_destroy(instance)
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        instance = getattr(self, "_etag_instance", None)
        if (
            instance is not None
            and request.method != "DELETE"
            and 200 <= response.status_code < 300
            and getattr(instance, "version", None) is not None
        ):
            response["ETag"] = etag_for(instance)
        return response
