"""Table generations: when a copy of something built from the database is out of date.

Every write statement that goes through Django's database layer (the ORM, bulk writes, raw
cursors alike) is seen by `watch_writes`, installed on every connection. Once the write is
committed the table's row in `TableGeneration` moves on by one (in its own statement after
the commit, so no write transaction waits on it or can deadlock over it), and at once, in this
process, a local counter moves on too. A cached list (`zhenxing.lib.list_cache`) is keyed by
the generations of the tables it was built from, so the next committed write to any of them
makes every copy built before it unreachable, in every server process.

Why both counters: the database's says what other processes committed; the local one covers
what this process is writing right now, including inside a transaction that a test never
commits. A copy built from rows read before a commit is keyed by the generation read before
it, which the commit moves on; a request that reads the old generation after the commit but
before the counter moves (microseconds) sees what it would have seen a moment earlier.

Writes outside Django (psql by hand) are not seen: the cached copies also expire after
LIST_CACHE_SECONDS, and `zhenxing generations bump` (operations.md) moves every table on.
"""

import contextvars
import logging
import re
from collections import defaultdict

from django.db import DatabaseError, transaction
from django.db.backends.signals import connection_created
from django.db.models import F
from django.dispatch import receiver

logger = logging.getLogger(__name__)

_WRITE = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
# Tables whose writes no cached copy is built from: bookkeeping written on most requests.
UNWATCHED_PREFIXES = (
    "operations_tablegeneration",
    "operations_workerheartbeat",
    "operations_periodicrun",
    "django_session",
    "django_tasks",
    "axes_",
)
# One statement on SQLite and PostgreSQL alike (both quote names with ").
BUMP = (
    'INSERT INTO "operations_tablegeneration" ("table", "value") VALUES (%s, 1) '
    'ON CONFLICT ("table") DO UPDATE SET "value" = "operations_tablegeneration"."value" + 1'
)

_local: defaultdict[str, int] = defaultdict(int)
# The stored generations read in the request being served, by database (GenerationsMiddleware).
_request_read: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "table_generations", default=None
)


class _Bump:
    """The after-commit step for one table (one per table per transaction)."""

    __slots__ = ("connection", "table")

    def __init__(self, connection, table: str):
        self.connection = connection
        self.table = table

    def __call__(self) -> None:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(BUMP, [self.table])
        except DatabaseError as error:  # before the table exists (migrating): nothing is cached
            logger.debug("generation of %s not moved: %s", self.table, error)


def _written_table(sql: str) -> str | None:
    match = _WRITE.match(sql) if sql else None  # anchored: a SELECT fails on its first letter
    if not match:
        return None
    table = match.group(1).lower()
    if table.startswith(UNWATCHED_PREFIXES):
        return None
    return table


def watch_writes(execute, sql, params, many, context):
    """An execute wrapper (Django's `execute_wrappers`): after a write, count it."""
    result = execute(sql, params, many, context)
    table = _written_table(sql)
    if table is not None:
        connection = context["connection"]
        _local[table] += 1
        pending = any(
            isinstance(callback, _Bump) and callback.table == table
            for _savepoints, callback, _robust in connection.run_on_commit
        )
        if not pending:
            transaction.on_commit(_Bump(connection, table), using=connection.alias)
    return result


@receiver(connection_created)
def install_watch(sender, connection, **kwargs) -> None:
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def generations_of(tables: tuple[str, ...], using: str) -> tuple:
    """The generations of `tables` as the database `using` holds them, each with this
    process's own count: part of a cache key. Within a request (GenerationsMiddleware) the
    stored generations are read once, however many lists and scopes the page uses."""
    from zhenxing.operations.models import TableGeneration

    read = _request_read.get()
    if read is None or using not in read:
        rows = TableGeneration.objects.using(using).order_by().values_list("table", "value")
        stored = dict(rows)
        if read is not None:
            read[using] = stored
    else:
        stored = read[using]
    return tuple((stored.get(table, 0), _local[table]) for table in tables)


class GenerationsMiddleware:
    """Gives each request its own reading of the stored generations (see generations_of)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_read.set({})
        try:
            return self.get_response(request)
        finally:
            _request_read.reset(token)


def bump_all(using: str = "default") -> int:
    """Move every table's generation on (after writes made outside Django)."""
    from zhenxing.operations.models import TableGeneration

    for table in list(_local):
        _local[table] += 1
    return TableGeneration.objects.using(using).update(value=F("value") + 1)
