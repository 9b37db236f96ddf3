"""Issue 12: every /api/ answer is JSON in the one error shape, the framework's own errors included."""

import json

import pytest
from django.test import Client
from django.utils.module_loading import import_string
from rest_framework.test import APIClient

from accounts.models import ApiToken
from config import urls
from tests.conftest import client_for


def assert_api_error(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) >= {"detail", "errors"}
    assert body["detail"]
    assert body["errors"][0]["field"] is None
    assert body["errors"][0]["code"] == code
    return body


@pytest.fixture
def script(procurement):
    _, key = ApiToken.issue(procurement, "errors")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_a_body_over_the_upload_limit_is_a_json_413(script, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = json.dumps({"name": "x" * 2048})
    response = script.post("/api/vendors/", body, content_type="application/json")
    assert_api_error(response, 413, "request_too_large")


def test_an_eleven_megabyte_body_is_a_json_413(script):
    body = json.dumps({"name": "x" * (11 * 1024 * 1024)})
    response = script.post("/api/vendors/", body, content_type="application/json")
    assert_api_error(response, 413, "request_too_large")


def test_an_unknown_api_address_is_a_json_404(script):
    assert_api_error(script.get("/api/no-such-thing/"), 404, "not_found")
    assert_api_error(script.get("/api/vendors/999999/"), 404, "not_found")


def test_a_method_the_endpoint_lacks_is_a_json_405(script):
    assert_api_error(script.put("/api/vendors/", {}, format="json"), 405, "method_not_allowed")


def test_a_crash_is_a_json_500_without_details(script, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("vendors.directory.api.VendorViewSet.list", crash)
    script.raise_request_exception = False
    response = script.get("/api/vendors/")
    body = assert_api_error(response, 500, "server_error")
    assert "secret internals" not in json.dumps(body)


def test_a_page_crash_stays_an_html_page(procurement, monkeypatch):
    from vendors.directory import pages

    def crash(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(pages.VendorListView, "get", crash)
    client = client_for(procurement)
    client.raise_request_exception = False
    response = client.get("/vendors/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_a_csrf_failure_on_the_api_is_json(procurement):
    client = Client(enforce_csrf_checks=True)
    client.force_login(procurement)
    response = client.post("/api/vendors/", {"name": "No token"}, content_type="application/json")
    assert_api_error(response, 403, "csrf_failed")


def test_the_csrf_failure_view_answers_json_under_api_and_html_elsewhere(rf):
    from common.rest.errors import csrf_failure

    api = csrf_failure(rf.post("/api/vendors/"), reason="CSRF cookie not set.")
    assert_api_error(api, 403, "csrf_failed")
    page = csrf_failure(rf.post("/vendors/new/"), reason="CSRF cookie not set.")
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("handler", "status", "code"),
    [
        ("handler400", 400, "bad_request"),
        ("handler403", 403, "permission_denied"),
        ("handler404", 404, "not_found"),
    ],
)
def test_djangos_error_handlers_answer_json_under_api(rf, handler, status, code):
    view = import_string(getattr(urls, handler))
    assert_api_error(view(rf.get("/api/vendors/"), exception=Exception("x")), status, code)
    page = view(rf.get("/vendors/"), exception=Exception("x"))
    assert page.status_code == status and page["Content-Type"].startswith("text/html")
