"""Single sign-on with an OpenID Connect provider, configured from the environment; no network needed.

The provider is faked at the HTTP boundary: its token and userinfo answers are patched into
mozilla-django-oidc's requests calls, and the ID token is a real HS256 JWT, so the library's
signature, nonce and PKCE handling run as in production.
"""

import io
import subprocess
import sys
import time
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.accounts.twofactor_helpers import app_code, code_step, enrol
from tests.factories import UserFactory
from tests.test_deploy_settings import ROOT, production_env

PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_PROVIDER_NAME": "Acme ID",
    "OIDC_RP_CLIENT_ID": "vendor-tracker",
    "OIDC_RP_CLIENT_SECRET": "s3cret-shared-with-the-provider-0123456789",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://id.example.org/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://id.example.org/token",
    "OIDC_OP_USER_ENDPOINT": "https://id.example.org/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://id.example.org/jwks",
    # HS256 lets the test sign ID tokens with the client secret; production uses RS256 and the JWKS.
    "OIDC_RP_SIGN_ALGO": "HS256",
}


@pytest.fixture
def provider(settings):
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "accounts.oidc.ProviderBackend"]
    return settings


def answer(payload):
    response = mock.Mock(status_code=200, headers={"content-type": "application/json"})
    response.json.return_value = payload
    response.raise_for_status.return_value = None
    return response


def sign_in_with_provider(client, claims, next_url=""):
    """Run the whole code flow: our redirect to the provider, then its redirect back to us."""
    start = client.get(reverse("accounts:oidc_login") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    query = parse_qs(urlparse(start["Location"]).query)
    id_token = jwt.encode(
        {
            "iss": "https://id.example.org",
            "aud": PROVIDER["OIDC_RP_CLIENT_ID"],
            "sub": "abc-123",
            "nonce": query["nonce"][0],
            "exp": int(time.time()) + 300,
        },
        PROVIDER["OIDC_RP_CLIENT_SECRET"],
        algorithm="HS256",
    )
    with (
        mock.patch("mozilla_django_oidc.auth.requests.post") as post,
        mock.patch("mozilla_django_oidc.auth.requests.get") as get,
    ):
        post.return_value = answer({"id_token": id_token, "access_token": "at-1", "token_type": "Bearer"})
        get.return_value = answer(claims)
        response = client.get(
            reverse("accounts:oidc_callback"), {"code": "code-1", "state": query["state"][0]}
        )
    token_request = post.call_args.kwargs["data"]
    assert token_request["code"] == "code-1"
    assert token_request["code_verifier"]  # PKCE
    assert token_request["redirect_uri"] == "http://testserver/accounts/oidc/callback/"
    return response


CLAIMS = {
    "sub": "abc-123",
    "email": "nina.newcomer@example.org",
    "email_verified": True,
    "preferred_username": "nina",
    "given_name": "Nina",
    "family_name": "Newcomer",
}


def test_without_configuration_there_is_no_button_and_no_sso_url(db):
    client = Client()
    assert "Sign in with" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_with_a_provider_the_sign_in_page_offers_it(provider, db):
    page = Client().get(reverse("login") + "?next=/vendors/").content.decode()
    assert "Sign in with Acme ID" in page
    assert 'href="/accounts/oidc/login/?next=/vendors/"' in page


def test_the_button_sends_the_browser_to_the_provider_with_state_nonce_and_pkce(provider, db):
    response = Client().get(reverse("accounts:oidc_login"))
    assert response.status_code == 302
    url = urlparse(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == PROVIDER["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    query = parse_qs(url.query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["vendor-tracker"]
    assert query["scope"] == ["openid email profile"]
    assert query["state"] and query["nonce"] and query["code_challenge_method"] == ["S256"]


def test_a_new_person_gets_an_account_without_any_role(provider, db):
    client = Client()
    response = sign_in_with_provider(client, CLAIMS, next_url="/vendors/")
    assert response.status_code == 302 and response["Location"] == "/vendors/"
    user = get_user_model().objects.get(email="nina.newcomer@example.org")
    assert (user.username, user.first_name, user.last_name) == ("nina", "Nina", "Newcomer")
    assert not user.groups.exists() and not user.is_staff and not user.has_usable_password()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_existing_account_is_found_by_its_email(provider, db):
    existing = UserFactory(username="pat.existing", email="Pat@Example.org", role="Procurement")
    client = Client()
    sign_in_with_provider(client, CLAIMS | {"email": "pat@example.org", "preferred_username": "pat"})
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert client.get("/vendors/").status_code == 200


def test_an_unverified_email_signs_nobody_in(provider, db):
    existing = UserFactory(username="pat.existing", email="pat@example.org", role="Procurement")
    client = Client()
    response = sign_in_with_provider(client, CLAIMS | {"email": existing.email, "email_verified": False})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.filter(email=existing.email).count() == 1


def test_an_account_with_two_factor_still_enters_the_apps_code(provider, db):
    existing = UserFactory(username="tom.totp", email="tom@example.org", role="Executive")
    device, _ = enrol(existing)
    client = Client()
    response = sign_in_with_provider(client, CLAIMS | {"email": "tom@example.org"}, next_url="/vendors/")
    assert response["Location"] == reverse("login_two_factor")
    assert "_auth_user_id" not in client.session
    assert code_step(client, app_code(device))["Location"] == "/vendors/"
    assert client.session["_auth_user_id"] == str(existing.pk)


def test_the_provider_refusing_returns_to_the_sign_in_page(provider, db):
    client = Client()
    client.get(reverse("accounts:oidc_login"))
    response = client.get(reverse("accounts:oidc_callback"), {"error": "access_denied", "state": "whatever"})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def read_settings(**env):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.OIDC_ENABLED, s.OIDC_OP_TOKEN_ENDPOINT, 'accounts.oidc.ProviderBackend' in s.AUTHENTICATION_BACKENDS)"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(DJANGO_SETTINGS_MODULE="config.settings", **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


ENVIRONMENT = {
    "DJANGO_OIDC_PROVIDER_NAME": "Acme ID",
    "DJANGO_OIDC_CLIENT_ID": "vendor-tracker",
    "DJANGO_OIDC_CLIENT_SECRET": "secret",
    "DJANGO_OIDC_AUTHORIZATION_ENDPOINT": "https://id.example.org/authorize",
    "DJANGO_OIDC_TOKEN_ENDPOINT": "https://id.example.org/token",
    "DJANGO_OIDC_USERINFO_ENDPOINT": "https://id.example.org/userinfo",
    "DJANGO_OIDC_JWKS_ENDPOINT": "https://id.example.org/jwks",
}


def test_the_environment_turns_single_sign_on_on_and_a_partial_setup_refuses_to_start():
    off = read_settings().stdout.split()
    assert off == ["False", "False"]
    on = read_settings(**ENVIRONMENT)
    assert on.stdout.split() == ["True", "https://id.example.org/token", "True"], on.stderr
    partial = read_settings(**{k: v for k, v in ENVIRONMENT.items() if k != "DJANGO_OIDC_JWKS_ENDPOINT"})
    assert partial.returncode != 0
    assert "DJANGO_OIDC_JWKS_ENDPOINT" in partial.stderr


DISCOVERY = {
    "issuer": "https://id.example.org",
    "authorization_endpoint": "https://id.example.org/authorize",
    "token_endpoint": "https://id.example.org/token",
    "userinfo_endpoint": "https://id.example.org/userinfo",
    "jwks_uri": "https://id.example.org/jwks",
    "id_token_signing_alg_values_supported": ["ES256", "RS256"],
}


def test_a_command_turns_the_discovery_document_into_environment_lines():
    out = io.StringIO()
    with mock.patch("accounts.management.commands.oidc_endpoints.requests.get") as get:
        get.return_value = answer(DISCOVERY)
        call_command("oidc_endpoints", "https://id.example.org/", stdout=out)
    assert get.call_args.args == ("https://id.example.org/.well-known/openid-configuration",)
    assert out.getvalue().splitlines() == [
        "DJANGO_OIDC_AUTHORIZATION_ENDPOINT=https://id.example.org/authorize",
        "DJANGO_OIDC_TOKEN_ENDPOINT=https://id.example.org/token",
        "DJANGO_OIDC_USERINFO_ENDPOINT=https://id.example.org/userinfo",
        "DJANGO_OIDC_JWKS_ENDPOINT=https://id.example.org/jwks",
        "DJANGO_OIDC_SIGN_ALGO=RS256",
    ]


def test_the_command_says_what_the_document_lacks():
    with mock.patch("accounts.management.commands.oidc_endpoints.requests.get") as get:
        get.return_value = answer({k: v for k, v in DISCOVERY.items() if k != "jwks_uri"})
        with pytest.raises(CommandError, match="jwks_uri"):
            call_command("oidc_endpoints", "https://id.example.org/.well-known/openid-configuration")
