"""`zhenxing figures extract FILE [--json] [--include-off-topic] [--today DATE]`: the figures
in a report or news article (.txt, .docx, .pdf, .html; - for standard input)."""

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhenxing.indicators.figures import extract_figures, read_document
from zhenxing.lib.commands import add_today_option


class Command(BaseCommand):
    help = "从文本中提取数据 / Extract the figures of a report or news article."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        extract = actions.add_parser("extract", help="extract FILE (.txt, .docx, .pdf, .html; -)")
        extract.add_argument("file")
        extract.add_argument("--json", action="store_true", help="print the JSON list")
        extract.add_argument(
            "--include-off-topic",
            action="store_true",
            help="keep figures of unrelated articles appended to the page, flagged off_topic",
        )
        add_today_option(extract)

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                text = read_document(Path(path).name, Path(path).read_bytes())
        except FileNotFoundError as error:
            raise CommandError(f"文件不存在：{path}") from error
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        figures = extract_figures(
            text, today=options["today"], include_off_topic=options["include_off_topic"]
        )
        if options["json"]:
            self.stdout.write(
                json.dumps([figure.as_dict() for figure in figures], ensure_ascii=False, indent=2)
            )
            return
        for figure in figures:
            self.stdout.write(
                f"{figure.quantity}\t{figure.value}\t{figure.unit or '—'}\t"
                f"{figure.region or '—'}\t{figure.period or '—'}"
            )
        self.stdout.write(f"共 {len(figures)} 项数据")
