"""Every URL the project defines, walked for every role (see tests/url_roles/)."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from tests.conftest import CAST, client_for
from tests.url_roles import LOGIN, all_routes

# The admin site checks is_staff on every one of its pages itself; the walk
# covers its index, and the admin is reached by administrators only.
DELEGATED_NAMESPACES = ("admin:",)


def defined_url_names(patterns=None, prefix=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= defined_url_names(pattern.url_patterns, namespace)
        else:
            names.add(f"{prefix}{pattern.name}" if pattern.name else f"{prefix}<unnamed {pattern.pattern}>")
    return names


def test_it_lists_every_url_the_project_defines(db):
    listed = set(all_routes())
    defined = {name for name in defined_url_names() if not name.startswith(DELEGATED_NAMESPACES)}
    assert defined - listed == set(), "URLs with no expected outcome per role in tests/url_roles/"
    assert listed - defined - {"admin:index"} == set(), (
        "tests/url_roles/ lists URLs the project no longer has"
    )


def check_outcome(response, expected, path):
    if expected == LOGIN:
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("login")), path
    else:
        assert response.status_code == expected, f"{path}: {response.status_code} != {expected}"


@pytest.mark.parametrize("role", CAST)
def test_every_url_answers_each_role_as_expected_on_get(cast, role):
    client = client_for(cast[role])
    for name, route in all_routes().items():
        response = client.get(route.path)
        check_outcome(response, route.expected[role], f"{name} {route.path} as {role}")


@pytest.mark.parametrize("role", ["anonymous", "executive"])
def test_it_refuses_changes_from_roles_that_may_only_read(cast, role):
    client = client_for(cast[role])
    for name, route in all_routes().items():
        if not route.post_forbidden_for:
            continue
        response = client.post(route.path, {})
        expected = LOGIN if role == "anonymous" else 403
        check_outcome(response, expected, f"POST {name} {route.path} as {role}")
