"""`zhenxing policy parse FILE [--json]`: parse a policy document without writing anything."""

import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhenxing.policies.extract import extract_text
from zhenxing.policies.parser.document import parse_document
from zhenxing.policies.parser.suggest import registry_from_database


class Command(BaseCommand):
    help = "解析政策文件 / Parse a policy document (no database writes)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        parse = actions.add_parser(
            "parse", help="parse FILE (.txt, .docx, .pdf, .html; - for standard input)"
        )
        parse.add_argument("file")
        parse.add_argument("--json", action="store_true", help="print JSON")
        parse.add_argument(
            "--issuer-region", default="", help="GB/T 2260 code of the issuer's region"
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                text = (
                    self.stdin.read() if hasattr(self, "stdin") else __import__("sys").stdin.read()
                )
            else:
                data = Path(path).read_bytes()
                text, _format = extract_text(Path(path).name, data)
        except FileNotFoundError as error:
            raise CommandError(f"文件不存在：{path}") from error
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        registry = registry_from_database(
            on_date=datetime.date.today(), region_code=options["issuer_region"]
        )
        document = parse_document(text, registry=registry)
        if options["json"]:
            self.stdout.write(json.dumps(document.as_dict(), ensure_ascii=False, indent=2))
            return
        meta = document.metadata
        self.stdout.write(f"{meta.title}  {meta.document_number}  {meta.issuer}  {meta.date or ''}")
        for node in document.nodes:
            indent = "  " * (node.level - 1)
            top = node.suggestions[0].unit if node.suggestions else "—"
            self.stdout.write(
                f"{indent}{node.path}  {node.heading}  [{len(node.tasks)} 项分工；建议：{top}]"
            )
            for task in node.tasks:
                for warning in task.warnings:  # vague or past deadlines: ask, do not guess
                    self.stdout.write(f"{indent}  ！{warning}")
