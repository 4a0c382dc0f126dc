"""Pages for key enterprises: list, register, detail with figures and chart, edit, figures
report and export; difficulties: list, take in, detail and its actions."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.enterprises import access, selectors, services
from zhenxing.enterprises.forms import (
    AnswerForm,
    CloseForm,
    DifficultyForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    EscalateForm,
    FigureForm,
    ImportForm,
    RouteForm,
)
from zhenxing.enterprises.importing import (
    TEMPLATE_EXAMPLE,
    TEMPLATE_HEADERS,
    enterprises_upload_import,
)
from zhenxing.enterprises.models import EnterpriseImport
from zhenxing.lib.actions import run_form_action
from zhenxing.lib.workbooks import WorkbookError
from zhenxing.lib.xlsx_export import CONTENT_TYPE, SheetTable, tables_to_xlsx
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs.access import require


def _filtered(request):
    form = EnterpriseFilterForm(request.GET or None)
    enterprises = within_mechanism(
        access.enterprises_visible_to(request.user), mechanism_in_use(request)
    )
    if form.is_valid():
        enterprises = form.filter(enterprises)
    return form, enterprises


@login_required
def enterprise_list(request):
    require(access.may_use_enterprises(request.user))
    form, enterprises = _filtered(request)
    page = Paginator(enterprises, 50).get_page(request.GET.get("page"))
    missing = selectors.missing_months(enterprises, today=timezone.localdate())
    context = {
        "form": form,
        "page": page,
        "rows": [(enterprise, missing.get(enterprise.pk, 0)) for enterprise in page],
        "may_register": access.may_register(request.user),
        "year": timezone.localdate().year,
    }
    return render(request, "enterprises/enterprise_list.html", context)


@login_required
def figures_export(request):
    require(access.may_use_enterprises(request.user))
    _form, enterprises = _filtered(request)
    year = int(request.GET.get("year") or timezone.localdate().year)
    sheet = SheetTable(
        name="月度运行数据",
        title=f"重点企业{year}年月度运行数据",
        headers=["企业名称", "统一社会信用代码", "月份", "产值（万元）", "营业收入（万元）"]
        + ["订单（万元）", "用工人数", "报送时间"],
        rows=(
            [
                figure.enterprise.name,
                figure.enterprise.credit_code,
                f"{figure.month:%Y-%m}",
                figure.output_value,
                figure.revenue,
                figure.orders,
                figure.employment,
                timezone.localtime(figure.reported_at).strftime("%Y-%m-%d %H:%M"),
            ]
            for figure in selectors.figures_for_year(enterprises, year)
        ),
        widths=[36, 22, 10, 14, 16, 14, 10, 18],
        number_format="#,##0.00",
    )
    response = HttpResponse(tables_to_xlsx([sheet], title=sheet.title), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="enterprise-figures-{year}.xlsx"'
    return response


@login_required
def enterprise_import(request):
    require(access.may_register(request.user))
    mechanism = mechanism_in_use(request)
    require(mechanism is not None)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = enterprises_upload_import(
                upload=form.cleaned_data["file"], user=request.user, mechanism=mechanism
            )
        except WorkbookError as error:
            form.add_error("file", str(error))
        if isinstance(result, EnterpriseImport):  # large: the queue imports it
            return redirect("enterprises:enterprise_import_detail", result.pk)
    failed = request.method == "POST" and (form.errors or (result and result.errors))
    return render(
        request,
        "enterprises/enterprise_import.html",
        {"form": form, "result": result},
        status=400 if failed else 200,
    )


@login_required
def enterprise_import_detail(request, pk):
    job = access.get_enterprise_import_for_user(request.user, pk)
    template = "enterprises/_import_progress.html" if request.GET.get("part") else None
    return render(request, template or "enterprises/enterprise_import_detail.html", {"job": job})


@login_required
def import_template(request):
    require(access.may_register(request.user))
    sheet = SheetTable(
        name="重点企业月度运行数据",
        title="重点企业月度运行数据",
        note="单位：万元（也可在表头写明，如“产值（亿元）”）；月份写作 2026-03、2026年3月 或 202603；"
        "已登记的企业按统一社会信用代码匹配，未登记的须填写行业、企业规模、包联领导（秘书处另填联系部门）",
        headers=TEMPLATE_HEADERS,
        rows=[TEMPLATE_EXAMPLE],
        widths=[36, 22, 10, 14, 16, 14, 10, 12, 12, 10, 24, 12, 14, 12],
    )
    response = HttpResponse(tables_to_xlsx([sheet], title=sheet.title), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="enterprise-import-template.xlsx"'
    return response


@login_required
def enterprise_new(request):
    require(access.may_register(request.user))
    mechanism = mechanism_in_use(request)
    require(mechanism is not None)
    form = EnterpriseForm(request.POST or None, user=request.user, mechanism=mechanism)
    if request.method == "POST":
        enterprise = run_form_action(
            request,
            form,
            lambda **data: services.enterprise_register(mechanism=mechanism, **data),
            _("重点企业已登记。"),
        )
        if enterprise:
            return redirect("enterprises:enterprise_detail", enterprise.pk)
    return render(request, "enterprises/enterprise_form.html", {"form": form})


@login_required
def enterprise_detail(request, pk):
    enterprise, may_edit = access.get_enterprise_for_user(request.user, pk)
    rows = selectors.enterprise_months(enterprise, today=timezone.localdate())
    context = {
        "enterprise": enterprise,
        "may_edit": may_edit,
        "rows": rows,
        "series": selectors.chart_series(rows),
        "figure_form": FigureForm() if may_edit else None,
        "difficulty_form": DifficultyForm() if may_edit else None,
        "difficulties": enterprise.difficulties.select_related("responsible_unit"),
    }
    return render(request, "enterprises/enterprise_detail.html", context)


@login_required
def enterprise_edit(request, pk):
    enterprise, may_edit = access.get_enterprise_for_user(request.user, pk)
    require(may_edit)
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and run_form_action(
        request,
        form,
        lambda **data: services.enterprise_update(enterprise=enterprise, **data),
        _("企业信息已保存。"),
    ):
        return redirect("enterprises:enterprise_detail", enterprise.pk)
    return render(
        request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise}
    )


@login_required
@require_POST
def figure_report(request, pk):
    enterprise, may_edit = access.get_enterprise_for_user(request.user, pk)
    require(may_edit)
    form = FigureForm(request.POST)
    run_form_action(
        request,
        form,
        lambda **data: services.figure_report(enterprise=enterprise, user=request.user, **data),
        _("月度数据已报送。"),
    )
    return redirect("enterprises:enterprise_detail", enterprise.pk)


@login_required
@require_POST
def difficulty_new(request, pk):
    enterprise, may_edit = access.get_enterprise_for_user(request.user, pk)
    require(may_edit)
    difficulty = run_form_action(
        request,
        DifficultyForm(request.POST),
        lambda **data: services.difficulty_receive(
            enterprise=enterprise, user=request.user, **data
        ),
        _("诉求已受理。"),
    )
    if difficulty:
        return redirect("enterprises:difficulty_detail", difficulty.pk)
    return redirect("enterprises:enterprise_detail", enterprise.pk)


@login_required
def difficulty_list(request):
    require(access.may_use_enterprises(request.user))
    difficulties = within_mechanism(
        access.difficulties_visible_to(request.user),
        mechanism_in_use(request),
        "enterprise__mechanism",
    )
    status = request.GET.get("status", "")
    if status:
        difficulties = difficulties.filter(status=status)
    page = Paginator(difficulties, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "page": page,
        "rows": [(difficulty, difficulty.is_late(today)) for difficulty in page],
        "status": status,
        "statuses": difficulties.model.Status.choices,
    }
    return render(request, "enterprises/difficulty_list.html", context)


@login_required
def difficulty_detail(request, pk):
    difficulty = access.get_difficulty_for_user(request.user, pk)
    today = timezone.localdate()
    manage = access.may_manage(request.user) and difficulty.is_open
    context = {
        "difficulty": difficulty,
        "today": today,
        "route_form": RouteForm()
        if manage and difficulty.status in ("received", "routed")
        else None,
        "answer_form": AnswerForm() if access.may_answer(request.user, difficulty) else None,
        "close_form": CloseForm() if manage else None,
        "escalate_form": EscalateForm() if manage and difficulty.is_late(today) else None,
    }
    return render(request, "enterprises/difficulty_detail.html", context)


def _difficulty_action(request, pk, allowed, form_class, action, success):
    difficulty = access.get_difficulty_for_user(request.user, pk)
    require(allowed(request.user, difficulty))
    run_form_action(
        request,
        form_class(request.POST),
        lambda **data: action(difficulty=difficulty, user=request.user, **data),
        success,
    )
    return redirect("enterprises:difficulty_detail", difficulty.pk)


def _manages(user, difficulty):
    return access.may_manage(user)


@login_required
@require_POST
def difficulty_route(request, pk):
    return _difficulty_action(
        request, pk, _manages, RouteForm, services.difficulty_route, _("诉求已分办。")
    )


@login_required
@require_POST
def difficulty_answer(request, pk):
    return _difficulty_action(
        request, pk, access.may_answer, AnswerForm, services.difficulty_answer, _("已答复。")
    )


@login_required
@require_POST
def difficulty_close(request, pk):
    return _difficulty_action(
        request, pk, _manages, CloseForm, services.difficulty_close, _("诉求已办结。")
    )


@login_required
@require_POST
def difficulty_escalate(request, pk):
    return _difficulty_action(
        request,
        pk,
        _manages,
        EscalateForm,
        services.difficulty_escalate,
        _("诉求已提交协调，转为协调事项。"),
    )
