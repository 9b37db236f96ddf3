"""The data generation (common/data_generation.py): every write the app makes moves it on once
its transaction commits, so a page cached under an older number is never served again.

Transactional tests: the counter moves on commit, which a test wrapped in a transaction never reaches.
"""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from common import data_generation
from common.data_generation import DataGeneration, moves_generation
from common.jobs.models import Job
from tests import factories
from tests.evaluator.factories import EvaluationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def value() -> int:
    return DataGeneration.objects.get(pk=data_generation.ROW).value


def moved(action) -> int:
    before = value()
    action()
    return value() - before


def test_save_update_bulk_create_delete_and_many_to_many_each_move_the_generation_on():
    vendor = factories.VendorFactory(name="Ardmoor")
    evaluation = EvaluationFactory(owner=factories.UserFactory(username="owner.generation"))

    assert moved(lambda: vendor.save()) == 1
    assert moved(lambda: type(vendor).objects.filter(pk=vendor.pk).update(name="Ardmoor Ltd")) == 1
    assert moved(lambda: type(vendor).objects.bulk_create([type(vendor)(name="Bex", slug="bex")])) == 1
    assert moved(lambda: evaluation.candidates.add(vendor)) == 1
    assert moved(lambda: type(vendor).objects.filter(slug="bex").delete()) == 1


def test_raw_sql_moves_it_too():
    vendor = factories.VendorFactory(name="Ardmoor")

    def raw_update():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE vendors_vendor SET name = %s WHERE id = %s", ["Raw", vendor.pk])

    assert moved(raw_update) == 1


def test_a_transaction_moves_it_once_at_commit_and_pages_inside_it_get_no_number():
    def many_writes():
        with transaction.atomic():
            for n in range(5):
                factories.VendorFactory(name=f"Vendor {n}")
            # Uncommitted writes: a page read here must not be cached under a number others read.
            assert data_generation.current() is None
            assert DataGeneration.objects.get().value == before

    before = value()
    assert moved(many_writes) == 1
    assert data_generation.current() == f"{DataGeneration.objects.get().epoch}.{before + 1}"


def test_a_rolled_back_transaction_leaves_it_where_it_was():
    def fail_in_a_transaction():
        with transaction.atomic():
            factories.VendorFactory(name="Never")
            raise RuntimeError("the form failed")

    def rolled_back():
        with pytest.raises(RuntimeError):
            fail_in_a_transaction()

    assert moved(rolled_back) == 0
    assert data_generation.current() is not None


def test_bookkeeping_writes_leave_it_alone():
    user = factories.UserFactory(username="bookkeeping")
    assert moved(lambda: Job.objects.create(kind="pdf", label="A PDF", task_path="x.y", owner=user)) == 0
    assert moved(lambda: Job.objects.update(progress_done=3)) == 0


def test_a_recreated_row_starts_a_new_epoch_so_a_number_counted_twice_is_another_key():
    factories.VendorFactory(name="Ardmoor")
    first = data_generation.current()
    DataGeneration.objects.all().delete()
    assert data_generation.current() is None  # nothing may be cached until it exists again
    factories.VendorFactory(name="Bex")
    second = data_generation.current()
    assert second is not None and second.split(".")[0] != first.split(".")[0]


def test_the_command_moves_it_by_hand(capsys):
    before = value()
    call_command("bump_data_generation")
    assert value() == before + 1
    assert f".{before + 1}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("sql", "moves"),
    [
        ('SELECT "vendors_vendor"."id" FROM "vendors_vendor"', False),
        ('INSERT INTO "vendors_vendor" ("name") VALUES (%s)', True),
        ("  update vendors_contract set value = 1", True),
        ('DELETE FROM "evaluator_manualscore" WHERE id = 1', True),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('INSERT INTO "vendors_historicalvendor" ("name") VALUES (%s)', False),
        ('INSERT OR IGNORE INTO "evaluator_evaluation_candidates" VALUES (1, 2)', True),
        ('TRUNCATE "accounts_apitoken", "vendors_vendor"', True),
        ('CREATE TABLE "x" ("id" integer)', False),
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', False),
        ('UPDATE "auth_user" SET "first_name" = %s WHERE "auth_user"."id" = %s', True),
    ],
)
def test_which_statements_move_it(sql, moves):
    assert moves_generation(sql) is moves
