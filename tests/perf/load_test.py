"""Bounded load test: the app under gunicorn on PostgreSQL, 50 concurrent users for 60 seconds.

Run on demand (pytest never collects tests/perf):

    DJANGO_DEBUG=1 .venv/bin/python tests/perf/load_test.py

It recreates its own database (LOAD_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/vendor_tracker_load), migrates, seeds the demo
data, adds the simulated users, collects the static files and starts gunicorn with the
production settings (DEBUG off, whitenoise; plain HTTP on the loopback). Then:

- 40 % of the users browse (vendor list and pages, roadmaps, the evaluation's overview,
  results, dashboard and scorecards, the API's vendor list) as executives and risk leaders;
- 30 % enter answers a section at a time in the two editable demo responses (many on the
  same sections), each time appending a unique token to one answer's comment;
- the rest edit the same three briefings through the API (read, append a token to the
  notes, PATCH with If-Match) and list roadmap items.

Every user signs in first; the measured window (LOAD_SECONDS, default 60) starts when all
have. Between actions each user thinks for LOAD_THINK_MIN..LOAD_THINK_MAX seconds
(default 0.5..1.5). At the end every acknowledged edit must still be in its record (no
lost update). Prints throughput, latency percentiles overall and per kind of request,
errors and lost updates; exits 1 when a target is missed: no 5xx, no unexpected 4xx,
no lost update, p95 under LOAD_TARGET_P95_MS (default 500).

The load generator runs on the same machine as the server and takes CPU from it.
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
from tests.perf.load.users import AnswerEntry, ApiEditor, Browser, lost_updates  # noqa: E402

USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
THINK = (float(os.environ.get("LOAD_THINK_MIN", "0.5")), float(os.environ.get("LOAD_THINK_MAX", "1.5")))
WORKERS = int(os.environ.get("LOAD_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
THREADS = int(os.environ.get("LOAD_THREADS", "1"))
TARGET_P95_MS = float(os.environ.get("LOAD_TARGET_P95_MS", "500"))
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vendor_tracker_load")


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
    print(f"setting up {DATABASE_URL.rsplit('/', 1)[-1]}: migrate, demo data, {USERS} users ...", flush=True)
    data, static_root = server.prepare(DATABASE_URL, USERS)
    recorder = Recorder()
    plan = Plan(USERS, SECONDS, THINK)
    with server.gunicorn(DATABASE_URL, static_root, WORKERS, THREADS) as (base, master):
        kinds = [(Browser, "browse"), (AnswerEntry, "answers"), (ApiEditor, "api")]
        users = [
            cls(base, account, data, recorder, seed=index * 7919 + n, plan=plan)
            for index, (cls, group) in enumerate(kinds)
            for n, account in enumerate(data["users"][group])
        ]
        print(
            f"gunicorn: {WORKERS} workers x {THREADS} threads; users: "
            + ", ".join(f"{len(data['users'][g])} {g}" for _, g in kinds)
            + f"; think {THINK[0]}-{THINK[1]} s; signing in ...",
            flush=True,
        )
        for user in users:
            user.start()
        plan.ready.wait()
        workers = server.children(master)
        cpu_before = (server.cpu_seconds(workers), server.cpu_seconds(server.postgres_backends()), own_cpu())
        plan.start()
        print(f"measuring for {SECONDS:.0f} s ...", flush=True)
        for user in users:
            user.join(timeout=SECONDS + 60)
        elapsed = time.monotonic() - plan.started
        cpu_after = (server.cpu_seconds(workers), server.cpu_seconds(server.postgres_backends()), own_cpu())
        lost = lost_updates(base, data, recorder)
    ok = report(recorder, min(elapsed, SECONDS), lost, TARGET_P95_MS)
    used = [after - before for before, after in zip(cpu_before, cpu_after, strict=True)]
    print(
        f"CPU over {elapsed:.0f} s on {os.cpu_count()} cores: gunicorn workers {used[0]:.0f} s, "
        f"PostgreSQL {used[1]:.0f} s, this load generator {used[2]:.0f} s"
    )
    return 0 if ok else 1


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
