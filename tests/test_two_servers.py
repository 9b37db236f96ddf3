"""Issue 16: two app servers (gunicorn) on one PostgreSQL database and one Redis.

The test makes its own PostgreSQL database (psycopg, 127.0.0.1:5432), migrates it, seeds a
scored evaluation and a token, and starts two gunicorn instances on different ports with the
same REDIS_URL. It shows that a scoring result computed by one is served from the shared cache
by the other (the Server-Timing header says ``results;desc="hit"``), that a dashboard's sections
drawn by one are served by the other until an edit through either, and that an edit through
one is seen through the other and guards its version there (412 on the stale write).
Skipped only when Redis or PostgreSQL is not reachable on 127.0.0.1.
"""

import json
import os
import socket
import subprocess
import sys
import time
import uuid

import pytest
import redis
import requests

from tests.factories import PASSWORD
from tests.html_forms import post_form_fields
from tests.redis_support import REDIS_URL, redis_reachable
from tests.test_deploy_settings import ROOT

PG_HOST, PG_PORT = "127.0.0.1", 5432


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres", connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001 - any failure means: not here
        return False


pytestmark = [
    pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379"),
    pytest.mark.skipif(not postgres_reachable(), reason="no PostgreSQL on 127.0.0.1:5432"),
]

SEED = """
import json
from accounts.models import ApiToken
from tests.evaluator.test_dashboard import scored_evaluation
from tests.factories import UserFactory
leader = UserFactory(username="two.servers", role="Risk leader")
evaluation = scored_evaluation(leader, 3)
token = ApiToken.issue(leader, "two servers")[1]
vendor = evaluation.candidates.order_by("pk").first()
print("SEED" + json.dumps({"evaluation": evaluation.pk, "vendor": vendor.pk, "token": token}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(base: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn at {base} exited: {process.stderr.read()[-2000:]}")
        try:
            if requests.get(f"{base}/health/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError(f"gunicorn at {base} did not become healthy")


@pytest.fixture(scope="module")
def servers():
    import psycopg

    name = f"scale_two_servers_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_url = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    prefix = f"two-servers-{uuid.uuid4().hex[:8]}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_DEBUG="1",
        DATABASE_URL=f"postgres://postgres@{PG_HOST}:{PG_PORT}/{name}",
        REDIS_URL=REDIS_URL,
        DJANGO_CACHE_KEY_PREFIX=prefix,
        DJANGO_REQUEST_LOG="0",
    )
    processes = []
    try:
        manage = [sys.executable, "manage.py"]
        migrate = subprocess.run(
            [*manage, "migrate", "--no-input"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert migrate.returncode == 0, migrate.stderr
        seeded = subprocess.run(
            [*manage, "shell", "-c", SEED], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert seeded.returncode == 0, seeded.stderr
        seed = json.loads(seeded.stdout.split("SEED", 1)[1])
        bases = []
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [
                    os.path.join(os.path.dirname(sys.executable), "gunicorn"),
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--timeout",
                    "120",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            processes.append(process)
            bases.append(f"http://127.0.0.1:{port}")
        for base, process in zip(bases, processes, strict=True):
            wait_until_healthy(base, process)
        yield {"a": bases[0], "b": bases[1], "headers": {"Authorization": f"Bearer {seed['token']}"}, **seed}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(f"{prefix}:*"):
            store.delete(key)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_result_computed_by_one_server_is_served_from_the_cache_by_the_other(servers):
    path = f"/api/evaluations/{servers['evaluation']}/ranking/"
    first = requests.get(servers["a"] + path, headers=servers["headers"], timeout=120)
    assert first.status_code == 200, first.text
    assert 'results;desc="miss"' in first.headers["Server-Timing"]
    second = requests.get(servers["b"] + path, headers=servers["headers"], timeout=120)
    assert second.status_code == 200
    assert 'results;desc="hit"' in second.headers["Server-Timing"]
    assert second.json()["ranking"] == first.json()["ranking"]


def test_an_edit_through_one_server_is_seen_and_version_guarded_through_the_other(servers):
    path = f"/api/vendors/{servers['vendor']}/"
    headers = servers["headers"]
    read_on_a = requests.get(servers["a"] + path, headers=headers, timeout=60)
    assert read_on_a.status_code == 200
    stale_etag = read_on_a.headers["ETag"]
    read_on_b = requests.get(servers["b"] + path, headers=headers, timeout=60)
    assert read_on_b.headers["ETag"] == stale_etag
    edited = requests.patch(
        servers["a"] + path,
        json={"description": "Edited through server A."},
        headers={**headers, "If-Match": stale_etag},
        timeout=60,
    )
    assert edited.status_code == 200, edited.text
    seen = requests.get(servers["b"] + path, headers=headers, timeout=60)
    assert seen.json()["description"] == "Edited through server A."
    assert seen.headers["ETag"] == edited.headers["ETag"] != stale_etag
    # Server B refuses a write based on what was read before A's edit.
    stale = requests.patch(
        servers["b"] + path,
        json={"description": "Written from a stale read on B."},
        headers={**headers, "If-Match": stale_etag},
        timeout=60,
    )
    assert stale.status_code == 412
    assert stale.json()["errors"][0]["code"] == "stale_version"
    assert requests.get(servers["a"] + path, headers=headers, timeout=60).json()["description"] == (
        "Edited through server A."
    )


def signed_in(base: str) -> requests.Session:
    http = requests.Session()
    page = http.get(base + "/accounts/login/", timeout=60)
    fields = post_form_fields(page.text, "username")
    fields.update(username=["two.servers"], password=[PASSWORD])
    assert http.post(page.url, data=fields, allow_redirects=False, timeout=60).status_code == 302
    return http


def test_a_dashboard_drawn_by_one_server_is_served_by_the_other_until_an_edit_through_either(servers):
    # One browser session (cookies are per host, not per port), requests to either server.
    http = signed_in(servers["a"])
    path = f"/evaluations/{servers['evaluation']}/dashboard/"
    drawn = http.get(servers["a"] + path, timeout=120)
    assert drawn.status_code == 200
    assert 'dashboard-page;desc="miss"' in drawn.headers["Server-Timing"]
    served = http.get(servers["b"] + path, timeout=120)
    assert 'dashboard-page;desc="hit"' in served.headers["Server-Timing"]
    assert "chart-rank-probabilities" in served.text

    vendor = f"/api/vendors/{servers['vendor']}/"
    etag = requests.get(servers["a"] + vendor, headers=servers["headers"], timeout=60).headers["ETag"]
    renamed = requests.patch(
        servers["a"] + vendor,
        json={"name": "Renamed on server A"},
        headers={**servers["headers"], "If-Match": etag},
        timeout=60,
    )
    assert renamed.status_code == 200, renamed.text
    after = http.get(servers["b"] + path, timeout=120)
    assert 'dashboard-page;desc="miss"' in after.headers["Server-Timing"]
    assert "Renamed on server A" in after.text
