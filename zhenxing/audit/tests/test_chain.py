"""The change log is complete and tamper-evident: refused requests are logged, every record is
chained to the one before it, `zhenxing audit verify` names the first broken one, and on
PostgreSQL the database refuses to edit or delete records."""

import contextlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from zhenxing.audit import chain
from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import Unit, UnitAlias
from zhenxing.testing import bearer_client_for, client_for

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's trigger and advisory lock"
)


def verify_output() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def write_aliases(count: int, *, prefix: str = "别名") -> list[ChangeRecord]:
    mof = Unit.objects.get(code="mof")
    mark = ChangeRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    for number in range(count):
        UnitAlias.objects.create(unit=mof, name=f"{prefix}{number}", kind="informal")
    return list(ChangeRecord.objects.filter(id__gt=mark).order_by("sequence"))


@contextlib.contextmanager
def trigger_disabled():
    """Tampering as someone with the database's owner rights would: around the trigger."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")


def test_forbidden_page_is_logged_with_who_where_and_what(personas):
    client = client_for(personas.reader, REMOTE_ADDR="10.1.2.3")
    response = client.get("/audit/?actor=x")
    assert response.status_code == 403
    record = ChangeRecord.objects.filter(action=ChangeRecord.Action.DENIED).latest("sequence")
    assert (record.user_id, record.actor_name, record.address) == (
        personas.reader.pk,
        "reader",
        "10.1.2.3",
    )
    assert record.after == {"method": "GET", "path": "/audit/?actor=x", "status": 403}
    assert record.object_repr == "GET /audit/?actor=x"
    assert record.request_id == response["X-Request-ID"]
    assert record.content_type is None


def test_forbidden_api_call_is_logged_with_the_token_holder(personas):
    client = bearer_client_for(personas.outsider)
    response = client.get("/api/v1/audit/changes", REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 403
    record = ChangeRecord.objects.filter(action=ChangeRecord.Action.DENIED).latest("sequence")
    assert (record.user_id, record.address, record.after["path"], record.after["method"]) == (
        personas.outsider.pk,
        "10.9.8.7",
        "/api/v1/audit/changes",
        "GET",
    )


def test_allowed_requests_write_no_refusal(personas):
    before = ChangeRecord.objects.filter(action=ChangeRecord.Action.DENIED).count()
    assert client_for(personas.audit_admin).get("/audit/").status_code == 200
    assert ChangeRecord.objects.filter(action=ChangeRecord.Action.DENIED).count() == before


def test_records_single_and_bulk_form_one_chain(personas):
    with acting_as(user=personas.secretariat, address="10.0.0.5"):
        single = write_aliases(2)
        content_type_id = single[0].content_type_id
        ChangeRecord.objects.bulk_create(
            ChangeRecord(
                actor_name="bulk",
                action=ChangeRecord.Action.CREATE,
                content_type_id=content_type_id,
                object_id=str(number),
                object_repr=f"批量{number}",
                after={"number": number},
            )
            for number in range(3)
        )
    records = list(
        ChangeRecord.objects.filter(sequence__gte=single[0].sequence).order_by("sequence")
    )
    assert len(records) == 5
    assert [r.sequence for r in records] == list(
        range(records[0].sequence, records[0].sequence + 5)
    )
    for previous, record in zip(records, records[1:], strict=False):
        assert record.previous_hash == previous.record_hash
        assert record.record_hash == chain.digest_of(record)
    assert {r.address for r in records} == {"10.0.0.5"}
    assert "完好" in verify_output()


def test_verify_names_the_record_altered_with_raw_sql(personas):
    records = write_aliases(3)
    target = records[1]
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_changerecord SET actor_name = %s WHERE id = %s", ["intruder", target.pk]
        )
    with pytest.raises(CommandError) as failure:
        verify_output()
    assert f"记录 {target.pk}（序号 {target.sequence}）" in str(failure.value)
    assert "内容与哈希不符" in str(failure.value)


def test_verify_names_the_record_after_one_deleted_with_raw_sql(personas):
    records = write_aliases(3)
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_changerecord WHERE id = %s", [records[1].pk])
    with pytest.raises(CommandError) as failure:
        verify_output()
    assert f"记录 {records[2].pk}（序号 {records[2].sequence}）" in str(failure.value)


def test_verify_names_a_record_whose_hash_was_recomputed(personas):
    """Rewriting a record and its own hash still breaks the link of the next record."""
    records = write_aliases(3)
    forged = records[1]
    forged.actor_name = "intruder"
    forged_hash = chain.digest_of(forged)
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_changerecord SET actor_name = %s, record_hash = %s WHERE id = %s",
            ["intruder", forged_hash, forged.pk],
        )
    with pytest.raises(CommandError) as failure:
        verify_output()
    assert f"记录 {records[2].pk}（" in str(failure.value)
    assert "前一记录哈希不符" in str(failure.value)


@postgresql_only
def test_postgresql_refuses_update_and_delete_of_records(personas):
    record = write_aliases(1)[0]
    for statement in (
        "UPDATE audit_changerecord SET actor_name = 'intruder' WHERE id = %s",
        "DELETE FROM audit_changerecord WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [record.pk])
    record.refresh_from_db()
    assert record.actor_name != "intruder"


def test_a_rewritten_chain_is_caught_by_an_anchor_noted_earlier(personas):
    """Someone with write access to the database can recompute every hash after a change; the
    anchor printed by an earlier verify (kept in the system log) still catches it."""
    write_aliases(3)
    anchor = verify_output().splitlines()[-1].removeprefix("锚点：")
    call_command("audit", "verify", "--anchor", anchor, stdout=io.StringIO())  # holds
    sequence = int(anchor.split(":")[0])
    target = ChangeRecord.objects.get(sequence=sequence - 1)
    with trigger_disabled(), connection.cursor() as cursor:
        previous_hash = target.previous_hash
        for record in ChangeRecord.objects.filter(sequence__gte=target.sequence).order_by(
            "sequence"
        ):
            if record.pk == target.pk:
                record.actor_name = "intruder"
            record.previous_hash = previous_hash
            record.record_hash = chain.digest_of(record)
            cursor.execute(
                "UPDATE audit_changerecord SET actor_name = %s, previous_hash = %s,"
                " record_hash = %s WHERE id = %s",
                [record.actor_name, record.previous_hash, record.record_hash, record.pk],
            )
            previous_hash = record.record_hash
    assert "完好" in verify_output()  # the chain alone cannot tell
    with pytest.raises(CommandError, match="与此前记下的锚点不符"):
        call_command("audit", "verify", "--anchor", anchor, stdout=io.StringIO())
