"""`zhenxing audit verify [--anchor SEQUENCE:HASH]`: check the change log's hash chain, name the
first broken record, and print the last record's sequence and hash to keep outside the database.
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
        verify = actions.add_parser(
            "verify", help="check every record's hash and link; exit 1 if broken"
        )
        verify.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQUENCE:HASH",
            help="a sequence and hash printed by an earlier verify (repeatable)",
        )
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
        for anchor in options["anchor"]:
            sequence, _, expected = anchor.partition(":")
            if not sequence.isdigit() or len(expected) != 64:
                raise CommandError(f"--anchor 应为 序号:哈希，而不是 {anchor}")
            problem = chain.check_anchor(int(sequence), expected)
            if problem:
                raise CommandError(f"审计日志与此前记下的锚点不符：{problem}。")
        self.stdout.write(f"审计日志哈希链完好：{verdict.checked} 条记录。")
        if verdict.last_sequence is not None:
            # Noted outside the database (system log), it lets a later run detect a rewrite.
            self.stdout.write(f"锚点：{verdict.last_sequence}:{verdict.last_hash}")

    def _purge(self, *, dry_run: bool) -> None:
        try:
            with acting_as(actor_name="audit purge"):
                count = change_records_purge(dry_run=dry_run)
        except ValueError as error:
            raise CommandError(str(error)) from error
        days = settings.AUDIT_RETENTION_DAYS
        verb = "可清理" if dry_run else "已清理"
        self.stdout.write(f"{verb} {count} 条超过 {days} 天的审计记录。")
