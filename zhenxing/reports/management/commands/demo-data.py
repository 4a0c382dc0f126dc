"""`zhenxing demo-data`: a realistic dataset for demos, screenshots and benchmarks.

The Northeast mechanism, the Liaoning provincial and Fuxin city mechanisms under it, and demo
accounts; seed 003's published division plan, this year's reporting rounds up to today with
reports in every state, one task cascaded down to Fuxin and reported at every level, and —
where those apps are installed — coordination matters, inspections, projects, Fuxin's key
enterprises and the leading group's review of the plan. Idempotent:
run it again safely.
"""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from zhenxing.audit.context import acting_as
from zhenxing.mechanisms.demo import demo_accounts_create
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import User
from zhenxing.policies import demo as policies_demo
from zhenxing.rounds import demo as rounds_demo
from zhenxing.rounds import levels_demo

OPTIONAL_DEMOS = (
    "zhenxing.projects",
    "zhenxing.coordination",
    "zhenxing.inspections",
    "zhenxing.indicators",
    "zhenxing.enterprises",
    "zhenxing.programmes",
    "zhenxing.pairings",
    "zhenxing.funds",
    "zhenxing.pilots",
    "zhenxing.specialplans",
    "zhenxing.transformations",
    "zhenxing.reviews",
)


class Command(BaseCommand):
    help = "填充演示数据 / Fill a realistic demo dataset (idempotent)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        with acting_as(actor_name="command:demo-data"), transaction.atomic():
            mechanism = mechanism_load_shipped()
            mechanism_load_shipped("fuxin")  # and Liaoning above it
            accounts = demo_accounts_create()
            secretariat = User.objects.get(username="secretariat")
            plan = policies_demo.populate(secretariat=secretariat, mechanism=mechanism, today=today)
            rounds = rounds_demo.populate(
                plan=plan, secretariat=secretariat, mechanism=mechanism, today=today
            )
            extra = [levels_demo.populate(plan=plan, secretariat=secretariat, today=today)]
            for app in OPTIONAL_DEMOS:
                if apps.is_installed(app) and importlib.util.find_spec(f"{app}.demo"):
                    module = importlib.import_module(f"{app}.demo")
                    extra.append(
                        module.populate(
                            secretariat=secretariat, mechanism=mechanism, plan=plan, today=today
                        )
                    )
        self.stdout.write(
            f"演示数据已就绪：{plan.title}（{plan.tasks.count()} 项任务），调度 {len(rounds)} 次"
        )
        for summary in extra:
            if summary:
                self.stdout.write(f"  {summary}")
        # The passwords belong to `zhenxing demo-accounts`, which issues them afresh: printing
        # these here would show passwords that its next run replaces.
        self.stdout.write(
            f"演示账户 {len(accounts)} 个；一次性密码请运行 zhenxing demo-accounts 获取"
            " / demo accounts: run `zhenxing demo-accounts` for their one-time passwords"
        )
