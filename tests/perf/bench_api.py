"""Throughput of the vendor list endpoint as a ratio to a hello-world Django view.

Run on demand: ``DJANGO_DEBUG=1 python tests/perf/bench_api.py`` (pytest never collects
tests/perf). Both are served the same way in the same run: through Django's test client,
the full middleware stack (sessions, CSRF, login-required, CSP, ...), one process, an
in-memory SQLite database. The API call lists a page of 50 vendors with a bearer token
(token lookup, permissions, count, page); the hello-world view answers a fixed string.

Times are the best of BENCH_REPEATS rounds (default 5) of BENCH_REQUESTS requests
(default 200) each, the two sides timed alternately so both see the same background load.
Prints requests per second for each and the ratio (API / hello-world, so 0.25 means the
list is four times slower than the cheapest possible Django answer).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.decorators import login_not_required  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import path  # noqa: E402

import config.urls  # noqa: E402
from accounts.models import ApiToken  # noqa: E402
from config.roles import Role  # noqa: E402
from vendors.models import Vendor  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
VENDORS = 50


@login_not_required
def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("bench/hello/", hello), *config.urls.urlpatterns]


def setup_data() -> str:
    call_command("migrate", verbosity=0)
    Vendor.objects.bulk_create(
        Vendor(name=f"Vendor {n:03d}", slug=f"vendor-{n:03d}", country="Netherlands", founded=2010)
        for n in range(VENDORS)
    )
    user = get_user_model().objects.create_user("bench", password="unused-bench-password")
    user.groups.add(Group.objects.get(name=Role.PROCUREMENT.value))
    _, key = ApiToken.issue(user, "bench")
    return key


def rate(client: Client, url: str, headers: dict) -> float:
    """Requests per second over REQUESTS calls."""
    start = time.perf_counter()
    for _ in range(REQUESTS):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.status_code
    return REQUESTS / (time.perf_counter() - start)


def main() -> int:
    setup_test_environment()
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
        key = setup_data()
        client = Client()
        api = ("/api/vendors/", {"Authorization": f"Bearer {key}"})
        plain = ("/bench/hello/", {})
        assert len(client.get(api[0], headers=api[1]).json()["results"]) == VENDORS
        best_api = best_hello = 0.0
        for _ in range(REPEATS):
            best_hello = max(best_hello, rate(client, *plain))
            best_api = max(best_api, rate(client, *api))
    print(f"database: {settings.DATABASES['default']['ENGINE']} (in memory), {VENDORS} vendors per page")
    print(f"hello-world view:  {best_hello:8.0f} requests/s")
    print(f"GET /api/vendors/: {best_api:8.0f} requests/s")
    print(f"ratio (API / hello-world): {best_api / best_hello:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
