"""`zhenxing audit verify`: check the change log's hash chain and name the first broken record.
`zhenxing audit purge [--dry-run]`: remove records older than AUDIT_RETENTION_DAYS, keeping the
chain verifiable (a timer runs it, e.g. monthly)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhenxing.audit import chain
from zhenxing.audit.context import acting_as
from zhenxing.audit.services import change_records_purge


class Command(BaseCommand):
    help = "审计日志 / The audit log: verify its hash chain, purge expired records."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("verify", help="check every record's hash and link; exit 1 if broken")
        purge = actions.add_parser(
            "purge", help="remove records older than AUDIT_RETENTION_DAYS (at least 183)"
        )
        purge.add_argument("--dry-run", action="store_true", help="count, remove nothing")

    def handle(self, *args, **options):
        if options["action"] == "purge":
            self._purge(dry_run=options["dry_run"])
            return
        verdict = chain.verify()
        if verdict.broken is not None:
            broken = verdict.broken
            raise CommandError(
                f"审计日志哈希链在记录 {broken.record_id}（序号 {broken.sequence}）处断开："
                f"{broken.problem}。此前 {verdict.checked} 条记录完好。"
            )
        self.stdout.write(f"审计日志哈希链完好：{verdict.checked} 条记录。")

    def _purge(self, *, dry_run: bool) -> None:
        try:
            with acting_as(actor_name="audit purge"):
                count = change_records_purge(dry_run=dry_run)
        except ValueError as error:
            raise CommandError(str(error)) from error
        days = settings.AUDIT_RETENTION_DAYS
        verb = "可清理" if dry_run else "已清理"
        self.stdout.write(f"{verb} {count} 条超过 {days} 天的审计记录。")
