"""Benchmark: importing 50,000 answers vs a raw executemany of the same rows into the same table.

Run on demand (not part of the test suite):

    DJANGO_DEBUG=1 .venv/bin/python tests/perf/bench_import_answers.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vt DJANGO_DEBUG=1 .venv/bin/python tests/perf/bench_import_answers.py

It always measures on a temporary SQLite file and, when DATABASE_URL names a
PostgreSQL server, also on a throw-away test database there. The workload is
100 vendors × 500 questions, imported as 100 CSV files through
``evaluator.responses.importing.import_answers`` (read, validate,
bulk write, progress), timed end to end; the baseline inserts exactly the rows
the import wrote with one ``cursor.executemany`` in one transaction. Each side
runs ``--repeat`` times from a clean table and the best time counts. The ratio
must stay within 10× on SQLite and 4× on PostgreSQL; the script exits 1 if not.
Workbook (.xlsx) import time is printed too, for information.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOUNDS = {"sqlite": 10.0, "postgresql": 4.0}
VENDORS, QUESTIONS = 100, 500
KINDS = ["number", "single_choice", "scale", "yes_no", "text", "currency", "date", "multiple_choice"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--xlsx", action="store_true", help="also time the same import from .xlsx files")
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
            if args.xlsx:
                command.append("--xlsx")
            failed |= subprocess.run(command, env=env, cwd=ROOT, check=False).returncode != 0
    return 1 if failed else 0


def run_child(args) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    backend = args.child
    if backend == "postgresql":
        # A throw-away database next to the configured one, dropped at the end.
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        return measure(backend, args.repeat, args.xlsx)
    finally:
        if backend == "postgresql":
            connection.creation.destroy_test_db(old_name, verbosity=0)


def build_fixture():
    from evaluator.models import Choice, Question, Questionnaire, Section
    from vendors.models import Vendor

    questionnaire = Questionnaire.objects.create(family="bench", title="Benchmark questionnaire")
    section = Section.objects.create(questionnaire=questionnaire, title="All")
    questions = Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            section=section,
            code=f"B-{i:04d}",
            position=i,
            text=f"Question {i}",
            kind=KINDS[i % len(KINDS)],
        )
        for i in range(QUESTIONS)
    )
    Choice.objects.bulk_create(
        Choice(question=q, position=p, label=label, score=p)
        for q in questions
        if q.kind in ("single_choice", "multiple_choice")
        for p, label in enumerate(["Low", "Medium", "High"], start=1)
    )
    vendors = Vendor.objects.bulk_create(
        Vendor(name=f"Bench vendor {v:03d}", slug=f"bench-{v:03d}") for v in range(VENDORS)
    )
    return questionnaire, questions, vendors


def answer_text(kind: str, v: int, i: int) -> str:
    return {
        "number": str(v * 1000 + i),
        "single_choice": ["Low", "Medium", "High"][(v + i) % 3],
        "scale": str((v + i) % 6),
        "yes_no": "Yes" if (v + i) % 2 else "No",
        "text": f"Vendor {v} says something about question {i}.",
        "currency": f"{(v + 1) * 1250}.50",
        "date": f"2027-{(i % 12) + 1:02d}-15",
        "multiple_choice": "Low; High",
    }[kind]


def files(questions, vendors, xlsx: bool) -> list[bytes]:
    from tests.evaluator.questionnaire_helpers import csv_bytes, xlsx_bytes

    make = xlsx_bytes if xlsx else csv_bytes
    return [
        make([(q.code, answer_text(q.kind, v, i)) for i, q in enumerate(questions)])
        for v in range(len(vendors))
    ]


def clean_slate():
    from evaluator.models import Answer, Response

    Answer.objects.all().delete()
    Response.objects.all().delete()


def time_import(questionnaire, vendors, payloads, extension: str) -> float:
    from evaluator.responses.importing import import_answers

    clean_slate()
    started = time.perf_counter()
    for vendor, data in zip(vendors, payloads, strict=True):
        result = import_answers(data, f"answers.{extension}", vendor, questionnaire, None)
        if not result.ok:
            raise SystemExit(f"benchmark import failed: {result.errors[:3]}")
    return time.perf_counter() - started


def time_executemany(rows, columns) -> float:
    from django.db import connection, transaction

    from evaluator.models import Answer

    Answer.objects.all().delete()
    table = Answer._meta.db_table
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 - fixed names
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return time.perf_counter() - started


def measure(backend: str, repeat: int, with_xlsx: bool) -> int:
    from django.db import connection

    from evaluator.models import Answer

    questionnaire, questions, vendors = build_fixture()
    csv_payloads = files(questions, vendors, xlsx=False)
    import_times = [time_import(questionnaire, vendors, csv_payloads, "csv") for _ in range(repeat)]
    count = Answer.objects.count()
    assert count == VENDORS * QUESTIONS, count
    # The exact rows the import wrote, as the database holds them, minus the id it assigns.
    columns = [f.column for f in Answer._meta.concrete_fields if not f.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {Answer._meta.db_table}")  # noqa: S608
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        position = columns.index("value_choices")
        rows = [(*row[:position], Jsonb(row[position]), *row[position + 1 :]) for row in rows]
    raw_times = [time_executemany(rows, columns) for _ in range(repeat)]
    best_import, best_raw = min(import_times), min(raw_times)
    ratio = best_import / best_raw
    bound = BOUNDS[backend]
    verdict = "within" if ratio <= bound else "OVER"
    print(
        f"[{backend}] {count:,} answers ({VENDORS} vendors × {QUESTIONS} questions, CSV): "
        f"import {best_import:.2f} s, raw executemany {best_raw:.2f} s, "
        f"ratio {ratio:.1f}× ({verdict} the {bound:.0f}× bound); "
        f"runs: import {', '.join(f'{t:.2f}' for t in import_times)} / raw {', '.join(f'{t:.2f}' for t in raw_times)}"
    )
    if with_xlsx:
        xlsx_payloads = files(questions, vendors, xlsx=True)
        xlsx_time = time_import(questionnaire, vendors, xlsx_payloads, "xlsx")
        print(
            f"[{backend}] same answers from .xlsx files: {xlsx_time:.2f} s ({xlsx_time / best_raw:.1f}× raw)"
        )
    return 0 if ratio <= bound else 1


if __name__ == "__main__":
    sys.exit(main())
