"""API: policy documents (with their parsed nodes), division plans (with tasks), tasks.

The same access module and services as the pages. Writes: import a document, propose a plan,
import a division table, publish, change a task (409 when the version is stale), split a task.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from zhenxing.lib.pagination import api_page
from zhenxing.mechanisms.scope import mechanism_for_api, within_mechanism
from zhenxing.operations.list_cache import cached_api_list, tables_of
from zhenxing.orgs.access import require
from zhenxing.orgs.models import Unit
from zhenxing.policies import access, exchange, selectors, services
from zhenxing.policies.extract import MAX_FILE_BYTES
from zhenxing.policies.models import Task
from zhenxing.policies.selectors import deadline_from_text

router = Router(tags=["policies"])


class ErrorOut(Schema):
    detail: str
    errors: list[dict] = []


class HeldOut(Schema):
    detail: str
    held_document_id: int


class NodeOut(Schema):
    id: int
    parent_id: int | None
    position: int
    path: str
    level: int
    kind: str
    marker: str
    heading: str
    text: str
    suggestions: list[dict]


class DocumentOut(Schema):
    id: int
    title: str
    document_number: str
    issuer: str
    issuer_unit_id: int | None
    issued_on: datetime.date | None
    kind: str
    source_format: str
    original_filename: str
    has_original_file: bool
    imported_at: datetime.datetime

    @staticmethod
    def resolve_has_original_file(document):
        return bool(document.original_file)


class DocumentDetailOut(DocumentOut):
    text: str
    nodes: list[NodeOut]

    @staticmethod
    def resolve_nodes(document):
        return list(document.nodes.all())


class TaskOut(Schema):
    id: int
    plan_id: int
    parent_id: int | None
    position: int
    code: str
    title: str
    description: str
    source_node_id: int | None
    lead_unit_id: int | None
    lead_unit_name: str | None
    co_lead_unit_ids: list[int]
    co_lead_unit_names: list[str]
    participating_unit_ids: list[int]
    participating_unit_names: list[str]
    unresolved_units: list[str]
    lead_units_written: str
    participating_units_written: str
    responsible_leader: str
    responsibility_text: str
    suggestions: list[dict]
    deadline_text: str
    due_date: datetime.date | None
    original_due_date: datetime.date | None
    result_form: str
    priority: str
    version: int

    @staticmethod
    def resolve_lead_unit_name(task):
        return task.lead_unit.full_name if task.lead_unit_id else None

    @staticmethod
    def resolve_co_lead_unit_ids(task):
        return [unit.pk for unit in task.lead_units()[1:]]

    @staticmethod
    def resolve_co_lead_unit_names(task):
        return [unit.full_name for unit in task.lead_units()[1:]]

    @staticmethod
    def resolve_participating_unit_ids(task):
        return [unit.pk for unit in task.participating_units.all()]

    @staticmethod
    def resolve_participating_unit_names(task):
        return [unit.full_name for unit in task.participating_units.all()]


class RevisionOut(Schema):
    changed_at: datetime.datetime
    changed_by: str | None
    approved_by: str
    reason: str
    changes: dict
    previous_due_date: datetime.date | None
    new_due_date: datetime.date | None

    @staticmethod
    def resolve_changed_by(revision):
        return revision.changed_by.get_username() if revision.changed_by_id else None


class RollupChildOut(Schema):
    task_id: int
    code: str
    title: str
    unit: str
    mechanism: str
    level: str
    light: str
    light_reason: str
    complete: bool
    rolled_up: bool
    figures: dict[str, str]
    accepted_on: datetime.date | None
    may_open: bool


class RollupFigureOut(Schema):
    value: float
    rule: str  # "sum" or "mean"
    count: int


class RollupOut(Schema):
    light: str
    completion: float
    children_complete: int
    children_total: int
    figures: dict[str, RollupFigureOut]
    rule: str
    computed_on: datetime.date
    refreshed_at: datetime.datetime
    children: list[RollupChildOut]


class TaskDetailOut(TaskOut):
    subtasks: list[TaskOut]
    revisions: list[RevisionOut]
    rollup: RollupOut | None = None

    @staticmethod
    def resolve_rollup(task, context):
        visible = access.plan_tasks_visible_to(context["request"].user)
        rollup = selectors.task_rollup(task, visible)
        if rollup is None:
            return None
        children = [row | {"may_open": row["link"]} for row in rollup["children"]]
        return rollup | {"children": children}

    @staticmethod
    def resolve_subtasks(task):
        return list(_tasks(task.subtasks.all()))

    @staticmethod
    def resolve_revisions(task):
        return list(task.revisions.select_related("changed_by"))


class PlanOut(Schema):
    id: int
    title: str
    status: str
    document_id: int | None
    mechanism_id: int | None
    published_at: datetime.datetime | None
    created_at: datetime.datetime


class PlanDetailOut(PlanOut):
    tasks: list[TaskOut]

    @staticmethod
    def resolve_tasks(plan):
        return list(_tasks(plan.tasks.all()))


class ConflictOut(Schema):
    detail: str
    current: TaskOut


class TaskPatch(Schema):
    expected_version: int
    code: str | None = None
    title: str | None = None
    description: str | None = None
    lead_unit_id: int | None = None
    responsible_leader: str | None = Field(None, max_length=50)
    participating_unit_ids: list[int] | None = None
    unresolved_units: list[str] | None = None
    deadline_text: str | None = None
    due_date: datetime.date | None = None
    result_form: str | None = None
    priority: str | None = None
    reason: str = ""
    approved_by: str = ""


class SubtaskIn(Schema):
    title: str
    lead_unit_id: int
    deadline: str = ""


class SplitIn(Schema):
    parts: list[SubtaskIn]


def _tasks(queryset):
    return queryset.select_related("lead_unit").prefetch_related(
        "participating_units", "co_lead_units"
    )


def _error(error: ValidationError) -> dict:
    return {"detail": "；".join(error.messages)}


def _file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@router.get("/documents", response=list[DocumentOut])
def list_documents(request):
    require(access.may_read_policies(request.user))
    return access.documents_visible_to(request.user)


@router.post("/documents", response={201: DocumentDetailOut, 400: ErrorOut, 409: HeldOut})
def import_document(
    request,
    file: File[UploadedFile] = None,
    text: Form[str] = "",
    title: Form[str] = "",
    document_number: Form[str] = "",
    issuer_unit_id: Form[int | None] = None,
    issued_on: Form[datetime.date | None] = None,
):
    """Import from an uploaded file (.txt, .docx, text-based .pdf, a saved web page .html) or
    from pasted `text`."""
    require(access.may_manage_policies(request.user))
    if file is not None and file.size > MAX_FILE_BYTES:
        return Status(400, {"detail": f"文件过大，上限为 {MAX_FILE_BYTES // 1048576} MB。"})
    issuer_unit = get_object_or_404(Unit, pk=issuer_unit_id) if issuer_unit_id else None
    try:
        document = services.policy_document_import(
            user=request.user,
            mechanism=mechanism_for_api(request, None),
            text=text,
            filename=file.name if file is not None else "",
            data=file.read() if file is not None else None,
            title=title,
            document_number=document_number,
            issuer_unit=issuer_unit,
            issuer=issuer_unit.full_name if issuer_unit else "",
            issued_on=issued_on,
        )
    except services.DocumentAlreadyHeld as held:
        return Status(409, {"detail": held.messages[0], "held_document_id": held.held.pk})
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, document)


@router.get("/documents/{int:document_id}", response=DocumentDetailOut)
def get_document(request, document_id: int):
    document, _can_manage = access.get_document_for_user(request.user, document_id)
    return document


@router.get("/documents/{int:document_id}/file")
def get_document_file(request, document_id: int):
    document, _can_manage = access.get_document_for_user(request.user, document_id)
    if not document.original_file:
        raise Http404
    return FileResponse(
        document.original_file.open("rb"),
        as_attachment=True,
        filename=document.original_filename or "document",
    )


@router.post("/documents/{int:document_id}/plans", response={201: PlanDetailOut})
def propose_plan(request, document_id: int):
    """A draft division plan proposed from the document."""
    document, can_manage = access.get_document_for_user(request.user, document_id)
    require(can_manage)
    return Status(201, services.division_plan_propose(document=document, user=request.user))


@router.get("/plans", response=list[PlanOut])
def list_plans(request, status: str = "", mechanism: str = ""):
    """Plans of a mechanism the caller works in (`mechanism`: its code; default: in use)."""
    require(access.may_read_policies(request.user))
    plans = within_mechanism(
        access.plans_visible_to(request.user), mechanism_for_api(request, mechanism)
    )
    return plans.filter(status=status) if status else plans


@router.post("/plans/import", response={201: PlanDetailOut, 400: ErrorOut})
def import_plan(request, file: File[UploadedFile], title: Form[str] = ""):
    """A draft plan from an .xlsx/.xls division table; every bad row reported, nothing written."""
    require(access.may_manage_policies(request.user))
    try:
        table = exchange.read_division_table(file.name, file.read())
        plan = services.division_plan_import_table(
            user=request.user,
            title=title or table.title,
            rows=table.rows,
            mechanism=mechanism_for_api(request, None),
        )
    except exchange.TableImportError as error:
        errors = [{"row": row, "reason": reason} for row, reason in error.row_errors]
        return Status(400, {"detail": "；".join(error.messages), "errors": errors})
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, plan)


@router.get("/plans/{int:plan_id}", response=PlanDetailOut)
def get_plan(request, plan_id: int):
    plan, _can_edit = access.get_plan_for_user(request.user, plan_id)
    return plan


@router.post("/plans/{int:plan_id}/publish", response={200: PlanOut, 400: ErrorOut})
def publish_plan(request, plan_id: int):
    plan, can_edit = access.get_plan_for_user(request.user, plan_id)
    require(can_edit)
    try:
        return Status(200, services.division_plan_publish(plan=plan, user=request.user))
    except ValidationError as error:
        missing = plan.tasks.filter(lead_unit__isnull=True).values_list("code", flat=True)
        return Status(400, _error(error) | {"errors": [{"code": code} for code in missing]})


@router.get("/plans/{int:plan_id}/export")
def export_plan(request, plan_id: int, format: str = "xlsx"):  # noqa: A002 - the query word
    """The plan as the standard table: format=xlsx or format=docx."""
    plan, _can_edit = access.get_plan_for_user(request.user, plan_id)
    if format not in exchange.EXPORT_FORMATS:
        raise Http404
    return _file_response(*exchange.export_plan(plan, format))


@router.get("/tasks", response=list[TaskOut])
def list_tasks(
    request,
    response: HttpResponse,
    plan: int | None = None,
    unit: int | None = None,
    mechanism: str = "",
    cursor="",
):
    """Tasks, optionally of one plan, or involving one unit (lead or participant), 100 a page;
    the next page by the `Link` header's cursor."""
    require(access.may_read_policies(request.user))

    def rows():
        tasks = _tasks(
            within_mechanism(
                access.plan_tasks_visible_to(request.user),
                mechanism_for_api(request, mechanism),
                "plan__mechanism",
            )
        )
        if plan:
            tasks = tasks.filter(plan_id=plan)
        if unit:
            tasks = tasks.filter(Q(lead_unit_id=unit) | Q(participating_units=unit)).distinct()
        ordering = ["plan_id", "position", "id"]
        return api_page(request, response, tasks, ordering=ordering, cursor=cursor)

    return cached_api_list(
        request, response, "tasks.api", tables_of("policies", "rounds"), TaskOut, rows
    )


@router.get("/tasks/mine", response=list[TaskOut])
def list_my_tasks(request, mechanism: str = ""):
    """Tasks of published plans that the caller's unit leads or takes part in."""
    require(access.has_my_tasks(request.user))
    return within_mechanism(
        access.my_tasks(request.user), mechanism_for_api(request, mechanism), "plan__mechanism"
    ).order_by("plan", "position")


@router.get("/tasks/{int:task_id}", response=TaskDetailOut)
def get_task(request, task_id: int):
    task, _can_edit = access.get_plan_task_for_user(request.user, task_id)
    return task


@router.patch("/tasks/{int:task_id}", response={200: TaskOut, 400: ErrorOut, 409: ConflictOut})
def update_task(request, task_id: int, payload: TaskPatch):
    """Change a task. `expected_version` must be the version read; otherwise 409 with the
    current task. After publication `reason` is required, and `approved_by` for a new due date."""
    task, can_edit = access.get_plan_task_for_user(request.user, task_id)
    require(can_edit)
    data = payload.dict(exclude_unset=True)
    changes = {
        name: data[name]
        for name in ("code", "title", "description", "result_form", "priority", "unresolved_units")
        if name in data
    }
    if data.get("responsible_leader") is not None:
        changes["responsible_leader"] = data["responsible_leader"].strip()
    try:
        if "lead_unit_id" in data:
            changes["lead_unit"] = (
                get_object_or_404(Unit, pk=data["lead_unit_id"]) if data["lead_unit_id"] else None
            )
        if "deadline_text" in data:
            changes["deadline_text"], resolved = deadline_from_text(data["deadline_text"] or "")
            changes["due_date"] = data["due_date"] if "due_date" in data else resolved
        elif "due_date" in data:
            changes["due_date"] = data["due_date"]
    except ValueError:
        return Status(400, {"detail": "完成时限中的日期无效。"})
    participants = None
    if data.get("participating_unit_ids") is not None:
        participants = list(Unit.objects.filter(pk__in=data["participating_unit_ids"]))
    try:
        task = services.task_update(
            task=task,
            user=request.user,
            expected_version=payload.expected_version,
            changes=changes,
            participating_units=participants,
            reason=payload.reason,
            approved_by=payload.approved_by,
        )
    except services.StaleTaskError as error:
        current = _tasks(Task.objects).get(pk=task.pk)
        return Status(409, {"detail": "；".join(error.messages), "current": current})
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(200, _tasks(Task.objects).get(pk=task.pk))


@router.post("/tasks/{int:task_id}/split", response={201: list[TaskOut], 400: ErrorOut})
def split_task(request, task_id: int, payload: SplitIn):
    """Divide a task among the caller's departments and cities (or any unit, for the secretariat)."""
    task, _can_edit = access.get_plan_task_for_user(request.user, task_id)
    require(access.may_split_task(request.user, task))
    allowed = access.subtask_units_for(request.user, task).in_bulk(
        [part.lead_unit_id for part in payload.parts]
    )
    parts = []
    for number, part in enumerate(payload.parts, start=1):
        if part.lead_unit_id not in allowed:
            return Status(400, {"detail": f"第 {number} 个子任务的牵头单位不在可分解的单位之列。"})
        try:
            deadline_text, due_date = deadline_from_text(part.deadline)
        except ValueError:
            return Status(400, {"detail": f"第 {number} 个子任务的完成时限日期无效。"})
        item = {"title": part.title, "lead_unit": allowed[part.lead_unit_id]}
        if deadline_text:
            item |= {"deadline_text": deadline_text, "due_date": due_date}
        parts.append(item)
    try:
        subtasks = services.task_split(task=task, user=request.user, parts=parts)
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, list(_tasks(Task.objects.filter(pk__in=[s.pk for s in subtasks]))))
