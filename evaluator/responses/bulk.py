"""Fast writes for imports: new answers go in with one ``executemany``.

Django's ``bulk_create`` compiles every field of every row through the ORM,
which alone costs over ten times a raw insert of the same rows (measured by
tests/perf/bench_import_answers.py). The rows here are already validated, so
they are adapted per backend with each field's own ``get_db_prep_save`` (only
for the fields that need it) and inserted in one statement batch: ``COPY`` on
PostgreSQL, ``executemany`` elsewhere.
"""

from django.db import connection, models

from evaluator.models.questionnaires import Answer

_FIELDS = [field for field in Answer._meta.concrete_fields if not field.primary_key]
_NEEDS_PREP = (models.DecimalField, models.DateField, models.JSONField)  # DateTimeField is a DateField


def _memoised(field):
    """The field's own adapter, computed once per distinct value (imports repeat values a lot)."""
    cache = {}

    def prepare(value):
        if value is None:
            return None
        key = tuple(value) if isinstance(value, list) else value
        if key not in cache:
            cache[key] = field.get_db_prep_save(value, connection)
        return cache[key]

    return prepare


def insert_answers(answers: list[dict]) -> int:
    """Insert answers given as dicts of field attname -> value (all fields but the id)."""
    if not answers:
        return 0
    preparers = [
        (field.attname, _memoised(field) if isinstance(field, _NEEDS_PREP) else None) for field in _FIELDS
    ]
    rows = [
        tuple(prepare(answer[name]) if prepare else answer[name] for name, prepare in preparers)
        for answer in answers
    ]
    quote = connection.ops.quote_name
    table = quote(Answer._meta.db_table)
    columns = ", ".join(quote(field.column) for field in _FIELDS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams all rows in one statement; executemany sends them one by one.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(_FIELDS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
    return len(rows)
