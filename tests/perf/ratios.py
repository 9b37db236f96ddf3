"""Every speed floor of issue 16 point 4 in one run: throughput as a ratio to a hello-world view.

Run on demand from the project root (pytest never collects tests/perf)::

    DJANGO_DEBUG=1 .venv/bin/python -m tests.perf.ratios            # all of them
    DJANGO_DEBUG=1 .venv/bin/python -m tests.perf.ratios dashboard  # names containing "dashboard"

One process, an in-memory SQLite database with bench_pages.py's data (an evaluation with 50
candidates × 60 criteria, 10 derived metrics and 50 manual ratings by two evaluators; each
vendor with 10 assessments, 3 years of financial facts and 5 roadmap items). Every request goes
through Django's test client and the full middleware stack (the request log included, written
to /dev/null), like the hello-world view it is compared with. The API is called with a bearer
token, the pages with a signed-in risk leader, and each is compared with the hello-world view
called the same way: the API with a client that has no session (as bench_api.py), the pages
with the signed-in client (its session and user are read for every request, as bench_pages.py).

"cold" clears every cached result first (Django's cache: scoring results, permission sets;
the engine's memos: charts, derived facts), outside the timed part, so the page computes
everything; "warm" is the same page again with its results cached by the digest of its inputs.

Each line is the best of BENCH_REPEATS rounds (default 3) of its requests (BENCH_REQUESTS,
default 100 for the light pages, a tenth of that for the cold ones), the hello-world view timed
in the same rounds so that both see the same background load. Ratio = its requests/s divided
by hello world's (0.1 means within 10× hello world); the floor is the least ratio accepted.
Prints the table and exits 1 when a ratio is under its floor. On a busy machine every ratio
drops: run it when the machine is quiet.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from dataclasses import dataclass

# isort: off
from tests.perf import bench_pages  # sets up Django on an in-memory database: first

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from accounts.models import ApiToken  # noqa: E402
from config.roles import Role  # noqa: E402
from engine.memo import LruCache  # noqa: E402

# isort: on

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


@dataclass
class Target:
    name: str
    url: str
    floor: float
    cold: bool = False
    api: bool = False


def targets(evaluation, vendor) -> list[Target]:
    dashboard = f"/evaluations/{evaluation.pk}/dashboard/"
    scorecard = f"/evaluations/{evaluation.pk}/vendors/{vendor.slug}/scorecard/"
    return [
        Target("vendor list API", "/api/vendors/", 0.08, api=True),
        Target("vendor list page", "/vendors/", 0.1),
        Target("vendor page", f"/vendors/{vendor.slug}/", 0.1),
        Target("dashboard cold", dashboard, 0.02, cold=True),
        Target("dashboard warm", dashboard, 0.2),
        Target("scorecard cold", scorecard, 0.02, cold=True),
        Target("scorecard warm", scorecard, 0.2),
    ]


def engine_memos() -> list[LruCache]:
    """Every memo the engine keeps in this process (made at import time by its decorators)."""
    return [obj for obj in gc.get_objects() if isinstance(obj, LruCache)]


def clear_caches(memos) -> None:
    cache.clear()
    for memo in memos:
        memo.clear()


def seconds_per_request(client: Client, url: str, headers: dict, count: int, memos=None) -> float:
    total = 0.0
    for _ in range(count):
        if memos is not None:
            clear_caches(memos)
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        total += time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
    return total / count


def api_token() -> str:
    user = get_user_model().objects.create_user("bench-api", password="unused-bench-password")
    user.groups.add(Group.objects.get(name=Role.PROCUREMENT.value))
    return ApiToken.issue(user, "bench")[1]


def measure(chosen: list[Target], owner, key: str) -> tuple[dict[bool, float], dict[str, float]]:
    pages, api = Client(), Client()
    pages.force_login(owner)
    token = {"Authorization": f"Bearer {key}"}

    def run(target: Target, count: int, memos=None) -> float:
        client, headers = (api, token) if target.api else (pages, {})
        return seconds_per_request(client, target.url, headers, count, memos)

    for target in chosen:
        run(target, 2)  # imports, template loading, first connections
    memos = engine_memos()
    hellos = {
        True: Target("hello world", "/bench/hello/", 0, api=True),
        False: Target("hello world", "/bench/hello/", 0),
    }
    for hello in hellos.values():
        run(hello, REQUESTS)
    best_hello = {True: float("inf"), False: float("inf")}
    best = dict.fromkeys((t.name for t in chosen), float("inf"))
    for _ in range(REPEATS):
        for target in chosen:
            best_hello[target.api] = min(best_hello[target.api], run(hellos[target.api], REQUESTS))
            count = max(2, REQUESTS // 10) if target.cold or "warm" in target.name else REQUESTS
            if not target.cold:
                run(target, 1)  # its results cached (a cold target before it cleared them)
            best[target.name] = min(best[target.name], run(target, count, memos if target.cold else None))
    return best_hello, best


def table(chosen: list[Target], best_hello: dict[bool, float], best: dict[str, float]) -> bool:
    print(f"{'name':<24} {'req/s':>9} {'ms/req':>9} {'ratio':>8} {'floor':>7}  result")
    for api, label in ((True, "hello world (API's)"), (False, "hello world, signed in")):
        if best_hello[api] < float("inf"):
            print(f"{label:<24} {1 / best_hello[api]:9.0f} {best_hello[api] * 1e3:9.2f} {1:8.3f}")
    ok = True
    for target in chosen:
        seconds = best[target.name]
        ratio = best_hello[target.api] / seconds
        passed = ratio >= target.floor
        ok &= passed
        print(
            f"{target.name:<24} {1 / seconds:9.1f} {seconds * 1e3:9.2f} {ratio:8.3f} {target.floor:7.2f}  "
            + ("pass" if passed else "FAIL")
        )
    return ok


def main(argv: list[str]) -> int:
    setup_test_environment()
    # The request log stays on (production's cost on both sides) but out of the terminal.
    for handler in logging.getLogger("tracker.requests").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - for the whole run
    with override_settings(ROOT_URLCONF=bench_pages.__name__, ALLOWED_HOSTS=["testserver"]):
        owner, evaluation, vendor = bench_pages.setup_data()
        key = api_token()
        chosen = [t for t in targets(evaluation, vendor) if not argv or any(a in t.name for a in argv)]
        if not chosen:
            print(f"no target matches {argv}; names: {[t.name for t in targets(evaluation, vendor)]}")
            return 2
        best_hello, best = measure(chosen, owner, key)
    print(
        f"{bench_pages.VENDORS} candidates × {bench_pages.METRIC_CRITERIA + bench_pages.MANUAL_CRITERIA} "
        f"criteria; best of {REPEATS} rounds; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    ok = table(chosen, best_hello, best)
    print("all floors met" if ok else "a ratio is under its floor")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
