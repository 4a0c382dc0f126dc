"""The change log's hash chain across transactions: two writers at once, and the migration that
chains the records written before it. (Outside the audit package, whose tests share one open
transaction.)"""

import datetime
import io
import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError
from django.utils import timezone

from zhenxing.audit import chain
from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import Unit, UnitAlias

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's advisory lock"
)


def verify_output() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_chain_one_after_the_other():
    """The second writer waits for the first to commit instead of chaining to the same record."""
    mof = Unit.objects.create(code="writers", full_name="并发测试单位", kind=Unit.Kind.OTHER)
    started = threading.Event()
    errors = []

    def slow_writer():
        try:
            with transaction.atomic():
                UnitAlias.objects.create(unit=mof, name="先写", kind="informal")
                started.set()
                time.sleep(1)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    def quick_writer():
        started.wait(5)
        try:
            UnitAlias.objects.create(unit=mof, name="后写", kind="informal")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=quick_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    first, second = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(UnitAlias)
    ).order_by("sequence")
    assert (first.after["name"], second.after["name"]) == ("先写", "后写")
    assert "完好" in verify_output()


@pytest.mark.django_db(transaction=True)
def test_migration_chains_the_records_written_before_it():
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_initial")])
    executor.loader.build_graph()
    old_model = executor.loader.project_state(("audit", "0002_initial")).apps.get_model(
        "audit", "ChangeRecord"
    )
    content_type = ContentType.objects.get_for_model(Unit)
    for number in range(3):
        old_model.objects.create(
            actor_name="before-chain",
            action="create",
            content_type_id=content_type.pk,
            object_id=str(number),
            object_repr=f"旧记录{number}",
            after={"number": number, "on": "2026-01-01"},
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("audit"))
    records = list(ChangeRecord.objects.order_by("sequence"))
    assert [r.sequence for r in records] == [1, 2, 3]
    assert records[0].previous_hash == chain.GENESIS_HASH
    assert "3 条记录" in verify_output()


def make_aliases(unit: Unit, names: list[str]) -> None:
    for name in names:
        UnitAlias.objects.create(unit=unit, name=name, kind="informal")


@pytest.mark.django_db(transaction=True)
def test_purge_removes_only_records_past_retention_and_the_chain_verifies(monkeypatch, settings):
    settings.AUDIT_RETENTION_DAYS = 200
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() - datetime.timedelta(days=300))
    unit = Unit.objects.create(code="retention", full_name="保存期限单位", kind=Unit.Kind.OTHER)
    make_aliases(unit, ["三百天前甲", "三百天前乙"])
    monkeypatch.setattr(timezone, "now", lambda: real_now() - datetime.timedelta(days=190))
    make_aliases(unit, ["一百九十天前"])
    monkeypatch.undo()
    make_aliases(unit, ["今天"])
    kept = list(
        ChangeRecord.objects.filter(sequence__gt=3)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )

    out = io.StringIO()
    call_command("audit", "purge", "--dry-run", stdout=out)
    assert "可清理 3 条" in out.getvalue()
    assert ChangeRecord.objects.count() == 5
    call_command("audit", "purge", stdout=out)
    assert "已清理 3 条超过 200 天" in out.getvalue()

    remaining = list(ChangeRecord.objects.order_by("sequence"))
    assert [r.sequence for r in remaining] == [*kept, 6]
    checkpoint = remaining[-1]
    assert checkpoint.action == ChangeRecord.Action.PURGE
    assert (checkpoint.after["through_sequence"], checkpoint.after["count"]) == (3, 3)
    assert "3 条记录" in verify_output()  # two kept, one checkpoint
    call_command("audit", "purge", stdout=out)
    assert "已清理 0 条" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_removing_the_oldest_records_without_a_purge_is_detected():
    unit = Unit.objects.create(code="oldest", full_name="最早记录单位", kind=Unit.Kind.OTHER)
    make_aliases(unit, ["甲", "乙"])
    second = ChangeRecord.objects.get(sequence=2)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("DELETE FROM audit_changerecord WHERE sequence = 1")
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    with pytest.raises(CommandError, match=f"记录 {second.pk}（序号 2）处断开：链的开头缺少记录"):
        verify_output()


@pytest.mark.django_db(transaction=True)
def test_retention_under_six_months_is_refused(settings):
    settings.AUDIT_RETENTION_DAYS = 90
    with pytest.raises(CommandError, match="少于 183 天"):
        call_command("audit", "purge")
    with pytest.raises(SystemCheckError, match="audit.E001"):
        call_command("check")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_even_the_purge_switch_for_young_records():
    unit = Unit.objects.create(code="young", full_name="新记录单位", kind=Unit.Kind.OTHER)
    make_aliases(unit, ["新"])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL zhenxing.audit_purge = 'on'")
            cursor.execute("DELETE FROM audit_changerecord")
