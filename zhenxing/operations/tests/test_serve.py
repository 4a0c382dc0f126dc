"""`zhenxing serve` as production runs it: a real granian process on a loopback port, static
files from whitenoise, warm-up before the first request, the health endpoints answering."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhenxing.operations.management.commands.serve import parse_bind


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes, object]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def zhenxing_command() -> list[str]:
    return [sys.executable, "-m", "zhenxing.manage"]


@pytest.fixture
def server_environment(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        ZHENXING_VAR_DIR=str(tmp_path),
        DEBUG="false",
        SECRET_KEY="a-test-secret-key-that-is-long-enough-for-django-checks-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        # production settings otherwise; this test speaks plain HTTP on loopback
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="false",
        # no `zhenxing worker` here: jobs run in the request, so the queue check is "ok"
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    subprocess.run(
        [*zhenxing_command(), "migrate", "--no-input", "-v", "0"],
        env=environment,
        check=True,
        timeout=300,
    )
    return environment


def test_serve_answers_pages_static_files_and_health(server_environment, tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [*zhenxing_command(), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=server_environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline:
            try:
                status, _, _ = fetch(f"{base}/health/live")
                break
            except (ConnectionError, urllib.error.URLError):
                if process.poll() is not None:
                    pytest.fail(process.stdout.read().decode(errors="replace"))
                time.sleep(0.3)
        assert status == 200

        status, body, _ = fetch(f"{base}/health/ready")
        assert status == 200, body
        status, body, _ = fetch(f"{base}/accounts/login/")
        assert status == 200
        assert "登录".encode() in body
        status, body, headers = fetch(f"{base}/static/vendor/htmx/htmx.min.js")
        assert status == 200 and len(body) > 1000
        assert "max-age" in headers.get("Cache-Control", "")
        # collectstatic ran into the var directory
        assert (Path(server_environment["ZHENXING_VAR_DIR"]) / "static" / "vendor").is_dir()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    output = process.stdout.read().decode(errors="replace")
    assert "1 workers" in output
    assert "warm-up done" in output


def in_fresh_process(statements: str) -> str:
    """Run statements after django.setup() in a new interpreter; return what they print."""
    code = (
        "import os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'zhenxing.settings');"
        "import django; django.setup();" + statements
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout.strip()


def test_urls_do_not_import_matplotlib():
    """URL resolution must stay light: report renderers load matplotlib at warm-up, not per route."""
    printed = in_fresh_process(
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "print('matplotlib' in sys.modules)"
    )
    assert printed == "False"


def test_warm_up_imports_the_report_renderers():
    printed = in_fresh_process(
        "from zhenxing.operations.warmup import warm_up; warm_up();"
        "print('matplotlib' in sys.modules, 'weasyprint' in sys.modules)"
    )
    assert printed == "True True"


@pytest.mark.parametrize("text", ["8000", "host:", ":80", "host:port", "127.0.0.1:70000"])
def test_a_bad_bind_is_a_clear_error(text):
    with pytest.raises(CommandError, match="主机:端口"):
        parse_bind(text)


def test_bad_worker_count_is_a_clear_error():
    with pytest.raises(CommandError, match="--workers"):
        call_command("serve", "--workers", "0", "--no-collectstatic")
