"""Set-based writes for the import, inside the import's one transaction.

PostgreSQL: COPY the checked rows into a temporary staging table, then one
INSERT … SELECT … ON CONFLICT (national_code) DO UPDATE.
SQLite: executemany of INSERT … ON CONFLICT (national_code) DO UPDATE in large batches, with a
large page cache (the indexes are the cost).

The DO UPDATE only fires when a value changed, so a re-import of the same file changes nothing.
Every new or changed row is stamped with the import's id; the time series (`ProjectUpdate`) and
the counts are then written from those stamps, set-based too.
"""

import re

from django.db import connection

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


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


class ProjectWriter:
    """Writes one import's checked rows; use inside `transaction.atomic()`, then `close()`."""

    def __init__(self, *, job_id: int, fields: set[str], period_label: str, now, user_id):
        if not _PERIOD.fullmatch(period_label):
            raise ValueError(f"报告期“{period_label}”格式错误")
        self.job_id = int(job_id)
        self.period_label = period_label
        self.user_id = user_id
        self.stamp = connection.ops.adapt_datetimefield_value(now)
        self.updated = [c for key in FIELD_COLUMNS if key in fields for c in FIELD_COLUMNS[key]]
        self.count = 0
        self.project = Project._meta.db_table
        self.postgresql = is_postgresql()
        connection.ensure_connection()
        self.raw = connection.connection.cursor()
        columns = ", ".join(f"{name} {_TYPES[name]}" for name in STAGING_COLUMNS)
        self.raw.execute(f"DROP TABLE IF EXISTS {STAGING}")
        if self.postgresql:
            self.raw.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns}) ON COMMIT DROP")
        else:
            self.previous_cache = self.raw.execute("PRAGMA cache_size").fetchone()[0]
            self.raw.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            self.raw.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns})")
            marks = ", ".join("?" for _ in STAGING_COLUMNS)
            self.insert = f"INSERT INTO {STAGING} ({', '.join(STAGING_COLUMNS)}) VALUES ({marks})"

    def add(self, rows: list[tuple]) -> None:
        """Write a batch of checked rows into the staging table."""
        if not rows:
            return
        if self.postgresql:
            names = ", ".join(STAGING_COLUMNS)
            with self.raw.copy(f"COPY {STAGING} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            self.raw.executemany(self.insert, rows)
        self.count += len(rows)

    def existing_count(self) -> int:
        """Whether any staged code is already in the library (1) or none is (0)."""
        self.raw.execute(f"SELECT 1 FROM {self.project} LIMIT 1")
        if self.raw.fetchone() is None:
            return 0
        self.raw.execute(
            f"SELECT 1 FROM {STAGING} s WHERE EXISTS (SELECT 1 FROM {self.project} p "
            "WHERE p.national_code = s.national_code) LIMIT 1"
        )
        return 1 if self.raw.fetchone() else 0

    def _upsert_sql(self) -> str:
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
        return (
            f"INSERT INTO {project} ({', '.join(columns)}) "
            f"SELECT {', '.join(STAGING_COLUMNS)}, {constants} FROM {STAGING} WHERE true "
            f"ON CONFLICT (national_code) DO UPDATE SET {assignments} WHERE {changed}"
        )

    def finish(self) -> tuple[int, int]:
        """The set-based upsert, then one `ProjectUpdate` per new or changed project;
        returns (created, changed)."""
        cursor = self.raw
        cursor.execute(self._upsert_sql())
        user = "NULL" if self.user_id is None else str(int(self.user_id))
        cursor.execute(
            f"INSERT INTO {ProjectUpdate._meta.db_table} (project_id, period_label, stage, "
            "annual_planned_investment, investment_completed_this_year, "
            "investment_completed_total, note, source, import_job_id, reported_at, reported_by_id) "
            f"SELECT id, '{self.period_label}', stage, annual_planned_investment, "
            "investment_completed_this_year, investment_completed_total, '', "
            f"'{ProjectUpdate.Source.IMPORT.value}', {self.job_id}, '{self.stamp}', {user} "
            f"FROM {self.project} WHERE last_import_id = {self.job_id}"
        )
        cursor.execute(
            f"SELECT COUNT(*), SUM(CASE WHEN created_by_import_id = {self.job_id} THEN 1 ELSE 0 "
            f"END) FROM {self.project} WHERE last_import_id = {self.job_id}"
        )
        touched, created = cursor.fetchone()
        created = int(created or 0)
        return created, int(touched or 0) - created

    def close(self) -> None:
        """Restore the connection's settings; the staging table goes with the transaction
        (PostgreSQL) or is dropped here (SQLite)."""
        if self.raw is None:
            return
        if not self.postgresql:
            self.raw.execute(f"DROP TABLE IF EXISTS {STAGING}")
            self.raw.execute(f"PRAGMA cache_size = {int(self.previous_cache)}")
        self.raw.close()
        self.raw = None
