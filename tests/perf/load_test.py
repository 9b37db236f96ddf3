"""Load test (issue 16 point 5): two app instances, one task worker, PostgreSQL and Redis.

One command, from the project root (pytest never collects tests/perf)::

    .venv/bin/python tests/perf/load_test.py                    # 100 users, 60 s
    LOAD_USERS=20 LOAD_SECONDS=15 .venv/bin/python tests/perf/load_test.py   # a short try

It recreates its own PostgreSQL database (LOAD_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/vendor_tracker_load), migrates, seeds the demo data and
scales the vendor register to LOAD_VENDORS (default 200) vendors with their facts, adds the
simulated users, collects the static files, empties its Redis database (LOAD_REDIS_URL, default
redis://127.0.0.1:6379/10) and starts the production settings (DEBUG off, whitenoise, plain
HTTP on the loopback): TWO gunicorn instances (LOAD_PORTS, default two free ports; LOAD_WORKERS
workers x LOAD_THREADS threads each) sharing the database and the Redis cache, and ONE task
worker (``manage.py db_worker``, DJANGO_TASKS_BACKEND=database). Every simulated request goes to
one of the two instances at random. The users (LOAD_USERS, default 100):

- 45 % browse as executives and risk leaders: vendor list and pages, roadmaps, the evaluation's
  overview, results, dashboard and scorecards, the API's vendor list;
- 20 % enter answers a section at a time in the two editable demo responses (many on the same
  sections), each time appending a unique token to one answer's comment;
- 25 % are scripts editing the same three briefings and six answers through the API (read,
  append a token, PATCH with If-Match: a stale version is refused with 412) and listing roadmaps;
- 10 % are executives downloading the dashboard or a scorecard as PDF now and then: a direct PDF
  answer, a 429 with Retry-After (waited out), or a redirect to a job page polled until the file
  downloads all count, as long as the file arrives.

Every user signs in first; the measured window (LOAD_SECONDS, default 60) starts when all
have. Between actions each user thinks LOAD_THINK_MIN..LOAD_THINK_MAX seconds (default
0.5..1.5; the PDF readers 15 times that). At the end every acknowledged edit must still be in
its record (no lost update). Prints throughput, latency percentiles per kind of request, errors
by status, PDFs asked for and delivered, lost updates, and the CPU used by the app instances,
the worker, PostgreSQL and the load generator; exits 1 unless: no 5xx, no unexpected 4xx, no
lost update, p95 of every request but the PDFs under LOAD_TARGET_P95_MS (default 300), every
PDF delivered.

The load generator runs on the same machine as the servers and takes CPU from them; on a
2-core machine shared with other work the latencies are pessimistic.
"""

from __future__ import annotations

import os
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.load import server  # noqa: E402
from tests.perf.load.stats import Recorder, report  # noqa: E402
from tests.perf.load.users import AnswerEntry, ApiEditor, Browser, PdfReader, lost_updates  # noqa: E402

USERS = int(os.environ.get("LOAD_USERS", "100"))
VENDORS = int(os.environ.get("LOAD_VENDORS", "200"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
THINK = (float(os.environ.get("LOAD_THINK_MIN", "0.5")), float(os.environ.get("LOAD_THINK_MAX", "1.5")))
# Per instance; two instances share the machine's cores.
WORKERS = int(os.environ.get("LOAD_WORKERS", str(max(2, os.cpu_count() or 1))))
THREADS = int(os.environ.get("LOAD_THREADS", "2"))
TARGET_P95_MS = float(os.environ.get("LOAD_TARGET_P95_MS", "300"))
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vendor_tracker_load")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/10")
PORTS = [int(p) for p in os.environ.get("LOAD_PORTS", "").split(",") if p.strip()] or [
    server.free_port(),
    server.free_port(),
]


class Plan:
    """When the measured window starts and ends, shared by every simulated user."""

    def __init__(self, users: int, seconds: float, think: tuple[float, float]):
        self.ready = threading.Barrier(users + 1)
        self.think = think
        self.seconds = seconds
        self.started = self.ends = None

    def start(self) -> None:
        self.started = time.monotonic()
        self.ends = self.started + self.seconds

    def measuring(self) -> bool:
        return self.ends is not None and time.monotonic() < self.ends

    def over(self) -> bool:
        return self.ends is not None and time.monotonic() >= self.ends


def main() -> int:
    name = DATABASE_URL.rsplit("/", 1)[-1]
    print(f"setting up {name}: migrate, demo data, {VENDORS} vendors, {USERS} users ...", flush=True)
    data, static_root = server.prepare(DATABASE_URL, USERS, VENDORS)
    server.flush_redis(REDIS_URL)
    recorder = Recorder()
    plan = Plan(USERS, SECONDS, THINK)
    with server.site(DATABASE_URL, static_root, REDIS_URL, PORTS, WORKERS, THREADS) as (
        bases,
        masters,
        worker,
    ):
        kinds = [(Browser, "browse"), (AnswerEntry, "answers"), (ApiEditor, "api"), (PdfReader, "pdf")]
        users = [
            cls(bases, account, data, recorder, seed=index * 7919 + n, plan=plan)
            for index, (cls, group) in enumerate(kinds)
            for n, account in enumerate(data["users"][group])
        ]
        print(
            f"{len(bases)} instances ({', '.join(bases)}), {WORKERS} workers x {THREADS} threads each, "
            f"1 task worker; Redis {REDIS_URL}; users: "
            + ", ".join(f"{len(data['users'][g])} {g}" for _, g in kinds)
            + f"; think {THINK[0]}-{THINK[1]} s; signing in ...",
            flush=True,
        )
        for user in users:
            user.start()
        plan.ready.wait()
        app = [pid for master in masters for pid in [master, *server.children(master)]]
        groups = {
            "app instances (gunicorn)": app,
            WORKER_GROUP: [worker],
            "PostgreSQL": server.postgres_backends(),
        }
        cpu_before = cpu_now(groups)
        plan.start()
        print(f"measuring for {SECONDS:.0f} s ...", flush=True)
        for user in users:
            user.join(timeout=SECONDS + PdfReader.PATIENCE + 60)
        elapsed = time.monotonic() - plan.started
        groups["PostgreSQL"] = server.postgres_backends()
        cpu_after = cpu_now(groups)
        lost = lost_updates(bases[0], data, recorder)
    ok = report(recorder, min(elapsed, SECONDS), lost, TARGET_P95_MS)
    print(
        f"CPU seconds over {elapsed:.0f} s on {os.cpu_count()} cores (load average now "
        f"{os.getloadavg()[0]:.1f}): "
        + ", ".join(f"{label} {cpu_after[label] - cpu_before[label]:.1f} s" for label in cpu_after)
    )
    return 0 if ok else 1


WORKER_GROUP = "task worker (with Chromium)"


def cpu_now(groups: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far per group; the worker's include the Chromium under it (the processes
    alive now, and those that ended); "whole machine" is every process's (what another program
    on the machine took shows as the difference)."""
    worker = groups[WORKER_GROUP][0]
    return {
        label: server.cpu_seconds(pids)
        if label != WORKER_GROUP
        else server.cpu_seconds([worker, *server.descendants(worker)], with_children=True)
        for label, pids in groups.items()
    } | {"load generator": own_cpu(), "whole machine": server.machine_busy_seconds()}


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
