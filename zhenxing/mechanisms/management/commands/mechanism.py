"""`zhenxing mechanism load|list|show`: load a shipped mechanism, list them all, or print one."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from zhenxing.audit.context import acting_as
from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.selectors import mechanism_list_rows
from zhenxing.mechanisms.services import (
    SHIPPED_MECHANISMS,
    mechanism_as_dict,
    mechanism_load_shipped,
)


class Command(BaseCommand):
    help = "加载或显示工作机制 / Load or show a working mechanism."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="load (or update) the shipped mechanism")
        load.add_argument("--code", default="northeast", choices=sorted(SHIPPED_MECHANISMS))
        listing = actions.add_parser("list", help="list every mechanism with its level")
        listing.add_argument("--json", action="store_true", help="print JSON")
        show = actions.add_parser("show", help="print the mechanism")
        show.add_argument("--code", default="northeast")
        show.add_argument("--json", action="store_true", help="print JSON")
        show.add_argument("--on", help="members in force on this date (YYYY-MM-DD)")

    def handle(self, *args, **options):
        if options["action"] == "load":
            with acting_as(actor_name="command:mechanism load"):
                mechanism = mechanism_load_shipped(options["code"])
            count = mechanism.current_memberships().count()
            self.stdout.write(f"已加载 {mechanism.name}（{count} 个成员单位）")
            return
        if options["action"] == "list":
            self._list(json_output=options["json"])
            return
        mechanism = Mechanism.objects.filter(code=options["code"]).first()
        if mechanism is None:
            raise CommandError(
                f"工作机制 {options['code']} 不存在，请先运行 zhenxing mechanism load"
            )
        try:
            on_date = datetime.date.fromisoformat(options["on"]) if options["on"] else None
        except ValueError as error:
            raise CommandError(f"日期格式应为 YYYY-MM-DD: {options['on']}") from error
        data = mechanism_as_dict(mechanism, on_date)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{data['name']}（{data['leading_group']}）")
        self.stdout.write(f"牵头单位：{data['lead_unit']}；秘书处：{data['secretariat_unit']}")
        for member in data["members"]:
            self.stdout.write(f"  {member['name']}（{member['role']}）")

    def _list(self, *, json_output: bool) -> None:
        rows = mechanism_list_rows()
        if json_output:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        levels = dict(Mechanism.Level.choices)
        for row in rows:
            parent = f"，上级：{row['parent']}" if row["parent"] else ""
            self.stdout.write(
                f"{row['code']}  {row['name']}（{levels[row['level']]}{parent}；"
                f"{row['members']} 个成员单位）"
            )
