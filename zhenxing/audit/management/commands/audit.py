"""`zhenxing audit verify`: check the change log's hash chain and name the first broken record."""

from django.core.management.base import BaseCommand, CommandError

from zhenxing.audit import chain


class Command(BaseCommand):
    help = "审计日志 / The audit log: verify its hash chain."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("verify", help="check every record's hash and link; exit 1 if broken")

    def handle(self, *args, **options):
        verdict = chain.verify()
        if verdict.broken is not None:
            broken = verdict.broken
            raise CommandError(
                f"审计日志哈希链在记录 {broken.record_id}（序号 {broken.sequence}）处断开："
                f"{broken.problem}。此前 {verdict.checked} 条记录完好。"
            )
        self.stdout.write(f"审计日志哈希链完好：{verdict.checked} 条记录。")
