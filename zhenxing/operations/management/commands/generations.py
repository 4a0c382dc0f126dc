"""`zhenxing generations bump`: after rows were changed outside the application (psql by hand,
a restore into a running installation), make every cached list and scope be built afresh."""

from django.core.management.base import BaseCommand

from zhenxing.operations.generations import bump_all


class Command(BaseCommand):
    help = "Renew every cached list after data was changed outside the application."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["bump"])

    def handle(self, *args, **options):
        moved = bump_all()
        self.stdout.write(f"已更新 {moved} 个数据表的代数；各服务进程的缓存列表将重新生成。")
