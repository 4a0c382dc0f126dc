"""The hash chain over the change log: each record's hash covers its content and the hash of
the record before it, so that editing, removing or inserting a record breaks every hash after it.

Records are sealed one writer at a time: on PostgreSQL under a transaction-level advisory lock,
on SQLite under the write lock that every transaction takes first (`transaction_mode` IMMEDIATE in
settings). The lock is held until the writer's transaction commits, so two writers can never
chain to the same predecessor; a writer that rolls back leaves no gap.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.utils import timezone

from zhenxing.audit.context import current

# The first record of a chain follows this "hash".
GENESIS_HASH = "0" * 64
# pg_advisory_xact_lock key: the bytes of "zxaudit" as a number, unlikely to meet another lock.
ADVISORY_LOCK_KEY = int.from_bytes(b"zxaudit", "big")


def canonical_json(value) -> str:
    return json.dumps(
        value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def as_stored(value):
    """A JSON value as the database gives it back (dates as text, tuples as lists)."""
    return None if value is None else json.loads(canonical_json(value))


def record_digest(
    *,
    sequence: int,
    previous_hash: str,
    time: datetime.datetime,
    user_id: int | None,
    actor_name: str,
    address: str | None,
    request_id: str,
    action: str,
    content_type_id: int | None,
    object_id: str,
    object_repr: str,
    before,
    after,
    reason: str,
) -> str:
    """SHA-256 over one record's content, in a fixed form, and its predecessor's hash."""
    content = {
        "sequence": sequence,
        "previous_hash": previous_hash,
        "time": time.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "user_id": user_id,
        "actor_name": actor_name,
        "address": address or "",
        "request_id": request_id,
        "action": action,
        "content_type_id": content_type_id,
        "object_id": object_id,
        "object_repr": object_repr,
        "before": before,
        "after": after,
        "reason": reason,
    }
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def digest_of(record) -> str:
    return record_digest(
        sequence=record.sequence,
        previous_hash=record.previous_hash,
        time=record.time,
        user_id=record.user_id,
        actor_name=record.actor_name,
        address=record.address,
        request_id=record.request_id,
        action=record.action,
        content_type_id=record.content_type_id,
        object_id=record.object_id,
        object_repr=record.object_repr,
        before=record.before,
        after=record.after,
        reason=record.reason,
    )


def lock(using: str = "default") -> None:
    """Take the chain's lock until the current transaction ends (call inside `atomic`)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def seal(records: list, *, using: str = "default") -> None:
    """Give unsaved `records` their sequence numbers and hashes, after the last saved record.
    Call inside `transaction.atomic` and save them in the same transaction."""
    from zhenxing.audit.models import ChangeRecord

    if not records:
        return
    lock(using)
    last = (
        ChangeRecord.objects.using(using)
        .filter(sequence__isnull=False)
        .order_by("-sequence")
        .values_list("sequence", "record_hash")
        .first()
    )
    sequence, previous_hash = last or (0, GENESIS_HASH)
    now = timezone.now()
    # Bulk paths build their records by hand: the current request's address is theirs too.
    address = current().address or None
    for record in records:
        sequence += 1
        record.sequence = sequence
        record.previous_hash = previous_hash
        record.time = now
        record.address = record.address or address
        record.object_repr = record.object_repr[:300]
        record.before, record.after = as_stored(record.before), as_stored(record.after)
        record.record_hash = digest_of(record)
        previous_hash = record.record_hash


@dataclass(frozen=True)
class Break:
    """The first record at which the chain does not hold."""

    record_id: int
    sequence: int | None
    problem: str


@dataclass(frozen=True)
class Verdict:
    checked: int
    broken: Break | None
    last_sequence: int | None = None
    last_hash: str = ""


def verify(*, using: str = "default") -> Verdict:
    """Walk the log in sequence order and report the first record that does not fit."""
    from zhenxing.audit.models import ChangeRecord

    records = ChangeRecord.objects.using(using)
    unsealed = records.filter(sequence__isnull=True).order_by("id").first()
    if unsealed is not None:
        return Verdict(0, Break(unsealed.pk, None, "记录没有序号和哈希（不在链中）"))
    # A purge leaves a checkpoint naming the last record it removed: the chain may start there.
    starts = {(1, GENESIS_HASH)} | {
        (record.after["through_sequence"] + 1, record.after["through_hash"])
        for record in records.filter(action=ChangeRecord.Action.PURGE)
        if isinstance(record.after, dict) and "through_sequence" in record.after
    }
    previous = None
    checked = 0
    for record in records.order_by("sequence").iterator(chunk_size=2000):
        if previous is None:
            if (record.sequence, record.previous_hash) not in starts:
                return Verdict(checked, Break(record.pk, record.sequence, "链的开头缺少记录"))
        elif record.sequence != previous.sequence + 1:
            return Verdict(
                checked,
                Break(record.pk, record.sequence, f"缺少序号 {previous.sequence + 1} 的记录"),
            )
        elif record.previous_hash != previous.record_hash:
            return Verdict(
                checked, Break(record.pk, record.sequence, "前一记录哈希不符（前一记录被改动）")
            )
        if digest_of(record) != record.record_hash:
            return Verdict(
                checked, Break(record.pk, record.sequence, "内容与哈希不符（记录被改动）")
            )
        previous = record
        checked += 1
    if previous is None:
        return Verdict(checked, None)
    return Verdict(checked, None, previous.sequence, previous.record_hash)


def check_anchor(sequence: int, expected_hash: str, *, using: str = "default") -> str | None:
    """Whether record `sequence` still has the hash noted earlier (outside the database).

    Anyone who can write to the database can recompute every hash after a change; a hash noted
    elsewhere (the daily verify's output in the system log) cannot be rewritten with it.
    Returns a problem, or None when the anchor holds or its record was purged."""
    from zhenxing.audit.models import ChangeRecord

    record = ChangeRecord.objects.using(using).filter(sequence=sequence).first()
    if record is None:
        first = (
            ChangeRecord.objects.using(using)
            .filter(sequence__isnull=False)
            .order_by("sequence")
            .values_list("sequence", flat=True)
            .first()
        )
        if first is not None and sequence < first:
            return None
        return f"缺少序号 {sequence} 的记录"
    if record.record_hash != expected_hash:
        return f"记录 {record.pk}（序号 {sequence}）的哈希与此前记下的不符（链被整体改写）"
    return None
