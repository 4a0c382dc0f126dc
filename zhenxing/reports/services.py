"""Writes for reports: draft, edit the narrative, finalise (render, hash, store), work points."""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.jobs import TransientFailure, is_transient, remove_partial_files
from zhenxing.lib.periods import parse_period
from zhenxing.lib.versions import lock_version
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.reports.content import ReportContent
from zhenxing.reports.models import Report, ReportBuild
from zhenxing.reports.renderers.docx import render_docx
from zhenxing.reports.renderers.pdf import render_pdf
from zhenxing.reports.renderers.xlsx import render_xlsx
from zhenxing.reports.selectors import build_content

logger = logging.getLogger(__name__)
RENDERERS = {"docx": render_docx, "pdf": render_pdf, "xlsx": render_xlsx}
NARRATIVE_MAX_CHARACTERS = 20000


@in_chinese
def render(content: ReportContent, file_format: str) -> bytes:
    """The file of `content`, in Chinese like the content (the PDF goes through a template)."""
    if file_format not in RENDERERS:
        raise ValidationError(f"不支持的格式：{file_format}（可选 docx、pdf、xlsx）")
    return RENDERERS[file_format](content)


@transaction.atomic
def report_create(
    *,
    user,
    kind: str,
    period_label: str = "",
    mechanism=None,
    plan=None,
    round_=None,
    unaccepted: str = Report.Unaccepted.NOTE,
) -> Report:
    """A draft report; its figures are computed from the data each time it is viewed.
    `unaccepted`: what to write of tasks with no accepted report (`Report.Unaccepted`)."""
    if unaccepted not in Report.Unaccepted.values:
        raise ValidationError(
            f"无效的选项：{unaccepted}（可选 {'、'.join(Report.Unaccepted.values)}）"
        )
    if kind in (Report.Kind.PROGRESS, Report.Kind.ANNUAL):
        try:
            period_kind, _start, _end = parse_period(period_label)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        if kind == Report.Kind.ANNUAL and period_kind != "year":
            raise ValidationError("年度报告的期间应为年份，例如 2026。")
    if kind == Report.Kind.CIRCULAR and round_ is None:
        raise ValidationError("调度情况通报须选择一次调度。")
    report = Report.objects.create(
        kind=kind,
        period_label=period_label,
        mechanism=mechanism,
        plan=plan,
        round=round_,
        unaccepted=unaccepted,
        created_by=user,
    )
    report.title = build_content(report).title
    report.save()
    return report


@transaction.atomic
def report_update_narratives(
    *, report: Report, user, narratives: dict, expected_version: int | None
) -> Report:
    """Edit the written parts of a draft; the figures stay tied to the data. A stale or missing
    `expected_version` is refused (`VersionConflict`, `VersionMissing`)."""
    locked = lock_version(Report.objects.all(), pk=report.pk, expected_version=expected_version)
    if locked.is_final:
        raise ValidationError("报告已定稿，不能修改。")
    cleaned = {str(key): str(value)[:NARRATIVE_MAX_CHARACTERS] for key, value in narratives.items()}
    locked.narratives = {**locked.narratives, **cleaned}
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def report_finalise(*, report: Report, user) -> Report:
    """Freeze the content at this moment: render Word, PDF and Excel once, store them with
    their SHA-256, and keep the content as the snapshot. Downloads serve these exact bytes."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.is_final:
        raise ValidationError("报告已定稿。")
    content = build_content(locked)
    now = timezone.now()
    locked.snapshot = content.as_dict()
    locked.snapshot_at = now
    locked.title = content.title
    for file_format in ("docx", "pdf", "xlsx"):
        data = render(content, file_format)
        getattr(locked, f"{file_format}_file").save(
            f"report-{locked.pk}.{file_format}", ContentFile(data), save=False
        )
        setattr(locked, f"{file_format}_sha256", hashlib.sha256(data).hexdigest())
    locked.status = Report.Status.FINAL
    locked.finalised_by = user
    locked.finalised_at = now
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def work_points_plan_create(*, report: Report, user) -> DivisionPlan:
    """From an annual report: next year's work points as a draft division plan (publishable).

    Every task not yet closed out carries over, due at the end of the next year.
    """
    if report.kind != Report.Kind.ANNUAL:
        raise ValidationError("只有年度报告可以生成下一年度工作要点。")
    year = int(report.period_label)
    plan = DivisionPlan.objects.create(
        title=f"{year + 1}年东北振兴重点工作要点", mechanism=report.mechanism, document=None
    )
    open_tasks = Task.objects.in_force().filter(close_out__isnull=True)
    if report.plan_id:
        open_tasks = open_tasks.filter(plan=report.plan)
    import datetime

    for position, task in enumerate(
        open_tasks.select_related("lead_unit").prefetch_related("participating_units"), 1
    ):
        copy = Task.objects.create(
            plan=plan,
            position=position,
            code=str(position),
            title=task.title,
            description=task.description,
            source_node=task.source_node,
            lead_unit=task.lead_unit,
            deadline_text=f"{year + 1}年底前",
            due_date=datetime.date(year + 1, 12, 31),
            original_due_date=datetime.date(year + 1, 12, 31),
            result_form=task.result_form,
            priority=task.priority,
        )
        copy.participating_units.set(task.participating_units.all())
    return plan


def report_build_request(*, report: Report, user, file_format: str) -> ReportBuild:
    """Enqueue the building of a draft's Word or PDF file (3–8.5 s of rendering: not in the
    request). The job is enqueued once the build row is committed, for the worker to see it."""
    if report.is_final:
        raise ValidationError("定稿报告的文件已存档，请直接下载。")
    if file_format not in ReportBuild.Format.values:
        raise ValidationError(f"不支持的格式：{file_format}（可选 docx、pdf）")
    from zhenxing.reports.tasks import report_build_run

    with transaction.atomic():
        build = ReportBuild.objects.create(
            report=report, file_format=file_format, requested_by=user
        )
    report_build_run.enqueue(build.pk)
    build.refresh_from_db()
    return build


def report_build_execute(*, build_id: int, raise_transient: bool = False) -> ReportBuild:
    """The job: claim the build, render the draft as it is now, store the file. Any failure
    marks the build failed and removes what it wrote; with `raise_transient` a transient one
    puts it back in the queue and raises `TransientFailure` for the caller to enqueue again."""
    claimed = ReportBuild.objects.filter(pk=build_id, status=ReportBuild.Status.QUEUED).update(
        status=ReportBuild.Status.RUNNING, started_at=timezone.now()
    )
    build = ReportBuild.objects.select_related("report").get(pk=build_id)
    if not claimed:
        return build  # another worker has it, or it is over
    try:
        data = render(build_content(build.report), build.file_format)
        name = f"report-{build.report_id}-{build.pk}.{build.file_format}"
        build.file.save(name, ContentFile(data), save=False)
        build.status = ReportBuild.Status.SUCCEEDED
        build.finished_at = timezone.now()
        build.save(update_fields=["file", "status", "finished_at"])
    except Exception as error:
        _remove_file(build)
        if raise_transient and is_transient(error):
            ReportBuild.objects.filter(pk=build.pk).update(
                status=ReportBuild.Status.QUEUED, started_at=None, file=""
            )
            raise TransientFailure(str(error)) from error
        logger.exception("report build %s failed", build.pk)
        _fail_build(build, f"生成失败：{error}"[:500])
    build.refresh_from_db()
    return build


def report_build_abandon(build_id: int, attempt: int = 1) -> None:
    """The worker building this file died: the build is failed and its partial file removed."""
    build = ReportBuild.objects.filter(pk=build_id).first()
    if build is None or build.is_finished:
        return
    _remove_file(build)
    _fail_build(build, "生成文件的后台进程已中断，请重新生成。")


def _remove_file(build: ReportBuild) -> None:
    """The build's file, and one a killed worker wrote but never recorded on the row."""
    if build.file:
        build.file.delete(save=False)
    remove_partial_files("report-builds", f"report-{build.report_id}-{build.pk}.")


def _fail_build(build: ReportBuild, message: str) -> None:
    ReportBuild.objects.filter(pk=build.pk).update(
        status=ReportBuild.Status.FAILED, message=message, file="", finished_at=timezone.now()
    )
