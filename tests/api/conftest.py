import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import ApiToken


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Throttle counters live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


from tests.conftest import warm_permissions  # noqa: E402


def token_client(user) -> APIClient:
    """A client that calls the API as a script would: with a bearer token, no session."""
    client = APIClient()
    if user is not None:
        _, key = ApiToken.issue(user, "tests")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        warm_permissions(user)
    return client


@pytest.fixture
def api_as():
    return token_client
