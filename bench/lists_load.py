"""Load run over the lists, behind `zhenxing serve` as production serves them.

Run after bench/lists_data.py, with the same database (SQLite in BENCH_DB or DATABASE_URL):
    .venv/bin/python bench/lists_load.py [--seconds 10] [--connections 32] [--workers 2]

Starts `zhenxing serve` (granian, WSGI) on a free loopback port over the prepared database
with production settings (plain HTTP), then, one scenario after the other, keeps `connections`
keep-alive HTTP/1.1 connections busy for `seconds` each (a small asyncio client: no
dependency, and light enough to leave the cores to the server). Per scenario: requests/s, p50
and p99 in ms, errors (any answer other than 200, or a broken connection), and the ratio of
requests/s to the login page's, measured first in the same run. Sessions are made beforehand
in the database as a login would make them (the login itself is not what is measured).
"""

import argparse
import asyncio
import os
import signal
import statistics
import sys
import time
from pathlib import Path

from _serve import free_port, start_server, use_production_settings_over_http

parser = argparse.ArgumentParser()
parser.add_argument("--seconds", type=float, default=10)
parser.add_argument("--connections", type=int, default=32)
parser.add_argument("--workers", type=int, default=2)
parser.add_argument("--only", default="", help="comma-separated scenario names")
parser.add_argument(
    "--in-process",
    action="store_true",
    help="no server: the median of 7 requests per scenario through the Django test client",
)
arguments = parser.parse_args()

if "DATABASE_URL" not in os.environ:
    path = Path(os.environ.get("BENCH_DB", "/tmp/zhenxing-lists/bench.sqlite3"))
    os.environ["ZHENXING_VAR_DIR"] = str(path.parent)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
os.environ.setdefault("ZHENXING_VAR_DIR", "/tmp/zhenxing-lists")
use_production_settings_over_http()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from zhenxing.lib import pagination  # noqa: E402
from zhenxing.orgs.models import User  # noqa: E402
from zhenxing.projects import access  # noqa: E402
from zhenxing.projects.api import PAGE_SIZE as API_PAGE_SIZE  # noqa: E402
from zhenxing.projects.selectors import filter_projects, project_ordering  # noqa: E402


def session_cookie(username: str) -> str:
    """A signed-in session, with the second factor entered where the role needs one."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zhenxing.security.selectors import second_factor_required

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    if second_factor_required(user):
        device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    # A browser holds the CSRF cookie its first page set (the pages' forms are made from it).
    csrf_secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return (
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_secret}"
    )


def deep_cursor(username: str, page: int) -> str:
    """The cursor a client holds after walking to `page` (made directly: same bytes)."""
    user = User.objects.get(username=username)
    projects = filter_projects(access.projects_visible_to(user), {})
    ordering = project_ordering({})
    row = projects[(page - 1) * API_PAGE_SIZE - 1]
    signature = pagination._signature(projects, ordering)
    return pagination._encode(pagination._key(row, ordering), False, signature)


def deep_cursor_of(queryset, ordering: list[str], offset: int) -> str:
    """The cursor of the row at `offset` in `ordering` (as a client walking there holds it)."""
    row = queryset.order_by(*ordering)[offset]
    signature = pagination._signature(queryset, ordering)
    return pagination._encode(pagination._key(row, ordering), False, signature)


def other_list_scenarios(secretariat: str, liaison: str, auditor: str) -> list:
    """Tasks, submissions, matters, findings and change records (bench/_other_lists.py)."""
    from _other_lists import MARK, deep_inspection_id

    from zhenxing.audit.models import ChangeRecord
    from zhenxing.coordination.models import CoordinationMatter
    from zhenxing.inspections.models import Finding
    from zhenxing.orgs.models import Unit
    from zhenxing.policies.models import Task
    from zhenxing.rounds.models import Submission

    if not Task.objects.filter(plan__title__endswith=MARK).exists():
        return []
    liaoning = Unit.objects.get(code="liaoning-government")
    findings_url = f"/api/v1/inspections/campaigns/{deep_inspection_id()}/findings"
    lists = [
        (
            "tasks",
            "/api/v1/policies/tasks",
            Task.objects.all(),
            ["plan_id", "position", "id"],
            Task.objects.filter(lead_unit=liaoning),
        ),
        (
            "submissions",
            "/api/v1/rounds/submissions",
            Submission.objects.all(),
            ["id"],
            Submission.objects.filter(unit=liaoning),
        ),
        (
            "matters",
            "/api/v1/coordination/matters",
            CoordinationMatter.objects.all(),
            ["-raised_at", "-id"],
            CoordinationMatter.objects.filter(raised_by_unit=liaoning),
        ),
        (
            "findings",
            findings_url,
            Finding.objects.all(),
            ["position", "id"],
            Finding.objects.filter(unit=liaoning),
        ),
    ]
    scenarios = []
    for name, url, every, ordering, own in lists:
        scenarios += [
            (f"{name} API first", url, secretariat),
            (
                f"{name} API page 900 (cursor)",
                f"{url}?cursor={deep_cursor_of(every, ordering, 899 * 100)}",
                secretariat,
            ),
            (f"{name} API first, Liaoning liaison", url, liaison),
            (
                f"{name} API page 200 (cursor), Liaoning liaison",
                f"{url}?cursor={deep_cursor_of(own, ordering, 199 * 100)}",
                liaison,
            ),
        ]
    scenarios += [
        ("matters page 1", "/coordination/matters/", secretariat),
        ("matters page 900", "/coordination/matters/?page=900", secretariat),
        ("matters page 1, Liaoning liaison", "/coordination/matters/", liaison),
        ("matters page 400, Liaoning liaison", "/coordination/matters/?page=400", liaison),
        ("change log page 1", "/audit/", auditor),
        ("change log page 900", "/audit/?page=900", auditor),
        ("change log API first", "/api/v1/audit/changes", auditor),
        (
            "change log API page 900 (cursor)",
            f"/api/v1/audit/changes?cursor={deep_cursor_of(ChangeRecord.objects.all(), ['-time', '-id'], 899 * 100)}",
            auditor,
        ),
    ]
    return scenarios


secretariat = session_cookie("bench.secretariat")
liaison = session_cookie("bench.liaoning")
SCENARIOS = [
    ("login page", "/accounts/login/", ""),
    ("projects page 1", "/projects/", secretariat),
    ("projects page 900", "/projects/?page=900", secretariat),
    ("projects page 1, Liaoning liaison", "/projects/", liaison),
    ("projects page 900, Liaoning liaison", "/projects/?page=900", liaison),
    ("projects API first", "/api/v1/projects", secretariat),
    (
        "projects API page 900 (cursor)",
        f"/api/v1/projects?cursor={deep_cursor('bench.secretariat', 900)}",
        secretariat,
    ),
    ("projects API first, Liaoning liaison", "/api/v1/projects", liaison),
    (
        "projects API page 400 (cursor), Liaoning liaison",
        f"/api/v1/projects?cursor={deep_cursor('bench.liaoning', 400)}",
        liaison,
    ),
]
if User.objects.filter(username="bench.audit").exists():
    SCENARIOS += other_list_scenarios(secretariat, liaison, session_cookie("bench.audit"))


async def one_connection(port: int, path: str, cookie: str, until: float, timings, errors):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: zh-hans\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        + "\r\n"
    ).encode()
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            timings.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)
    except (OSError, asyncio.IncompleteReadError, ValueError) as error:
        errors.append(repr(error))
    finally:
        writer.close()


async def scenario(port: int, path: str, cookie: str, seconds: float) -> dict:
    timings, errors = [], []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(
            one_connection(port, path, cookie, until, timings, errors)
            for _ in range(arguments.connections)
        )
    )
    elapsed = time.perf_counter() - started
    timings.sort()
    return {
        "rate": len(timings) / elapsed,
        "p50": statistics.median(timings) * 1000 if timings else 0,
        "p99": timings[int(len(timings) * 0.99) - 1] * 1000 if timings else 0,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
    }


def in_process() -> None:
    """What one request costs with the machine's noise averaged out: no server, no client."""
    print(f"in process, median of 7, {settings.DATABASES['default']['ENGINE']}")
    for name, path, cookie in SCENARIOS:
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_HOST="127.0.0.1")
        if cookie:
            for pair in cookie.split("; "):
                cookie_name, value = pair.split("=", 1)
                client.cookies[cookie_name] = value
        runs = []
        for _ in range(8):
            started = time.perf_counter()
            response = client.get(path)
            runs.append(time.perf_counter() - started)
            assert response.status_code == 200, (name, response.status_code)
        print(f"{name:52} {statistics.median(runs[1:]) * 1000:7.1f} ms", flush=True)


def main() -> None:
    if arguments.in_process:
        return in_process()
    port = free_port()
    server = start_server(port, arguments.workers)
    chosen = set(filter(None, arguments.only.split(",")))
    try:
        baseline = None
        print(
            f"{arguments.connections} connections, {arguments.seconds:.0f} s each, "
            f"{arguments.workers} granian workers, {settings.DATABASES['default']['ENGINE']}"
        )
        print(
            f"{'scenario':52} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'ratio':>6}"
        )
        for name, path, cookie in SCENARIOS:
            if chosen and name not in chosen and name != "login page":
                continue
            asyncio.run(scenario(port, path, cookie, 1))  # a warm-up second, discarded
            figures = asyncio.run(scenario(port, path, cookie, arguments.seconds))
            baseline = baseline or figures["rate"]
            print(
                f"{name:52} {figures['rate']:7.0f} {figures['p50']:7.1f} {figures['p99']:7.1f} "
                f"{figures['errors']:6d} {figures['rate'] / baseline:6.2f} {figures['first_error']}",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


main()
