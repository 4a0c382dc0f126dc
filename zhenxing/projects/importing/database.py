"""Set-based writes for the import, inside the import's one transaction.

Each batch of checked rows goes into a temporary staging table (PostgreSQL: COPY; SQLite: one
executemany), then one INSERT … SELECT … ON CONFLICT (national_code) DO UPDATE moves the batch
into the library and writes its time-series rows (`ProjectUpdate`). The batch is written by a
second thread on the same connection while the import goes on checking the next batch: the
database's work and Python's overlap instead of adding up. Only one batch is in flight, and the
import's own thread does not use the connection until it has waited for it (`wait()`).

The DO UPDATE only fires when a value changed, so a re-import of the same file changes nothing.
Every new or changed row is stamped with the import's id; the counts are read from the stamps.

PostgreSQL checks a foreign key row by row, locking the referenced row each time: half of the
import's database time. Where the database role may set `session_replication_role` (a superuser,
or `GRANT SET ON PARAMETER session_replication_role` on PostgreSQL 15), the writer checks a
batch's references in one statement per key instead, taking the same locks (FOR KEY SHARE on
every referenced row), and switches the row-by-row triggers off for that one statement only.
"""

import re
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import IntegrityError, connection

from zhenxing.projects.importing.rows import STAGING_COLUMNS
from zhenxing.projects.models import Project, ProjectUpdate

STAGING = "project_import_staging"
SQLITE_CACHE_KIB = 256 * 1024
# Field key of the mapping → the project columns it sets.
FIELD_COLUMNS = {
    "name": ("name",),
    "owner": ("owner",),
    "region": ("region_id", "province_code", "prefecture_code"),
    "industry": ("industry", "industry_written"),
    "stage": ("stage",),
    "total_investment": ("total_investment",),
    "annual_planned_investment": ("annual_planned_investment",),
    "investment_completed_this_year": ("investment_completed_this_year",),
    "investment_completed_total": ("investment_completed_total",),
    "funding_sources": ("funding_sources",),
    "planned_start": ("planned_start",),
    "actual_start": ("actual_start",),
    "planned_completion": ("planned_completion",),
    "actual_completion": ("actual_completion",),
    "responsible_unit": ("responsible_unit_id",),
    "signing_event": ("signing_event_id",),
}
_TYPES = {
    "national_code": "varchar(24)",
    "name": "varchar(200)",
    "owner": "varchar(200)",
    "region_id": "bigint",
    "province_code": "varchar(6)",
    "prefecture_code": "varchar(6)",
    "industry": "varchar(1)",
    "industry_written": "varchar(60)",
    "stage": "varchar(12)",
    "total_investment": "numeric(18, 2)",
    "annual_planned_investment": "numeric(18, 2)",
    "investment_completed_this_year": "numeric(18, 2)",
    "investment_completed_total": "numeric(18, 2)",
    "funding_sources": "integer",
    "planned_start": "date",
    "actual_start": "date",
    "planned_completion": "date",
    "actual_completion": "date",
    "responsible_unit_id": "bigint",
    "signing_event_id": "bigint",
}
_PERIOD = re.compile(r"[0-9]{4}-[0-9]{2}|[0-9]{4}(Q[1-4]|H[12])?")

SERIES_COLUMNS = (
    "project_id",
    "period_label",
    "stage",
    "annual_planned_investment",
    "investment_completed_this_year",
    "investment_completed_total",
    "note",
    "source",
    "import_job_id",
    "reported_at",
    "reported_by_id",
)
# The time series' foreign keys the writer answers for when PostgreSQL's row-by-row checks are
# off: the project (a row this same statement wrote, so locked by it) and the reporting user
# (locked once per import). The test suite fails if another constrained key joins the columns.
SERIES_REFERENCES = ("project_id", "reported_by_id")


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def staged_references() -> list[tuple[str, str, str]]:
    """(staging column, referenced table, referenced column) of each foreign key with a
    database constraint among the staged columns."""
    return [
        (field.column, field.related_model._meta.db_table, field.target_field.column)
        for field in Project._meta.concrete_fields
        if field.is_relation and field.db_constraint and field.column in STAGING_COLUMNS
    ]


def replication_role_settable(cursor) -> bool:
    """Whether the row-by-row triggers run now (`session_replication_role` is "origin") and
    this database role may switch them off."""
    from psycopg import errors

    cursor.execute("SHOW session_replication_role")
    if cursor.fetchone()[0] != "origin":
        return False
    cursor.execute("SAVEPOINT zhenxing_replication_role")
    try:
        cursor.execute("SET LOCAL session_replication_role = origin")
        allowed = True
    except errors.InsufficientPrivilege:
        cursor.execute("ROLLBACK TO SAVEPOINT zhenxing_replication_role")
        allowed = False
    cursor.execute("RELEASE SAVEPOINT zhenxing_replication_role")
    return allowed


class ProjectWriter:
    """Writes one import's checked rows a batch at a time, moving each into the library on a
    second thread.

    Use inside `transaction.atomic()` as a context manager: `add()` each batch, then
    `finish()`. The caller must `wait()` before using the connection itself."""

    def __init__(self, *, job_id: int, fields: set[str], period_label: str, now, user_id):
        if not _PERIOD.fullmatch(period_label):
            raise ValueError(f"报告期“{period_label}”格式错误")
        self.job_id = int(job_id)
        self.period_label = period_label
        self.user_id = None if user_id is None else int(user_id)
        self.stamp = connection.ops.adapt_datetimefield_value(now)
        self.updated = [c for key in FIELD_COLUMNS if key in fields for c in FIELD_COLUMNS[key]]
        self.count = 0
        self.project = Project._meta.db_table
        self.postgresql = is_postgresql()
        self.pending: Future | None = None
        self.executor: ThreadPoolExecutor | None = None
        self.set_checks = False
        connection.ensure_connection()
        self.raw = connection.connection.cursor()
        columns = ", ".join(f"{name} {_TYPES[name]}" for name in STAGING_COLUMNS)
        self.raw.execute(f"DROP TABLE IF EXISTS {STAGING}")
        if self.postgresql:
            self.raw.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns}) ON COMMIT DROP")
            self.copy_sql = f"COPY {STAGING} ({', '.join(STAGING_COLUMNS)}) FROM STDIN"
            allowed = settings.PROJECT_IMPORT_SET_BASED_CHECKS
            self.set_checks = allowed and replication_role_settable(self.raw)
            if self.set_checks and self.user_id is not None:
                user_table = ProjectUpdate._meta.get_field("reported_by").related_model
                self.raw.execute(
                    f"SELECT 1 FROM {user_table._meta.db_table} WHERE id = {self.user_id} "  # nosec B608  # table name from our model, user id an int()
                    "FOR KEY SHARE"
                )
                if self.raw.fetchone() is None:
                    raise IntegrityError("导入人的账号已不存在")
            self.references = [
                (STAGING_COLUMNS.index(column), table, target, set())
                for column, table, target in staged_references()
            ]
        else:
            self.previous_cache = self.raw.execute("PRAGMA cache_size").fetchone()[0]
            self.raw.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            self.raw.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns})")
            marks = ", ".join("?" for _ in STAGING_COLUMNS)
            self.insert = f"INSERT INTO {STAGING} ({', '.join(STAGING_COLUMNS)}) VALUES ({marks})"  # nosec B608  # staging table and columns are our constants
        self.move_statements = self._move_sql()

    def __enter__(self) -> "ProjectWriter":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.close(quiet=kind is not None)

    # -- batches ---------------------------------------------------------------------------
    def add(self, rows: list[tuple]) -> None:
        """Hand a batch of checked rows to the writing thread (after the previous batch is
        written); returns at once."""
        if not rows:
            return
        self.wait()
        if not self.postgresql:
            # In this thread: executemany gives up and takes back the GIL for every row, which
            # in a second thread would queue behind the checking thread each time.
            self.raw.executemany(self.insert, rows)
        if self.executor is None:
            self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="project-import")
        self.pending = self.executor.submit(self._write, rows)
        self.count += len(rows)

    def wait(self) -> None:
        """Wait for the batch in flight; raises what writing it raised."""
        pending, self.pending = self.pending, None
        if pending is not None:
            with connection.wrap_database_errors:  # psycopg's or sqlite3's error as Django's
                pending.result()

    def _write(self, rows: list[tuple]) -> None:
        cursor = self.raw
        if self.postgresql:
            with cursor.copy(self.copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            if self.set_checks:
                self._check_references(rows)
                cursor.execute("SET LOCAL session_replication_role = replica")
            # On an error the transaction is rolled back, and the SET LOCAL with it.
            for statement in self.move_statements:
                cursor.execute(statement)
            if self.set_checks:
                cursor.execute("SET LOCAL session_replication_role = origin")
            cursor.execute(f"TRUNCATE {STAGING}")
        else:
            for statement in self.move_statements:
                cursor.execute(statement)
            cursor.execute(f"DELETE FROM {STAGING}")  # nosec B608  # staging table name is our constant

    def _check_references(self, rows: list[tuple]) -> None:
        """What PostgreSQL's foreign-key triggers do for each row, for the whole batch: lock
        every referenced row FOR KEY SHARE (until the transaction ends, so a row locked for an
        earlier batch is not locked again), and fail if one is missing."""
        for position, table, target, locked in self.references:
            wanted = {row[position] for row in rows}
            wanted.discard(None)
            wanted -= locked
            if not wanted:
                continue
            self.raw.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {target} = ANY(%s) "  # nosec B608  # table and column from our models; values bound
                "FOR KEY SHARE) AS locked",
                [list(wanted)],
            )
            missing = len(wanted) - self.raw.fetchone()[0]
            if missing:
                raise IntegrityError(
                    f"导入的行引用了已不存在的记录（{table}.{target}，{missing} 个），未导入。"
                )
            locked |= wanted

    def _move_sql(self) -> list[str]:
        """The statements that move a staged batch into the library and the time series."""
        project = self.project
        columns = list(STAGING_COLUMNS) + [
            "created_at",
            "updated_at",
            "created_by_import_id",
            "last_import_id",
            "period_label",
        ]
        assignments = ", ".join(
            f"{column} = excluded.{column}"
            for column in self.updated + ["updated_at", "last_import_id", "period_label"]
        )
        # A changed row moves on a version, so an edit form opened before the import is stale.
        assignments += f", version = {project}.version + 1"
        if self.postgresql:
            changed = (
                f"({', '.join(f'{project}.{c}' for c in self.updated)}, NULL) IS DISTINCT FROM "
                f"({', '.join(f'excluded.{c}' for c in self.updated)}, NULL)"
            )
        else:
            changed = " OR ".join(f"{project}.{c} IS NOT excluded.{c}" for c in self.updated)
        # The constants are ours (an integer id, a formatted timestamp, a checked period).
        constants = (
            f"'{self.stamp}', '{self.stamp}', {self.job_id}, {self.job_id}, '{self.period_label}'"
        )
        upsert = (
            f"INSERT INTO {project} ({', '.join(columns)}) "  # nosec B608  # identifiers ours; constants an int id, a stamp, a checked period
            f"SELECT {', '.join(STAGING_COLUMNS)}, {constants} FROM {STAGING} WHERE true "
            f"ON CONFLICT (national_code) DO UPDATE SET {assignments} WHERE {changed}"
        )
        user = "NULL" if self.user_id is None else str(self.user_id)
        series = (
            f"INSERT INTO {ProjectUpdate._meta.db_table} ({', '.join(SERIES_COLUMNS)}) "  # nosec B608  # identifiers ours; period checked by regex, ids int()
            f"SELECT p.id, '{self.period_label}', p.stage, p.annual_planned_investment, "
            "p.investment_completed_this_year, p.investment_completed_total, '', "
            f"'{ProjectUpdate.Source.IMPORT.value}', {self.job_id}, '{self.stamp}', {user} FROM "
        )
        if self.postgresql:
            # One statement: the rows the upsert wrote feed the time series directly.
            returned = "id, stage, annual_planned_investment, investment_completed_this_year, "
            returned += "investment_completed_total"
            return [f"WITH p AS ({upsert} RETURNING {returned}) {series} p"]
        # SQLite cannot write from a WITH; the batch's written rows are those it stamped.
        return [
            upsert,
            f"{series} {STAGING} s JOIN {project} p ON p.national_code = s.national_code "
            f"WHERE p.last_import_id = {self.job_id}",
        ]

    # -- the end ---------------------------------------------------------------------------
    def finish(self) -> tuple[int, int]:
        """Wait for the last batch; returns (created, changed)."""
        self.wait()
        cursor = self.raw
        cursor.execute(
            f"SELECT COUNT(*), SUM(CASE WHEN created_by_import_id = {self.job_id} THEN 1 ELSE 0 "  # nosec B608  # table name ours, job id an int()
            f"END) FROM {self.project} WHERE last_import_id = {self.job_id}"
        )
        touched, created = cursor.fetchone()
        created = int(created or 0)
        return created, int(touched or 0) - created

    def close(self, *, quiet: bool = False) -> None:
        """Wait for the batch in flight (`quiet`: ignore what it raised, the import is already
        failing), stop the thread, restore the connection's settings; the staging table goes
        with the transaction (PostgreSQL) or is dropped here (SQLite)."""
        if self.raw is None:
            return
        try:
            self.wait()
        except Exception:
            if not quiet:
                raise
        finally:
            if self.executor is not None:
                self.executor.shutdown(wait=True)
                self.executor = None
        if not self.postgresql:
            self.raw.execute(f"DROP TABLE IF EXISTS {STAGING}")
            self.raw.execute(f"PRAGMA cache_size = {int(self.previous_cache)}")
        self.raw.close()
        self.raw = None
