"""Issue 16: /health/ tells a load balancer whether this server can answer, and nothing more."""

import json

import pytest
from django.test import Client

from common import health


@pytest.mark.django_db
def test_a_healthy_server_answers_200_with_ok_for_each_part_and_nothing_else():
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok", "tasks": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_failing_part_answers_503_and_keeps_the_reason_in_the_log(monkeypatch, caplog):
    def broken():
        raise RuntimeError("could not connect to server at db.internal:5432 password=hunter2")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = Client().get("/health/")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {"status": "error", "database": "error", "cache": "ok", "tasks": "ok"}
    assert b"hunter2" not in response.content and b"db.internal" not in response.content
    assert "health check database failed" in caplog.text


@pytest.mark.django_db
def test_a_cache_that_loses_what_it_was_given_is_an_error(monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    response = Client().get("/health/")
    assert response.status_code == 503 and json.loads(response.content)["cache"] == "error"


@pytest.mark.django_db
def test_it_answers_plain_http_even_when_https_is_enforced(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/health/").status_code == 200
    assert Client().get("/accounts/login/").status_code == 301


@pytest.mark.django_db
def test_it_only_reads():
    assert Client().post("/health/").status_code == 405
