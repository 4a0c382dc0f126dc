"""Writes to the change log beyond the receiver's: purging records past their retention."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from zhenxing.audit import chain
from zhenxing.audit.context import current
from zhenxing.audit.models import ChangeRecord

# GB/T 22239-2019 8.1.4.3 d) via the Cybersecurity Law art. 21: logs kept at least six months.
MINIMUM_RETENTION_DAYS = 183


def change_records_purge(*, dry_run: bool = False) -> int:
    """Remove the records older than AUDIT_RETENTION_DAYS and leave a checkpoint record naming
    the last one removed, so that the chain still verifies from the first record kept.

    Only an unbroken run from the start of the chain goes: a record older than the cutoff that
    follows a younger one is kept until everything before it may go too."""
    days = settings.AUDIT_RETENTION_DAYS
    if days < MINIMUM_RETENTION_DAYS:
        raise ValueError(f"AUDIT_RETENTION_DAYS={days} 少于 {MINIMUM_RETENTION_DAYS} 天（六个月）")
    cutoff = timezone.now() - datetime.timedelta(days=days)
    with transaction.atomic():
        chain.lock()
        first_young = (
            ChangeRecord.objects.filter(time__gte=cutoff)
            .order_by("sequence")
            .values_list("sequence", flat=True)
            .first()
        )
        expired = ChangeRecord.objects.filter(time__lt=cutoff)
        if first_young is not None:
            expired = expired.filter(sequence__lt=first_young)
        last = expired.order_by("-sequence").values_list("sequence", "record_hash").first()
        if last is None:
            return 0
        through_sequence, through_hash = last
        count = ChangeRecord.objects.filter(sequence__lte=through_sequence).count()
        if dry_run:
            return count
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The trigger lets this transaction, and only for records past 183 days.
                cursor.execute("SET LOCAL zhenxing.audit_purge = 'on'")
            cursor.execute(
                f"DELETE FROM {ChangeRecord._meta.db_table} WHERE sequence <= %s",  # nosec B608  # table name from our model; the sequence is bound
                [through_sequence],
            )
        context = current()
        ChangeRecord.objects.create(
            user_id=context.user_id,
            actor_name=context.actor_name,
            request_id=context.request_id,
            action=ChangeRecord.Action.PURGE,
            object_repr=f"清理 {count} 条 {cutoff:%Y-%m-%d} 前的记录",
            after={
                "through_sequence": through_sequence,
                "through_hash": through_hash,
                "count": count,
                "cutoff": cutoff.isoformat(),
                "retention_days": days,
            },
        )
    return count
