"""Pages of the transformation evaluation: the years evaluated in the mechanism in use (and the
secretariat's form to open one), a year's evaluation with the indicator set, the scoring rule
and the ranking (Excel and Word files), the secretariat's value import, a city's values form
and publication."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.lib.workbooks import WorkbookError
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs.access import require
from zhenxing.projects.views import xlsx_response
from zhenxing.transformations import access, forms, selectors, services
from zhenxing.transformations.exports import evaluation_docx, evaluation_xlsx
from zhenxing.transformations.models import Evaluation, EvaluationIndicator

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def evaluation_list(request):
    require(access.may_read_evaluations(request.user))
    mechanism = mechanism_in_use(request)
    may_manage = access.may_manage_evaluations(request.user)
    form = forms.EvaluationCreateForm(request.POST or None)
    if request.method == "POST":
        require(may_manage)
        if form.is_valid():
            try:
                evaluation = services.evaluation_create(
                    year=form.cleaned_data["year"], mechanism=mechanism
                )
            except ValidationError as error:
                form.add_error("year", error.messages[0])
            else:
                return redirect("transformations:evaluation_detail", evaluation.pk)
    evaluations = access.evaluations_visible_to(
        within_mechanism(Evaluation.objects.all(), mechanism), request.user
    )
    context = {"evaluations": evaluations, "form": form, "may_manage": may_manage}
    return render(request, "transformations/evaluation_list.html", context)


@login_required
def evaluation_detail(request, pk):
    evaluation, may_manage = access.get_evaluation_for_user(request.user, pk)
    file_format = request.GET.get("format")
    if file_format == "xlsx":
        return xlsx_response(evaluation_xlsx(evaluation), f"{evaluation}.xlsx")
    if file_format == "docx":
        response = HttpResponse(evaluation_docx(evaluation), content_type=DOCX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{evaluation.year}.docx"
        return response
    context = {
        "evaluation": evaluation,
        "may_manage": may_manage,
        "groups": selectors.group_weights(),
        "rows": selectors.scores(evaluation),
        "indicators": EvaluationIndicator.objects.all(),
    }
    return render(request, "transformations/evaluation_detail.html", context)


@login_required
def evaluation_import(request, pk):
    evaluation, may_manage = access.get_evaluation_for_user(request.user, pk)
    require(may_manage)
    form = forms.ValuesImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.evaluation_upload_import(
                evaluation=evaluation, upload=form.cleaned_data["file"]
            )
        except (WorkbookError, ValidationError) as error:
            form.add_error("file", str(error.messages[0] if hasattr(error, "messages") else error))
        else:
            if not result.errors:
                messages.success(
                    request, _("已导入%(cities)d个城市的数值。") % {"cities": result.cities}
                )
                return redirect("transformations:evaluation_detail", evaluation.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "evaluation": evaluation, "result": result}
    return render(request, "transformations/evaluation_import.html", context, status=status)


@login_required
def city_values(request, pk, code):
    evaluation, may_manage = access.get_evaluation_for_user(request.user, pk)
    require(may_manage)
    region = next((city for city in selectors.cities(evaluation) if city.code == code), None)
    if region is None:
        raise Http404
    current = dict(evaluation.values.filter(region=region).values_list("indicator__code", "value"))
    form = forms.CityValuesForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_values_set(
                evaluation=evaluation, region=region, values=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("数值已保存。"))
            return redirect("transformations:evaluation_detail", evaluation.pk)
    context = {"form": form, "evaluation": evaluation, "region": region}
    return render(request, "transformations/city_values.html", context)


@login_required
@require_POST
def evaluation_publish(request, pk):
    evaluation, may_manage = access.get_evaluation_for_user(request.user, pk)
    require(may_manage)
    try:
        services.evaluation_publish(evaluation=evaluation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("评价已发布。"))
    return redirect("transformations:evaluation_detail", evaluation.pk)
