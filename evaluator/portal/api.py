"""Invitations through the API: invite a vendor contact to a response, list and read
invitations, revoke one. The same service as the response page (``invitations.invite``,
``invitations.revoke``) and the same e-mail.

The raw token, as a ``link``, is in the 201 answer to the POST that made the invitation and
nowhere else; lists and details carry neither it nor its hash. Revoking is idempotent: a
second call answers 200 and says it was already revoked. Invitations of a response you
cannot see do not exist for you (404), whether you read them or invite to that response.
"""

import logging
import smtplib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from common.rest.errors import ErrorSerializer
from common.rest.viewsets import RecordViewSet
from evaluator.models import Invitation, Response
from evaluator.portal import invitations
from evaluator.portal import serializers as invitation_serializers
from evaluator.portal.emails import portal_link, send_invitation
from evaluator.responses.answers_api import ChangePermission

log = logging.getLogger(__name__)

FIELDS = {"response", "email", "deadline", "grace_days", "message", "require_code"}


class MailUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = (
        "The invitation e-mail could not be sent, so no invitation was made. Retry later, or tell the "
        "administrator (the mail server refused or did not answer)."
    )
    default_code = "mail_unavailable"


@extend_schema_view(
    list=extend_schema(summary="Invitations of the responses you can see (filter with ?response=<id>)"),
    retrieve=extend_schema(summary="One invitation: state, deadline, activity (never the link)"),
)
class InvitationViewSet(RecordViewSet):
    """Vendor-portal invitations. ``state`` is the current one (revocation and expiry applied)."""

    queryset = Invitation.objects.select_related("invited_by", "revoked_by")
    serializer_class = invitation_serializers.InvitationSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = {"response": ["exact"], "email": ["exact"], "campaign": ["exact"]}
    search_fields = ["email"]
    ordering_fields = ["created_at", "deadline", "last_activity_at"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    @extend_schema(
        request=invitation_serializers.InvitationCreateSerializer,
        responses={
            201: invitation_serializers.InvitationCreatedSerializer,
            503: OpenApiResponse(ErrorSerializer, description="The e-mail could not be sent; nothing saved."),
        },
        summary="Invite a vendor contact to answer a response; the answer carries the link, once",
    )
    def create(self, request, *args, **kwargs):
        given = invitation_serializers.InvitationCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        response = (
            Response.objects.visible_to(request.user)
            .select_related("vendor", "questionnaire")
            .filter(pk=data["response"])
            .first()
        )
        if response is None:
            raise exceptions.NotFound("There is no response with this id that you can see.")
        try:
            with transaction.atomic():  # no invitation without its e-mail
                invitation, token = invitations.invite(
                    response,
                    data["email"],
                    data["deadline"],
                    request.user,
                    grace_days=data["grace_days"],
                    message=data["message"],
                    require_code=data["require_code"],
                )
                send_invitation(invitation, token)
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {
                    field if field in FIELDS else "non_field_errors": problems
                    for field, problems in error.message_dict.items()
                }
            ) from None
        except (smtplib.SMTPException, OSError) as error:
            log.warning("Invitation e-mail to %s could not be sent: %s", data["email"], error)
            raise MailUnavailable() from None
        invitation = self._etag_instance = self.get_queryset().get(pk=invitation.pk)
        invitation.link = portal_link(token)
        body = invitation_serializers.InvitationCreatedSerializer(invitation).data
        location = reverse("api:invitation-detail", args=[invitation.pk])
        return ApiResponse(body, status=status.HTTP_201_CREATED, headers={"Location": location})

    @extend_schema(
        request=None,
        responses={200: invitation_serializers.RevokedSerializer},
        summary="Revoke an invitation: the link stops working (idempotent: 200 again, saying so)",
    )
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def revoke(self, request, pk=None):
        invitation = self.get_object()
        self.check_precondition(invitation)
        if invitation.revoked_at:
            by = f" by {invitation.revoked_by.username}" if invitation.revoked_by else ""
            detail = f"Already revoked on {invitation.revoked_at:%Y-%m-%d %H:%M}{by}; nothing changed."
        else:
            invitations.revoke(invitation, request.user)
            detail = "Revoked: the link no longer opens the portal."
        invitation = self._etag_instance = self.get_queryset().get(pk=invitation.pk)
        invitation.detail = detail
        return ApiResponse(invitation_serializers.RevokedSerializer(invitation).data)
