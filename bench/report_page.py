"""The report page's response time for a draft's PDF: built inside the request (before issue 19)
against enqueued for the worker (after), through the test client as the secretariat.

Run: .venv/bin/python bench/report_page.py   (DATABASE_URL for PostgreSQL; demo data, medians)
Before: GET /reports/N/download/pdf/ renders the PDF in the request. After: POST
/reports/N/builds/pdf/ stores a build row and a queue row (database backend) and redirects;
then each HTMX poll of the build page. The worker's own time to build is the "before" figure.
"""

from _setup import django_setup, median_seconds

django_setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhenxing.orgs.models import Role, Unit, User  # noqa: E402
from zhenxing.reports.models import Report, ReportBuild  # noqa: E402
from zhenxing.reports.services import report_create  # noqa: E402

call_command("demo-data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
secretariat = User.objects.create(
    username="bench-secretariat",
    role=Role.SECRETARIAT_OFFICER,
    unit=Unit.objects.get(code="ndrc-regional-economy"),
)
today = timezone.localdate()
period = f"{today.year}Q{(today.month - 1) // 3 + 1}"
report = report_create(user=secretariat, kind=Report.Kind.PROGRESS, period_label=period)
client = Client()
client.force_login(secretariat)
assert client.get(f"/reports/{report.pk}/").status_code == 200

inline = median_seconds(lambda: client.get(f"/reports/{report.pk}/download/pdf/"), repeat=5)
database_queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
with override_settings(TASKS=database_queue):
    response = client.post(f"/reports/{report.pk}/builds/pdf/")
    assert response.status_code == 302, response.status_code
    enqueue = median_seconds(lambda: client.post(f"/reports/{report.pk}/builds/pdf/"), repeat=7)
    build = ReportBuild.objects.latest("pk")
    url = f"/reports/{report.pk}/builds/{build.pk}/"
    poll = median_seconds(lambda: client.get(url, headers={"HX-Request": "true"}), repeat=7)
print(f"draft PDF built in the request (before): {inline * 1000:8.1f} ms")
print(f"build enqueued, redirect (after):         {enqueue * 1000:8.1f} ms")
print(f"one progress poll (HTMX, every 1 s):      {poll * 1000:8.1f} ms")
print(
    f"the request answers {inline / enqueue:,.0f}x sooner; the file follows when the worker is done"
)
