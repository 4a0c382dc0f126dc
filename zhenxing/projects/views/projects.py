"""Project list, detail, create and edit, and progress updates."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.pagination import FastPaginator
from zhenxing.lib.versions import VersionConflict, form_conflict
from zhenxing.operations.list_cache import cached_fragment, kept_page
from zhenxing.orgs import access as org_access
from zhenxing.projects import access
from zhenxing.projects.codes import RegionDirectory, parse_national_code
from zhenxing.projects.exporting import inline_max_rows, project_export_request
from zhenxing.projects.exports import projects_xlsx, updates_xlsx
from zhenxing.projects.forms import ProjectFilterForm, ProjectForm, ProjectUpdateForm
from zhenxing.projects.models import Project
from zhenxing.projects.selectors import LIST_MODELS, filter_projects, project_series
from zhenxing.projects.services import project_create, project_update, project_update_record
from zhenxing.projects.views import wants_xlsx, xlsx_response

PAGE_SIZE = 50


@login_required
def project_list(request):
    org_access.require(access.may_read_projects(request.user))
    # Built only when needed: the filters are drawn from the cache (the template) and the
    # rows too (cached_fragment); its unit and event choices cost a millisecond to set up.
    form = SimpleLazyObject(lambda: ProjectFilterForm(request.GET or None))

    def visible() -> "QuerySet[Project]":
        projects = access.projects_visible_to(request.user)
        return filter_projects(projects, form.cleaned_data if form.is_valid() else {})

    if wants_xlsx(request):
        projects = visible()
        if projects.count() > inline_max_rows():  # written by the queue's worker
            filters = {key: value for key, value in request.GET.items() if key != "format"}
            export = project_export_request(user=request.user, filters=filters)
            return redirect("projects:project_export_detail", export.pk)
        data, _count = projects_xlsx(projects, title="重点项目清单")  # in Chinese, like the file
        return xlsx_response(data, "重点项目清单.xlsx")
    may_import = access.may_import_projects(request.user)

    def table() -> str:
        page = FastPaginator(
            visible().select_related("region__parent", "responsible_unit"), PAGE_SIZE
        ).get_page(request.GET.get("page"))
        return render_to_string(
            "projects/_project_table.html",
            {"page": page, "may_import": may_import, "request": request},
        )

    def page() -> HttpResponse:
        context = {
            "form": form,
            "filter_key": urlencode(
                sorted((key, value) for key, value in request.GET.items() if key != "page")
            ),
            "table": cached_fragment(request, "projects", LIST_MODELS, table),
            "may_create": access.may_create_projects(request.user),
            "may_import": may_import,
        }
        return render(request, "projects/project_list.html", context)

    return kept_page(request, "projects", LIST_MODELS, page)


@login_required
def project_detail(request, pk):
    project, can_edit = access.get_project_for_user(request.user, pk)
    updates = project.updates.select_related("reporting_round", "reported_by").order_by(
        "-period_label", "-reported_at", "-id"
    )
    if wants_xlsx(request):
        return xlsx_response(updates_xlsx(project, updates), f"{project.national_code}-进展.xlsx")
    code = parse_national_code(project.national_code).describe(RegionDirectory())
    context = {
        "project": project,
        "can_edit": can_edit,
        "code": code,
        "updates": updates,
        "series": project_series(project),
        "tasks": project.tasks.select_related("plan"),
        "signings": project.signings.select_related("event"),
    }
    return render(request, "projects/project_detail.html", context)


@login_required
def project_new(request):
    org_access.require(access.may_create_projects(request.user))
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if not access.region_allows(request.user, values["region"], values.get("responsible_unit")):
            form.add_error("region", _("只能登记本单位负责或本地区的项目。"))
        else:
            project = _save(form, lambda: project_create(user=request.user, **values))
            if project is not None:
                messages.success(request, _("项目已登记。"))
                return redirect("projects:project_detail", project.pk)
    return render(request, "projects/project_form.html", {"form": form})


@login_required
def project_edit(request, pk):
    """Edit a project; a save over someone else's newer change answers 409 and shows it."""
    project, can_edit = access.get_project_for_user(request.user, pk)
    org_access.require(can_edit)
    form = ProjectForm(request.POST or None, instance=project)
    context, status = {"form": form, "project": project}, 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            saved = _save(
                form, lambda: project_update(project=project, user=request.user, **values)
            )
        except VersionConflict as conflict:
            record = ChangeRecord.objects.latest_for(conflict.current)
            context["conflict"] = form_conflict(form, conflict, record)
            status = 409
        else:
            if saved is not None:
                messages.success(request, _("项目已保存。"))
                return redirect("projects:project_detail", project.pk)
    return render(request, "projects/project_form.html", context, status=status)


@login_required
def project_update_new(request, pk):
    project, can_edit = access.get_project_for_user(request.user, pk)
    org_access.require(can_edit)
    form = ProjectUpdateForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        project_update_record(project=project, user=request.user, **form.cleaned_data)
        messages.success(request, _("进展已报送。"))
        return redirect("projects:project_detail", project.pk)
    return render(request, "projects/update_form.html", {"form": form, "project": project})


def _save(form, action):
    try:
        return action()
    except VersionConflict:
        raise
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
