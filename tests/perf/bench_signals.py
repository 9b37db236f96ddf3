"""Benchmark: importing a full-size KEV catalog (1,500 entries) vs a raw executemany of the same rows.

Run on demand (not part of the test suite):

    DJANGO_DEBUG=1 .venv/bin/python tests/perf/bench_signals.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vt DJANGO_DEBUG=1 .venv/bin/python tests/perf/bench_signals.py
    DJANGO_DEBUG=1 .venv/bin/python tests/perf/bench_signals.py --catalog known_exploited_vulnerabilities.json

It always measures on a temporary SQLite file and, when DATABASE_URL names a PostgreSQL server,
also on a throw-away test database there. The workload: 60 vendors (aliases, products and a
watcher each) and a generated catalog in CISA's published schema whose entries name them (one in
ten names nobody, and waits in the review queue); or, with ``--catalog``, a real catalog file
(most of whose vendors are then unknown). The import (parse, match, save signals with their
history, queue, notify) is timed end to end, best of ``--repeat`` from a clean table; the
baseline inserts exactly the signal, history and queued rows it wrote with
``cursor.executemany`` in one transaction (the notifications are left out of it). It prints the
time, the queries, the ratio, and a re-import of the same catalog (adds nothing). It exits 1 if
the import takes 5 s or more, runs more than ``QUERY_LIMIT`` queries, or the re-import adds
anything. The ratio is printed for information: the import also parses, matches and builds the
history rows, which the raw insert does not.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT_SECONDS = 5.0
# Matcher 4, known 2, inserts (1,000 rows each: signals 2, history 2, queue 1), notifications 3, savepoints.
QUERY_LIMIT = 20
VENDORS, ENTRIES = 60, 1500


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--catalog", help="a real KEV catalog file instead of the generated one")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args)
    targets = []
    with tempfile.TemporaryDirectory() as folder:
        targets.append(("sqlite", f"sqlite:///{folder}/bench.sqlite3"))
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            targets.append(("postgresql", url))
        failed = False
        for backend, database_url in targets:
            env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1"}
            command = [sys.executable, __file__, "--child", backend, "--repeat", str(args.repeat)]
            if args.catalog:
                command += ["--catalog", str(Path(args.catalog).resolve())]
            failed |= subprocess.run(command, env=env, cwd=ROOT, check=False).returncode != 0
    return 1 if failed else 0


def run_child(args) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if args.child == "postgresql":
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        return measure(args.child, args.repeat, args.catalog)
    finally:
        if args.child == "postgresql":
            connection.creation.destroy_test_db(old_name, verbosity=0)


def build_fixture() -> list[str]:
    from django.contrib.auth import get_user_model

    from vendors.models import Vendor, VendorAlias, VendorProduct, VendorWatch

    vendors = Vendor.objects.bulk_create(
        Vendor(name=f"Bench Vendor {v:02d}", slug=f"bench-vendor-{v:02d}") for v in range(VENDORS)
    )
    VendorAlias.objects.bulk_create(
        VendorAlias(
            vendor=vendor,
            kind="name",
            name=f"Bench Vendor {v:02d} Inc.",
            normalised=f"bench vendor {v:02d} inc.",
        )
        for v, vendor in enumerate(vendors)
    )
    VendorProduct.objects.bulk_create(
        VendorProduct(vendor=vendor, name=f"Product {p}", family=f"family {p % 3}")
        for vendor in vendors
        for p in range(7)
    )
    watcher = get_user_model().objects.create(username="bench.watcher")
    VendorWatch.objects.bulk_create(
        VendorWatch(user=watcher, vendor=vendor, signal_min_severity="critical") for vendor in vendors
    )
    return [f"Bench Vendor {v:02d}" + (" Inc." if v % 2 else "") for v in range(VENDORS)] + [
        "Nobody We Track"
    ] * 6


def clean_slate():
    from vendors.models import Notification, Signal, UnmatchedEntry

    Notification.objects.all().delete()
    Signal.history.all().delete()
    Signal.objects.all().delete()
    UnmatchedEntry.objects.all().delete()


def time_import(data: bytes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vendors.signals import services

    connection.queries_log.clear()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        report = services.import_records(services.parse("kev", data), source="kev")
    return time.perf_counter() - started, len(queries), report


def time_baseline() -> float:
    """executemany of exactly the signal, history and queued rows the import wrote (notifications aside)."""
    from django.db import connection, transaction

    from vendors.models import Signal, UnmatchedEntry

    tables = []
    for model in (Signal, Signal.history.model, UnmatchedEntry):
        fields = [
            f for f in model._meta.concrete_fields if not f.primary_key or model is Signal.history.model
        ]
        rows = [
            tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)
            for obj in model._base_manager.all()
        ]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        tables.append((f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})", rows))  # noqa: S608
    clean_slate()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, rows in tables:
            if rows:
                cursor.executemany(sql, rows)
    return time.perf_counter() - started


def measure(backend: str, repeat: int, catalog: str | None) -> int:
    from django.urls import reverse

    from tests.vendors.signals.helpers import kev_catalog

    reverse("vendors:list")  # the URL configuration is loaded, as in a running server (cold: ~1 s once)
    names = build_fixture()
    data = Path(catalog).read_bytes() if catalog else kev_catalog(ENTRIES, names)
    best, baseline = None, None
    for _ in range(repeat):
        clean_slate()
        run = time_import(data)
        best = run if best is None or run[0] < best[0] else best
        baseline = min(baseline or 1e9, time_baseline())
    clean_slate()
    time_import(data)
    again = time_import(data)
    seconds, queries, report = best
    ratio = seconds / baseline if baseline else float("inf")
    print(
        f"{backend}: {report.entries} KEV entries in {seconds:.2f} s, {queries} queries "
        f"({report.added} signals, {report.queued} queued, {report.notified} notifications); "
        f"raw executemany of the same rows {baseline:.3f} s; ratio {ratio:.1f}×. "
        f"Re-import: {again[2].added} added in {again[0]:.2f} s, {again[1]} queries."
    )
    ok = seconds < LIMIT_SECONDS and queries <= QUERY_LIMIT and again[2].added == 0
    if not ok:
        print(
            f"{backend}: FAILED (limits {LIMIT_SECONDS:.0f} s and {QUERY_LIMIT} queries; re-import adds nothing)"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
