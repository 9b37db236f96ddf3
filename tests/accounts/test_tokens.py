"""API tokens: created by their owner (key shown once, only its hash stored), revoked, throttled."""

import hashlib

from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.conftest import client_for


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
