"""Roles an administrator marks as requiring two-factor: their members enrol before anything else."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import twofactor
from accounts.models import ApiToken, RolePolicy
from tests.accounts.twofactor_helpers import app_code, code_step, enrol, password_step, verified_client
from tests.conftest import client_for


def require_two_factor(role: str) -> None:
    RolePolicy.objects.update_or_create(
        group=Group.objects.get(name=role), defaults={"require_two_factor": True}
    )


def test_every_role_has_a_policy_row_that_requires_nothing_by_default(db):
    policies = {p.group.name: p.require_two_factor for p in RolePolicy.objects.select_related("group")}
    assert policies == {"Risk leader": False, "Procurement": False, "Executive": False}


def test_a_member_of_a_role_that_requires_it_is_sent_to_enrolment_from_every_page(executive, procurement):
    require_two_factor("Executive")
    client = client_for(executive)
    for path in ("/", "/vendors/", reverse("accounts:tokens"), "/evaluations/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("accounts:two_factor_enable"), path
    enrolment = client.get(reverse("accounts:two_factor_enable"))
    assert enrolment.status_code == 200
    assert "Your role requires two-factor sign-in" in enrolment.content.decode()
    # Other roles are not affected.
    assert client_for(procurement).get("/vendors/").status_code == 200


def test_signing_out_still_works_while_enrolment_is_due(executive):
    require_two_factor("Executive")
    client = client_for(executive)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_api_refuses_a_session_that_must_enrol_with_a_json_error(executive):
    require_two_factor("Executive")
    response = client_for(executive).get("/api/vendors/")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "two_factor_required"


def test_no_api_token_can_be_created_before_enrolment_but_existing_tokens_keep_working(executive):
    _, key = ApiToken.issue(executive, "made before the policy")
    require_two_factor("Executive")
    response = client_for(executive).post(reverse("accounts:tokens"), {"name": "sneaky"})
    assert response.status_code == 302
    assert ApiToken.objects.filter(user=executive).count() == 1
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert script.get("/api/vendors/").status_code == 200
    # ... but it cannot mint another before its owner enrols.
    refused = script.post("/api/tokens/", {"name": "more"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["code"] == "two_factor_required"
    assert ApiToken.objects.filter(user=executive).count() == 1
    enrol(executive)
    assert script.post("/api/tokens/", {"name": "more"}, format="json").status_code == 201


def test_after_enrolling_the_member_uses_the_app_as_before(executive):
    require_two_factor("Executive")
    client = client_for(executive)
    device = twofactor.enrolment_device(executive)
    assert client.post(reverse("accounts:two_factor_enable"), {"code": app_code(device)}).status_code == 201
    assert client.get("/vendors/").status_code == 200
    # A later session asks for the code first, then is not held up either.
    later = client_for(executive)
    assert later.get("/vendors/")["Location"].startswith(reverse("login_two_factor"))
    assert code_step(later, app_code(device)).status_code == 302
    assert later.get("/vendors/").status_code == 200


def test_a_member_who_must_have_two_factor_cannot_turn_it_off(executive):
    device, _ = enrol(executive)
    require_two_factor("Executive")
    client = verified_client(executive, device)
    response = client.post(reverse("accounts:two_factor_disable"), {"code": app_code(device)})
    assert response.status_code == 302
    assert twofactor.has_two_factor(executive)


@pytest.mark.parametrize("required", [True, False])
def test_a_setting_requires_it_of_administrators(admin_user, settings, required):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = required
    response = client_for(admin_user).get("/vendors/")
    assert response.status_code == (302 if required else 200)


def test_the_admin_edits_role_policies(admin_user):
    client = client_for(admin_user)
    page = client.get(reverse("admin:accounts_rolepolicy_changelist"))
    assert page.status_code == 200
    policy = RolePolicy.objects.get(group__name="Procurement")
    response = client.post(
        reverse("admin:accounts_rolepolicy_change", args=[policy.pk]),
        {"group": policy.group_id, "require_two_factor": "on"},
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.require_two_factor is True


def test_the_admin_lists_and_deletes_devices_without_showing_their_secrets(admin_user, executive):
    device, _ = enrol(executive)
    client = client_for(admin_user)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert executive.username in page
    assert device.key not in page
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not twofactor.has_two_factor(executive)


def policy_queries(client, path="/vendors/"):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries if "accounts_rolepolicy" in q["sql"]]


def test_the_policy_costs_one_query_a_page_and_none_after_a_two_factor_sign_in(executive):
    assert len(policy_queries(client_for(executive))) == 1
    device, _ = enrol(executive)
    client = Client()
    password_step(client, executive)
    code_step(client, app_code(device))
    assert policy_queries(client) == []
