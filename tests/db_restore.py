"""Every test starts from the data the migrations put in (taxonomy, role groups), even after a flush.

A transactional test (``django_db(transaction=True)``, ``transactional_db``,
``live_server``) ends with Django flushing every table, which also wipes the
rows created by data migrations. Django's ``serialized_rollback`` puts them
back only at the start of the next test that asks for it, so later tests
with module-scoped data (``tests/demo/test_seed_demo.py``) or a plain
transactional test found empty role groups. Here the migration data is
snapshot once, and restored right after each transactional test.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections
from pytest_django.fixtures import validate_django_db
from pytest_django.plugin import blocking_manager_key

from common.data_generation import DataGeneration, new_epoch

_MIGRATION_DATA: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, plus a snapshot of what the data migrations wrote."""
    with django_db_blocker.unblock():
        for alias in connections:
            _MIGRATION_DATA[alias] = connections[alias].creation.serialize_db_to_string()


def _flushes_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    result = yield
    # After the last test the test databases are already gone, and nothing needs the data.
    if _MIGRATION_DATA and nextitem is not None and _flushes_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            for alias, data in _MIGRATION_DATA.items():
                # The teardown flush re-ran post_migrate (content types, permissions) with new ids;
                # clear those too so the snapshot goes back with its own ids.
                call_command(
                    "flush", interactive=False, inhibit_post_migrate=True, database=alias, verbosity=0
                )
                connections[alias].creation.deserialize_db_from_string(data)
                _reset_sequences(connections[alias])
                # The snapshot holds the data generation's row too: a fresh epoch, or the next
                # test would count the numbers an earlier one counted, and hit its cached pages.
                DataGeneration.objects.using(alias).update(epoch=new_epoch())
    return result


def _reset_sequences(connection) -> None:
    """PostgreSQL: move every id sequence past the restored rows (their ids were kept)."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
