"""The headers a browser gets from a real page under production-like settings."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

PRODUCTION_LIKE = {
    "DEBUG": False,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "ALLOWED_HOSTS": ["example.org"],
    # whitenoise wants an existing STATIC_ROOT; collectstatic is not run in tests.
    "STATIC_ROOT": settings.STATICFILES_DIRS[0],
}


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def signed_in_response(db):
    """Sign in through the real form over HTTPS, then fetch the vendor list."""
    user = UserFactory(username="hedda.headers", role="Executive")
    with override_settings(**PRODUCTION_LIKE):
        # A new client builds its middleware chain under the overridden settings.
        client = Client(HTTP_HOST="example.org")
        login = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, secure=True)
        page = client.get(reverse("vendors:list"), secure=True)
        plain = client.get(reverse("vendors:list"))
    return login, page, plain


def test_it_sends_a_strict_content_security_policy(signed_in_response):
    _, page, _ = signed_in_response
    assert page.status_code == 200
    csp = parse_csp(page["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert "'unsafe-eval'" not in page["Content-Security-Policy"]


def test_it_sends_hsts_nosniff_frame_denial_and_a_referrer_policy(signed_in_response):
    _, page, _ = signed_in_response
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_session_cookie_is_secure_http_only_and_dies_with_the_browser(signed_in_response):
    login, _, _ = signed_in_response
    assert login.status_code == 302
    cookie = login.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # Expire-at-browser-close: no Max-Age or Expires, so the browser forgets it on exit.
    assert not cookie["max-age"] and not cookie["expires"]
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"] is True


def test_plain_http_is_redirected_to_https(signed_in_response):
    _, _, plain = signed_in_response
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://example.org/")


# --- Issue 12: Permissions-Policy everywhere, no-store on what belongs to a signed-in user ------

DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def permissions_policy(response) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))


@pytest.fixture
def answers(db):
    """One of each kind of answer: anonymous page, signed-in page, API, download, static file."""
    from evaluator.models import Questionnaire

    user = UserFactory(username="cora.cache", role="Risk leader")
    anonymous = Client()
    client = Client()
    client.force_login(user)
    builtin = Questionnaire.objects.filter(is_builtin=True).first()
    return {
        "sign-in page": anonymous.get(reverse("login")),
        "signed-in page": client.get(reverse("vendors:list")),
        "api": client.get("/api/vendors/"),
        "api, anonymous": anonymous.get("/api/vendors/"),
        "download": client.get(f"/questionnaires/{builtin.pk}/blank/xlsx/"),
        "static": anonymous.get("/static/css/app.css"),
    }


def test_every_answer_denies_the_browser_features_the_app_does_not_use(answers):
    for kind, response in answers.items():
        assert response.status_code in (200, 401), kind
        policy = permissions_policy(response)
        for feature in DENIED_FEATURES:
            assert policy[feature] == "()", (kind, feature)


@pytest.mark.parametrize("kind", ["signed-in page", "api", "api, anonymous", "download"])
def test_what_belongs_to_a_signed_in_user_is_never_stored_by_a_cache(answers, kind):
    response = answers[kind]
    assert "no-store" in response["Cache-Control"], kind


def test_static_files_stay_cacheable(answers):
    assert "no-store" not in answers["static"].get("Cache-Control", "")


def test_a_pdf_download_is_not_stored_either(db, monkeypatch):
    from tests.evaluator.test_dashboard import scored_evaluation

    owner = UserFactory(username="pia.pdf", role="Risk leader")
    evaluation = scored_evaluation(owner, 3)
    monkeypatch.setattr("common.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 fake")
    client = Client()
    client.force_login(owner)
    response = client.get(reverse("evaluator:dashboard", args=[evaluation.pk]) + "?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
