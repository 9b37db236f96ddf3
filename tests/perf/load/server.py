"""A production-like site for the load test: two gunicorn instances, one task worker, PostgreSQL,
one Redis, DEBUG off, whitenoise.

Plain HTTP on the loopback (no TLS proxy in front), so the cookies are not marked
Secure and there is no HTTPS redirect; everything else is the production settings, with the
scaling settings of docs/operations.md: REDIS_URL (shared cache and cached_db sessions) and
DJANGO_TASKS_BACKEND=database (background jobs to ``manage.py db_worker``).
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(url: str) -> None:
    """Drop and create the load test's own database (never one the app or the tests use)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


MEDIA_ROOT = tempfile.mkdtemp(prefix="load-media-")  # one, shared by both instances and the worker


def server_environment(database_url: str, static_root: str, redis_url: str = "") -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_STATIC_ROOT": static_root,
        "DJANGO_MEDIA_ROOT": MEDIA_ROOT,
        "REDIS_URL": redis_url,
        "DJANGO_CACHE_KEY_PREFIX": f"load-{os.getpid()}",
        "DJANGO_TASKS_BACKEND": "database",
        "DJANGO_REQUEST_LOG": os.environ.get("DJANGO_REQUEST_LOG", "0"),
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_EMAIL_BACKEND": "locmem",
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def prepare(database_url: str, users: int, vendors: int) -> tuple[dict, str]:
    """A fresh database with the demo data (scaled to ``vendors``) and the load users; collected
    static files."""
    recreate_database(database_url)
    static_root = tempfile.mkdtemp(prefix="load-static-")
    env = server_environment(database_url, static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    # seed_demo refuses without DEBUG unless told; the load database is throw-away.
    setup = subprocess.run(
        [sys.executable, "-m", "tests.perf.load.fixtures", str(users), str(vendors)],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "1", "DJANGO_TASKS_BACKEND": "immediate"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(setup.stdout.strip().splitlines()[-1]), static_root


def cpu_seconds(pids, *, with_children: bool = False) -> float:
    """User + system CPU time of these processes so far (Linux /proc), in seconds; with_children:
    also that of their children that ended (a Chromium the worker closed)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if with_children:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime
    return total / ticks


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent not idle so far (/proc/stat), every process included."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (the worker's Playwright driver and its Chromium processes)."""
    found, todo = [], [pid]
    while todo:
        below = children(todo.pop())
        found.extend(below)
        todo.extend(below)
    return found


def postgres_backends() -> list[int]:
    """The PostgreSQL server processes (their CPU is part of what each request costs)."""
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() in ("postgres", "postmaster"):
                pids.append(int(comm.parent.name))
        except OSError:
            continue
    return pids


def wait_until_up(base: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            requests.get(base + "/accounts/login/", timeout=10)
            return
        except requests.RequestException:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"gunicorn at {base} did not start") from None
            time.sleep(0.2)


WORKER_NICENESS = 10


@contextlib.contextmanager
def site(database_url: str, static_root: str, redis_url: str, ports, workers: int, threads: int):
    """Start one gunicorn per port and one task worker; yield the base URLs and the pids of the
    gunicorn masters and of the worker; stop them all afterwards."""
    env = server_environment(database_url, static_root, redis_url)
    processes, bases = [], []
    try:
        for port in ports:
            command = [
                sys.executable, "-m", "gunicorn", "config.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
                "--worker-class", "gthread" if threads > 1 else "sync",
                "--timeout", "60", "--log-level", "warning",
                "--no-control-socket",  # two instances would share ~/.gunicorn/gunicorn.ctl
                # Idle keep-alive connections kept longer than a user thinks: with gunicorn's 2 s,
                # a POST sent on a connection the server was closing came back as a reset.
                "--keep-alive", "75",
            ]  # fmt: skip
            processes.append(subprocess.Popen(command, cwd=ROOT, env=env))
            bases.append(f"http://127.0.0.1:{port}")
        # The worker (and the Chromium it renders PDFs with) yields the cores to the app servers, as
        # docs/operations.md has it on a host they share (Nice=10): a PDF waits, a page does not.
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "1"],
            cwd=ROOT,
            env=env,
            preexec_fn=lambda: os.nice(WORKER_NICENESS),  # noqa: PLW1509 - no threads before the fork
        )
        processes.append(worker)
        for base, process in zip(bases, processes, strict=False):
            wait_until_up(base, process)
        yield bases, [p.pid for p in processes[:-1]], worker.pid
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def flush_redis(redis_url: str) -> None:
    """Empty the load test's Redis database (its own number, never the app's)."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
