"""``/api/signals/``: the vendors' signals (read, confirm or dismiss) and the alerting webhook.

``GET`` lists and reads signals like any record (role: view). ``POST /api/signals/`` is the
webhook: no token or session, the body's HMAC signature instead (vendors/signals/webhook.py).
``POST /api/signals/{id}/review/`` confirms or dismisses one (role: change).
"""

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from common.rest.history import HistoryActionMixin
from common.rest.permissions import RoleModelPermissions
from common.rest.viewsets import ReadOnlyRecordViewSet
from vendors.models import Signal
from vendors.signals import webhook
from vendors.signals.serializers import SignalReviewSerializer, SignalSerializer, WebhookResultSerializer


class WebhookRefused(exceptions.APIException):
    def __init__(self, refusal: webhook.WebhookRefused):
        self.status_code = refusal.status
        super().__init__(str(refusal), code="webhook_refused")


class ReviewPermission(RoleModelPermissions):
    """Confirming or dismissing changes the signal's status: ``change_signal``."""

    perms_map = {**RoleModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}


class SignalFilter(django_filters.FilterSet):
    vendor__slug = django_filters.CharFilter(field_name="vendor__slug")

    class Meta:
        model = Signal
        fields = {
            "vendor": ["exact"],
            "kind": ["exact"],
            "severity": ["exact"],
            "source": ["exact"],
            "status": ["exact"],
            "ransomware": ["exact"],
            "occurred_on": ["gte", "lte"],
        }


class SignalViewSet(HistoryActionMixin, ReadOnlyRecordViewSet):
    """A vendor's signals, newest first: filter by ``vendor`` (id) or ``vendor__slug`` for its timeline."""

    queryset = Signal.objects.select_related("vendor", "product")
    serializer_class = SignalSerializer
    filterset_class = SignalFilter
    search_fields = ["title", "summary", "external_id", "vendor__name", "product_name"]
    ordering_fields = ["occurred_on", "first_seen", "severity"]
    ordering = ["-occurred_on", "-pk"]

    def initialize_request(self, request, *args, **kwargs):
        # The webhook (POST on the list) signs its body instead of signing in.
        self.is_webhook = getattr(self, "action_map", {}).get(request.method.lower()) == "create"
        return super().initialize_request(request, *args, **kwargs)

    def get_authenticators(self):
        return [] if getattr(self, "is_webhook", False) else super().get_authenticators()

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        if self.action == "review":
            return [ReviewPermission()]
        return super().get_permissions()

    @extend_schema(
        request={"application/json": {"type": "object"}},
        responses={201: WebhookResultSerializer, 202: WebhookResultSerializer},
        parameters=[
            OpenApiParameter(
                webhook.SIGNATURE_HEADER,
                location=OpenApiParameter.HEADER,
                required=True,
                description="sha256=<hex HMAC-SHA256 of the exact body with the shared secret>",
            )
        ],
        summary="Webhook: an alerting service pushes one signal (HMAC-signed body)",
        auth=[],
    )
    def create(self, request, *args, **kwargs):
        try:
            report = webhook.receive(request.body, request.headers.get(webhook.SIGNATURE_HEADER, ""))
        except webhook.WebhookRefused as refusal:
            raise WebhookRefused(refusal) from None
        signal = report.signals[0] if report.signals else None
        data = {"added": report.added, "queued": report.queued, "signal": signal.pk if signal else None}
        if signal:
            data["detail"] = f"Saved as signal {signal.pk} of {signal.vendor.name}."
        elif report.queued:
            data["detail"] = (
                "The vendor matched no vendor we track, or several: the entry waits in the review queue."
            )
        else:
            data["detail"] = "Already known: nothing added."
        return Response(data, status=status.HTTP_201_CREATED if signal else status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=SignalReviewSerializer, responses=SignalSerializer, summary="Confirm or dismiss a signal"
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        signal = self.get_object()
        serializer = SignalReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal.review(serializer.validated_data["status"], serializer.validated_data["reason"], request.user)
        return Response(SignalSerializer(signal, context=self.get_serializer_context()).data)
