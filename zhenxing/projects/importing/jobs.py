"""Import jobs: upload and preview, confirm the mapping, run (inline or as a job on the queue,
`projects.tasks.project_import_run`), with progress written where the page polls it.

Run phases: read and check every row, streaming valid rows into the staging table in batches
(each batch commits with a progress update, so the page sees it); then, in one transaction,
the set-based upsert, the time-series rows, per-project change records where cheap, the summary
tables and one change record summarising the import.
"""

import hashlib
import itertools
import json
import logging
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from zhenxing.audit.context import acting_as, current
from zhenxing.audit.models import ChangeRecord
from zhenxing.audit.receivers import record_change, snapshot
from zhenxing.lib.jobs import TransientFailure, is_transient
from zhenxing.lib.periods import PeriodKind, period_label
from zhenxing.lib.workbooks import WorkbookError, check_workbook, open_sheet
from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx
from zhenxing.projects.importing.columns import (
    FIELDS,
    MONEY_FIELDS,
    ColumnMapping,
    detect_mapping,
)
from zhenxing.projects.importing.database import ProjectWriter
from zhenxing.projects.importing.heartbeat import heartbeat
from zhenxing.projects.importing.rows import RowChecker
from zhenxing.projects.models import ImportJob, Project
from zhenxing.projects.services import ensure_regions
from zhenxing.projects.summaries import ImportAggregates, summary_refresh

logger = logging.getLogger(__name__)

# What a running import is doing, beside its status; stored in Chinese, translated on the page.
PHASE_QUEUED = gettext_noop("排队等待导入")
PHASE_READING = gettext_noop("读取表格")
PHASE_CHECKING = gettext_noop("读取、校验并写入")
PHASE_FINISHING = gettext_noop("写入进展、更新统计")
BATCH_ROWS = 20_000
PREVIEW_ROWS = 40
DETAIL_LIMIT = 200  # imports up to this many rows get one change record per project
ERRORS_KEPT = 200


class ImportRefused(ValueError):
    """The file cannot be imported as uploaded; the message is for the user."""


def inline_max_rows() -> int:
    """Files up to this many rows run inside the request; larger ones in the background."""
    return getattr(settings, "PROJECT_IMPORT_INLINE_MAX_ROWS", 20_000)


# -- upload and preview ----------------------------------------------------------------------
@transaction.atomic
def import_job_create(*, user, uploaded, filename: str, unit=None) -> ImportJob:
    """Store an uploaded file, refuse hostile or unreadable ones, detect the header and columns."""
    job = ImportJob(
        original_name=Path(filename).name[:255],
        uploaded_by=user,
        unit=unit,
        period_label=period_label(PeriodKind.MONTH, timezone.localdate()),
    )
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
        size += len(chunk)
    uploaded.seek(0)
    job.sha256, job.size = digest.hexdigest(), size
    suffix = Path(filename).suffix.lower()
    job.file.save(f"{timezone.now():%Y%m%d%H%M%S}{suffix}", File(uploaded), save=False)
    try:
        sheet, _preview = _open_and_detect(job)
    except ImportRefused:
        job.file.delete(save=False)
        raise
    job.save()
    job._open_sheet = sheet  # the command line goes on reading the same parsed sheet
    return job


@transaction.atomic
def import_job_cancel(*, job: ImportJob) -> None:
    """Cancel an upload not yet started (waiting for its columns to be confirmed): its file and
    its row go. A started import is not cancelled: it is one transaction and ends by itself."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.UPLOADED:
        raise ValidationError(gettext("只能取消尚未开始的导入。"))
    job.file.delete(save=False)
    job.delete()


def local_path(job: ImportJob, field_file: FieldFile) -> Path:
    """A temporary copy of the stored file on this machine, for the spreadsheet reader, which
    wants a path. Read through the storage (file system or object storage alike); the copy is
    removed when the job object goes."""
    copy = tempfile.NamedTemporaryFile(suffix=Path(field_file.name).suffix)  # noqa: SIM115
    with field_file.open("rb") as stored:
        for chunk in stored.chunks():
            copy.write(chunk)
    copy.flush()
    job._local_copies = [*getattr(job, "_local_copies", []), copy]  # lives as long as the job
    return Path(copy.name)


def _open_and_detect(job: ImportJob):
    """Check and open the stored file, find the header; fills in the job's mapping fields."""
    try:
        path = local_path(job, job.file)
        check_workbook(path, job.original_name)
        sheet = open_sheet(path, job.original_name)
        preview = list(itertools.islice(sheet.rows, PREVIEW_ROWS))
    except WorkbookError as error:
        raise ImportRefused(str(error)) from error
    mapping = detect_mapping(preview)
    if mapping is None:
        raise ImportRefused(
            "未找到表头：表格应有“项目代码”列，以及“项目名称”“建设阶段”“总投资（万元）”等列。"
        )
    job.sheet_name = sheet.name
    job.header_row = sheet.first_row + mapping.header_index
    job.rows_total = max(0, sheet.height - mapping.header_index - 1)
    job.column_mapping = mapping.as_json()
    job.money_units = mapping.money_units
    sheet.rows = itertools.chain(preview, sheet.rows)
    return sheet, preview


def import_job_preview(job: ImportJob) -> dict:
    """The header and the first rows of the stored file, for the mapping page."""
    sheet = open_sheet(local_path(job, job.file), job.original_name, job.sheet_name)
    rows = list(itertools.islice(sheet.rows, PREVIEW_ROWS))
    header_index = job.header_row - sheet.first_row
    headings = ["".join(str(value or "").split()) for value in rows[header_index]]
    data = rows[header_index + 1 : header_index + 11]
    return {"headings": headings, "rows": data, "first_data_row": job.header_row + 1}


@transaction.atomic
def import_job_configure(
    *, job: ImportJob, columns: dict[int, str], money_units: dict, mode: str, period: str
) -> ImportJob:
    """Record the user's corrected mapping and choices; refuse a mapping without required
    columns or with a field mapped twice."""
    chosen = [key for key in columns.values() if key]
    duplicates = sorted({key for key in chosen if chosen.count(key) > 1})
    if duplicates:
        names = "、".join(str(FIELDS[key][0]) for key in duplicates)
        raise ImportRefused(f"以下字段对应了多列：{names}")
    mapping = ColumnMapping(0, [], {index: key for index, key in columns.items() if key})
    missing = mapping.missing_required()
    if missing:
        raise ImportRefused(f"缺少必需的列：{'、'.join(missing)}")
    job.column_mapping = mapping.as_json()
    job.money_units = {key: money_units.get(key) for key in MONEY_FIELDS if money_units.get(key)}
    job.mode = mode
    job.period_label = period
    job.status = ImportJob.Status.QUEUED
    job.phase = PHASE_QUEUED
    job.save()
    return job


def import_job_start(job: ImportJob) -> None:
    """Run small files now; enqueue large ones for the worker (`zhenxing worker`)."""
    from zhenxing.projects.tasks import project_import_run

    if job.rows_total <= inline_max_rows():
        import_job_run(job.pk)
        return
    project_import_run.enqueue(job.pk)


# -- the run ---------------------------------------------------------------------------------
def import_job_run(job_id: int, *, sheet=None, raise_transient: bool = False) -> ImportJob:
    """Run a queued import to the end; never raises for bad data (the job says what failed).

    `sheet` is the already parsed sheet when the caller has one (the command line). With
    `raise_transient`, a transient database failure puts the job back in the queue's state and
    raises `TransientFailure` for the caller to enqueue it again; the import's one transaction
    was rolled back, so nothing of it was written."""
    job = ImportJob.objects.select_related("uploaded_by", "unit").get(pk=job_id)
    started = time.perf_counter()
    # Claim the job in one statement: of two processes given the same job (the web's worker
    # and a timer's `run-import --pending`), one runs it and the other leaves it.
    claim = {
        "status": ImportJob.Status.RUNNING,
        "phase": PHASE_READING,
        "started_at": timezone.now(),
    }
    claimed = ImportJob.objects.filter(
        pk=job.pk, status__in=(ImportJob.Status.QUEUED, ImportJob.Status.UPLOADED)
    ).update(**claim)
    if not claimed:
        job.refresh_from_db()
        return job
    for key, value in claim.items():
        setattr(job, key, value)
    context = current()
    actor = (
        acting_as(user=job.uploaded_by, request_id=context.request_id)
        if job.uploaded_by is not None
        else acting_as(actor_name=context.actor_name or "command:projects")
    )
    try:
        with actor, heartbeat(job):
            _run(job, started, sheet)
    except (WorkbookError, ImportRefused) as error:
        _finish(job, started, status=ImportJob.Status.FAILED, message=str(error))
    except Exception as error:
        if raise_transient and is_transient(error):
            logger.warning("project import %s: transient failure, to retry: %s", job.pk, error)
            _requeue(job)
            raise TransientFailure(str(error)) from error  # the job must not stay "running" forever
        logger.exception("project import %s failed", job.pk)
        _finish(job, started, status=ImportJob.Status.FAILED, message=f"导入失败：{error}")
    finally:
        progress_path(job).unlink(missing_ok=True)
    job.refresh_from_db()
    return job


def _run(job: ImportJob, started: float, sheet) -> None:
    ensure_regions()
    if sheet is None:
        path = local_path(job, job.file)
        check_workbook(path, job.original_name)
        sheet = open_sheet(path, job.original_name, job.sheet_name)
    columns = {int(index): key for index, key in job.column_mapping.items()}
    checker = RowChecker(columns=columns, money_units=job.money_units, scope_unit=job.unit)
    rows = sheet.rows
    for _skipped in range(job.header_row - sheet.first_row):
        next(rows, None)
    headings = ["".join(str(value or "").split()) for value in next(rows, [])]
    errors: list[tuple[int, str, list]] = []
    detailed = job.rows_total <= DETAIL_LIMIT
    before: dict[str, Project] = {}
    aggregates = ImportAggregates()
    with (
        transaction.atomic(),
        ProjectWriter(
            job_id=job.pk,
            fields=checker.present,
            period_label=job.period_label,
            now=timezone.now(),
            user_id=job.uploaded_by_id,
        ) as writer,
    ):
        number = job.header_row
        batch: list[tuple] = []
        check = checker.check
        all_or_nothing = job.mode == ImportJob.Mode.ALL_OR_NOTHING
        for row in rows:
            number += 1
            if not any(row):
                continue
            result = check(row, number)
            if result.__class__ is tuple:
                batch.append(result)
                if len(batch) >= BATCH_ROWS:
                    # After a bad row an all-or-nothing import only checks the rest.
                    if not (errors and all_or_nothing):
                        _write_batch(writer, batch, before if detailed else None, aggregates)
                    write_progress(job, number - job.header_row, PHASE_CHECKING)
                    batch = []
            else:
                errors.append((number, result, row))
        if not (errors and all_or_nothing):
            _write_batch(writer, batch, before if detailed else None, aggregates)
        job.rows_read = number - job.header_row
        job.rejected_count = len(errors)
        job.errors = [[row_number, message] for row_number, message, _row in errors[:ERRORS_KEPT]]
        if errors:
            job.error_file.save(
                f"job-{job.pk}-errors.xlsx",
                ContentFile(_error_workbook(headings, errors)),
                save=False,
            )
        if errors and all_or_nothing:
            writer.close(quiet=True)
            transaction.set_rollback(True)
        else:
            write_progress(job, job.rows_read, PHASE_FINISHING)
            created, changed = writer.finish()
            writer.close()
            job.imported_count, job.updated_count = created, changed
            job.unchanged_count = writer.count - created - changed
            if not created and not changed:
                pass  # nothing changed: the summary tables are still right
            elif detailed:
                touched = list(Project.objects.filter(last_import_id=job.pk))
                _record_project_changes(job, before, touched)
                places = {(p.province_code, p.prefecture_code) for p in touched}
                places |= {(p.province_code, p.prefecture_code) for p in before.values()}
                summary_refresh(places)
            elif created == writer.count:  # every row new: add the batches' sums
                aggregates.apply()
            else:
                summary_refresh()
            _finish(job, started, status=ImportJob.Status.SUCCEEDED, message="")
            record_change(
                instance=job,
                action=ChangeRecord.Action.CREATE,
                after=_summary(job),
                reason=f"导入项目表 {job.original_name}",
            )
            return
    _finish(
        job,
        started,
        status=ImportJob.Status.REJECTED,
        message=f"有 {len(errors)} 行错误，按“全部正确才导入”未导入任何数据。请修改后重新上传。",
    )


def _write_batch(
    writer: ProjectWriter, batch: list[tuple], before: dict | None, aggregates: ImportAggregates
) -> None:
    if before is not None and batch:
        writer.wait()  # the connection is the writing thread's until then
        codes = [row[0] for row in batch]
        before.update({p.national_code: p for p in Project.objects.filter(national_code__in=codes)})
    aggregates.add(batch)
    writer.add(batch)


def progress_path(job: ImportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / "project-imports" / "progress" / f"job-{job.pk}.json"


def write_progress(job: ImportJob, rows_read: int, phase: str) -> None:
    """Progress goes to a small file, not the database: the import holds one transaction
    (all or nothing), which the page could not see into."""
    path = progress_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"rows_read": rows_read, "phase": phase}), "utf-8")


def read_progress(job: ImportJob) -> dict:
    try:
        return json.loads(progress_path(job).read_text("utf-8"))
    except (OSError, ValueError):
        return {"rows_read": job.rows_read, "phase": job.phase}


def _record_project_changes(job: ImportJob, before: dict, touched: list[Project]) -> None:
    context = current()
    content_type = ContentType.objects.get_for_model(Project)
    records = []
    for project in touched:
        previous = before.get(project.national_code)
        records.append(
            ChangeRecord(
                user_id=context.user_id,
                actor_name=context.actor_name,
                request_id=context.request_id,
                action=ChangeRecord.Action.UPDATE if previous else ChangeRecord.Action.CREATE,
                content_type=content_type,
                object_id=str(project.pk),
                object_repr=str(project)[:300],
                before=snapshot(previous) if previous else None,
                after=snapshot(project),
                reason=f"导入 #{job.pk} {job.original_name}"[:500],
            )
        )
    ChangeRecord.objects.bulk_create(records, batch_size=1000)


def _summary(job: ImportJob) -> dict:
    return {
        "file": job.original_name,
        "sha256": job.sha256,
        "mode": job.mode,
        "period": job.period_label,
        "imported": job.imported_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "rejected": job.rejected_count,
        "seconds": job.seconds,
    }


def _progress(job: ImportJob, **values) -> None:
    for key, value in values.items():
        setattr(job, key, value)
    ImportJob.objects.filter(pk=job.pk).update(**values)


def _requeue(job: ImportJob) -> None:
    """Back to the queue's state after a transient failure, with its files of this run gone."""
    if job.error_file:
        job.error_file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.QUEUED,
        phase=PHASE_QUEUED,
        started_at=None,
        error_file="",
        message="数据库暂时不可用，稍后自动重试。",
    )


def _finish(job: ImportJob, started: float, *, status: str, message: str) -> None:
    job.status = status
    job.message = message
    job.phase = ""  # the status says it
    job.finished_at = timezone.now()
    job.seconds = round(time.perf_counter() - started, 3)
    job.rows_read = max(job.rows_read, job.rows_total)
    job.save()


def _error_workbook(headings: list[str], errors: list[tuple[int, str, list]]) -> bytes:
    """The bad rows as an .xlsx: row number, reason, then the row as it was written."""
    sheet = SheetTable(
        name="错误行",
        title="",
        headers=["行号", "错误原因", *headings],
        rows=([row_number, message, *row] for row_number, message, row in errors),
        widths=[8, 48, *[16] * len(headings)],
        frozen_columns=2,
    )
    return tables_to_xlsx([sheet])


def import_file(path: Path, *, mode: str, period: str = "", user=None, unit=None) -> ImportJob:
    """The command-line import: upload, accept the detected mapping, run (used by
    `zhenxing projects import` and the benchmark)."""
    with open(path, "rb") as handle:
        job = import_job_create(user=user, uploaded=File(handle), filename=path.name, unit=unit)
    columns = {int(index): key for index, key in job.column_mapping.items()}
    import_job_configure(
        job=job,
        columns=columns,
        money_units=job.money_units,
        mode=mode,
        period=period or job.period_label,
    )
    return import_job_run(job.pk, sheet=getattr(job, "_open_sheet", None))
