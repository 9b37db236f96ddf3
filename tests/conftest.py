"""The cast: one user per role, plus an anonymous visitor, as in every walk of the URLs."""

import pytest
from django.test import Client

from config.roles import Role
from tests.db_restore import django_db_setup, pytest_runtest_teardown  # noqa: F401  (fixture and hook)
from tests.factories import PASSWORD, UserFactory

CAST = ("anonymous", "executive", "procurement", "risk_leader", "admin")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, tmp_path_factory):
    # PBKDF2's deliberate slowness protects stored passwords, not test users; it cost seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Files that tests make (PDF jobs, uploads) land in a folder of their own, not in var/media.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def executive(db):
    return UserFactory(username="erin.executive", role=Role.EXECUTIVE.value)


@pytest.fixture
def procurement(db):
    return UserFactory(username="paula.procurement", role=Role.PROCUREMENT.value)


@pytest.fixture
def risk_leader(db):
    return UserFactory(username="rick.risk", role=Role.RISK_LEADER.value)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="ada.admin", is_staff=True, is_superuser=True)


@pytest.fixture
def cast(db, executive, procurement, risk_leader, admin_user):
    """Name -> user (None for anonymous)."""
    return {
        "anonymous": None,
        "executive": executive,
        "procurement": procurement,
        "risk_leader": risk_leader,
        "admin": admin_user,
    }


def warm_permissions(user) -> None:
    """Leave ``user``'s permission set in the cache (common/permission_cache.py), as a first request
    does: a test that counts two requests' queries then compares like with like, not a cold
    request against a warm one."""
    if user is not None:
        type(user).objects.get(pk=user.pk).get_all_permissions()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
        warm_permissions(user)
    return client


@pytest.fixture
def as_user():
    """as_user(user) -> a test client signed in as that user (or anonymous for None)."""
    return client_for


__all__ = ["CAST", "PASSWORD", "client_for"]
