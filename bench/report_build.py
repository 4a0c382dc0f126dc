"""Building the quarterly report over the demo data (target: under 5 s for each format).

Run: .venv/bin/python bench/report_build.py
Baseline in the same run: rendering an empty report of the same layout (fixed costs: fonts,
charts library, Word template), so the ratio shows what the data adds.
"""

from _setup import django_setup, median_seconds

django_setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhenxing.reports.builders import progress_report_content  # noqa: E402
from zhenxing.reports.content import ReportContent, Section  # noqa: E402
from zhenxing.reports.services import render  # noqa: E402

call_command("demo-data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
today = timezone.localdate()
period = f"{today.year}Q{(today.month - 1) // 3 + 1}"
empty = ReportContent("空白报告", "", "秘书处", "", [Section("overview", "一、总体情况", ["无。"])])

content_time = median_seconds(lambda: progress_report_content(period_label=period), repeat=5)
content = progress_report_content(period_label=period)
print(
    f"period {period}: {content.figures['tasks_total']} tasks, {content.figures['submissions_due']} reports in the period"
)
print(f"content from the data: {content_time * 1000:8.1f} ms")
for file_format in ("docx", "pdf", "xlsx"):
    baseline = median_seconds(lambda f=file_format: render(empty, f), repeat=3)
    full = median_seconds(
        lambda f=file_format: render(progress_report_content(period_label=period), f), repeat=3
    )
    print(
        f"{file_format}: {full:6.2f} s end to end (baseline empty report {baseline:5.2f} s, ratio {full / baseline:4.1f}×)"
    )
