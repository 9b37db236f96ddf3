"""Issue 12: two-factor is a property of the session, not of the account, whichever way the session began.

A user with a confirmed authenticator (or whose role requires one) reaches only the code step,
enrolment and sign-out until *this session* has passed a code: through the app's sign-in, the
admin's sign-in, single sign-on, or a session made any other way (``force_login``).
"""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import twofactor
from accounts.models import ApiToken
from tests.accounts.test_oidc import CLAIMS, provider, sign_in_with_provider  # noqa: F401  (fixture)
from tests.accounts.twofactor_helpers import app_code, enrol
from tests.factories import PASSWORD, UserFactory

CODE_STEP = reverse("login_two_factor")


@pytest.fixture
def admin_with_app(db):
    admin = UserFactory(username="ada.admin", email="ada@example.org", is_staff=True, is_superuser=True)
    device, _ = enrol(admin)
    return admin, device


def assert_reaches_nothing(client, user):
    """Pages and the admin send the browser to the code step (or, with no session yet, to sign in);
    the API refuses; no key is minted."""
    for path in ("/admin/", "/vendors/", reverse("accounts:tokens"), "/admin/accounts/apitoken/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith((CODE_STEP, reverse("login"), reverse("admin:login"))), path
    api = client.get("/api/vendors/")
    assert api.status_code in (401, 403)
    if "_auth_user_id" in client.session:
        assert api.json()["errors"][0]["code"] == "two_factor_unverified"
    minted = client.post("/api/tokens/", {"name": "lasting key"}, content_type="application/json")
    assert minted.status_code in (401, 403)
    assert client.post(reverse("accounts:tokens"), {"name": "lasting key"}).status_code == 302
    assert not ApiToken.objects.filter(user=user).exists()


def assert_reaches_everything(client, user):
    assert client.get("/admin/").status_code == 200
    assert client.get("/vendors/").status_code == 200
    assert client.get("/api/vendors/").status_code == 200
    minted = client.post("/api/tokens/", {"name": "lasting key"}, content_type="application/json")
    assert minted.status_code == 201
    assert ApiToken.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("required", [False, True], ids=["admins-optional", "admins-required"])
def test_the_admin_sign_in_with_the_password_alone_reaches_nothing_until_the_code(
    admin_with_app, settings, required
):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = required
    admin, device = admin_with_app
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": admin.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)
    assert_reaches_nothing(client, admin)

    done = client.post(CODE_STEP, {"code": app_code(device)})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert_reaches_everything(client, admin)


def test_a_session_made_without_the_sign_in_page_must_pass_the_code_step(admin_with_app):
    admin, device = admin_with_app
    client = Client()
    client.force_login(admin)
    assert_reaches_nothing(client, admin)
    # The code step takes the signed-in session as it is, and returns to where the user was going.
    sent = client.get("/vendors/?page=1")
    assert sent["Location"] == f"{CODE_STEP}?next=%2Fvendors%2F%3Fpage%3D1"
    assert client.get(sent["Location"]).status_code == 200
    wrong = client.post(sent["Location"], {"code": "000000"})
    assert wrong.status_code == 400
    assert client.get("/vendors/").status_code == 302
    done = client.post(sent["Location"], {"code": app_code(device)})
    assert done.status_code == 302 and done["Location"] == "/vendors/?page=1"
    assert_reaches_everything(client, admin)


def test_the_code_step_refuses_to_send_the_browser_elsewhere(admin_with_app):
    admin, device = admin_with_app
    client = Client()
    client.force_login(admin)
    done = client.post(f"{CODE_STEP}?next=https://evil.example/", {"code": app_code(device)})
    assert done.status_code == 302 and done["Location"] == reverse("home")


def test_signing_out_still_works_before_the_code(admin_with_app):
    admin, _ = admin_with_app
    client = Client()
    client.force_login(admin)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session
    client.force_login(admin)
    assert client.post(reverse("admin:logout"))["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_verified_session_belongs_to_its_user_only(admin_with_app):
    """The mark a session carries after the code names the user: it cannot be carried over."""
    admin, device = admin_with_app
    client = Client()
    client.force_login(admin)
    client.post(CODE_STEP, {"code": app_code(device)})
    assert client.get("/vendors/").status_code == 200
    session = client.session
    session[twofactor.VERIFIED_KEY] = {**session[twofactor.VERIFIED_KEY], "user": "999999"}
    session.save()
    assert client.get("/vendors/").status_code == 302


def test_single_sign_on_reaches_nothing_until_the_apps_code(provider, admin_with_app):  # noqa: F811
    admin, device = admin_with_app
    client = Client()
    response = sign_in_with_provider(client, CLAIMS | {"email": admin.email}, next_url="/admin/")
    assert response["Location"].startswith(CODE_STEP)
    assert_reaches_nothing(client, admin)
    done = client.post(CODE_STEP, {"code": app_code(device)})
    assert done["Location"] == "/admin/"
    assert_reaches_everything(client, admin)


def test_a_role_that_requires_two_factor_still_sends_a_new_session_to_enrolment(db, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    admin = UserFactory(username="neo.admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    for path in ("/admin/", "/vendors/"):
        assert client.get(path)["Location"] == reverse("accounts:two_factor_enable")
    assert client.get("/api/vendors/").json()["errors"][0]["code"] == "two_factor_required"


def test_the_api_documentation_page_sends_an_unverified_session_to_the_code_step(admin_with_app):
    admin, _ = admin_with_app
    client = Client()
    client.force_login(admin)
    page = client.get("/api/docs/")
    assert page.status_code == 302 and page["Location"].startswith(CODE_STEP)
    assert client.get("/api/vendors/").status_code == 403  # the API itself answers JSON
