from drf_spectacular.authentication import SessionScheme as DrfSessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A key from the API tokens page (or POST /api/tokens/), sent as 'Authorization: Bearer <key>'.",
        }


class SessionScheme(DrfSessionScheme):
    """The browser session, as drf-spectacular documents DRF's own (the subclass only renames a code)."""

    target_class = "accounts.authentication.SessionAuthentication"
