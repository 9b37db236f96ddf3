"""Issue 16 (speed): permission sets are cached between requests, and every change is seen at once."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.rest.serializers import VersionedModelSerializer
from config.roles import Role
from tests import factories
from tests.api.conftest import token_client
from vendors.directory.serializers import VendorSerializer


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)  # what each token request loads


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_second_request_runs_no_permission_query(procurement):
    assert fresh(procurement).has_perm("vendors.change_vendor")
    with CaptureQueriesContext(connection) as queries:
        assert fresh(procurement).has_perm("vendors.change_vendor")
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]


def test_a_role_losing_a_permission_loses_it_on_the_next_request(procurement):
    assert fresh(procurement).has_perm("vendors.change_vendor")
    group = Group.objects.get(name=Role.PROCUREMENT.value)
    group.permissions.remove(Permission.objects.get(codename="change_vendor"))
    assert not fresh(procurement).has_perm("vendors.change_vendor")
    assert (
        token_client(procurement)
        .patch(f"/api/vendors/{factories.VendorFactory().pk}/", {"country": "Spain"}, format="json")
        .status_code
        == 403
    )


def test_joining_or_leaving_a_group_and_deactivation_are_seen_at_once(executive):
    assert not fresh(executive).has_perm("vendors.change_vendor")
    procurement = Group.objects.get(name=Role.PROCUREMENT.value)
    executive.groups.add(procurement)
    assert fresh(executive).has_perm("vendors.change_vendor")
    executive.groups.remove(procurement)
    assert not fresh(executive).has_perm("vendors.change_vendor")
    executive.groups.add(procurement)
    get_user_model().objects.filter(pk=executive.pk).update(is_active=False)
    assert not fresh(executive).has_perm("vendors.change_vendor")


def test_a_new_superuser_has_every_permission_at_once(executive):
    assert not fresh(executive).has_perm("vendors.delete_vendor")
    get_user_model().objects.filter(pk=executive.pk).update(is_superuser=True)
    assert fresh(executive).has_perm("vendors.delete_vendor")


def test_the_fast_vendor_representation_is_drfs(db):
    vendor = factories.VendorFactory(website="https://acme.example", headcount=120, founded=1999)

    class Plain(VersionedModelSerializer):  # DRF's own path
        class Meta(VendorSerializer.Meta):
            pass

    assert VendorSerializer(vendor).data == Plain(vendor).data
    assert VendorSerializer([vendor], many=True).data == Plain([vendor], many=True).data
