"""`zhenxing serve`: the production server in one command (granian, WSGI interface).

Static files are collected first and served by whitenoise from STATIC_ROOT; every worker warms
up before it accepts requests (zhenxing/wsgi.py). Bind and workers come from the environment
(ZHENXING_BIND, ZHENXING_WORKERS, ZHENXING_THREADS) or the options.
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def parse_bind(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"绑定地址应为 主机:端口，例如 127.0.0.1:8000（收到 {text!r}）")
    return host.strip("[]"), int(port)


def positive(text: str, name: str) -> int:
    if not str(text).isdigit() or int(text) < 1:
        raise CommandError(f"{name} 应为正整数（收到 {text!r}）")
    return int(text)


class Command(BaseCommand):
    help = "Run the production server (granian WSGI) with whitenoise static files."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("ZHENXING_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", default=os.environ.get("ZHENXING_WORKERS", "2"))
        parser.add_argument(
            "--threads",
            # Two, not more: threads of one process take turns on the interpreter lock, and a
            # request back from the database waits for its turn behind the others (at 8, the
            # lists' p99 was 80-300 ms against 30-43 ms at 2; docs/performance.md).
            default=os.environ.get("ZHENXING_THREADS", "2"),
            help="blocking threads per worker (requests served at once by one worker)",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="do not run collectstatic first (it was run at deployment)",
        )

    def handle(self, *args, **options):
        from granian import Granian
        from granian.constants import Interfaces

        host, port = parse_bind(options["bind"])
        workers = positive(options["workers"], "--workers")
        threads = positive(options["threads"], "--threads")
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"zhenxing serve: http://{options['bind']}/ ({workers} workers × {threads} threads)"
        )
        self.stdout.flush()
        Granian(
            "zhenxing.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=threads,
            respawn_failed_workers=True,
            log_access=False,
        ).serve()
