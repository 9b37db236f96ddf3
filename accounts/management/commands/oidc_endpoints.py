import requests
from django.core.management.base import BaseCommand, CommandError

WELL_KNOWN = "/.well-known/openid-configuration"
# Discovery field -> the variable config/settings.py reads.
VARIABLES = {
    "authorization_endpoint": "DJANGO_OIDC_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "DJANGO_OIDC_TOKEN_ENDPOINT",
    "userinfo_endpoint": "DJANGO_OIDC_USERINFO_ENDPOINT",
    "jwks_uri": "DJANGO_OIDC_JWKS_ENDPOINT",
}


class Command(BaseCommand):
    help = (
        "Read an OpenID Connect provider's discovery document and print the DJANGO_OIDC_* endpoint "
        "lines for the environment file. Run once when setting up single sign-on: the app itself "
        "never fetches the document, so it starts even when the provider is unreachable."
    )

    def add_arguments(self, parser):
        parser.add_argument("issuer", help="The provider's issuer URL, or its full discovery URL.")

    def handle(self, *args, issuer, **options):
        url = issuer if issuer.rstrip("/").endswith(WELL_KNOWN) else issuer.rstrip("/") + WELL_KNOWN
        try:
            response = requests.get(url, timeout=10)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise CommandError(f"Could not read {url}: {exc}") from None
        missing = [field for field in VARIABLES if not document.get(field)]
        if missing:
            raise CommandError(f"{url} does not name: {', '.join(missing)}.")
        for field, variable in VARIABLES.items():
            self.stdout.write(f"{variable}={document[field]}")
        algorithms = document.get("id_token_signing_alg_values_supported") or ["RS256"]
        self.stdout.write(f"DJANGO_OIDC_SIGN_ALGO={'RS256' if 'RS256' in algorithms else algorithms[0]}")
