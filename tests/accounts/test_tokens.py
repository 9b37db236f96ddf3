"""API tokens: created by their owner (key shown once, only its hash stored), revoked, throttled."""

import datetime
import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory
from tests.test_deploy_settings import run_manage


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_a_user_creates_a_token_on_the_page_and_sees_the_key_once(executive):
    response = client_for(executive).post("/accounts/tokens/", {"name": "BI dashboard"})
    assert response.status_code == 201
    key = response.context["new_key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=executive)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.name, token.prefix, token.key_hash}
    page = client_for(executive).get("/accounts/tokens/").content.decode()
    assert "BI dashboard" in page and key not in page
    assert bearer(key).get("/api/vendors/").status_code == 200


def test_a_revoked_token_stops_working_at_once(procurement):
    token, key = ApiToken.issue(procurement, "GRC sync")
    response = client_for(procurement).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    response = bearer(key).get("/api/vendors/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_nobody_revokes_someone_elses_token(procurement, executive):
    token, key = ApiToken.issue(executive, "mine")
    assert client_for(procurement).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert bearer(key).get("/api/vendors/").status_code == 200


def test_an_unknown_key_gets_401_with_an_error_body(db):
    response = bearer("vt_not-a-real-key").get("/api/vendors/")
    assert response.status_code == 401
    assert response.json()["errors"][0]["field"] is None


def test_scripts_manage_their_own_tokens_through_the_api(risk_leader, executive):
    ApiToken.issue(executive, "someone else's")
    _, key = ApiToken.issue(risk_leader, "bootstrap")
    client = bearer(key)
    created = client.post("/api/tokens/", {"name": "nightly export"}, format="json")
    assert created.status_code == 201
    new_key = created.json()["key"]
    listed = client.get("/api/tokens/").json()
    assert {t["name"] for t in listed["results"]} == {"bootstrap", "nightly export"}
    assert all("key" not in t for t in listed["results"])
    assert client.delete(f"/api/tokens/{created.json()['id']}/").status_code == 204
    assert bearer(new_key).get("/api/vendors/").status_code == 401


def test_creating_tokens_is_throttled(procurement, settings):
    cache.clear()
    _, key = ApiToken.issue(procurement, "bootstrap")
    client = bearer(key)
    statuses = [client.post("/api/tokens/", {"name": f"t{n}"}, format="json").status_code for n in range(31)]
    assert statuses[:30] == [201] * 30
    assert statuses[30] == 429
    cache.clear()


# --- Issue 12: expiry, and tokens that die with their owner's password or account -----------


def test_a_token_expires_after_the_configured_days_and_says_so(procurement, settings):
    settings.API_TOKEN_DAYS = 30
    before = timezone.now()
    token, key = ApiToken.issue(procurement, "GRC sync")
    assert (
        before + datetime.timedelta(days=30)
        <= token.expires_at
        <= timezone.now() + datetime.timedelta(days=30)
    )
    assert bearer(key).get("/api/vendors/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = bearer(key).get("/api/vendors/")
    assert response.status_code == 401
    body = response.json()
    assert body["errors"][0]["code"] == "token_expired"
    assert "expired" in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_default_lifetime_is_ninety_days(procurement):
    token, _ = ApiToken.issue(procurement, "default")
    lifetime = token.expires_at - token.created_at
    assert abs(lifetime - datetime.timedelta(days=90)) < datetime.timedelta(seconds=5)


def test_the_api_and_the_page_show_when_a_token_expires(procurement):
    client = client_for(procurement)
    created = client.post("/api/tokens/", {"name": "nightly"}, content_type="application/json")
    assert created.status_code == 201
    token = ApiToken.objects.get(user=procurement)
    assert created.json()["expires_at"] == token.expires_at.isoformat().replace("+00:00", "Z")
    assert client.get("/api/tokens/").json()["results"][0]["expires_at"]
    page = client.get("/accounts/tokens/")
    assert "Expires" in page.content.decode()
    assert token.expires_at.strftime("%Y-%m-%d") in page.content.decode()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    assert "expired" in client.get("/accounts/tokens/").content.decode()


def test_the_schema_documents_expires_at(admin_user):
    schema = client_for(admin_user).get("/api/schema/?format=json").json()
    assert "expires_at" in schema["components"]["schemas"]["ApiToken"]["properties"]


def test_a_password_change_kills_the_owners_tokens_whichever_way_it_is_made(procurement):
    _, saved = ApiToken.issue(procurement, "through save()")
    _, updated = ApiToken.issue(procurement, "through a bulk update")
    procurement.set_password("a-new-long-passphrase-2026")
    procurement.save()
    response = bearer(saved).get("/api/vendors/")
    assert response.status_code == 401
    # Even a change that bypasses save() and every signal is caught when the token is used.
    other = UserFactory(username="olga.other", role="Procurement")
    _, key = ApiToken.issue(other, "bulk")
    get_user_model().objects.filter(pk=other.pk).update(password=make_password("another-long-passphrase"))
    refused = bearer(key).get("/api/vendors/")
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["code"] == "token_invalidated"
    assert bearer(updated).get("/api/vendors/").status_code == 401


def test_a_password_change_shows_the_tokens_as_revoked(procurement):
    _, key = ApiToken.issue(procurement, "GRC sync")
    procurement.set_password("a-new-long-passphrase-2026")
    procurement.save()
    assert ApiToken.objects.get(user=procurement).revoked


def test_a_stronger_hash_of_the_same_password_is_not_a_change(procurement, settings):
    """Django re-hashes a password at sign-in when its hasher's work factor went up (upgrades)."""
    _, key = ApiToken.issue(procurement, "GRC sync")
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    old_hash = procurement.password
    assert procurement.check_password(PASSWORD)
    procurement.refresh_from_db()
    assert procurement.password != old_hash and procurement.password.startswith("pbkdf2_sha1$")
    assert bearer(key).get("/api/vendors/").status_code == 200
    assert not ApiToken.objects.get(user=procurement).revoked


def test_deactivating_the_account_kills_its_tokens_for_good(procurement):
    _, key = ApiToken.issue(procurement, "GRC sync")
    procurement.is_active = False
    procurement.save()
    assert bearer(key).get("/api/vendors/").status_code == 401
    procurement.is_active = True
    procurement.save()
    assert bearer(key).get("/api/vendors/").status_code == 401


def test_the_management_command_issues_expiring_tokens(procurement):
    out = io.StringIO()
    call_command("create_api_token", procurement.username, "cron", stdout=out)
    assert ApiToken.objects.get(user=procurement).expires_at > timezone.now()


@pytest.mark.parametrize("value", ["0", "-3", "soon"])
def test_the_lifetime_setting_must_be_a_positive_number_of_days(value):
    result = run_manage("check", DJANGO_API_TOKEN_DAYS=value)
    assert result.returncode != 0
    assert "DJANGO_API_TOKEN_DAYS" in result.stderr
