"""The import's writer: batches written by a second thread while the next batch is checked,
and on PostgreSQL the set-based foreign-key check that replaces the row-by-row triggers."""

import threading

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from zhenxing.orgs.models import Region
from zhenxing.projects.importing import jobs
from zhenxing.projects.importing.database import (
    SERIES_COLUMNS,
    SERIES_REFERENCES,
    ProjectWriter,
    replication_role_settable,
    staged_references,
)
from zhenxing.projects.importing.rows import STAGING_COLUMNS
from zhenxing.projects.models import ImportJob, Project, ProjectUpdate
from zhenxing.projects.tests.conftest import row, xlsx_bytes
from zhenxing.projects.tests.test_import import assert_summary_is_live, run

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's foreign-key triggers"
)

ROWS = [
    row(number, f"2024-210102-36-03-{number:06d}", name=f"沈阳项目{number}", total=100 + number)
    for number in range(1, 12)
]


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("project-import")]


def staged(region_id: int, code: str = "2024-210102-36-03-000001") -> tuple:
    values = dict.fromkeys(STAGING_COLUMNS)
    values.update(
        national_code=code,
        name="沈阳项目",
        owner="",
        region_id=region_id,
        province_code="210000",
        prefecture_code="210100",
        industry="C",
        industry_written="",
        stage="continuing",
        total_investment=1.0,
        annual_planned_investment=0.0,
        investment_completed_this_year=0.0,
        investment_completed_total=0.0,
        funding_sources=0,
    )
    return tuple(values[name] for name in STAGING_COLUMNS)


def new_writer(job, **overrides) -> ProjectWriter:
    arguments = dict(
        job_id=job.pk,
        fields={"name", "region", "stage", "total_investment"},
        period_label="2026-11",
        now=timezone.now(),
        user_id=None,
    )
    arguments.update(overrides)
    return ProjectWriter(**arguments)


def test_many_batches_give_the_same_library_history_and_summary(write_file, monkeypatch):
    """Batches of 3 rows, each written while the next is checked: every row, one history
    entry per new or changed project, and summary tables equal to the live GROUP BY."""
    monkeypatch.setattr(jobs, "BATCH_ROWS", 3)
    monkeypatch.setattr(jobs, "DETAIL_LIMIT", 0)
    first = run(write_file, xlsx_bytes(ROWS))
    assert (first.status, first.imported_count, first.updated_count) == ("succeeded", 11, 0)
    assert Project.objects.count() == 11
    assert ProjectUpdate.objects.filter(import_job=first).count() == 11
    assert_summary_is_live()

    changed = [list(values) for values in ROWS]
    changed[0][6] = "竣工"
    changed[7][7] = 999
    later = run(write_file, xlsx_bytes(changed), period="2026-11")
    assert (later.imported_count, later.updated_count, later.unchanged_count) == (0, 2, 9)
    assert ProjectUpdate.objects.filter(import_job=later).count() == 2
    assert Project.objects.get(national_code="2024-210102-36-03-000001").stage == "completed"
    assert_summary_is_live()
    assert writer_threads() == []


def test_a_batch_that_fails_to_write_fails_the_import_and_leaves_nothing(write_file, monkeypatch):
    monkeypatch.setattr(jobs, "BATCH_ROWS", 2)
    monkeypatch.setattr(jobs, "DETAIL_LIMIT", 0)
    written = ProjectWriter._write
    calls = []

    def fail_on_the_third(self, rows):
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("磁盘已满")
        return written(self, rows)

    monkeypatch.setattr(ProjectWriter, "_write", fail_on_the_third)
    job = run(write_file, xlsx_bytes(ROWS), mode="valid-rows")
    assert job.status == ImportJob.Status.FAILED
    assert "磁盘已满" in job.message
    assert Project.objects.count() == 0 and ProjectUpdate.objects.count() == 0
    assert writer_threads() == []


def test_an_all_or_nothing_import_stops_writing_after_the_first_bad_row(write_file, monkeypatch):
    monkeypatch.setattr(jobs, "BATCH_ROWS", 2)
    monkeypatch.setattr(jobs, "DETAIL_LIMIT", 0)
    batches = []
    written = ProjectWriter._write
    monkeypatch.setattr(
        ProjectWriter, "_write", lambda self, rows: batches.append(rows) or written(self, rows)
    )
    bad = [list(values) for values in ROWS]
    bad[4][6] = "在谈"  # the fifth row: two batches are already written
    job = run(write_file, xlsx_bytes(bad))
    assert job.status == ImportJob.Status.REJECTED and job.rejected_count == 1
    assert len(batches) == 2
    assert Project.objects.count() == 0


def test_every_constrained_key_the_import_writes_is_checked_by_the_writer():
    """When the row-by-row triggers are off, the writer answers for each foreign key with a
    database constraint: a new one on Project or ProjectUpdate must be added to it."""
    project_keys = {
        field.column
        for field in Project._meta.concrete_fields
        if field.is_relation and field.db_constraint
    }
    assert {column for column, _table, _target in staged_references()} == project_keys
    assert set(project_keys) <= set(STAGING_COLUMNS)
    series_keys = {
        field.column
        for field in ProjectUpdate._meta.concrete_fields
        if field.is_relation and field.db_constraint and field.column in SERIES_COLUMNS
    }
    assert series_keys == set(SERIES_REFERENCES)


@postgresql_only
def test_replica_mode_would_skip_no_trigger_but_the_foreign_keys():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN "
            "(%s::regclass, %s::regclass)",
            [Project._meta.db_table, ProjectUpdate._meta.db_table],
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT COUNT(*) FROM pg_rules WHERE tablename IN (%s, %s)",
            [Project._meta.db_table, ProjectUpdate._meta.db_table],
        )
        assert cursor.fetchone()[0] == 0


@postgresql_only
def test_the_replication_role_is_used_only_by_a_role_allowed_to_set_it():
    with connection.cursor() as cursor:
        raw = cursor.cursor
        assert replication_role_settable(raw) is True
        cursor.execute("CREATE ROLE zhenxing_plain_test NOLOGIN")
        cursor.execute("SET ROLE zhenxing_plain_test")
        try:
            assert replication_role_settable(raw) is False
            cursor.execute("SELECT 1")  # the transaction is still usable
        finally:
            cursor.execute("RESET ROLE")


@postgresql_only
@pytest.mark.parametrize("set_based", [True, False])
def test_a_missing_region_is_refused_with_and_without_the_set_based_check(settings, set_based):
    settings.PROJECT_IMPORT_SET_BASED_CHECKS = set_based
    job = ImportJob.objects.create(original_name="x.xlsx", period_label="2026-11")
    missing = (Region.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1000
    with pytest.raises(IntegrityError), transaction.atomic():
        with new_writer(job) as writer:
            assert writer.set_checks is set_based
            writer.add([staged(Region.objects.get(code="210102").pk)])
            writer.add([staged(missing, code="2024-210102-36-03-000002")])
            writer.finish()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT would check
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # reached only if nothing was refused
    assert Project.objects.count() == 0
    assert writer_threads() == []


@postgresql_only
def test_the_set_based_check_locks_the_referenced_rows_as_a_trigger_would():
    """Another session may not delete or key-update a region the import refers to until the
    import ends (FOR KEY SHARE); it may once the import's transaction is over."""
    other = psycopg.connect(
        **{
            key: value
            for key, value in connection.get_connection_params().items()
            if key not in ("cursor_factory", "context", "prepare_threshold")
        },
        autocommit=True,
    )
    try:
        other.execute(
            "INSERT INTO orgs_region (code, name, short_name, english_name, level, tags) "
            "VALUES ('899901', '测试区', '', '', 'county', '[]')"
        )
        region_id = other.execute("SELECT id FROM orgs_region WHERE code = '899901'").fetchone()[0]
        job = ImportJob.objects.create(original_name="x.xlsx", period_label="2026-11")
        with transaction.atomic():
            with new_writer(job) as writer:
                assert writer.set_checks
                writer.add([staged(region_id)])
                writer.finish()
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute(f"SELECT 1 FROM orgs_region WHERE id = {region_id} FOR UPDATE NOWAIT")
            transaction.set_rollback(True)
        other.execute(f"SELECT 1 FROM orgs_region WHERE id = {region_id} FOR UPDATE NOWAIT")
    finally:
        other.execute("DELETE FROM orgs_region WHERE code = '899901'")
        other.close()
