"""Invitations through the API (explicit fields). Never the token nor its hash: the link is in
the answer to the POST that made the invitation, and nowhere else."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.rest.serializers import username
from evaluator.models import Invitation, InvitationState
from evaluator.models.portal import DEFAULT_GRACE_DAYS
from evaluator.portal.invitations import MAX_GRACE_DAYS


class InvitationSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField(
        help_text="The current state: revocation and expiry applied (sent, opened, in_progress, "
        "submitted, expired, revoked)."
    )
    valid_until = serializers.SerializerMethodField(
        help_text="The last day the link opens the portal: the deadline plus the grace days."
    )
    expires_at = serializers.DateTimeField(
        read_only=True, help_text="When the link stops working: the end of the valid_until day."
    )
    invited_by = username("invited_by")
    revoked_by = username("revoked_by")

    class Meta:
        model = Invitation
        fields = [
            "id",
            "response",
            "campaign",
            "email",
            "deadline",
            "grace_days",
            "valid_until",
            "expires_at",
            "message",
            "require_code",
            "state",
            "invited_by",
            "opened_at",
            "last_activity_at",
            "submitted_at",
            "revoked_at",
            "revoked_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=InvitationState.choices))
    def get_state(self, invitation) -> str:
        return str(invitation.current_state(self.context.get("now")))

    @extend_schema_field(OpenApiTypes.DATE)
    def get_valid_until(self, invitation) -> str:
        return invitation.valid_until.isoformat()


class InvitationCreatedSerializer(InvitationSerializer):
    link = serializers.URLField(
        read_only=True,
        help_text="The portal link. Shown in this answer only (and e-mailed to the contact): only its "
        "SHA-256 is kept, so no later call can return it.",
    )

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "link"]
        read_only_fields = fields


class InvitationCreateSerializer(serializers.Serializer):
    """What POST /api/invitations/ takes; ``invitations.invite`` checks the rest (past deadline,
    grace period, a response that cannot be answered now) and its errors come back per field."""

    response = serializers.IntegerField(
        min_value=1,
        help_text="The response the contact answers. One you cannot see answers 404, as an unknown id does.",
    )
    email = serializers.EmailField(max_length=254)
    deadline = serializers.DateField(help_text="The date the answers are due; today or later.")
    grace_days = serializers.IntegerField(
        min_value=0,
        max_value=MAX_GRACE_DAYS,
        default=DEFAULT_GRACE_DAYS,
        help_text="How long after the deadline the link still works.",
    )
    message = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000, help_text="Added to the e-mail."
    )
    require_code = serializers.BooleanField(
        default=False,
        help_text="Ask for a one-time code e-mailed to the contact when the link is first opened.",
    )


class RevokedSerializer(InvitationSerializer):
    detail = serializers.CharField(
        read_only=True, help_text="What the call did (revoked, or already revoked)."
    )

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "detail"]
        read_only_fields = fields
