"""The change log's hash chain across transactions: two writers at once, and the migration that
chains the records written before it. (Outside the audit package, whose tests share one open
transaction.)"""

import io
import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

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
