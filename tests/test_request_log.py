"""Issue 16: one JSON line per request, with timings, and never a secret."""

import json
import logging

import pytest

from common.request_log import MaskPortalTokens, masked_path
from tests.conftest import client_for


def lines(caplog):
    return [json.loads(record.getMessage()) for record in caplog.records if record.name == "tracker.requests"]


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="tracker.requests")
    return caplog


def test_a_request_is_one_line_with_its_method_path_status_time_user_and_id(request_log, executive):
    client = client_for(executive)
    response = client.get("/vendors/?q=secret-search&token=abc")
    assert response.status_code == 200
    [line] = lines(request_log)
    assert set(line) == {"method", "path", "status", "duration_ms", "user_id", "request_id"}
    assert line["method"] == "GET" and line["path"] == "/vendors/" and line["status"] == 200
    assert line["user_id"] == executive.pk and line["duration_ms"] > 0
    assert line["request_id"] == response["X-Request-ID"]
    text = request_log.text
    assert (
        "secret-search" not in text
        and "sessionid" not in text
        and client.cookies["sessionid"].value not in text
    )
    assert response["Server-Timing"].startswith("app;dur=")


def test_an_anonymous_request_has_no_user_and_keeps_a_plausible_request_id(request_log, db):
    response = client_for(None).get("/vendors/", HTTP_X_REQUEST_ID="lb-7f3a9c2e11")
    [line] = lines(request_log)
    assert line["user_id"] is None and line["status"] == 302
    assert line["request_id"] == "lb-7f3a9c2e11" == response["X-Request-ID"]
    client_for(None).get("/vendors/", HTTP_X_REQUEST_ID='"><script>')
    assert lines(request_log)[1]["request_id"] != '"><script>'


def test_portal_tokens_in_the_path_are_masked(request_log, db):
    client_for(None).get("/respond/s3cr3t-portal-token/section/2/")
    [line] = lines(request_log)
    assert line["path"] == "/respond/*/*/*/"
    # Django's own "Not Found: <path>" line goes through the same mask on every handler.
    [not_found] = [record for record in request_log.records if record.name == "django.request"]
    assert MaskPortalTokens().filter(not_found)
    assert not_found.getMessage() == "Not Found: /respond/*/*/*/"
    console = logging.getHandlerByName("console")
    assert any(isinstance(found, MaskPortalTokens) for found in console.filters)
    assert masked_path("/respond/") == "/respond/"
    assert masked_path("/vendors/7/") == "/vendors/7/"


def test_a_scoring_result_says_whether_it_came_from_the_cache(request_log, risk_leader):
    from django.core.cache import cache

    from tests.evaluator.test_dashboard import scored_evaluation

    cache.clear()
    evaluation = scored_evaluation(risk_leader, 2)
    client = client_for(risk_leader)
    first = client.get(f"/api/evaluations/{evaluation.pk}/ranking/")
    second = client.get(f"/api/evaluations/{evaluation.pk}/ranking/")
    assert first.status_code == second.status_code == 200
    assert 'results;desc="miss"' in first["Server-Timing"]
    assert 'results;desc="hit"' in second["Server-Timing"]
    assert [line.get("cache") for line in lines(request_log)] == [{"results": "miss"}, {"results": "hit"}]
