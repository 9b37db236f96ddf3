"""/api/tokens/: a user lists, creates and revokes their own API tokens."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from accounts import twofactor
from accounts.models import ApiToken
from common.rest.errors import ErrorSerializer


class TwoFactorRequired(exceptions.PermissionDenied):
    default_detail = (
        "Your role requires two-factor sign-in: enrol on the two-factor page before creating tokens."
    )
    default_code = "two_factor_required"


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
        read_only_fields = ["prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
        extra_kwargs = {
            "expires_at": {
                "help_text": "The token stops working at this moment (DJANGO_API_TOKEN_DAYS after it was made)."
            }
        }

    def validate_name(self, value):
        value = value.strip()
        if not value:
            raise serializers.ValidationError("Say what the token is for.")
        return value


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="Shown this once; only its hash is stored.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your own API tokens. Every signed-in user may have them; nobody sees another's."""

    permission_classes = [IsAuthenticated]
    serializer_class = ApiTokenSerializer
    throttle_scope = "api_tokens"
    filterset_fields = []
    search_fields = ["name"]
    ordering_fields = ["created_at", "name"]
    ordering = ["-created_at", "-pk"]

    queryset = ApiToken.objects.none()
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=self.request.user)

    def get_throttles(self):
        # Minting keys is what a stolen session would abuse; reading the list is harmless.
        return [ScopedRateThrottle()] if self.action == "create" else []

    @extend_schema(
        responses={
            201: ApiTokenCreatedSerializer,
            403: OpenApiResponse(
                ErrorSerializer,
                description="Your role requires two-factor sign-in and you have not enrolled.",
            ),
            429: OpenApiResponse(ErrorSerializer, description="Too many tokens created; wait and retry."),
        }
    )
    def create(self, request, *args, **kwargs):
        # A token made before a role policy still works, but cannot be used to mint more.
        if twofactor.required_for(request.user) and not twofactor.has_two_factor(request.user):
            raise TwoFactorRequired()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = ApiToken.issue(request.user, serializer.validated_data["name"])
        token.key = key
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(description="Revoke the token: it stops working at once and stays listed as revoked.")
    def destroy(self, request, *args, **kwargs):
        self.get_object().revoke()
        return Response(status=status.HTTP_204_NO_CONTENT)
