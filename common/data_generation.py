"""A number that moves on whenever the data a page shows may have changed: a cheap cache key.

A results page keyed by the digest of its inputs must read every input first (the nine to
fourteen queries of ``scoring_inputs``, most of a warm page's time). This counter lets it skip
that: a page cached under generation N is served while the counter still says N, and every
write that could change what it shows moves the counter on.

"Every write" is enforced where every write passes: the database connection. An execute
wrapper (installed on each new connection) sees each INSERT, UPDATE, DELETE and TRUNCATE —
``save()``, ``QuerySet.update()``, ``bulk_create``, cascades, many-to-many changes and raw SQL
alike — and moves the counter on once the transaction that wrote commits (in autocommit, at
once). Bookkeeping tables that no cached page reads (sessions, login attempts, jobs'
progress, tokens' last use, history rows written beside the rows they copy…) are left out,
so that browsing does not empty the caches.

The counter is one database row, so every server and the worker share it without a shared
cache. Until the transaction that wrote commits, ``current()`` answers None for that
connection: a page inside it computes afresh, and its uncommitted data is never cached under
a number others read. A rolled-back transaction leaves the counter where it was (Django drops
its on-commit callbacks). A write made outside the app (psql) is not seen: ``manage.py
bump_data_generation`` (or any write through the app) moves the counter by hand.
"""

import functools
import logging
import re
import secrets
from collections.abc import Callable

from django.db import DatabaseError, connections, models, transaction
from django.db.backends.signals import connection_created
from django.db.models import F

logger = logging.getLogger(__name__)

ROW = 1

# Tables whose rows no cached page shows, written while people merely browse or sign in.
UNWATCHED_TABLES = frozenset(
    {
        "accounts_apitoken",
        "accounts_recoverycode",
        "accounts_recoverycodedevice",
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
        "common_datageneration",
        "common_job",
        "common_scheduledrun",
        "django_admin_log",
        "django_migrations",
        "django_session",
        "django_tasks_database_dbtaskresult",
        "evaluator_digestsent",
        "evaluator_portalevent",
        "evaluator_remindersent",
        "home_homevisit",
        "otp_totp_totpdevice",
        "vendors_notification",
        "vendors_webhookdelivery",
    }
)

WRITE = re.compile(
    r"""\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?(?P<table>[\w.]+)""",
    re.IGNORECASE,
)
# Updates that only keep books on a watched table: signing in stamps the user's last login.
BOOKKEEPING_UPDATE = re.compile(
    r"""\s*UPDATE\s+"auth_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE""", re.IGNORECASE
)
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE")


def new_epoch() -> str:
    return secrets.token_hex(8)


class DataGeneration(models.Model):
    """The counter's one row (id 1), created by the migration that made the table.

    ``epoch`` is drawn afresh whenever the row is made again (a flushed database starts
    counting from 1 anew): a number counted twice is never the same key.
    """

    value = models.BigIntegerField(default=0)
    epoch = models.CharField(max_length=32, default=new_epoch)

    class Meta:
        app_label = "common"

    def __str__(self) -> str:
        return f"data generation {self.epoch}.{self.value}"


def watched(table: str) -> bool:
    table = table.rsplit(".", 1)[-1].strip('"`').lower()
    return table not in UNWATCHED_TABLES and "_historical" not in table


def moves_generation(sql: str) -> bool:
    """Whether the statement may change what a cached page shows: a write to a watched table
    (TRUNCATE always: it names many tables at once). Reads and DDL do not."""
    head = sql.lstrip()[:8].upper()
    if not head.startswith(WRITE_VERBS):
        return False
    if head.startswith("TRUNCATE"):
        return True
    match = WRITE.match(sql)
    if match is None:
        return True  # a write we cannot read the table of: assume it matters
    return watched(match["table"]) and not BOOKKEEPING_UPDATE.match(sql)


@functools.cache
def _bump_after_commit(alias: str) -> Callable[[], None]:
    """The on-commit callback of one connection, one object per alias: finding it among the
    connection's pending callbacks is how ``_pending`` knows "this transaction wrote"."""
    return functools.partial(bump, alias)


def _pending(connection) -> bool:
    marker = _bump_after_commit(connection.alias)
    return any(func is marker for _, func, _ in connection.run_on_commit)


def bump(using: str = "default") -> None:
    """Move the counter on (its own statement, after the writer's commit)."""
    try:
        if not DataGeneration.objects.using(using).filter(pk=ROW).update(value=F("value") + 1):
            DataGeneration.objects.using(using).bulk_create(
                [DataGeneration(pk=ROW, value=1)], ignore_conflicts=True
            )
    except DatabaseError:
        # Before the migration that creates the table (the first ``migrate``): nothing is cached yet.
        logger.debug("data generation not moved: its table is not there", exc_info=True)


class Watcher:
    """The execute wrapper: a write to a watched table moves the counter once its transaction commits."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if isinstance(sql, str) and moves_generation(sql):
            connection = connections[self.alias]
            if not _pending(connection):
                try:
                    transaction.on_commit(_bump_after_commit(self.alias), using=self.alias)
                except transaction.TransactionManagementError:
                    bump(self.alias)  # manual transaction management: no commit hook to wait for
        return result


def watch(sender, connection, **kwargs) -> None:
    """connection_created: wrap the new connection once (a connection object reconnects often)."""
    if not any(isinstance(wrapper, Watcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(Watcher(connection.alias))


def install() -> None:
    connection_created.connect(watch, dispatch_uid="common.data_generation.watch")


def current(using: str = "default") -> str | None:
    """The counter now as "epoch.value" (one query); None while this connection holds
    uncommitted watched writes, or before the row exists (nothing may be cached then)."""
    connection = connections[using]
    if connection.in_atomic_block and _pending(connection):
        return None
    row = DataGeneration.objects.using(using).filter(pk=ROW).values_list("epoch", "value").first()
    return f"{row[0]}.{row[1]}" if row else None
