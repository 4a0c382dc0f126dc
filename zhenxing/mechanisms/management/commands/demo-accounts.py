"""`zhenxing demo-accounts`: create the demo personas and print their one-time passwords."""

from django.core.management.base import BaseCommand

from zhenxing.audit.context import acting_as
from zhenxing.mechanisms.demo import demo_accounts_create


class Command(BaseCommand):
    help = "创建演示账户并打印一次性密码 / Create demo accounts and print one-time passwords."

    def handle(self, *args, **options):
        with acting_as(actor_name="command:demo-accounts"):
            rows = demo_accounts_create()
        self.stdout.write(
            "演示账户（首次登录须修改密码）/ Demo accounts (change the password at first login):"
        )
        for row in rows:
            password = row["password"] or "（已设置个人密码 / personal password set）"
            self.stdout.write(
                f"  {row['username']:<18} {password:<14} {row['name']} · {row['unit']} · {row['role']}"
            )
