"""Shared by the load benchmarks: `zhenxing serve` started on a free loopback port."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    """`zhenxing serve` with `workers` granian workers, answering once both are warm; its
    output (errors with their tracebacks) goes to serve.log in ZHENXING_VAR_DIR."""
    command = [sys.executable, "-m", "zhenxing.manage", "serve", "--bind", f"127.0.0.1:{port}"]
    with open(Path(os.environ.get("ZHENXING_VAR_DIR", ".")) / "serve.log", "ab") as log:
        process = subprocess.Popen(  # the server keeps its own copy of the log's descriptor
            [*command, "--workers", str(workers)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                time.sleep(3)  # both workers warm (zhenxing/wsgi.py) before the first request
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("zhenxing serve did not start") from None
            time.sleep(0.5)
    raise SystemExit("zhenxing serve did not answer in 120 s")


def use_production_settings_over_http() -> None:
    """Production settings for the server and the in-process set-up, over plain HTTP on
    loopback (no HTTPS redirect, HSTS or Secure cookies)."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="zhenxing.settings",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="false",
    )
