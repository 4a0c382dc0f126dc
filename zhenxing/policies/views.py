"""Pages for policies: documents, their parsed tree, division plans, the task row editor,
sub-tasks and "my tasks". Access through policies.access; writes through policies.services."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.lib.actions import confirmed
from zhenxing.lib.pagination import FastPaginator
from zhenxing.lib.versions import VersionMissing, parse_version
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs.access import acting_unit, require
from zhenxing.orgs.models import Unit
from zhenxing.policies import access, cascade, exchange, selectors, services
from zhenxing.policies.extract import RecognisedText
from zhenxing.policies.forms import (
    DocumentImportForm,
    ListFilterForm,
    MyTaskFilterForm,
    SubtaskFormSet,
    TableImportForm,
    TaskCreateForm,
    TaskForm,
)
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task
from zhenxing.policies.selectors import revision_rows, unit_choices


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
def document_list(request):
    require(access.may_read_policies(request.user))
    form = DocumentImportForm(request.POST or None, request.FILES or None)
    held_document, same_text = None, False
    recognised = False  # a scan's text came back to be checked: keep the import panel open
    if request.method == "POST":
        require(access.may_manage_policies(request.user))
        if form.is_valid():
            try:
                document = services.policy_document_import(
                    user=request.user, mechanism=mechanism_in_use(request), **_import_args(form)
                )
            except RecognisedText as scan:  # a scanned PDF: its text comes back for correction
                data = request.POST.copy()
                data["text"] = scan.text
                form, recognised = DocumentImportForm(data), True
                messages.warning(request, scan.messages[0])
            except services.DocumentAlreadyHeld as held:
                form.add_error(None, held.messages)
                held_document, same_text = held.held, held.same_text
            except ValidationError as error:
                form.add_error("file" if form.cleaned_data["file"] else "text", error.messages)
            else:
                messages.success(request, _("文件已导入并完成结构解析。"))
                return redirect("policies:policy_document_detail", pk=document.pk)
    filters = ListFilterForm(
        request.GET, statuses=PolicyDocument.Kind.choices, date_label=_("成文日期自")
    )
    documents = (
        filters.filtered(access.documents_visible_to(request.user), selectors.documents_filtered)
        .annotate(plan_count=Count("plans"))
        .order_by("-imported_at", "-pk")
    )
    page = Paginator(documents, 30).get_page(request.GET.get("page"))
    can_import = access.may_manage_policies(request.user)
    status = 422 if form.errors else 200
    context = {
        "page": page,
        "form": form,
        "can_import": can_import,
        "held": held_document,
        "held_by_text": same_text,
        "filters": filters,
        "recognised": recognised,
    }
    return render(request, "policies/document_list.html", context, status=status)


def _import_args(form) -> dict:
    data = form.cleaned_data
    upload = data["file"]
    return {
        "text": "" if upload else data["text"],
        "filename": upload.name if upload else "",
        "data": upload.read() if upload else None,
        "title": data["title"],
        "document_number": data["document_number"],
        "issuer_unit": data["issuer_unit"],
        "issuer": data["issuer_unit"].full_name if data["issuer_unit"] else "",
        "issued_on": data["issued_on"],
    }


@login_required
def document_detail(request, pk):
    document, can_manage = access.get_document_for_user(request.user, pk)
    nodes = list(document.nodes.all())
    context = {
        "document": document,
        "can_manage": can_manage,
        "nodes": nodes,
        "part_count": sum(1 for node in nodes if node.kind == "part"),
        "article_count": sum(1 for node in nodes if node.kind == "article"),
        "plans": document.plans.annotate(task_count=Count("tasks")),
    }
    return render(request, "policies/document_detail.html", context)


@login_required
def document_file(request, pk):
    """The original upload, only through this view: MEDIA is never served directly."""
    document, _can_manage = access.get_document_for_user(request.user, pk)
    if not document.original_file:
        raise Http404
    return FileResponse(
        document.original_file.open("rb"),
        as_attachment=True,
        filename=document.original_filename or document.original_file.name.rsplit("/", 1)[-1],
    )


@login_required
@require_POST
def plan_propose(request, pk):
    document, can_manage = access.get_document_for_user(request.user, pk)
    require(can_manage)
    plan = services.division_plan_propose(document=document, user=request.user)
    messages.success(request, _("已生成分工方案草稿，请逐项核对牵头单位。"))
    _show_drafting_notes(request, plan)
    return redirect("policies:division_plan_detail", pk=plan.pk)


def _show_drafting_notes(request, plan) -> None:
    """What other apps did with the new plan (targets proposed from its tasks…)."""
    for note in plan.drafting_notes:
        messages.info(request, note)


@login_required
def plan_list(request):
    require(access.may_read_policies(request.user))
    form = TableImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require(access.may_manage_policies(request.user))
        if form.is_valid():
            try:
                table = exchange.read_division_table(
                    form.cleaned_data["file"].name, form.cleaned_data["file"].read()
                )
                plan = services.division_plan_import_table(
                    user=request.user,
                    title=form.cleaned_data["title"] or table.title,
                    rows=table.rows,
                    mechanism=mechanism_in_use(request),
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                messages.success(
                    request, _("已导入 %(count)d 项任务。") % {"count": len(table.rows)}
                )
                _show_drafting_notes(request, plan)
                return redirect("policies:division_plan_detail", pk=plan.pk)
    filters = ListFilterForm(request.GET, statuses=DivisionPlan.Status.choices)
    plans = (
        filters.filtered(
            within_mechanism(access.plans_visible_to(request.user), mechanism_in_use(request)),
            selectors.plans_filtered,
        )
        .annotate(task_count=Count("tasks", filter=Q(tasks__parent__isnull=True)))
        .order_by("-created_at", "-pk")
    )
    context = {
        "filters": filters,
        "page": Paginator(plans, 30).get_page(request.GET.get("page")),
        "form": form,
        "can_import": access.may_manage_policies(request.user),
    }
    return render(request, "policies/plan_list.html", context, status=422 if form.errors else 200)


PLAN_PAGE_SIZE = 200  # a plan's tasks a page (a province's whole list runs to several hundred)


@login_required
def plan_detail(request, pk):
    plan, can_edit = access.get_plan_for_user(request.user, pk)
    filters = ListFilterForm(request.GET)
    top_level = plan.tasks.filter(parent__isnull=True)
    tasks = (
        filters.filtered(top_level, selectors.tasks_filtered)
        .select_related("lead_unit", "source_node")
        .prefetch_related("participating_units", "co_lead_units")
        .annotate(subtask_count=Count("subtasks"))
    )
    page = FastPaginator(tasks, PLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "page": page,
        "tasks": list(page),
        "filters": filters,
        "task_total": top_level.count(),
        "can_edit": can_edit,
        "can_change_tasks": access.may_change_task_list(request.user, plan),
        "missing_lead": top_level.filter(lead_unit__isnull=True).order_by("position"),
        "unit_options": unit_choices() if can_edit else [],
        "create_form": TaskCreateForm(plan=plan),
    }
    return render(request, "policies/plan_detail.html", context)


@login_required
@require_POST
def plan_publish(request, pk):
    plan, can_edit = access.get_plan_for_user(request.user, pk)
    require(can_edit)
    if not confirmed(request):
        return redirect("policies:division_plan_detail", pk=plan.pk)
    try:
        services.division_plan_publish(plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("分工方案已发布。此后对任务的修改都将记录修改原因。"))
    return redirect("policies:division_plan_detail", pk=plan.pk)


@login_required
def plan_export(request, pk):
    plan, _can_edit = access.get_plan_for_user(request.user, pk)
    export_format = request.GET.get("format", "xlsx")
    if export_format not in exchange.EXPORT_FORMATS:
        raise Http404
    content, content_type, filename = exchange.export_plan(plan, export_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_POST
def task_create(request, pk):
    plan, _can_edit = access.get_plan_for_user(request.user, pk)
    require(access.may_change_task_list(request.user, plan))
    form = TaskCreateForm(request.POST, plan=plan)
    if form.is_valid():
        deadline_text, due_date = form.cleaned_data["deadline"]
        task = services.task_create(
            plan=plan,
            user=request.user,
            title=form.cleaned_data["title"],
            lead_unit=form.cleaned_data["lead_unit"],
            deadline_text=deadline_text,
            due_date=due_date,
            original_due_date=due_date,
        )
        messages.success(request, _("已新增任务 %(code)s。") % {"code": task.code})
        return redirect(
            reverse("policies:division_plan_detail", args=[plan.pk]) + f"#task-{task.pk}"
        )
    for errors in form.errors.values():
        messages.error(request, "；".join(errors))
    return redirect("policies:division_plan_detail", pk=plan.pk)


def _row(request, task: Task, *, saved: bool = False, error: str = "", status: int = 200):
    task = (
        Task.objects.select_related("plan", "lead_unit", "source_node")
        .prefetch_related("participating_units", "co_lead_units")
        .annotate(subtask_count=Count("subtasks"))
        .get(pk=task.pk)
    )
    context = {
        "task": task,
        "plan": task.plan,
        "can_edit": access.may_edit_task(request.user, task),
        "can_change_tasks": access.may_change_task_list(request.user, task.plan),
        "saved": saved,
        "error": error,
    }
    return render(request, "policies/_task_row.html", context, status=status)


@login_required
def task_row(request, pk):
    """One row of the plan table (the editor's Esc puts it back)."""
    task, _can_edit = access.get_plan_task_for_user(request.user, pk)
    return _row(request, task)


@login_required
def task_edit(request, pk):
    """The row editor (HTMX) or the edit page: Enter saves, Esc cancels, stale edits conflict."""
    task, can_edit = access.get_plan_task_for_user(request.user, pk)
    require(can_edit)
    form = TaskForm(request.POST or None, task=task)
    status, conflict = 200, None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                task = services.task_update(
                    task=task,
                    user=request.user,
                    expected_version=form.cleaned_data["expected_version"],
                    changes=form.changes(),
                    participating_units=form.cleaned_data["participating_units"],
                    reason=form.cleaned_data.get("reason", ""),
                    approved_by=form.cleaned_data.get("approved_by", ""),
                )
            except services.StaleTaskError as error:
                status, conflict = 409, Task.objects.get(pk=task.pk)
                form = _rebased(request.POST, conflict, error)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                if is_htmx(request):
                    return _row(request, task, saved=True)
                messages.success(request, _("任务已保存。"))
                return redirect("policies:task_detail", pk=task.pk)
    context = {"task": task, "form": form, "conflict": conflict, "unit_options": unit_choices()}
    template = "policies/_task_editor.html" if is_htmx(request) else "policies/task_edit.html"
    return render(request, template, context, status=status)


def _rebased(data, current: Task, error) -> TaskForm:
    """The user's input kept, now against the current version: saving again overwrites."""
    data = data.copy()
    data["expected_version"] = str(current.version)
    form = TaskForm(data, task=current)
    form.is_valid()
    form.add_error(None, error.messages)
    return form


@login_required
@require_POST
def task_accept(request, pk):
    """Make a suggested unit the lead with one click (draft plans)."""
    task, can_edit = access.get_plan_task_for_user(request.user, pk)
    require(can_edit)
    suggested = {s.get("unit_id") for s in task.suggestions}
    unit = get_object_or_404(Unit, pk=request.POST.get("unit_id") or 0)
    try:
        if unit.pk not in suggested:
            raise ValidationError(_("该单位不在建议之列。"))
        task = services.task_update(
            task=task,
            user=request.user,
            expected_version=parse_version(request.POST.get("expected_version")),
            changes={"lead_unit": unit},
            participating_units=[u for u in task.participating_units.all() if u != unit],
        )
    except ValidationError as error:
        if not is_htmx(request):
            messages.error(request, "；".join(error.messages))
            return redirect("policies:division_plan_detail", pk=task.plan_id)
        status = 400 if isinstance(error, VersionMissing) else 409
        return _row(request, task, error="；".join(error.messages), status=status)
    if is_htmx(request):
        return _row(request, task, saved=True)
    return redirect(
        reverse("policies:division_plan_detail", args=[task.plan_id]) + f"#task-{task.pk}"
    )


@login_required
@require_POST
def task_delete(request, pk):
    task, _can_edit = access.get_plan_task_for_user(request.user, pk)
    require(access.may_change_task_list(request.user, task.plan))
    plan_id = task.plan_id
    services.task_delete(task=task, user=request.user)
    if is_htmx(request):
        return HttpResponse("")
    messages.success(request, _("任务已删除。"))
    return redirect("policies:division_plan_detail", pk=plan_id)


@login_required
def task_detail(request, pk):
    task, can_edit = access.get_plan_task_for_user(request.user, pk)
    can_split = access.may_split_task(request.user, task)
    units = access.subtask_units_for(request.user, task) if can_split else Unit.objects.none()
    context = {
        "task": task,
        "can_edit": can_edit,
        "can_split": can_split,
        "participants": task.participating_units.all(),
        # Splits within the plan; tasks handed down to other mechanisms show in the chain.
        "subtasks": task.subtasks.filter(plan=task.plan).select_related("lead_unit"),
        "revisions": revision_rows(task),
        "split_forms": SubtaskFormSet(prefix="part", form_kwargs={"units": units}),
        **_chain_context(request, task),
    }
    return render(request, "policies/task_detail.html", context)


def _chain_context(request, task: Task) -> dict:
    can_cascade = cascade.may_cascade_task(request.user, task)
    visible = access.plan_tasks_visible_to(request.user)
    return {
        "chain": cascade.task_chain(task, visible),
        "cascade_targets": cascade.cascade_targets(task) if can_cascade else [],
        "rollup": selectors.task_rollup(task, visible),
    }


@login_required
@require_POST
def task_cascade(request, pk):
    task, _can_edit = access.get_plan_task_for_user(request.user, pk)
    require(cascade.may_cascade_task(request.user, task))
    targets = {mechanism.code: mechanism for mechanism in cascade.cascade_targets(task)}
    mechanism = targets.get(request.POST.get("mechanism", ""))
    if mechanism is None:
        messages.error(request, _("请选择下一级工作机制。"))
    else:
        cascade.task_cascade(task=task, mechanism=mechanism, user=request.user)
        messages.success(
            request,
            _("已分解至%(mechanism)s，由其秘书处进一步分工。") % {"mechanism": mechanism.name},
        )
    return redirect("policies:task_detail", pk=task.pk)


@login_required
@require_POST
def task_split(request, pk):
    task, _can_edit = access.get_plan_task_for_user(request.user, pk)
    require(access.may_split_task(request.user, task))
    units = access.subtask_units_for(request.user, task)
    forms = SubtaskFormSet(request.POST, prefix="part", form_kwargs={"units": units})
    if forms.is_valid():
        subtasks = services.task_split(task=task, user=request.user, parts=forms.parts())
        messages.success(request, _("已分解为 %(count)d 项子任务。") % {"count": len(subtasks)})
        return redirect("policies:task_detail", pk=task.pk)
    context = {
        "task": task,
        "can_edit": access.may_edit_task(request.user, task),
        "can_split": True,
        "participants": task.participating_units.all(),
        "subtasks": task.subtasks.filter(plan=task.plan).select_related("lead_unit"),
        "revisions": revision_rows(task),
        "split_forms": forms,
        **_chain_context(request, task),
    }
    return render(request, "policies/task_detail.html", context, status=422)


@login_required
def my_tasks(request):
    require(access.has_my_tasks(request.user))
    unit = acting_unit(request.user)
    tasks = within_mechanism(
        access.my_tasks(request.user), mechanism_in_use(request), "plan__mechanism"
    )
    form = MyTaskFilterForm(
        request.GET or None, plans=DivisionPlan.objects.filter(tasks__in=tasks).distinct()
    )
    if form.is_valid():
        tasks = _filtered(tasks, form.cleaned_data, unit)
    tasks = tasks.order_by("plan", "position")
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    for task in page:
        task.unit_leads = task.is_led_by(unit)
    return render(request, "policies/my_tasks.html", {"form": form, "page": page, "unit": unit})


def _filtered(tasks, data, unit):
    co_led = Task.objects.filter(Q(co_lead_units=unit) | Q(co_lead_units__parent=unit))
    leads = Q(lead_unit=unit) | Q(lead_unit__parent=unit) | Q(pk__in=co_led.values("pk"))
    if data["q"]:
        tasks = tasks.filter(Q(title__icontains=data["q"]) | Q(code__icontains=data["q"]))
    if data["plan"]:
        tasks = tasks.filter(plan=data["plan"])
    if data["role"] == "lead":
        tasks = tasks.filter(leads)
    elif data["role"] == "participant":
        tasks = tasks.exclude(leads)
    today = timezone.localdate()
    if data["due"] == "overdue":
        tasks = tasks.filter(due_date__lt=today)
    elif data["due"] == "soon":
        tasks = tasks.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(30))
    elif data["due"] == "standing":
        tasks = tasks.filter(due_date__isnull=True)
    return tasks
